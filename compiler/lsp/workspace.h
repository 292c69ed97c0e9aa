#pragma once
// The documents an editor has open, and what the front end makes of each: diagnostics,
// the checked program and the symbol index, computed with the unsaved texts of every open
// document in place of the files.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/cli/frontend.h"
#include "compiler/lsp/positions.h"
#include "compiler/lsp/symbols.h"
#include "compiler/source/diagnostic.h"
#include "compiler/source/source_map.h"

namespace whisk::lsp {

/// What the client configured (`initializationOptions`): values files, `--set`s and module
/// directories, as on the command line, relative to `root`.
struct Settings {
  std::string root;
  std::vector<std::string> values;
  std::vector<std::string> sets;
  std::vector<std::string> lib;
};

/// One run of the front end with a document as the main file.
struct Analysis {
  SourceMap sources;
  Diagnostics diags;
  cli::FrontendResult result;
  std::unique_ptr<SymbolIndex> index;
  /// The URIs the client opened documents by, by canonical path: answers name a document
  /// as the client does (editors differ in what they percent-encode).
  std::map<std::string, std::string> open_uris;

  /// The file of `path` among the program's files.
  std::optional<FileId> FileOf(const std::string& path) const;
  /// The URI of one of the program's files.
  std::string Uri(FileId file) const;
  /// Whether the program has a `topology` (else its main file is a module opened alone).
  bool HasTopology() const;
};

/// A change of a document: its whole text, or a range of it replaced.
struct Change {
  std::optional<std::pair<Position, Position>> range;
  std::string text;
};

class Workspace {
 public:
  void Configure(Settings settings);

  /// False when `uri` is no file's.
  bool Open(const std::string& uri, std::string text);
  /// False when the document is not open.
  bool Edit(const std::string& uri, const std::vector<Change>& changes, Encoding encoding);
  void Close(const std::string& uri);

  const std::string* Text(const std::string& uri) const;
  std::string PathOf(const std::string& uri) const;
  std::vector<std::string> OpenUris() const;

  /// The analysis a document belongs to (computed once per state of the documents): that
  /// of an open topology importing it, else its own with it as the main file; null when it
  /// is not open.
  const Analysis* AnalysisOf(const std::string& uri);

 private:
  struct Document {
    std::string path;
    std::string text;
    std::unique_ptr<Analysis> analysis;
  };
  void Invalidate();
  /// The analysis with the document as the main file.
  const Analysis* OwnAnalysis(const std::string& uri);

  Settings settings_;
  std::map<std::string, Document> documents_;  // by URI
  std::map<std::string, std::string> overlay_;  // canonical path → text of the open documents
};

}  // namespace whisk::lsp
