#pragma once
// What the formatter needs to know of the syntax tree: where the items of a block begin,
// which braces are object literals, and where an opening bracket hugs the word before it.

#include <cstdint>
#include <unordered_set>

#include "compiler/parse/ast.h"

namespace whisk::format {

struct Marks {
  /// Offsets where a declaration, a property, a topology setting or a config entry begins:
  /// each starts a line.
  std::unordered_set<uint32_t> item_starts;
  /// Offsets of the `{` of object literals (`patch { spec: ... }`): laid out as values,
  /// not as blocks.
  std::unordered_set<uint32_t> object_braces;
  /// Offsets of `else`: it stays on the line of the `}` before it.
  std::unordered_set<uint32_t> joined;
  /// Offsets where a word ends that the next `(` or `[` follows without a space: a
  /// template's name (`use kafka(replicas = 3)`) and `list` (`list[string]`).
  std::unordered_set<uint32_t> hugging_words;
};

/// The marks of a module parsed without errors.
Marks MarksOf(const ast::Module& module);

}  // namespace whisk::format
