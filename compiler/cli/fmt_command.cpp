#include "compiler/cli/fmt_command.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "compiler/format/format.h"
#include "compiler/parse/parse.h"
#include "compiler/source/file_io.h"
#include "compiler/source/render.h"
#include "compiler/source/source_map.h"

namespace whisk::cli {
namespace {

namespace fs = std::filesystem;

constexpr int kChanged = 1;
constexpr int kSyntaxErrors = 1;
constexpr int kIoError = 2;

void Err(const std::string& line) { std::fputs((line + "\n").c_str(), stderr); }

/// The .ow files a path names: itself, or those under a directory (sorted; names starting
/// with a dot skipped).
std::vector<std::string> Files(const std::string& path, int& status) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return {path};
  std::vector<std::string> files;
  fs::recursive_directory_iterator it(path, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.starts_with(".")) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (name.ends_with(".ow") && it->is_regular_file(ec)) files.push_back(it->path().string());
  }
  if (ec) {
    Err(fmt::format("whiskc: error: cannot read the directory `{}`: {}", path, ec.message()));
    status = std::max(status, kIoError);
  }
  std::sort(files.begin(), files.end());
  return files;
}

/// `text` formatted, or nullopt after reporting why not (syntax errors, a layout the
/// formatter refuses).
std::optional<std::string> FormatText(const Options& options, const std::string& path,
                                      std::string text, int& status) {
  SourceMap sources;
  Diagnostics diags;
  FileId file = AddSourceFile(sources, path, std::move(text), diags);
  ast::Module module = Parse(file, sources.text(file), diags);
  if (diags.has_errors()) {
    diags.Sort();
    std::fputs(RenderDiagnostics(diags, sources, options.render).c_str(), stderr);
    status = std::max(status, kSyntaxErrors);
    return std::nullopt;
  }
  std::optional<std::string> out = format::Format(sources.text(file), module);
  if (!out) {
    Err(fmt::format("whiskc: error: {}: the formatter cannot lay this file out; it is left as "
                    "it is (please report it)",
                    path));
    status = std::max(status, kSyntaxErrors);
  }
  return out;
}

void FormatFile(const Options& options, const std::string& path, int& status) {
  std::string error;
  std::optional<std::string> text = ReadFile(path, &error);
  if (!text) {
    Err(fmt::format("whiskc: error: cannot read `{}`: {}", path, error));
    status = std::max(status, kIoError);
    return;
  }
  std::string original = *text;
  std::optional<std::string> out = FormatText(options, path, std::move(*text), status);
  if (!out) return;
  if (options.fmt_check) {
    if (*out != original) {
      std::fputs((path + "\n").c_str(), stdout);
      status = std::max(status, kChanged);
    }
  } else if (options.fmt_write) {
    if (*out == original) return;
    // A link stays a link: what changes is the file it points to.
    std::error_code ec;
    std::string target = fs::is_symlink(path, ec) ? fs::canonical(path, ec).string() : path;
    if (ec) target = path;
    struct stat before {};
    bool has_mode = ::stat(target.c_str(), &before) == 0;
    if (!WriteFileAtomic(target, *out, &error)) {
      Err(fmt::format("whiskc: error: cannot write `{}`: {}", path, error));
      status = std::max(status, kIoError);
      return;
    }
    if (has_mode) ::chmod(target.c_str(), before.st_mode & 07777);
  } else {
    std::fputs(out->c_str(), stdout);
  }
}

}  // namespace

int RunFmt(const Options& options) {
  int status = 0;
  if (options.fmt_paths.empty()) {
    std::string text(std::istreambuf_iterator<char>(std::cin), {});
    std::string original = text;
    std::optional<std::string> out = FormatText(options, "<stdin>", std::move(text), status);
    if (out && !options.fmt_check) std::fputs(out->c_str(), stdout);
    if (out && options.fmt_check && *out != original) {
      std::fputs("<stdin>\n", stdout);
      status = std::max(status, kChanged);
    }
    return status;
  }
  for (const std::string& path : options.fmt_paths) {
    for (const std::string& file : Files(path, status)) FormatFile(options, file, status);
  }
  return status;
}

}  // namespace whisk::cli
