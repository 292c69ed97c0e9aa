#pragma once

#include <map>
#include <memory>
#include <string>

#include "compiler/check/check.h"
#include "compiler/resolve/declarations.h"
#include "compiler/cli/options.h"
#include "compiler/source/source_map.h"

namespace whisk::cli {

/// Everything the front end produced for one run.
struct FrontendResult {
  resolve::ModuleSet modules;
  resolve::Declarations decls;
  sema::Program program;
  bool io_error = false;  // the main file could not be read
};

/// Runs load → parse → resolve → values → check for the options' file. CONTEXT_NAMESPACE is
/// the namespace where neither the topology nor `--namespace` names one ("": `default`);
/// OVERLAY replaces files' contents (see resolve::ModuleSearch).
FrontendResult RunFrontend(const Options& options, SourceMap& sources, Diagnostics& diags,
                           const std::string& context_namespace = "",
                           const std::map<std::string, std::string>* overlay = nullptr);

/// Where the stdlib is: installed beside the executable, else the source tree.
std::string StdlibDir();

}  // namespace whisk::cli
