#pragma once
// k8s::ManifestSet: what lowering hands to the emitters — the Kubernetes
// objects of one topology, in the order they apply cleanly, each a map in one
// shared Tree and each remembering which `.ow` source it came from.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/lower/tree.h"
#include "compiler/source/span.h"

namespace whisk::k8s {

/// Where an object goes in the output: objects that others refer to come
/// before those that refer to them, so that `kubectl apply` of the whole
/// stream never meets a missing reference.
enum class Stage : uint8_t {
  Namespace,
  ServiceAccount,
  Role,
  RoleBinding,
  Config,  // ConfigMaps and Secrets
  Storage,
  Service,
  Ingress,
  Workload,  // Deployments, StatefulSets, DaemonSets, in dependency order
  Job,       // Jobs and CronJobs, in dependency order
  Autoscaler,
  Budget,
  NetworkPolicy,
};

struct Object {
  std::string_view api_version;  // static strings: `apps/v1`
  std::string_view kind;
  std::string_view name;  // stored in the tree
  NodeId root = kNoNode;
  Stage stage = Stage::Namespace;
  uint32_t rank = 0;  // within the stage: the component's place in dependency order
  Span span;          // the declaration that made it
  Span patch_span;    // the last `patch` merged into it, if any
};

struct ManifestSet {
  Tree tree;
  std::vector<Object> objects;  // sorted by (stage, rank, kind, name) once lowered
};

}  // namespace whisk::k8s
