#include "compiler/parse/ast.h"

namespace whisk::ast {

std::string_view KindName(NodeKind kind) {
  switch (kind) {
#define WHISK_NODE(kind, rule) \
  case NodeKind::kind:         \
    return #kind;
#include "compiler/parse/node_kinds.def"
#undef WHISK_NODE
    case NodeKind::Error:
      return "Error";
  }
  return "?";
}

NodeId Module::Child(NodeId id, NodeKind kind) const { return Child(id, kind, 0); }

NodeId Module::Child(NodeId id, NodeKind kind, int n) const {
  for (NodeId child : children(id)) {
    if (nodes[child.value].kind == kind && n-- == 0) return child;
  }
  return {};
}

NodeId Module::Nth(NodeId id, int n) const {
  for (NodeId child : children(id)) {
    if (n-- == 0) return child;
  }
  return {};
}

}  // namespace whisk::ast
