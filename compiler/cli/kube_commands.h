#pragma once
// The commands that talk to a cluster (apply), from the compiled manifests: the output of
// `compile` is their single source.

#include "compiler/cli/options.h"
#include "compiler/lower/manifest.h"
#include "compiler/source/source_map.h"

namespace whisk::cli {

/// Exit status of a cluster command that failed at the cluster (not in the input).
inline constexpr int kExitClusterError = 3;

/// Runs `apply` on compiled manifests; prints progress to stdout and failures to stderr.
/// Returns the exit status.
/// `instance` names the ApplySet that records what was applied.
int RunApply(const Options& options, const std::string& instance,
             const k8s::ManifestSet& manifests, const SourceMap& sources);

}  // namespace whisk::cli
