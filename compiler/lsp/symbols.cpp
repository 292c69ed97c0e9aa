#include "compiler/lsp/symbols.h"

#include <algorithm>
#include <filesystem>
#include <map>

namespace whisk::lsp {
namespace {

using ast::NodeId;
using ast::NodeKind;
using Kind = Symbol::Kind;

Kind KindOf(resolve::DeclKind kind) {
  switch (kind) {
    case resolve::DeclKind::Param:
      return Kind::Param;
    case resolve::DeclKind::Role:
      return Kind::Role;
    case resolve::DeclKind::Placement:
      return Kind::Placement;
    case resolve::DeclKind::Data:
      return Kind::Data;
    case resolve::DeclKind::Template:
      return Kind::Template;
    default:
      return Kind::Component;  // components and uses
  }
}

/// Where a name stands that refers to something declared elsewhere (its parent's kind):
/// Value where a template's parameter may stand for it (a `component` parameter after
/// `needs`, `near`, `apart`), Global where only a declaration can (roles, placements,
/// configs and secrets).
enum class NameUse { None, Value, Global, LocalPort, Template, TemplateArgument };

NameUse UseOfName(NodeKind parent) {
  switch (parent) {
    case NodeKind::Need:
    case NodeKind::PlaceNear:
    case NodeKind::PlaceApart:
      return NameUse::Value;
    case NodeKind::PlaceRequire:
    case NodeKind::PlaceForbid:
    case NodeKind::PlacePrefer:
    case NodeKind::PlaceAvoid:
    case NodeKind::EnvFrom:
    case NodeKind::DataMaker:
    case NodeKind::MountProp:
      return NameUse::Global;
    case NodeKind::ProbeTcp:
    case NodeKind::ProbeHttp:
    case NodeKind::ExposePort:
      return NameUse::LocalPort;
    case NodeKind::UseDecl:
      return NameUse::Template;
    case NodeKind::TemplateArg:
      return NameUse::TemplateArgument;
    default:
      return NameUse::None;
  }
}

}  // namespace

class SymbolIndex::Builder {
 public:
  Builder(SymbolIndex& index, const resolve::ModuleSet& modules,
          const resolve::Declarations& decls)
      : index_(index), modules_(modules), decls_(decls) {}

  void Run() {
    for (const resolve::Decl& decl : decls_.decls) {
      if (decl.kind == resolve::DeclKind::Topology) continue;
      uint32_t id = UINT32_MAX;
      std::vector<uint32_t> same = index_.Named(decl.name, KindOf(decl.kind));
      if (!same.empty()) {
        id = same.front();
        index_.symbols_[id].also_declared.push_back(decl.name_span);
      } else {
        id = Add({KindOf(decl.kind), std::string(decl.name), decl.name_span, decl.module,
                  decl.node, UINT32_MAX, UINT32_MAX, {}});
      }
      by_node_[{decl.module, decl.node.value}] = id;
      const ast::Module& m = Ast(decl.module);
      if (decl.kind == resolve::DeclKind::Use) {
        NodeId template_name = m.Child(decl.node, NodeKind::Name);
        bool named_by_template = template_name.valid() && m[template_name].begin == decl.name_span.begin;
        if (!named_by_template) Occur(id, decl.name_span, true);
      } else {
        Occur(id, decl.name_span, true);
      }
      if (decl.kind == resolve::DeclKind::Template) {
        for (NodeId param : m.children(decl.node)) {
          if (m.kind(param) != NodeKind::TemplateParam) continue;
          AddMember(Kind::TemplateParam, m, decl.module, m.Child(param, NodeKind::Name), id, param);
        }
      }
      if (decl.kind == resolve::DeclKind::Data) {
        for (NodeId entry : m.children(decl.node)) {
          if (m.kind(entry) == NodeKind::ConfigEntry) {
            AddMember(Kind::Entry, m, decl.module, m.Nth(entry, 0), id, entry);
          }
        }
      }
      if (decl.kind == resolve::DeclKind::Component || decl.kind == resolve::DeclKind::Use ||
          decl.kind == resolve::DeclKind::Template) {
        AddPorts(m, decl.module, decl.node, id);
      }
    }
    // A use's template may be declared after it (in an imported module): linked once all are.
    for (const resolve::Decl& decl : decls_.decls) {
      if (decl.kind != resolve::DeclKind::Use) continue;
      const ast::Module& m = Ast(decl.module);
      NodeId name = m.Child(decl.node, NodeKind::Name);
      std::vector<uint32_t> templates =
          name.valid() ? index_.Named(m.source(name), Kind::Template) : std::vector<uint32_t>{};
      auto use = by_node_.find({decl.module, decl.node.value});
      if (!templates.empty() && use != by_node_.end()) {
        index_.symbols_[use->second].instance_of = templates.front();
      }
    }
    for (uint32_t i = 1; i < modules_.modules.size(); ++i) {
      const resolve::LoadedModule& module = modules_.modules[i];
      std::string stem = std::filesystem::path(module.path).stem().string();
      module_paths_.emplace_back(std::filesystem::path(module.path).lexically_normal().string(),
                                 Add({Kind::Module, stem, Span{module.ast.file, 0, 0}, i, {},
                                      UINT32_MAX, UINT32_MAX, {}}));
    }
    for (uint32_t i = 0; i < modules_.modules.size(); ++i) {
      const ast::Module& m = Ast(i);
      for (NodeId root : m.roots) Walk(m, i, root, NodeKind::Error, {});
    }
    std::sort(index_.occurrences_.begin(), index_.occurrences_.end(),
              [](const Occurrence& a, const Occurrence& b) {
                return std::tie(a.span.file.value, a.span.begin) <
                       std::tie(b.span.file.value, b.span.begin);
              });
  }

