#pragma once
// The answers of `whiskc lsp` to what an editor asks about a document: diagnostics, hover,
// completion and the outline. Definitions and references come straight from the
// SymbolIndex; formatting from compiler/format.

#include <map>
#include <string>

#include "compiler/lsp/convert.h"
#include "compiler/lsp/workspace.h"

namespace whisk::lsp {

/// The diagnostics of `analysis` by file URI, as LSP Diagnostic objects. A module opened
/// alone (no topology) is not told that it has none.
std::map<std::string, Json> DiagnosticsByUri(const Analysis& analysis, Encoding encoding);

/// Markdown about the symbol at byte `offset` of `file`, or null.
Json Hover(const Analysis& analysis, FileId file, uint32_t offset, Encoding encoding);

/// Completion items at byte `offset` of `text` (the document's current text).
Json Completion(const Analysis& analysis, const std::string& text, size_t offset);

/// The document's declarations as DocumentSymbol[] (ports and entries as children).
Json Outline(const Analysis& analysis, FileId file, Encoding encoding);

}  // namespace whisk::lsp
