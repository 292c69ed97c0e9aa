#pragma once
// The lowering pass's shared state, private to compiler/lower/. Each .cpp
// file of the folder implements one family of objects as member functions.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/lower/lower.h"
#include "compiler/lower/verifier.h"

namespace whisk::lower {

using k8s::NodeId;
using sema::ComponentId;

/// FNV-1a, 64 bits: a fingerprint of configuration contents, the same on
/// every machine.
class ContentHash {
 public:
  void Add(std::string_view bytes) {
    for (char c : bytes) value_ = (value_ ^ static_cast<uint8_t>(c)) * 0x100000001b3ULL;
    value_ = (value_ ^ 0xff) * 0x100000001b3ULL;  // ends the piece: "ab","c" differs from "a","bc"
    used_ = true;
  }
  void Add(uint64_t piece) {
    char bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(piece >> (8 * i));  // little-endian
    Add(std::string_view(bytes, 8));
  }
  uint64_t value() const { return value_; }
  bool used() const { return used_; }

 private:
  uint64_t value_ = 0xcbf29ce484222325ULL;
  bool used_ = false;
};

/// One rule of a generated Role.
struct AccessRule {
  std::string api_group;
  std::string resource;
  std::vector<std::string> names;  // empty: every object of the resource
  std::vector<std::string> verbs;
};

/// What lowering knows of a component beyond the checked program.
/// Strings stored once in the tree and shared by every node that uses them.
struct ComponentInfo {
  std::string_view name;             // `<instance>-<component>`
  std::string_view label_name;       // app.kubernetes.io/name: its template, else itself
  std::string_view label_component;  // app.kubernetes.io/component
  k8s::NodeId workload = k8s::kNoNode;
  size_t workload_object = 0;  // its index in the object list, before sorting
  k8s::NodeId labels = k8s::kNoNode, selector = k8s::kNoNode;  // built on first use
  std::vector<AccessRule> access;  // what its waits and its own code ask of the API
  ContentHash config_hash;         // of the ConfigMaps its pods read
};

/// The scripts of dependency waits, shared by all pods in one ConfigMap.
enum class WaitScript : uint8_t { Http, Tcp, Command, Api };

/// One planned dependency wait: which script, in which image, with what
/// environment, and what it asks of the API server.
struct Wait {
  WaitScript script = WaitScript::Tcp;
  std::string image;  // empty: the wait image
  std::vector<std::pair<std::string_view, std::string>> env;
  std::optional<AccessRule> access;
};

class Lowerer {
 public:
  Lowerer(const sema::Program& program, const LowerOptions& options, Diagnostics& diags);
  k8s::ManifestSet Run();

 private:
  // metadata.cpp
  struct NewObjectResult {
    NodeId root, metadata;
  };
  NewObjectResult NewObject(k8s::Stage stage, uint32_t rank, std::string_view api_version,
                            std::string_view kind, std::string_view name, Span span,
                            ComponentId owner);
  /// A component's recommended labels, or (for an invalid id) the instance's;
  /// its selector labels. Each call gives a node sharing one set of children.
  NodeId LabelsOf(ComponentId id);
  NodeId SelectorOf(ComponentId id);
  /// The labels that select a component's pods, key and value: the one
  /// definition behind SelectorOf and `${c.selector}`.
  std::array<std::pair<std::string_view, std::string_view>, 2> SelectorLabels(ComponentId id) const;
  /// `metadata.labels` of an object that belongs to `id` (or the instance).
  void Labels(NodeId metadata, ComponentId id) { tree_.Set(metadata, "labels", LabelsOf(id)); }
  /// A string node for text already stored in the tree.
  NodeId Stored(std::string_view text) { return tree_.Scalar(k8s::NodeKind::String, text); }
  std::string Address(ComponentId id) const;  // the host name consumers use
  std::string Render(const sema::Interpolated& text) const;
  std::string DataName(sema::DataId id) const;
  /// The name of what whiskc makes for the whisk name `name`: `<instance>-<name>`.
  std::string ObjectName(std::string_view name) const;
  uint32_t Rank(ComponentId id) const { return rank_[id.value]; }

  // workloads.cpp
  void LowerWorkload(ComponentId id);
  void PodTemplate(NodeId parent, ComponentId id);
  void ConfigChecksum(NodeId metadata, ComponentId id);

  // pod.cpp
  void LowerPodSpec(NodeId spec, ComponentId id);
  void LowerContainer(NodeId container, ComponentId id);
  void LowerEnv(NodeId container, const sema::Component& c);
  void LowerResources(NodeId container, const sema::Component& c);
  void LowerProbe(NodeId container, k8s::Key key, const sema::Component& c,
                  const sema::Probe& probe);
  void LowerVolumes(NodeId container, NodeId spec, ComponentId id);

  // data.cpp
  void LowerData(sema::DataId id);
  void LowerFiles(ComponentId id);
  std::string FilesName(ComponentId id, size_t index) const;

  // storage.cpp
  void LowerClaims(ComponentId id);
  void AddClaimTemplates(NodeId spec, ComponentId id);
  void ClaimSpec(NodeId spec, const sema::Storage& storage);
  bool IsClaimTemplate(const sema::Component& c, const sema::Storage& storage) const;

  // waits.cpp
  void LowerWaits(NodeId pod_spec, ComponentId id);
  void WriteWait(NodeId container, const std::string& target, const Wait& wait);
  void LowerWaitScripts();
  std::string WaitsConfigName() const;

  // rbac.cpp
  void LowerAccess(ComponentId id);

  // placement.cpp
  void LowerPlacement(NodeId pod_spec, ComponentId id);

  // services.cpp
  void LowerServices(ComponentId id);
  void LowerIngress(ComponentId id);

  // scaling.cpp
  void LowerAutoscaler(ComponentId id);
  void LowerBudget(ComponentId id);

  // network_policy.cpp
  void LowerNetworkPolicies();
  /// Who may reach the component's ports: its consumers, peers, and anyone on exposed ports.
  void LowerProviderPolicy(ComponentId id);
  /// Who may reach the pods it spawns: the component alone.
  void LowerSpawnedPolicies(ComponentId id);

  // patch.cpp
  void ApplyPatches(ComponentId id);

  /// Checks the objects made since `begin` (see verifier.h).
  void CheckObjectsFrom(size_t begin);

  const sema::Program& program_;
  const LowerOptions& options_;
  Diagnostics& diags_;
  k8s::ManifestSet set_;
  k8s::Tree& tree_;
  Verifier verifier_;
  std::vector<ComponentInfo> info_;
  bool scripts_used_[4] = {};                        // by WaitScript
  std::string_view instance_, part_of_, namespace_;  // stored in the tree
  NodeId instance_labels_ = k8s::kNoNode;
  std::vector<uint32_t> rank_;                     // each component's place in dependency order
  std::vector<uint64_t> data_hash_;                // by DataId: each ConfigMap's contents
  std::vector<std::vector<uint32_t>> edges_from_;  // per consumer: its edges
  std::vector<std::vector<uint32_t>> edges_to_;    // per provider: edges into it
};

}  // namespace whisk::lower
