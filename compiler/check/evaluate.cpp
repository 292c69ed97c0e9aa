// Evaluation of values, strings and conditions against parameters and
// template arguments, with their types checked.
#include <fmt/format.h>

#include <charconv>

#include "compiler/check/checker.h"
#include "compiler/check/units.h"
#include "compiler/source/suggest.h"

namespace whisk::check {
namespace {

// The types a program can name, in the order suggestions offer them;
// `component` (last) is for template parameters only.
constexpr std::pair<std::string_view, Type> kTypeNames[] = {
    {"int", Type::Int},           {"bool", Type::Bool},          {"string", Type::String},
    {"quantity", Type::Quantity}, {"duration", Type::Duration},  {"port", Type::Port},
    {"percent", Type::Percent},   {"component", Type::Component}};

std::string_view SimpleTypeName(Type type) {
  if (type == Type::List) return "list";
  for (const auto& [name, value] : kTypeNames) {
    if (value == type) return name;
  }
  return "?";
}

/// What an interpolated reference stands for, in a message.
std::string_view ReferenceWhat(sema::StringPart::Kind kind) {
  switch (kind) {
    case sema::StringPart::Kind::Name:
      return "a Kubernetes object's name";
    case sema::StringPart::Kind::Selector:
      return "a pod selector";
    default:
      return "a component's address";
  }
}

}  // namespace

std::optional<std::string> ValueText(const Value& value) {
  switch (value.type) {
    case Type::Int:
    case Type::Port:
      return std::to_string(value.integer);
    case Type::Percent:
      return std::to_string(value.integer) + "%";
    case Type::Bool:
      return value.integer ? "true" : "false";
    case Type::String:
      return value.text;
    case Type::Quantity:
      return value.quantity.text;
    case Type::Duration:
      return value.duration.text;
    case Type::List:
    case Type::Component:
      return std::nullopt;
  }
  return std::nullopt;
}

std::string TypeName(Expect expect) {
  if (expect.type == Type::List) return fmt::format("list[{}]", SimpleTypeName(expect.element));
  return std::string(SimpleTypeName(expect.type));
}

std::optional<Expect> Checker::ParseType(uint32_t module, NodeId node, bool in_template,
                                         bool report) {
  const ast::Module& ast = Ast(module);
  bool list = ast.kind(node) == NodeKind::ListType;
  NodeId name_node = list ? ast.Nth(node, 0) : node;
  std::string_view name = ast.source(name_node);
  // `component` is for template parameters; lists hold plain values.
  size_t allowed = in_template && !list ? std::size(kTypeNames) : std::size(kTypeNames) - 1;
  std::vector<std::string_view> candidates;
  for (size_t i = 0; i < allowed; ++i) {
    const auto& [type_name, type] = kTypeNames[i];
    if (type_name == name) return list ? Expect{Type::List, type} : Expect{type};
    candidates.push_back(type_name);
  }
  if (!report) return std::nullopt;
  diags_
      .Report(DiagCode::UnknownType, ast.span(name_node),
              fmt::format("unknown {}type `{}`{}", list ? "element " : "", name,
                          DidYouMean(name, candidates)))
      .Help(in_template
                ? "template parameters are `int`, `bool`, `string`, `quantity`, `duration`, "
                  "`port`, `percent`, `component` or `list[T]`"
                : "types are `int`, `bool`, `string`, `quantity`, `duration`, `port`, "
                  "`percent` and `list[T]`");
  return std::nullopt;
}

std::optional<Value> Checker::ParseNumber(std::string_view text, Span span, Expect expect,
                                          const sema::Param* from_values) {
  auto [digits, unit] = sema::SplitNumber(text);
  // A value from a values file or `--set` is reported against its parameter.
  auto report = [&](DiagCode code, std::string message) -> Diagnostic& {
    if (!from_values) return diags_.Report(code, span, std::move(message));
    return diags_
        .Report(code == DiagCode::TypeMismatch ? DiagCode::ValuesTypeMismatch : code, span,
                fmt::format("parameter `{}`: {}", from_values->name, message))
        .With(from_values->span, "parameter declared here");
  };
  Value value;
  value.type = expect.type;
  value.span = span;
  auto integer = [&](std::string_view number) -> std::optional<int64_t> {
    int64_t n = 0;
    auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), n);
    if (error != std::errc() || end != number.data() + number.size()) return std::nullopt;
    return n;
  };
  switch (expect.type) {
    case Type::Int:
    case Type::Port: {
      std::optional<int64_t> n = unit.empty() ? integer(digits) : std::nullopt;
      if (!n) {
        report(DiagCode::TypeMismatch,
               fmt::format("expected {}, found `{}`", TypeName(expect), text))
            .Help(expect.type == Type::Port ? "a port is a whole number from 1 to 65535"
                                            : "write a whole number without a unit");
        return std::nullopt;
      }
      if (expect.type == Type::Port && (*n < 1 || *n > 65535)) {
        report(DiagCode::OutOfRange, fmt::format("port {} is out of range 1-65535", *n));
        return std::nullopt;
      }
      value.integer = *n;
      return value;
    }
    case Type::Percent: {
      std::optional<int64_t> n = unit == "%" ? integer(digits) : std::nullopt;
      if (!n) {
        report(DiagCode::TypeMismatch, fmt::format("expected a percentage, found `{}`", text))
            .Help("write a whole number followed by `%`, as in `80%`");
        return std::nullopt;
      }
      value.integer = *n;
      return value;
    }
    case Type::Quantity: {
      std::optional<sema::Quantity> q = unit == "%" ? std::nullopt : sema::ParseQuantity(text);
      if (!q) {
        report(DiagCode::InvalidQuantity, fmt::format("`{}` is not a Kubernetes quantity", text))
            .Help(
                "use a suffix Ki, Mi, Gi, Ti (powers of 1024), k, M, G, T (powers of 1000) or m "
                "(thousandths), as in `512Mi` or `250m`");
        return std::nullopt;
      }
      value.quantity = std::move(*q);
      value.text = value.quantity.text;
      return value;
    }
    case Type::Duration: {
      std::optional<sema::Duration> d = sema::ParseDuration(text);
      if (!d) {
        report(DiagCode::InvalidQuantity, fmt::format("`{}` is not a duration", text))
            .Help("write a number with a unit: `500ms`, `30s`, `5m`, `1h` or `1h30m`");
        return std::nullopt;
      }
      value.duration = std::move(*d);
      value.text = value.duration.text;
      return value;
    }
    default:
      report(DiagCode::TypeMismatch,
             fmt::format("expected {}, found the number `{}`", TypeName(expect), text))
          .Help(expect.type == Type::String ? "put it in quotes to make it a string" : "");
      return std::nullopt;
  }
}

