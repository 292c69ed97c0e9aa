// Components: declaring them and expanding templates into them.
#include <fmt/format.h>

#include <algorithm>

#include "compiler/check/checker.h"
#include "compiler/source/suggest.h"

namespace whisk::check {
namespace {

using sema::Kind;

std::optional<Kind> KindFromKeyword(std::string_view word) {
  if (word == "service") return Kind::Service;
  if (word == "stateful") return Kind::Stateful;
  if (word == "daemon") return Kind::Daemon;
  if (word == "job") return Kind::Job;
  if (word == "cron") return Kind::Cron;
  return std::nullopt;
}

}  // namespace

void Checker::DeclareComponents() {
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
    auto param_type = [&](NodeId param) {
      return ParseType(tmpl->module, tast.Nth(param, 1), true);
    };
    Scope use_scope{decl.module, nullptr};
    for (NodeId arg : ast.children(decl.node)) {
      if (ast.kind(arg) != NodeKind::TemplateArg) continue;
      std::string_view name = ast.source(ast.Nth(arg, 0));
      auto it =
          std::find_if(params.begin(), params.end(), [&](auto& p) { return p.first == name; });
      if (it == params.end()) {
        diags_
            .Report(DiagCode::UnknownTemplateArg, ast.span(ast.Nth(arg, 0)),
                    fmt::format("template `{}` has no parameter `{}`{}", component.from_template,
                                name, DidYouMean(name, param_names)))
            .With(tmpl->name_span, "template declared here");
        continue;
      }
      std::optional<Expect> expect = param_type(it->second);
      if (!expect) continue;
      if (std::optional<Value> value = Evaluate(use_scope, ast.Nth(arg, 1), *expect)) {
        bindings.push_back({name, std::move(*value)});
      }
    }
    for (const auto& [name, param] : params) {
      bool given =
          std::any_of(bindings.begin(), bindings.end(), [&](auto& b) { return b.name == name; });
      if (given) continue;
      NodeId def = tast.Child(param, NodeKind::TemplateParamDefault);
      if (!def.valid()) {
        bool mentioned = false;
        for (NodeId arg : ast.children(decl.node)) {
          mentioned |=
              ast.kind(arg) == NodeKind::TemplateArg && ast.source(ast.Nth(arg, 0)) == name;
        }
        if (!mentioned) {
          diags_
              .Report(DiagCode::MissingTemplateArg, ast.span(template_name),
                      fmt::format("template `{}` needs an argument `{}`", component.from_template,
                                  name))
              .With(tast.span(param), "parameter declared here");
        }
        continue;
      }
      std::optional<Expect> expect = param_type(param);
      if (!expect) continue;
      if (std::optional<Value> value =
              Evaluate(Scope{tmpl->module, nullptr}, tast.Nth(def, 0), *expect)) {
        bindings.push_back({name, std::move(*value)});
      }
    }
    BuildProperties(Scope{tmpl->module, &bindings}, tast.Child(tmpl->node, NodeKind::PropertyBlock),
                    component, false);
    if (NodeId overrides = ast.Child(decl.node, NodeKind::PropertyBlock); overrides.valid()) {
      BuildProperties(use_scope, overrides, component, true);
    }
  }
}

}  // namespace whisk::check
