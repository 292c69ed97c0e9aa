#pragma once
// `whiskc diff` and `whiskc delete`, from the compiled manifests as `apply` sends them.

#include "compiler/check/program.h"
#include "compiler/cli/options.h"
#include "compiler/lower/manifest.h"
#include "compiler/source/source_map.h"

namespace whisk::cli {

/// `diff`'s exit status when apply would change something (as kubectl diff's).
inline constexpr int kExitDiffers = 1;

/// Prints, for each object in compile order, the unified diff between the live object and what
/// applying it would make (a server dry run); errors go to stderr. Returns 0 when nothing would
/// change, kExitDiffers when something would, kExitClusterError when an object could not be
/// compared.
int RunDiff(const Options& options, const sema::Program& program, const k8s::ManifestSet& set,
            const SourceMap& sources);

/// Deletes the objects in reverse compile order and waits until they are gone; prints each
/// on stdout as it is deleted, failures on stderr. Returns 0, or kExitClusterError after saying
/// what was deleted and what was not.
int RunDelete(const Options& options, const sema::Program& program, const k8s::ManifestSet& set,
              const SourceMap& sources);

}  // namespace whisk::cli
