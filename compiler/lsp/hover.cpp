// Hover (features.h): what a name stands for, as the checked program has it.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compiler/check/checker.h"
#include "compiler/lsp/features.h"

namespace whisk::lsp {
namespace {

/// The first line of a declaration as written, in a code block.
std::string Declared(const Analysis& analysis, const Symbol& symbol) {
  if (!symbol.node.valid()) return "";
  const ast::Module& m = analysis.result.modules.modules[symbol.module].ast;
  std::string_view source = m.source(symbol.node);
  source = source.substr(0, source.find('\n'));
  if (source.ends_with("{")) source.remove_suffix(1);
  while (!source.empty() && source.back() == ' ') source.remove_suffix(1);
  return fmt::format("```whisk\n{}\n```", source);
}

const sema::Component* ComponentNamed(const sema::Program& program, std::string_view name) {
  for (const sema::Component& c : program.components) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::string Names(const std::vector<std::string>& names) {
  std::vector<std::string> quoted;
  for (const std::string& n : names) quoted.push_back(fmt::format("`{}`", n));
  return fmt::format("{}", fmt::join(quoted, ", "));
}

std::string ComponentHover(const sema::Program& program, const sema::Component& c) {
  std::string text = fmt::format("**{}** `{}`", sema::KindName(c.kind), c.name);
  if (!c.from_template.empty()) text += fmt::format(" (template `{}`)", c.from_template);
  if (!c.image.empty()) text += fmt::format("\n\nimage `{}`", c.image);
  if (!c.host.empty()) text += fmt::format("\n\nhost `{}`", c.host);
  if (!c.ports.empty()) {
    std::vector<std::string> ports;
    for (const sema::Port& p : c.ports) {
      ports.push_back(fmt::format("`{}` {}{}", p.name, p.number, p.udp ? "/udp" : ""));
    }
    text += fmt::format("\n\nports: {}", fmt::join(ports, ", "));
  }
  std::vector<std::string> needs, needed_by;
  for (const sema::Need& n : c.needs) needs.emplace_back(program[n.target].name);
  for (const sema::Component& other : program.components) {
    for (const sema::Need& n : other.needs) {
      if (&program[n.target] == &c) needed_by.emplace_back(other.name);
    }
  }
  if (!needs.empty()) text += "\n\nneeds: " + Names(needs);
  if (!needed_by.empty()) text += "\n\nneeded by: " + Names(needed_by);
  return text;
}

std::string ParamHover(const Analysis& analysis, const Symbol& symbol) {
  std::string text = Declared(analysis, symbol);
  for (const sema::Param& p : analysis.result.program.params) {
    if (p.name != symbol.name) continue;
    if (!p.value) return text + "\n\nno value yet: give one with `-f` or `--set`";
    std::string value;
    if (p.value_span.valid()) {
      value = std::string(analysis.sources.text(p.value_span));
    } else if (std::optional<std::string> scalar = check::ValueText(*p.value)) {
      value = *scalar;
    }
    const char* from = p.origin == sema::Param::Origin::File  ? "from a values file"
                       : p.origin == sema::Param::Origin::Set ? "from `--set`"
                                                              : "its default";
    return text + fmt::format("\n\nvalue `{}` ({})", value, from);
  }
  return text;
}

}  // namespace

Json Hover(const Analysis& analysis, FileId file, uint32_t offset, Encoding encoding) {
  const Occurrence* at = analysis.index->At(file, offset);
  if (!at) return nullptr;
  const Symbol& symbol = analysis.index->symbols()[at->symbol];
  std::string text;
  switch (symbol.kind) {
    case Symbol::Kind::Component:
      if (const sema::Component* c = ComponentNamed(analysis.result.program, symbol.name)) {
        text = ComponentHover(analysis.result.program, *c);
      } else {
        text = Declared(analysis, symbol) + "\n\n(not part of the program with these values)";
      }
      break;
    case Symbol::Kind::Param:
      text = ParamHover(analysis, symbol);
      break;
    case Symbol::Kind::Module:
      text = fmt::format("module `{}`\n\n{}", symbol.name,
                         analysis.sources.path(symbol.name_span.file));
      break;
    case Symbol::Kind::Port:
    case Symbol::Kind::TemplateParam:
    case Symbol::Kind::Entry: {
      const Symbol& owner = analysis.index->symbols()[symbol.owner];
      const ast::Module& m = analysis.result.modules.modules[symbol.module].ast;
      text = fmt::format("```whisk\n{}\n```\n\n{} of {} `{}`", m.source(symbol.node),
                         KindName(symbol.kind), KindName(owner.kind), owner.name);
      break;
    }
    default:
      text = Declared(analysis, symbol);
      break;
  }
  return {{"contents", {{"kind", "markdown"}, {"value", text}}},
          {"range", RangeOf(analysis.sources, at->span, encoding)}};
}

}  // namespace whisk::lsp
