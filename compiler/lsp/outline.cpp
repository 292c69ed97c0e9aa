// Outline (features.h): a document's declarations as DocumentSymbol[].
#include "compiler/lsp/features.h"

namespace whisk::lsp {
namespace {

// LSP SymbolKind.
int SymbolKindOf(Symbol::Kind kind) {
  switch (kind) {
    case Symbol::Kind::Component:
      return 5;  // Class
    case Symbol::Kind::Template:
      return 11;  // Interface
    case Symbol::Kind::Param:
      return 13;  // Variable
    case Symbol::Kind::Role:
    case Symbol::Kind::Placement:
      return 14;  // Constant
    case Symbol::Kind::Data:
      return 23;  // Struct
    case Symbol::Kind::Port:
    case Symbol::Kind::Entry:
      return 8;  // Field
    case Symbol::Kind::TemplateParam:
      return 26;  // TypeParameter
    case Symbol::Kind::Module:
      return 2;  // Module
  }
  return 13;
}

Json SymbolJson(const Analysis& analysis, const Symbol& symbol, Encoding encoding) {
  const ast::Module& m = analysis.result.modules.modules[symbol.module].ast;
  Span whole = symbol.node.valid() ? m.span(symbol.node) : symbol.name_span;
  if (whole.begin > symbol.name_span.begin || whole.end < symbol.name_span.end) {
    whole = symbol.name_span;
  }
  return {{"name", symbol.name},
          {"detail", KindName(symbol.kind)},
          {"kind", SymbolKindOf(symbol.kind)},
          {"range", RangeOf(analysis.sources, whole, encoding)},
          {"selectionRange", RangeOf(analysis.sources, symbol.name_span, encoding)}};
}

}  // namespace

Json Outline(const Analysis& analysis, FileId file, Encoding encoding) {
  Json out = Json::array();
  const std::vector<Symbol>& symbols = analysis.index->symbols();
  // The topology is no symbol of the index (nothing refers to it): from the declarations.
  for (const resolve::Decl& decl : analysis.result.decls.decls) {
    if (decl.kind != resolve::DeclKind::Topology || decl.name_span.file.value != file.value) continue;
    const ast::Module& m = analysis.result.modules.modules[decl.module].ast;
    out.push_back({{"name", decl.name},
                   {"detail", "topology"},
                   {"kind", 3},  // Namespace
                   {"range", RangeOf(analysis.sources, m.span(decl.node), encoding)},
                   {"selectionRange", RangeOf(analysis.sources, decl.name_span, encoding)}});
  }
  for (uint32_t i = 0; i < symbols.size(); ++i) {
    const Symbol& s = symbols[i];
    if (s.owner != UINT32_MAX || s.kind == Symbol::Kind::Module) continue;
    if (s.name_span.file.value != file.value) continue;
    Json symbol = SymbolJson(analysis, s, encoding);
    Json children = Json::array();
    for (const Symbol& member : symbols) {
      if (member.owner == i) children.push_back(SymbolJson(analysis, member, encoding));
    }
    if (!children.empty()) symbol["children"] = std::move(children);
    out.push_back(std::move(symbol));
  }
  return out;
}

}  // namespace whisk::lsp
