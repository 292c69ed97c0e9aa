#pragma once
// Parameter values from `-f` values files and `--set` arguments.

#include <string>
#include <utility>
#include <vector>

#include "compiler/source/diagnostic.h"
#include "compiler/source/source_map.h"

namespace whisk::values {

/// One YAML value, with where it was written.
struct Node {
  enum class Kind { Null, Scalar, Sequence, Map } kind = Kind::Null;
  std::string scalar;   // Scalar: its text
  bool quoted = false;  // Scalar written in quotes: "true" stays a string
  std::vector<Node> items;                            // Sequence
  std::vector<std::pair<std::string, Node>> members;  // Map, in file order
  std::vector<Span> key_spans;                        // Map: span of each key
  Span span;  // the value's extent in its file (at least its first character)
};

struct Assignment {
  std::string key;
  Span key_span;
  Node value;
};

/// Reads `-f` values files in order, then `--set name=value` arguments, and
/// returns one assignment per top-level key in that order (the caller applies
/// them in order, so later ones win). Every file read is added to `sources`;
/// each `--set` argument becomes a pseudo-file named `--set`, so that spans
/// point into it.
std::vector<Assignment> Load(const std::vector<std::string>& files,
                             const std::vector<std::string>& sets, SourceMap& sources,
                             Diagnostics& diags);

}  // namespace whisk::values
