#include "compiler/source/diagnostic.h"

#include <algorithm>
#include <tuple>

namespace whisk {
namespace {

constexpr DiagInfo kInfos[] = {
#define WHISK_DIAGNOSTIC(name, code, severity, summary) {code, Severity::severity, summary},
#include "compiler/source/diagnostic_codes.def"
#undef WHISK_DIAGNOSTIC
};

}  // namespace

const DiagInfo& Info(DiagCode code) { return kInfos[static_cast<size_t>(code)]; }

const std::vector<DiagCode>& AllDiagCodes() {
  static const std::vector<DiagCode> codes = [] {
    std::vector<DiagCode> all;
    for (size_t i = 0; i < std::size(kInfos); ++i) all.push_back(static_cast<DiagCode>(i));
    return all;
  }();
  return codes;
}

Diagnostic& Diagnostics::Report(DiagCode code, Span span, std::string message) {
  Severity severity = Info(code).severity;
  if (severity == Severity::Error) ++error_count_;
  items_.push_back(Diagnostic{code, severity, span, std::move(message), {}, {}, {}});
  return items_.back();
}

void Diagnostics::Sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tuple(a.span.file.value, a.span.begin, a.code) <
           std::tuple(b.span.file.value, b.span.begin, b.code);
  });
}

}  // namespace whisk
