#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/source/render.h"

namespace whisk::cli {

enum class Command { Help, Version, Check, Compile, Graph, DumpAst, DumpProgram };

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
  enum class Color { Auto, Never, Always } color = Color::Auto;
  RenderOptions render;
};

/// Parses the command line; on a usage error returns nullopt and sets `error`.
std::optional<Options> ParseOptions(int argc, char** argv, std::string* error);

/// The text of `whiskc --help`.
std::string_view HelpText();

}  // namespace whisk::cli
