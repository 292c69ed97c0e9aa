// The workload of each component: Deployment, StatefulSet, DaemonSet, Job or
// CronJob, around one pod template.
#include <fmt/format.h>

#include "compiler/lower/lowerer.h"

namespace whisk::lower {
namespace {

using sema::Kind;

struct WorkloadType {
  std::string_view api_version, kind;
  k8s::Stage stage;
};

WorkloadType TypeOf(Kind kind) {
  switch (kind) {
    case Kind::Service:
      return {"apps/v1", "Deployment", k8s::Stage::Workload};
    case Kind::Stateful:
      return {"apps/v1", "StatefulSet", k8s::Stage::Workload};
    case Kind::Daemon:
      return {"apps/v1", "DaemonSet", k8s::Stage::Workload};
    case Kind::Job:
      return {"batch/v1", "Job", k8s::Stage::Job};
    case Kind::Cron:
      return {"batch/v1", "CronJob", k8s::Stage::Job};
    case Kind::External:
      break;  // never lowered: it has no workload (see Lowerer::Run)
  }
  return {"apps/v1", "Deployment", k8s::Stage::Workload};
}

/// A Deployment whose pods write to one ReadWriteOnce claim cannot roll: the
/// new pod waits for the volume the old one holds. Replace pods instead.
bool NeedsRecreate(const sema::Component& c) {
  for (const sema::Storage& storage : c.storage) {
    if (storage.persistent && (storage.access == sema::AccessMode::ReadWriteOnce ||
                               storage.access == sema::AccessMode::ReadWriteOncePod)) {
      return true;
    }
  }
  return false;
}

}  // namespace

void Lowerer::LowerWorkload(ComponentId id) {
  const sema::Component& c = program_[id];
  ComponentInfo& info = info_[id.value];
  WorkloadType type = TypeOf(c.kind);
  NewObjectResult object =
      NewObject(type.stage, Rank(id), type.api_version, type.kind, info.name, c.name_span, id);
  info.workload = object.root;
  info.workload_object = set_.objects.size() - 1;
  NodeId spec = tree_.SetMap(object.root, "spec");
  switch (c.kind) {
    case Kind::Service:
    case Kind::Stateful:
      // An autoscaler owns the replica count; writing it here would reset the
      // scale on every apply.
      if (!c.autoscale) tree_.SetInt(spec, "replicas", c.effective_replicas());
      if (c.kind == Kind::Stateful) tree_.SetString(spec, "serviceName", info.name);
      tree_.Set(tree_.SetMap(spec, "selector"), "matchLabels", SelectorOf(id));
      if (c.kind == Kind::Service && NeedsRecreate(c)) {
        tree_.SetString(tree_.SetMap(spec, "strategy"), "type", "Recreate");
      }
      PodTemplate(spec, id);
      if (c.kind == Kind::Stateful) AddClaimTemplates(spec, id);
      break;
    case Kind::Daemon:
      tree_.Set(tree_.SetMap(spec, "selector"), "matchLabels", SelectorOf(id));
      PodTemplate(spec, id);
      break;
    case Kind::Job:
      if (c.retries) tree_.SetInt(spec, "backoffLimit", *c.retries);
      PodTemplate(spec, id);
      break;
    case Kind::Cron: {
      tree_.SetString(spec, "schedule", c.schedule);
      NodeId job_spec = tree_.SetMap(tree_.SetMap(spec, "jobTemplate"), "spec");
      if (c.retries) tree_.SetInt(job_spec, "backoffLimit", *c.retries);
      PodTemplate(job_spec, id);
      break;
    }
    case Kind::External:
      break;  // never lowered (see Lowerer::Run)
  }
}

void Lowerer::PodTemplate(NodeId parent, ComponentId id) {
  NodeId pod_template = tree_.SetMap(parent, "template");
  NodeId metadata = tree_.SetMap(pod_template, "metadata");
  Labels(metadata, id);
  ConfigChecksum(metadata, id);
  NodeId spec = tree_.SetMap(pod_template, "spec");
  LowerPodSpec(spec, id);
}

void Lowerer::ConfigChecksum(NodeId metadata, ComponentId id) {
  const sema::Component& c = program_[id];
  // A Job's pod template is immutable: a checksum there would make every
  // config change fail the next apply, even when the Job need not run again.
  // A CronJob's template may change, and its next run takes the new one.
  if (c.kind == Kind::Job) return;
  ContentHash hash = info_[id.value].config_hash;
  auto add = [&](sema::DataId data) {
    if (data.valid() && !program_.data[data.value].secret) hash.Add(data_hash_[data.value]);
  };
  for (const sema::Mount& mount : c.mounts) add(mount.data);
  for (const sema::EnvVar& var : c.env) add(var.data);
  for (const sema::EnvFrom& from : c.env_from) add(from.data);
  if (!hash.used()) return;
  // A changed ConfigMap changes the pod template, so the pods roll.
  tree_.SetString(tree_.SetMap(metadata, "annotations"), "whiskc/config-checksum",
                  fmt::format("{:016x}", hash.value()));
}

}  // namespace whisk::lower
