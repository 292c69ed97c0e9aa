// The unified diff of `whiskc diff`: GNU diff's format (headers, hunk ranges, three lines of
// context, hunks merged when their contexts meet), minimal edits, and colours that follow the
// hunks rather than guessing from a line's first characters.
#include "compiler/kube/unified_diff.h"

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

namespace whisk::kube {
namespace {

const DiffLabels kLabels{"live/ConfigMap/ns/x", "applied/ConfigMap/ns/x"};

std::string Numbered(int from, int to) {
  std::string out;
  for (int i = from; i <= to; ++i) out += std::to_string(i) + "\n";
  return out;
}

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> lines;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    lines.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return lines;
}

/// Applies a unified diff of whole-line texts (each line ending in a newline) to `before`.
std::string Patch(const std::string& before, const std::string& diff) {
  std::vector<std::string> old_lines = Split(before), out;
  size_t next = 0;  // the next old line not yet copied
  std::vector<std::string> lines = Split(diff);
  for (size_t i = 2; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.starts_with("@@")) {
      int start = std::stoi(line.substr(4));
      size_t count_at = line.find(',');
      bool empty = count_at != std::string::npos && count_at < line.find(' ', 4) &&
                   line.substr(count_at, 3) == ",0 ";
      size_t first = empty ? static_cast<size_t>(start) : static_cast<size_t>(start - 1);
      while (next < first) out.push_back(old_lines[next++]);
    } else if (line[0] == ' ') {
      EXPECT_EQ(old_lines.at(next), line.substr(1));
      out.push_back(old_lines[next++]);
    } else if (line[0] == '-') {
      EXPECT_EQ(old_lines.at(next), line.substr(1));
      ++next;
    } else if (line[0] == '+') {
      out.push_back(line.substr(1));
    }
  }
  while (next < old_lines.size()) out.push_back(old_lines[next++]);
  std::string text;
  for (const std::string& line : out) text += line + "\n";
  return text;
}

int ChangedLines(const std::string& diff) {
  int changed = 0;
  std::vector<std::string> lines = Split(diff);
  for (size_t i = 2; i < lines.size(); ++i) {
    if (lines[i][0] == '-' || lines[i][0] == '+') ++changed;
  }
  return changed;
}

int Hunks(const std::string& diff) {
  int hunks = 0;
  for (const std::string& line : Split(diff)) hunks += line.starts_with("@@ ") ? 1 : 0;
  return hunks;
}

int LongestCommon(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::vector<int>> t(a.size() + 1, std::vector<int>(b.size() + 1));
  for (size_t i = a.size(); i-- > 0;) {
    for (size_t j = b.size(); j-- > 0;) {
      t[i][j] = a[i] == b[j] ? t[i + 1][j + 1] + 1 : std::max(t[i + 1][j], t[i][j + 1]);
    }
  }
  return t[0][0];
}

TEST(UnifiedDiff, EqualTextsGiveNothing) {
  EXPECT_EQ(UnifiedDiff("", "", kLabels), "");
  EXPECT_EQ(UnifiedDiff("a\nb\n", "a\nb\n", kLabels), "");
}

