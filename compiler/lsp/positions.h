#pragma once
// LSP positions (line, character) in a UTF-8 text, with characters counted in UTF-16 code
// units (the protocol's default) or in bytes (when client and server agree on utf-8).

#include <cstdint>
#include <string>
#include <string_view>

namespace whisk::lsp {

enum class Encoding { Utf16, Utf8 };

struct Position {
  uint32_t line = 0;
  uint32_t character = 0;
};

/// The byte offset of `position` in `text`; past the end of its line: the line's end; past
/// the last line: the end of the text.
size_t OffsetOf(std::string_view text, Position position, Encoding encoding);

/// The position of byte `offset` (clamped to the text).
Position PositionOf(std::string_view text, size_t offset, Encoding encoding);

/// A file path as a `file://` URI, and back ("" when the URI is not a file's).
std::string UriOf(const std::string& path);
std::string PathOf(const std::string& uri);

}  // namespace whisk::lsp
