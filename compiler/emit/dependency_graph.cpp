#include "compiler/emit/dependency_graph.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace whisk::emit {
namespace {

using sema::Component;
using sema::ComponentId;
using sema::Kind;
using sema::PlaceTerm;
using sema::Program;

// ---------------------------------------------------------------- the picture

/// A role's box and the components drawn inside it, in drawing order.
struct Cluster {
  uint32_t role = 0;
  std::vector<ComponentId> members;
};

/// An arrow from a provider to the component that waits for it: that is the
/// order in which they start, so the picture reads left to right like it.
struct Arrow {
  ComponentId provider;
  ComponentId consumer;
  std::string label;  // empty for a plain `ready` wait
  bool dashed = false;
};

/// What both formats draw, decided once so that they cannot disagree.
struct Picture {
  std::vector<Cluster> clusters;
  std::vector<ComponentId> loose;  // outside every role's box
  std::vector<Arrow> arrows;
};

/// `program.order`, then anything it lacks (it is partial when the graph has
/// a cycle) in declaration order, so that every component is drawn once.
std::vector<ComponentId> DrawingOrder(const Program& program) {
  std::vector<bool> seen(program.components.size(), false);
  std::vector<ComponentId> order;
  auto add = [&](ComponentId id) {
    if (id.value >= seen.size() || seen[id.value]) return;
    seen[id.value] = true;
    order.push_back(id);
  };
  for (ComponentId id : program.order) add(id);
  for (uint32_t i = 0; i < program.components.size(); ++i) add(ComponentId{i});
  return order;
}

/// How strongly a term pulls towards its role; a strict (weight 0) term is
/// required, so it outranks every weight.
int32_t Pull(const PlaceTerm& term) { return term.weight == 0 ? 101 : term.weight; }

/// The role whose box a component is drawn in: the first one its placement
/// requires, else the one it prefers most strongly (the first on a tie).
std::optional<uint32_t> HomeRole(const Component& component, size_t role_count) {
  const PlaceTerm* best = nullptr;
  for (const PlaceTerm& term : component.placement) {
    if (!term.role.valid() || term.role.value >= role_count) continue;
    if (term.kind == PlaceTerm::Kind::Require) return term.role.value;
    if (term.kind == PlaceTerm::Kind::Prefer && (!best || Pull(term) > Pull(*best))) best = &term;
  }
  if (!best) return std::nullopt;
  return best->role.value;
}

/// `started`, `completed`, `always` or both; nothing for the usual `ready`.
/// `completed` is the default for a job, but it is a different sort of wait
/// from the others, so the arrow says it.
std::string ArrowLabel(const sema::Need& need) {
  std::string label;
  if (need.condition == sema::Condition::Started) label = "started";
  if (need.condition == sema::Condition::Completed) label = "completed";
  if (need.always) label += label.empty() ? "always" : ", always";
  return label;
}

void PlaceNodes(const Program& program, Picture& picture) {
  // Boxes follow the roles' declaration, not the first member's position.
  std::vector<std::vector<ComponentId>> members(program.roles.size());
  for (ComponentId id : DrawingOrder(program)) {
    std::optional<uint32_t> role = HomeRole(program[id], program.roles.size());
    if (role) {
      members[*role].push_back(id);
    } else {
      picture.loose.push_back(id);
    }
  }
  for (uint32_t role = 0; role < members.size(); ++role) {
    if (!members[role].empty()) picture.clusters.push_back({role, std::move(members[role])});
  }
}

void DrawArrows(const Program& program, Picture& picture) {
  for (const sema::Edge& edge : program.edges) {
    const Component& consumer = program[edge.from];
    std::string label;
    if (edge.need < consumer.needs.size()) label = ArrowLabel(consumer.needs[edge.need]);
    picture.arrows.push_back({edge.to, edge.from, std::move(label), edge.reduced});
  }
}

Picture Draw(const Program& program) {
  Picture picture;
  PlaceNodes(program, picture);
  DrawArrows(program, picture);
  return picture;
}

/// `openwhisk-role=core`, `disk in (ssd, nvme)`, `gpu exists`; `, tainted`.
std::string Selector(const sema::Role& role) {
  std::string text;
  switch (role.op) {
    case sema::Role::Op::Equals:
      text = fmt::format("{}={}", role.key, role.values.empty() ? "" : role.values[0]);
      break;
    case sema::Role::Op::NotEquals:
      text = fmt::format("{}!={}", role.key, role.values.empty() ? "" : role.values[0]);
      break;
    case sema::Role::Op::In:
      text = fmt::format("{} in ({})", role.key, fmt::join(role.values, ", "));
      break;
    case sema::Role::Op::Exists:
      text = fmt::format("{} exists", role.key);
      break;
  }
  if (role.tainted) text += ", tainted";
  return text;
}

std::string ClusterLabel(const sema::Role& role) {
  return fmt::format("role {} ({})", role.name, Selector(role));
}

/// The name above the kind, as two lines; an external's host below them,
/// since that is all whiskc knows of it.
std::string NodeLabel(const Component& component) {
  std::string label = fmt::format("{}\n{}", component.name, sema::KindName(component.kind));
  if (component.kind == Kind::External) label += "\n" + component.host;
  return label;
}

// ---------------------------------------------------------------- DOT

/// A DOT double-quoted string. Labels are escString, where a backslash starts
/// an escape (`\n`, `\N`, `\G`...), so a literal one is doubled, and Graphviz
/// decodes HTML entities in them, so `&` is one; other control characters
/// have no spelling there and become spaces.
std::string DotQuote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '&') {
      out.append("&amp;");
    } else if (c == '\n') {
      out.append("\\n");
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
  return out;
}

