#pragma once
// `whiskc diff`: what `apply` would change, as `kubectl diff --server-side` shows it. Each
// object is read, then applied with dryRun=All (the same request as apply's), and the two are
// compared as YAML with sorted keys.

#include <functional>
#include <string>
#include <vector>

#include "compiler/kube/api.h"
#include "compiler/kube/apply.h"

namespace whisk::kube {

/// The comparison of one object.
struct ObjectDiff {
  std::string what;   // "Deployment shop/shop-api"
  std::string diff;   // the unified diff; empty when apply would change nothing
  std::string error;  // why it could not be compared (then `diff` is empty)
  /// Set when the right side is what whiskc would send rather than the server's answer: its
  /// namespace does not exist yet, or it is a Job apply would replace.
  std::string note;
};

struct DiffReport {
  std::vector<ObjectDiff> objects;  // one per manifest, in order
  std::string fatal;                // the server cannot be used at all
  bool changed() const;             // some object would change
  bool ok() const;                  // every object was compared
};

/// Compares every manifest, in order, with what applying it would make of the live object.
/// `options` are apply's (field manager, force, instance); the requests are dry runs whatever
/// options.dry_run says. `progress` gets each comparison as it is done.
DiffReport Diff(Api& api, const std::vector<Manifest>& manifests, const ApplyOptions& options,
                const std::function<void(const ObjectDiff&)>& progress);

/// `live` and `applied` as diff compares them, as kubectl diff does: without
/// metadata.managedFields, and a Secret's values masked (`***`, or `*** (before)` and
/// `*** (after)` where they differ). A null side is an absent object; exposed for tests.
void PrepareForDiff(Json& live, Json& applied);

}  // namespace whisk::kube
