#include "compiler/values/values.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace whisk::values {
namespace {

namespace fs = std::filesystem;
using Kind = Node::Kind;

/// Writes values files to a fresh temporary directory and loads them.
class ValuesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "whisk-values-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::string Write(const std::string& name, const std::string& text) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  std::vector<Assignment> Run(const std::vector<std::string>& files,
                              const std::vector<std::string>& sets = {}) {
    return Load(files, sets, sources_, diags_);
  }

  /// Loads one values file with `text`.
  std::vector<Assignment> LoadText(const std::string& text) {
    return Run({Write("values.yaml", text)});
  }

  /// "line:column-line:column" of a span.
  std::string Where(Span span) const {
    if (!span.valid()) return "no span";
    LineCol begin = sources_.Position(span.file, span.begin);
    LineCol end = sources_.Position(span.file, span.end);
    return std::to_string(begin.line) + ":" + std::to_string(begin.column) + "-" +
           std::to_string(end.line) + ":" + std::to_string(end.column);
  }

  uint32_t Line(Span span) const {
    return span.valid() ? sources_.Position(span.file, span.begin).line : 0;
  }

  std::string Text(Span span) const {
    return span.valid() ? std::string(sources_.text(span)) : "no span";
  }

  /// The only diagnostic, which must have `code`.
  const Diagnostic& Only(DiagCode code) {
    EXPECT_EQ(diags_.all().size(), 1u);
    static const Diagnostic kNone{};
    if (diags_.all().empty()) return kNone;
    EXPECT_EQ(Info(diags_.all().front().code).code, Info(code).code);
    return diags_.all().front();
  }

  fs::path dir_;
  SourceMap sources_;
  Diagnostics diags_;
};

TEST_F(ValuesTest, KeepsFileThenSetOrderSoLaterOnesWin) {
  std::string first = Write("a.yaml", "replicas: 1\nimage: web:1\n");
  std::string second = Write("b.yaml", "replicas: 2\n");
  auto got = Run({first, second}, {"replicas=3"});
  EXPECT_TRUE(diags_.all().empty());
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].key, "replicas");
  EXPECT_EQ(got[0].value.scalar, "1");
  EXPECT_EQ(got[1].key, "image");
  EXPECT_EQ(got[1].value.scalar, "web:1");
  EXPECT_EQ(got[2].key, "replicas");
  EXPECT_EQ(got[2].value.scalar, "2");
  EXPECT_EQ(got[3].key, "replicas");
  EXPECT_EQ(got[3].value.scalar, "3");
  ASSERT_EQ(sources_.size(), 3u);
  EXPECT_EQ(sources_.path(got[0].key_span.file), first);
  EXPECT_EQ(sources_.path(got[2].key_span.file), second);
  EXPECT_EQ(sources_.path(got[3].key_span.file), "--set");
}

TEST_F(ValuesTest, TellsQuotedFromPlainScalars) {
  auto got = LoadText(
      "plain: true\ndouble: \"true\"\nsingle: 'true'\nblock: |\n  true\nstr: !!str true\n"
      "number: 8080\n");
  EXPECT_TRUE(diags_.all().empty());
  ASSERT_EQ(got.size(), 6u);
  std::vector<std::pair<std::string, bool>> expected = {{"true", false}, {"true", true},
                                                        {"true", true},  {"true\n", true},
                                                        {"true", true},  {"8080", false}};
  for (size_t i = 0; i < got.size(); ++i) {
    SCOPED_TRACE(got[i].key);
    EXPECT_EQ(got[i].value.kind, Kind::Scalar);
    EXPECT_EQ(got[i].value.scalar, expected[i].first);
    EXPECT_EQ(got[i].value.quoted, expected[i].second);
  }
}

