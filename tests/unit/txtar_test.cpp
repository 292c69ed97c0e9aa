// The txtar reader and writer behind the golden cases (tests/golden/txtar.h).
#include "tests/golden/txtar.h"

#include <gtest/gtest.h>

namespace whisk::golden {
namespace {

TEST(Txtar, ParsesCommentAndSections) {
  Archive a = ParseTxtar("a comment\n\nover two paragraphs\n-- main.ow --\nservice x {}\n-- lib/k.ow --\n-- exit --\n1\n");
  EXPECT_EQ(a.comment, "a comment\n\nover two paragraphs\n");
  ASSERT_EQ(a.sections.size(), 3u);
  EXPECT_EQ(a.sections[0].name, "main.ow");
  EXPECT_EQ(a.sections[0].content, "service x {}\n");
  EXPECT_EQ(a.sections[1].name, "lib/k.ow");
  EXPECT_EQ(a.sections[1].content, "");
  ASSERT_NE(a.Find("exit"), nullptr);
  EXPECT_EQ(a.Find("exit")->content, "1\n");
  EXPECT_EQ(a.Find("stdout"), nullptr);
}

TEST(Txtar, NoCommentAndEmptyInput) {
  Archive a = ParseTxtar("-- main.ow --\nx\n");
  EXPECT_EQ(a.comment, "");
  ASSERT_EQ(a.sections.size(), 1u);
  EXPECT_EQ(FormatTxtar(a), "-- main.ow --\nx\n");

  Archive empty = ParseTxtar("");
  EXPECT_EQ(empty.comment, "");
  EXPECT_TRUE(empty.sections.empty());
  EXPECT_EQ(FormatTxtar(empty), "");
}

TEST(Txtar, KeepsNestedPathsAsNames) {
  Archive a = ParseTxtar("-- lib/kafka.ow --\nk\n-- files/deep/init.sh --\n#!/bin/sh\n-- values.yaml --\nr: 1\n");
  ASSERT_EQ(a.sections.size(), 3u);
  EXPECT_EQ(a.sections[0].name, "lib/kafka.ow");
  EXPECT_EQ(a.sections[1].name, "files/deep/init.sh");
  EXPECT_EQ(a.sections[1].content, "#!/bin/sh\n");
  EXPECT_EQ(a.sections[2].name, "values.yaml");
}

TEST(Txtar, RoundTripsByteForByte) {
  for (const char* text : {
           "# case\n-- main.ow --\nx\n\n-- stderr --\nerr\n-- exit --\n0\n",
           "comment only\n",
           "-- a --\n\n\n-- b --\n-- c --\n",
           "c\n-- main.ow --\n  indented {\n\ttabbed\n}\n-- args --\ncheck main.ow -f v.yaml\n",
       }) {
    EXPECT_EQ(FormatTxtar(ParseTxtar(text)), text);
  }
}

TEST(Txtar, MissingFinalNewlineIsAddedOnceAndThenStable) {
  std::string text = "comment\n-- main.ow --\nno newline at the end";
  Archive a = ParseTxtar(text);
  EXPECT_EQ(a.sections[0].content, "no newline at the end\n");
  std::string formatted = FormatTxtar(a);
  EXPECT_EQ(formatted, text + "\n");
  EXPECT_EQ(FormatTxtar(ParseTxtar(formatted)), formatted);

  Archive built;
  built.comment = "no newline";
  built.sections.push_back({"stderr", "partial line"});
  EXPECT_EQ(FormatTxtar(built), "no newline\n-- stderr --\npartial line\n");
}

TEST(Txtar, SetReplacesInPlaceOrAppends) {
  Archive a = ParseTxtar("why\n-- main.ow --\nm\n-- exit --\n0\n-- args --\ncheck main.ow\n");
  a.Set("exit", "1\n");
  a.Set("stderr", "boom");
  EXPECT_EQ(FormatTxtar(a), "why\n-- main.ow --\nm\n-- exit --\n1\n-- args --\ncheck main.ow\n-- stderr --\nboom\n");
  a.Set("stderr", "");
  EXPECT_EQ(a.Find("stderr")->content, "");
}

TEST(Txtar, LinesThatMerelyLookLikeHeadersStayContent) {
  Archive a = ParseTxtar("-- a --\n--  --\n-- b\n--x --\n -- c --\n");
  ASSERT_EQ(a.sections.size(), 1u);
  EXPECT_EQ(a.sections[0].content, "--  --\n-- b\n--x --\n -- c --\n");
}

TEST(Txtar, WithFinalNewline) {
  EXPECT_EQ(WithFinalNewline(""), "");
  EXPECT_EQ(WithFinalNewline("a"), "a\n");
  EXPECT_EQ(WithFinalNewline("a\n"), "a\n");
  EXPECT_EQ(WithFinalNewline("\n"), "\n");
}

}  // namespace
}  // namespace whisk::golden