int64_t Measure(const Value& value) {
  if (value.type == Type::Quantity) return value.quantity.milli;
  if (value.type == Type::Duration) return value.duration.millis;
  return value.integer;
}

bool IsOrdered(Type type) {
  return type == Type::Int || type == Type::Port || type == Type::Quantity ||
         type == Type::Duration || type == Type::Percent;
}

bool Checker::CheckRange(const Value& value, const sema::Param& param) {
  if (!param.choices.empty()) return CheckChoice(value, param);
  if (!param.min || !param.max) return true;
  if (Measure(value) >= Measure(*param.min) && Measure(value) <= Measure(*param.max)) return true;
  diags_
      .Report(DiagCode::OutOfRange, value.span,
              fmt::format("value {} of parameter `{}` is outside its range {}..{}",
                          ValueText(value).value_or("?"), param.name,
                          ValueText(*param.min).value_or("?"), ValueText(*param.max).value_or("?")))
      .With(param.range_span, "range declared here");
  return false;
}

const Binding* FindBinding(const Scope& scope, std::string_view name) {
  if (!scope.bindings) return nullptr;
  for (const Binding& binding : *scope.bindings) {
    if (binding.name == name) return &binding;
  }
  return nullptr;
}

std::optional<uint32_t> Checker::ResolveComponent(const Scope& scope, std::string_view name,
                                                  Span span) {
  if (const Binding* binding = FindBinding(scope, name)) {
    if (binding->poisoned) return std::nullopt;
    if (binding->value.type == Type::Component) return binding->value.component;
    diags_.Report(DiagCode::WrongNameKind, span,
                  fmt::format("`{}` is a template parameter of type `{}`, not a component", name,
                              TypeName({binding->value.type, binding->value.element})));
    return std::nullopt;
  }
  const Decl* decl = Lookup(name);
  if (!decl) {
    ReportUnknown(name, span, "component");
    return std::nullopt;
  }
  if (decl->kind != DeclKind::Component && decl->kind != DeclKind::Use) {
    diags_.Report(DiagCode::WrongNameKind, span, fmt::format("`{}` is not a component", name))
        .With(decl->name_span, "declared here");
    return std::nullopt;
  }
  uint32_t id = EntityOf(*decl);
  if (id == UINT32_MAX) return std::nullopt;
  return id;
}

