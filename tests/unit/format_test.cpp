// whiskc fmt's layout (compiler/format) on every .ow text the repository holds: the
// examples, the stdlib and the inputs of every golden case. Formatting keeps every token
// and comment, gives the same syntax tree, and a second run changes nothing.
#include "compiler/format/format.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "compiler/format/tokens.h"
#include "compiler/parse/parse.h"
#include "compiler/source/file_io.h"
#include "tests/golden/txtar.h"

namespace whisk {
namespace {

namespace fs = std::filesystem;

struct Text {
  std::string name;
  std::string text;
};

std::string Read(const fs::path& path) {
  std::string error;
  return ReadFile(path.string(), &error).value_or("");
}

/// Every .ow file of examples/ and stdlib/, and every .ow section of the golden cases.
std::vector<Text> Corpus() {
  std::vector<Text> texts;
  fs::path root(WHISK_SOURCE_DIR);
  for (const char* dir : {"examples", "stdlib", "tests/golden"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
      const fs::path& path = entry.path();
      if (path.extension() == ".ow") {
        texts.push_back({fs::relative(path, root).string(), Read(path)});
      } else if (path.extension() == ".txtar") {
        golden::Archive archive = golden::ParseTxtar(Read(path));
        for (const golden::Section& section : archive.sections) {
          if (section.name.ends_with(".ow")) {
            texts.push_back({fs::relative(path, root).string() + ":" + section.name,
                             section.content});
          }
        }
      }
    }
  }
  return texts;
}

/// The tree's node kinds in order, with the text of each leaf: what must not change.
std::vector<std::string> Shape(const ast::Module& module) {
  std::vector<std::string> shape;
  for (const ast::Node& node : module.nodes) {
    std::string entry(ast::KindName(node.kind));
    if (!node.first_child_valid()) {
      entry += " " + std::string(module.text.substr(node.begin, node.end - node.begin));
    }
    shape.push_back(std::move(entry));
  }
  return shape;
}

TEST(Format, KeepsTheTreeAndIsIdempotentOnEveryFileOfTheRepository) {
  std::vector<Text> corpus = Corpus();
  size_t formatted = 0;
  for (const Text& t : corpus) {
    Diagnostics diags;
    ast::Module before = Parse(FileId{0}, t.text, diags);
    if (diags.has_errors()) continue;  // a case about syntax errors
    std::optional<std::string> once = format::Format(t.text, before);
    ASSERT_TRUE(once) << t.name;
    Diagnostics again_diags;
    ast::Module after = Parse(FileId{0}, *once, again_diags);
    ASSERT_FALSE(again_diags.has_errors()) << t.name << "\n" << *once;
    EXPECT_EQ(Shape(before), Shape(after)) << t.name << "\n" << *once;
    std::optional<std::string> twice = format::Format(*once, after);
    ASSERT_TRUE(twice) << t.name;
    EXPECT_EQ(*once, *twice) << t.name;
    ++formatted;
  }
  // Guards against an empty corpus (a wrong WHISK_SOURCE_DIR would pass vacuously).
  EXPECT_GT(formatted, 200u) << "of " << corpus.size();
}

TEST(Format, EveryExampleAndStdlibFileIsAlreadyFormatted) {
  for (const Text& t : Corpus()) {
    if (!t.name.starts_with("examples/") && !t.name.starts_with("stdlib/")) continue;
    Diagnostics diags;
    ast::Module module = Parse(FileId{0}, t.text, diags);
    ASSERT_FALSE(diags.has_errors()) << t.name;
    std::optional<std::string> out = format::Format(t.text, module);
    ASSERT_TRUE(out) << t.name;
    EXPECT_EQ(*out, t.text) << t.name << ": run `whiskc fmt -w " << t.name << "`";
  }
}

TEST(FormatTokens, CommentsEndBeforeTheirLineBreakAndBreaksAreCounted) {
  std::string text = "a // one\n\n  b.c..3Gi \"s ${x}\" == [\n";
  std::optional<std::vector<format::Token>> tokens = format::Tokenize(text);
  ASSERT_TRUE(tokens);
  std::vector<std::string> seen;
  for (const format::Token& t : *tokens) {
    seen.push_back(std::to_string(t.breaks_before) + ":" + text.substr(t.begin, t.end - t.begin));
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"0:a", "0:// one", "2:b.c", "0:..", "0:3Gi",
                                            "0:\"s ${x}\"", "0:==", "0:["}));
  EXPECT_FALSE(format::Tokenize("a ; b"));
}

TEST(Format, RefusesRatherThanChangingTheTokens) {
  // A tree that does not belong to the text: unbalanced brackets are refused, never written.
  Diagnostics diags;
  ast::Module module = Parse(FileId{0}, "service a { image \"a:1\" }\n", diags);
  EXPECT_FALSE(format::Format("service a { image \"a:1\" ", module));
}

}  // namespace
}  // namespace whisk