TEST_F(ValuesTest, SpansCoverKeysAndValuesAsWritten) {
  auto got = LoadText(
      "# settings\n"
      "image: \"web:1.2\"\n"
      "ports:\n"
      "  - 80\n"
      "  - 'x''y'\n"
      "limits: {cpu: 2, memory: [a, b]}  # flow\n"
      "name: two words\n");
  EXPECT_TRUE(diags_.all().empty());
  ASSERT_EQ(got.size(), 4u);

  EXPECT_EQ(Where(got[0].key_span), "2:1-2:6");
  EXPECT_EQ(Text(got[0].key_span), "image");
  EXPECT_EQ(Where(got[0].value.span), "2:8-2:17");
  EXPECT_EQ(Text(got[0].value.span), "\"web:1.2\"");

  const Node& ports = got[1].value;
  ASSERT_EQ(ports.kind, Kind::Sequence);
  ASSERT_EQ(ports.items.size(), 2u);
  EXPECT_EQ(Where(ports.items[0].span), "4:5-4:7");
  EXPECT_EQ(ports.items[1].scalar, "x'y");
  EXPECT_EQ(Text(ports.items[1].span), "'x''y'");
  EXPECT_EQ(Where(ports.span), "4:3-5:11");

  const Node& limits = got[2].value;
  ASSERT_EQ(limits.kind, Kind::Map);
  EXPECT_EQ(Text(limits.span), "{cpu: 2, memory: [a, b]}");
  ASSERT_EQ(limits.members.size(), 2u);
  EXPECT_EQ(limits.members[1].first, "memory");
  EXPECT_EQ(Where(limits.key_spans[1]), "6:18-6:24");
  EXPECT_EQ(Text(limits.members[1].second.span), "[a, b]");
  EXPECT_EQ(Where(limits.members[1].second.items[1].span), "6:30-6:31");

  EXPECT_EQ(Text(got[3].value.span), "two words");
}

TEST_F(ValuesTest, SpansSkipByteOrderMarkAndCarriageReturns) {
  auto got = LoadText(
      "\xEF\xBB\xBF"
      "a: 1\r\nbb: \"x\"\r\n");
  EXPECT_TRUE(diags_.all().empty());
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(Text(got[0].key_span), "a");
  EXPECT_EQ(Text(got[0].value.span), "1");
  EXPECT_EQ(Where(got[1].key_span), "2:1-2:3");
  EXPECT_EQ(Text(got[1].value.span), "\"x\"");
}

TEST_F(ValuesTest, NullValuesPointWhereTheyAreOrWouldBe) {
  auto got = LoadText("empty:\nnone: ~\nnull_word: null\nlist:\n  -\n  - x\n");
  EXPECT_TRUE(diags_.all().empty());
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].value.kind, Kind::Null);
  EXPECT_EQ(Where(got[0].value.span), "1:7-1:7");  // just after `empty:`
  EXPECT_EQ(got[1].value.kind, Kind::Null);
  EXPECT_EQ(Text(got[1].value.span), "~");
  EXPECT_EQ(got[2].value.kind, Kind::Null);
  EXPECT_EQ(Where(got[2].value.span), "3:12-3:16");
  ASSERT_EQ(got[3].value.items.size(), 2u);
  EXPECT_EQ(got[3].value.items[0].kind, Kind::Null);
  EXPECT_EQ(Where(got[3].value.items[0].span), "5:4-5:4");  // just after the `-`
}

TEST_F(ValuesTest, EmptyAndCommentOnlyFilesGiveNothing) {
  EXPECT_TRUE(Run({Write("empty.yaml", ""), Write("comment.yaml", "# nothing\n"),
                   Write("null.yaml", "---\n")})
                  .empty());
  EXPECT_TRUE(diags_.all().empty());
  EXPECT_EQ(sources_.size(), 3u);
}

TEST_F(ValuesTest, SyntaxErrorPointsAtItsLine) {
  auto got = LoadText("replicas: 3\nimage: a: b\n");
  EXPECT_TRUE(got.empty());
  const Diagnostic& d = Only(DiagCode::ValuesSyntax);
  EXPECT_EQ(d.message, "invalid YAML: illegal map value");
  EXPECT_EQ(Where(d.span), "2:9-2:10");
}

TEST_F(ValuesTest, SyntaxErrorMessageKeepsAnAcronym) {
  EXPECT_TRUE(LoadText("%YAML 2.0\n---\na: 1\n").empty());
  const Diagnostic& d = Only(DiagCode::ValuesSyntax);
  EXPECT_EQ(d.message, "invalid YAML: YAML major version too large");
  EXPECT_EQ(Where(d.span), "1:1-1:2");
}

TEST_F(ValuesTest, UnclosedFlowListIsASyntaxError) {
  auto got = LoadText("a: 1\nb: [1, 2\n");
  EXPECT_TRUE(got.empty());
  const Diagnostic& d = Only(DiagCode::ValuesSyntax);
  EXPECT_EQ(d.message, "invalid YAML: end of sequence flow not found");
  EXPECT_EQ(Line(d.span), 3u);  // at the end of the file
  ASSERT_EQ(d.labels.size(), 1u);
  EXPECT_EQ(d.labels[0].message, "this bracket is never closed");
  EXPECT_EQ(Where(d.labels[0].span), "2:4-2:5");
}

