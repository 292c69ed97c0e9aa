#pragma once
// Cross-object checks, after patches: what Kubernetes or the running pods
// would otherwise find out late. Each object is checked as soon as it is
// complete, while its nodes are still in the cache; what needs other objects
// (does a Service select some workload's pods? does a referenced ConfigMap,
// Secret or key exist?) is noted and settled by Finish. Each failure points at
// the `.ow` source of the object, and at the patch that caused it.

#include <initializer_list>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "compiler/lower/manifest.h"
#include "compiler/source/diagnostic.h"

namespace whisk::lower {

class Verifier {
 public:
  Verifier(const k8s::Tree& tree, Diagnostics& diags) : tree_(tree), diags_(diags) {}

  /// Room for about `components` components' objects, so that the indexes
  /// never rehash while checking.
  void Reserve(size_t components);
  /// Declares an object that exists at run time but is not generated (made
  /// by a component): references to it are fine, whatever key they name.
  void Expect(std::string_view kind, std::string_view name) {
    by_name_.emplace(ObjectKey{kind, name}, k8s::kNoNode);
  }
  /// Checks one finished object: its name, labels and pod (volumes, mounts,
  /// containers, ports, its workload selector).
  void Check(const k8s::Object& object);
  /// The checks across objects, once every object was given to Check.
  void Finish();

 private:
  using NodeId = k8s::NodeId;

  /// A reference from a pod to a ConfigMap or Secret (and maybe a key).
  struct Reference {
    k8s::Object from;
    std::string_view kind, name, key;
  };
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

  NodeId Path(NodeId node, std::initializer_list<std::string_view> keys) const;
  std::string_view Text(NodeId node, std::string_view key) const;
  bool IsList(NodeId node) const;
  NodeId PodSpec(const k8s::Object& object) const;
  bool Selects(NodeId selector, NodeId labels) const;
  Diagnostic& Report(DiagCode code, const k8s::Object& object, std::string message);

  void CheckName(const k8s::Object& object);
  bool ReportLabel(NodeId label);
  void CheckLabels(const k8s::Object& object, NodeId labels);
  void CheckPod(const k8s::Object& object, NodeId pod);
  void NoteVolumeSource(const k8s::Object& object, NodeId volume);
  void NoteKeyRef(const k8s::Object& object, NodeId var);
  /// Notes the ConfigMap or Secret of one `envFrom` item: all of its keys.
  void NoteEnvSource(const k8s::Object& object, NodeId source);
  void CheckOwnSelector(const k8s::Object& object);
  void RequireData(const Reference& ref);
  void CheckService(const k8s::Object& service);

  const k8s::Tree& tree_;
  Diagnostics& diags_;
  std::unordered_map<ObjectKey, NodeId, ObjectKeyHash> by_name_;  // roots, for lookups only
  // Validity by the addresses of key and value: sizes travel with the
  // addresses, as every label string is stored once.
  std::unordered_map<std::pair<const char*, const char*>, bool, PointerPairHash> valid_labels_;
  std::unordered_multimap<std::string_view, NodeId> pods_by_component_;
  std::vector<NodeId> pod_labels_;
  std::vector<bool> checked_labels_;                                 // by a label map's first entry
  std::vector<std::string_view> volumes_, containers_, port_names_;  // reused per pod
  std::vector<Reference> references_;
  std::vector<k8s::Object> services_;
};

}  // namespace whisk::lower
