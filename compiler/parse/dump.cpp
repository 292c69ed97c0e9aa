#include "compiler/parse/dump.h"

#include <fmt/format.h>

namespace whisk::ast {
namespace {

bool IsLeaf(NodeKind kind) {
  switch (kind) {
    case NodeKind::Name:
    case NodeKind::Number:
    case NodeKind::Bool:
    case NodeKind::Path:
    case NodeKind::InterpPath:
    case NodeKind::TypeName:
    case NodeKind::CompareOp:
    case NodeKind::EnvFromKind:
    case NodeKind::Verb:
    case NodeKind::ApiResource:
    case NodeKind::SpawnKind:
      return true;
    default:
      return false;
  }
}

void DumpNode(const Module& module, NodeId id, int depth, std::string& out) {
  NodeKind kind = module.kind(id);
  out.append(static_cast<size_t>(depth) * 2, ' ');
  out += KindName(kind);
  if (IsLeaf(kind) || kind == NodeKind::String) out += fmt::format(" {}", module.source(id));
  out += '\n';
  for (NodeId child : module.children(id)) DumpNode(module, child, depth + 1, out);
}

}  // namespace

std::string Dump(const Module& module) {
  std::string out;
  for (NodeId root : module.roots) DumpNode(module, root, 0, out);
  return out;
}

}  // namespace whisk::ast
