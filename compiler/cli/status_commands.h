#pragma once
// `whiskc status` and the wait of `whiskc apply --wait`: the readiness of each component's
// workload in the cluster, in dependency order, from the compiled program and manifests.

#include <vector>

#include "compiler/check/program.h"
#include "compiler/cli/options.h"
#include "compiler/kube/status.h"
#include "compiler/lower/manifest.h"

namespace whisk::cli {

/// One workload per component, in dependency order (the program's `order`): its object from
/// the compiled manifests, with the labels its pods carry as that object selects them. An
/// external is listed with an empty kind: it has no workload.
std::vector<kube::Workload> WorkloadsOf(const sema::Program& program,
                                        const k8s::ManifestSet& manifests);

/// `apply --wait`, after a successful apply: waits until every workload but CronJobs is ready,
/// showing progress on stdout. Returns 0 when all are ready, 3 (the cluster's failure) when the
/// time is up, a Job failed, or a request failed; the error on stderr names every workload not
/// ready and why.
int RunWait(const Options& options, const sema::Program& program,
            const k8s::ManifestSet& manifests);

/// `whiskc status`: prints the table of workloads. Returns 0 when all are ready, 1 when one is
/// not (or is missing), 3 when the cluster could not be asked. (main turns errors in the input
/// into 2 for `status`, so that 1 only ever means "not ready".)
int RunStatus(const Options& options, const sema::Program& program,
              const k8s::ManifestSet& manifests);

}  // namespace whisk::cli
