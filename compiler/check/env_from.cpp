// `env from config NAME` and `env from secret NAME`: every key of a config or
// secret as an environment variable (Kubernetes `envFrom`), and the lookup of
// a config or secret by name that `env` shares with it.
#include <fmt/format.h>

#include "compiler/check/checker.h"
#include "compiler/check/names.h"

namespace whisk::check {

std::optional<sema::DataId> Checker::ResolveData(std::string_view name, Span span, bool secret) {
  std::string_view what = secret ? "secret" : "config";
  const Decl* decl = Lookup(name);
  if (!decl) {
    ReportUnknown(name, span, what);
    return std::nullopt;
  }
  uint32_t data = EntityOf(*decl);
  if (decl->kind != DeclKind::Data || data == UINT32_MAX || program_.data[data].secret != secret) {
    diags_.Report(DiagCode::WrongNameKind, span, fmt::format("`{}` is not a {}", name, what))
        .With(decl->name_span, "declared here");
    return std::nullopt;
  }
  return sema::DataId{data};
}

void Checker::ReadEnvFrom(const Layer& layer, NodeId item) {
  const ast::Module& ast = Ast(layer.scope.module);
  sema::Component& c = layer.c;
  std::string_view what = ast.source(ast.Nth(item, 0));  // `config` or `secret`
  NodeId name = ast.Nth(item, 1);
  std::optional<sema::DataId> data =
      ResolveData(ast.source(name), ast.span(name), what == "secret");
  if (!data) {
    c.env_incomplete = true;  // its keys, and so the variables, are unknown
    return;
  }
  // Also across a template and a `use` override: there is nothing to
  // replace, and a second `envFrom` of one object only repeats it.
  for (const sema::EnvFrom& earlier : c.env_from) {
    if (earlier.data != *data) continue;
    diags_
        .Report(DiagCode::DuplicateName, ast.span(item),
                fmt::format("`env` takes the keys of {} `{}` twice", what, ast.source(name)))
        .With(earlier.span, "first taken here");
    return;
  }
  // A config or secret made at run time has no entries here: its keys are
  // unknown until its maker writes it.
  const sema::DataObject& object = program_.data[data->value];
  for (const sema::DataEntry& entry : object.entries) {
    if (sema::IsEnvVarName(entry.key)) continue;
    diags_
        .Report(DiagCode::EnvFromKeySkipped, entry.span,
                fmt::format("key `{}` of {} `{}` is not a valid environment variable name: `{}` "
                            "will not get it",
                            entry.key, what, object.name, c.name))
        .With(ast.span(item), "every key becomes a variable here")
        .Note(
            "the kubelet skips such keys with only an event (before 1.32, or with "
            "RelaxedEnvironmentVariableValidation off)")
        .Help("start the key with a letter or `_`");
  }
  c.env_from.push_back({*data, ast.span(item)});
}

}  // namespace whisk::check
