#pragma once
// Ownership of applied objects, in the spirit of the ApplySet convention (KEP-3659): a
// parent Secret lists the group-kinds the set holds, and every member carries the label
// `applyset.kubernetes.io/part-of` with the set's id. Pruning deletes only objects that
// carry that label and are no longer in the output.

#include <set>
#include <string>

#include "compiler/kube/api.h"

namespace whisk::kube {

inline constexpr const char* kPartOfLabel = "applyset.kubernetes.io/part-of";
inline constexpr const char* kIdLabel = "applyset.kubernetes.io/id";
inline constexpr const char* kGroupKindsAnnotation = "applyset.kubernetes.io/contains-group-kinds";
inline constexpr const char* kToolingAnnotation = "applyset.kubernetes.io/tooling";

struct ApplySet {
  std::string name;            // the parent Secret's name
  std::string namespace_name;  // where the parent and every member live
  std::string id;              // applyset-<base64url(sha256(name.namespace.Secret.))>-v1
};

/// The set of an instance in a namespace: its parent is the Secret `<instance>.applyset`
/// (a dot, which no whisk name makes, so it cannot collide with a compiled object).
ApplySet ApplySetFor(const std::string& instance, const std::string& namespace_name);

/// "Deployment.apps", or "Service" for the core group: how the convention names kinds.
std::string GroupKind(const Resource& resource);

/// The parent Secret as an apply body, listing `group_kinds` (sorted).
std::string ParentJson(const ApplySet& set, const std::set<std::string>& group_kinds);

/// The group-kinds a live parent lists; empty when it lists none.
std::set<std::string> ListedGroupKinds(const Json& parent);

/// `object_json` with the part-of label added.
std::string WithPartOf(const std::string& object_json, const ApplySet& set);

}  // namespace whisk::kube
