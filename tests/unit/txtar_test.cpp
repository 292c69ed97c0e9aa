#include "tests/golden/txtar.h"

#include <gtest/gtest.h>

namespace whisk::golden {
namespace {

TEST(Txtar, ParsesCommentAndSections) {
  Archive a = ParseTxtar("a comment\n-- main.ow --\nservice x {}\n-- lib/k.ow --\n-- exit --\n1\n");
  EXPECT_EQ(a.comment, "a comment\n");
  ASSERT_EQ(a.sections.size(), 3u);
  EXPECT_EQ(a.sections[0].name, "main.ow");
  EXPECT_EQ(a.sections[0].content, "service x {}\n");
  EXPECT_EQ(a.sections[1].name, "lib/k.ow");
  EXPECT_EQ(a.sections[1].content, "");
  EXPECT_EQ(a.Find("exit")->content, "1\n");
}

TEST(Txtar, RoundTripsByteForByte) {
  std::string text = "# case\n-- main.ow --\nx\n\n-- stderr --\nerr\n-- exit --\n0\n";
  EXPECT_EQ(FormatTxtar(ParseTxtar(text)), text);
}

TEST(Txtar, SetReplacesOrAppends) {
  Archive a = ParseTxtar("-- exit --\n0\n");
  a.Set("exit", "1\n");
  a.Set("stderr", "boom");
  EXPECT_EQ(FormatTxtar(a), "-- exit --\n1\n-- stderr --\nboom\n");
}

TEST(Txtar, LinesThatMerelyLookLikeHeadersStayContent) {
  Archive a = ParseTxtar("-- a --\n--  --\n-- b\n");
  ASSERT_EQ(a.sections.size(), 1u);
  EXPECT_EQ(a.sections[0].content, "--  --\n-- b\n");
}

}  // namespace
}  // namespace whisk::golden
