#include <fmt/format.h>

#include <algorithm>

#include "compiler/check/names.h"
#include "compiler/lower/verifier.h"

namespace whisk::lower {
namespace {

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

}  // namespace

void Verifier::Check(const k8s::Object& object) {
  if (!by_name_.emplace(ObjectKey{object.kind, object.name}, object.root).second) {
    Report(DiagCode::InvalidObjectName, object,
           fmt::format("two {} objects are named `{}`", object.kind, object.name))
        .Help("rename one of the declarations that make them");
  }
  CheckName(object);
  CheckLabels(object, Path(object.root, {"metadata", "labels"}));
  bool pods = object.stage == k8s::Stage::Workload || object.stage == k8s::Stage::Job;
  if (NodeId pod = pods ? PodSpec(object) : kNoNode; pod != kNoNode) CheckPod(object, pod);
  if (object.stage == k8s::Stage::Workload) {
    CheckOwnSelector(object);
    if (NodeId labels = Path(object.root, {"spec", "template", "metadata", "labels"});
        labels != kNoNode) {
      pod_labels_.push_back(labels);
      if (NodeId component = Path(labels, {kComponentLabel}); component != kNoNode) {
        pods_by_component_.emplace(tree_[component].text, labels);
      }
    }
  }
  if (object.stage == k8s::Stage::Service) services_.push_back(object);
}

void Verifier::Reserve(size_t components) {
  by_name_.reserve(components * 4 + 16);
  valid_labels_.reserve(components * 8 + 16);
  pods_by_component_.reserve(components + 16);
  pod_labels_.reserve(components);
  references_.reserve(components * 2);
  services_.reserve(components * 2);
}

void Verifier::Finish() {
  for (const Reference& ref : references_) RequireData(ref);
  for (const k8s::Object& service : services_) CheckService(service);
}

k8s::NodeId Verifier::Path(NodeId node, std::initializer_list<std::string_view> keys) const {
  for (std::string_view key : keys) {
    if (node == kNoNode || tree_[node].kind != k8s::NodeKind::Map) return kNoNode;
    node = tree_.Find(node, key);
  }
  return node;
}

std::string_view Verifier::Text(NodeId node, std::string_view key) const {
  NodeId value = Path(node, {key});
  return value == kNoNode ? std::string_view() : tree_[value].text;
}

bool Verifier::IsList(NodeId node) const {
  return node != kNoNode && tree_[node].kind == k8s::NodeKind::List;
}

k8s::NodeId Verifier::PodSpec(const k8s::Object& object) const {
  if (object.kind == "CronJob") {
    return Path(object.root, {"spec", "jobTemplate", "spec", "template", "spec"});
  }
  return Path(object.root, {"spec", "template", "spec"});
}

bool Verifier::Selects(NodeId selector, NodeId labels) const {
  for (NodeId want : tree_.children(selector)) {
    NodeId have = Path(labels, {tree_[want].key});
    if (have == kNoNode || tree_[have].text != tree_[want].text) return false;
  }
  return true;
}

Diagnostic& Verifier::Report(DiagCode code, const k8s::Object& object, std::string message) {
  Diagnostic& d = diags_.Report(code, object.span, std::move(message))
                      .Note(fmt::format("in {} `{}`", object.kind, object.name));
  if (object.patch_span.valid()) d.With(object.patch_span, "after this patch");
  return d;
}

void Verifier::CheckName(const k8s::Object& object) {
  bool label = object.kind == "Service" || object.kind == "Namespace";
  bool ok = label ? sema::IsDns1123Label(object.name) : sema::IsDns1123Subdomain(object.name);
  if (!ok) {
    Report(DiagCode::InvalidObjectName, object,
           fmt::format("`{}` is not a valid {} name", object.name, object.kind))
        .Note(label ? "a DNS-1123 label: at most 63 lowercase letters, digits and `-`"
                    : "a DNS-1123 subdomain: at most 253 lowercase letters, digits, `-` and `.`");
  }
}

/// Label keys and values are mostly a few shared strings: check each once,
/// and report an invalid one once, not on every object carrying it.
bool Verifier::ReportLabel(NodeId label) {
  const k8s::Node& node = tree_[label];
  auto [it, fresh] = valid_labels_.try_emplace({node.key.data(), node.text.data()}, false);
  if (fresh) it->second = sema::IsLabelKey(node.key) && sema::IsLabelValue(node.text);
  return fresh && !it->second;
}

void Verifier::CheckLabels(const k8s::Object& object, NodeId labels) {
  if (labels == kNoNode || tree_[labels].kind != k8s::NodeKind::Map) return;
  // Label maps share their entries: a chain checked once is checked.
  NodeId first = tree_[labels].first;
  if (first == kNoNode) return;
  if (first >= checked_labels_.size()) checked_labels_.resize(tree_.size(), false);
  if (checked_labels_[first]) return;
  checked_labels_[first] = true;
  for (NodeId label : tree_.children(labels)) {
    if (ReportLabel(label)) {
      Report(DiagCode::InvalidObjectName, object,
             fmt::format("label `{}: {}` is not valid", tree_[label].key, tree_[label].text))
          .Note("label values are at most 63 letters, digits, `-`, `_` and `.`");
    }
  }
}

void Verifier::CheckPod(const k8s::Object& object, NodeId pod) {
  volumes_.clear();
  containers_.clear();
  port_names_.clear();
  auto unique = [&](std::vector<std::string_view>& seen, std::string_view name,
                    std::string_view what) {
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      Report(DiagCode::DuplicateInPod, object, fmt::format("two {} are named `{}`", what, name));
    }
    seen.push_back(name);
  };
  if (NodeId list = Path(pod, {"volumes"}); IsList(list)) {
    for (NodeId volume : tree_.children(list)) {
      unique(volumes_, Text(volume, "name"), "volumes");
      NoteVolumeSource(object, volume);
    }
  }
  if (NodeId claims = Path(object.root, {"spec", "volumeClaimTemplates"}); IsList(claims)) {
    for (NodeId claim : tree_.children(claims)) {
      unique(volumes_, Text(Path(claim, {"metadata"}), "name"), "volumes");
    }
  }
  for (std::string_view key : {"initContainers", "containers"}) {
    NodeId list = Path(pod, {key});
    if (!IsList(list)) continue;
    for (NodeId container : tree_.children(list)) {
      std::string_view name = Text(container, "name");
      unique(containers_, name, "containers");
      if (!sema::IsDns1123Label(name)) {
        Report(DiagCode::InvalidObjectName, object,
               fmt::format("container name `{}` is not a DNS-1123 label", name));
      }
      if (NodeId ports = Path(container, {"ports"}); IsList(ports)) {
        for (NodeId port : tree_.children(ports)) {
          std::string_view port_name = Text(port, "name");
          if (port_name.empty()) continue;
          unique(port_names_, port_name, "ports");
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
          if (std::find(volumes_.begin(), volumes_.end(), volume) == volumes_.end()) {
            Report(DiagCode::UnknownVolume, object,
                   fmt::format("container `{}` mounts volume `{}`, which the pod does not have",
                               name, volume));
          }
        }
      }
      if (NodeId env = Path(container, {"env"}); IsList(env)) {
        for (NodeId var : tree_.children(env)) NoteKeyRef(object, var);
      }
      if (NodeId sources = Path(container, {"envFrom"}); IsList(sources)) {
        for (NodeId source : tree_.children(sources)) NoteEnvSource(object, source);
      }
    }
  }
}

