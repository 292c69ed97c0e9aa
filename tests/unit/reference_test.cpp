// The language reference cannot drift from the grammar: every ```whisk
// example in grammar/REFERENCE.md must parse without a diagnostic, and every
// declaration and property keyword of the grammar must appear in an example.
//
// Needs the compile definition WHISK_SOURCE_DIR (the repository root).
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/format/format.h"
#include "compiler/parse/parse.h"
#include "compiler/source/diagnostic.h"
#include "compiler/source/source_map.h"
// The grammar's keyword tables (kDeclarationKeywords, kPropertyKeywords,
// kTopologyKeywords), without PEGTL.
#include "grammar/keywords.h"

#ifndef WHISK_SOURCE_DIR
#error "WHISK_SOURCE_DIR must be defined as the repository root"
#endif

namespace whisk {
namespace {

constexpr const char* kReferencePath = WHISK_SOURCE_DIR "/grammar/REFERENCE.md";

/// One fenced ```whisk block: its text and the 1-based line of REFERENCE.md
/// where that text starts (the line after the opening fence).
struct Example {
  uint32_t line = 0;
  std::string text;
};

std::string ReadReference() {
  std::ifstream in(kReferencePath, std::ios::binary);
  if (!in) return {};
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// The info string of an opening fence (```whisk -> "whisk"), or nullopt
/// when `line` is no fence. Up to three spaces of indentation, as CommonMark.
std::optional<std::string_view> FenceInfo(std::string_view line) {
  size_t indent = 0;
  while (indent < line.size() && indent < 3 && line[indent] == ' ') ++indent;
  line.remove_prefix(indent);
  if (!line.starts_with("```")) return std::nullopt;
  line.remove_prefix(3);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
    line.remove_suffix(1);
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  return line;
}

/// Every block fenced as ```whisk (not ```whisk-error, not any other
/// language), in document order.
std::vector<Example> ExtractExamples(std::string_view markdown) {
  std::vector<Example> examples;
  std::vector<std::string_view> lines;
  for (size_t start = 0; start <= markdown.size();) {
    size_t end = markdown.find('\n', start);
    if (end == std::string_view::npos) end = markdown.size();
    lines.push_back(markdown.substr(start, end - start));
    start = end + 1;
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    std::optional<std::string_view> info = FenceInfo(lines[i]);
    if (!info) continue;
    // Find the closing fence whatever the block's language, so that the
    // contents of other blocks are never read as fences.
    size_t close = i + 1;
    while (close < lines.size() && FenceInfo(lines[close]) != std::string_view()) ++close;
    if (*info == "whisk") {
      Example example;
      example.line = static_cast<uint32_t>(i + 2);
      for (size_t k = i + 1; k < close; ++k) {
        example.text.append(lines[k]);
        example.text.push_back('\n');
      }
      examples.push_back(std::move(example));
    }
    i = close;
  }
  return examples;
}

/// The words of an example outside comments and string literals: what a
/// keyword must appear among for the example to use it.
std::vector<std::string> CodeWords(std::string_view text) {
  std::vector<std::string> words;
  auto is_start = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
  auto is_part = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '"') {
      for (++i; i < text.size() && text[i] != '"' && text[i] != '\n'; ++i) {
        if (text[i] == '\\') ++i;
      }
      ++i;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      // A number with its unit suffix (`30s`, `512Mi`) is not a word.
      while (i < text.size() && (is_part(text[i]) || text[i] == '.')) ++i;
    } else if (is_start(c)) {
      size_t begin = i;
      while (i < text.size() && is_part(text[i])) ++i;
      words.emplace_back(text.substr(begin, i - begin));
    } else {
      ++i;
    }
  }
  return words;
}

class Reference : public ::testing::Test {
 protected:
  void SetUp() override {
    markdown_ = ReadReference();
    ASSERT_FALSE(markdown_.empty()) << "cannot read " << kReferencePath;
    examples_ = ExtractExamples(markdown_);
  }

  /// Whether some example uses `keyword` as a word of its code.
  bool SomeExampleUses(std::string_view keyword) const {
    for (const Example& example : examples_) {
      for (const std::string& word : CodeWords(example.text)) {
        if (word == keyword) return true;
      }
    }
    return false;
  }

