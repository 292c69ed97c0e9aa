// Component properties: each property of a block read into sema::Component.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "compiler/check/checker.h"
#include "compiler/check/names.h"
#include "compiler/check/units.h"
#include "compiler/source/suggest.h"

namespace whisk::check {
namespace {

using sema::Kind;

/// Which kinds a property applies to; empty means all.
constexpr Kind kLongRunning[] = {Kind::Service, Kind::Stateful, Kind::Daemon};

/// An `external` runs nothing in the cluster: only where it is and how to
/// check it from the inside apply to it.
bool AppliesToExternal(NodeKind property) {
  return property == NodeKind::HostProp || property == NodeKind::PortProp ||
         property == NodeKind::ProbeProp || property == NodeKind::Error;
}

bool Applies(NodeKind property, Kind kind, std::string_view* name) {
  auto in = [&](std::initializer_list<Kind> kinds) {
    return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
  };
  if (kind == Kind::External) return AppliesToExternal(property);
  switch (property) {
    case NodeKind::HostProp:
      *name = "host";
      return false;
    case NodeKind::ReplicasProp:
      *name = "replicas";
      return in({Kind::Service, Kind::Stateful});
    case NodeKind::AutoscaleProp:
      *name = "autoscale";
      return in({Kind::Service, Kind::Stateful});
    case NodeKind::BudgetProp:
      *name = "budget";
      return in({Kind::Service, Kind::Stateful, Kind::Daemon});
    case NodeKind::ScheduleProp:
      *name = "schedule";
      return in({Kind::Cron});
    case NodeKind::RetriesProp:
      *name = "retries";
      return in({Kind::Job, Kind::Cron});
    case NodeKind::ExposeProp:
      *name = "expose";
      return std::find(std::begin(kLongRunning), std::end(kLongRunning), kind) !=
             std::end(kLongRunning);
    default:
      return true;
  }
}

std::string_view KindsFor(NodeKind property) {
  switch (property) {
    case NodeKind::ReplicasProp:
    case NodeKind::AutoscaleProp:
      return "`service` and `stateful`";
    case NodeKind::BudgetProp:
    case NodeKind::ExposeProp:
      return "`service`, `stateful` and `daemon`";
    case NodeKind::ScheduleProp:
      return "`cron`";
    case NodeKind::RetriesProp:
      return "`job` and `cron`";
    case NodeKind::HostProp:
      return "`external`";
    default:
      return "every kind but `external`";
  }
}

/// "a `service`", "an `external`".
std::string WithArticle(Kind kind) {
  return fmt::format("{} `{}`", kind == Kind::External ? "an" : "a", sema::KindName(kind));
}

/// Points at where `c` got its kind: the `as KIND` of its `use` when the kind
/// was chosen there, since a template's body may not fit it; else its name.
Diagnostic& WithKind(Diagnostic& d, const sema::Component& c) {
  if (c.kind_span.valid()) {
    return d.With(c.kind_span, fmt::format("`{}` is {} here", c.name, WithArticle(c.kind)));
  }
  return d.With(c.name_span,
                fmt::format("`{} {}` declared here", sema::KindName(c.kind), c.name));
}

constexpr std::string_view kExternalTakes =
    "an `external` runs outside the cluster: it takes only `host`, `port` and `ready http` or "
    "`ready tcp`";

/// The keyword a property starts with: `cpu`, `ready`, `image`.
std::string_view FirstWord(std::string_view source) {
  return source.substr(0, source.find_first_of(" \t\r\n"));
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
    case NodeKind::RetriesProp:
    case NodeKind::ResourceProp:  // cpu, memory
    case NodeKind::ProbeProp:     // ready, live
    case NodeKind::HostProp:
      return true;
    default:
      return false;
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

void Checker::BuildProperties(const Scope& scope, NodeId block, sema::Component& c, bool overlay) {
  if (!block.valid()) return;
  const ast::Module& ast = Ast(scope.module);
  // Per layer: where each list started, and which single properties were set.
  Layer layer{scope, c, overlay ? c.ports.size() : 0, overlay ? c.env.size() : 0,
              overlay ? c.storage.size() : 0};
  std::unordered_map<std::string_view, Span> singles;  // keyword → where it was set
  auto span = [&](NodeId node) { return ast.span(node); };

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
      if (property_name.empty()) property_name = FirstWord(ast.source(prop));
      auto& d = diags_.Report(
          DiagCode::PropertyNotForKind, span(prop),
          fmt::format("`{}` does not apply to {}", property_name, WithArticle(c.kind)));
      WithKind(d, c).Note(c.kind == Kind::External
                              ? std::string(kExternalTakes)
                              : fmt::format("`{}` applies to {}", property_name, KindsFor(kind)));
      // The template's body under a kind chosen at the `use`: the template,
      // not this `use`, says too much.
      if (c.kind_span.valid() && !overlay) {
        d.Help(fmt::format(
            "give `{}` in the blocks of the `use`s of `{}` whose kind it applies to, not in "
            "the template",
            property_name, c.from_template));
      }
      continue;
    }
    if (IsSingle(kind)) {
      std::string_view word = FirstWord(ast.source(prop));
      if (auto [it, fresh] = singles.try_emplace(word, span(prop)); !fresh) {
        diags_
            .Report(DiagCode::DuplicateProperty, span(prop),
                    fmt::format("`{}` is given twice", word))
            .With(it->second, "first given here");
        continue;
      }
    }
    switch (kind) {
      case NodeKind::ImageProp:
        ReadImage(layer, prop);
        break;
      case NodeKind::RunProp:
      case NodeKind::ArgsProp:
        ReadCommand(layer, prop);
        break;
      case NodeKind::PortProp:
        ReadPorts(layer, prop);
        break;
      case NodeKind::EnvProp:
        ReadEnv(layer, prop);
        break;
      case NodeKind::ResourceProp:
        ReadResources(layer, prop);
        break;
      case NodeKind::ProbeProp:
        ReadProbe(layer, prop);
        break;
      case NodeKind::StorageProp:
        ReadStorage(layer, prop);
        break;
      case NodeKind::FilesProp:
        ReadFiles(layer, prop);
        break;
      case NodeKind::MountProp:
        ReadMount(layer, prop);
        break;
      case NodeKind::ScratchProp:
        ReadScratch(layer, prop);
        break;
      case NodeKind::NeedsProp:
        ReadNeeds(layer, prop);
        break;
      case NodeKind::PlaceProp:
        AddPlacement(layer.scope, ast.Nth(prop, 0), c, 0);
        break;
      case NodeKind::ReplicasProp:
        ReadReplicas(layer, prop);
        break;
      case NodeKind::AutoscaleProp:
        ReadAutoscale(layer, prop);
        break;
      case NodeKind::BudgetProp:
        ReadBudget(layer, prop);
        break;
      case NodeKind::ExposeProp:
        ReadExpose(layer, prop);
        break;
      case NodeKind::CanProp:
        ReadPermission(layer, prop);
        break;
      case NodeKind::SpawnsProp:
        ReadSpawns(layer, prop);
        break;
      case NodeKind::ScheduleProp:
        ReadSchedule(layer, prop);
        break;
      case NodeKind::RetriesProp:
        ReadRetries(layer, prop);
        break;
      case NodeKind::PatchProp:
        ReadPatch(layer, prop);
        break;
      case NodeKind::HostProp:
        ReadHost(layer, prop);
        break;
      case NodeKind::Error:  // reported by the parser
        c.incomplete = true;
        break;
      default:
        break;
    }
  }
}

void Checker::ReadImage(const Layer& layer, NodeId prop) {
  const ast::Module& ast = Ast(layer.scope.module);
  sema::Component& c = layer.c;
  // The image is given even when its value is in error (reported there).
  c.image_span = ast.span(ast.Nth(prop, 0));
  if (auto image = EvaluatePlainString(layer.scope, ast.Nth(prop, 0))) c.image = *image;
}

void Checker::ReadCommand(const Layer& layer, NodeId prop) {
  const Scope& scope = layer.scope;
  const ast::Module& ast = Ast(layer.scope.module);
  sema::Component& c = layer.c;
  NodeKind kind = Ast(layer.scope.module).kind(prop);
  bool run = kind == NodeKind::RunProp;
  std::vector<std::string>& target = run ? c.command : c.args;
  std::vector<Span>& spans = run ? c.command_spans : c.args_spans;
  target.clear();
  spans.clear();
  for (NodeId part : ast.children(prop)) {
    target.push_back(EvaluatePlainString(scope, part).value_or(""));
    spans.push_back(ast.span(part));
  }
}

void Checker::ReadPorts(const Layer& layer, NodeId prop) {
  const Scope& scope = layer.scope;
  const ast::Module& ast = Ast(layer.scope.module);
  sema::Component& c = layer.c;
  for (NodeId def : ast.children(prop)) {
    sema::Port port;
    port.name = ast.source(ast.Nth(def, 0));
    port.span = ast.span(def);
    port.udp = ast.Child(def, NodeKind::Udp).valid();
    std::optional<Value> number = Evaluate(scope, ast.Nth(def, 1), {Type::Port});
    if (!number) continue;
    port.number = static_cast<int32_t>(number->integer);
    for (size_t i = layer.ports_start; i < c.ports.size(); ++i) {
      if (c.ports[i].number == port.number && c.ports[i].udp == port.udp &&
          c.ports[i].name != port.name) {
        diags_
            .Report(DiagCode::DuplicatePort, ast.span(ast.Nth(def, 1)),
                    fmt::format("port number {} is already used by port `{}`", port.number,
                                c.ports[i].name))
            .With(c.ports[i].span, "first used here");
      }
    }
    Upsert(c.ports, layer.ports_start, port, [&](const sema::Port& first) {
      diags_
          .Report(DiagCode::DuplicatePort, port.span,
                  fmt::format("port `{}` is declared twice", port.name))
          .With(first.span, "first declared here");
    });
  }
}

void Checker::ReadEnv(const Layer& layer, NodeId prop) {
  const ast::Module& ast = Ast(layer.scope.module);
  sema::Component& c = layer.c;
  for (NodeId def : ast.children(prop)) {
    if (ast.kind(def) == NodeKind::EnvFrom) {
      ReadEnvFrom(layer, def);
      continue;
    }
    sema::EnvVar var;
    var.name = ast.source(ast.Nth(def, 0));
    var.span = ast.span(def);
    if (!ReadEnvValue(layer.scope, ast.Nth(def, 1), var)) {
      c.env_incomplete = true;  // reported; the container lacks the variable
      continue;
    }
    Upsert(c.env, layer.env_start, std::move(var), [&](const sema::EnvVar& first) {
      diags_
          .Report(DiagCode::DuplicateName, ast.span(def),
                  fmt::format("environment variable `{}` is set twice", first.name))
          .With(first.span, "first set here");
    });
  }
}

bool Checker::ReadEnvValue(const Scope& scope, NodeId value, sema::EnvVar& var) {
  const ast::Module& ast = Ast(scope.module);
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
        diags_
            .Report(DiagCode::UnknownConfigKey, ast.span(ref),
                    fmt::format("`{}` names a {} but no key", path, secret ? "secret" : "config"))
            .Help(fmt::format("write `{} {}.KEY`", secret ? "secret" : "config", path));
        return false;
      }
      var.key = std::string(path.substr(dot + 1));
      std::optional<sema::DataId> data = ResolveData(data_name, ast.span(ref), secret);
      if (!data) return false;
      var.data = *data;
      const sema::DataObject& object = program_.data[data->value];
      if (object.made_by.valid()) return true;  // made at run time: its keys are unknown
      bool found = false;
      std::vector<std::string_view> keys;
      for (const sema::DataEntry& entry : object.entries) {
        found |= entry.key == var.key;
        keys.push_back(entry.key);
      }
      if (!found) {
        diags_
            .Report(DiagCode::UnknownConfigKey, ast.span(ref),
                    fmt::format("{} `{}` has no key `{}`{}", secret ? "secret" : "config",
                                data_name, var.key, DidYouMean(var.key, keys)))
            .With(object.span, "declared here");
        return false;
      }
      return true;
    }
    case NodeKind::EnvField: {
      var.source = sema::EnvVar::Source::Field;
      if (auto field = EvaluateString(scope, ast.Nth(value, 0), false)) var.value = *field;
      return true;
    }
    case NodeKind::String: {
      std::optional<sema::Interpolated> text = EvaluateString(scope, value, true);
      if (!text) return false;
      var.value = std::move(*text);
      return true;
    }
    default: {
      // A parameter or a literal number or boolean: its text.
      std::optional<Value> v = EvaluateAsDeclared(scope, value);
      if (!v) return false;
      std::optional<std::string> text = ValueText(*v);
      if (!text) {
        diags_.Report(DiagCode::TypeMismatch, ast.span(value),
                      fmt::format("an environment variable cannot hold a {}",
                                  TypeName({v->type, v->element})));
        return false;
      }
      var.value = sema::Interpolated{
          {sema::StringPart{sema::StringPart::Kind::Text, *text, {}, UINT32_MAX, ast.span(value)}},
          ast.span(value)};
      return true;
    }
  }
}

