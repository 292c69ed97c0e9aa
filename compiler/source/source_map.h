#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/source/span.h"

namespace whisk {

/// A 1-based line and column (columns count bytes).
struct LineCol {
  uint32_t line = 0;
  uint32_t column = 0;
};

/// Owns the text of every file read in a run: sources, values files, and
/// pseudo-files such as `--set` arguments.
class SourceMap {
 public:
  /// Adds a file and returns its id; `path` is how diagnostics name it.
  FileId Add(std::string path, std::string text);

  const std::string& path(FileId id) const { return files_[id.value].path; }
  std::string_view text(FileId id) const { return files_[id.value].text; }
  std::string_view text(Span span) const;
  size_t size() const { return files_.size(); }

  LineCol Position(FileId id, uint32_t offset) const;
  /// The text of a 1-based line, without its line break.
  std::string_view Line(FileId id, uint32_t line) const;

 private:
  struct File {
    std::string path;
    std::string text;
    std::vector<uint32_t> line_starts;
  };
  std::vector<File> files_;
};

}  // namespace whisk
