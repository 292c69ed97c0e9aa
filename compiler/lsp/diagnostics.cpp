// DiagnosticsByUri (features.h): the CLI's diagnostics as LSP ones.
#include <fmt/format.h>

#include "compiler/lsp/features.h"

namespace whisk::lsp {

std::map<std::string, Json> DiagnosticsByUri(const Analysis& analysis, Encoding encoding) {
  std::map<std::string, Json> by_uri;
  const SourceMap& sources = analysis.sources;
  for (const Diagnostic& d : analysis.diags.all()) {
    if (d.severity == Severity::Note) continue;
    const DiagInfo& info = Info(d.code);
    // A module is opened on its own as often as a topology: it is not missing one.
    if (d.code == DiagCode::MissingTopology) continue;
    Span span = d.span.valid() ? d.span : Span{FileId{0}, 0, 0};
    if (span.file.value >= sources.size()) continue;
    std::string message = d.message;
    // A `set` of the settings is no file: what is wrong with it shows at the top of the
    // document.
    if (sources.path(span.file) == "--set") {
      message = fmt::format("in the `set` setting `{}`: {}", sources.text(span.file), message);
      span = Span{FileId{0}, 0, 0};
    }
    for (const std::string& note : d.notes) message += "\nnote: " + note;
    if (!d.help.empty()) message += "\nhelp: " + d.help;
    Json diagnostic = {{"range", RangeOf(sources, span, encoding)},
                       {"severity", d.severity == Severity::Error ? 1 : 2},
                       {"code", std::string(info.code)},
                       {"source", "whiskc"},
                       {"message", message}};
    Json related = Json::array();
    for (const Label& label : d.labels) {
      if (!label.span.valid() || label.span.file.value >= sources.size()) continue;
      related.push_back({{"location", LocationOf(analysis, label.span, encoding)},
                         {"message", label.message}});
    }
    if (!related.empty()) diagnostic["relatedInformation"] = related;
    by_uri[analysis.Uri(span.file)].push_back(std::move(diagnostic));
  }
  return by_uri;
}

}  // namespace whisk::lsp
