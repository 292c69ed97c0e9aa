#include "compiler/cli/field_origin.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace whisk::cli {
namespace {

/// The component whose declaration made `object`, if any.
const sema::Component* MadeBy(const sema::Program& program, const k8s::Object& object) {
  for (const sema::Component& c : program.components) {
    if (c.name_span == object.span || c.span == object.span) return &c;
  }
  return nullptr;
}

/// The index after `list[` in `field`, e.g. 2 for `env[2].value` and list `env`.
std::optional<size_t> IndexAfter(std::string_view field, std::string_view list) {
  std::string key = std::string(list) + "[";
  size_t at = field.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  const char* begin = field.data() + at + key.size();
  size_t index = 0;
  auto [end, ec] = std::from_chars(begin, field.data() + field.size(), index);
  if (ec != std::errc() || end == begin) return std::nullopt;
  return index;
}

template <typename T>
Span At(const std::vector<T>& items, std::optional<size_t> index) {
  return index && *index < items.size() ? items[*index].span : Span{};
}

Span AtSpan(const std::vector<Span>& spans, std::optional<size_t> index) {
  return index && *index < spans.size() ? spans[*index] : Span{};
}

/// A property of the component's main container (`containers[0]` in every workload).
Span ContainerField(const sema::Component& c, std::string_view rest) {
  if (rest.starts_with("image")) return c.image_span;
  if (rest.starts_with("env[")) return At(c.env, IndexAfter(rest, "env"));
  if (rest.starts_with("envFrom[")) return At(c.env_from, IndexAfter(rest, "envFrom"));
  if (rest.starts_with("ports[")) return At(c.ports, IndexAfter(rest, "ports"));
  if (rest.starts_with("command")) return AtSpan(c.command_spans, IndexAfter(rest, "command"));
  if (rest.starts_with("args")) return AtSpan(c.args_spans, IndexAfter(rest, "args"));
  if (rest.starts_with("readinessProbe")) return c.readiness.span;
  if (rest.starts_with("livenessProbe")) return c.liveness.span;
  if (rest.starts_with("resources")) {
    return rest.find("memory") != std::string_view::npos ? c.memory.span : c.cpu.span;
  }
  return Span{};
}

}  // namespace

Span FieldOrigin(const sema::Program& program, const k8s::Object& object, std::string_view field) {
  if (field.starts_with(".")) field.remove_prefix(1);
  const sema::Component* c = MadeBy(program, object);
  if (!c) return object.span;
  Span found;
  // Only the main container is the component's own; init containers are generated waits.
  // Validation names it by index, conflicts by key: containers[0] or containers[name="api"].
  constexpr std::string_view kContainers = "spec.containers[";
  size_t at = field.find(kContainers);
  size_t close = at == std::string_view::npos ? at : field.find("].", at);
  if (close != std::string_view::npos && field.find("initContainers") == std::string_view::npos) {
    found = ContainerField(*c, field.substr(close + 2));
  } else if (field == "spec.replicas") {
    found = c->replicas_span;
  }
  if (!found.valid() && object.patch_span.valid()) found = object.patch_span;
  return found.valid() ? found : object.span;
}

std::string ShowSource(const SourceMap& sources, Span span) {
  if (!span.valid()) return "";
  LineCol at = sources.Position(span.file, span.begin);
  std::string_view line = sources.Line(span.file, at.line);
  size_t width = std::max<size_t>(
      1, std::min<size_t>(span.end - span.begin,
                          line.size() + 1 - std::min<size_t>(at.column, line.size() + 1)));
  std::string number = fmt::format("{}", at.line);
  std::string gutter(number.size(), ' ');
  return fmt::format("  --> {}:{}:{}\n {} | {}\n {} | {}^{}", sources.path(span.file), at.line,
                     at.column, number, line, gutter, std::string(at.column - 1, ' '),
                     std::string(width - 1, '~'));
}

}  // namespace whisk::cli