std::string_view DotShape(Kind kind) {
  switch (kind) {
    case Kind::Service:
      return "shape=box";
    case Kind::Stateful:
      return "shape=cylinder";
    case Kind::Daemon:
      return "shape=hexagon";
    case Kind::Job:
      return "shape=parallelogram";
    case Kind::Cron:
      return "shape=parallelogram, peripheries=2";  // a job, again and again
    case Kind::External:
      return "shape=ellipse, style=dashed";  // outside the cluster: not drawn solid
  }
  return "shape=box";
}

void AppendDotNode(std::string& out, const Component& c, std::string_view indent) {
  out += fmt::format("{}{} [label={}, {}];\n", indent, DotQuote(c.name), DotQuote(NodeLabel(c)),
                     DotShape(c.kind));
}

void AppendDotCluster(std::string& out, const Program& program, const Cluster& cluster) {
  const sema::Role& role = program.roles[cluster.role];
  // Graphviz draws a subgraph as a box only when its name starts `cluster`.
  out += fmt::format("  subgraph {} {{\n", DotQuote(fmt::format("cluster_{}", role.name)));
  out += fmt::format("    label={};\n    style=rounded;\n", DotQuote(ClusterLabel(role)));
  for (ComponentId id : cluster.members) AppendDotNode(out, program[id], "    ");
  out += "  }\n";
}

void AppendDotArrow(std::string& out, const Program& program, const Arrow& arrow) {
  std::vector<std::string> attributes;
  if (!arrow.label.empty()) attributes.push_back("label=" + DotQuote(arrow.label));
  if (arrow.dashed) attributes.push_back("style=dashed");
  out += fmt::format("  {} -> {}", DotQuote(program[arrow.provider].name),
                     DotQuote(program[arrow.consumer].name));
  if (!attributes.empty()) out += fmt::format(" [{}]", fmt::join(attributes, ", "));
  out += ";\n";
}

// ---------------------------------------------------------------- Mermaid

/// Text for inside a Mermaid `"..."` label. Mermaid reads `#name;` and
/// `#123;` as entities and labels as HTML, so `"`, `#`, `<`, `>`, `&` become
/// entities; a leading backtick would start a markdown string, so it does too.
std::string MermaidText(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '"':
        out += "#quot;";
        break;
      case '#':
        out += "#35;";
        break;
      case '<':
        out += "#lt;";
        break;
      case '>':
        out += "#gt;";
        break;
      case '&':
        out += "#amp;";
        break;
      case '`':
        out += "#96;";
        break;
      case '\n':
        out += "<br/>";
        break;
      default:
        out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7F ? ' ' : c);
    }
  }
  return out;
}

