#include "compiler/cli/status_commands.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <unordered_map>

#include "compiler/check/names.h"
#include "compiler/cli/cluster_session.h"
#include "compiler/cli/kube_commands.h"
#include "compiler/cli/readiness_output.h"
#include "compiler/emit/manifest_json.h"
#include "compiler/kube/api.h"
#include "compiler/kube/wait.h"

namespace whisk::cli {
namespace {

// More workloads than this are asked every other second: a round is a request or two each.
constexpr size_t kFastPollLimit = 10;

using Names = std::unordered_map<std::string, std::string>;

/// Wait containers carry the Kubernetes spelling of a component's name (`wait-init-couchdb`);
/// messages use the name as written in the topology (`init_couchdb`).
Names WhiskNames(const sema::Program& program) {
  Names names;
  for (const sema::Component& c : program.components) {
    names.emplace(sema::KubeName(c.name), std::string(c.name));
  }
  return names;
}

std::vector<kube::Observation> WithWhiskNames(std::vector<kube::Observation> observations,
                                              const Names& names) {
  for (kube::Observation& o : observations) {
    if (auto found = names.find(o.blocker.dependency); found != names.end()) {
      o.blocker.dependency = found->second;
    }
  }
  return observations;
}

std::vector<std::pair<std::string, std::string>> Labels(const kube::Json& map) {
  std::vector<std::pair<std::string, std::string>> labels;
  if (!map.is_object()) return labels;
  for (const auto& [key, value] : map.items()) {
    if (value.is_string()) labels.emplace_back(key, value.get<std::string>());
  }
  return labels;
}

}  // namespace

std::vector<kube::Workload> WorkloadsOf(const sema::Program& program,
                                        const k8s::ManifestSet& manifests) {
  // Lowering ranks a component's objects by its place in `order`; its workload is the one
  // object of that rank in the workload and job stages.
  std::unordered_map<uint32_t, const k8s::Object*> by_rank;
  for (const k8s::Object& object : manifests.objects) {
    if (object.stage == k8s::Stage::Workload || object.stage == k8s::Stage::Job) {
      by_rank.emplace(object.rank, &object);
    }
  }
  std::vector<kube::Workload> workloads;
  for (uint32_t rank = 0; rank < program.order.size(); ++rank) {
    const sema::Component& c = program[program.order[rank]];
    kube::Workload w;
    w.component = std::string(c.name);
    auto found = by_rank.find(rank);
    if (c.kind == sema::Kind::External || found == by_rank.end()) {
      workloads.push_back(std::move(w));
      continue;
    }
    std::string json;
    emit::AppendJsonDocument(json, manifests.tree, found->second->root);
    kube::Json doc = kube::Json::parse(json);
    w.kind = doc.value("kind", "");
    w.api_version = doc.value("apiVersion", "");
    w.name = doc["metadata"].value("name", "");
    w.namespace_name = doc["metadata"].value("namespace", "");
    const kube::Json& spec = doc.value("spec", kube::Json::object());
    if (spec.contains("selector")) {
      w.pod_labels = Labels(spec["selector"].value("matchLabels", kube::Json::object()));
    } else if (spec.contains("template")) {
      // A Job's selector is the server's to make; its pods carry the template's labels.
      w.pod_labels = Labels(spec["template"]
                                .value("metadata", kube::Json::object())
                                .value("labels", kube::Json::object()));
    }
    workloads.push_back(std::move(w));
  }
  return workloads;
}

int RunWait(const Options& options, const sema::Program& program,
            const k8s::ManifestSet& manifests) {
  std::vector<kube::Workload> waited;
  for (kube::Workload& w : WorkloadsOf(program, manifests)) {
    if (w.Waited()) waited.push_back(std::move(w));
  }
  if (waited.empty()) {
    std::fputs("nothing to wait for: no component has a workload that rolls out\n", stdout);
    return 0;
  }
  std::unique_ptr<KubeSession> session = OpenSession(options);
  if (!session) return kExitClusterError;
  kube::WaitOptions wait_options;
  wait_options.timeout = options.timeout;
  if (waited.size() > kFastPollLimit) wait_options.interval = std::chrono::seconds(2);
  std::unique_ptr<WaitView> view = MakeWaitView(stdout, waited, options.timeout);
  Names names = WhiskNames(program);
  kube::WaitResult result = kube::WaitUntilReady(
      *session->api, waited, wait_options,
      [&](const std::vector<kube::Observation>& observations, std::chrono::milliseconds elapsed) {
        view->Update(WithWhiskNames(observations, names), elapsed);
      });
  result.observations = WithWhiskNames(std::move(result.observations), names);
  view->Finish(result);
  if (result.outcome == kube::WaitResult::Outcome::Ready) return 0;
  Err("whiskc: error: " + WaitFailure(waited, result, options.timeout));
  return kExitClusterError;
}

int RunStatus(const Options& options, const sema::Program& program,
              const k8s::ManifestSet& manifests) {
  std::vector<kube::Workload> workloads = WorkloadsOf(program, manifests);
  std::unique_ptr<KubeSession> session = OpenSession(options);
  if (!session) return kExitClusterError;
  std::vector<kube::Observation> observations;
  bool all_ready = true;
  for (const kube::Workload& w : workloads) {
    kube::Observation o = kube::Observe(*session->api, w, {.pods = true, .logs = true});
    if (o.failure) {
      Err(fmt::format("whiskc: error: cannot read {}: {}", Described(w), Describe(*o.failure)));
      return kExitClusterError;
    }
    all_ready = all_ready && o.ok();
    observations.push_back(std::move(o));
  }
  std::fputs(
      StatusTable(workloads, WithWhiskNames(std::move(observations), WhiskNames(program))).c_str(),
      stdout);
  return all_ready ? 0 : 1;
}

}  // namespace whisk::cli
