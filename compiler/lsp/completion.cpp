// Completion (features.h): keywords where a property or declaration starts, names where a
// reference goes, ports and entries after a dot. The context is read from the text around
// the cursor, so it works while the document does not parse.
#include <cctype>
#include <set>

#include "compiler/check/check.h"
#include "compiler/lsp/features.h"
#include "grammar/keywords.h"

namespace whisk::lsp {
namespace {

// LSP CompletionItemKind.
constexpr int kField = 5;
constexpr int kVariable = 6;
constexpr int kClass = 7;
constexpr int kModule = 9;
constexpr int kProperty = 10;
constexpr int kKeyword = 14;

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

struct Items {
  Json list = Json::array();
  std::set<std::string> seen;
  void Add(std::string_view label, int kind, std::string_view detail = "") {
    if (!seen.insert(std::string(label)).second) return;
    Json item = {{"label", label}, {"kind", kind}};
    if (!detail.empty()) item["detail"] = detail;
    list.push_back(std::move(item));
  }
};

/// The block around a position, as its header line reads: `service api {` gives
/// {"service", "service", ""}, `template stateful kafka(...) {` gives
/// {"template", "stateful", "kafka"}; `if` and `else` blocks are seen through.
struct Block {
  std::string header;  // "" at the top level
  std::string kind;    // the component kind, if it is a component's or a template's
  std::string name;    // a template's name
};

/// The word at `at` of `text` (before `limit`), and where it ends.
std::string WordAt(const std::string& text, size_t& at, size_t limit) {
  while (at < limit && (text[at] == ' ' || text[at] == '\t')) ++at;
  size_t begin = at;
  while (at < limit && IsWordChar(text[at])) ++at;
  return text.substr(begin, at - begin);
}

/// The header of the block whose `{` is at `brace`.
Block HeaderOf(const std::string& text, size_t brace) {
  size_t line = text.rfind('\n', brace);
  line = line == std::string::npos ? 0 : line + 1;
  size_t at = line;
  while (at < brace && (text[at] == ' ' || text[at] == '\t' || text[at] == '}')) ++at;
  Block block;
  block.header = WordAt(text, at, brace);
  block.kind = block.header;
  if (block.header == "template") {
    block.kind = WordAt(text, at, brace);
    block.name = WordAt(text, at, brace);
  }
  return block;
}

Block EnclosingBlock(const std::string& text, size_t offset) {
  // The braces open at `offset`, read from the start (strings and comments skipped).
  std::vector<size_t> open;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    char c = text[i];
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      while (i < offset && text[i] != '\n') ++i;
    } else if (c == '"') {
      for (++i; i < offset && text[i] != '"' && text[i] != '\n'; ++i) {
        if (text[i] == '\\') ++i;
      }
    } else if (c == '{') {
      open.push_back(i);
    } else if (c == '}' && !open.empty()) {
      open.pop_back();
    }
  }
  // `if` and `else` blocks are seen through to the block that holds them.
  for (size_t k = open.size(); k-- > 0;) {
    Block block = HeaderOf(text, open[k]);
    if (block.header != "if" && block.header != "else") return block;
  }
  return {};
}

/// The parameters of the template the block belongs to.
void AddTemplateParams(const SymbolIndex& index, const Block& block, Items& items) {
  if (block.header != "template") return;
  for (uint32_t templ : index.Named(block.name, Symbol::Kind::Template)) {
    for (const Symbol& s : index.symbols()) {
      if (s.kind == Symbol::Kind::TemplateParam && s.owner == templ) {
        items.Add(s.name, kVariable, "template parameter");
      }
    }
  }
}

void AddSymbols(const SymbolIndex& index, Items& items, std::initializer_list<Symbol::Kind> kinds) {
  for (const Symbol& s : index.symbols()) {
    for (Symbol::Kind kind : kinds) {
      if (s.kind != kind) continue;
      int item_kind = kind == Symbol::Kind::Component ? kClass
                      : kind == Symbol::Kind::Module  ? kModule
                                                      : kVariable;
      items.Add(s.name, item_kind, KindName(kind));
    }
  }
}

}  // namespace

