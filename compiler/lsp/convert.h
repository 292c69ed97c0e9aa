#pragma once
// Spans of the front end as LSP ranges and locations.

#include <nlohmann/json.hpp>

#include "compiler/lsp/positions.h"
#include "compiler/lsp/workspace.h"

namespace whisk::lsp {

using Json = nlohmann::json;

Json ToJson(Position position);
Position PositionFromJson(const Json& position);

/// `span` (valid) as a Range in its file's text.
Json RangeOf(const SourceMap& sources, Span span, Encoding encoding);
/// `span` as a Location (its file's URI, as the client knows it, and range).
Json LocationOf(const Analysis& analysis, Span span, Encoding encoding);

}  // namespace whisk::lsp