void Checker::ReadResources(const Layer& layer, NodeId prop) {
  const Scope& scope = layer.scope;
  const ast::Module& ast = Ast(layer.scope.module);
  sema::Component& c = layer.c;
  bool cpu = ast.source(ast.Nth(prop, 0)) == "cpu";
  sema::Resource& resource = cpu ? c.cpu : c.memory;
  resource = {};
  resource.span = ast.span(prop);
  std::optional<Value> request = Evaluate(scope, ast.Nth(prop, 1), {Type::Quantity});
  if (request) resource.request = request->quantity;
  if (NodeId limit_node = ast.Nth(prop, 2); limit_node.valid()) {
    std::optional<Value> limit = Evaluate(scope, limit_node, {Type::Quantity});
    if (limit) resource.limit = limit->quantity;
    if (request && limit && request->quantity.milli > limit->quantity.milli) {
      diags_
          .Report(DiagCode::OutOfRange, ast.span(prop),
                  fmt::format("{} request {} is more than its limit {}", cpu ? "cpu" : "memory",
                              request->quantity.text, limit->quantity.text))
          .Help("write `REQUEST..LIMIT` with the request first");
    }
  }
}

void Checker::ReadProbe(const Layer& layer, NodeId prop) {
  const Scope& scope = layer.scope;
  const ast::Module& ast = Ast(layer.scope.module);
  sema::Component& c = layer.c;
  bool ready = ast.source(ast.Nth(prop, 0)) == "ready";
  if (ready && (c.kind == Kind::Job || c.kind == Kind::Cron)) {
    auto& d =
        diags_.Report(DiagCode::PropertyNotForKind, ast.span(prop),
                      fmt::format("`ready` does not apply to a `{}`", sema::KindName(c.kind)));
    WithKind(d, c).Note("a job is ready when it has completed; those who need it wait for that");
    return;
  }
  if (!ready && c.kind == Kind::External) {
    diags_
        .Report(DiagCode::PropertyNotForKind, ast.span(prop),
                "`live` does not apply to an `external`")
        .With(c.name_span, fmt::format("`external {}` declared here", c.name))
        .Note("nothing of it runs in the cluster for a failed liveness check to restart");
    return;
  }
  if (c.kind == Kind::External && !CheckableFromOutside(layer, ast.Nth(prop, 1))) return;
  sema::Probe& probe = ready ? c.readiness : c.liveness;
  probe = {};
  probe.span = ast.span(prop);
  NodeId check = ast.Nth(prop, 1);
  switch (ast.kind(check)) {
    case NodeKind::ProbeHttp:
      probe.kind = sema::Probe::Kind::Http;
      probe.path = EvaluatePlainString(scope, ast.Nth(check, 0)).value_or("/");
      probe.port_name = ast.source(ast.Nth(check, 1));
      probe.port_span = ast.span(ast.Nth(check, 1));
      break;
    case NodeKind::ProbeTcp:
      probe.kind = sema::Probe::Kind::Tcp;
      probe.port_name = ast.source(ast.Nth(check, 0));
      probe.port_span = ast.span(ast.Nth(check, 0));
      break;
    case NodeKind::ProbeExec:
      probe.kind = sema::Probe::Kind::Exec;
      for (NodeId part : ast.children(check))
        probe.command.push_back(EvaluatePlainString(scope, part).value_or(""));
      break;
    default:
      probe.kind = sema::Probe::Kind::Endpoints;
      if (!ready) {
        diags_
            .Report(DiagCode::ReadyOnNeedless, ast.span(check),
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
      diags_.Report(
          DiagCode::OutOfRange, v->span,
          fmt::format("`{}` must be at least 1s: Kubernetes counts probes in whole seconds", word));
    }
    (word == "every" ? probe.every : word == "after" ? probe.after : probe.timeout) = v->duration;
  }
}

void Checker::ReadStorage(const Layer& layer, NodeId prop) {
  const Scope& scope = layer.scope;
  const ast::Module& ast = Ast(layer.scope.module);
  sema::Component& c = layer.c;
  sema::Storage storage;
  storage.name = ast.source(ast.Nth(prop, 0));
  storage.span = ast.span(prop);
  if (auto size = Evaluate(scope, ast.Nth(prop, 1), {Type::Quantity}))
    storage.size = size->quantity;
  storage.path = EvaluatePlainString(scope, ast.Nth(prop, 2)).value_or("");
  for (NodeId option : ast.children(prop)) {
    switch (ast.kind(option)) {
      case NodeKind::StorageShared:
        storage.shared = true;
        break;
      case NodeKind::StorageClass:
        storage.storage_class = EvaluatePlainString(scope, ast.Nth(option, 0)).value_or("");
        break;
      case NodeKind::StorageClaim:
        storage.claim = EvaluatePlainString(scope, ast.Nth(option, 0)).value_or("");
        break;
      case NodeKind::StorageAccess: {
        std::string_view mode = ast.source(ast.Nth(option, 0));
        static constexpr std::string_view kModes[] = {"rwo", "rwx", "rox", "rwop"};
        if (mode == "rwo")
          storage.access = sema::AccessMode::ReadWriteOnce;
        else if (mode == "rwx")
          storage.access = sema::AccessMode::ReadWriteMany;
        else if (mode == "rox")
          storage.access = sema::AccessMode::ReadOnlyMany;
        else if (mode == "rwop")
          storage.access = sema::AccessMode::ReadWriteOncePod;
        else {
          diags_
              .Report(DiagCode::UnknownName, ast.span(ast.Nth(option, 0)),
                      fmt::format("unknown access mode `{}`{}", mode, DidYouMean(mode, kModes)))
              .Note(
                  "access modes are `rwo` (ReadWriteOnce), `rwx` (ReadWriteMany), `rox` "
                  "(ReadOnlyMany) and `rwop` (ReadWriteOncePod)");
        }
        break;
      }
      case NodeKind::StorageIf:
        storage.persistent = EvaluateCondition(scope, ast.Nth(option, 0));
        break;
      default:
        break;
    }
  }
  Upsert(c.storage, layer.storage_start, std::move(storage), [&](const sema::Storage& first) {
    diags_
        .Report(DiagCode::DuplicateName, ast.span(ast.Nth(prop, 0)),
                fmt::format("storage `{}` is declared twice", first.name))
        .With(first.span, "first declared here");
  });
}

void Checker::ReadFiles(const Layer& layer, NodeId prop) {
  const Scope& scope = layer.scope;
  const ast::Module& ast = Ast(layer.scope.module);
  sema::Component& c = layer.c;
  sema::Files files;
  files.span = ast.span(prop);
  files.path = EvaluatePlainString(scope, ast.Nth(prop, 0)).value_or("");
  bool first = true;
  for (NodeId source : ast.children(prop)) {
    if (first) {
      first = false;
      continue;
    }
    if (auto file = EvaluatePlainString(scope, source)) {
      files.sources.push_back((std::filesystem::path(modules_.modules[scope.module].dir) / *file)
                                  .lexically_normal()
                                  .string());
    }
  }
  c.files.push_back(std::move(files));
}

void Checker::ReadMount(const Layer& layer, NodeId prop) {
  const Scope& scope = layer.scope;
  const ast::Module& ast = Ast(layer.scope.module);
  sema::Component& c = layer.c;
  NodeId name = ast.Nth(prop, 0);
  const Decl* decl = Lookup(ast.source(name));
  if (!decl) {
    ReportUnknown(ast.source(name), ast.span(name), "config or secret");
    return;
  }
  uint32_t data = EntityOf(*decl);
  if (decl->kind != DeclKind::Data || data == UINT32_MAX) {
    diags_
        .Report(DiagCode::WrongNameKind, ast.span(name),
                fmt::format("`{}` is not a config or a secret", ast.source(name)))
        .With(decl->name_span, "declared here");
    return;
  }
  c.mounts.push_back({sema::DataId{data}, EvaluatePlainString(scope, ast.Nth(prop, 1)).value_or(""),
                      ast.span(prop)});
}

void Checker::ReadScratch(const Layer& layer, NodeId prop) {
  const Scope& scope = layer.scope;
  const ast::Module& ast = Ast(layer.scope.module);
  sema::Component& c = layer.c;
  c.scratch.push_back({ast.source(ast.Nth(prop, 0)),
                       EvaluatePlainString(scope, ast.Nth(prop, 1)).value_or(""), ast.span(prop)});
}

void Checker::ReadNeeds(const Layer& layer, NodeId prop) {
  const Scope& scope = layer.scope;
  const ast::Module& ast = Ast(layer.scope.module);
  sema::Component& c = layer.c;
  for (NodeId need : ast.children(prop)) {
    NodeId name = ast.Nth(need, 0);
    std::optional<uint32_t> target = ResolveComponent(scope, ast.source(name), ast.span(name));
    if (!target) continue;
    sema::Need item;
    item.target = sema::ComponentId{*target};
    item.span = ast.span(need);
    if (NodeId condition = ast.Child(need, NodeKind::NeedCondition); condition.valid()) {
      std::string_view word = ast.source(condition);
      item.condition = word == "started"     ? sema::Condition::Started
                       : word == "completed" ? sema::Condition::Completed
                                             : sema::Condition::Ready;
    }
    item.always = ast.Child(need, NodeKind::NeedAlways).valid();
    c.needs.push_back(item);
  }
}

void Checker::ReadReplicas(const Layer& layer, NodeId prop) {
  const Scope& scope = layer.scope;
  const ast::Module& ast = Ast(layer.scope.module);
  sema::Component& c = layer.c;
  if (auto v = Evaluate(scope, ast.Nth(prop, 0), {Type::Int})) {
    if (v->integer < 0 || v->integer > INT32_MAX) {
      diags_.Report(
          DiagCode::OutOfRange, v->span,
          fmt::format("replicas must be between 0 and {}, not {}", INT32_MAX, v->integer));
    } else {
      c.replicas = static_cast<int32_t>(v->integer);
      c.replicas_span = ast.span(prop);
    }
  }
}

void Checker::ReadAutoscale(const Layer& layer, NodeId prop) {
  const Scope& scope = layer.scope;
  const ast::Module& ast = Ast(layer.scope.module);
  sema::Component& c = layer.c;
  sema::Autoscale autoscale;
  autoscale.span = ast.span(prop);
  auto low = Evaluate(scope, ast.Nth(prop, 0), {Type::Int});
  auto high = Evaluate(scope, ast.Nth(prop, 1), {Type::Int});
  std::string_view metric = ast.source(ast.Nth(prop, 2));
  auto percent = Evaluate(scope, ast.Nth(prop, 3), {Type::Percent});
  if (metric != "cpu" && metric != "memory") {
    static constexpr std::string_view kMetrics[] = {"cpu", "memory"};
    diags_
        .Report(DiagCode::UnknownName, ast.span(ast.Nth(prop, 2)),
                fmt::format("unknown metric `{}`{}", metric, DidYouMean(metric, kMetrics)))
        .Note("autoscale `on cpu P%` or `on memory P%`");
    return;
  }
  if (!low || !high || !percent) return;
  if (low->integer < 1 || high->integer > INT32_MAX) {
    diags_.Report(DiagCode::OutOfRange, ast.span(ast.Nth(prop, 0)),
                  "autoscale needs at least 1 replica");
    return;
  }
  if (low->integer > high->integer) {
    diags_.Report(DiagCode::InvalidRange, ast.span(prop),
                  fmt::format("empty range: {} is greater than {}", low->integer, high->integer));
    return;
  }
  if (percent->integer < 1 || percent->integer > 1000) {
    diags_.Report(DiagCode::OutOfRange, percent->span,
                  "a target utilization must be between 1% and 1000%");
    return;
  }
  autoscale.min = static_cast<int32_t>(low->integer);
  autoscale.max = static_cast<int32_t>(high->integer);
  autoscale.memory = metric == "memory";
  autoscale.percent = static_cast<int32_t>(percent->integer);
  c.autoscale = autoscale;
}

void Checker::ReadBudget(const Layer& layer, NodeId prop) {
  const Scope& scope = layer.scope;
  const ast::Module& ast = Ast(layer.scope.module);
  sema::Component& c = layer.c;
  std::string_view which = ast.source(ast.Nth(prop, 0));
  if (which != "max_unavailable" && which != "min_available") {
    static constexpr std::string_view kBudgets[] = {"max_unavailable", "min_available"};
    diags_
        .Report(DiagCode::UnknownName, ast.span(ast.Nth(prop, 0)),
                fmt::format("unknown budget `{}`{}", which, DidYouMean(which, kBudgets)))
        .Note("a budget is `max_unavailable N` or `min_available N`, N a count or a percentage");
    return;
  }
  NodeId amount = ast.Nth(prop, 1);
  std::optional<Value> v = EvaluateAsDeclared(scope, amount);
  if (!v) return;
  bool percent = v->type == Type::Percent;
  if (!percent && v->type != Type::Int) {
    diags_.Report(DiagCode::TypeMismatch, v->span,
                  fmt::format("a budget is a count or a percentage, not a {}",
                              TypeName({v->type, v->element})));
    return;
  }
  if (v->integer < 0 || (percent && v->integer > 100)) {
    diags_.Report(DiagCode::OutOfRange, v->span,
                  fmt::format("a budget of {} is out of range", ast.source(amount)));
    return;
  }
  c.budget = sema::Budget{which == "max_unavailable", static_cast<int32_t>(v->integer), percent,
                          ast.span(prop)};
}

void Checker::ReadExpose(const Layer& layer, NodeId prop) {
  const Scope& scope = layer.scope;
  const ast::Module& ast = Ast(layer.scope.module);
  sema::Component& c = layer.c;
  for (NodeId item : ast.children(prop)) {
    sema::Expose expose{};
    expose.span = ast.span(item);
    if (ast.kind(item) == NodeKind::ExposeHeadless) {
      expose.type = sema::Expose::Type::Headless;
      c.expose.push_back(std::move(expose));
      continue;
    }
    expose.port_name = ast.source(ast.Nth(item, 0));
    expose.port_span = ast.span(ast.Nth(item, 0));
    expose.type = sema::Expose::Type::ClusterIP;
    NodeId how = ast.Nth(item, 1);
    if (how.valid()) {
      switch (ast.kind(how)) {
        case NodeKind::ExposeNodePort: {
          expose.type = sema::Expose::Type::NodePort;
          if (NodeId number = ast.Nth(how, 0); number.valid()) {
            if (auto v = Evaluate(scope, number, {Type::Port})) {
              if (v->integer < 30000 || v->integer > 32767) {
                diags_
                    .Report(DiagCode::NodePortRange, v->span,
                            fmt::format("node port {} is outside 30000-32767", v->integer))
                    .Note("Kubernetes' default service node port range is 30000-32767");
              }
              expose.node_port = static_cast<int32_t>(v->integer);
            }
          }
          break;
        }
        case NodeKind::ExposeLoadBalancer:
          expose.type = sema::Expose::Type::LoadBalancer;
          break;
        case NodeKind::ExposeIngress: {
          expose.type = sema::Expose::Type::Ingress;
          expose.host = EvaluatePlainString(scope, ast.Nth(how, 0)).value_or("");
          if (!expose.host.empty() && !sema::IsDns1123Subdomain(expose.host)) {
            diags_.Report(DiagCode::InvalidName, ast.span(ast.Nth(how, 0)),
                          fmt::format("`{}` is not a valid host name", expose.host));
          }
          for (NodeId option : ast.children(how)) {
            if (ast.kind(option) != NodeKind::IngressOption) continue;
            std::string value = EvaluatePlainString(scope, ast.Nth(option, 1)).value_or("");
            if (ast.source(ast.Nth(option, 0)) == "path") {
              expose.path = value;
              if (!value.starts_with("/")) {
                diags_.Report(DiagCode::InvalidName, ast.span(ast.Nth(option, 1)),
                              fmt::format("ingress path `{}` must start with `/`", value));
              }
            } else {
              expose.tls_secret = value;
            }
          }
          break;
        }
        default:
          break;
      }
    }
    c.expose.push_back(std::move(expose));
  }
}

namespace {

/// Calls `visit` on every `expose` line under `node`.
template <typename Visit>
void ForEachExpose(const ast::Module& ast, NodeId node, const Visit& visit) {
  if (ast.kind(node) == NodeKind::ExposeProp) {
    visit(node);
    return;
  }
  for (NodeId child : ast.children(node)) ForEachExpose(ast, child, visit);
}

}  // namespace

void Checker::CheckExposeLists() {
  // The source, not the components: a template's line warns once, and a
  // branch the current values do not take warns too.
  for (uint32_t module = 0; module < modules_.modules.size(); ++module) {
    const ast::Module& ast = Ast(module);
    for (NodeId root : ast.roots) {
      ForEachExpose(ast, root, [&](NodeId prop) { CheckExposeList(module, prop); });
    }
  }
}

void Checker::CheckExposeList(uint32_t module, NodeId prop) {
  const ast::Module& ast = Ast(module);
  std::vector<NodeId> bare;  // ports without `as` since the last item with one
  for (NodeId item : ast.children(prop)) {
    if (ast.kind(item) != NodeKind::ExposePort) continue;
    NodeId how = ast.Nth(item, 1);
    if (!how.valid()) {
      bare.push_back(item);
      continue;
    }
    // `expose http, admin as clusterip` keeps both inside the cluster: what
    // the line seems to say is what it does.
    if (ast.kind(how) != NodeKind::ExposeClusterIp) {
      // A fixed node port cannot be shared, so suggest an automatic one.
      std::string_view as =
          ast.kind(how) == NodeKind::ExposeNodePort ? "nodeport" : ast.source(how);
      std::string_view last = ast.source(ast.Nth(item, 0));
      for (NodeId port : bare) {
        std::string_view name = ast.source(ast.Nth(port, 0));
        diags_
            .Report(
                DiagCode::ExposeAsOnLastPort, ast.span(port),
                fmt::format("`as {}` applies to `{}` only, not to `{}`", FirstWord(as), last, name))
            .With(ast.span(item), "`as` applies to the port right before it")
            .Note(fmt::format("`{}` is reached inside the cluster only", name))
            .Help(fmt::format("write `{0} as {1}` to expose it the same way, or `{0} as "
                              "clusterip` to say it stays inside",
                              name, as));
      }
    }
    bare.clear();
  }
}

void Checker::ReadPermission(const Layer& layer, NodeId prop) {
  const ast::Module& ast = Ast(layer.scope.module);
  sema::Component& c = layer.c;
  sema::Permission permission;
  permission.span = ast.span(prop);
  for (NodeId child : ast.children(prop)) {
    (ast.kind(child) == NodeKind::Verb ? permission.verbs : permission.resources)
        .emplace_back(ast.source(child));
  }
  c.permissions.push_back(std::move(permission));
}

void Checker::ReadSpawns(const Layer& layer, NodeId prop) {
  const ast::Module& ast = Ast(layer.scope.module);
  NodeId key = ast.Nth(prop, 1);
  sema::Spawn spawn{ReadLabelSelector(layer.scope, key, ast.Nth(prop, 2), "pod"), ast.span(prop)};
  if (spawn.selector.key.empty()) return;  // reported
  // whiskc labels every pod it generates with `app.kubernetes.io/` keys: a
  // selector on them could take the instance's own pods for spawned ones and
  // leave them reachable by the owner alone.
  if (spawn.selector.key.starts_with("app.kubernetes.io/")) {
    diags_
        .Report(DiagCode::SpawnSelectsWhiskcLabel, ast.span(key),
                fmt::format("`spawns` cannot select on `{}`", spawn.selector.key))
        .Note(
            "the instance's own pods carry `app.kubernetes.io/` labels: this selector could "
            "match them")
        .Help(
            "select on a label that only the spawned pods carry, such as "
            "`\"user-action-pod\" == \"true\"`");
    return;
  }
  layer.c.spawns.push_back(std::move(spawn));
}

void Checker::ReadSchedule(const Layer& layer, NodeId prop) {
  const Scope& scope = layer.scope;
  const ast::Module& ast = Ast(layer.scope.module);
  sema::Component& c = layer.c;
  if (auto schedule = EvaluatePlainString(scope, ast.Nth(prop, 0))) {
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
      diags_
          .Report(DiagCode::InvalidSchedule, ast.span(ast.Nth(prop, 0)),
                  fmt::format("a cron schedule has 5 fields, found {}", fields))
          .Help(
              "write `minute hour day-of-month month day-of-week`, as in \"*/5 * * * *\", or "
              "`@hourly`");
    }
  }
}

