#include "compiler/lsp/convert.h"

namespace whisk::lsp {

Json ToJson(Position position) {
  return {{"line", position.line}, {"character", position.character}};
}

Position PositionFromJson(const Json& position) {
  return {position.at("line").get<uint32_t>(), position.at("character").get<uint32_t>()};
}

Json RangeOf(const SourceMap& sources, Span span, Encoding encoding) {
  std::string_view text = sources.text(span.file);
  return {{"start", ToJson(PositionOf(text, span.begin, encoding))},
          {"end", ToJson(PositionOf(text, span.end, encoding))}};
}

Json LocationOf(const Analysis& analysis, Span span, Encoding encoding) {
  return {{"uri", analysis.Uri(span.file)}, {"range", RangeOf(analysis.sources, span, encoding)}};
}

}  // namespace whisk::lsp
