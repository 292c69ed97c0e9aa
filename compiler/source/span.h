#pragma once

#include <cstdint>

namespace whisk {

/// Index of a file in the SourceMap.
struct FileId {
  static constexpr uint32_t kNone = UINT32_MAX;
  uint32_t value = kNone;
  bool valid() const { return value != kNone; }
  friend bool operator==(FileId, FileId) = default;
};

/// A byte range [begin, end) in one source file. Positions travel with every
/// value from the parser to the Kubernetes objects.
struct Span {
  FileId file;
  uint32_t begin = 0;
  uint32_t end = 0;
  bool valid() const { return file.valid(); }
  friend bool operator==(Span, Span) = default;
};

}  // namespace whisk
