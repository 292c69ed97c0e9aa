// String parameters limited to a list of choices:
//   param ingress: string in ["nodeport", "loadbalancer", "ingress"] = "nodeport"
// A value from the default, a values file or `--set` must be one of them, and
// a condition comparing the parameter with a string that is none of them is a
// typo: it never holds (or always does), whichever value the parameter takes.
#include <fmt/format.h>

#include <algorithm>

#include "compiler/check/checker.h"
#include "compiler/source/suggest.h"

namespace whisk::check {
namespace {

/// "`a`, `b`, `c`": the choices as messages list them.
std::string ListChoices(const std::vector<std::string>& choices) {
  std::string out;
  for (const std::string& choice : choices) {
    if (!out.empty()) out += ", ";
    out += fmt::format("`{}`", choice);
  }
  return out;
}

/// "; did you mean `x`?" when a choice is close to `word`, else "".
std::string SuggestChoice(std::string_view word, const std::vector<std::string>& choices) {
  std::vector<std::string_view> candidates(choices.begin(), choices.end());
  return DidYouMean(word, candidates);
}

bool IsChoice(std::string_view text, const std::vector<std::string>& choices) {
  return std::find(choices.begin(), choices.end(), text) != choices.end();
}

/// Calls `visit(compare, hidden)` on every comparison with an operator under
/// `node`; `hidden` holds the names of the template parameters whose body it
/// is in, which hide program parameters of the same name.
template <typename Visit>
void ForEachComparison(const ast::Module& ast, NodeId node, std::vector<std::string_view>& hidden,
                       const Visit& visit) {
  switch (ast.kind(node)) {
    case NodeKind::CondCompare:
      if (ast.Nth(node, 1).valid()) visit(node, hidden);
      return;  // its sides are values: no comparison inside
    case NodeKind::TemplateDecl: {
      size_t outer = hidden.size();
      for (NodeId param : ast.children(node)) {
        if (ast.kind(param) == NodeKind::TemplateParam) {
          hidden.push_back(ast.source(ast.Nth(param, 0)));
        }
      }
      for (NodeId child : ast.children(node)) ForEachComparison(ast, child, hidden, visit);
      hidden.resize(outer);
      return;
    }
    default:
      for (NodeId child : ast.children(node)) ForEachComparison(ast, child, hidden, visit);
      return;
  }
}

}  // namespace

void Checker::ReadChoices(const Scope& scope, NodeId clause, sema::Param& param) {
  const ast::Module& ast = Ast(scope.module);
  NodeId list = ast.Child(clause, NodeKind::List);
  param.range_span = ast.span(list);
  if (param.type != Type::String) {
    auto& d = diags_.Report(DiagCode::TypeMismatch, ast.span(clause),
                            fmt::format("choices apply to string parameters, not `{}`",
                                        TypeName({param.type, param.element})));
    if (IsOrdered(param.type)) d.Help("limit it with a range instead: `in LOW..HIGH`");
    return;
  }
  if (!ast[list].first_child_valid()) {
    diags_
        .Report(DiagCode::InvalidRange, ast.span(list),
                fmt::format("parameter `{}` has no choices: `[]` allows no value", param.name))
        .Help("list the values it may take, or leave out `in []` to allow any string");
    return;
  }
  std::vector<Value> choices;
  bool sound = true;
  for (NodeId item : ast.children(list)) {
    std::optional<Value> choice = Evaluate(scope, item, {Type::String});
    if (!choice) {
      sound = false;
      continue;
    }
    auto first = std::find_if(choices.begin(), choices.end(),
                              [&](const Value& earlier) { return earlier.text == choice->text; });
    if (first != choices.end()) {
      diags_
          .Report(DiagCode::DuplicateName, choice->span,
                  fmt::format("choice `{}` is listed twice", choice->text))
          .With(first->span, "first listed here");
      continue;
    }
    choices.push_back(std::move(*choice));
  }
  // Only a sound list constrains values: a broken one was reported, and
  // checking values against what is left of it would only add noise.
  if (!sound) return;
  for (Value& choice : choices) param.choices.push_back(std::move(choice.text));
}

bool Checker::CheckChoice(const Value& value, const sema::Param& param) {
  if (IsChoice(value.text, param.choices)) return true;
  diags_
      .Report(DiagCode::OutOfRange, value.span,
              fmt::format("`{}` is not one of {} for parameter `{}`{}", value.text,
                          ListChoices(param.choices), param.name,
                          SuggestChoice(value.text, param.choices)))
      .With(param.range_span, "choices declared here");
  return false;
}

void Checker::CheckChoiceComparisons() {
  // Most programs have no choices, and then there is nothing to look for.
  if (std::none_of(program_.params.begin(), program_.params.end(),
                   [](const sema::Param& param) { return !param.choices.empty(); })) {
    return;
  }
  // The whole tree, not the conditions evaluated: a typo hides best in the
  // branch that the current values do not take.
  for (uint32_t module = 0; module < modules_.modules.size(); ++module) {
    const ast::Module& ast = Ast(module);
    std::vector<std::string_view> hidden;
    for (NodeId root : ast.roots) {
      ForEachComparison(ast, root, hidden,
                        [&](NodeId compare, const std::vector<std::string_view>& names) {
                          CheckChoiceComparison(module, compare, names);
                        });
    }
  }
}

void Checker::CheckChoiceComparison(uint32_t module, NodeId compare,
                                    const std::vector<std::string_view>& hidden) {
  const ast::Module& ast = Ast(module);
  auto param_with_choices = [&](NodeId side) -> const sema::Param* {
    if (!side.valid() || ast.kind(side) != NodeKind::Path) return nullptr;
    std::string_view name = ast.source(side);
    if (std::find(hidden.begin(), hidden.end(), name) != hidden.end()) return nullptr;
    auto it = params_.find(name);
    if (it == params_.end() || program_.params[it->second].choices.empty()) return nullptr;
    return &program_.params[it->second];
  };
  NodeId literal = ast.Nth(compare, 2);
  const sema::Param* param = param_with_choices(ast.Nth(compare, 0));
  if (!param) {
    literal = ast.Nth(compare, 0);
    param = param_with_choices(ast.Nth(compare, 2));
  }
  // A string with `${...}` depends on other parameters: only a plain literal
  // is surely a typo.
  if (!param || ast.kind(literal) != NodeKind::String || ast[literal].first_child_valid()) return;
  std::optional<std::string> text = EvaluatePlainString(Scope{module, nullptr}, literal);
  if (!text || IsChoice(*text, param->choices)) return;
  bool equals = ast.source(ast.Nth(compare, 1)) == "==";
  diags_
      .Report(
          DiagCode::UnknownChoice, ast.span(literal),
          fmt::format("`{}` is not one of the choices of parameter `{}` ({}), so this `{}` {}{}",
                      *text, param->name, ListChoices(param->choices),
                      equals ? "==" : "!=", equals ? "never holds" : "always holds",
                      SuggestChoice(*text, param->choices)))
      .With(param->range_span, "choices declared here");
}

}  // namespace whisk::check
