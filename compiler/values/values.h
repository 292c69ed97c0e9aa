#pragma once
// Parameter values from `-f` values files and `--set` arguments.

#include <string>
#include <utility>
#include <vector>

#include "compiler/source/diagnostic.h"
#include "compiler/source/source_map.h"
#include "compiler/source/span.h"

namespace whisk::values {

/// One YAML value, with where it was written.
struct Node {
  /// Null is a value written as `~`, `null` or nothing at all.
  enum class Kind { Null, Scalar, Sequence, Map } kind = Kind::Null;
  /// Scalar: its text, after YAML's unquoting and folding.
  std::string scalar;
  /// Scalar written in quotes, as a block scalar or tagged `!!str`: "true" stays a string.
  bool quoted = false;
  /// Sequence: its items.
  std::vector<Node> items;
  /// Map: its members, in file order (a repeated key appears twice).
  // The initializer keeps clang (14, libstdc++ 12) from needing the incomplete Node here.
  std::vector<std::pair<std::string, Node>> members = {};
  /// Map: the span of each member's key, parallel to `members`.
  std::vector<Span> key_spans;
  /// The value's extent in its file: a scalar's text as written (quotes included), a collection
  /// from its start to its last item or closing bracket. A value written as nothing is an empty
  /// span where it would have been. A value copied by an alias (`*name`) has the alias's span.
  Span span;
};

/// One top-level key of a values file or one `--set` argument.
struct Assignment {
  std::string key;
  Span key_span;
  Node value;
};

/// Reads `-f` values files in order, then `--set name=value` arguments; returns one assignment
/// per top-level key in that order (later ones win; the caller applies them in order).
///
/// Registers every file it reads in `sources` so that diagnostics can show their lines; each
/// `--set` argument becomes a pseudo-file named `--set` whose text is the argument itself, so
/// spans point into it. Problems are reported to `diags`; a file with an error contributes no
/// assignments, and the other files and arguments are still read. Never throws.
std::vector<Assignment> Load(const std::vector<std::string>& files,
                             const std::vector<std::string>& sets, SourceMap& sources,
                             Diagnostics& diags);

}  // namespace whisk::values
