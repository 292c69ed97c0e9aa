#include "compiler/format/marks.h"

namespace whisk::format {
namespace {

using ast::NodeId;
using ast::NodeKind;

bool IsItemOfItsParent(NodeKind parent, NodeKind child) {
  switch (parent) {
    case NodeKind::PropertyBlock:
    case NodeKind::DeclarationBlock:
      return true;
    case NodeKind::TopologyDecl:
      return child != NodeKind::Name;
    case NodeKind::DataDecl:
      return child == NodeKind::ConfigEntry;
    default:
      return false;
  }
}

void Visit(const ast::Module& m, NodeId id, Marks& marks) {
  const ast::Node& node = m[id];
  switch (node.kind) {
    case NodeKind::ObjectLit:
      marks.object_braces.insert(node.begin);
      break;
    case NodeKind::PropElse:
    case NodeKind::DeclElse:
      marks.joined.insert(node.begin);
      break;
    case NodeKind::ListType:
      marks.hugging_words.insert(node.begin + static_cast<uint32_t>(std::string_view("list").size()));
      break;
    case NodeKind::UseDecl:
    case NodeKind::TemplateDecl:
      if (NodeId name = m.Child(id, NodeKind::Name); name.valid()) {
        marks.hugging_words.insert(m[name].end);
      }
      break;
    default:
      break;
  }
  for (NodeId child : m.children(id)) {
    if (IsItemOfItsParent(node.kind, m.kind(child))) marks.item_starts.insert(m[child].begin);
    Visit(m, child, marks);
  }
}

}  // namespace

Marks MarksOf(const ast::Module& module) {
  Marks marks;
  for (NodeId root : module.roots) {
    marks.item_starts.insert(module[root].begin);
    Visit(module, root, marks);
  }
  return marks;
}

}  // namespace whisk::format
