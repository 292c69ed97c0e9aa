#pragma once
// Whether a namespace holds anything that is not a topology's: the check before `whiskc delete`
// deletes the namespace itself, which would take everything in it along.

#include <set>
#include <string>
#include <vector>

#include "compiler/kube/api.h"

namespace whisk::kube {

/// What counts as the topology's in its namespace.
struct Ours {
  /// "Deployment.apps/shop-api", "Service/shop-db": the compiled objects (and the ApplySet
  /// parent), by group-kind and name, whether they still exist or not.
  std::set<std::string> objects;
  /// The uids of the topology's objects already deleted, whose dependents may still be going.
  std::set<std::string> uids;
};

/// One object found in the namespace.
struct Found {
  std::string group_kind;  // "Deployment.apps"
  Json object;
};

/// The objects among `found` that are someone else's, as "Kind name", in the order found. An
/// object is the topology's when it is one of `ours.objects`, or is owned (ownerReferences,
/// transitively) by one of them or by one of `ours.uids`. Not counted either: what is already
/// being deleted, and what every namespace or Service gets from the system (the ConfigMap
/// kube-root-ca.crt, the ServiceAccount default and its token Secrets, the Endpoints of the
/// topology's Services). Pure; exposed for tests.
std::vector<std::string> Foreign(const std::vector<Found>& found, const Ours& ours);

struct Content {
  std::vector<Found> found;
  std::string error;  // a kind that could not be listed: then nothing may be concluded
};

/// Everything in `namespace_name`, by every namespaced kind the server lists (its discovery,
/// preferred versions), but Events and metrics, which no one owns.
Content ListNamespace(Api& api, const std::string& namespace_name);

}  // namespace whisk::kube
