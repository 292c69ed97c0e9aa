#include "compiler/check/check.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "compiler/check/checker.h"
#include "compiler/check/names.h"
#include "compiler/source/suggest.h"

namespace whisk {
namespace check {

Checker::Checker(const resolve::ModuleSet& modules, const resolve::Declarations& decls,
                 const std::vector<values::Assignment>& values, const CheckOptions& options,
                 Diagnostics& diags)
    : modules_(modules), decls_(decls), values_(values), options_(options), diags_(diags) {
  guard_state_.assign(decls.guards.size(), -1);
  entity_.assign(decls.decls.size(), UINT32_MAX);
}

sema::Program Checker::Run() {
  CollectParams();
  ApplyValues();
  CheckChoiceComparisons();
  CheckExposeLists();
  BuildScope();
  CheckTopology();
  CheckRoles();
  DeclareComponents();  // before config entries, which may name components
  CheckData();
  BuildComponents();
  ResolvePortRefs();
  CheckComponentRules();
  CheckDependencies();
  CheckNames();
  return std::move(program_);
}

// ---------------------------------------------------------------- parameters

void Checker::CollectParams() {
  // First every parameter's name and type, so that ranges and defaults may
  // name parameters declared anywhere.
  std::vector<uint32_t> declared;
  for (uint32_t d = 0; d < decls_.decls.size(); ++d) {
    const Decl& decl = decls_.decls[d];
    if (decl.kind != DeclKind::Param || decl.name.empty()) continue;
    if (auto [it, fresh] = params_.try_emplace(decl.name, 0); !fresh) {
      diags_
          .Report(DiagCode::DuplicateName, decl.name_span,
                  fmt::format("parameter `{}` is declared twice", decl.name))
          .With(program_.params[it->second].span, "first declared here");
      continue;
    }
    sema::Param param;
    param.name = decl.name;
    param.span = decl.name_span;
    std::optional<Expect> type = ParseType(decl.module, Ast(decl.module).Nth(decl.node, 1), false);
    if (type) {
      param.type = type->type;
      param.element = type->element;
    } else {
      param.origin = sema::Param::Origin::Default;  // reported: not "unset" too
    }
    params_[decl.name] = static_cast<uint32_t>(program_.params.size());
    entity_[d] = static_cast<uint32_t>(program_.params.size());
    symbols_.try_emplace(decl.name, d);
    program_.params.push_back(std::move(param));
    declared.push_back(d);
  }
  for (uint32_t d : declared) EvaluateParam(decls_.decls[d], program_.params[entity_[d]]);
}

void Checker::EvaluateParam(const Decl& decl, sema::Param& param) {
  if (param.origin != sema::Param::Origin::Unset) return;  // its type is unknown
  const ast::Module& ast = Ast(decl.module);
  Scope scope{decl.module, nullptr};
  if (NodeId range = ast.Child(decl.node, NodeKind::ParamRange); range.valid()) {
    ReadRange(scope, range, param);
  }
  if (NodeId choices = ast.Child(decl.node, NodeKind::ParamChoices); choices.valid()) {
    ReadChoices(scope, choices, param);
  }
  if (NodeId def = ast.Child(decl.node, NodeKind::ParamDefault); def.valid()) {
    NodeId literal = ast.Nth(def, 0);
    param.value = Evaluate(scope, literal, {param.type, param.element});
    param.origin = sema::Param::Origin::Default;
    param.value_span = ast.span(literal);
    if (param.value && !CheckRange(*param.value, param)) param.value.reset();
  }
}

void Checker::ReadRange(const Scope& scope, NodeId clause, sema::Param& param) {
  const ast::Module& ast = Ast(scope.module);
  Expect expect{param.type, param.element};
  NodeId bounds = ast.Nth(clause, 0);
  param.range_span = ast.span(bounds);
  if (!IsOrdered(param.type)) {
    auto& d =
        diags_.Report(DiagCode::TypeMismatch, ast.span(clause),
                      fmt::format("a range needs a numeric type, not `{}`", TypeName(expect)));
    if (param.type == Type::String) d.Help("list the values it may take: `in [\"a\", \"b\"]`");
    return;
  }
  std::optional<Value> low = Evaluate(scope, ast.Nth(bounds, 0), expect);
  std::optional<Value> high = Evaluate(scope, ast.Nth(bounds, 1), expect);
  if (!low || !high) return;
  if (Measure(*low) > Measure(*high)) {
    diags_.Report(DiagCode::InvalidRange, ast.span(bounds),
                  fmt::format("empty range: {} is greater than {}", ast.source(ast.Nth(bounds, 0)),
                              ast.source(ast.Nth(bounds, 1))));
    return;
  }
  // Only a sound range constrains values; a broken one was reported.
  param.min = std::move(low);
  param.max = std::move(high);
}

void Checker::ApplyValues() {
  std::vector<std::string_view> names;
  for (const sema::Param& param : program_.params) names.push_back(param.name);
  for (const values::Assignment& assignment : values_) {
    auto it = params_.find(assignment.key);
    if (it == params_.end()) {
      diags_.Report(DiagCode::UnknownValuesKey, assignment.key_span,
                    fmt::format("no parameter named `{}`{}", assignment.key,
                                DidYouMean(assignment.key, names)));
      continue;
    }
    sema::Param& param = program_.params[it->second];
    std::optional<Value> value = FromValuesNode(assignment.value, param);
    if (!value) continue;
    if (!CheckRange(*value, param)) continue;
    param.value = std::move(value);
    param.value_span = assignment.value.span;
    param.origin = sema::Param::Origin::File;
  }
  for (const sema::Param& param : program_.params) {
    if (param.value || param.origin != sema::Param::Origin::Unset) continue;
    diags_
        .Report(DiagCode::RequiredParamUnset, param.span,
                fmt::format("parameter `{}` has no default and was given no value", param.name))
        .Help(fmt::format("pass `--set {}=VALUE` or set `{}:` in a values file given with `-f`",
                          param.name, param.name));
  }
}

// ---------------------------------------------------------------- scope

bool Checker::Active(uint32_t guard) {
  if (guard == UINT32_MAX) return true;
  if (guard_state_[guard] < 0) {
    const resolve::Guard& g = decls_.guards[guard];
    bool on = Active(g.parent);
    if (on && g.condition.valid()) {
      // The `then` and `else` guards share a condition: evaluate it once, so
      // that its errors are reported once.
      auto key = std::pair(g.module, g.condition.value);
      auto [it, fresh] = conditions_.try_emplace(key, false);
      if (fresh) it->second = EvaluateCondition(Scope{g.module, nullptr}, g.condition);
      on = it->second == g.expect;
    }
    guard_state_[guard] = on ? 1 : 0;
  }
  return guard_state_[guard] == 1;
}

void Checker::BuildScope() {
  // Parameters are in scope already (CollectParams), so that the conditions
  // deciding the other declarations can read them wherever they are declared.
  for (uint32_t d = 0; d < decls_.decls.size(); ++d) {
    const Decl& decl = decls_.decls[d];
    if (decl.name.empty() || decl.kind == DeclKind::Topology || decl.kind == DeclKind::Param) {
      continue;
    }
    if (!Active(decl.guard)) continue;
    // `use redis` names its instance after the template: templates have
    // their own namespace.
    auto& table = decl.kind == DeclKind::Template ? templates_ : symbols_;
    auto [it, fresh] = table.try_emplace(decl.name, d);
    if (fresh) continue;
    const Decl& first = decls_.decls[it->second];
    diags_
        .Report(DiagCode::DuplicateName, decl.name_span,
                fmt::format("`{}` is declared twice", decl.name))
        .With(first.name_span, "first declared here")
        .Help(decl.kind == DeclKind::Template
                  ? "template names must be unique"
                  : "components, parameters, roles, placements, configs and secrets share one "
                    "namespace");
  }
}

const Decl* Checker::LookupTemplate(std::string_view name) const {
  auto it = templates_.find(name);
  return it == templates_.end() ? nullptr : &decls_.decls[it->second];
}

const Decl* Checker::Lookup(std::string_view name) const {
  auto it = symbols_.find(name);
  return it == symbols_.end() ? nullptr : &decls_.decls[it->second];
}

void Checker::ReportUnknown(std::string_view name, Span span, std::string_view what) {
  // Suggestions cost a pass over every name: in a flood of errors nobody
  // reads past the first screenful, so stop offering them there.
  if (diags_.error_count() > 200) {
    diags_.Report(DiagCode::UnknownName, span, fmt::format("unknown {} `{}`", what, name));
    return;
  }
  for (const Decl& decl : decls_.decls) {
    if (decl.name != name || decl.kind == DeclKind::Template) continue;
    // Declared, but switched off: say so rather than suggest a spelling.
    diags_
        .Report(DiagCode::UnknownName, span,
                fmt::format("unknown {} `{}`: its declaration is switched off", what, name))
        .With(decl.name_span, "declared here, inside an `if` whose condition does not hold");
    return;
  }
  std::vector<std::string_view> candidates;
  for (const auto& [symbol, decl] : symbols_) candidates.push_back(symbol);
  std::sort(candidates.begin(), candidates.end());
  diags_.Report(DiagCode::UnknownName, span,
                fmt::format("unknown {} `{}`{}", what, name, DidYouMean(name, candidates)));
}

// ---------------------------------------------------------------- topology, roles, data

void Checker::CheckTopology() {
  Span namespace_span;
  for (const Decl& decl : decls_.decls) {
    if (decl.kind != DeclKind::Topology) continue;
    const ast::Module& ast = Ast(decl.module);
    Scope scope{decl.module, nullptr};
    program_.name = decl.name;
    program_.span = decl.name_span;
    for (NodeId prop : ast.children(decl.node)) {
      switch (ast.kind(prop)) {
        case NodeKind::TopologyNamespace:
          if (auto ns = EvaluatePlainString(scope, ast.Nth(prop, 0))) {
            program_.namespace_name = *ns;
            namespace_span = ast.span(ast.Nth(prop, 0));
          }
          break;
        case NodeKind::TopologyIsolate:
          program_.isolate = true;
          break;
        case NodeKind::TopologyWaitImage:
          if (auto image = EvaluatePlainString(scope, ast.Nth(prop, 0)))
            program_.wait_image = *image;
          break;
        default:
          break;
      }
    }
  }
  program_.instance = options_.instance.empty() ? sema::KubeName(program_.name) : options_.instance;
  if (!options_.namespace_name.empty()) {
    program_.namespace_name = options_.namespace_name;
    namespace_span = Span{};  // from the command line
  }
  bool from_context = false;
  if (program_.namespace_name.empty() && !options_.context_namespace.empty()) {
    program_.namespace_name = options_.context_namespace;
    program_.namespace_from_context = from_context = true;
  }
  if (program_.namespace_name.empty()) program_.namespace_name = "default";
  if (!sema::IsDns1123Label(program_.namespace_name)) {
    Diagnostic& d =
        diags_
            .Report(DiagCode::InvalidName, namespace_span,
                    fmt::format("namespace `{}` is not a valid DNS-1123 label",
                                program_.namespace_name))
            .Note(
                "lowercase letters, digits and `-`, starting and ending with a letter or digit, "
                "at most 63 characters");
    if (from_context) d.Note("it is the kubeconfig context's namespace; `--namespace` overrides it");
  }
}

sema::LabelSelector Checker::ReadLabelSelector(const Scope& scope, NodeId key, NodeId selector,
                                               std::string_view whose) {
  const ast::Module& ast = Ast(scope.module);
  sema::LabelSelector result;
  if (auto text = EvaluatePlainString(scope, key)) {
    result.key = *text;
    if (!sema::IsLabelKey(result.key)) {
      diags_.Report(DiagCode::InvalidLabelKey, ast.span(key),
                    fmt::format("`{}` is not a valid {} label key", result.key, whose));
    }
  }
  switch (ast.kind(selector)) {
    case NodeKind::SelectorEquals: {
      result.op = ast.source(ast.Nth(selector, 0)) == "==" ? sema::LabelSelector::Op::Equals
                                                           : sema::LabelSelector::Op::NotEquals;
      if (auto text = EvaluatePlainString(scope, ast.Nth(selector, 1)))
        result.values.push_back(*text);
      break;
    }
    case NodeKind::SelectorIn: {
      result.op = sema::LabelSelector::Op::In;
      if (auto list = Evaluate(scope, ast.Nth(selector, 0), {Type::List, Type::String})) {
        for (const Value& item : list->items) result.values.push_back(item.text);
        // Kubernetes rejects an `In` requirement without values.
        if (list->items.empty()) {
          diags_
              .Report(DiagCode::InvalidLabelKey, ast.span(selector),
                      fmt::format("`in` needs at least one {} label value", whose))
              .Help("list the values, or write `exists` for any value");
        }
      }
      break;
    }
    default:
      result.op = sema::LabelSelector::Op::Exists;
      break;
  }
  for (const std::string& value : result.values) {
    if (!sema::IsLabelValue(value)) {
      diags_.Report(DiagCode::InvalidLabelKey, ast.span(selector),
                    fmt::format("`{}` is not a valid {} label value", value, whose));
    }
  }
  return result;
}

void Checker::CheckRoles() {
  for (uint32_t d = 0; d < decls_.decls.size(); ++d) {
    const Decl& decl = decls_.decls[d];
    if (decl.kind != DeclKind::Role || !Active(decl.guard) || symbols_[decl.name] != d) continue;
    const ast::Module& ast = Ast(decl.module);
    sema::Role role;
    static_cast<sema::LabelSelector&>(role) = ReadLabelSelector(
        Scope{decl.module, nullptr}, ast.Nth(decl.node, 1), ast.Nth(decl.node, 2), "node");
    role.name = decl.name;
    role.span = decl.name_span;
    if (NodeId tainted = ast.Child(decl.node, NodeKind::Tainted); tainted.valid()) {
      // `tainted if COND`: decided now, like every condition, from the values.
      NodeId when = ast.Child(tainted, NodeKind::TaintedIf);
      role.tainted =
          !when.valid() || EvaluateCondition(Scope{decl.module, nullptr}, ast.Nth(when, 0));
      if (NodeId effect = ast.Child(tainted, NodeKind::TaintEffect); effect.valid())
        role.taint_effect = ast.source(effect);
    }
    entity_[d] = static_cast<uint32_t>(program_.roles.size());
    program_.roles.push_back(std::move(role));
  }
}

void Checker::CheckData() {
  for (uint32_t d = 0; d < decls_.decls.size(); ++d) {
    const Decl& decl = decls_.decls[d];
    if (decl.kind != DeclKind::Data || !Active(decl.guard) || symbols_[decl.name] != d) continue;
    const ast::Module& ast = Ast(decl.module);
    Scope scope{decl.module, nullptr};
    sema::DataObject data;
    data.name = decl.name;
    data.secret = ast.source(ast.Nth(decl.node, 0)) == "secret";
    data.span = decl.name_span;
    std::unordered_map<std::string, Span> seen;
    for (NodeId maker : ast.children(decl.node)) {
      if (ast.kind(maker) != NodeKind::DataMaker) continue;
      NodeId name = ast.Nth(maker, 0);
      const Decl* made_by = Lookup(ast.source(name));
      if (!made_by) {
        ReportUnknown(ast.source(name), ast.span(name), "component");
      } else if (made_by->kind != DeclKind::Component && made_by->kind != DeclKind::Use) {
        diags_
            .Report(DiagCode::WrongNameKind, ast.span(name),
                    fmt::format("`{}` is not a component", ast.source(name)))
            .With(made_by->name_span, "declared here");
      } else if (uint32_t id = EntityOf(*made_by); id != UINT32_MAX) {
        data.made_by = sema::ComponentId{id};
      }
    }
    for (NodeId entry : ast.children(decl.node)) {
      if (ast.kind(entry) != NodeKind::ConfigEntry) continue;
      sema::DataEntry item;
      NodeId key = ast.Nth(entry, 0);
      item.key = ast.kind(key) == NodeKind::Name ? std::string(ast.source(key))
                                                 : EvaluatePlainString(scope, key).value_or("");
      item.span = ast.span(key);
      NodeId body = ast.Nth(entry, 1);
      if (ast.kind(body) == NodeKind::EntryValue) {
        NodeId value = ast.Nth(body, 0);
        if (ast.kind(value) == NodeKind::String) {
          item.value = EvaluateString(scope, value, true);
        } else if (auto v = Evaluate(scope, value, {Type::String})) {
          item.value = sema::Interpolated{
              {sema::StringPart{sema::StringPart::Kind::Text, v->text, {}, UINT32_MAX, v->span}},
              v->span};
        }
      } else if (auto path = EvaluatePlainString(scope, ast.Nth(body, 0))) {
        item.file = (std::filesystem::path(modules_.modules[decl.module].dir) / *path)
                        .lexically_normal()
                        .string();
      }
      if (auto [it, fresh] = seen.try_emplace(item.key, item.span); !fresh) {
        diags_
            .Report(DiagCode::DuplicateName, item.span,
                    fmt::format("key `{}` is given twice", item.key))
            .With(it->second, "first given here");
        continue;
      }
      data.entries.push_back(std::move(item));
    }
    entity_[d] = static_cast<uint32_t>(program_.data.size());
    program_.data.push_back(std::move(data));
  }
}

}  // namespace check

sema::Program Check(const resolve::ModuleSet& modules, const resolve::Declarations& decls,
                    const std::vector<values::Assignment>& values, const CheckOptions& options,
                    Diagnostics& diags) {
  check::Checker checker(modules, decls, values, options, diags);
  return checker.Run();
}

}  // namespace whisk
