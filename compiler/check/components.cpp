// Components: declaring them, expanding templates, and reading each property
// into sema::Component.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "compiler/check/checker.h"
#include "compiler/check/names.h"
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

/// Which kinds a property applies to; empty means all.
constexpr Kind kLongRunning[] = {Kind::Service, Kind::Stateful, Kind::Daemon};

bool Applies(NodeKind property, Kind kind, std::string_view* name) {
  auto in = [&](std::initializer_list<Kind> kinds) {
    return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
  };
  switch (property) {
    case NodeKind::ReplicasProp: *name = "replicas"; return in({Kind::Service, Kind::Stateful});
    case NodeKind::AutoscaleProp: *name = "autoscale"; return in({Kind::Service, Kind::Stateful});
    case NodeKind::BudgetProp: *name = "budget"; return in({Kind::Service, Kind::Stateful, Kind::Daemon});
    case NodeKind::ScheduleProp: *name = "schedule"; return in({Kind::Cron});
    case NodeKind::RetriesProp: *name = "retries"; return in({Kind::Job, Kind::Cron});
    case NodeKind::ExposeProp:
      *name = "expose";
      return std::find(std::begin(kLongRunning), std::end(kLongRunning), kind) != std::end(kLongRunning);
    default: return true;
  }
}

std::string_view KindsFor(NodeKind property) {
  switch (property) {
    case NodeKind::ReplicasProp:
    case NodeKind::AutoscaleProp: return "`service` and `stateful`";
    case NodeKind::BudgetProp:
    case NodeKind::ExposeProp: return "`service`, `stateful` and `daemon`";
    case NodeKind::ScheduleProp: return "`cron`";
    case NodeKind::RetriesProp: return "`job` and `cron`";
    default: return "every kind";
  }
}

/// Properties that may be given once per block; the rest accumulate.
bool IsSingle(NodeKind kind) {
  switch (kind) {
    case NodeKind::ImageProp:
    case NodeKind::RunProp:
    case NodeKind::ArgsProp:
    case NodeKind::ReplicasProp:
    case NodeKind::AutoscaleProp:
    case NodeKind::BudgetProp:
    case NodeKind::ScheduleProp:
    case NodeKind::RetriesProp: return true;
    default: return false;
  }
}

/// Replaces an item with the same name from an earlier layer (a template
/// body, when this is a `use` override), or appends it.
template <typename T, typename Report>
void Upsert(std::vector<T>& items, size_t layer_start, T item, Report duplicate) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].name != item.name) continue;
    if (i >= layer_start) {
      duplicate(items[i]);
      return;
    }
    items[i] = std::move(item);
    return;
  }
  items.push_back(std::move(item));
}

}  // namespace