TEST_F(ValuesTest, UnclosedFlowMappingIsASyntaxError) {
  EXPECT_TRUE(LoadText("a: 1\nb: {c: [1], d: 2\n").empty());
  const Diagnostic& d = Only(DiagCode::ValuesSyntax);
  EXPECT_EQ(d.message, "invalid YAML: end of map flow not found");
  ASSERT_EQ(d.labels.size(), 1u);
  EXPECT_EQ(Where(d.labels[0].span), "2:4-2:5");
}

TEST_F(ValuesTest, UnterminatedQuoteIsASyntaxError) {
  // yaml-cpp itself accepts this when a line break ends the file.
  auto got = LoadText("a: 1\nb: \"open\n");
  EXPECT_TRUE(got.empty());
  const Diagnostic& d = Only(DiagCode::ValuesSyntax);
  EXPECT_EQ(d.message, "invalid YAML: end of quoted scalar not found");
  EXPECT_EQ(Where(d.span), "2:4-2:5");
}

TEST_F(ValuesTest, TopLevelMustBeAMapping) {
  EXPECT_TRUE(LoadText("- a\n- b\n").empty());
  const Diagnostic& list = Only(DiagCode::ValuesSyntax);
  EXPECT_EQ(list.message, "a values file maps parameter names to values, found a list");
  EXPECT_EQ(Where(list.span), "1:1-2:4");

  diags_ = Diagnostics();
  EXPECT_TRUE(LoadText("just text\n").empty());
  const Diagnostic& scalar = Only(DiagCode::ValuesSyntax);
  EXPECT_EQ(scalar.message, "a values file maps parameter names to values, found a scalar");
  EXPECT_EQ(Text(scalar.span), "just text");
}

TEST_F(ValuesTest, ASecondDocumentIsAnError) {
  EXPECT_TRUE(LoadText("a: 1\n---\nb: 2\n").empty());
  const Diagnostic& d = Only(DiagCode::ValuesSyntax);
  EXPECT_EQ(d.message, "a values file holds one YAML document, but a second one starts here");
  EXPECT_EQ(Line(d.span), 3u);
}

TEST_F(ValuesTest, ListKeyIsAnError) {
  EXPECT_TRUE(LoadText("? [a]\n: 1\n").empty());
  const Diagnostic& d = Only(DiagCode::ValuesSyntax);
  EXPECT_EQ(d.message, "a mapping key in a values file must be a name, found a list");
  EXPECT_EQ(Text(d.span), "[a]");
}

TEST_F(ValuesTest, AliasesCopyTheirAnchor) {
  auto got = LoadText("base: &b [1, 2]\ncopy: *b\n");
  EXPECT_TRUE(diags_.all().empty());
  ASSERT_EQ(got.size(), 2u);
  ASSERT_EQ(got[1].value.kind, Kind::Sequence);
  ASSERT_EQ(got[1].value.items.size(), 2u);
  EXPECT_EQ(got[1].value.items[1].scalar, "2");
  EXPECT_EQ(Text(got[1].value.span), "*b");
  EXPECT_EQ(Text(got[0].value.span), "[1, 2]");
}

TEST_F(ValuesTest, SelfReferentialAliasIsAnError) {
  EXPECT_TRUE(LoadText("a: &x [1, *x]\n").empty());
  const Diagnostic& d = Only(DiagCode::ValuesSyntax);
  EXPECT_EQ(d.message, "invalid YAML: an alias cannot refer to the value that contains it");
  EXPECT_EQ(Text(d.span), "*x");
}

TEST_F(ValuesTest, ExponentialAliasesAreRefused) {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 12; ++i) {
    std::string prev = "*a" + std::to_string(i - 1);
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev;
    for (int k = 1; k < 10; ++k) text += ", " + prev;
    text += "]\n";
  }
  EXPECT_TRUE(LoadText(text).empty());
  const Diagnostic& d = Only(DiagCode::ValuesSyntax);
  EXPECT_EQ(d.message, "anchors and aliases copy more than 100000 values");
}

TEST_F(ValuesTest, DeepFlowNestingIsRefusedNotOverflowed) {
  for (size_t depth : {65u, 100000u}) {
    SCOPED_TRACE(depth);
    diags_ = Diagnostics();
    std::string text = "a: " + std::string(depth, '[') + std::string(depth, ']') + "\n";
    EXPECT_TRUE(LoadText(text).empty());
    const Diagnostic& d = Only(DiagCode::ValuesSyntax);
    EXPECT_EQ(d.message, "values nest deeper than 64 levels");
    EXPECT_EQ(Where(d.span), "1:67-1:68");  // the 64th `[` after the root mapping
  }
}

