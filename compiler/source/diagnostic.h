#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/source/span.h"

namespace whisk {

enum class Severity : uint8_t { Error, Warning, Note };

/// Every diagnostic whiskc can report; see diagnostic_codes.def.
enum class DiagCode : uint16_t {
#define WHISK_DIAGNOSTIC(name, code, severity, summary) name,
#include "compiler/source/diagnostic_codes.def"
#undef WHISK_DIAGNOSTIC
};

struct DiagInfo {
  std::string_view code;  // "E0201"
  Severity severity;
  std::string_view summary;
};

const DiagInfo& Info(DiagCode code);
/// All registered codes in registry order.
const std::vector<DiagCode>& AllDiagCodes();

/// A secondary span with its own message ("`service api` declared here").
struct Label {
  Span span;
  std::string message;
};

struct Diagnostic {
  DiagCode code;
  Severity severity;
  Span span;
  std::string message;
  std::vector<Label> labels;
  std::vector<std::string> notes;
  std::string help;

  /// Fluent helpers so that a report reads as one statement.
  Diagnostic& Note(std::string text) {
    notes.push_back(std::move(text));
    return *this;
  }
  Diagnostic& Help(std::string text) {
    help = std::move(text);
    return *this;
  }
  Diagnostic& With(Span at, std::string text) {
    labels.push_back({at, std::move(text)});
    return *this;
  }
};

/// Collects the diagnostics of a run from every phase. Phases never stop on a
/// user error: they report here and go on.
class Diagnostics {
 public:
  Diagnostic& Report(DiagCode code, Span span, std::string message);

  size_t error_count() const { return error_count_; }
  bool has_errors() const { return error_count_ > 0; }
  const std::vector<Diagnostic>& all() const { return items_; }

  /// Sorts by file, then position, then code: output order never depends on
  /// the order in which phases ran into things.
  void Sort();

 private:
  std::vector<Diagnostic> items_;
  size_t error_count_ = 0;
};

}  // namespace whisk