std::optional<Value> Checker::Evaluate(const Scope& scope, NodeId node, Expect expect) {
  if (!node.valid()) return std::nullopt;
  const ast::Module& ast = Ast(scope.module);
  Span span = ast.span(node);
  auto mismatch = [&](std::string_view found) -> std::optional<Value> {
    diags_.Report(DiagCode::TypeMismatch, span,
                  fmt::format("expected {}, found {}", TypeName(expect), found));
    return std::nullopt;
  };
  switch (ast.kind(node)) {
    case NodeKind::Number:
      return ParseNumber(ast.source(node), span, expect);
    case NodeKind::Bool: {
      if (expect.type != Type::Bool) return mismatch(fmt::format("`{}`", ast.source(node)));
      Value value;
      value.type = Type::Bool;
      value.integer = ast.source(node) == "true";
      value.span = span;
      return value;
    }
    case NodeKind::String: {
      if (expect.type != Type::String) {
        auto& d = diags_.Report(DiagCode::TypeMismatch, span,
                                fmt::format("expected {}, found a string", TypeName(expect)));
        if (expect.type != Type::List && expect.type != Type::Component)
          d.Help("write it without quotes");
        return std::nullopt;
      }
      std::optional<sema::Interpolated> text = EvaluateString(scope, node, false);
      if (!text) return std::nullopt;
      Value value;
      value.type = Type::String;
      if (!text->parts.empty()) value.text = std::move(text->parts[0].text);
      value.span = span;
      return value;
    }
    case NodeKind::List: {
      if (expect.type != Type::List) return mismatch("a list");
      Value value;
      value.type = Type::List;
      value.element = expect.element;
      value.span = span;
      bool ok = true;
      for (NodeId item : ast.children(node)) {
        std::optional<Value> v = Evaluate(scope, item, {expect.element});
        if (v) {
          value.items.push_back(std::move(*v));
        } else {
          ok = false;
        }
      }
      if (!ok) return std::nullopt;
      return value;
    }
    case NodeKind::Path:
      break;
    default:
      return std::nullopt;  // an Error node: already reported
  }
  std::string_view path = ast.source(node);
  if (path.find('.') != std::string_view::npos) {
    diags_
        .Report(DiagCode::TypeMismatch, span,
                fmt::format("expected {}, found the reference `{}`", TypeName(expect), path))
        .Help(fmt::format("component fields go inside strings: \"${{{}}}\"", path));
    return std::nullopt;
  }
  const Value* found = nullptr;
  if (const Binding* binding = FindBinding(scope, path)) {
    if (binding->poisoned) return std::nullopt;
    found = &binding->value;
  }
  if (!found) {
    const Decl* decl = Lookup(path);
    if (!decl) {
      ReportUnknown(path, span, expect.type == Type::Component ? "component" : "name");
      return std::nullopt;
    }
    if (decl->kind == DeclKind::Param) {
      const sema::Param& param = program_.params[params_.at(path)];
      if (!param.value) return std::nullopt;  // unset: reported once, at the parameter
      found = &*param.value;
    } else if ((decl->kind == DeclKind::Component || decl->kind == DeclKind::Use) &&
               expect.type == Type::Component) {
      std::optional<uint32_t> id = ResolveComponent(scope, path, span);
      if (!id) return std::nullopt;
      Value value;
      value.type = Type::Component;
      value.component = *id;
      value.span = span;
      return value;
    } else {
      diags_
          .Report(DiagCode::WrongNameKind, span,
                  fmt::format("expected {}, but `{}` is not a parameter", TypeName(expect), path))
          .With(decl->name_span, "declared here");
      return std::nullopt;
    }
  }
  Value value = *found;
  value.span = span;
  if (value.type == expect.type && (value.type != Type::List || value.element == expect.element)) {
    return value;
  }
  if (value.type == Type::Int && expect.type == Type::Port)
    return ParseNumber(std::to_string(value.integer), span, expect);
  if (value.type == Type::Port && expect.type == Type::Int) {
    value.type = Type::Int;
    return value;
  }
  if (value.type == Type::Int && expect.type == Type::Quantity) {
    return ParseNumber(std::to_string(value.integer), span, expect);
  }
  return mismatch(fmt::format("`{}` of type {}", path, TypeName({value.type, value.element})));
}

