#pragma once
// The commands that talk to a cluster (apply), from the compiled manifests: the output of
// `compile` is their single source.

#include "compiler/check/program.h"
#include "compiler/cli/options.h"
#include "compiler/kube/apply.h"
#include "compiler/lower/manifest.h"
#include "compiler/source/source_map.h"

namespace whisk::cli {

/// Exit status of a cluster command that failed at the cluster (not in the input).
inline constexpr int kExitClusterError = 3;

/// The compiled objects as the cluster commands take them, in compile order; each `locate`s a
/// field at the source line that wrote it. `program`, `set` and `sources` must outlive them.
std::vector<kube::Manifest> ToManifests(const sema::Program& program, const k8s::ManifestSet& set,
                                        const SourceMap& sources);

/// Runs `apply` on compiled manifests; prints progress to stdout and failures to stderr.
/// Returns the exit status.
/// The program's instance names the ApplySet that records what was applied; its spans say
/// where a field the server rejects was written.
int RunApply(const Options& options, const sema::Program& program,
             const k8s::ManifestSet& manifests, const SourceMap& sources);

}  // namespace whisk::cli
