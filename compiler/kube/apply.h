#pragma once
// `whiskc apply`: server-side apply of every compiled object, in compile order, as
// `kubectl apply --server-side` sends it.

#include <functional>
#include <string>
#include <vector>

#include "compiler/kube/api.h"

namespace whisk::kube {

/// One object of the compile output, as apply needs it.
struct Manifest {
  std::string api_version;
  std::string kind;
  std::string name;
  std::string namespace_name;  // "" for cluster-scoped kinds
  std::string json;            // the object, as `whiskc compile --format json` writes it
  std::string origin;          // "cluster.ow:12:9" — where it was declared, for messages
  /// Where a field the server names (`spec.template.spec.containers[0].image`) was written,
  /// shown as source lines with a caret; may be empty.
  std::function<std::string(const std::string& field)> locate;
};

struct ApplyOptions {
  std::string field_manager = "whiskc";
  bool force_conflicts = false;
  bool dry_run = false;  // --dry-run=server: dryRun=All on every request
  /// When set, the namespaced objects are recorded as the ApplySet of this instance (a parent
  /// Secret and a label on each), so that a later --prune finds what the output dropped.
  std::string instance;
  bool prune = false;          // delete the set's members the output no longer has
  bool prune_volumes = false;  // PersistentVolumeClaims too
};

/// What happened to one object.
struct Outcome {
  enum class State { Created, Applied, Pruned, Kept, Failed, NotAttempted } state;
  std::string what;    // "Deployment owdev/api"
  std::string detail;  // for Failed: the one-line cause and its context lines
  bool unanswered = false;  // Failed because the server did not answer (after retries)
};

struct ApplyReport {
  std::vector<Outcome> outcomes;  // one per manifest, in order
  std::vector<Outcome> pruned;    // members deleted (or kept) because the output dropped them
  /// Set when nothing could be attempted: the API server did not answer, or refused the
  /// credentials, or failed discovery.
  std::string fatal;
  bool ok() const;
};

/// Applies `manifests` in order. Kinds the server does not serve are found first, before
/// anything is changed. A failed object does not stop the others (a later run converges),
/// except the Namespace, without which nothing else can land, and a request the server did
/// not answer at all: the rest would only wait as long again. A Job whose pod template changed
/// is deleted and applied anew (the template is immutable). With `prune`, and only when every
/// object applied, the set's members the output dropped are deleted. `progress` gets each
/// outcome as it is done.
ApplyReport Apply(Api& api, const std::vector<Manifest>& manifests, const ApplyOptions& options,
                  const std::function<void(const Outcome&)>& progress);

/// "Deployment shop/api", or "Namespace shop": how messages name an object.
std::string What(const Manifest& manifest);

/// The query of apply's PATCH: field manager, strict validation, force, dry run. `diff` sends
/// the same with dry_run set.
std::string ApplyQuery(const ApplyOptions& options);

/// The body apply sends for `manifest`: its JSON, with the ApplySet's part-of label when the
/// instance records one and the kind is namespaced.
std::string ApplyBody(const Manifest& manifest, const Resource& resource,
                      const ApplyOptions& options);

/// Whether applying `manifest` failed because it is a Job whose pod template changed, which
/// the server refuses (the template is immutable): apply replaces such a Job.
bool IsImmutableJob(const Manifest& manifest, const Failure& failure);

/// The failure's line and, for conflicts and invalid fields, one indented line per cause;
/// exposed for tests.
std::string ExplainFailure(const Failure& failure, const Manifest& manifest,
                           const ApplyOptions& options);

}  // namespace whisk::kube