std::optional<Value> Checker::EvaluateAsDeclared(const Scope& scope, NodeId node) {
  const ast::Module& ast = Ast(scope.module);
  switch (ast.kind(node)) {
    case NodeKind::Bool:
      return Evaluate(scope, node, {Type::Bool});
    case NodeKind::String:
      return Evaluate(scope, node, {Type::String});
    case NodeKind::List:
      return Evaluate(scope, node, {Type::List, Type::String});
    case NodeKind::Number: {
      auto [digits, unit] = sema::SplitNumber(ast.source(node));
      if (unit.empty() && digits.find('.') != std::string_view::npos) {
        // A decimal such as 0.5 has no whisk type of its own: it is its text.
        Value text;
        text.type = Type::String;
        text.text = std::string(ast.source(node));
        text.span = ast.span(node);
        return text;
      }
      if (unit.empty()) return Evaluate(scope, node, {Type::Int});
      if (unit == "%") return Evaluate(scope, node, {Type::Percent});
      if (sema::ParseDuration(ast.source(node)) && !sema::ParseQuantity(ast.source(node))) {
        return Evaluate(scope, node, {Type::Duration});
      }
      return Evaluate(scope, node, {Type::Quantity});
    }
    case NodeKind::Path:
      break;
    default:
      return std::nullopt;
  }
  std::string_view name = ast.source(node);
  if (const Binding* binding = FindBinding(scope, name)) {
    if (binding->poisoned) return std::nullopt;
    return Evaluate(scope, node, {binding->value.type, binding->value.element});
  }
  if (auto it = params_.find(name); it != params_.end()) {
    const sema::Param& param = program_.params[it->second];
    return Evaluate(scope, node, {param.type, param.element});
  }
  return Evaluate(scope, node, {Type::String});  // reports what the name is instead
}

std::optional<Value> Checker::FromValuesNode(const values::Node& node, const sema::Param& param) {
  Expect expect{param.type, param.element};
  auto mismatch = [&](std::string_view found) -> std::optional<Value> {
    diags_
        .Report(DiagCode::ValuesTypeMismatch, node.span,
                fmt::format("parameter `{}` is {}, but the value is {}", param.name,
                            TypeName(expect), found))
        .With(param.span, "parameter declared here");
    return std::nullopt;
  };
  using Kind = values::Node::Kind;
  if (node.kind == Kind::Null) return mismatch("empty");
  if (node.kind == Kind::Map) return mismatch("a mapping");
  if (node.kind == Kind::Sequence) {
    if (param.type != Type::List) return mismatch("a list");
    Value list;
    list.type = Type::List;
    list.element = param.element;
    list.span = node.span;
    sema::Param element = param;
    element.type = param.element;
    element.min.reset();
    element.max.reset();
    element.choices.clear();
    for (const values::Node& item : node.items) {
      std::optional<Value> v = FromValuesNode(item, element);
      if (!v) return std::nullopt;
      list.items.push_back(std::move(*v));
    }
    return list;
  }
  if (param.type == Type::List) return mismatch(fmt::format("`{}`", node.scalar));
  if (param.type == Type::String) {
    Value value;
    value.type = Type::String;
    value.text = node.scalar;
    value.span = node.span;
    return value;
  }
  if (node.quoted) return mismatch(fmt::format("the string \"{}\"", node.scalar));
  if (param.type == Type::Bool) {
    if (node.scalar != "true" && node.scalar != "false")
      return mismatch(fmt::format("`{}`", node.scalar));
    Value value;
    value.type = Type::Bool;
    value.integer = node.scalar == "true";
    value.span = node.span;
    return value;
  }
  if (param.type == Type::Component) return mismatch(fmt::format("`{}`", node.scalar));
  return ParseNumber(node.scalar, node.span, expect, &param);
}

