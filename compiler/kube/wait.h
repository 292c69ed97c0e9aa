#pragma once
// `whiskc apply --wait`: after applying, ask the API server about each workload until all are
// ready, one has failed for good, or the time is up.

#include <chrono>
#include <cstddef>
#include <functional>
#include <vector>

#include "compiler/kube/api.h"
#include "compiler/kube/status.h"

namespace whisk::kube {

struct WaitOptions {
  std::chrono::milliseconds timeout = std::chrono::minutes(5);
  /// Between two rounds of requests. Polling with GET rather than watching keeps the client
  /// simple and survives dropped connections; a round a second is what kubectl's own
  /// `rollout status` costs.
  std::chrono::milliseconds interval = std::chrono::seconds(1);
};

struct WaitResult {
  enum class Outcome {
    Ready,         // every workload is ready
    TimedOut,      // the time was up first
    Failed,        // a workload failed for good (a Job with Failed=True)
    ClusterError,  // a request failed (after the API client's retries)
  };
  Outcome outcome = Outcome::Ready;
  /// The last observation of each workload, in the order given.
  std::vector<Observation> observations;
  std::chrono::milliseconds elapsed{0};
  /// Failed: the workload that failed; ClusterError: the one whose request failed.
  size_t culprit = SIZE_MAX;
};

/// Called after each round with every workload's latest observation.
using WaitProgress =
    std::function<void(const std::vector<Observation>&, std::chrono::milliseconds elapsed)>;

/// Waits for `workloads` (in dependency order; callers leave out what is not Waited()). Each
/// round reads every workload not yet seen ready, and the pods of those that are not, so that
/// progress can say what each waits for. A workload seen ready is not asked again. When the
/// time is up, the ones not ready are read once more with their blocking container's last log
/// line. A timeout of zero looks once.
WaitResult WaitUntilReady(Api& api, const std::vector<Workload>& workloads,
                          const WaitOptions& options, const WaitProgress& progress);

}  // namespace whisk::kube
