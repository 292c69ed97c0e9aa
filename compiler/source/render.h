#pragma once

#include <cstddef>
#include <string>

#include "compiler/source/diagnostic.h"
#include "compiler/source/source_map.h"

namespace whisk {

enum class DiagFormat { Text, Json };

struct RenderOptions {
  DiagFormat format = DiagFormat::Text;
  bool color = false;
  /// Errors shown before the rest are cut off; 0 shows all.
  size_t max_errors = 20;
};

/// Renders diagnostics (already sorted) as clang-style text with rustc-style
/// codes and carets, or as one JSON object per line.
std::string RenderDiagnostics(const Diagnostics& diags, const SourceMap& sources,
                              const RenderOptions& options);

}  // namespace whisk