  std::string markdown_;
  std::vector<Example> examples_;
};

TEST_F(Reference, HasAtLeastFortyExamples) {
  EXPECT_GE(examples_.size(), 40u) << "grammar/REFERENCE.md should show every construct";
}

TEST_F(Reference, EveryExampleParsesWithoutDiagnostics) {
  for (const Example& example : examples_) {
    SourceMap sources;
    Diagnostics diags;
    FileId file = sources.Add("REFERENCE.md", example.text);
    Parse(file, sources.text(file), diags);
    if (diags.all().empty()) continue;
    std::string report;
    for (const Diagnostic& d : diags.all()) {
      LineCol at = sources.Position(d.span.file, d.span.begin);
      // Lines of the example are shifted to lines of REFERENCE.md.
      report += "  grammar/REFERENCE.md:" + std::to_string(example.line + at.line - 1) + ":" +
                std::to_string(at.column) + ": " + std::string(Info(d.code).code) + " " +
                d.message + "\n";
    }
    ADD_FAILURE() << "the ```whisk block at grammar/REFERENCE.md line " << example.line
                  << " does not parse cleanly (tag it ```whisk-error if that is intended):\n"
                  << report << "--- the block:\n"
                  << example.text;
  }
}

TEST_F(Reference, EveryExampleIsLaidOutAsWhiskcFmtDoes) {
  for (const Example& example : examples_) {
    Diagnostics diags;
    ast::Module module = Parse(FileId{0}, example.text, diags);
    if (diags.has_errors()) continue;  // reported by the test above
    std::optional<std::string> formatted = format::Format(example.text, module);
    ASSERT_TRUE(formatted) << "grammar/REFERENCE.md line " << example.line;
    EXPECT_EQ(*formatted, example.text)
        << "the ```whisk block at grammar/REFERENCE.md line " << example.line
        << " is not in whiskc fmt's layout";
  }
}

TEST_F(Reference, ShowsEveryDeclarationKeyword) {
  for (std::string_view keyword : grammar::kDeclarationKeywords) {
    EXPECT_TRUE(SomeExampleUses(keyword))
        << "no ```whisk example in grammar/REFERENCE.md uses the declaration keyword `"
        << keyword << "`";
  }
}

TEST_F(Reference, ShowsEveryPropertyKeyword) {
  for (std::string_view keyword : grammar::kPropertyKeywords) {
    EXPECT_TRUE(SomeExampleUses(keyword))
        << "no ```whisk example in grammar/REFERENCE.md uses the property keyword `" << keyword
        << "`";
  }
}

TEST_F(Reference, ShowsEveryTopologyKeyword) {
  for (std::string_view keyword : grammar::kTopologyKeywords) {
    EXPECT_TRUE(SomeExampleUses(keyword))
        << "no ```whisk example in grammar/REFERENCE.md uses the topology keyword `" << keyword
        << "`";
  }
}

TEST_F(Reference, ListsEveryDiagnosticCode) {
  for (DiagCode code : AllDiagCodes()) {
    std::string cell = "| " + std::string(Info(code).code) + " |";
    EXPECT_NE(markdown_.find(cell), std::string::npos)
        << "the diagnostics table of grammar/REFERENCE.md has no row for "
        << Info(code).code << " (" << Info(code).summary << ")";
  }
}

// The extractor itself: fences of other languages, whisk-error blocks and
// line numbers.
TEST(ReferenceExtractor, TakesOnlyWhiskBlocksWithTheirLines) {
  std::string markdown =
      "# t\n"                 // 1
      "```whisk\n"            // 2
      "service a {}\n"        // 3
      "```\n"                 // 4
      "```whisk-error\n"      // 5
      "servce b {}\n"         // 6
      "```\n"                 // 7
      "```sh\n"               // 8
      "```whisk\n"            // 9: content of the sh block, not a fence
      "```\n"                 // 10
      "  ```whisk \n"         // 11
      "job c {}\n"            // 12
      "  ```\n";              // 13
  std::vector<Example> examples = ExtractExamples(markdown);
  ASSERT_EQ(examples.size(), 2u);
  EXPECT_EQ(examples[0].line, 3u);
  EXPECT_EQ(examples[0].text, "service a {}\n");
  EXPECT_EQ(examples[1].line, 12u);
  EXPECT_EQ(examples[1].text, "job c {}\n");
}

TEST(ReferenceExtractor, IgnoresCommentsStringsAndUnitsWhenLookingForKeywords) {
  std::vector<std::string> words =
      CodeWords("service a { // image\n  args \"run\" \"a\\\"b env\"\n  cpu 250m\n}\n");
  EXPECT_EQ(words, (std::vector<std::string>{"service", "a", "args", "cpu"}));
}

}  // namespace
}  // namespace whisk