Json Completion(const Analysis& analysis, const std::string& text, size_t offset) {
  const SymbolIndex& index = *analysis.index;
  Items items;
  offset = std::min(offset, text.size());
  size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  line_start = line_start == std::string::npos || offset == 0 ? 0 : line_start + 1;
  if (offset > 0 && text[offset - 1] == '\n') line_start = offset;
  size_t word_start = offset;
  while (word_start > line_start && (IsWordChar(text[word_start - 1]) || text[word_start - 1] == '.')) {
    --word_start;
  }
  std::string word = text.substr(word_start, offset - word_start);
  std::string before = text.substr(line_start, word_start - line_start);
  while (!before.empty() && (before.back() == ' ' || before.back() == '\t')) before.pop_back();

  // After a dot: what the path before it has.
  if (size_t dot = word.rfind('.'); dot != std::string::npos) {
    std::string base = word.substr(0, dot);
    std::string head = base.substr(0, base.find('.'));
    for (uint32_t id : index.Named(head, Symbol::Kind::Component)) {
      if (base == head) {
        for (const char* member : {"host", "port", "name", "selector"}) items.Add(member, kField);
      } else if (base == head + ".port") {
        for (uint32_t port : index.PortsOf(id)) items.Add(index.symbols()[port].name, kField, "port");
      }
    }
    for (uint32_t id : index.Named(head, Symbol::Kind::Data)) {
      for (const Symbol& s : index.symbols()) {
        if (s.kind == Symbol::Kind::Entry && s.owner == id) items.Add(s.name, kField, "entry");
      }
    }
    return items.list;
  }

  size_t first_end = 0;
  while (first_end < before.size() && (before[first_end] == ' ' || before[first_end] == '\t')) {
    ++first_end;
  }
  std::string trimmed = before.substr(first_end);
  std::string first_word = trimmed.substr(0, trimmed.find(' '));
  Block block = EnclosingBlock(text, line_start);
  if (trimmed.empty() || trimmed == "}") {
    // A new property, setting or declaration.
    std::string header = block.header;
    if (header == "topology") {
      for (std::string_view k : grammar::kTopologyKeywords) items.Add(k, kKeyword);
    } else if (std::optional<sema::Kind> kind = sema::KindFromKeyword(block.kind)) {
      for (std::string_view k : grammar::kPropertyKeywords) {
        if (PropertyApplies(k, *kind)) items.Add(k, kProperty);
      }
    } else if (header == "use") {
      for (std::string_view k : grammar::kPropertyKeywords) items.Add(k, kProperty);
    } else if (header.empty()) {
      for (std::string_view k : grammar::kDeclarationKeywords) items.Add(k, kKeyword);
      items.Add("if", kKeyword);
    }
    return items.list;
  }
  if (first_word == "needs") {
    AddTemplateParams(index, block, items);  // a `component` parameter names one
    AddSymbols(index, items, {Symbol::Kind::Component});
    for (const char* k : {"ready", "started", "completed", "always"}) items.Add(k, kKeyword);
  } else if (first_word == "place" || first_word == "placement") {
    AddSymbols(index, items, {Symbol::Kind::Role, Symbol::Kind::Placement, Symbol::Kind::Component});
    for (const char* k : {"require", "forbid", "prefer", "avoid", "spread", "near", "apart", "strict"}) {
      items.Add(k, kKeyword);
    }
  } else if (first_word == "use") {
    AddSymbols(index, items, {Symbol::Kind::Template});
  } else if (first_word == "import") {
    AddSymbols(index, items, {Symbol::Kind::Module});
  } else {
    AddTemplateParams(index, block, items);
    AddSymbols(index, items, {Symbol::Kind::Param, Symbol::Kind::Component, Symbol::Kind::Data});
  }
  return items.list;
}

}  // namespace whisk::lsp
