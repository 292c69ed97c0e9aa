#include "compiler/resolve/declarations.h"

#include <algorithm>

namespace whisk::resolve {
namespace {

using ast::NodeId;
using ast::NodeKind;

struct Collector {
  const ModuleSet& modules;
  Diagnostics& diags;
  Declarations out;
  Span first_topology;

  void Add(DeclKind kind, uint32_t module, NodeId node, uint32_t guard) {
    const ast::Module& ast = modules.modules[module].ast;
    NodeId name = ast.Child(node, NodeKind::Name);
    if (kind == DeclKind::Use) {
      // `use kafka as broker`: the instance is named by `as`, else the template.
      NodeId as = ast.Child(node, NodeKind::UseAs);
      if (as.valid()) name = ast.Child(as, NodeKind::Name);
    }
    Decl decl{kind, module, node, guard, {}, {}};
    if (name.valid()) {
      decl.name = ast.source(name);
      decl.name_span = ast.span(name);
    }
    out.decls.push_back(decl);
  }

  void Topology(uint32_t module, NodeId node, uint32_t guard) {
    const ast::Module& ast = modules.modules[module].ast;
    if (module != 0) {
      diags
          .Report(DiagCode::TopologyInModule, ast.span(ast.Child(node, NodeKind::Name)),
                  "an imported module cannot declare a `topology`")
          .Help("keep the `topology` header in the main file only");
      return;
    }
    if (first_topology.valid()) {
      diags
          .Report(DiagCode::DuplicateTopology, ast.span(ast.Child(node, NodeKind::Name)),
                  "a second `topology` header")
          .With(first_topology, "the first one is here");
      return;
    }
    first_topology = ast.span(ast.Child(node, NodeKind::Name));
    Add(DeclKind::Topology, module, node, guard);
  }

  void Walk(uint32_t module, NodeId node, uint32_t guard) {
    const ast::Module& ast = modules.modules[module].ast;
    switch (ast.kind(node)) {
      case NodeKind::TopologyDecl:
        Topology(module, node, guard);
        break;
      case NodeKind::ParamDecl:
        Add(DeclKind::Param, module, node, guard);
        break;
      case NodeKind::RoleDecl:
        Add(DeclKind::Role, module, node, guard);
        break;
      case NodeKind::PlacementDecl:
        Add(DeclKind::Placement, module, node, guard);
        break;
      case NodeKind::DataDecl:
        Add(DeclKind::Data, module, node, guard);
        break;
      case NodeKind::ComponentDecl:
        Add(DeclKind::Component, module, node, guard);
        break;
      case NodeKind::TemplateDecl:
        Add(DeclKind::Template, module, node, guard);
        break;
      case NodeKind::UseDecl:
        Add(DeclKind::Use, module, node, guard);
        break;
      case NodeKind::DeclIf:
        If(module, node, guard, true);
        break;
      default:
        break;  // imports were followed by the loader; Error nodes were reported
    }
  }

  void If(uint32_t module, NodeId node, uint32_t guard, bool) {
    const ast::Module& ast = modules.modules[module].ast;
    NodeId condition = ast.Child(node, NodeKind::CondOr);
    auto then_guard = static_cast<uint32_t>(out.guards.size());
    out.guards.push_back(Guard{guard, module, condition, true});
    auto else_guard = static_cast<uint32_t>(out.guards.size());
    out.guards.push_back(Guard{guard, module, condition, false});
    for (NodeId child : ast.children(node)) {
      if (ast.kind(child) == NodeKind::DeclarationBlock) {
        for (NodeId decl : ast.children(child)) Walk(module, decl, then_guard);
      } else if (ast.kind(child) == NodeKind::DeclElse) {
        for (NodeId branch : ast.children(child)) {
          if (ast.kind(branch) == NodeKind::DeclIf) {
            Walk(module, branch, else_guard);
          } else {
            for (NodeId decl : ast.children(branch)) Walk(module, decl, else_guard);
          }
        }
      }
    }
  }
};

}  // namespace

Declarations CollectDeclarations(const ModuleSet& modules, Diagnostics& diags) {
  Collector collector{modules, diags, {}, {}};
  for (uint32_t m = 0; m < modules.modules.size(); ++m) {
    const ast::Module& ast = modules.modules[m].ast;
    for (ast::NodeId root : ast.roots) collector.Walk(m, root, UINT32_MAX);
  }
  bool main_parsed = !modules.modules.empty() &&
                     std::none_of(modules.modules[0].ast.roots.begin(),
                                  modules.modules[0].ast.roots.end(), [&](ast::NodeId root) {
                                    return modules.modules[0].ast.kind(root) == NodeKind::Error;
                                  });
  // A header lost to a syntax error was reported already.
  if (main_parsed && !collector.first_topology.valid()) {
    const ast::Module& main = modules.modules[0].ast;
    diags
        .Report(DiagCode::MissingTopology, Span{main.file, 0, 0},
                "the main file has no `topology` header")
        .Help("start the file with `topology NAME { namespace \"NS\" }`");
  }
  return std::move(collector.out);
}

}  // namespace whisk::resolve