std::optional<sema::Interpolated> Checker::EvaluateString(const Scope& scope, NodeId node,
                                                          bool allow_refs) {
  const ast::Module& ast = Ast(scope.module);
  if (ast.kind(node) != NodeKind::String) {
    std::optional<Value> value = Evaluate(scope, node, {Type::String});
    if (!value) return std::nullopt;
    return sema::Interpolated{
        {sema::StringPart{sema::StringPart::Kind::Text, value->text, {}, UINT32_MAX, value->span}},
        value->span};
  }
  sema::Interpolated out;
  out.span = ast.span(node);
  std::string_view raw = ast.source(node);
  raw = raw.substr(1, raw.size() >= 2 ? raw.size() - 2 : 0);
  if (!ast[node].first_child_valid() && raw.find('\\') == std::string_view::npos) {
    // The common case, a plain literal: no escapes, no interpolation.
    if (!raw.empty())
      out.parts.push_back(
          {sema::StringPart::Kind::Text, std::string(raw), {}, UINT32_MAX, out.span});
    return out;
  }
  std::string text;
  auto flush = [&](uint32_t at) {
    if (text.empty()) return;
    out.parts.push_back(
        {sema::StringPart::Kind::Text, std::move(text), {}, UINT32_MAX, Span{ast.file, at, at}});
    text.clear();
  };
  auto child = ast.children(node).begin();
  bool ok = true;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '\\' && i + 1 < raw.size()) {
      char e = raw[++i];
      text += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
      continue;
    }
    if (c != '$' || i + 1 >= raw.size() || raw[i + 1] != '{' ||
        !(child != ast.children(node).end())) {
      text += c;
      continue;
    }
    NodeId path_node = *child;
    ++child;
    std::string_view path = ast.source(path_node);
    Span span = ast.span(path_node);
    i += 2 + path.size();  // `${`, the path; the loop steps over `}`
    std::vector<std::string_view> segments;
    for (size_t start = 0;;) {
      size_t dot = path.find('.', start);
      segments.push_back(path.substr(start, dot == std::string_view::npos ? dot : dot - start));
      if (dot == std::string_view::npos) break;
      start = dot + 1;
    }
    const Decl* decl = nullptr;
    const Value* bound = nullptr;
    if (const Binding* binding = FindBinding(scope, segments[0])) {
      if (binding->poisoned) {
        ok = false;
        continue;
      }
      bound = &binding->value;
    }
    if (!bound) decl = Lookup(segments[0]);
    bool is_component =
        (bound && bound->type == Type::Component) ||
        (decl && (decl->kind == DeclKind::Component || decl->kind == DeclKind::Use));
    // `${db_credentials.name}`: a config or secret has a field too.
    bool is_data_field = decl && decl->kind == DeclKind::Data && segments.size() > 1;
    if (!is_component && !is_data_field) {
      if (segments.size() > 1) {
        if (!bound && !decl) {
          ReportUnknown(segments[0], span,
                        segments[1] == "name" ? "component, config or secret" : "component");
        } else {
          diags_.Report(DiagCode::UnknownReferenceField, span,
                        fmt::format("`{}` is not a component, so it has no field `{}`", segments[0],
                                    segments[1]));
        }
        ok = false;
        continue;
      }
      std::optional<Value> value;
      if (bound) {
        value = *bound;
      } else if (!decl) {
        ReportUnknown(segments[0], span, "name");
      } else if (decl->kind == DeclKind::Param) {
        const sema::Param& param = program_.params[params_.at(segments[0])];
        value = param.value;
        if (!value) {
          ok = false;
          continue;
        }
      } else {
        diags_
            .Report(DiagCode::WrongNameKind, span,
                    fmt::format("`{}` cannot be interpolated: it is not a parameter", segments[0]))
            .With(decl->name_span, "declared here");
      }
      std::optional<std::string> rendered = value ? ValueText(*value) : std::nullopt;
      if (value && !rendered) {
        diags_.Report(DiagCode::TypeMismatch, span,
                      fmt::format("a {} cannot be interpolated into a string",
                                  TypeName({value->type, value->element})));
      }
      if (!rendered) {
        ok = false;
        continue;
      }
      text += *rendered;
      continue;
    }
    std::optional<sema::StringPart> part;
    if (is_data_field) {
      part = DataField(*decl, path, segments, span);
    } else if (std::optional<uint32_t> component = ResolveComponent(scope, segments[0], span)) {
      part = ComponentField(sema::ComponentId{*component}, path, segments, span);
    }
    if (!part) {
      ok = false;
      continue;
    }
    if (!allow_refs) {
      diags_
          .Report(DiagCode::TypeMismatch, span,
                  fmt::format("{} cannot be used here: `${{{}}}`", ReferenceWhat(part->kind), path))
          .Help(
              "addresses, names and selectors may be interpolated in `env` values and config "
              "entries");
      ok = false;
      continue;
    }
    flush(span.begin);
    out.parts.push_back(std::move(*part));
  }
  flush(out.span.end);
  if (!ok) return std::nullopt;
  return out;
}

