#include "compiler/lsp/workspace.h"

#include <filesystem>

namespace whisk::lsp {
namespace {

namespace fs = std::filesystem;

std::string Against(const std::string& root, const std::string& path) {
  if (root.empty() || fs::path(path).is_absolute()) return path;
  return (fs::path(root) / path).lexically_normal().string();
}

}  // namespace

std::optional<FileId> Analysis::FileOf(const std::string& path) const {
  std::string wanted = resolve::CanonicalPath(path);
  for (uint32_t i = 0; i < sources.size(); ++i) {
    if (resolve::CanonicalPath(sources.path(FileId{i})) == wanted) return FileId{i};
  }
  return std::nullopt;
}

std::string Analysis::Uri(FileId file) const {
  std::string path = sources.path(file);
  auto open = open_uris.find(resolve::CanonicalPath(path));
  return open != open_uris.end() ? open->second : UriOf(path);
}

bool Analysis::HasTopology() const {
  for (const resolve::Decl& decl : result.decls.decls) {
    if (decl.kind == resolve::DeclKind::Topology) return true;
  }
  return false;
}

void Workspace::Configure(Settings settings) {
  settings_ = std::move(settings);
  Invalidate();
}

bool Workspace::Open(const std::string& uri, std::string text) {
  std::string path = lsp::PathOf(uri);
  if (path.empty()) return false;
  overlay_[resolve::CanonicalPath(path)] = text;
  documents_[uri] = Document{path, std::move(text), nullptr};
  Invalidate();
  return true;
}

bool Workspace::Edit(const std::string& uri, const std::vector<Change>& changes,
                     Encoding encoding) {
  auto it = documents_.find(uri);
  if (it == documents_.end()) return false;
  std::string& text = it->second.text;
  for (const Change& change : changes) {
    if (!change.range) {
      text = change.text;
      continue;
    }
    size_t begin = OffsetOf(text, change.range->first, encoding);
    size_t end = std::max(begin, OffsetOf(text, change.range->second, encoding));
    text.replace(begin, end - begin, change.text);
  }
  overlay_[resolve::CanonicalPath(it->second.path)] = text;
  Invalidate();
  return true;
}

void Workspace::Close(const std::string& uri) {
  auto it = documents_.find(uri);
  if (it == documents_.end()) return;
  overlay_.erase(resolve::CanonicalPath(it->second.path));
  documents_.erase(it);
  Invalidate();
}

const std::string* Workspace::Text(const std::string& uri) const {
  auto it = documents_.find(uri);
  return it == documents_.end() ? nullptr : &it->second.text;
}

std::string Workspace::PathOf(const std::string& uri) const {
  auto it = documents_.find(uri);
  return it == documents_.end() ? lsp::PathOf(uri) : it->second.path;
}

std::vector<std::string> Workspace::OpenUris() const {
  std::vector<std::string> uris;
  for (const auto& [uri, document] : documents_) uris.push_back(uri);
  return uris;
}

void Workspace::Invalidate() {
  for (auto& [uri, document] : documents_) document.analysis.reset();
}

const Analysis* Workspace::AnalysisOf(const std::string& uri) {
  auto it = documents_.find(uri);
  if (it == documents_.end()) return nullptr;
  // A module is read as the topology that imports it reads it: its names resolve there.
  for (const auto& [other, document] : documents_) {
    if (other == uri) continue;
    const Analysis* importer = OwnAnalysis(other);
    if (importer && importer->HasTopology() && importer->FileOf(it->second.path)) return importer;
  }
  return OwnAnalysis(uri);
}

const Analysis* Workspace::OwnAnalysis(const std::string& uri) {
  auto it = documents_.find(uri);
  if (it == documents_.end()) return nullptr;
  Document& document = it->second;
  if (document.analysis) return document.analysis.get();
  cli::Options options;
  options.command = cli::Command::Check;
  options.file = document.path;
  for (const std::string& file : settings_.values) {
    options.values_files.push_back(Against(settings_.root, file));
  }
  options.sets = settings_.sets;
  for (const std::string& dir : settings_.lib) options.lib_dirs.push_back(Against(settings_.root, dir));
  auto analysis = std::make_unique<Analysis>();
  for (const auto& [open_uri, open] : documents_) analysis->open_uris[resolve::CanonicalPath(open.path)] = open_uri;
  analysis->result = cli::RunFrontend(options, analysis->sources, analysis->diags, "", &overlay_);
  analysis->diags.Sort();
  analysis->index = std::make_unique<SymbolIndex>(analysis->result.modules, analysis->result.decls);
  document.analysis = std::move(analysis);
  return document.analysis.get();
}

}  // namespace whisk::lsp
