#include "compiler/resolve/modules.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "compiler/parse/parse.h"
#include "compiler/source/file_io.h"

namespace whisk::resolve {
namespace {

namespace fs = std::filesystem;
using ast::NodeKind;

}  // namespace

std::string CanonicalPath(const std::string& path) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(path, ec);
  return ec ? path : canonical.string();
}

namespace {

struct Loader {
  const ModuleSearch& search;
  SourceMap& sources;
  Diagnostics& diags;
  ModuleSet set;
  std::map<std::string, size_t> by_canonical_path;
  std::vector<size_t> stack;       // modules being loaded, for cycle reports
  std::vector<Span> import_spans;  // the import that led to each stack entry

  // Reads and parses a file; returns its module index or SIZE_MAX.
  size_t Load(const std::string& path, Span imported_at) {
    std::string error;
    std::optional<std::string> text;
    if (search.overlay) {
      if (auto open = search.overlay->find(CanonicalPath(path)); open != search.overlay->end()) {
        text = open->second;
      }
    }
    if (!text) text = ReadFile(path, &error);
    if (!text) {
      diags.Report(DiagCode::FileUnreadable, imported_at,
                   fmt::format("cannot read `{}`: {}", path, error));
      if (set.modules.empty()) set.main_unreadable = true;
      return SIZE_MAX;
    }
    FileId file = AddSourceFile(sources, path, std::move(*text), diags);
    size_t index = set.modules.size();
    fs::path dir = fs::path(path).parent_path();
    set.modules.push_back(LoadedModule{{}, path, dir.empty() ? "." : dir.string()});
    set.modules[index].ast = Parse(file, sources.text(file), diags);
    by_canonical_path[CanonicalPath(path)] = index;
    return index;
  }

  std::string Find(const std::string& name, const std::string& from_dir) {
    std::string file = name.ends_with(".ow") ? name : name + ".ow";
    std::vector<std::string> dirs{from_dir};
    dirs.insert(dirs.end(), search.lib_dirs.begin(), search.lib_dirs.end());
    if (!search.stdlib_dir.empty()) dirs.push_back(search.stdlib_dir);
    for (const std::string& dir : dirs) {
      fs::path candidate = fs::path(dir) / file;
      std::error_code ec;
      if (fs::is_regular_file(candidate, ec)) return candidate.lexically_normal().string();
    }
    return {};
  }

  void FollowImports(size_t index) {
    stack.push_back(index);
    // Copy what we need: loading may grow set.modules and move its elements.
    std::vector<std::pair<std::string, Span>> imports;
    const ast::Module& module = set.modules[index].ast;
    // Imports inside `if` blocks are loaded too: a module only declares
    // things, and the condition decides which of them are used.
    auto collect = [&](auto&& self, ast::NodeId node) -> void {
      NodeKind kind = module.kind(node);
      if (kind == NodeKind::DeclIf || kind == NodeKind::DeclElse ||
          kind == NodeKind::DeclarationBlock) {
        for (ast::NodeId child : module.children(node)) self(self, child);
        return;
      }
      if (kind != NodeKind::ImportDecl) return;
      ast::NodeId literal = module.Child(node, NodeKind::String);
      if (!literal.valid()) return;
      std::string_view quoted = module.source(literal);
      imports.emplace_back(std::string(quoted.substr(1, quoted.size() - 2)), module.span(literal));
    };
    for (ast::NodeId root : module.roots) collect(collect, root);
    std::string dir = set.modules[index].dir;
    for (const auto& [name, span] : imports) {
      std::string path = Find(name, dir);
      if (path.empty()) {
        auto& d = diags.Report(DiagCode::ModuleNotFound, span,
                               fmt::format("cannot find module `{}`", name));
        d.Note(fmt::format("looked in `{}`, then --lib directories and WHISK_PATH, then the stdlib",
                           dir));
        continue;
      }
      auto found = by_canonical_path.find(CanonicalPath(path));
      if (found != by_canonical_path.end()) {
        ReportCycleIfOnStack(found->second, span);
        continue;
      }
      size_t child = Load(path, span);
      if (child == SIZE_MAX) continue;
      import_spans.push_back(span);
      FollowImports(child);
      import_spans.pop_back();
    }
    stack.pop_back();
  }

  void ReportCycleIfOnStack(size_t target, Span span) {
    auto it = std::find(stack.begin(), stack.end(), target);
    if (it == stack.end()) return;  // a diamond: already loaded, loaded once
    std::string cycle;
    for (auto at = it; at != stack.end(); ++at) cycle += set.modules[*at].path + " -> ";
    cycle += set.modules[target].path;
    auto& d = diags.Report(DiagCode::ImportCycle, span, fmt::format("import cycle: {}", cycle));
    size_t first = static_cast<size_t>(it - stack.begin());
    for (size_t k = first; k < import_spans.size(); ++k) {
      d.With(import_spans[k], fmt::format("`{}` is imported here", set.modules[stack[k + 1]].path));
    }
  }
};

}  // namespace

ModuleSet LoadModules(const std::string& main_path, const ModuleSearch& search, SourceMap& sources,
                      Diagnostics& diags) {
  Loader loader{search, sources, diags, {}, {}, {}, {}};
  if (loader.Load(main_path, Span{}) != SIZE_MAX) loader.FollowImports(0);
  return std::move(loader.set);
}

}  // namespace whisk::resolve