std::optional<sema::StringPart> Checker::ComponentField(
    sema::ComponentId id, std::string_view path, const std::vector<std::string_view>& segments,
    Span span) {
  const sema::Component& c = program_[id];
  sema::StringPart part;
  part.component = id;
  part.span = span;
  std::string_view field = segments[1];
  if (segments.size() == 2 && field == "host") {
    part.kind = sema::StringPart::Kind::Host;
  } else if (segments.size() == 3 && field == "port") {
    part.kind = sema::StringPart::Kind::Port;
    part.text = std::string(segments[2]);
  } else if (segments.size() == 2 && (field == "name" || field == "selector")) {
    if (c.kind == sema::Kind::External) {
      // Nothing of it is in the cluster: no object to name, no pods to select.
      diags_
          .Report(DiagCode::UnknownReferenceField, span,
                  fmt::format("`{}` is an `external`, which has no Kubernetes {}: `${{{}}}`",
                              c.name, field == "name" ? "object to name" : "pods to select", path))
          .With(c.name_span, "declared here")
          .Help(fmt::format("`${{{}.host}}` is where it is reached", c.name));
      return std::nullopt;
    }
    part.kind = field == "name" ? sema::StringPart::Kind::Name : sema::StringPart::Kind::Selector;
    part.text = std::string(c.name);
  } else {
    diags_
        .Report(DiagCode::UnknownReferenceField, span,
                fmt::format("`{}` names no field of component `{}`", path, segments[0]))
        .Help(fmt::format(
            "a component has `${{{0}.host}}`, `${{{0}.port.NAME}}`, `${{{0}.name}}` and "
            "`${{{0}.selector}}`",
            segments[0]));
    return std::nullopt;
  }
  return part;
}

std::optional<sema::StringPart> Checker::DataField(const Decl& decl, std::string_view path,
                                                   const std::vector<std::string_view>& segments,
                                                   Span span) {
  if (segments.size() == 2 && segments[1] == "name") {
    sema::StringPart part;
    part.kind = sema::StringPart::Kind::Name;
    part.text = std::string(decl.name);
    part.span = span;
    return part;
  }
  std::string_view what = Source(decl.module, Ast(decl.module).Nth(decl.node, 0));
  diags_
      .Report(DiagCode::UnknownReferenceField, span,
              fmt::format("`{}` names no field of {} `{}`", path, what, decl.name))
      .With(decl.name_span, "declared here")
      .Help(fmt::format("a {} has only `${{{}.name}}`, the name of its {}", what, decl.name,
                        what == "secret" ? "Secret" : "ConfigMap"));
  return std::nullopt;
}

std::optional<std::string> Checker::EvaluatePlainString(const Scope& scope, NodeId node) {
  std::optional<Value> value = Evaluate(scope, node, {Type::String});
  if (!value) return std::nullopt;
  return value->text;
}

bool Checker::EvaluateCondition(const Scope& scope, NodeId node) {
  const ast::Module& ast = Ast(scope.module);
  switch (ast.kind(node)) {
    case NodeKind::CondOr: {
      bool any = false;
      for (NodeId child : ast.children(node)) any = EvaluateCondition(scope, child) || any;
      return any;
    }
    case NodeKind::CondAnd: {
      bool all = true;
      for (NodeId child : ast.children(node)) all = EvaluateCondition(scope, child) && all;
      return all;
    }
    case NodeKind::CondNot:
      return !EvaluateCondition(scope, ast.Nth(node, 0));
    case NodeKind::CondCompare:
      break;
    default:
      return false;
  }
  NodeId left = ast.Nth(node, 0);
  NodeId op = ast.Nth(node, 1);
  if (!op.valid()) {
    std::optional<Value> value = Evaluate(scope, left, {Type::Bool});
    return value && value->integer != 0;
  }
  // The left side's own type decides how the right one reads.
  std::optional<Value> a = EvaluateAsDeclared(scope, left);
  if (!a) return false;
  std::optional<Value> b = Evaluate(scope, ast.Nth(node, 2), {a->type, a->element});
  if (!a || !b) return false;
  bool equal = ValueText(*a) == ValueText(*b);
  if (a->type == Type::Quantity) equal = a->quantity.milli == b->quantity.milli;
  if (a->type == Type::Duration) equal = a->duration.millis == b->duration.millis;
  return (ast.source(op) == "==") == equal;
}

}  // namespace whisk::check
