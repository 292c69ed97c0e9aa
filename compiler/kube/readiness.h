#pragma once
// What "ready" means for each kind of workload, read from the object the API server returns,
// and what keeps a pod from being ready. Pure functions on JSON, so that `apply --wait` and
// `status` judge alike and tests need no cluster. The rules are those of `kubectl rollout
// status` and `kubectl wait --for=condition=complete`.

#include <string>

#include "compiler/kube/api.h"

namespace whisk::kube {

/// Where a workload stands, as its own status says.
struct Readiness {
  enum class State {
    Progressing,  // not there yet, but it may get there
    Ready,        // rolled out at its current generation, or (a Job) complete
    Failed,       // it will not get there by waiting: a Job with Failed=True
  };
  State state = State::Progressing;
  /// One phrase for a line of output: "ready (3/3)", "rolling out 1/3 available",
  /// "complete (1/1)", "failed: BackoffLimitExceeded: ...".
  std::string summary;
  /// Pods ready (for a Job: succeeded) and wanted; -1 when the kind has no such count.
  long ready = -1;
  long desired = -1;

  bool ok() const { return state == State::Ready; }
};

/// The readiness of a Deployment, StatefulSet, DaemonSet, Job or CronJob, by its `kind`:
///  - Deployment: observedGeneration >= generation, updatedReplicas, availableReplicas and
///    status.replicas all equal spec.replicas, no unavailableReplicas; a Progressing condition
///    with reason ProgressDeadlineExceeded fails it, as kubectl does;
///  - StatefulSet: observedGeneration, readyReplicas == spec.replicas and, when the update
///    strategy is RollingUpdate (the default), updatedReplicas == spec.replicas (less a
///    partition) and currentRevision == updateRevision;
///  - DaemonSet: observedGeneration, updatedNumberScheduled (unless OnDelete) and
///    numberAvailable equal desiredNumberScheduled;
///  - Job: condition Complete=True; Failed=True fails it;
///  - CronJob, and any other kind: ready once it exists (nothing rolls out).
Readiness WorkloadReadiness(const Json& object);

/// Why one pod is not ready. The kinds are ordered by how much they explain: a failure explains
/// more than a pod that is still starting.
struct PodBlocker {
  enum class Kind {
    None,                // nothing: ready, finished, or being deleted
    Starting,            // pending, creating containers
    NotReady,            // running, but a container is not ready (its readiness probe)
    InitContainer,       // an init container that is not a dependency wait is running
    WaitsForDependency,  // a `wait-<component>` init container is running: the dependency
    Unschedulable,       // the scheduler found no node (its message says why)
    Failed,              // a container in CrashLoopBackOff, ImagePullBackOff, ... or the pod failed
  };
  Kind kind = Kind::None;
  std::string pod;
  std::string container;   // "wait-kafka", or the container that fails; "" for the pod
  bool init = false;       // `container` is an init container
  std::string dependency;  // "kafka": what a `wait-kafka` init container waits for
  std::string reason;      // CrashLoopBackOff, ImagePullBackOff, Unschedulable, OOMKilled ...
  std::string message;     // the kubelet's or the scheduler's message, or the last exit
  std::string log;         // the container's last log line, when someone fetched it

  /// One phrase, without the pod's name: "waits for kafka (init container wait-kafka is
  /// running)", "container api: CrashLoopBackOff (last exit: Error, code 1)",
  /// "unschedulable: 0/3 nodes are available: 3 Insufficient cpu.".
  std::string Describe() const;
  /// A shorter phrase for a live view: "waiting for kafka", "container api: CrashLoopBackOff".
  std::string Short() const;
};

/// The prefix of the init containers that wait for dependencies (compiler/lower/waits.cpp):
/// `wait-kafka` waits for the component kafka.
inline constexpr std::string_view kWaitContainerPrefix = "wait-";

/// What keeps `pod` from being ready.
PodBlocker BlockerOf(const Json& pod);

/// The blocker among `pods` (a PodList's items) that explains most; Kind::None when none is
/// blocked.
PodBlocker WorstBlocker(const Json& pods);

}  // namespace whisk::kube
