#include "compiler/source/source_map.h"

#include <algorithm>
#include <cstring>

namespace whisk {

FileId SourceMap::Add(std::string path, std::string text) {
  File file{std::move(path), std::move(text), {0}};
  const char* begin = file.text.data();
  const char* end = begin + file.text.size();
  for (const char* at = begin; (at = static_cast<const char*>(std::memchr(at, '\n', end - at)));) {
    ++at;
    file.line_starts.push_back(static_cast<uint32_t>(at - begin));
  }
  files_.push_back(std::move(file));
  return FileId{static_cast<uint32_t>(files_.size() - 1)};
}

std::string_view SourceMap::text(Span span) const {
  std::string_view all = text(span.file);
  if (span.begin > all.size()) return {};
  return all.substr(span.begin, span.end - span.begin);
}

LineCol SourceMap::Position(FileId id, uint32_t offset) const {
  const auto& starts = files_[id.value].line_starts;
  auto it = std::upper_bound(starts.begin(), starts.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - starts.begin());
  return {line, offset - starts[line - 1] + 1};
}

std::string_view SourceMap::Line(FileId id, uint32_t line) const {
  const File& file = files_[id.value];
  if (line == 0 || line > file.line_starts.size()) return {};
  uint32_t begin = file.line_starts[line - 1];
  uint32_t end = line < file.line_starts.size() ? file.line_starts[line] : file.text.size();
  std::string_view view(file.text);
  view = view.substr(begin, end - begin);
  while (!view.empty() && (view.back() == '\n' || view.back() == '\r')) view.remove_suffix(1);
  return view;
}

}  // namespace whisk