void Verifier::NoteVolumeSource(const k8s::Object& object, NodeId volume) {
  if (NodeId config = Path(volume, {"configMap"}); config != kNoNode) {
    references_.push_back({object, "ConfigMap", Text(config, "name"), {}});
  } else if (NodeId secret = Path(volume, {"secret"}); secret != kNoNode) {
    references_.push_back({object, "Secret", Text(secret, "secretName"), {}});
  }
}

void Verifier::NoteKeyRef(const k8s::Object& object, NodeId var) {
  NodeId from = Path(var, {"valueFrom"});
  if (from == kNoNode) return;
  if (NodeId ref = Path(from, {"configMapKeyRef"}); ref != kNoNode) {
    references_.push_back({object, "ConfigMap", Text(ref, "name"), Text(ref, "key")});
  } else if (NodeId ref = Path(from, {"secretKeyRef"}); ref != kNoNode) {
    references_.push_back({object, "Secret", Text(ref, "name"), Text(ref, "key")});
  }
}

void Verifier::NoteEnvSource(const k8s::Object& object, NodeId source) {
  if (NodeId ref = Path(source, {"configMapRef"}); ref != kNoNode) {
    references_.push_back({object, "ConfigMap", Text(ref, "name"), {}});
  } else if (NodeId ref = Path(source, {"secretRef"}); ref != kNoNode) {
    references_.push_back({object, "Secret", Text(ref, "name"), {}});
  }
}

void Verifier::RequireData(const Reference& ref) {
  auto found = by_name_.find(ObjectKey{ref.kind, ref.name});
  if (found == by_name_.end()) {
    Report(DiagCode::UnknownObjectReference, ref.from,
           fmt::format("refers to {} `{}`, which is not generated", ref.kind, ref.name));
    return;
  }
  if (ref.key.empty() || found->second == kNoNode) return;
  for (std::string_view section : {"data", "binaryData"}) {
    if (Path(found->second, {section, ref.key}) != kNoNode) return;
  }
  Report(DiagCode::UnknownObjectReference, ref.from,
         fmt::format("refers to key `{}` of {} `{}`, which has no such key", ref.key, ref.kind,
                     ref.name));
}

/// A workload's selector must match its own pod template, or the API server
/// rejects it.
void Verifier::CheckOwnSelector(const k8s::Object& object) {
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

void Verifier::CheckService(const k8s::Object& service) {
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

}  // namespace whisk::lower
