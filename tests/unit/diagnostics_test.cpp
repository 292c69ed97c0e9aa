// The diagnostics engine and its renderers: what every phase reports through.
#include <gtest/gtest.h>

#include <array>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/source/diagnostic.h"
#include "compiler/source/render.h"
#include "compiler/source/source_map.h"
#include "compiler/source/suggest.h"

namespace whisk {
namespace {

constexpr std::string_view kMain = "topology t {\n  replica 3\n}\n";

// The span of `needle` in `text`.
Span SpanOf(FileId file, std::string_view text, std::string_view needle) {
  size_t at = text.find(needle);
  EXPECT_NE(at, std::string_view::npos) << needle;
  return Span{file, static_cast<uint32_t>(at), static_cast<uint32_t>(at + needle.size())};
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(Diagnostics, ReportCountsOnlyErrors) {
  Diagnostics diags;
  EXPECT_FALSE(diags.has_errors());
  diags.Report(DiagCode::LatestImage, Span{}, "image `nginx` has no tag");
  EXPECT_FALSE(diags.has_errors());
  EXPECT_EQ(diags.error_count(), 0u);

  Diagnostic& d = diags.Report(DiagCode::UnknownName, Span{}, "unknown name `db`")
                      .Note("names are declared at top level")
                      .Help("declare `db`");
  EXPECT_EQ(d.code, DiagCode::UnknownName);
  EXPECT_EQ(d.severity, Severity::Error);
  EXPECT_EQ(d.notes, std::vector<std::string>{"names are declared at top level"});
  EXPECT_EQ(d.help, "declare `db`");
  EXPECT_TRUE(diags.has_errors());
  EXPECT_EQ(diags.error_count(), 1u);
  ASSERT_EQ(diags.all().size(), 2u);
  EXPECT_EQ(diags.all()[0].severity, Severity::Warning);
}

TEST(Diagnostics, SeverityComesFromTheRegistry) {
  EXPECT_EQ(Info(DiagCode::UnclosedDelimiter).code, "E0102");
  EXPECT_EQ(Info(DiagCode::UnclosedDelimiter).severity, Severity::Error);
  EXPECT_EQ(Info(DiagCode::LatestImage).severity, Severity::Warning);
  EXPECT_EQ(AllDiagCodes().front(), DiagCode::FileUnreadable);
}

TEST(Diagnostics, SortOrdersByFileThenPositionThenCode) {
  SourceMap sources;
  FileId a = sources.Add("a.ow", "0123456789");
  FileId b = sources.Add("b.ow", "0123456789");
  Diagnostics diags;
  diags.Report(DiagCode::UnknownName, Span{b, 1, 2}, "b1");
  diags.Report(DiagCode::TypeMismatch, Span{a, 5, 6}, "a5-type");
  diags.Report(DiagCode::UnknownName, Span{a, 5, 6}, "a5-name");
  diags.Report(DiagCode::DuplicateName, Span{a, 2, 3}, "a2");
  diags.Report(DiagCode::UnknownName, Span{a, 5, 9}, "a5-name-again");
  diags.Sort();
  std::vector<std::string> order;
  for (const Diagnostic& d : diags.all()) order.push_back(d.message);
  // Equal keys keep the order in which they were reported.
  EXPECT_EQ(order, (std::vector<std::string>{"a2", "a5-name", "a5-name-again", "a5-type", "b1"}));
}

TEST(Render, TextShowsTheLineAndCarets) {
  SourceMap sources;
  FileId main = sources.Add("main.ow", std::string(kMain));
  Diagnostics diags;
  diags.Report(DiagCode::UnknownProperty, SpanOf(main, kMain, "replica"),
               "unknown property `replica`; did you mean `replicas`?");
  std::string text = RenderDiagnostics(diags, sources, {});
  EXPECT_EQ(text,
            "main.ow:2:3: error[E0105]: unknown property `replica`; did you mean `replicas`?\n"
            " 2 |   replica 3\n"
            "   |   ^~~~~~~\n"
            "1 error generated\n");
}

TEST(Render, TextShowsLabelsNotesAndHelp) {
  SourceMap sources;
  FileId main = sources.Add("main.ow", std::string(kMain));
  Diagnostics diags;
  diags.Report(DiagCode::DuplicateName, SpanOf(main, kMain, "3"), "duplicate")
      .With(SpanOf(main, kMain, "topology"), "first here")
      .Note("a note")
      .Help("a hint");
  diags.Report(DiagCode::LatestImage, Span{}, "no tag");
  std::string text = RenderDiagnostics(diags, sources, {});
  EXPECT_EQ(text,
            "main.ow:2:11: error[E0202]: duplicate\n"
            " 2 |   replica 3\n"
            "   |           ^\n"
            "main.ow:1:1: note: first here\n"
            " 1 | topology t {\n"
            "   | ^~~~~~~~\n"
            "  = note: a note\n"
            "  = help: a hint\n"
            "whiskc: warning[W0312]: no tag\n"
            "1 error and 1 warning generated\n");
}

TEST(Render, ColorOnlyWhenAsked) {
  SourceMap sources;
  FileId main = sources.Add("main.ow", std::string(kMain));
  Diagnostics diags;
  diags.Report(DiagCode::UnknownProperty, SpanOf(main, kMain, "replica"), "unknown");
  RenderOptions plain;
  EXPECT_EQ(RenderDiagnostics(diags, sources, plain).find('\x1b'), std::string::npos);
  RenderOptions color;
  color.color = true;
  EXPECT_NE(RenderDiagnostics(diags, sources, color).find("\x1b["), std::string::npos);
  color.format = DiagFormat::Json;
  EXPECT_EQ(RenderDiagnostics(diags, sources, color).find('\x1b'), std::string::npos);
}

TEST(Render, JsonIsOneParsableObjectPerLine) {
  SourceMap sources;
  FileId main = sources.Add("main.ow", std::string(kMain));
  Diagnostics diags;
  diags.Report(DiagCode::UnknownProperty, SpanOf(main, kMain, "replica"), "unknown property `replica`")
      .With(SpanOf(main, kMain, "t {"), "in this topology")
      .Help("did you mean `replicas`?");
  diags.Report(DiagCode::LatestImage, Span{}, "no tag");
  RenderOptions options;
  options.format = DiagFormat::Json;
  std::vector<std::string> lines = Lines(RenderDiagnostics(diags, sources, options));
  ASSERT_EQ(lines.size(), 2u);  // no text summary in JSON mode

  nlohmann::json first = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(first["severity"], "error");
  EXPECT_EQ(first["code"], "E0105");
  EXPECT_EQ(first["message"], "unknown property `replica`");
  EXPECT_EQ(first["span"]["file"], "main.ow");
  EXPECT_EQ(first["span"]["line"], 2);
  EXPECT_EQ(first["span"]["column"], 3);
  EXPECT_EQ(first["span"]["end_line"], 2);
  EXPECT_EQ(first["span"]["end_column"], 10);
  ASSERT_EQ(first["labels"].size(), 1u);
  EXPECT_EQ(first["labels"][0]["span"]["line"], 1);
  EXPECT_EQ(first["labels"][0]["span"]["column"], 10);
  EXPECT_EQ(first["help"], "did you mean `replicas`?");

  nlohmann::json second = nlohmann::json::parse(lines[1]);
  EXPECT_EQ(second["severity"], "warning");
  EXPECT_TRUE(second["span"].is_null());
}

TEST(Render, MaxErrorsCapsErrorsAndSaysSo) {
  SourceMap sources;
  FileId main = sources.Add("main.ow", std::string(kMain));
  Diagnostics diags;
  for (uint32_t i = 0; i < 5; ++i) diags.Report(DiagCode::UnknownName, Span{main, i, i + 1}, "e" + std::to_string(i));
  diags.Sort();

  RenderOptions options;
  options.max_errors = 2;
  std::string text = RenderDiagnostics(diags, sources, options);
  EXPECT_NE(text.find("]: e0\n"), std::string::npos);
  EXPECT_NE(text.find("]: e1\n"), std::string::npos);
  EXPECT_EQ(text.find("]: e2\n"), std::string::npos);
  EXPECT_NE(text.find("whiskc: error[E0003]: too many errors; stopped after 2 of 5"), std::string::npos);
  EXPECT_TRUE(text.ends_with("5 errors generated\n")) << text;

  options.format = DiagFormat::Json;
  std::vector<std::string> lines = Lines(RenderDiagnostics(diags, sources, options));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(nlohmann::json::parse(lines[2])["code"], "E0003");

  options.max_errors = 0;  // no cap
  EXPECT_EQ(Lines(RenderDiagnostics(diags, sources, options)).size(), 5u);
}

TEST(Suggest, DidYouMeanNamesTheClosestCandidate) {
  constexpr std::array<std::string_view, 4> kProperties = {"replicas", "image", "port", "ready"};
  EXPECT_EQ(DidYouMean("replica", kProperties), "; did you mean `replicas`?");
  EXPECT_EQ(DidYouMean("imgae", kProperties), "; did you mean `image`?");
  EXPECT_EQ(DidYouMean("storage", kProperties), "");
  EXPECT_EQ(DidYouMean("port", kProperties), "");  // an exact match is no typo
  EXPECT_EQ(ClosestMatch("raedy", kProperties), "ready");
  EXPECT_EQ(DidYouMean("x", std::span<const std::string_view>{}), "");
}

}  // namespace
}  // namespace whisk
