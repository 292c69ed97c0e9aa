// Components: declaring them and expanding templates into them.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "compiler/check/checker.h"
#include "compiler/source/suggest.h"

namespace whisk::check {
namespace {

using sema::Kind;
using sema::KindFromKeyword;

/// The kind in `use TEMPLATE as KIND NAME`, or an invalid id without one.
NodeId ChosenKind(const ast::Module& ast, NodeId use) {
  NodeId as = ast.Child(use, NodeKind::UseAs);
  return as.valid() ? ast.Child(as, NodeKind::ComponentKind) : NodeId{};
}

}  // namespace

void Checker::DeclareComponents() {
  // Components are large: growing the vector would move every one of them.
  program_.components.reserve(std::count_if(
      decls_.decls.begin(), decls_.decls.end(),
      [](const Decl& d) { return d.kind == DeclKind::Component || d.kind == DeclKind::Use; }));
  for (uint32_t d = 0; d < decls_.decls.size(); ++d) {
    const Decl& decl = decls_.decls[d];
    if ((decl.kind != DeclKind::Component && decl.kind != DeclKind::Use) || decl.name.empty())
      continue;
    if (!Active(decl.guard) || symbols_[decl.name] != d) continue;
    const ast::Module& ast = Ast(decl.module);
    sema::Component component;
    component.name = decl.name;
    component.name_span = decl.name_span;
    component.span = ast.span(decl.node);
    component.source_dir = modules_.modules[decl.module].dir;
    if (decl.kind == DeclKind::Component) {
      component.kind = KindFromKeyword(ast.source(ast.Nth(decl.node, 0))).value_or(Kind::Service);
    } else {
      NodeId template_name = ast.Nth(decl.node, 0);
      component.from_template = ast.source(template_name);
      const Decl* tmpl = LookupTemplate(component.from_template);
      if (tmpl && tmpl->kind == DeclKind::Template) {
        component.kind = KindFromKeyword(Source(tmpl->module, Ast(tmpl->module).Nth(tmpl->node, 0)))
                             .value_or(Kind::Service);
      }
      // The kind chosen at the `use` wins; the template's is only its default.
      if (NodeId chosen = ChosenKind(ast, decl.node); chosen.valid()) {
        component.kind = KindFromKeyword(ast.source(chosen)).value_or(component.kind);
        component.kind_span = ast.span(chosen);
      }
    }
    entity_[d] = static_cast<uint32_t>(program_.components.size());
    component_decl_.push_back(d);
    program_.components.push_back(std::move(component));
  }
  bindings_.resize(program_.components.size());
}

void Checker::BuildComponents() {
  for (uint32_t id = 0; id < program_.components.size(); ++id) {
    const Decl& decl = decls_.decls[component_decl_[id]];
    sema::Component& component = program_.components[id];
    const ast::Module& ast = Ast(decl.module);
    if (decl.kind == DeclKind::Component) {
      BuildProperties(Scope{decl.module, nullptr}, ast.Child(decl.node, NodeKind::PropertyBlock),
                      component, false);
      continue;
    }
    // `use TEMPLATE(args) as NAME { overrides }`
    NodeId template_name = ast.Nth(decl.node, 0);
    const Decl* tmpl = LookupTemplate(component.from_template);
    if (!tmpl) {
      component.incomplete = true;  // its properties are unknown
      if (const Decl* other = Lookup(component.from_template)) {
        diags_
            .Report(DiagCode::WrongNameKind, ast.span(template_name),
                    fmt::format("`{}` is not a template", component.from_template))
            .With(other->name_span, "declared here");
      } else {
        std::vector<std::string_view> names;
        for (const auto& [name, index] : templates_) names.push_back(name);
        std::sort(names.begin(), names.end());
        diags_.Report(DiagCode::UnknownName, ast.span(template_name),
                      fmt::format("unknown template `{}`{}", component.from_template,
                                  DidYouMean(component.from_template, names)));
      }
      continue;
    }
    const ast::Module& tast = Ast(tmpl->module);
    std::vector<Binding>& bindings = bindings_[id];
    std::vector<std::pair<std::string_view, NodeId>> params;  // name → TemplateParam node
    std::vector<std::string_view> param_names;
    for (NodeId child : tast.children(tmpl->node)) {
      if (tast.kind(child) != NodeKind::TemplateParam) continue;
      params.emplace_back(tast.source(tast.Nth(child, 0)), child);
      param_names.push_back(params.back().first);
    }
    Scope use_scope{decl.module, nullptr};
    std::map<std::string_view, NodeId> args;
    for (NodeId arg : ast.children(decl.node)) {
      if (ast.kind(arg) != NodeKind::TemplateArg) continue;
      NodeId name = ast.Nth(arg, 0);
      if (std::find(param_names.begin(), param_names.end(), ast.source(name)) ==
          param_names.end()) {
        diags_
            .Report(DiagCode::UnknownTemplateArg, ast.span(name),
                    fmt::format("template `{}` has no parameter `{}`{}", component.from_template,
                                ast.source(name), DidYouMean(ast.source(name), param_names)))
            .With(tmpl->name_span, "template declared here");
      } else if (auto [it, fresh] = args.try_emplace(ast.source(name), arg); !fresh) {
        diags_
            .Report(DiagCode::DuplicateName, ast.span(name),
                    fmt::format("argument `{}` is given twice", ast.source(name)))
            .With(ast.span(ast.Nth(it->second, 0)), "first given here");
      }
    }
    // A template's signature is reported once, not at every `use`.
    bool report_types = checked_templates_.insert(tmpl).second;
    for (const auto& [name, param] : params) {
      Binding binding{name, {}, true};
      std::optional<Expect> expect =
          ParseType(tmpl->module, tast.Nth(param, 1), true, report_types);
      NodeId def = tast.Child(param, NodeKind::TemplateParamDefault);
      if (auto arg = args.find(name); arg != args.end()) {
        std::optional<Value> value =
            expect ? Evaluate(use_scope, ast.Nth(arg->second, 1), *expect) : std::nullopt;
        if (value) binding = {name, std::move(*value), false};
      } else if (def.valid()) {
        std::optional<Value> value =
            expect ? Evaluate(Scope{tmpl->module, nullptr}, tast.Nth(def, 0), *expect)
                   : std::nullopt;
        if (value) binding = {name, std::move(*value), false};
      } else {
        diags_
            .Report(
                DiagCode::MissingTemplateArg, ast.span(template_name),
                fmt::format("template `{}` needs an argument `{}`", component.from_template, name))
            .With(tast.span(param), "parameter declared here");
      }
      bindings.push_back(std::move(binding));
    }
    BuildProperties(Scope{tmpl->module, &bindings}, tast.Child(tmpl->node, NodeKind::PropertyBlock),
                    component, false);
    if (NodeId overrides = ast.Child(decl.node, NodeKind::PropertyBlock); overrides.valid()) {
      BuildProperties(use_scope, overrides, component, true);
    }
  }
}

}  // namespace whisk::check
