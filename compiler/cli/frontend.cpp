#include "compiler/cli/frontend.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "compiler/resolve/declarations.h"
#include "compiler/values/values.h"

namespace whisk::cli {

std::string StdlibDir() {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path().parent_path() / "share" / "whiskc" / "stdlib";
    if (fs::is_directory(installed, ec)) return installed.string();
  }
  if (fs::is_directory(WHISK_STDLIB_INSTALL_DIR, ec)) return WHISK_STDLIB_INSTALL_DIR;
  return WHISK_STDLIB_SOURCE_DIR;
}

FrontendResult RunFrontend(const Options& options, SourceMap& sources, Diagnostics& diags,
                           const std::string& context_namespace,
                           const std::map<std::string, std::string>* overlay) {
  FrontendResult result;
  resolve::ModuleSearch search;
  search.lib_dirs = options.lib_dirs;
  if (const char* path = std::getenv("WHISK_PATH")) {
    std::string_view rest = path;
    while (!rest.empty()) {
      size_t colon = rest.find(':');
      std::string_view dir = rest.substr(0, colon);
      if (!dir.empty()) search.lib_dirs.emplace_back(dir);
      if (colon == std::string_view::npos) break;
      rest.remove_prefix(colon + 1);
    }
  }
  search.stdlib_dir = StdlibDir();
  search.overlay = overlay;
  result.modules = resolve::LoadModules(options.file, search, sources, diags);
  if (result.modules.main_unreadable) {
    result.io_error = true;
    return result;
  }
  result.decls = resolve::CollectDeclarations(result.modules, diags);
  const resolve::Declarations& decls = result.decls;
  std::vector<values::Assignment> values =
      values::Load(options.values_files, options.sets, sources, diags);
  CheckOptions check_options{options.instance, options.namespace_name, context_namespace};
  result.program = Check(result.modules, decls, values, check_options, diags);
  return result;
}

}  // namespace whisk::cli
