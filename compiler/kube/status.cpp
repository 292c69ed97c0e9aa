#include "compiler/kube/status.h"

#include <fmt/format.h>

#include <cctype>

namespace whisk::kube {
namespace {

/// Percent-encodes everything but RFC 3986's unreserved characters.
std::string Encode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

/// The labels that select the pods: the live object's selector when it has one (for a Job the
/// server makes one from its uid, which no other Job's pods match), else the compiled ones.
std::vector<std::pair<std::string, std::string>> PodLabels(const Json& live,
                                                           const Workload& workload) {
  std::vector<std::pair<std::string, std::string>> labels;
  if (live.contains("spec") && live["spec"].contains("selector")) {
    const Json& match = live["spec"]["selector"].value("matchLabels", Json::object());
    for (const auto& [key, value] : match.items()) {
      if (value.is_string()) labels.emplace_back(key, value.get<std::string>());
    }
  }
  return labels.empty() ? workload.pod_labels : labels;
}

/// The last line of a container's log, or "" when the server does not give it.
std::string LastLogLine(Api& api, const std::string& ns, const PodBlocker& blocker) {
  if (blocker.pod.empty() || blocker.container.empty()) return "";
  Reply reply = api.Get(fmt::format("/api/v1/namespaces/{}/pods/{}/log?container={}&tailLines=1",
                                    Encode(ns), Encode(blocker.pod), Encode(blocker.container)));
  if (!reply.ok()) return "";
  std::string_view text = reply.text;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  if (size_t newline = text.rfind('\n'); newline != std::string_view::npos) {
    text.remove_prefix(newline + 1);
  }
  constexpr size_t kMaxLine = 240;
  return std::string(text.substr(0, kMaxLine));
}

}  // namespace

std::string SelectorQuery(const std::vector<std::pair<std::string, std::string>>& labels) {
  std::string selector;
  for (const auto& [key, value] : labels) {
    if (!selector.empty()) selector += ',';
    selector += key + "=" + value;
  }
  return Encode(selector);
}

Observation Observe(Api& api, const Workload& workload, const ObserveOptions& options) {
  Observation o;
  if (workload.kind.empty()) {
    o.found = true;
    o.readiness = {Readiness::State::Ready, "outside the cluster (not checked)", -1, -1};
    return o;
  }
  Failure failure;
  std::optional<Resource> resource = api.Find(workload.api_version, workload.kind, &failure);
  if (!resource) {
    o.failure = failure;
    return o;
  }
  Reply reply = api.Get(resource->ObjectPath(workload.namespace_name, workload.name));
  if (!reply.ok()) {
    if (reply.failure->status == 404) {
      o.readiness.summary = "not found";
    } else {
      o.failure = reply.failure;
    }
    return o;
  }
  o.found = true;
  o.readiness = WorkloadReadiness(reply.body);
  if (o.readiness.ok() || !options.pods) return o;
  std::vector<std::pair<std::string, std::string>> labels = PodLabels(reply.body, workload);
  if (labels.empty()) return o;
  // Pods are the explanation, not the verdict: a user who may not list them (403) still gets
  // the workload's own state.
  std::optional<Resource> pods = api.Find("v1", "Pod", nullptr);
  if (!pods) return o;
  Reply list = api.Get(pods->CollectionPath(workload.namespace_name) +
                       "?labelSelector=" + SelectorQuery(labels));
  if (!list.ok()) return o;
  o.blocker = WorstBlocker(list.body.value("items", Json::array()));
  if (options.logs && (o.blocker.kind == PodBlocker::Kind::WaitsForDependency ||
                       o.blocker.kind == PodBlocker::Kind::InitContainer ||
                       o.blocker.kind == PodBlocker::Kind::Failed)) {
    o.blocker.log = LastLogLine(api, workload.namespace_name, o.blocker);
  }
  return o;
}

std::string Observation::Line() const {
  if (!found || readiness.ok() || blocker.kind == PodBlocker::Kind::None) {
    return readiness.summary;
  }
  if (readiness.state == Readiness::State::Failed) return readiness.summary;
  std::string line = blocker.Short();
  if (readiness.desired >= 0) line += fmt::format(" ({}/{})", readiness.ready, readiness.desired);
  return line;
}

std::string Observation::Explain() const {
  if (failure) return Describe(*failure);
  if (!found || readiness.ok() || blocker.kind == PodBlocker::Kind::None) {
    return readiness.summary;
  }
  return fmt::format("{}; pod {}: {}", readiness.summary, blocker.pod, blocker.Describe());
}

}  // namespace whisk::kube