TEST_F(ValuesTest, DeepBlockNestingIsRefused) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "- ";
  text += "x\n";
  EXPECT_TRUE(LoadText(text).empty());
  EXPECT_EQ(Only(DiagCode::ValuesSyntax).message, "values nest deeper than 64 levels");
}

TEST_F(ValuesTest, NestingUpToTheLimitIsFine) {
  std::string text = "a: " + std::string(63, '[') + "1" + std::string(63, ']') + "\n";
  auto got = LoadText(text);
  EXPECT_TRUE(diags_.all().empty());
  ASSERT_EQ(got.size(), 1u);
  const Node* node = &got[0].value;
  for (int i = 0; i < 63; ++i) {
    ASSERT_EQ(node->kind, Kind::Sequence);
    ASSERT_EQ(node->items.size(), 1u);
    node = &node->items[0];
  }
  EXPECT_EQ(node->scalar, "1");
}

TEST_F(ValuesTest, SetForms) {
  auto got =
      Run({}, {"a=1", "b=\"x y\"", "c='true'", "d=", "e={p, 'q,r' ,s}", "f={}", "g=k=v", "h={a"});
  EXPECT_TRUE(diags_.all().empty());
  ASSERT_EQ(got.size(), 8u);
  ASSERT_EQ(sources_.size(), 8u);
  for (size_t i = 0; i < sources_.size(); ++i) {
    EXPECT_EQ(sources_.path(FileId{static_cast<uint32_t>(i)}), "--set");
  }

  EXPECT_EQ(got[0].key, "a");
  EXPECT_EQ(Text(got[0].key_span), "a");
  EXPECT_EQ(got[0].value.kind, Kind::Scalar);
  EXPECT_EQ(got[0].value.scalar, "1");
  EXPECT_FALSE(got[0].value.quoted);
  EXPECT_EQ(Where(got[0].value.span), "1:3-1:4");

  EXPECT_EQ(got[1].value.scalar, "x y");
  EXPECT_TRUE(got[1].value.quoted);
  EXPECT_EQ(Text(got[1].value.span), "\"x y\"");
  EXPECT_EQ(got[2].value.scalar, "true");
  EXPECT_TRUE(got[2].value.quoted);

  EXPECT_EQ(got[3].value.kind, Kind::Scalar);
  EXPECT_EQ(got[3].value.scalar, "");
  EXPECT_FALSE(got[3].value.quoted);

  const Node& list = got[4].value;
  ASSERT_EQ(list.kind, Kind::Sequence);
  EXPECT_EQ(Text(list.span), "{p, 'q,r' ,s}");
  ASSERT_EQ(list.items.size(), 3u);
  EXPECT_EQ(list.items[0].scalar, "p");
  EXPECT_FALSE(list.items[0].quoted);
  EXPECT_EQ(Where(list.items[0].span), "1:4-1:5");
  EXPECT_EQ(list.items[1].scalar, "q,r");
  EXPECT_TRUE(list.items[1].quoted);
  EXPECT_EQ(Text(list.items[1].span), "'q,r'");
  EXPECT_EQ(list.items[2].scalar, "s");
  EXPECT_EQ(Where(list.items[2].span), "1:14-1:15");

  EXPECT_EQ(got[5].value.kind, Kind::Sequence);
  EXPECT_TRUE(got[5].value.items.empty());
  EXPECT_EQ(Text(got[5].value.span), "{}");

  EXPECT_EQ(got[6].key, "g");
  EXPECT_EQ(got[6].value.scalar, "k=v");
  EXPECT_EQ(got[7].value.kind, Kind::Scalar);
  EXPECT_EQ(got[7].value.scalar, "{a");
}

TEST_F(ValuesTest, SetErrors) {
  std::vector<std::string> bad = {"novalue", "=3", "1a=3", "a.b=3", "a b=3", ""};
  auto got = Run({}, bad);
  EXPECT_TRUE(got.empty());
  ASSERT_EQ(diags_.all().size(), bad.size());
  for (size_t i = 0; i < bad.size(); ++i) {
    const Diagnostic& d = diags_.all()[i];
    EXPECT_EQ(d.code, DiagCode::InvalidSetArgument);
    EXPECT_EQ(d.message, "`--set` expects `name=value`, found `" + bad[i] + "`");
    EXPECT_EQ(sources_.path(d.span.file), "--set");
    EXPECT_EQ(d.span.begin, 0u);
    EXPECT_EQ(d.span.end, bad[i].size());
  }
}