void Checker::ReadRetries(const Layer& layer, NodeId prop) {
  const Scope& scope = layer.scope;
  const ast::Module& ast = Ast(layer.scope.module);
  sema::Component& c = layer.c;
  if (auto v = Evaluate(scope, ast.Nth(prop, 0), {Type::Int})) {
    if (v->integer < 0 || v->integer > 1000) {
      diags_.Report(DiagCode::OutOfRange, v->span, "retries must be between 0 and 1000");
    } else {
      c.retries = static_cast<int32_t>(v->integer);
    }
  }
}

namespace {

nlohmann::ordered_json ToJson(const Value& value) {
  switch (value.type) {
    case Type::Int:
    case Type::Port:
      return value.integer;
    case Type::Bool:
      return value.integer != 0;
    case Type::List: {
      nlohmann::ordered_json array = nlohmann::ordered_json::array();
      for (const Value& item : value.items) array.push_back(ToJson(item));
      return array;
    }
    default:
      return ValueText(value).value_or("");
  }
}

}  // namespace

void Checker::ReadPatch(const Layer& layer, NodeId prop) {
  const Scope& scope = layer.scope;
  const ast::Module& ast = Ast(layer.scope.module);
  sema::Component& c = layer.c;
  // The raw object as JSON; lowering merges it into the generated object.
  auto convert = [&](auto&& self, NodeId node) -> nlohmann::ordered_json {
    switch (ast.kind(node)) {
      case NodeKind::ObjectLit: {
        nlohmann::ordered_json object = nlohmann::ordered_json::object();
        for (NodeId member : ast.children(node)) {
          NodeId key = ast.Nth(member, 0);
          std::string k = ast.kind(key) == NodeKind::Name
                              ? std::string(ast.source(key))
                              : EvaluatePlainString(scope, key).value_or("");
          object[k] = self(self, ast.Nth(member, 1));
        }
        return object;
      }
      case NodeKind::List:
      case NodeKind::RawList: {
        nlohmann::ordered_json array = nlohmann::ordered_json::array();
        for (NodeId item : ast.children(node)) array.push_back(self(self, item));
        return array;
      }
      case NodeKind::Bool:
        return ast.source(node) == "true";
      case NodeKind::Path:
        if (ast.source(node) == "null") return nullptr;
        [[fallthrough]];
      case NodeKind::Number: {
        // A plain decimal stays a JSON number.
        auto [digits, unit] = sema::SplitNumber(ast.source(node));
        if (unit.empty() && digits.find('.') != std::string_view::npos) {
          nlohmann::ordered_json number = nlohmann::ordered_json::parse(digits, nullptr, false);
          if (!number.is_discarded()) return number;
        }
        // Numbers and parameters keep their type: 3 stays a number, 80% and
        // 512Mi become the strings Kubernetes expects for them.
        std::optional<Value> v = EvaluateAsDeclared(scope, node);
        if (!v) return nullptr;
        return ToJson(*v);
      }
      default:
        return EvaluatePlainString(scope, node).value_or("");
    }
  };
  // Invalid UTF-8 in a string becomes U+FFFD rather than an exception.
  c.patches.push_back({convert(convert, ast.Nth(prop, 0))
                           .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace),
                       ast.span(prop)});
}

