// Kubernetes' `$(NAME)` in env values, `run` and `args`. The kubelet expands
// it when it starts the container, from the container's own variables; a name
// it cannot expand stays in the text as it is, without any error, so a typo
// or a variable set too late is found only when the program misbehaves. W0426
// says so at check time.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "compiler/check/checker.h"
#include "compiler/check/names.h"
#include "compiler/source/suggest.h"

namespace whisk::check {
namespace {

/// One `$(NAME)` of a text: the name, and the bytes [begin, end) of the
/// whole reference.
struct Reference {
  std::string_view name;
  size_t begin = 0;
  size_t end = 0;
};

/// The references in `text`, read as the kubelet's expansion reads them
/// (k8s.io/kubernetes third_party/forked/golang/expansion): `$$` is a literal
/// `$`; `$(` runs to the next `)`; a `$` before anything else is kept with
/// that character. Only a name the kubelet could have defined counts, so a
/// shell's `$(hostname -d)` or `$((i + 1))` is no reference.
std::vector<Reference> FindReferences(std::string_view text) {
  std::vector<Reference> found;
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] != '$') continue;
    if (text[i + 1] != '(') {
      ++i;  // `$$`, or `$` and a character: both are copied as they are
      continue;
    }
    size_t close = text.find(')', i + 2);
    if (close == std::string_view::npos) break;  // unclosed: the rest is text
    std::string_view name = text.substr(i + 2, close - i - 2);
    if (sema::IsEnvVarName(name)) found.push_back({name, i, close + 1});
    i = close;
  }
  return found;
}

/// Whether `name` may be one of the variables that the kubelet adds for every
/// Service of the namespace (`API_SERVICE_HOST`, `API_PORT_8080_TCP`, ...).
/// Which Services exist is decided at run time, so any name shaped like one
/// of them is taken as defined.
bool IsServiceLink(std::string_view name) {
  return name.find("_SERVICE_") != std::string_view::npos || name.ends_with("_PORT") ||
         name.find("_PORT_") != std::string_view::npos;
}

/// An env value as the kubelet reads it. An address stands in as a space: a
/// host name or a port number neither opens nor closes a reference, and a
/// space keeps `$(${c.host})` from reading as a name whiskc cannot know.
std::string AsKubeletReads(const sema::Interpolated& value) {
  std::string text;
  for (const sema::StringPart& part : value.parts) {
    text += part.kind == sema::StringPart::Kind::Text ? std::string_view(part.text) : " ";
  }
  return text;
}

/// Whether some key of `json` is `env` or `envFrom`: a patch that sets
/// variables whiskc does not model.
bool SetsEnv(const nlohmann::json& json) {
  if (json.is_array()) return std::any_of(json.begin(), json.end(), SetsEnv);
  if (!json.is_object()) return false;
  for (const auto& [key, value] : json.items()) {
    if (key == "env" || key == "envFrom" || SetsEnv(value)) return true;
  }
  return false;
}

/// The variables of one component's container, and where to report.
class Container {
 public:
  Container(const sema::Program& program, const resolve::ModuleSet& modules, Diagnostics& diags,
            const sema::Component& c)
      : program_(program), modules_(modules), diags_(diags), c_(c) {
    for (const sema::EnvFrom& from : c.env_from) {
      for (const sema::DataEntry& entry : program.data[from.data.value].entries) {
        from_keys_.insert(entry.key);
        names_.push_back(entry.key);
      }
    }
    for (const sema::EnvVar& var : c.env) names_.push_back(var.name);
    std::sort(names_.begin(), names_.end());
    names_.erase(std::unique(names_.begin(), names_.end()), names_.end());
  }

  /// Whether some of the container's variables cannot be known here, so any
  /// name could be one of them.
  bool HasUnknownVariables() const;
  /// Checks the value of `env[index]`: it sees `env from` keys and the items
  /// before it.
  void CheckEnvValue(size_t index);
  /// Checks the words of `run` or `args` (`what`): they see every variable.
  void CheckWords(const std::vector<std::string>& words, const std::vector<Span>& spans,
                  std::string_view what);

 private:
  /// The index in `env` of the item setting `name`, or `env.size()`.
  size_t EnvIndex(std::string_view name) const;
  /// Where to point for `name` in a value written at `value`: the first
  /// `$(name)` in its source, else the whole value (a reference put together
  /// by interpolation, or one that comes from a parameter).
  Span Locate(Span value, std::string_view name) const;
  void ReportSetLater(Span at, std::string_view name, const sema::EnvVar& user,
                      const sema::EnvVar& later);
  void ReportUndefined(Span at, std::string_view name, std::string_view where);
  /// For a component made of a template, the `use` that made it: the
  /// reference may be written in the template, far from it.
  void NameInstance(Diagnostic& d, Span at) const;

  const sema::Program& program_;
  const resolve::ModuleSet& modules_;
  Diagnostics& diags_;
  const sema::Component& c_;
  std::set<std::string_view> from_keys_;
  std::vector<std::string_view> names_;  // every variable, sorted, for suggestions
};

