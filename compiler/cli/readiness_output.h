#pragma once
// How `whiskc status` and `whiskc apply --wait` show readiness: the status table, the wait's
// live view (on a terminal) or timestamped lines (anywhere else), and the error that ends a
// wait that did not succeed.

#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "compiler/kube/status.h"
#include "compiler/kube/wait.h"

namespace whisk::cli {

/// "5m", "1m30s", "1h", "500ms": a duration as --timeout takes it.
std::string FormatDuration(std::chrono::milliseconds duration);

/// "2026-11-27T06:40:00Z": UTC, to the second, as Kubernetes writes times.
std::string Timestamp(std::chrono::system_clock::time_point time);

/// "api (Deployment shop/shop-api)": a component and the object it became.
std::string Described(const kube::Workload& workload);

/// `whiskc status`: one row per workload, columns COMPONENT, KIND, NAME and STATUS aligned
/// (the last is Observation::Explain()).
std::string StatusTable(const std::vector<kube::Workload>& workloads,
                        const std::vector<kube::Observation>& observations);

/// The live view's lines: a header with the count of ready workloads and the time, then one
/// line per workload (name, kind, Observation::Line()), each cut to `width` columns so that
/// none wraps (a wrapped line would break the redraw). At most `height` lines (0: no limit):
/// then the workloads not ready come first and a last line counts those left out.
std::vector<std::string> LiveFrame(const std::vector<kube::Workload>& workloads,
                                   const std::vector<kube::Observation>& observations,
                                   std::chrono::milliseconds elapsed,
                                   std::chrono::milliseconds timeout, size_t width,
                                   size_t height = 0);

/// How the wait's progress is shown.
class WaitView {
 public:
  virtual ~WaitView() = default;
  /// After each round of requests.
  virtual void Update(const std::vector<kube::Observation>& observations,
                      std::chrono::milliseconds elapsed) = 0;
  /// Once the wait is over, whatever its outcome.
  virtual void Finish(const kube::WaitResult& result) = 0;
};

/// A live view redrawn in place with ANSI cursor movement when `out` is a terminal and TERM is
/// set and not `dumb`; otherwise a timestamped line each time a workload's state changes,
/// in dependency order: a workload's changes are told once those before it are ready.
std::unique_ptr<WaitView> MakeWaitView(std::FILE* out, const std::vector<kube::Workload>& workloads,
                                       std::chrono::milliseconds timeout);

/// The timestamped view alone, with the clock replaceable; for tests.
std::unique_ptr<WaitView> MakeLogView(std::FILE* out, const std::vector<kube::Workload>& workloads,
                                      std::function<std::chrono::system_clock::time_point()> now);

/// The error for a wait that did not end ready: what timed out or failed, then one indented
/// line per workload still not ready, with why.
std::string WaitFailure(const std::vector<kube::Workload>& workloads,
                        const kube::WaitResult& result, std::chrono::milliseconds timeout);

}  // namespace whisk::cli
