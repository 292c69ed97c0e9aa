#pragma once

#include <string_view>
#include <vector>

#include "compiler/resolve/modules.h"

namespace whisk::resolve {

enum class DeclKind : uint8_t { Topology, Param, Role, Placement, Data, Component, Template, Use };

/// One link of the `if` chain a declaration sits in: the declaration is active
/// when every condition of its chain evaluates to its `expect`.
struct Guard {
  uint32_t parent = UINT32_MAX;  // enclosing guard, or none
  uint32_t module = 0;
  ast::NodeId condition;
  bool expect = true;  // false inside `else`
};

struct Decl {
  DeclKind kind;
  uint32_t module;
  ast::NodeId node;
  uint32_t guard = UINT32_MAX;
  std::string_view name;  // the declared name (for `use`: the instance name)
  Span name_span;
};

/// Every declaration of every module, in module then source order, with the
/// conditions that switch it on. Names are not yet checked for duplicates:
/// two declarations in opposite branches of an `if` may share a name.
struct Declarations {
  std::vector<Decl> decls;
  std::vector<Guard> guards;
};

Declarations CollectDeclarations(const ModuleSet& modules, Diagnostics& diags);

}  // namespace whisk::resolve
