// Cross-object checks on the finished set, after patches: what Kubernetes or
// the running pods would otherwise find out late. Every Service selects some
// workload's pods; every mount names a volume; every ConfigMap, Secret and key
// that env or volumes refer to is generated; names, ports and labels fit
// Kubernetes' rules. Each failure points at the `.ow` source of the object.
#include <fmt/format.h>

#include <initializer_list>
#include <string>
#include <unordered_map>

#include "compiler/check/names.h"
#include <algorithm>

#include "compiler/lower/lowerer.h"

namespace whisk::lower {
namespace {

using k8s::NodeId;
using k8s::kNoNode;

constexpr std::string_view kComponentLabel = "app.kubernetes.io/component";

/// An IANA service name, as Kubernetes requires of named ports.
bool IsPortName(std::string_view name) {
  if (name.empty() || name.size() > 15 || name.front() == '-' || name.back() == '-') return false;
  bool letter = false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (c >= 'a' && c <= 'z') {
      letter = true;
    } else if (!(c >= '0' && c <= '9') && !(c == '-' && name[i + 1] != '-')) {
      return false;
    }
  }
  return letter;
}

class Verifier {
 public:
  Verifier(const k8s::ManifestSet& set, Diagnostics& diags) : set_(set), tree_(set.tree), diags_(diags) {}

  void Run() {
    // Indexes, for lookups only: nothing is reported in hash order.
    for (const k8s::Object& object : set_.objects) {
      if (!by_name_.emplace(ObjectKey{object.kind, object.name}, &object).second) {
        Report(DiagCode::InvalidObjectName, object,
               fmt::format("two {} objects are named `{}`", object.kind, object.name))
            .Help("rename one of the declarations that make them");
      }
      if (object.stage != k8s::Stage::Workload) continue;
      NodeId labels = Path(object.root, {"spec", "template", "metadata", "labels"});
      if (labels == kNoNode) continue;
      pod_labels_.push_back(labels);
      if (NodeId component = Path(labels, {kComponentLabel}); component != kNoNode) {
        pods_by_component_.emplace(tree_[component].text, labels);
      }
    }
    checked_labels_.assign(tree_.size(), false);
    for (const k8s::Object& object : set_.objects) {
      CheckName(object);
      CheckLabels(object, Path(object.root, {"metadata", "labels"}));
      bool pods = object.stage == k8s::Stage::Workload || object.stage == k8s::Stage::Job;
      if (NodeId pod = pods ? PodSpec(object) : kNoNode; pod != kNoNode) CheckPod(object, pod);
      if (object.stage == k8s::Stage::Workload) CheckOwnSelector(object);
      if (object.stage == k8s::Stage::Service) CheckService(object);
    }
  }

 private:
  NodeId Path(NodeId node, std::initializer_list<std::string_view> keys) const {
    for (std::string_view key : keys) {
      if (node == kNoNode || tree_[node].kind != k8s::NodeKind::Map) return kNoNode;
      node = tree_.Find(node, key);
    }
    return node;
  }
  std::string_view Text(NodeId node, std::string_view key) const {
    NodeId value = Path(node, {key});
    return value == kNoNode ? std::string_view() : tree_[value].text;
  }
  bool IsList(NodeId node) const { return node != kNoNode && tree_[node].kind == k8s::NodeKind::List; }

  NodeId PodSpec(const k8s::Object& object) const {
    if (object.kind == "CronJob") {
      return Path(object.root, {"spec", "jobTemplate", "spec", "template", "spec"});
    }
    if (object.kind == "Deployment" || object.kind == "StatefulSet" ||
        object.kind == "DaemonSet" || object.kind == "Job") {
      return Path(object.root, {"spec", "template", "spec"});
    }
    return kNoNode;
  }

  const k8s::Object* FindObject(std::string_view kind, std::string_view name) const {
    auto found = by_name_.find(ObjectKey{kind, name});
    return found == by_name_.end() ? nullptr : found->second;
  }

  bool Selects(NodeId selector, NodeId labels) const {
    for (NodeId want : tree_.children(selector)) {
      NodeId have = Path(labels, {tree_[want].key});
      if (have == kNoNode || tree_[have].text != tree_[want].text) return false;
    }
    return true;
  }

  Diagnostic& Report(DiagCode code, const k8s::Object& object, std::string message) {
    Diagnostic& d = diags_.Report(code, object.span, std::move(message))
                        .Note(fmt::format("in {} `{}`", object.kind, object.name));
    if (object.patch_span.valid()) d.With(object.patch_span, "after this patch");
    return d;
  }