 private:
  struct Context {
    uint32_t component = UINT32_MAX;  // the component, use or template around a node
    uint32_t templ = UINT32_MAX;      // the template around it
  };

  const ast::Module& Ast(uint32_t module) const { return modules_.modules[module].ast; }

  uint32_t Add(Symbol symbol) {
    index_.symbols_.push_back(std::move(symbol));
    return static_cast<uint32_t>(index_.symbols_.size() - 1);
  }

  void Occur(uint32_t symbol, Span span, bool declaration) {
    if (span.valid()) index_.occurrences_.push_back({symbol, span, declaration});
  }

  void AddMember(Kind kind, const ast::Module& m, uint32_t module, NodeId name, uint32_t owner,
                 NodeId node) {
    if (!name.valid()) return;
    std::string text(m.source(name));
    if (m.kind(name) == NodeKind::String && text.size() >= 2) text = text.substr(1, text.size() - 2);
    uint32_t id = Add({kind, text, m.span(name), module, node, owner, UINT32_MAX, {}});
    Occur(id, m.span(name), true);
  }

  void AddPorts(const ast::Module& m, uint32_t module, NodeId node, uint32_t owner) {
    for (NodeId child : m.children(node)) {
      if (m.kind(child) == NodeKind::PortDef) {
        AddMember(Kind::Port, m, module, m.Child(child, NodeKind::Name), owner, child);
      } else if (m.kind(child) != NodeKind::PatchProp) {
        AddPorts(m, module, child, owner);
      }
    }
  }

  /// The symbol a bare name means where `ctx` stands: a parameter of the template around
  /// it, else a declaration of the program.
  uint32_t Lookup(std::string_view name, const Context& ctx, bool params) const {
    if (params && ctx.templ != UINT32_MAX) {
      for (uint32_t id : index_.Named(name, Kind::TemplateParam)) {
        if (index_.symbols_[id].owner == ctx.templ) return id;
      }
    }
    for (Kind kind : {Kind::Component, Kind::Param, Kind::Role, Kind::Placement, Kind::Data,
                      Kind::Template}) {
      std::vector<uint32_t> found = index_.Named(name, kind);
      if (!found.empty()) return found.front();
    }
    return UINT32_MAX;
  }

  uint32_t Member(uint32_t owner, Kind kind, std::string_view name) const {
    if (owner == UINT32_MAX) return UINT32_MAX;
    std::vector<uint32_t> candidates =
        kind == Kind::Port ? index_.PortsOf(owner) : index_.Named(name, kind);
    for (uint32_t id : candidates) {
      const Symbol& s = index_.symbols_[id];
      if (s.name == name && (kind == Kind::Port || s.owner == owner)) return id;
    }
    return UINT32_MAX;
  }

  /// `a.b.c` starting at byte `begin` of `file`: the first segment by name, then a port
  /// (`X.port.P`) or a config entry (`C.key`).
  void ResolvePath(std::string_view text, uint32_t begin, FileId file, const Context& ctx,
                   bool params) {
    std::vector<std::pair<std::string_view, uint32_t>> segments;
    size_t at = 0;
    while (at <= text.size()) {
      size_t dot = text.find('.', at);
      if (dot == std::string_view::npos) dot = text.size();
      segments.emplace_back(text.substr(at, dot - at), begin + static_cast<uint32_t>(at));
      at = dot + 1;
    }
    auto span_of = [&](size_t i) {
      return Span{file, segments[i].second,
                  segments[i].second + static_cast<uint32_t>(segments[i].first.size())};
    };
    uint32_t first = Lookup(segments[0].first, ctx, params);
    if (first == UINT32_MAX) return;
    Occur(first, span_of(0), false);
    Kind kind = index_.symbols_[first].kind;
    if (kind == Kind::Component && segments.size() >= 3 && segments[1].first == "port") {
      uint32_t port = Member(first, Kind::Port, segments[2].first);
      if (port != UINT32_MAX) Occur(port, span_of(2), false);
    } else if (kind == Kind::Data && segments.size() >= 2) {
      uint32_t entry = Member(first, Kind::Entry, segments[1].first);
      if (entry != UINT32_MAX) Occur(entry, span_of(1), false);
    }
  }

