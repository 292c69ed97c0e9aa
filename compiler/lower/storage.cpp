// Storage: one PersistentVolumeClaim per workload, or claim templates that give
// each StatefulSet replica its own.
#include <fmt/format.h>

#include "compiler/check/names.h"
#include "compiler/lower/lowerer.h"

namespace whisk::lower {
namespace {

std::string_view AccessModeName(sema::AccessMode mode) {
  switch (mode) {
    case sema::AccessMode::ReadWriteOnce:
      return "ReadWriteOnce";
    case sema::AccessMode::ReadWriteMany:
      return "ReadWriteMany";
    case sema::AccessMode::ReadOnlyMany:
      return "ReadOnlyMany";
    case sema::AccessMode::ReadWriteOncePod:
      return "ReadWriteOncePod";
  }
  return "ReadWriteOnce";
}

constexpr int kReadWriteOncePodMinor = 29;  // GA in 1.29

}  // namespace

bool Lowerer::IsClaimTemplate(const sema::Component& c, const sema::Storage& storage) const {
  return c.kind == sema::Kind::Stateful && storage.persistent && !storage.shared &&
         storage.claim.empty();
}

void Lowerer::ClaimSpec(NodeId spec, const sema::Storage& storage) {
  tree_.Append(tree_.SetList(spec, "accessModes"), Stored(AccessModeName(storage.access)));
  tree_.SetString(tree_.SetMap(tree_.SetMap(spec, "resources"), "requests"), "storage",
                  storage.size.text);
  if (!storage.storage_class.empty()) {
    tree_.SetString(spec, "storageClassName", storage.storage_class);
  }
  if (storage.access == sema::AccessMode::ReadWriteOncePod &&
      !options_.kube_version.AtLeast(kReadWriteOncePodMinor)) {
    diags_
        .Report(DiagCode::UnsupportedByKubeVersion, storage.span,
                fmt::format("access mode `rwop` needs Kubernetes 1.{}, and the target is {}",
                            kReadWriteOncePodMinor, options_.kube_version.ToString()))
        .Help("use `rwo`, or pass a newer `--kube-version`");
  }
}

void Lowerer::LowerClaims(ComponentId id) {
  const sema::Component& c = program_[id];
  for (const sema::Storage& storage : c.storage) {
    // An adopted claim exists already; a switched-off one is an emptyDir.
    if (!storage.persistent || !storage.claim.empty() || IsClaimTemplate(c, storage)) continue;
    std::string name = fmt::format("{}-{}", info_[id.value].name, sema::KubeName(storage.name));
    NewObjectResult claim = NewObject(k8s::Stage::Storage, Rank(id), "v1", "PersistentVolumeClaim",
                                      name, storage.span, id);
    ClaimSpec(tree_.SetMap(claim.root, "spec"), storage);
  }
}

void Lowerer::AddClaimTemplates(NodeId spec, ComponentId id) {
  const sema::Component& c = program_[id];
  NodeId templates = k8s::kNoNode;
  for (const sema::Storage& storage : c.storage) {
    if (!IsClaimTemplate(c, storage)) continue;
    if (templates == k8s::kNoNode) templates = tree_.SetList(spec, "volumeClaimTemplates");
    NodeId claim = tree_.AppendMap(templates);
    NodeId metadata = tree_.SetMap(claim, "metadata");
    tree_.SetString(metadata, "name", sema::KubeName(storage.name));
    Labels(metadata, id);
    ClaimSpec(tree_.SetMap(claim, "spec"), storage);
  }
}

}  // namespace whisk::lower