  void CheckName(const k8s::Object& object) {
    bool label = object.kind == "Service" || object.kind == "Namespace";
    bool ok = label ? sema::IsDns1123Label(object.name) : sema::IsDns1123Subdomain(object.name);
    if (!ok) {
      Report(DiagCode::InvalidObjectName, object,
             fmt::format("`{}` is not a valid {} name", object.name, object.kind))
          .Note(label ? "a DNS-1123 label: at most 63 lowercase letters, digits and `-`"
                      : "a DNS-1123 subdomain: at most 253 lowercase letters, digits, `-` and `.`");
    }
  }

  /// Label keys and values are mostly a few shared strings: check each
  /// once, and report an invalid one once, not on every object carrying it.
  bool ReportLabel(NodeId label) {
    const k8s::Node& node = tree_[label];
    auto [it, fresh] = valid_labels_.try_emplace({node.key.data(), node.text.data()}, false);
    if (fresh) it->second = sema::IsLabelKey(node.key) && sema::IsLabelValue(node.text);
    return fresh && !it->second;
  }

  void CheckLabels(const k8s::Object& object, NodeId labels) {
    if (labels == kNoNode || tree_[labels].kind != k8s::NodeKind::Map) return;
    // Label maps share their entries: a chain checked once is checked.
    NodeId first = tree_[labels].first;
    if (first == kNoNode || checked_labels_[first]) return;
    checked_labels_[first] = true;
    for (NodeId label : tree_.children(labels)) {
      if (ReportLabel(label)) {
        Report(DiagCode::InvalidObjectName, object,
               fmt::format("label `{}: {}` is not valid", tree_[label].key, tree_[label].text))
            .Note("label values are at most 63 letters, digits, `-`, `_` and `.`");
      }
    }
  }

  void CheckPod(const k8s::Object& object, NodeId pod) {
    std::vector<std::string_view>& volumes = volumes_;
    std::vector<std::string_view>& containers = containers_;
    std::vector<std::string_view>& port_names = port_names_;
    volumes.clear();
    containers.clear();
    port_names.clear();
    auto unique = [&](std::vector<std::string_view>& seen, std::string_view name,
                      std::string_view what) {
      if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
        Report(DiagCode::DuplicateInPod, object, fmt::format("two {} are named `{}`", what, name));
      }
      seen.push_back(name);
    };
    if (NodeId list = Path(pod, {"volumes"}); IsList(list)) {
      for (NodeId volume : tree_.children(list)) {
        unique(volumes, Text(volume, "name"), "volumes");
        CheckVolumeSource(object, volume);
      }
    }
    if (NodeId claims = Path(object.root, {"spec", "volumeClaimTemplates"}); IsList(claims)) {
      for (NodeId claim : tree_.children(claims)) {
        unique(volumes, Text(Path(claim, {"metadata"}), "name"), "volumes");
      }
    }
    for (std::string_view key : {"initContainers", "containers"}) {
      NodeId list = Path(pod, {key});
      if (!IsList(list)) continue;
      for (NodeId container : tree_.children(list)) {
        std::string_view name = Text(container, "name");
        unique(containers, name, "containers");
        if (!sema::IsDns1123Label(name)) {
          Report(DiagCode::InvalidObjectName, object,
                 fmt::format("container name `{}` is not a DNS-1123 label", name));
        }
        if (NodeId ports = Path(container, {"ports"}); IsList(ports)) {
          for (NodeId port : tree_.children(ports)) {
            std::string_view port_name = Text(port, "name");
            if (port_name.empty()) continue;
            unique(port_names, port_name, "ports");
            if (!IsPortName(port_name)) {
              Report(DiagCode::InvalidObjectName, object,
                     fmt::format("port name `{}` is not valid", port_name))
                  .Note("port names are at most 15 lowercase letters, digits and `-`, with a letter");
            }
          }
        }
        if (NodeId mounts = Path(container, {"volumeMounts"}); IsList(mounts)) {
          for (NodeId mount : tree_.children(mounts)) {
            std::string_view volume = Text(mount, "name");
            if (std::find(volumes.begin(), volumes.end(), volume) == volumes.end()) {
              Report(DiagCode::UnknownVolume, object,
                     fmt::format("container `{}` mounts volume `{}`, which the pod does not have",
                                 name, volume));
            }
          }
        }
        if (NodeId env = Path(container, {"env"}); IsList(env)) {
          for (NodeId var : tree_.children(env)) CheckKeyRef(object, var);
        }
      }
    }
  }

