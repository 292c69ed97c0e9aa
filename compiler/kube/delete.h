#pragma once
// `whiskc delete`: removes a topology's objects from the cluster, in reverse compile order,
// and waits until they are gone. Volumes stay unless asked for; the namespace goes only when
// nothing in it is someone else's.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "compiler/kube/api.h"
#include "compiler/kube/apply.h"

namespace whisk::kube {

struct DeleteOptions {
  bool dry_run = false;  // --dry-run=server: dryRun=All on every DELETE, and no waiting
  bool volumes = false;  // --volumes: PersistentVolumeClaims too
  /// The instance whose ApplySet record (INSTANCE.applyset) goes with its objects.
  std::string instance;
  /// How long to wait until everything deleted is gone; zero does not wait.
  std::chrono::milliseconds timeout = std::chrono::minutes(5);
  /// The longest pause between two rounds of GETs (the first pauses are shorter).
  std::chrono::milliseconds interval = std::chrono::seconds(1);
};

/// What happened to one object.
struct Removal {
  enum class State {
    Deleted,       // the server accepted the DELETE (gone, or going)
    Absent,        // there was nothing to delete
    Kept,          // a volume without --volumes, or a namespace that must stay (detail: why)
    Failed,        // the DELETE failed (detail: the failure)
    NotAttempted,  // left alone because of an earlier failure (detail: why)
    Remaining,     // deleted, but still there when the time was up (detail: what holds it)
  } state;
  std::string what;  // "Deployment shop/shop-api"
  std::string detail;
};

struct DeleteProgress {
  std::function<void(const Removal&)> done;  // each removal as it is decided
  /// Once, when the deletes are sent and `left` objects are not gone yet.
  std::function<void(size_t left)> waiting;
};

struct DeleteReport {
  std::vector<Removal> removals;  // in the order they happened
  std::string fatal;              // nothing could be attempted: the server cannot be used
  bool ok() const;
};

/// Deletes `manifests` in reverse order, the Namespace last:
///  - workloads (Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs) with
///    propagationPolicy Foreground, so that the wait ends when their pods are gone; everything
///    else with Background, as kubectl does; a 404 is an object already gone;
///  - PersistentVolumeClaims, the compiled ones and those made from a StatefulSet's
///    volumeClaimTemplates, only with `volumes`;
///  - the ApplySet parent Secret once every member it records is deleted;
///  - then waits (polling GETs) until everything deleted is gone;
///  - then the Namespace, only when it carries the compiled instance label, nothing was kept or
///    failed, and nothing else lives in it (ListNamespace, Foreign); then waits for it too.
DeleteReport Delete(Api& api, const std::vector<Manifest>& manifests, const DeleteOptions& options,
                    const DeleteProgress& progress);

}  // namespace whisk::kube
