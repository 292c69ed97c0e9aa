#include "compiler/kube/wait.h"

#include <algorithm>

namespace whisk::kube {

WaitResult WaitUntilReady(Api& api, const std::vector<Workload>& workloads,
                          const WaitOptions& options, const WaitProgress& progress) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  const Clock::time_point deadline = start + options.timeout;
  auto elapsed = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  };
  WaitResult result;
  result.observations.resize(workloads.size());
  std::vector<bool> settled(workloads.size(), false);
  for (;;) {
    bool all_ready = true;
    for (size_t i = 0; i < workloads.size(); ++i) {
      if (settled[i]) continue;
      Observation& o = result.observations[i] = Observe(api, workloads[i], {});
      if (o.failure) {
        result.outcome = WaitResult::Outcome::ClusterError;
        result.culprit = i;
        result.elapsed = elapsed();
        return result;
      }
      settled[i] = o.ok();
      all_ready = all_ready && settled[i];
      if (o.readiness.state == Readiness::State::Failed) {
        result.outcome = WaitResult::Outcome::Failed;
        result.culprit = i;
        result.elapsed = elapsed();
        if (progress) progress(result.observations, result.elapsed);
        return result;
      }
    }
    result.elapsed = elapsed();
    if (progress) progress(result.observations, result.elapsed);
    if (all_ready) return result;
    Clock::time_point now = Clock::now();
    if (now >= deadline) break;
    api.Sleep(std::min(options.interval,
                       std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now)));
  }
  // The report names what each waits for; the blocking container's log says what it tried.
  result.outcome = WaitResult::Outcome::TimedOut;
  for (size_t i = 0; i < workloads.size(); ++i) {
    if (settled[i]) continue;
    Observation o = Observe(api, workloads[i], {.pods = true, .logs = true});
    if (!o.failure) result.observations[i] = std::move(o);
  }
  result.elapsed = elapsed();
  return result;
}

}  // namespace whisk::kube
