#include "compiler/lsp/positions.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

namespace whisk::lsp {
namespace {

/// The length in bytes of the UTF-8 sequence starting with `lead` (1 for a stray byte).
size_t SequenceLength(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

size_t LineStart(std::string_view text, uint32_t line) {
  size_t at = 0;
  for (uint32_t l = 0; l < line; ++l) {
    size_t newline = text.find('\n', at);
    if (newline == std::string_view::npos) return text.size();
    at = newline + 1;
  }
  return at;
}

bool Unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
}

}  // namespace

size_t OffsetOf(std::string_view text, Position position, Encoding encoding) {
  size_t at = LineStart(text, position.line);
  size_t end = text.find('\n', at);
  if (end == std::string_view::npos) end = text.size();
  if (end > at && text[end - 1] == '\r') --end;  // a CRLF line ends before its `\r`
  uint32_t units = 0;
  while (at < end && units < position.character) {
    size_t length = std::min(SequenceLength(static_cast<unsigned char>(text[at])), end - at);
    units += encoding == Encoding::Utf8 ? static_cast<uint32_t>(length) : (length == 4 ? 2 : 1);
    at += length;
  }
  return at;
}

Position PositionOf(std::string_view text, size_t offset, Encoding encoding) {
  offset = std::min(offset, text.size());
  Position position;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++position.line;
      line_start = i + 1;
    }
  }
  for (size_t at = line_start; at < offset;) {
    size_t length = std::min(SequenceLength(static_cast<unsigned char>(text[at])), offset - at);
    position.character +=
        encoding == Encoding::Utf8 ? static_cast<uint32_t>(length) : (length == 4 ? 2 : 1);
    at += length;
  }
  return position;
}

std::string UriOf(const std::string& path) {
  std::string absolute = std::filesystem::absolute(path).lexically_normal().string();
  std::string uri = "file://";
  for (unsigned char c : absolute) {
    uri += Unreserved(c) ? std::string(1, static_cast<char>(c)) : fmt::format("%{:02X}", c);
  }
  return uri;
}

std::string PathOf(const std::string& uri) {
  constexpr std::string_view kScheme = "file://";
  if (!uri.starts_with(kScheme)) return "";
  std::string_view rest = std::string_view(uri).substr(kScheme.size());
  size_t slash = rest.find('/');  // skip an authority such as `localhost`
  if (slash == std::string_view::npos) return "";
  rest.remove_prefix(slash);
  std::string path;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%' && i + 2 < rest.size() && std::isxdigit(static_cast<unsigned char>(rest[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(rest[i + 2]))) {
      path += static_cast<char>(std::stoi(std::string(rest.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      path += rest[i];
    }
  }
  return path;
}

}  // namespace whisk::lsp
