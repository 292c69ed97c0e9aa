#pragma once
// Lowering: sema::Program → k8s::ManifestSet. Every component becomes its
// workload and what the workload needs around it (Services, claims,
// ConfigMaps, waits and their RBAC, autoscalers, budgets, network policies);
// cross-object checks then run on the finished set, after patches, and
// report at the `.ow` line that caused the problem.

#include "compiler/check/program.h"
#include "compiler/lower/kube_version.h"
#include "compiler/lower/manifest.h"
#include "compiler/source/diagnostic.h"

namespace whisk::lower {

struct LowerOptions {
  KubeVersion kube_version = KubeVersion::Default();
};

/// Lowers a program that checked without errors.
k8s::ManifestSet Lower(const sema::Program& program, const LowerOptions& options,
                       Diagnostics& diags);

}  // namespace whisk::lower