bool Container::HasUnknownVariables() const {
  // A config or secret made at run time has keys nobody knows before it.
  for (const sema::EnvFrom& from : c_.env_from) {
    if (program_.data[from.data.value].made_by.valid()) return true;
  }
  for (const sema::Patch& patch : c_.patches) {
    if (SetsEnv(nlohmann::json::parse(patch.json, nullptr, false))) return true;
  }
  return false;
}

size_t Container::EnvIndex(std::string_view name) const {
  auto it = std::find_if(c_.env.begin(), c_.env.end(),
                         [&](const sema::EnvVar& var) { return var.name == name; });
  return static_cast<size_t>(it - c_.env.begin());
}

Span Container::Locate(Span value, std::string_view name) const {
  for (const resolve::LoadedModule& module : modules_.modules) {
    if (module.ast.file != value.file) continue;
    std::string_view source = module.ast.text.substr(value.begin, value.end - value.begin);
    for (const Reference& ref : FindReferences(source)) {
      if (ref.name != name) continue;
      return Span{value.file, value.begin + static_cast<uint32_t>(ref.begin),
                  value.begin + static_cast<uint32_t>(ref.end)};
    }
  }
  return value;
}

void Container::CheckEnvValue(size_t index) {
  const sema::EnvVar& var = c_.env[index];
  // Only `value` is expanded: not a field path, not a key of a config.
  if (var.source != sema::EnvVar::Source::Literal) return;
  std::string text = AsKubeletReads(var.value);
  std::set<std::string_view> reported;  // once per name in one value
  for (const Reference& ref : FindReferences(text)) {
    size_t defined = EnvIndex(ref.name);
    if (defined < index || from_keys_.count(ref.name) || IsServiceLink(ref.name)) continue;
    if (!reported.insert(ref.name).second) continue;
    Span at = Locate(var.value.span, ref.name);
    if (defined < c_.env.size()) {
      ReportSetLater(at, ref.name, var, c_.env[defined]);
    } else {
      ReportUndefined(at, ref.name, fmt::format("`{}`", var.name));
    }
  }
}

void Container::CheckWords(const std::vector<std::string>& words, const std::vector<Span>& spans,
                           std::string_view what) {
  std::set<std::string_view> reported;  // once per name in one `run` or `args`
  for (size_t i = 0; i < words.size() && i < spans.size(); ++i) {
    for (const Reference& ref : FindReferences(words[i])) {
      if (EnvIndex(ref.name) < c_.env.size() || from_keys_.count(ref.name) ||
          IsServiceLink(ref.name)) {
        continue;
      }
      if (!reported.insert(ref.name).second) continue;
      ReportUndefined(Locate(spans[i], ref.name), ref.name, what);
    }
  }
}

void Container::ReportSetLater(Span at, std::string_view name, const sema::EnvVar& user,
                               const sema::EnvVar& later) {
  bool itself = &user == &later;
  auto& d = diags_.Report(
      DiagCode::UnexpandedEnvReference, at,
      itself ? fmt::format("`$({0})` in `{0}` refers to `{0}` itself; the kubelet expands only "
                           "variables set before",
                           name)
             : fmt::format("`$({0})` in `{1}` refers to `{0}`, which is set after it; the kubelet "
                           "expands only variables set before",
                           name, user.name));
  NameInstance(d, at);
  if (itself) {
    d.Note("the image's own variables (its `ENV`) are not among them");
    d.Help(fmt::format("write `$$({0})` for a literal `$({0})`", name));
    return;
  }
  d.With(later.span, fmt::format("`{}` is set here", name));
  d.Help(fmt::format("set `{}` before `{}`: move its `env` item up", name, user.name));
}

void Container::ReportUndefined(Span at, std::string_view name, std::string_view where) {
  auto& d = diags_.Report(
      DiagCode::UnexpandedEnvReference, at,
      fmt::format("`$({})` in {} names no variable of `{}`; the kubelet leaves it as it is{}", name,
                  where, c_.name, DidYouMean(name, names_)));
  NameInstance(d, at);
  d.Note(
      "the kubelet expands `$(NAME)` only from the container's own variables (`env`, `env from`, "
      "Service links), not from the image's");
  d.Help(fmt::format("write `$$({0})` for a literal `$({0})`", name));
}

void Container::NameInstance(Diagnostic& d, Span at) const {
  bool inside = at.file == c_.span.file && at.begin >= c_.span.begin && at.end <= c_.span.end;
  if (c_.from_template.empty() || inside) return;
  d.With(c_.name_span,
         fmt::format("in `{}`, made of template `{}` here", c_.name, c_.from_template));
}

}  // namespace

void Checker::CheckEnvReferences(const sema::Component& c) {
  // A component in error may lack variables it was meant to have; an
  // external runs no container.
  if (c.kind == sema::Kind::External || c.incomplete || c.env_incomplete) return;
  Container container(program_, modules_, diags_, c);
  if (container.HasUnknownVariables()) return;
  for (size_t i = 0; i < c.env.size(); ++i) container.CheckEnvValue(i);
  // Probes' `exec` words are not expanded by the kubelet, so only these.
  container.CheckWords(c.command, c.command_spans, "`run`");
  container.CheckWords(c.args, c.args_spans, "`args`");
}

}  // namespace whisk::check
