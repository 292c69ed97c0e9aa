#include "compiler/source/render.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "compiler/source/file_io.h"

namespace whisk {
namespace {

const char* SeverityName(Severity severity) {
  switch (severity) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Note:
      return "note";
  }
  return "error";
}

struct Style {
  bool on;
  std::string Paint(const char* code, std::string_view text) const {
    if (!on) return std::string(text);
    return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
  }
  const char* SeverityColor(Severity severity) const {
    switch (severity) {
      case Severity::Error:
        return "1;31";
      case Severity::Warning:
        return "1;35";
      case Severity::Note:
        return "1;36";
    }
    return "1";
  }
};

std::string Location(const SourceMap& sources, Span span) {
  if (!span.valid()) return "whiskc";
  LineCol at = sources.Position(span.file, span.begin);
  return fmt::format("{}:{}:{}", sources.path(span.file), at.line, at.column);
}

// The caret line mirrors the source line's tabs so that carets line up, and
// counts UTF-8 code points, not bytes, as columns.
std::string CaretLine(std::string_view line, uint32_t from, uint32_t to) {
  std::string out;
  for (uint32_t i = 0; i < line.size() && i < to; ++i) {
    auto byte = static_cast<unsigned char>(line[i]);
    if ((byte & 0xC0) == 0x80) continue;
    if (i < from) {
      out += line[i] == '\t' ? '\t' : ' ';
    } else {
      out += i == from ? '^' : '~';
    }
  }
  if (from >= line.size()) out.append(from - line.size(), ' ').append("^");
  return out;
}

void AppendSnippet(std::string& out, const SourceMap& sources, Span span, const Style& style,
                   Severity severity) {
  if (!span.valid()) return;
  LineCol begin = sources.Position(span.file, span.begin);
  LineCol end = sources.Position(span.file, span.end);
  std::string_view line = sources.Line(span.file, begin.line);
  // Show invalid UTF-8 as `?`, so that a terminal never receives broken bytes.
  std::string shown;
  if (size_t at = ValidUtf8Prefix(line); at != line.size()) {
    shown = std::string(line);
    while (at < shown.size()) {
      shown[at] = '?';
      at += 1 + ValidUtf8Prefix(std::string_view(shown).substr(at + 1));
    }
    line = shown;
  }
  uint32_t to = end.line == begin.line ? end.column - 1 : static_cast<uint32_t>(line.size());
  if (to <= begin.column - 1) to = begin.column;
  std::string number = std::to_string(begin.line);
  std::string gutter(number.size(), ' ');
  out += fmt::format(" {} | {}\n", style.Paint("1;34", number), line);
  out += fmt::format(
      " {} | {}\n", gutter,
      style.Paint(style.SeverityColor(severity), CaretLine(line, begin.column - 1, to)));
}

void AppendText(std::string& out, const Diagnostic& d, const SourceMap& sources,
                const Style& style) {
  const DiagInfo& info = Info(d.code);
  out += fmt::format("{}: {}: {}\n", style.Paint("1", Location(sources, d.span)),
                     style.Paint(style.SeverityColor(d.severity),
                                 fmt::format("{}[{}]", SeverityName(d.severity), info.code)),
                     style.Paint("1", d.message));
  AppendSnippet(out, sources, d.span, style, d.severity);
  for (const Label& label : d.labels) {
    out += fmt::format("{}: {}: {}\n", style.Paint("1", Location(sources, label.span)),
                       style.Paint(style.SeverityColor(Severity::Note), "note"), label.message);
    AppendSnippet(out, sources, label.span, style, Severity::Note);
  }
  for (const std::string& note : d.notes) out += fmt::format("  = note: {}\n", note);
  if (!d.help.empty()) out += fmt::format("  = help: {}\n", d.help);
}

nlohmann::ordered_json SpanJson(const SourceMap& sources, Span span) {
  nlohmann::ordered_json json;
  if (!span.valid()) return json;
  LineCol begin = sources.Position(span.file, span.begin);
  LineCol end = sources.Position(span.file, span.end);
  json["file"] = sources.path(span.file);
  json["line"] = begin.line;
  json["column"] = begin.column;
  json["end_line"] = end.line;
  json["end_column"] = end.column;
  return json;
}

void AppendJson(std::string& out, const Diagnostic& d, const SourceMap& sources) {
  nlohmann::ordered_json json;
  json["severity"] = SeverityName(d.severity);
  json["code"] = Info(d.code).code;
  json["message"] = d.message;
  json["span"] = SpanJson(sources, d.span);
  json["labels"] = nlohmann::ordered_json::array();
  for (const Label& label : d.labels) {
    json["labels"].push_back({{"message", label.message}, {"span", SpanJson(sources, label.span)}});
  }
  json["notes"] = d.notes;
  if (!d.help.empty()) json["help"] = d.help;
  out += json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  out += '\n';
}

}  // namespace

std::string RenderDiagnostics(const Diagnostics& diags, const SourceMap& sources,
                              const RenderOptions& options) {
  Style style{options.color && options.format == DiagFormat::Text};
  std::string out;
  size_t errors = 0, warnings = 0;
  bool capped = false;
  for (const Diagnostic& d : diags.all()) {
    if (d.severity == Severity::Error) {
      if (options.max_errors != 0 && errors == options.max_errors) {
        capped = true;
        break;
      }
      ++errors;
    } else if (d.severity == Severity::Warning) {
      ++warnings;
    }
    if (options.format == DiagFormat::Json) {
      AppendJson(out, d, sources);
    } else {
      AppendText(out, d, sources, style);
    }
  }
  if (capped) {
    Diagnostics cap;
    cap.Report(DiagCode::TooManyErrors, Span{},
               fmt::format("too many errors; stopped after {} of {} (see --max-errors)",
                           options.max_errors, diags.error_count()));
    if (options.format == DiagFormat::Json) {
      AppendJson(out, cap.all().front(), sources);
    } else {
      AppendText(out, cap.all().front(), sources, style);
    }
  }
  if (options.format == DiagFormat::Text && (diags.error_count() > 0 || warnings > 0)) {
    auto plural = [](size_t n, const char* word) {
      return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
    };
    std::string summary = diags.error_count() > 0 ? plural(diags.error_count(), "error") : "";
    if (warnings > 0) summary += (summary.empty() ? "" : " and ") + plural(warnings, "warning");
    out += fmt::format("{} generated\n", summary);
  }
  return out;
}

}  // namespace whisk
