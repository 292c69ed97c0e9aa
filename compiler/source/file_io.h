#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/source/diagnostic.h"
#include "compiler/source/source_map.h"

namespace whisk {

/// Reads a whole file; on failure returns nullopt and sets `error` to the
/// reason (strerror text).
std::optional<std::string> ReadFile(const std::string& path, std::string* error);

/// A file that appears at `path` only when committed: written to a temporary
/// file in the same directory, then renamed over `path`. Destroying it
/// uncommitted removes the temporary file and leaves `path` untouched.
class AtomicFile {
 public:
  AtomicFile() = default;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  bool Open(const std::string& path, std::string* error);
  std::FILE* stream() const { return stream_; }
  /// Flushes, syncs and renames; false with `error` set when any step failed.
  bool Commit(std::string* error);

 private:
  std::string path_, temp_;
  std::FILE* stream_ = nullptr;
};

/// Writes `contents` to `path` atomically: a temporary file in the same
/// directory, then rename, so readers never see a half-written file.
bool WriteFileAtomic(const std::string& path, const std::string& contents, std::string* error);

/// The length of the longest valid UTF-8 prefix of `text`.
size_t ValidUtf8Prefix(std::string_view text);

/// Adds a whisk file's text to `sources` as it is, reporting E0002 at its first byte that
/// is not UTF-8 (the parser reads on: every other problem is still reported).
FileId AddSourceFile(SourceMap& sources, std::string path, std::string text, Diagnostics& diags);

}  // namespace whisk