/// Node ids are generated (`c0` is component 0): names could collide with
/// Mermaid's keywords such as `end`, which ids like these never do.
std::string MermaidId(ComponentId id) { return fmt::format("c{}", id.value); }

/// The shape brackets around a quoted label, by kind.
std::pair<std::string_view, std::string_view> MermaidShape(Kind kind) {
  switch (kind) {
    case Kind::Service:
      return {"[", "]"};
    case Kind::Stateful:
      return {"[(", ")]"};
    case Kind::Daemon:
      return {"{{", "}}"};
    case Kind::Job:
      return {"[/", "/]"};
    case Kind::Cron:
      return {"[/", "\\]"};  // a trapezoid: Mermaid has no double outline
    case Kind::External:
      return {"([", "])"};  // a stadium, outlined dashed by MermaidNodeStyle
  }
  return {"[", "]"};
}

void AppendMermaidNode(std::string& out, const Program& program, ComponentId id,
                       std::string_view indent) {
  const Component& c = program[id];
  auto [open, close] = MermaidShape(c.kind);
  out += fmt::format("{}{}{}\"{}\"{}\n", indent, MermaidId(id), open, MermaidText(NodeLabel(c)),
                     close);
  // Mermaid has no dashed shape; a `style` line outlines the node dashed, as
  // DOT draws an external.
  if (c.kind == Kind::External) {
    out += fmt::format("{}style {} stroke-dasharray: 5 5\n", indent, MermaidId(id));
  }
}

void AppendMermaidCluster(std::string& out, const Program& program, const Cluster& cluster) {
  out += fmt::format("  subgraph r{}[\"{}\"]\n", cluster.role,
                     MermaidText(ClusterLabel(program.roles[cluster.role])));
  for (ComponentId id : cluster.members) AppendMermaidNode(out, program, id, "    ");
  out += "  end\n";
}

void AppendMermaidArrow(std::string& out, const Arrow& arrow) {
  out += fmt::format("  {} {}", MermaidId(arrow.provider), arrow.dashed ? "-.->" : "-->");
  if (!arrow.label.empty()) out += fmt::format("|\"{}\"|", MermaidText(arrow.label));
  out += fmt::format(" {}\n", MermaidId(arrow.consumer));
}

}  // namespace

std::string DependencyGraphDot(const sema::Program& program) {
  Picture picture = Draw(program);
  std::string out = fmt::format("digraph {} {{\n", DotQuote(program.name));
  out +=
      "  // An arrow runs from a provider to what waits for it: start-up order, left to\n"
      "  // right. Dashed: implied by a longer path, so no wait of its own.\n";
  out += fmt::format("  label={};\n  labelloc=t;\n  rankdir=LR;\n",
                     DotQuote(fmt::format("topology {}", program.name)));
  for (const Cluster& cluster : picture.clusters) AppendDotCluster(out, program, cluster);
  for (ComponentId id : picture.loose) AppendDotNode(out, program[id], "  ");
  for (const Arrow& arrow : picture.arrows) AppendDotArrow(out, program, arrow);
  out += "}\n";
  return out;
}

std::string DependencyGraphMermaid(const sema::Program& program) {
  Picture picture = Draw(program);
  // Readers look for `flowchart` on the first line, so the title is a comment.
  std::string out = "flowchart LR\n";
  out += fmt::format("%% topology {}\n", MermaidText(program.name));
  out +=
      "%% An arrow runs from a provider to what waits for it: start-up order, left to\n"
      "%% right. Dotted: implied by a longer path, so no wait of its own.\n";
  for (const Cluster& cluster : picture.clusters) AppendMermaidCluster(out, program, cluster);
  for (ComponentId id : picture.loose) AppendMermaidNode(out, program, id, "  ");
  for (const Arrow& arrow : picture.arrows) AppendMermaidArrow(out, arrow);
  return out;
}

}  // namespace whisk::emit