  void CheckVolumeSource(const k8s::Object& object, NodeId volume) {
    if (NodeId config = Path(volume, {"configMap"}); config != kNoNode) {
      RequireData(object, "ConfigMap", Text(config, "name"), {});
    } else if (NodeId secret = Path(volume, {"secret"}); secret != kNoNode) {
      RequireData(object, "Secret", Text(secret, "secretName"), {});
    }
  }

  void CheckKeyRef(const k8s::Object& object, NodeId var) {
    if (NodeId ref = Path(var, {"valueFrom", "configMapKeyRef"}); ref != kNoNode) {
      RequireData(object, "ConfigMap", Text(ref, "name"), Text(ref, "key"));
    } else if (NodeId ref = Path(var, {"valueFrom", "secretKeyRef"}); ref != kNoNode) {
      RequireData(object, "Secret", Text(ref, "name"), Text(ref, "key"));
    }
  }

  void RequireData(const k8s::Object& object, std::string_view kind, std::string_view name,
                   std::string_view key) {
    const k8s::Object* data = FindObject(kind, name);
    if (!data) {
      Report(DiagCode::UnknownObjectReference, object,
             fmt::format("refers to {} `{}`, which is not generated", kind, name));
      return;
    }
    if (key.empty()) return;
    for (std::string_view section : {"data", "binaryData"}) {
      if (Path(data->root, {section, key}) != kNoNode) return;
    }
    Report(DiagCode::UnknownObjectReference, object,
           fmt::format("refers to key `{}` of {} `{}`, which has no such key", key, kind, name));
  }

  /// A workload's selector must match its own pod template, or the API
  /// server rejects it.
  void CheckOwnSelector(const k8s::Object& object) {
    NodeId selector = Path(object.root, {"spec", "selector", "matchLabels"});
    NodeId labels = Path(object.root, {"spec", "template", "metadata", "labels"});
    if (selector == kNoNode || labels == kNoNode || tree_[selector].kind != k8s::NodeKind::Map) {
      return;  // not a workload with a selector (a budget, a Job)
    }
    if (Selects(selector, labels)) return;
    Report(DiagCode::SelectorMismatch, object,
           fmt::format("the selector of {} `{}` does not match its own pod template's labels",
                       object.kind, object.name))
        .Help("keep `app.kubernetes.io/instance` and `app.kubernetes.io/component` on the pods");
  }

  void CheckService(const k8s::Object& service) {
    NodeId selector = Path(service.root, {"spec", "selector"});
    if (selector == kNoNode || tree_.empty(selector)) return;
    if (NodeId component = Path(selector, {kComponentLabel}); component != kNoNode) {
      auto [begin, end] = pods_by_component_.equal_range(tree_[component].text);
      for (auto it = begin; it != end; ++it) {
        if (Selects(selector, it->second)) return;
      }
    } else {
      for (NodeId labels : pod_labels_) {
        if (Selects(selector, labels)) return;
      }
    }
    Report(DiagCode::ServiceSelectsNothing, service,
           fmt::format("Service `{}` selects no pod of any workload", service.name));
  }

  const k8s::ManifestSet& set_;
  const k8s::Tree& tree_;
  Diagnostics& diags_;
  struct ObjectKey {
    std::string_view kind, name;
    bool operator==(const ObjectKey&) const = default;
  };
  struct ObjectKeyHash {
    size_t operator()(const ObjectKey& key) const {
      return std::hash<std::string_view>()(key.name) * 31 + std::hash<std::string_view>()(key.kind);
    }
  };
  struct PointerPairHash {
    size_t operator()(const std::pair<const char*, const char*>& p) const {
      return std::hash<const char*>()(p.first) * 31 + std::hash<const char*>()(p.second);
    }
  };
  std::unordered_map<ObjectKey, const k8s::Object*, ObjectKeyHash> by_name_;
  // Validity by the addresses of key and value: sizes travel with the
  // addresses, as every label string is stored once.
  std::unordered_map<std::pair<const char*, const char*>, bool, PointerPairHash> valid_labels_;
  std::unordered_multimap<std::string_view, NodeId> pods_by_component_;
  std::vector<NodeId> pod_labels_;
  std::vector<bool> checked_labels_;  // by a label map's first entry
  std::vector<std::string_view> volumes_, containers_, port_names_;  // reused per pod
};

}  // namespace

void Lowerer::Verify() { Verifier(set_, diags_).Run(); }

}  // namespace whisk::lower
