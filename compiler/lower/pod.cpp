// The pod spec of a component: its container (image, command, ports, envFrom,
// env, resources, probes) and the volumes it mounts.
#include <fmt/format.h>

#include "compiler/check/names.h"
#include "compiler/lower/lowerer.h"

namespace whisk::lower {
namespace {

/// Kubernetes counts probe timings in whole seconds; round up, at least
/// `least` (periods and timeouts are at least 1, a delay may be 0).
int64_t Seconds(const sema::Duration& duration, int64_t least = 1) {
  return std::max<int64_t>(least, (duration.millis + 999) / 1000);
}

/// A one-word command with spaces is a shell line (`echo ruok | nc ...`).
bool IsShellLine(const std::vector<std::string>& command) {
  return command.size() == 1 && command[0].find_first_of(" |&;<>$`'\"") != std::string::npos;
}

}  // namespace

void Lowerer::LowerPodSpec(NodeId spec, ComponentId id) {
  const sema::Component& c = program_[id];
  ComponentInfo& info = info_[id.value];
  if (c.kind == sema::Kind::Job || c.kind == sema::Kind::Cron) {
    // Never, not OnFailure: each retry gets a fresh pod and the failed ones
    // stay for `kubectl logs`.
    tree_.SetString(spec, "restartPolicy", "Never");
  }
  LowerWaits(spec, id);
  if (!info.access.empty() || !c.permissions.empty()) {
    tree_.SetString(spec, "serviceAccountName", info.name);
  }
  NodeId container = tree_.AppendMap(tree_.SetList(spec, "containers"));
  LowerContainer(container, id);
  LowerVolumes(container, spec, id);
  LowerPlacement(spec, id);
}

void Lowerer::LowerContainer(NodeId container, ComponentId id) {
  const sema::Component& c = program_[id];
  tree_.SetString(container, "name", info_[id.value].label_component);
  tree_.SetString(container, "image", c.image);
  if (!c.command.empty()) {
    NodeId command = tree_.SetList(container, "command");
    for (const std::string& word : c.command) tree_.AppendString(command, word);
  }
  if (!c.args.empty()) {
    NodeId args = tree_.SetList(container, "args");
    for (const std::string& word : c.args) tree_.AppendString(args, word);
  }
  if (!c.ports.empty()) {
    NodeId ports = tree_.SetList(container, "ports");
    for (const sema::Port& port : c.ports) {
      NodeId entry = tree_.AppendMap(ports);
      tree_.SetString(entry, "name", sema::KubeName(port.name));
      tree_.SetInt(entry, "containerPort", port.number);
      tree_.SetString(entry, "protocol", port.udp ? "UDP" : "TCP");
    }
  }
  LowerEnv(container, c);
  LowerResources(container, c);
  LowerProbe(container, "readinessProbe", c, c.readiness);
  LowerProbe(container, "livenessProbe", c, c.liveness);
}

void Lowerer::LowerEnv(NodeId container, const sema::Component& c) {
  // `envFrom` before `env`, as Kubernetes orders the fields: the kubelet
  // reads them in that order too, so `env` wins a name both set.
  if (!c.env_from.empty()) {
    NodeId list = tree_.SetList(container, "envFrom");
    for (const sema::EnvFrom& from : c.env_from) {
      bool secret = program_.data[from.data.value].secret;
      NodeId ref = tree_.SetMap(tree_.AppendMap(list),
                                secret ? k8s::Key("secretRef") : k8s::Key("configMapRef"));
      tree_.SetString(ref, "name", DataName(from.data));
    }
  }
  if (c.env.empty()) return;
  NodeId env = tree_.SetList(container, "env");
  for (const sema::EnvVar& var : c.env) {
    NodeId entry = tree_.AppendMap(env);
    tree_.SetString(entry, "name", var.name);
    switch (var.source) {
      case sema::EnvVar::Source::Literal:
        tree_.SetString(entry, "value", Render(var.value));
        break;
      case sema::EnvVar::Source::ConfigKey:
      case sema::EnvVar::Source::SecretKey: {
        bool secret = var.source == sema::EnvVar::Source::SecretKey;
        NodeId from = tree_.SetMap(entry, "valueFrom");
        NodeId ref =
            tree_.SetMap(from, secret ? k8s::Key("secretKeyRef") : k8s::Key("configMapKeyRef"));
        tree_.SetString(ref, "name", DataName(var.data));
        tree_.SetString(ref, "key", var.key);
        break;
      }
      case sema::EnvVar::Source::Field:
        tree_.SetString(tree_.SetMap(tree_.SetMap(entry, "valueFrom"), "fieldRef"), "fieldPath",
                        Render(var.value));
        break;
    }
  }
}

void Lowerer::LowerResources(NodeId container, const sema::Component& c) {
  bool requests = c.cpu.request || c.memory.request;
  bool limits = c.cpu.limit || c.memory.limit;
  if (!requests && !limits) return;
  NodeId resources = tree_.SetMap(container, "resources");
  if (limits) {
    NodeId map = tree_.SetMap(resources, "limits");
    if (c.cpu.limit) tree_.SetString(map, "cpu", c.cpu.limit->text);
    if (c.memory.limit) tree_.SetString(map, "memory", c.memory.limit->text);
  }
  if (requests) {
    NodeId map = tree_.SetMap(resources, "requests");
    if (c.cpu.request) tree_.SetString(map, "cpu", c.cpu.request->text);
    if (c.memory.request) tree_.SetString(map, "memory", c.memory.request->text);
  }
}

void Lowerer::LowerProbe(NodeId container, k8s::Key key, const sema::Component& c,
                         const sema::Probe& probe) {
  using Kind = sema::Probe::Kind;
  // `endpoints` is a promise about the Service, checked by consumers' waits.
  if (probe.kind == Kind::None || probe.kind == Kind::Endpoints) return;
  NodeId node = tree_.SetMap(container, key);
  switch (probe.kind) {
    case Kind::Http: {
      NodeId get = tree_.SetMap(node, "httpGet");
      tree_.SetString(get, "path", probe.path);
      tree_.SetString(get, "port", sema::KubeName(c.ports[probe.port].name));
      break;
    }
    case Kind::Tcp:
      tree_.SetString(tree_.SetMap(node, "tcpSocket"), "port",
                      sema::KubeName(c.ports[probe.port].name));
      break;
    case Kind::Exec: {
      NodeId command = tree_.SetList(tree_.SetMap(node, "exec"), "command");
      if (IsShellLine(probe.command)) {
        tree_.AppendString(command, "sh");
        tree_.AppendString(command, "-c");
      }
      for (const std::string& word : probe.command) tree_.AppendString(command, word);
      break;
    }
    case Kind::None:
    case Kind::Endpoints:
      break;
  }
  if (probe.after) tree_.SetInt(node, "initialDelaySeconds", Seconds(*probe.after, 0));
  if (probe.every) tree_.SetInt(node, "periodSeconds", Seconds(*probe.every));
  if (probe.timeout) tree_.SetInt(node, "timeoutSeconds", Seconds(*probe.timeout));
  if (probe.failures) tree_.SetInt(node, "failureThreshold", *probe.failures);
}

void Lowerer::LowerVolumes(NodeId container, NodeId spec, ComponentId id) {
  const sema::Component& c = program_[id];
  if (c.storage.empty() && c.files.empty() && c.mounts.empty() && c.scratch.empty()) return;
  NodeId mounts = tree_.SetList(container, "volumeMounts");
  NodeId volumes = k8s::kNoNode;
  auto mount = [&](std::string_view name, std::string_view path, bool read_only) {
    NodeId entry = tree_.AppendMap(mounts);
    tree_.SetString(entry, "name", name);
    tree_.SetString(entry, "mountPath", path);
    if (read_only) tree_.SetBool(entry, "readOnly", true);
  };
  auto volume = [&](std::string_view name) {
    if (volumes == k8s::kNoNode) volumes = tree_.FindOrAddList(spec, "volumes");
    NodeId entry = tree_.AppendMap(volumes);
    tree_.SetString(entry, "name", name);
    return entry;
  };
  for (const sema::Storage& storage : c.storage) {
    std::string name = sema::KubeName(storage.name);
    mount(name, storage.path, storage.access == sema::AccessMode::ReadOnlyMany);
    if (!storage.persistent) {
      tree_.SetMap(volume(name), "emptyDir");
    } else if (!IsClaimTemplate(c, storage)) {
      std::string claim =
          storage.claim.empty() ? fmt::format("{}-{}", info_[id.value].name, name) : storage.claim;
      tree_.SetString(tree_.SetMap(volume(name), "persistentVolumeClaim"), "claimName", claim);
    }
  }
  for (size_t i = 0; i < c.files.size(); ++i) {
    std::string name = i == 0 ? "files" : fmt::format("files-{}", i + 1);
    mount(name, c.files[i].path, true);
    NodeId config = tree_.SetMap(volume(name), "configMap");
    tree_.SetString(config, "name", FilesName(id, i));
    tree_.SetInt(config, "defaultMode", 0755);  // scripts in `files` run as they are
  }
  for (const sema::Mount& m : c.mounts) {
    const sema::DataObject& data = program_.data[m.data.value];
    std::string name =
        fmt::format("{}-{}", data.secret ? "secret" : "config", sema::KubeName(data.name));
    mount(name, m.path, true);
    if (data.secret) {
      tree_.SetString(tree_.SetMap(volume(name), "secret"), "secretName", DataName(m.data));
    } else {
      tree_.SetString(tree_.SetMap(volume(name), "configMap"), "name", DataName(m.data));
    }
  }
  for (const sema::Scratch& scratch : c.scratch) {
    std::string name = sema::KubeName(scratch.name);
    mount(name, scratch.path, false);
    tree_.SetMap(volume(name), "emptyDir");
  }
}

}  // namespace whisk::lower
