#include "compiler/kube/readiness.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

namespace whisk::kube {
namespace {

const Json& Null() {
  static const Json kNull;
  return kNull;
}

/// `object[key]`, or null when `object` is not an object or has no such member: a status is
/// often partial (zero counts are omitted) and must never throw.
const Json& At(const Json& object, std::string_view key) {
  if (!object.is_object()) return Null();
  auto it = object.find(key);
  return it == object.end() ? Null() : *it;
}

long Count(const Json& object, std::string_view key, long absent = 0) {
  const Json& value = At(object, key);
  return value.is_number_integer() ? value.get<long>() : absent;
}

std::string Text(const Json& object, std::string_view key) {
  const Json& value = At(object, key);
  return value.is_string() ? value.get<std::string>() : "";
}

/// The condition of `type` in `status.conditions`, or null.
const Json& Condition(const Json& status, std::string_view type) {
  const Json& conditions = At(status, "conditions");
  if (!conditions.is_array()) return Null();
  for (const Json& c : conditions) {
    if (Text(c, "type") == type) return c;
  }
  return Null();
}

bool IsTrue(const Json& condition) { return Text(condition, "status") == "True"; }

Readiness Progressing(std::string summary, long ready = -1, long desired = -1) {
  return {Readiness::State::Progressing, std::move(summary), ready, desired};
}

/// The controller has not seen the current spec yet: its counts describe an older one.
bool Unobserved(const Json& object) {
  long generation = Count(At(object, "metadata"), "generation", -1);
  long observed = Count(At(object, "status"), "observedGeneration", -1);
  return generation >= 0 && observed < generation;
}

Readiness Deployment(const Json& object) {
  const Json& spec = At(object, "spec");
  const Json& status = At(object, "status");
  long desired = Count(spec, "replicas", 1);
  long available = Count(status, "availableReplicas");
  if (Unobserved(object)) return Progressing("waiting for the controller", available, desired);
  const Json& progressing = Condition(status, "Progressing");
  if (Text(progressing, "reason") == "ProgressDeadlineExceeded") {
    return {Readiness::State::Failed,
            fmt::format("failed: progress deadline exceeded: {}", Text(progressing, "message")),
            available, desired};
  }
  long updated = Count(status, "updatedReplicas");
  long total = Count(status, "replicas");
  if (updated < desired) {
    return Progressing(fmt::format("rolling out {}/{} updated", updated, desired), available,
                       desired);
  }
  if (total > updated) {
    return Progressing(fmt::format("rolling out: {} old replicas terminating", total - updated),
                       available, desired);
  }
  if (available < desired || Count(status, "unavailableReplicas") > 0) {
    return Progressing(fmt::format("rolling out {}/{} available", available, desired), available,
                       desired);
  }
  return {Readiness::State::Ready, fmt::format("ready ({}/{})", available, desired), available,
          desired};
}

Readiness StatefulSet(const Json& object) {
  const Json& spec = At(object, "spec");
  const Json& status = At(object, "status");
  long desired = Count(spec, "replicas", 1);
  long ready = Count(status, "readyReplicas");
  if (Unobserved(object)) return Progressing("waiting for the controller", ready, desired);
  if (ready < desired) {
    return Progressing(fmt::format("rolling out {}/{} ready", ready, desired), ready, desired);
  }
  const Json& strategy = At(spec, "updateStrategy");
  // OnDelete: pods change only when someone deletes them, so there is no rollout to wait for.
  std::string type = Text(strategy, "type");
  if (type.empty() || type == "RollingUpdate") {
    long updated = Count(status, "updatedReplicas");
    long partition = Count(At(strategy, "rollingUpdate"), "partition");
    if (partition > 0) {
      // Pods below the partition stay at the old revision on purpose (a canary): the
      // revisions never meet, so count only the pods the partition lets through.
      if (updated < desired - partition) {
        return Progressing(fmt::format("rolling out {}/{} updated (partition {})", updated,
                                       desired - partition, partition),
                           ready, desired);
      }
    } else {
      if (updated < desired) {
        return Progressing(fmt::format("rolling out {}/{} updated", updated, desired), ready,
                           desired);
      }
      std::string current = Text(status, "currentRevision");
      std::string update = Text(status, "updateRevision");
      if (current != update) {
        return Progressing(fmt::format("rolling out revision {}", update), ready, desired);
      }
    }
  }
  return {Readiness::State::Ready, fmt::format("ready ({}/{})", ready, desired), ready, desired};
}

Readiness DaemonSet(const Json& object) {
  const Json& status = At(object, "status");
  long desired = Count(status, "desiredNumberScheduled");
  long available = Count(status, "numberAvailable");
  if (Unobserved(object)) return Progressing("waiting for the controller", available, desired);
  bool on_delete = Text(At(At(object, "spec"), "updateStrategy"), "type") == "OnDelete";
  long updated = Count(status, "updatedNumberScheduled");
  if (!on_delete && updated < desired) {
    return Progressing(fmt::format("rolling out {}/{} nodes updated", updated, desired), available,
                       desired);
  }
  if (available < desired) {
    return Progressing(fmt::format("rolling out {}/{} available", available, desired), available,
                       desired);
  }
  return {Readiness::State::Ready, fmt::format("ready ({}/{})", available, desired), available,
          desired};
}

Readiness Job(const Json& object) {
  const Json& spec = At(object, "spec");
  const Json& status = At(object, "status");
  const Json& metadata = At(object, "metadata");
  long completions = Count(spec, "completions", 1);
  long succeeded = Count(status, "succeeded");
  const Json& failed = Condition(status, "Failed");
  if (IsTrue(failed)) {
    std::string ns = Text(metadata, "namespace");
    std::string why = Text(failed, "reason");
    if (std::string message = Text(failed, "message"); !message.empty()) {
      why += (why.empty() ? "" : ": ") + message;
    }
    return {Readiness::State::Failed,
            fmt::format("failed{}{} (see kubectl logs job/{}{})", why.empty() ? "" : ": ", why,
                        Text(metadata, "name"), ns.empty() ? "" : " -n " + ns),
            succeeded, completions};
  }
  if (IsTrue(Condition(status, "Complete"))) {
    return {Readiness::State::Ready, fmt::format("complete ({}/{})", succeeded, completions),
            succeeded, completions};
  }
  if (At(spec, "suspend") == true) return Progressing("suspended", succeeded, completions);
  if (!status.is_object() || status.empty()) {
    return Progressing("waiting for the controller", succeeded, completions);
  }
  return Progressing(fmt::format("running ({}/{} succeeded, {} active)", succeeded, completions,
                                 Count(status, "active")),
                     succeeded, completions);
}

Readiness CronJob(const Json& object) {
  const Json& spec = At(object, "spec");
  if (At(spec, "suspend") == true) return {Readiness::State::Ready, "suspended", -1, -1};
  std::string summary = fmt::format("scheduled ({})", Text(spec, "schedule"));
  if (std::string last = Text(At(object, "status"), "lastScheduleTime"); !last.empty()) {
    summary += ", last run " + last;
  }
  return {Readiness::State::Ready, summary, -1, -1};
}

// ---------------------------------------------------------------- pods

/// Waiting reasons after which the kubelet only retries with back-off: the pod will not get
/// further without a change (a fixed image, a config, a dependency that stops failing).
bool IsFailureReason(std::string_view reason) {
  static constexpr std::string_view kReasons[] = {
      "CrashLoopBackOff",     "ImagePullBackOff",  "ErrImagePull",
      "InvalidImageName",     "ErrImageNeverPull", "CreateContainerConfigError",
      "CreateContainerError", "RunContainerError", "PreStartHookError",
      "PostStartHookError",   "ContainerCannotRun"};
  return std::find(std::begin(kReasons), std::end(kReasons), reason) != std::end(kReasons);
}

std::string DependencyOf(std::string_view container) {
  return container.starts_with(kWaitContainerPrefix)
             ? std::string(container.substr(kWaitContainerPrefix.size()))
             : "";
}

/// A container that fails: waiting with a failure reason, or terminated with a non-zero code.
/// Kind::None otherwise.
PodBlocker FailingContainer(const Json& container_status, bool init) {
  PodBlocker b;
  const Json& state = At(container_status, "state");
  const Json& waiting = At(state, "waiting");
  const Json& terminated = At(state, "terminated");
  if (IsFailureReason(Text(waiting, "reason"))) {
    b.reason = Text(waiting, "reason");
    b.message = Text(waiting, "message");
    // A crash loop's own message is the back-off; the last exit says what went wrong.
    const Json& last = At(At(container_status, "lastState"), "terminated");
    if (b.reason == "CrashLoopBackOff" && last.is_object()) {
      b.message =
          fmt::format("last exit: {}, code {}", Text(last, "reason"), Count(last, "exitCode"));
    }
  } else if (terminated.is_object() && Count(terminated, "exitCode") != 0) {
    b.reason = Text(terminated, "reason").empty() ? "Error" : Text(terminated, "reason");
    b.message = fmt::format("exit code {}", Count(terminated, "exitCode"));
    if (std::string m = Text(terminated, "message"); !m.empty()) b.message += ": " + m;
  } else {
    return b;
  }
  b.kind = PodBlocker::Kind::Failed;
  b.container = Text(container_status, "name");
  b.init = init;
  if (init) b.dependency = DependencyOf(b.container);
  return b;
}

const Json& StatusNamed(const Json& statuses, const std::string& name) {
  if (!statuses.is_array()) return Null();
  for (const Json& s : statuses) {
    if (Text(s, "name") == name) return s;
  }
  return Null();
}

/// The first init container that has not finished, as a blocker; Kind::None when all did.
PodBlocker InitBlocker(const Json& pod) {
  const Json& statuses = At(At(pod, "status"), "initContainerStatuses");
  const Json& inits = At(At(pod, "spec"), "initContainers");
  if (!inits.is_array()) return {};
  for (const Json& init : inits) {
    std::string name = Text(init, "name");
    const Json& status = StatusNamed(statuses, name);
    if (PodBlocker failed = FailingContainer(status, true); failed.kind != PodBlocker::Kind::None) {
      return failed;
    }
    const Json& state = At(status, "state");
    if (Count(At(state, "terminated"), "exitCode", -1) == 0) continue;
    // A sidecar (restartPolicy Always) keeps running: once started, the next one may start.
    bool sidecar = Text(init, "restartPolicy") == "Always";
    if (sidecar && At(status, "started") == true) continue;
    PodBlocker b;
    b.container = name;
    b.init = true;
    b.dependency = DependencyOf(name);
    b.kind = b.dependency.empty() ? PodBlocker::Kind::InitContainer
                                  : PodBlocker::Kind::WaitsForDependency;
    if (At(state, "running").is_object()) {
      b.reason = "running";
    } else {
      b.reason = Text(At(state, "waiting"), "reason");
      b.message = Text(At(state, "waiting"), "message");
    }
    return b;
  }
  return {};
}

std::string WithMessage(std::string text, const std::string& message) {
  return message.empty() ? text : text + ": " + message;
}

}  // namespace

Readiness WorkloadReadiness(const Json& object) {
  std::string kind = Text(object, "kind");
  if (kind == "Deployment") return Deployment(object);
  if (kind == "StatefulSet") return StatefulSet(object);
  if (kind == "DaemonSet") return DaemonSet(object);
  if (kind == "Job") return Job(object);
  if (kind == "CronJob") return CronJob(object);
  return {Readiness::State::Ready, "exists", -1, -1};
}

PodBlocker BlockerOf(const Json& pod) {
  PodBlocker b = [&]() -> PodBlocker {
    const Json& status = At(pod, "status");
    if (!At(At(pod, "metadata"), "deletionTimestamp").is_null()) return {};
    std::string phase = Text(status, "phase");
    if (phase == "Succeeded") return {};
    if (phase == "Failed") {
      PodBlocker failed;
      failed.kind = PodBlocker::Kind::Failed;
      failed.reason = Text(status, "reason").empty() ? "Failed" : Text(status, "reason");
      failed.message = Text(status, "message");
      return failed;
    }
    const Json& scheduled = Condition(status, "PodScheduled");
    if (Text(scheduled, "status") == "False") {
      PodBlocker unscheduled;
      unscheduled.kind = Text(scheduled, "reason") == "Unschedulable"
                             ? PodBlocker::Kind::Unschedulable
                             : PodBlocker::Kind::Starting;
      unscheduled.reason = Text(scheduled, "reason");
      unscheduled.message = Text(scheduled, "message");
      return unscheduled;
    }
    if (PodBlocker init = InitBlocker(pod); init.kind != PodBlocker::Kind::None) return init;
    const Json& containers = At(status, "containerStatuses");
    if (containers.is_array()) {
      for (const Json& c : containers) {
        if (PodBlocker failed = FailingContainer(c, false); failed.kind != PodBlocker::Kind::None) {
          return failed;
        }
      }
      for (const Json& c : containers) {
        if (At(c, "ready") == true) continue;
        PodBlocker b;
        b.container = Text(c, "name");
        const Json& state = At(c, "state");
        if (At(state, "running").is_object()) {
          b.kind = PodBlocker::Kind::NotReady;
        } else if (At(state, "waiting").is_object()) {
          b.kind = PodBlocker::Kind::Starting;
          b.reason = Text(At(state, "waiting"), "reason");
          b.message = Text(At(state, "waiting"), "message");
        } else {
          continue;  // terminated with 0: a finished container of a Job's pod
        }
        return b;
      }
    }
    if (phase == "Pending" || phase.empty()) {
      PodBlocker pending;
      pending.kind = PodBlocker::Kind::Starting;
      pending.reason = phase;
      return pending;
    }
    const Json& ready = Condition(status, "Ready");
    if (ready.is_null() || IsTrue(ready)) return {};
    PodBlocker not_ready;
    not_ready.kind = PodBlocker::Kind::NotReady;
    not_ready.reason = Text(ready, "reason");
    not_ready.message = Text(ready, "message");
    return not_ready;
  }();
  if (b.kind != PodBlocker::Kind::None) b.pod = Text(At(pod, "metadata"), "name");
  return b;
}

PodBlocker WorstBlocker(const Json& pods) {
  PodBlocker worst;
  if (!pods.is_array()) return worst;
  for (const Json& pod : pods) {
    PodBlocker b = BlockerOf(pod);
    if (b.kind > worst.kind) worst = std::move(b);
  }
  return worst;
}

std::string PodBlocker::Describe() const {
  std::string what = fmt::format("{} {}", init ? "init container" : "container", container);
  std::string text;
  switch (kind) {
    case Kind::None:
      return "ready";
    case Kind::Starting:
      text = container.empty() ? "pending" : what + " is starting";
      if (!reason.empty() && reason != "Pending") text += " (" + reason + ")";
      return WithMessage(text, message);
    case Kind::NotReady:
      return container.empty() ? WithMessage("not ready", message)
                               : what + " is running but not ready (its readiness check fails)";
    case Kind::InitContainer:
      text = fmt::format("{} is {}", what, reason.empty() ? "starting" : reason);
      return WithMessage(text, log);
    case Kind::WaitsForDependency:
      text = fmt::format("waits for {} ({} is {})", dependency, what,
                         reason.empty() ? "starting" : reason);
      return WithMessage(text, log);
    case Kind::Unschedulable:
      return WithMessage("unschedulable", message);
    case Kind::Failed:
      if (container.empty()) return WithMessage("pod failed: " + reason, message);
      text = what;
      if (!dependency.empty()) text += fmt::format(" (waits for {})", dependency);
      text += ": " + reason;
      if (!message.empty()) text += " (" + message + ")";
      return WithMessage(text, log);
  }
  return "";
}

std::string PodBlocker::Short() const {
  switch (kind) {
    case Kind::None:
      return "ready";
    case Kind::Starting:
      return reason.empty() || reason == "Pending" ? "starting" : "starting (" + reason + ")";
    case Kind::NotReady:
      return "not ready";
    case Kind::InitContainer:
      return fmt::format("init container {} running", container);
    case Kind::WaitsForDependency:
      return "waiting for " + dependency;
    case Kind::Unschedulable:
      return "unschedulable";
    case Kind::Failed:
      return container.empty() ? "pod failed: " + reason : fmt::format("{}: {}", container, reason);
  }
  return "";
}

}  // namespace whisk::kube
