#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/check/program.h"
#include "compiler/resolve/declarations.h"
#include "compiler/resolve/modules.h"
#include "compiler/source/diagnostic.h"
#include "compiler/values/values.h"

namespace whisk {

struct CheckOptions {
  std::string instance;        // `--instance`; empty: the topology's name
  std::string namespace_name;  // `--namespace`; empty: the topology's
  /// Where the topology says none and `--namespace` is not given: the kubeconfig context's
  /// for the cluster commands, as kubectl's; empty means `default`.
  std::string context_namespace;
};

/// Whether the component property starting with `keyword` (`replicas`, `schedule` ...)
/// may appear in a component of `kind`, as the checker decides (for completion).
bool PropertyApplies(std::string_view keyword, sema::Kind kind);

/// Types, evaluates and checks a loaded set of modules with the values given
/// for their parameters, producing the program that lowering consumes. Every
/// problem is reported; the program is complete enough to go on checking.
sema::Program Check(const resolve::ModuleSet& modules, const resolve::Declarations& decls,
                    const std::vector<values::Assignment>& values, const CheckOptions& options,
                    Diagnostics& diags);

}  // namespace whisk
