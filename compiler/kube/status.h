#pragma once
// What the cluster says about the workloads of a compiled topology right now: each workload's
// readiness and, when it is not ready, what holds its pods back. `whiskc status` prints it
// once; `whiskc apply --wait` asks again until everything is ready.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/kube/api.h"
#include "compiler/kube/readiness.h"

namespace whisk::kube {

/// A component of the compiled topology and the workload it became.
struct Workload {
  std::string component;  // the whisk name: "kafka"
  std::string kind;       // Deployment, StatefulSet, DaemonSet, Job, CronJob; "" for an external
  std::string api_version;
  std::string name;
  std::string namespace_name;
  /// The labels its pods carry, as the compiled workload selects them (spec.selector.matchLabels;
  /// for a Job, which has no selector until the server makes one, its pod template's labels).
  std::vector<std::pair<std::string, std::string>> pod_labels;

  /// Whether there is something to wait for: CronJobs only schedule, externals live elsewhere.
  bool Waited() const { return !kind.empty() && kind != "CronJob"; }
};

/// One look at one workload.
struct Observation {
  bool found = false;  // the workload exists (NotFound is not a failure: it may come)
  Readiness readiness;
  PodBlocker blocker;  // why its pods are not ready, when it is not and they were listed
  /// The request that could not be answered (other than NotFound): the cluster failed.
  std::optional<Failure> failure;

  bool ok() const { return found && readiness.ok(); }
  /// One phrase for a line of output: "ready (1/1)", "waiting for kafka (0/3)",
  /// "rolling out 1/3 updated", "not found".
  std::string Line() const;
  /// The full explanation, for errors and `status`: the readiness, and the blocked pod with
  /// what blocks it.
  std::string Explain() const;
};

struct ObserveOptions {
  bool pods = true;   // list the pods of a workload that is not ready
  bool logs = false;  // and read the last log line of the container that blocks them
};

/// Reads `workload` (GET), judges it and, when it is not ready, lists its pods (LIST with its
/// label selector) for what blocks them. The log line is best effort: a server that does not
/// serve logs, or a container that has none yet, leaves it empty.
Observation Observe(Api& api, const Workload& workload, const ObserveOptions& options);

/// `labels` as a `labelSelector` query value, percent-encoded: "k%3Dv%2Ck2%3Dv2".
std::string SelectorQuery(const std::vector<std::pair<std::string, std::string>>& labels);

}  // namespace whisk::kube