  void Walk(const ast::Module& m, uint32_t module, NodeId node, NodeKind parent, Context ctx) {
    NodeKind kind = m.kind(node);
    if (kind == NodeKind::ComponentDecl || kind == NodeKind::UseDecl ||
        kind == NodeKind::TemplateDecl) {
      auto found = by_node_.find({module, node.value});
      if (found != by_node_.end()) {
        ctx.component = found->second;
        if (kind == NodeKind::TemplateDecl) ctx.templ = found->second;
      }
    }
    const ast::Node& n = m[node];
    if (kind == NodeKind::Path || kind == NodeKind::InterpPath) {
      // `config NAME.key` names a config, which no template parameter can be.
      bool data = parent == NodeKind::EnvConfig || parent == NodeKind::EnvSecret;
      ResolvePath(m.source(node), n.begin, m.file, ctx, !data);
    } else if (kind == NodeKind::Name || kind == NodeKind::PlaceNamed) {
      std::string_view name = m.source(node);
      uint32_t target = UINT32_MAX;
      // A named placement is a name itself (`place core_pods`), not a node around one.
      switch (kind == NodeKind::PlaceNamed ? NameUse::Global : UseOfName(parent)) {
        case NameUse::Value:
        case NameUse::Global:
          target = Lookup(name, ctx, UseOfName(parent) == NameUse::Value);
          break;
        case NameUse::LocalPort:
          target = Member(ctx.component, Kind::Port, name);
          break;
        case NameUse::Template: {
          std::vector<uint32_t> found = index_.Named(name, Kind::Template);
          if (!found.empty()) target = found.front();
          break;
        }
        case NameUse::TemplateArgument:
          target = Member(index_.TemplateOf(ctx.component), Kind::TemplateParam, name);
          break;
        case NameUse::None:
          break;
      }
      if (target != UINT32_MAX) Occur(target, m.span(node), false);
    } else if (kind == NodeKind::ImportDecl) {
      NodeId literal = m.Child(node, NodeKind::String);
      if (literal.valid()) {
        std::string_view quoted = m.source(literal);
        std::string name(quoted.substr(1, quoted.size() >= 2 ? quoted.size() - 2 : 0));
        if (!name.ends_with(".ow")) name += ".ow";
        // The module the loader found for it: the one whose path ends in the name.
        for (const auto& [path, symbol] : module_paths_) {
          if (path == name || path.ends_with("/" + name)) {
            Occur(symbol, m.span(literal), false);
            break;
          }
        }
      }
    }
    for (NodeId child : m.children(node)) Walk(m, module, child, kind, ctx);
  }

  SymbolIndex& index_;
  const resolve::ModuleSet& modules_;
  const resolve::Declarations& decls_;
  std::map<std::pair<uint32_t, uint32_t>, uint32_t> by_node_;  // (module, node) → symbol
  std::vector<std::pair<std::string, uint32_t>> module_paths_;  // (path, symbol)
};

SymbolIndex::SymbolIndex(const resolve::ModuleSet& modules, const resolve::Declarations& decls) {
  Builder(*this, modules, decls).Run();
}

const Occurrence* SymbolIndex::At(FileId file, uint32_t offset) const {
  for (const Occurrence& o : occurrences_) {
    if (o.span.file.value == file.value && o.span.begin <= offset && offset <= o.span.end) {
      return &o;
    }
  }
  return nullptr;
}

std::vector<Occurrence> SymbolIndex::OccurrencesOf(uint32_t symbol) const {
  std::vector<Occurrence> out;
  for (const Occurrence& o : occurrences_) {
    if (o.symbol == symbol) out.push_back(o);
  }
  return out;
}

std::vector<uint32_t> SymbolIndex::Named(std::string_view name, Symbol::Kind kind) const {
  std::vector<uint32_t> out;
  for (uint32_t i = 0; i < symbols_.size(); ++i) {
    if (symbols_[i].kind == kind && symbols_[i].name == name) out.push_back(i);
  }
  return out;
}

uint32_t SymbolIndex::TemplateOf(uint32_t use) const {
  return use == UINT32_MAX ? UINT32_MAX : symbols_[use].instance_of;
}

std::vector<uint32_t> SymbolIndex::PortsOf(uint32_t component) const {
  std::vector<uint32_t> out;
  uint32_t templ = TemplateOf(component);
  for (uint32_t i = 0; i < symbols_.size(); ++i) {
    if (symbols_[i].kind == Kind::Port &&
        (symbols_[i].owner == component || (templ != UINT32_MAX && symbols_[i].owner == templ))) {
      out.push_back(i);
    }
  }
  return out;
}

std::string_view KindName(Symbol::Kind kind) {
  switch (kind) {
    case Kind::Component:
      return "component";
    case Kind::Template:
      return "template";
    case Kind::Param:
      return "param";
    case Kind::Role:
      return "role";
    case Kind::Placement:
      return "placement";
    case Kind::Data:
      return "config";
    case Kind::Port:
      return "port";
    case Kind::TemplateParam:
      return "template parameter";
    case Kind::Entry:
      return "entry";
    case Kind::Module:
      return "module";
  }
  return "";
}

}  // namespace whisk::lsp
