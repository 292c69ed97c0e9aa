#pragma once

#include <string>
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

/// Types, evaluates and checks a loaded set of modules with the values given
/// for their parameters, producing the program that lowering consumes. Every
/// problem is reported; the program is complete enough to go on checking.
sema::Program Check(const resolve::ModuleSet& modules, const resolve::Declarations& decls,
                    const std::vector<values::Assignment>& values, const CheckOptions& options,
                    Diagnostics& diags);

}  // namespace whisk