void Checker::ResolvePortRefs() {
  auto find = [&](const sema::Component& target, std::string_view name, Span span,
                  DiagCode code = DiagCode::UnknownPort) -> uint32_t {
    for (uint32_t i = 0; i < target.ports.size(); ++i) {
      if (target.ports[i].name == name) return i;
    }
    std::vector<std::string_view> names;
    for (const sema::Port& port : target.ports) names.push_back(port.name);
    auto& d = diags_.Report(
        code, span,
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
      if (!expose.port_name.empty()) {
        expose.port = find(c, expose.port_name, expose.port_span, DiagCode::ExposeWithoutPorts);
      }
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

namespace whisk {

using ast::NodeKind;

bool PropertyApplies(std::string_view keyword, sema::Kind kind) {
  static constexpr std::pair<std::string_view, NodeKind> kProperties[] = {
      {"host", NodeKind::HostProp},         {"port", NodeKind::PortProp},
      {"ready", NodeKind::ProbeProp},       {"live", NodeKind::ProbeProp},
      {"replicas", NodeKind::ReplicasProp}, {"autoscale", NodeKind::AutoscaleProp},
      {"budget", NodeKind::BudgetProp},     {"schedule", NodeKind::ScheduleProp},
      {"retries", NodeKind::RetriesProp},   {"expose", NodeKind::ExposeProp}};
  NodeKind property = NodeKind::ImageProp;  // one that applies wherever a workload runs
  for (const auto& [word, node] : kProperties) {
    if (word == keyword) property = node;
  }
  std::string_view name;
  return check::Applies(property, kind, &name);
}

}  // namespace whisk