void Checker::DeclareComponents() {
  for (uint32_t d = 0; d < decls_.decls.size(); ++d) {
    const Decl& decl = decls_.decls[d];
    if ((decl.kind != DeclKind::Component && decl.kind != DeclKind::Use) || decl.name.empty()) continue;
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
      const Decl* tmpl = Lookup(component.from_template);
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
    const Decl* tmpl = Lookup(component.from_template);
    if (!tmpl) {
      ReportUnknown(component.from_template, ast.span(template_name), "template");
      continue;
    }
    if (tmpl->kind != DeclKind::Template) {
      diags_.Report(DiagCode::WrongNameKind, ast.span(template_name),
                    fmt::format("`{}` is not a template", component.from_template))
          .With(tmpl->name_span, "declared here");
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
    auto param_type = [&](NodeId param) -> std::optional<Expect> {
      NodeId type = tast.Nth(param, 1);
      if (tast.kind(type) == NodeKind::ListType) {
        return Expect{Type::List, Type::String};
      }
      std::string_view name = tast.source(type);
      static constexpr std::pair<std::string_view, Type> kTypes[] = {
          {"int", Type::Int},         {"bool", Type::Bool},       {"string", Type::String},
          {"quantity", Type::Quantity}, {"duration", Type::Duration}, {"port", Type::Port},
          {"percent", Type::Percent}, {"component", Type::Component}};
      for (const auto& [type_name, type_value] : kTypes) {
        if (type_name == name) return Expect{type_value};
      }
      diags_.Report(DiagCode::UnknownType, tast.span(type), fmt::format("unknown type `{}`", name))
          .Help("template parameters are `int`, `bool`, `string`, `quantity`, `duration`, `port`, `percent`, `component` or `list[T]`");
      return std::nullopt;
    };
    Scope use_scope{decl.module, nullptr};
    for (NodeId arg : ast.children(decl.node)) {
      if (ast.kind(arg) != NodeKind::TemplateArg) continue;
      std::string_view name = ast.source(ast.Nth(arg, 0));
      auto it = std::find_if(params.begin(), params.end(), [&](auto& p) { return p.first == name; });
      if (it == params.end()) {
        diags_.Report(DiagCode::UnknownTemplateArg, ast.span(ast.Nth(arg, 0)),
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
      bool given = std::any_of(bindings.begin(), bindings.end(), [&](auto& b) { return b.name == name; });
      if (given) continue;
      NodeId def = tast.Child(param, NodeKind::TemplateParamDefault);
      if (!def.valid()) {
        bool mentioned = false;
        for (NodeId arg : ast.children(decl.node)) {
          mentioned |= ast.kind(arg) == NodeKind::TemplateArg && ast.source(ast.Nth(arg, 0)) == name;
        }
        if (!mentioned) {
          diags_.Report(DiagCode::MissingTemplateArg, ast.span(template_name),
                        fmt::format("template `{}` needs an argument `{}`", component.from_template, name))
              .With(tast.span(param), "parameter declared here");
        }
        continue;
      }
      std::optional<Expect> expect = param_type(param);
      if (!expect) continue;
      if (std::optional<Value> value = Evaluate(Scope{tmpl->module, nullptr}, tast.Nth(def, 0), *expect)) {
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

void Checker::BuildProperties(const Scope& scope, NodeId block, sema::Component& c, bool overlay) {
  if (!block.valid()) return;
  const ast::Module& ast = Ast(scope.module);
  // Per layer: where each list started, and which single properties were set.
  size_t ports_start = overlay ? c.ports.size() : 0, env_start = overlay ? c.env.size() : 0;
  size_t storage_start = overlay ? c.storage.size() : 0;
  std::unordered_map<NodeKind, Span> singles;
  auto span = [&](NodeId node) { return ast.span(node); };
  auto str = [&](NodeId node) { return EvaluatePlainString(scope, node); };

  std::vector<NodeId> pending(1, block);
  std::vector<NodeId> props;
  // Flatten `if` blocks whose condition holds into this layer.
  auto flatten = [&](auto&& self, NodeId from) -> void {
    for (NodeId prop : ast.children(from)) {
      if (ast.kind(prop) != NodeKind::PropIf) {
        props.push_back(prop);
        continue;
      }
      for (NodeId branch = prop; branch.valid();) {
        NodeId body = ast.Child(branch, NodeKind::PropertyBlock);
        if (EvaluateCondition(scope, ast.Nth(branch, 0))) {
          self(self, body);
          break;
        }
        NodeId otherwise = ast.Child(branch, NodeKind::PropElse);
        if (!otherwise.valid()) break;
        NodeId next = ast.Nth(otherwise, 0);
        if (ast.kind(next) == NodeKind::PropIf) {
          branch = next;
        } else {
          self(self, next);
          break;
        }
      }
    }
  };
  flatten(flatten, block);

  for (NodeId prop : props) {
    NodeKind kind = ast.kind(prop);
    std::string_view property_name;
    if (!Applies(kind, c.kind, &property_name)) {
      diags_.Report(DiagCode::PropertyNotForKind, span(prop),
                    fmt::format("`{}` does not apply to a `{}`", property_name, sema::KindName(c.kind)))
          .With(c.name_span, fmt::format("`{} {}` declared here", sema::KindName(c.kind), c.name))
          .Note(fmt::format("`{}` applies to {}", property_name, KindsFor(kind)));
      continue;
    }
    if (IsSingle(kind)) {
      if (auto [it, fresh] = singles.try_emplace(kind, span(prop)); !fresh) {
        std::string_view word = ast.source(prop).substr(0, ast.source(prop).find_first_of(" \t\n"));
        diags_.Report(DiagCode::DuplicateProperty, span(prop), fmt::format("`{}` is given twice", word))
            .With(it->second, "first given here");
        continue;
      }
    }
    switch (kind) {
      case NodeKind::ImageProp:
        if (auto image = str(ast.Nth(prop, 0))) {
          c.image = *image;
          c.image_span = span(ast.Nth(prop, 0));
        }
        break;
      case NodeKind::RunProp:
      case NodeKind::ArgsProp: {
        std::vector<std::string>& target = kind == NodeKind::RunProp ? c.command : c.args;
        target.clear();
        for (NodeId part : ast.children(prop)) target.push_back(str(part).value_or(""));
        break;
      }
      case NodeKind::PortProp:
        for (NodeId def : ast.children(prop)) {
          sema::Port port;
          port.name = ast.source(ast.Nth(def, 0));
          port.span = span(def);
          port.udp = ast.Child(def, NodeKind::Udp).valid();
          std::optional<Value> number = Evaluate(scope, ast.Nth(def, 1), {Type::Port});
          if (!number) continue;
          port.number = static_cast<int32_t>(number->integer);
          for (size_t i = ports_start; i < c.ports.size(); ++i) {
            if (c.ports[i].number == port.number && c.ports[i].udp == port.udp && c.ports[i].name != port.name) {
              diags_.Report(DiagCode::DuplicatePort, span(ast.Nth(def, 1)),
                            fmt::format("port number {} is already used by port `{}`", port.number, c.ports[i].name))
                  .With(c.ports[i].span, "first used here");
            }
          }
          Upsert(c.ports, ports_start, port, [&](const sema::Port& first) {
            diags_.Report(DiagCode::DuplicatePort, port.span, fmt::format("port `{}` is declared twice", port.name))
                .With(first.span, "first declared here");
          });
        }
        break;
      case NodeKind::EnvProp:
        for (NodeId def : ast.children(prop)) {
          sema::EnvVar var;
          var.name = ast.source(ast.Nth(def, 0));
          var.span = span(def);
          NodeId value = ast.Nth(def, 1);
          switch (ast.kind(value)) {
            case NodeKind::EnvConfig:
            case NodeKind::EnvSecret: {
              bool secret = ast.kind(value) == NodeKind::EnvSecret;
              var.source = secret ? sema::EnvVar::Source::SecretKey : sema::EnvVar::Source::ConfigKey;
              NodeId ref = ast.Nth(value, 0);
              std::string_view path = ast.source(ref);
              size_t dot = path.find('.');
              std::string_view data_name = path.substr(0, dot);
              if (dot == std::string_view::npos) {
                diags_.Report(DiagCode::UnknownConfigKey, span(ref),
                              fmt::format("`{}` names a {} but no key", path, secret ? "secret" : "config"))
                    .Help(fmt::format("write `{} {}.KEY`", secret ? "secret" : "config", path));
                continue;
              }
              var.key = std::string(path.substr(dot + 1));
              const Decl* decl = Lookup(data_name);
              if (!decl) {
                ReportUnknown(data_name, span(ref), secret ? "secret" : "config");
                continue;
              }
              uint32_t data = entity_[static_cast<size_t>(decl - decls_.decls.data())];
              if (decl->kind != DeclKind::Data || data == UINT32_MAX || program_.data[data].secret != secret) {
                diags_.Report(DiagCode::WrongNameKind, span(ref),
                              fmt::format("`{}` is not a {}", data_name, secret ? "secret" : "config"))
                    .With(decl->name_span, "declared here");
                continue;
              }
              var.data = sema::DataId{data};
              const sema::DataObject& object = program_.data[data];
              bool found = false;
              std::vector<std::string_view> keys;
              for (const sema::DataEntry& entry : object.entries) {
                found |= entry.key == var.key;
                keys.push_back(entry.key);
              }
              if (!found) {
                diags_.Report(DiagCode::UnknownConfigKey, span(ref),
                              fmt::format("{} `{}` has no key `{}`{}", secret ? "secret" : "config",
                                          data_name, var.key, DidYouMean(var.key, keys)))
                    .With(object.span, "declared here");
                continue;
              }
              break;
            }
            case NodeKind::EnvField: {
              var.source = sema::EnvVar::Source::Field;
              if (auto field = EvaluateString(scope, ast.Nth(value, 0), false)) var.value = *field;
              break;
            }
            case NodeKind::String: {
              std::optional<sema::Interpolated> text = EvaluateString(scope, value, true);
              if (!text) continue;
              var.value = std::move(*text);
              break;
            }
            default: {
              // A parameter or a literal number or boolean: its text.
              std::string text(ast.source(value));
              if (ast.kind(value) == NodeKind::Path) {
                auto it = params_.find(text);
                Expect expect{Type::String};
                if (it != params_.end()) expect = {program_.params[it->second].type};
                if (scope.bindings) {
                  for (const Binding& b : *scope.bindings) {
                    if (b.name == text) expect = {b.value.type, b.value.element};
                  }
                }
                std::optional<Value> v = Evaluate(scope, value, expect);
                if (!v) continue;
                if (v->type == Type::List || v->type == Type::Component) {
                  diags_.Report(DiagCode::TypeMismatch, span(value),
                                fmt::format("an environment variable cannot hold a {}", TypeName(expect)));
                  continue;
                }
                text = v->type == Type::Bool ? (v->integer ? "true" : "false")
                       : v->type == Type::String || v->type == Type::Quantity || v->type == Type::Duration
                           ? v->text
                       : v->type == Type::Percent ? std::to_string(v->integer) + "%"
                                                  : std::to_string(v->integer);
              }
              var.value = sema::Interpolated{{sema::StringPart{sema::StringPart::Kind::Text, text, {}, UINT32_MAX, span(value)}}, span(value)};
              break;
            }
          }
          if (!sema::IsEnvName(var.name)) {
            diags_.Report(DiagCode::InvalidEnvName, span(ast.Nth(def, 0)),
                          fmt::format("`{}` is not a valid environment variable name", var.name));
          }
          Upsert(c.env, env_start, std::move(var), [&](const sema::EnvVar& first) {
            diags_.Report(DiagCode::DuplicateName, span(def),
                          fmt::format("environment variable `{}` is set twice", first.name))
                .With(first.span, "first set here");
          });
        }
        break;
      case NodeKind::ResourceProp: {
        bool cpu = ast.source(ast.Nth(prop, 0)) == "cpu";
        sema::Resource& resource = cpu ? c.cpu : c.memory;
        resource = {};
        resource.span = span(prop);
        std::optional<Value> request = Evaluate(scope, ast.Nth(prop, 1), {Type::Quantity});
        if (request) resource.request = request->quantity;
        if (NodeId limit_node = ast.Nth(prop, 2); limit_node.valid()) {
          std::optional<Value> limit = Evaluate(scope, limit_node, {Type::Quantity});
          if (limit) resource.limit = limit->quantity;
          if (request && limit && request->quantity.milli > limit->quantity.milli) {
            diags_.Report(DiagCode::OutOfRange, span(prop),
                          fmt::format("{} request {} is more than its limit {}", cpu ? "cpu" : "memory",
                                      request->quantity.text, limit->quantity.text))
                .Help("write `REQUEST..LIMIT` with the request first");
          }
        }
        break;
      }
      case NodeKind::ProbeProp: {
        bool ready = ast.source(ast.Nth(prop, 0)) == "ready";
        if (ready && (c.kind == Kind::Job || c.kind == Kind::Cron)) {
          diags_.Report(DiagCode::PropertyNotForKind, span(prop),
                        fmt::format("`ready` does not apply to a `{}`", sema::KindName(c.kind)))
              .With(c.name_span, fmt::format("`{} {}` declared here", sema::KindName(c.kind), c.name))
              .Note("a job is ready when it has completed; those who need it wait for that");
          break;
        }
        sema::Probe& probe = ready ? c.readiness : c.liveness;
        probe = {};
        probe.span = span(prop);
        NodeId check = ast.Nth(prop, 1);
        switch (ast.kind(check)) {
          case NodeKind::ProbeHttp:
            probe.kind = sema::Probe::Kind::Http;
            probe.path = str(ast.Nth(check, 0)).value_or("/");
            probe.port_name = ast.source(ast.Nth(check, 1));
            probe.port_span = span(ast.Nth(check, 1));
            break;
          case NodeKind::ProbeTcp:
            probe.kind = sema::Probe::Kind::Tcp;
            probe.port_name = ast.source(ast.Nth(check, 0));
            probe.port_span = span(ast.Nth(check, 0));
            break;
          case NodeKind::ProbeExec:
            probe.kind = sema::Probe::Kind::Exec;
            for (NodeId part : ast.children(check)) probe.command.push_back(str(part).value_or(""));
            break;
          default:
            probe.kind = sema::Probe::Kind::Endpoints;
            if (!ready) {
              diags_.Report(DiagCode::ReadyOnNeedless, span(check),
                            "`endpoints` can only say when a component is ready, not whether it is alive")
                  .Help("use `live http`, `live tcp` or `live exec`");
            }
            break;
        }
        for (NodeId option : ast.children(prop)) {
          if (ast.kind(option) != NodeKind::ProbeOption) continue;
          std::string_view word = ast.source(ast.Nth(option, 0));
          if (word == "failures") {
            if (auto v = Evaluate(scope, ast.Nth(option, 1), {Type::Int})) {
              if (v->integer < 1) {
                diags_.Report(DiagCode::OutOfRange, v->span, "`failures` must be at least 1");
              }
              probe.failures = v->integer;
            }
            continue;
          }
          std::optional<Value> v = Evaluate(scope, ast.Nth(option, 1), {Type::Duration});
          if (!v) continue;
          if (word != "after" && v->duration.millis < 1000) {
            diags_.Report(DiagCode::OutOfRange, v->span,
                          fmt::format("`{}` must be at least 1s: Kubernetes counts probes in whole seconds", word));
          }
          (word == "every" ? probe.every : word == "after" ? probe.after : probe.timeout) = v->duration;
        }
        break;
      }
      case NodeKind::StorageProp: {
        sema::Storage storage;
        storage.name = ast.source(ast.Nth(prop, 0));
        storage.span = span(prop);
        if (auto size = Evaluate(scope, ast.Nth(prop, 1), {Type::Quantity})) storage.size = size->quantity;
        storage.path = str(ast.Nth(prop, 2)).value_or("");
        for (NodeId option : ast.children(prop)) {
          switch (ast.kind(option)) {
            case NodeKind::StorageShared: storage.shared = true; break;
            case NodeKind::StorageClass: storage.storage_class = str(ast.Nth(option, 0)).value_or(""); break;
            case NodeKind::StorageClaim: storage.claim = str(ast.Nth(option, 0)).value_or(""); break;
            case NodeKind::StorageAccess: {
              std::string_view mode = ast.source(ast.Nth(option, 0));
              static constexpr std::string_view kModes[] = {"rwo", "rwx", "rox", "rwop"};
              if (mode == "rwo") storage.access = sema::AccessMode::ReadWriteOnce;
              else if (mode == "rwx") storage.access = sema::AccessMode::ReadWriteMany;
              else if (mode == "rox") storage.access = sema::AccessMode::ReadOnlyMany;
              else if (mode == "rwop") storage.access = sema::AccessMode::ReadWriteOncePod;
              else {
                diags_.Report(DiagCode::UnknownName, span(ast.Nth(option, 0)),
                              fmt::format("unknown access mode `{}`{}", mode, DidYouMean(mode, kModes)))
                    .Note("access modes are `rwo` (ReadWriteOnce), `rwx` (ReadWriteMany), `rox` (ReadOnlyMany) and `rwop` (ReadWriteOncePod)");
              }
              break;
            }
            case NodeKind::StorageIf: storage.persistent = EvaluateCondition(scope, ast.Nth(option, 0)); break;
            default: break;
          }
        }
        Upsert(c.storage, storage_start, std::move(storage), [&](const sema::Storage& first) {
          diags_.Report(DiagCode::DuplicateName, span(ast.Nth(prop, 0)),
                        fmt::format("storage `{}` is declared twice", first.name))
              .With(first.span, "first declared here");
        });
        break;
      }
      case NodeKind::FilesProp: {
        sema::Files files;
        files.span = span(prop);
        files.path = str(ast.Nth(prop, 0)).value_or("");
        bool first = true;
        for (NodeId source : ast.children(prop)) {
          if (first) {
            first = false;
            continue;
          }
          if (auto file = str(source)) {
            files.sources.push_back(
                (std::filesystem::path(modules_.modules[scope.module].dir) / *file).lexically_normal().string());
          }
        }
        c.files.push_back(std::move(files));
        break;
      }
      case NodeKind::MountProp: {
        NodeId name = ast.Nth(prop, 0);
        const Decl* decl = Lookup(ast.source(name));
        if (!decl) {
          ReportUnknown(ast.source(name), span(name), "config or secret");
          break;
        }
        uint32_t data = entity_[static_cast<size_t>(decl - decls_.decls.data())];
        if (decl->kind != DeclKind::Data || data == UINT32_MAX) {
          diags_.Report(DiagCode::WrongNameKind, span(name),
                        fmt::format("`{}` is not a config or a secret", ast.source(name)))
              .With(decl->name_span, "declared here");
          break;
        }
        c.mounts.push_back({sema::DataId{data}, str(ast.Nth(prop, 1)).value_or(""), span(prop)});
        break;
      }
      case NodeKind::ScratchProp:
        c.scratch.push_back({ast.source(ast.Nth(prop, 0)), str(ast.Nth(prop, 1)).value_or(""), span(prop)});
        break;
      case NodeKind::NeedsProp:
        for (NodeId need : ast.children(prop)) {
          NodeId name = ast.Nth(need, 0);
          std::optional<uint32_t> target = ResolveComponent(scope, ast.source(name), span(name));
          if (!target) continue;
          sema::Need item;
          item.target = sema::ComponentId{*target};
          item.span = span(need);
          if (NodeId condition = ast.Child(need, NodeKind::NeedCondition); condition.valid()) {
            std::string_view word = ast.source(condition);
            item.condition = word == "started" ? sema::Condition::Started
                             : word == "completed" ? sema::Condition::Completed
                                                   : sema::Condition::Ready;
          }
          item.always = ast.Child(need, NodeKind::NeedAlways).valid();
          c.needs.push_back(item);
        }
        break;
      case NodeKind::PlaceProp: AddPlacement(scope, ast.Nth(prop, 0), c, 0); break;
      case NodeKind::ReplicasProp:
        if (auto v = Evaluate(scope, ast.Nth(prop, 0), {Type::Int})) {
          if (v->integer < 0 || v->integer > INT32_MAX) {
            diags_.Report(DiagCode::OutOfRange, v->span,
                          fmt::format("replicas must be between 0 and {}, not {}", INT32_MAX, v->integer));
          } else {
            c.replicas = static_cast<int32_t>(v->integer);
            c.replicas_span = span(prop);
          }
        }
        break;
      case NodeKind::AutoscaleProp: {
        sema::Autoscale autoscale;
        autoscale.span = span(prop);
        auto low = Evaluate(scope, ast.Nth(prop, 0), {Type::Int});
        auto high = Evaluate(scope, ast.Nth(prop, 1), {Type::Int});
        std::string_view metric = ast.source(ast.Nth(prop, 2));
        auto percent = Evaluate(scope, ast.Nth(prop, 3), {Type::Percent});
        if (metric != "cpu" && metric != "memory") {
          static constexpr std::string_view kMetrics[] = {"cpu", "memory"};
          diags_.Report(DiagCode::UnknownName, span(ast.Nth(prop, 2)),
                        fmt::format("unknown metric `{}`{}", metric, DidYouMean(metric, kMetrics)))
              .Note("autoscale `on cpu P%` or `on memory P%`");
          break;
        }
        if (!low || !high || !percent) break;
        if (low->integer < 1 || high->integer > INT32_MAX) {
          diags_.Report(DiagCode::OutOfRange, span(ast.Nth(prop, 0)), "autoscale needs at least 1 replica");
          break;
        }
        if (low->integer > high->integer) {
          diags_.Report(DiagCode::InvalidRange, span(prop),
                        fmt::format("empty range: {} is greater than {}", low->integer, high->integer));
          break;
        }
        if (percent->integer < 1 || percent->integer > 1000) {
          diags_.Report(DiagCode::OutOfRange, percent->span, "a target utilization must be between 1% and 1000%");
          break;
        }
        autoscale.min = static_cast<int32_t>(low->integer);
        autoscale.max = static_cast<int32_t>(high->integer);
        autoscale.memory = metric == "memory";
        autoscale.percent = static_cast<int32_t>(percent->integer);
        c.autoscale = autoscale;
        break;
      }
      case NodeKind::BudgetProp: {
        std::string_view which = ast.source(ast.Nth(prop, 0));
        if (which != "max_unavailable" && which != "min_available") {
          static constexpr std::string_view kBudgets[] = {"max_unavailable", "min_available"};
          diags_.Report(DiagCode::UnknownName, span(ast.Nth(prop, 0)),
                        fmt::format("unknown budget `{}`{}", which, DidYouMean(which, kBudgets)))
              .Note("a budget is `max_unavailable N` or `min_available N`, N a count or a percentage");
          break;
        }
        NodeId amount = ast.Nth(prop, 1);
        bool percent = ast.source(amount).ends_with("%");
        auto v = Evaluate(scope, amount, {percent ? Type::Percent : Type::Int});
        if (!v) break;
        if (v->integer < 0 || (percent && v->integer > 100)) {
          diags_.Report(DiagCode::OutOfRange, v->span, fmt::format("a budget of {} is out of range", ast.source(amount)));
          break;
        }
        c.budget = sema::Budget{which == "max_unavailable", static_cast<int32_t>(v->integer), percent, span(prop)};
        break;
      }
      case NodeKind::ExposeProp:
        for (NodeId item : ast.children(prop)) {
          sema::Expose expose{};
          expose.span = span(item);
          if (ast.kind(item) == NodeKind::ExposeHeadless) {
            expose.type = sema::Expose::Type::Headless;
            c.expose.push_back(std::move(expose));
            continue;
          }
          expose.port_name = ast.source(ast.Nth(item, 0));
          expose.port_span = span(ast.Nth(item, 0));
          expose.type = sema::Expose::Type::ClusterIP;
          NodeId how = ast.Nth(item, 1);
          if (how.valid()) {
            switch (ast.kind(how)) {
              case NodeKind::ExposeNodePort: {
                expose.type = sema::Expose::Type::NodePort;
                if (NodeId number = ast.Nth(how, 0); number.valid()) {
                  if (auto v = Evaluate(scope, number, {Type::Port})) {
                    if (v->integer < 30000 || v->integer > 32767) {
                      diags_.Report(DiagCode::NodePortRange, v->span,
                                    fmt::format("node port {} is outside 30000-32767", v->integer))
                          .Note("Kubernetes' default service node port range is 30000-32767");
                    }
                    expose.node_port = static_cast<int32_t>(v->integer);
                  }
                }
                break;
              }
              case NodeKind::ExposeLoadBalancer: expose.type = sema::Expose::Type::LoadBalancer; break;
              case NodeKind::ExposeIngress: {
                expose.type = sema::Expose::Type::Ingress;
                expose.host = str(ast.Nth(how, 0)).value_or("");
                if (!expose.host.empty() && !sema::IsDns1123Subdomain(expose.host)) {
                  diags_.Report(DiagCode::InvalidName, span(ast.Nth(how, 0)),
                                fmt::format("`{}` is not a valid host name", expose.host));
                }
                for (NodeId option : ast.children(how)) {
                  if (ast.kind(option) != NodeKind::IngressOption) continue;
                  std::string value = str(ast.Nth(option, 1)).value_or("");
                  if (ast.source(ast.Nth(option, 0)) == "path") {
                    expose.path = value;
                    if (!value.starts_with("/")) {
                      diags_.Report(DiagCode::InvalidName, span(ast.Nth(option, 1)),
                                    fmt::format("ingress path `{}` must start with `/`", value));
                    }
                  } else {
                    expose.tls_secret = value;
                  }
                }
                break;
              }
              default: break;
            }
          }
          c.expose.push_back(std::move(expose));
        }
        break;
      case NodeKind::CanProp: {
        sema::Permission permission;
        permission.span = span(prop);
        for (NodeId child : ast.children(prop)) {
          (ast.kind(child) == NodeKind::Verb ? permission.verbs : permission.resources)
              .emplace_back(ast.source(child));
        }
        c.permissions.push_back(std::move(permission));
        break;
      }
      case NodeKind::ScheduleProp:
        if (auto schedule = str(ast.Nth(prop, 0))) {
          c.schedule = *schedule;
          size_t fields = 0;
          bool in_field = false;
          for (char ch : *schedule) {
            if (ch == ' ' || ch == '\t') {
              in_field = false;
            } else if (!in_field) {
              in_field = true;
              ++fields;
            }
          }
          bool macro = schedule->starts_with("@");
          if ((!macro && fields != 5) || (macro && fields != 1)) {
            diags_.Report(DiagCode::InvalidSchedule, span(ast.Nth(prop, 0)),
                          fmt::format("a cron schedule has 5 fields, found {}", fields))
                .Help("write `minute hour day-of-month month day-of-week`, as in \"*/5 * * * *\", or `@hourly`");
          }
        }
        break;
      case NodeKind::RetriesProp:
        if (auto v = Evaluate(scope, ast.Nth(prop, 0), {Type::Int})) {
          if (v->integer < 0 || v->integer > 1000) {
            diags_.Report(DiagCode::OutOfRange, v->span, "retries must be between 0 and 1000");
          } else {
            c.retries = static_cast<int32_t>(v->integer);
          }
        }
        break;
      case NodeKind::PatchProp: {
        // The raw object as JSON; lowering merges it into the generated object.
        auto convert = [&](auto&& self, NodeId node) -> nlohmann::ordered_json {
          switch (ast.kind(node)) {
            case NodeKind::ObjectLit: {
              nlohmann::ordered_json object = nlohmann::ordered_json::object();
              for (NodeId member : ast.children(node)) {
                NodeId key = ast.Nth(member, 0);
                std::string k = ast.kind(key) == NodeKind::Name ? std::string(ast.source(key)) : str(key).value_or("");
                object[k] = self(self, ast.Nth(member, 1));
              }
              return object;
            }
            case NodeKind::List: {
              nlohmann::ordered_json array = nlohmann::ordered_json::array();
              for (NodeId item : ast.children(node)) array.push_back(self(self, item));
              return array;
            }
            case NodeKind::Bool: return ast.source(node) == "true";
            case NodeKind::Number: {
              std::string_view text = ast.source(node);
              auto [digits, unit] = std::pair(text, std::string_view());
              if (text.find_first_not_of("-0123456789") == std::string_view::npos) {
                return std::stoll(std::string(text));
              }
              if (text.find_first_not_of("-0123456789.") == std::string_view::npos) {
                return std::stod(std::string(text));
              }
              (void)digits;
              (void)unit;
              return std::string(text);
            }
            case NodeKind::Path:
              if (ast.source(node) == "null") return nullptr;
              if (auto v = Evaluate(scope, node, {Type::String})) return v->text;
              return nullptr;
            default:
              return str(node).value_or("");
          }
        };
        c.patches.push_back({convert(convert, ast.Nth(prop, 0)).dump(), span(prop)});
        break;
      }
      default: break;  // Error nodes: reported by the parser
    }
  }
}

void Checker::AddPlacement(const Scope& scope, NodeId terms, sema::Component& c, int depth) {
  const ast::Module& ast = Ast(scope.module);
  auto role_of = [&](NodeId name) -> sema::RoleId {
    const Decl* decl = Lookup(ast.source(name));
    if (!decl) {
      ReportUnknown(ast.source(name), ast.span(name), "role");
      return {};
    }
    if (decl->kind != DeclKind::Role) {
      diags_.Report(DiagCode::WrongNameKind, ast.span(name), fmt::format("`{}` is not a role", ast.source(name)))
          .With(decl->name_span, "declared here");
      return {};
    }
    return sema::RoleId{entity_[static_cast<size_t>(decl - decls_.decls.data())]};
  };
  auto weight_of = [&](NodeId term, int32_t fallback) -> int32_t {
    if (ast.Child(term, NodeKind::Strict).valid()) return 0;
    NodeId weight = ast.Child(term, NodeKind::Weight);
    if (!weight.valid()) return fallback;
    std::optional<Value> v = Evaluate(scope, ast.Nth(weight, 0), {Type::Int});
    if (!v) return fallback;
    if (v->integer < 1 || v->integer > 100) {
      diags_.Report(DiagCode::WeightRange, v->span, fmt::format("weight {} is outside 1-100", v->integer))
          .Note("Kubernetes weighs preferred scheduling terms from 1 to 100");
      return fallback;
    }
    return static_cast<int32_t>(v->integer);
  };
  for (NodeId term : ast.children(terms)) {
    sema::PlaceTerm out{};
    out.span = ast.span(term);
    switch (ast.kind(term)) {
      case NodeKind::PlaceRequire:
      case NodeKind::PlaceForbid:
        out.kind = ast.kind(term) == NodeKind::PlaceRequire ? sema::PlaceTerm::Kind::Require : sema::PlaceTerm::Kind::Forbid;
        out.role = role_of(ast.Nth(term, 0));
        if (!out.role.valid()) continue;
        break;
      case NodeKind::PlacePrefer:
      case NodeKind::PlaceAvoid:
        out.kind = ast.kind(term) == NodeKind::PlacePrefer ? sema::PlaceTerm::Kind::Prefer : sema::PlaceTerm::Kind::Avoid;
        out.role = role_of(ast.Nth(term, 0));
        out.weight = weight_of(term, 50);
        if (!out.role.valid()) continue;
        break;
      case NodeKind::PlaceSpread: {
        out.kind = sema::PlaceTerm::Kind::Spread;
        out.weight = weight_of(term, 100);
        if (NodeId across = ast.Child(term, NodeKind::SpreadAcross); across.valid()) {
          std::string_view where = ast.source(ast.Nth(across, 0));
          if (where != "host" && where != "zone") {
            static constexpr std::string_view kWhere[] = {"host", "zone"};
            diags_.Report(DiagCode::UnknownName, ast.span(ast.Nth(across, 0)),
                          fmt::format("cannot spread across `{}`{}", where, DidYouMean(where, kWhere)))
                .Note("spread `across host` (the default) or `across zone`");
          }
          out.zone = where == "zone";
        }
        break;
      }
      case NodeKind::PlaceNear:
      case NodeKind::PlaceApart: {
        out.kind = ast.kind(term) == NodeKind::PlaceNear ? sema::PlaceTerm::Kind::Near : sema::PlaceTerm::Kind::Apart;
        NodeId name = ast.Nth(term, 0);
        std::optional<uint32_t> other = ResolveComponent(scope, ast.source(name), ast.span(name));
        if (!other) continue;
        out.component = sema::ComponentId{*other};
        out.weight = weight_of(term, 100);
        break;
      }
      case NodeKind::PlaceNamed: {
        std::string_view name = ast.source(term);
        const Decl* decl = Lookup(name);
        if (!decl) {
          // A misspelt keyword reads as a placement name: suggest both.
          std::vector<std::string_view> candidates = {"require", "forbid", "prefer", "avoid", "spread", "near", "apart"};
          for (const auto& [symbol, index] : symbols_) {
            if (decls_.decls[index].kind == DeclKind::Placement) candidates.push_back(symbol);
          }
          std::sort(candidates.begin() + 7, candidates.end());
          diags_.Report(DiagCode::UnknownName, ast.span(term),
                        fmt::format("unknown placement `{}`{}", name, DidYouMean(name, candidates)));
          continue;
        }
        if (decl->kind == DeclKind::Role) {
          diags_.Report(DiagCode::WrongNameKind, ast.span(term),
                        fmt::format("`{}` is a role, not a placement", name))
              .Help(fmt::format("say how to use it: `require {0}`, `prefer {0}`, `avoid {0}` or `forbid {0}`", name));
          continue;
        }
        if (decl->kind != DeclKind::Placement) {
          diags_.Report(DiagCode::WrongNameKind, ast.span(term), fmt::format("`{}` is not a placement", name))
              .With(decl->name_span, "declared here");
          continue;
        }
        if (depth > 8) {
          diags_.Report(DiagCode::WrongNameKind, ast.span(term),
                        fmt::format("placement `{}` refers to itself", name));
          continue;
        }
        const ast::Module& past = Ast(decl->module);
        AddPlacement(Scope{decl->module, nullptr}, past.Child(decl->node, NodeKind::PlaceTerms), c, depth + 1);
        continue;
      }
      default: continue;
    }
    c.placement.push_back(out);
  }
}

void Checker::ResolvePortRefs() {
  auto find = [&](const sema::Component& target, std::string_view name, Span span) -> uint32_t {
    for (uint32_t i = 0; i < target.ports.size(); ++i) {
      if (target.ports[i].name == name) return i;
    }
    std::vector<std::string_view> names;
    for (const sema::Port& port : target.ports) names.push_back(port.name);
    auto& d = diags_.Report(DiagCode::UnknownPort, span,
                            fmt::format("`{}` has no port `{}`{}", target.name, name, DidYouMean(name, names)));
    if (target.ports.empty()) {
      d.With(target.name_span, fmt::format("`{}` declares no ports", target.name));
    } else {
      d.With(target.ports.front().span, "ports are declared here");
    }
    return UINT32_MAX;
  };
  auto resolve = [&](sema::Interpolated& text) {
    for (sema::StringPart& part : text.parts) {
      if (part.kind != sema::StringPart::Kind::Port) continue;
      part.port = find(program_.components[part.component.value], part.text, part.span);
    }
  };
  for (sema::Component& c : program_.components) {
    for (sema::Probe* probe : {&c.readiness, &c.liveness}) {
      if (!probe->port_name.empty()) probe->port = find(c, probe->port_name, probe->port_span);
    }
    for (sema::Expose& expose : c.expose) {
      if (!expose.port_name.empty()) expose.port = find(c, expose.port_name, expose.port_span);
    }
    for (sema::EnvVar& var : c.env) resolve(var.value);
  }
  for (sema::DataObject& data : program_.data) {
    for (sema::DataEntry& entry : data.entries) {
      if (entry.value) resolve(*entry.value);
    }
  }
}

}  // namespace whisk::check
