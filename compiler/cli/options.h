#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "compiler/source/render.h"

namespace whisk::cli {

enum class Command {
  Help,
  Version,
  Check,
  Compile,
  Graph,
  DumpAst,
  DumpProgram,
  Apply,
  Status,
  Diff,
  Delete,
  Fmt,
  Lsp
};

enum class Format { Yaml, Json, Dot, Mermaid };

struct Options {
  Command command = Command::Help;
  std::string file;
  std::vector<std::string> values_files;
  std::vector<std::string> sets;
  std::vector<std::string> lib_dirs;
  std::string instance;
  std::string namespace_name;
  std::optional<Format> format;  // unset: the command's default
  std::string output;            // -o: a file written atomically
  std::string split_dir;         // --split: one file per object
  std::string kube_version;      // empty: the default release
  // The cluster commands (apply).
  std::string kubeconfig;     // --kubeconfig: this file only
  std::string context;        // --context
  std::string field_manager;  // --field-manager (default whiskc)
  bool dry_run_server = false;
  bool force_conflicts = false;
  bool prune = false;          // apply --prune
  bool prune_volumes = false;  // apply --prune-volumes
  bool wait = false;           // apply --wait: until the workloads are ready
  std::chrono::milliseconds timeout = std::chrono::minutes(5);  // apply --timeout, delete
  bool timeout_set = false;  // --timeout was given (for apply, only with --wait)
  std::chrono::milliseconds request_timeout = std::chrono::seconds(30);  // 0: none
  bool request_timeout_set = false;
  bool volumes = false;      // delete --volumes: PersistentVolumeClaims too
  bool verbose = false;      // -v: where the connection comes from, retries
  enum class Color { Auto, Never, Always } color = Color::Auto;
  RenderOptions render;
  // fmt.
  std::vector<std::string> fmt_paths;  // files and directories; none: standard input
  bool fmt_write = false;              // -w: rewrite the files in place
  bool fmt_check = false;              // --check: list the files that would change
};

/// Parses the command line; on a usage error returns nullopt and sets `error`.
std::optional<Options> ParseOptions(int argc, char** argv, std::string* error);

/// Whether output to `fd` gets colour: --color, else auto: a terminal, unless NO_COLOR is set.
bool UseColor(const Options& options, int fd);

/// The text of `whiskc --help`.
std::string_view HelpText();

}  // namespace whisk::cli
