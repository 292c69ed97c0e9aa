#pragma once
// `whiskc fmt`: lays .ow files out in the one canonical layout (compiler/format).

#include "compiler/cli/options.h"

namespace whisk::cli {

/// Formats the files and directories of `options.fmt_paths` (standard input when there are
/// none): prints the result, or with --check lists the files that would change, or with -w
/// rewrites them in place. A file with syntax errors is reported and left alone. Returns
/// the exit status: 0, 1 for syntax errors or (--check) files that would change, 2 for files
/// that cannot be read or written.
int RunFmt(const Options& options);

}  // namespace whisk::cli