TEST_F(ValuesTest, UnreadableFileIsReportedAndOthersStillLoad) {
  std::string missing = (dir_ / "missing.yaml").string();
  std::string good = Write("good.yaml", "a: 1\n");
  auto got = Run({missing, dir_.string(), good}, {"b=2"});
  ASSERT_EQ(diags_.all().size(), 2u);
  EXPECT_EQ(diags_.all()[0].code, DiagCode::FileUnreadable);
  EXPECT_FALSE(diags_.all()[0].span.valid());
  EXPECT_EQ(diags_.all()[0].message,
            "cannot read values file `" + missing + "`: No such file or directory");
  EXPECT_EQ(diags_.all()[1].message,
            "cannot read values file `" + dir_.string() + "`: is a directory");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].key, "a");
  EXPECT_EQ(got[1].key, "b");
}

TEST_F(ValuesTest, InvalidUtf8AndNulAreReported) {
  EXPECT_TRUE(LoadText("a: \xff\n").empty());
  const Diagnostic& utf8 = Only(DiagCode::InvalidUtf8);
  EXPECT_EQ(Where(utf8.span), "1:4-1:5");

  diags_ = Diagnostics();
  EXPECT_TRUE(LoadText(std::string("a\0: 1\n", 6)).empty());
  EXPECT_EQ(Only(DiagCode::ValuesSyntax).message, "invalid YAML: a NUL byte is not allowed");
}

/// Every prefix of a file that uses most of YAML, and random mutations of it, load without
/// throwing, and every span stays inside its file.
TEST_F(ValuesTest, SurvivesPrefixesAndMutations) {
  const std::string sample =
      "# c\nimage: \"web:1\"  # c\nports: [80, 443]\nenv: {A: 'x''y', B: ~}\n"
      "list:\n  - a\n  - &anchor\n    k: v\n  - *anchor\nblock: |\n  text\n"
      "folded: >-\n  x\n  y\n? complex\n: value\nempty:\n";
  std::mt19937 random(12345);
  std::vector<std::string> inputs;
  for (size_t n = 0; n <= sample.size(); ++n) inputs.push_back(sample.substr(0, n));
  const std::string alphabet = "[]{}:-?&*!|>'\"#,\n \t\\~%@`\x01\xc3\xa9";
  for (int i = 0; i < 1000; ++i) {
    std::string text = sample;
    for (int edits = 1 + static_cast<int>(random() % 4); edits > 0; --edits) {
      size_t at = random() % (text.size() + 1);
      char c = alphabet[random() % alphabet.size()];
      switch (random() % 3) {
        case 0:
          text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c);
          break;
        case 1:
          if (at < text.size()) text.erase(at, 1);
          break;
        default:
          if (at < text.size()) text[at] = c;
          break;
      }
    }
    inputs.push_back(std::move(text));
  }
  std::string bytes;
  for (int i = 0; i < 4096; ++i) bytes.push_back(static_cast<char>(random()));
  inputs.push_back(bytes);

  std::string path = Write("fuzz.yaml", "");
  for (const std::string& text : inputs) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    SourceMap sources;
    Diagnostics diags;
    std::vector<Assignment> got;
    ASSERT_NO_THROW(got = Load({path}, {}, sources, diags)) << text;
    auto inside = [&](Span span) {
      return span.file.valid() && span.file.value < sources.size() && span.begin <= span.end &&
             span.end <= sources.text(span.file).size();
    };
    for (const Diagnostic& d : diags.all()) ASSERT_TRUE(inside(d.span)) << text;
    std::vector<const Node*> pending;
    for (const Assignment& a : got) {
      ASSERT_TRUE(inside(a.key_span)) << text;
      pending.push_back(&a.value);
    }
    while (!pending.empty()) {
      const Node* node = pending.back();
      pending.pop_back();
      ASSERT_TRUE(inside(node->span)) << text;
      ASSERT_EQ(node->members.size(), node->key_spans.size()) << text;
      for (const Span& key : node->key_spans) ASSERT_TRUE(inside(key)) << text;
      for (const Node& item : node->items) pending.push_back(&item);
      for (const auto& member : node->members) pending.push_back(&member.second);
    }
  }
}

}  // namespace
}  // namespace whisk::values
