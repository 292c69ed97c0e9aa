#pragma once
// What the names of a program's files refer to: every declaration (components, templates,
// params, roles, placements, configs and secrets, ports, template parameters, config
// entries, imported modules) and every place that names one. Built from the syntax trees
// and the declarations, so it works on programs with errors too.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/resolve/declarations.h"
#include "compiler/resolve/modules.h"

namespace whisk::lsp {

struct Symbol {
  enum class Kind : uint8_t {
    Component,
    Template,
    Param,
    Role,
    Placement,
    Data,
    Port,
    TemplateParam,
    Entry,
    Module
  } kind;
  std::string name;
  Span name_span;              // where it is declared (a Module: its file, at 0)
  uint32_t module = 0;         // the module declaring it
  ast::NodeId node;            // its declaration's node (invalid for a Module)
  uint32_t owner = UINT32_MAX;  // Port, TemplateParam, Entry: the symbol they belong to
  uint32_t instance_of = UINT32_MAX;  // a component made by `use`: its template
  /// Where else it is declared: the other branches of an `if` (`external kafka` in one,
  /// `use kafka(...) as kafka` in the other) declare one name, and mean one thing.
  std::vector<Span> also_declared;
};

struct Occurrence {
  uint32_t symbol;
  Span span;
  bool declaration;
};

class SymbolIndex {
 public:
  SymbolIndex(const resolve::ModuleSet& modules, const resolve::Declarations& decls);

  const std::vector<Symbol>& symbols() const { return symbols_; }
  /// The occurrence covering `offset` of `file` (a name, or a path segment), if any.
  const Occurrence* At(FileId file, uint32_t offset) const;
  /// Every occurrence of `symbol`, in file then source order.
  std::vector<Occurrence> OccurrencesOf(uint32_t symbol) const;
  /// The symbols named `name` of kind `kind`.
  std::vector<uint32_t> Named(std::string_view name, Symbol::Kind kind) const;
  /// The ports of a component symbol (for a `use`: its template's).
  std::vector<uint32_t> PortsOf(uint32_t component) const;
  /// The template a `use` instantiates, or UINT32_MAX.
  uint32_t TemplateOf(uint32_t use) const;

 private:
  class Builder;
  std::vector<Symbol> symbols_;
  std::vector<Occurrence> occurrences_;  // sorted by file and position
};

std::string_view KindName(Symbol::Kind kind);

}  // namespace whisk::lsp
