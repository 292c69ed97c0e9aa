#pragma once

#include <map>
#include <string>
#include <vector>

#include "compiler/parse/ast.h"
#include "compiler/source/diagnostic.h"
#include "compiler/source/source_map.h"

namespace whisk::resolve {

/// Where `import "name"` looks after the importing file's own directory.
/// A path as the loader identifies files by (symbolic links and `..` resolved where the
/// file exists): the keys of ModuleSearch::overlay.
std::string CanonicalPath(const std::string& path);

struct ModuleSearch {
  std::vector<std::string> lib_dirs;  // `--lib DIR`, then WHISK_PATH entries
  std::string stdlib_dir;             // the installed stdlib
  /// Texts that replace files' contents, by canonical path: an editor's unsaved buffers
  /// (`whiskc lsp`). Null: every file is read from disk.
  const std::map<std::string, std::string>* overlay = nullptr;
};

struct LoadedModule {
  ast::Module ast;
  std::string path;  // as given or as found; how diagnostics name it
  std::string dir;   // directory of the file, for relative paths in it
};

/// The main file (index 0) and every module it imports, each loaded once.
struct ModuleSet {
  std::vector<LoadedModule> modules;
  bool main_unreadable = false;  // an I/O failure, not an error in the input
};

/// Parses the main file and follows its imports depth first. Missing modules
/// and import cycles are reported and skipped.
ModuleSet LoadModules(const std::string& main_path, const ModuleSearch& search, SourceMap& sources,
                      Diagnostics& diags);

}  // namespace whisk::resolve