TEST(UnifiedDiff, OneChangedLineWithThreeLinesOfContext) {
  std::string before = Numbered(1, 10);
  std::string after = before;
  after.replace(after.find("5\n"), 2, "five\n");
  EXPECT_EQ(UnifiedDiff(before, after, kLabels),
            "--- live/ConfigMap/ns/x\n"
            "+++ applied/ConfigMap/ns/x\n"
            "@@ -2,7 +2,7 @@\n"
            " 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

TEST(UnifiedDiff, AnAbsentSideIsEmptyAndNamesTheLineBefore) {
  EXPECT_EQ(UnifiedDiff("", "a\nb\n", kLabels),
            "--- live/ConfigMap/ns/x\n+++ applied/ConfigMap/ns/x\n@@ -0,0 +1,2 @@\n+a\n+b\n");
  EXPECT_EQ(UnifiedDiff("a\nb\n", "", kLabels),
            "--- live/ConfigMap/ns/x\n+++ applied/ConfigMap/ns/x\n@@ -1,2 +0,0 @@\n-a\n-b\n");
  // An insertion after line 2 with no context: the empty old range names line 2.
  EXPECT_EQ(UnifiedDiff("a\nb\nc\n", "a\nb\nx\nc\n", kLabels, 0),
            "--- live/ConfigMap/ns/x\n+++ applied/ConfigMap/ns/x\n@@ -2,0 +3 @@\n+x\n");
}

TEST(UnifiedDiff, ASingleLineRangeIsItsNumberAlone) {
  EXPECT_EQ(UnifiedDiff("a\n", "b\n", kLabels),
            "--- live/ConfigMap/ns/x\n+++ applied/ConfigMap/ns/x\n@@ -1 +1 @@\n-a\n+b\n");
}

TEST(UnifiedDiff, ChangesWhoseContextsMeetShareAHunk) {
  std::string before = Numbered(1, 30);
  // Lines 5 and 12 changed: six equal lines between, so the contexts meet: one hunk.
  std::string near = before;
  near.replace(near.find("\n5\n") + 1, 2, "x\n");
  near.replace(near.find("\n12\n") + 1, 3, "y\n");
  std::string one = UnifiedDiff(before, near, kLabels);
  EXPECT_EQ(Hunks(one), 1) << one;
  EXPECT_NE(one.find("@@ -2,14 +2,14 @@\n"), std::string::npos) << one;
  // Lines 5 and 13: seven equal lines between: two hunks.
  std::string far = before;
  far.replace(far.find("\n5\n") + 1, 2, "x\n");
  far.replace(far.find("\n13\n") + 1, 3, "y\n");
  std::string two = UnifiedDiff(before, far, kLabels);
  EXPECT_EQ(Hunks(two), 2) << two;
  EXPECT_NE(two.find("@@ -2,7 +2,7 @@\n"), std::string::npos) << two;
  EXPECT_NE(two.find("@@ -10,7 +10,7 @@\n"), std::string::npos) << two;
}

TEST(UnifiedDiff, SaysWhenALastLineHasNoNewline) {
  EXPECT_EQ(UnifiedDiff("a\nb", "a\nb\n", kLabels),
            "--- live/ConfigMap/ns/x\n+++ applied/ConfigMap/ns/x\n@@ -1,2 +1,2 @@\n a\n-b\n"
            "\\ No newline at end of file\n+b\n");
}

TEST(UnifiedDiff, FindsAShortestEditScript) {
  // Myers' paper's example: ABCABBA to CBABAC takes five edits.
  auto lines = [](std::string_view letters) {
    std::string text;
    for (char c : letters) text += std::string(1, c) + "\n";
    return text;
  };
  EXPECT_EQ(ChangedLines(UnifiedDiff(lines("ABCABBA"), lines("CBABAC"), kLabels)), 5);
}

TEST(UnifiedDiff, RandomEditsPatchBackAndAreMinimal) {
  std::mt19937 random(7);
  for (int round = 0; round < 500; ++round) {
    int alphabet = 1 + static_cast<int>(random() % 5);
    std::vector<std::string> a, b;
    for (int i = static_cast<int>(random() % 25); i > 0; --i) {
      a.push_back(std::string(1, static_cast<char>('a' + random() % alphabet)));
    }
    b = a;
    for (int e = static_cast<int>(random() % 8); e > 0; --e) {
      size_t at = b.empty() ? 0 : random() % b.size();
      if (random() % 2 == 0 && !b.empty()) {
        b.erase(b.begin() + static_cast<long>(at));
      } else {
        b.insert(b.begin() + static_cast<long>(at),
                 std::string(1, static_cast<char>('a' + random() % alphabet)));
      }
    }
    std::string before, after;
    for (const std::string& l : a) before += l + "\n";
    for (const std::string& l : b) after += l + "\n";
    int context = static_cast<int>(random() % 4);
    std::string diff = UnifiedDiff(before, after, kLabels, context);
    ASSERT_EQ(Patch(before, diff), after) << before << "\n" << after << "\n" << diff;
    EXPECT_EQ(ChangedLines(diff), static_cast<int>(a.size() + b.size()) - 2 * LongestCommon(a, b))
        << diff;
  }
}

TEST(UnifiedDiff, StaysFastOnLargeTextsThatDifferEverywhere) {
  std::string before, after;
  for (int i = 0; i < 20000; ++i) {
    before += "old " + std::to_string(i) + "\n";
    after += "new " + std::to_string(i) + "\n";
  }
  auto start = std::chrono::steady_clock::now();
  std::string diff = UnifiedDiff(before, after, kLabels);
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(ChangedLines(diff), 40000);
  EXPECT_LT(took, std::chrono::seconds(10));
}

TEST(UnifiedDiff, StaysBoundedWhenTheSameLinesComeInAnotherOrder) {
  std::string before, after;
  for (int i = 0; i < 20000; ++i) before += "line " + std::to_string(i) + "\n";
  for (int i = 20000; i-- > 0;) after += "line " + std::to_string(i) + "\n";
  auto start = std::chrono::steady_clock::now();
  std::string diff = UnifiedDiff(before, after, kLabels);
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(Patch(before, diff), after);
  EXPECT_LT(took, std::chrono::seconds(10));
}

TEST(ColorizeDiff, ColoursByHunkNotByLooks) {
  // A removed line `-- x` reads `--- x`: inside a hunk it is red, not a header.
  std::string diff = UnifiedDiff("-- x\nsame\n", "++ y\nsame\n", kLabels);
  EXPECT_EQ(ColorizeDiff(diff),
            "\033[1m--- live/ConfigMap/ns/x\033[0m\n"
            "\033[1m+++ applied/ConfigMap/ns/x\033[0m\n"
            "\033[36m@@ -1,2 +1,2 @@\033[0m\n"
            "\033[31m--- x\033[0m\n"
            "\033[32m+++ y\033[0m\n"
            " same\n");
}

}  // namespace
}  // namespace whisk::kube
