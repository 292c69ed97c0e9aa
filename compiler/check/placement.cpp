// Placement: roles, weights, spreading and named placements into PlaceTerms.
#include <fmt/format.h>

#include <algorithm>

#include "compiler/check/checker.h"
#include "compiler/source/suggest.h"

namespace whisk::check {

void Checker::AddPlacement(const Scope& scope, NodeId terms, sema::Component& c, int depth) {
  const ast::Module& ast = Ast(scope.module);
  auto role_of = [&](NodeId name) -> sema::RoleId {
    const Decl* decl = Lookup(ast.source(name));
    if (!decl) {
      ReportUnknown(ast.source(name), ast.span(name), "role");
      return {};
    }
    if (decl->kind != DeclKind::Role) {
      diags_
          .Report(DiagCode::WrongNameKind, ast.span(name),
                  fmt::format("`{}` is not a role", ast.source(name)))
          .With(decl->name_span, "declared here");
      return {};
    }
    return sema::RoleId{EntityOf(*decl)};
  };
  auto weight_of = [&](NodeId term, int32_t fallback) -> int32_t {
    if (ast.Child(term, NodeKind::Strict).valid()) return 0;
    NodeId weight = ast.Child(term, NodeKind::Weight);
    if (!weight.valid()) return fallback;
    std::optional<Value> v = Evaluate(scope, ast.Nth(weight, 0), {Type::Int});
    if (!v) return fallback;
    if (v->integer < 1 || v->integer > 100) {
      diags_
          .Report(DiagCode::WeightRange, v->span,
                  fmt::format("weight {} is outside 1-100", v->integer))
          .Note("Kubernetes weighs preferred scheduling terms from 1 to 100");
      return fallback;
    }
    return static_cast<int32_t>(v->integer);
  };
  for (NodeId term : ast.children(terms)) {
    sema::PlaceTerm out{};
    out.span = ast.span(term);
    switch (ast.kind(term)) {
      case NodeKind::PlaceRequire:
      case NodeKind::PlaceForbid:
        out.kind = ast.kind(term) == NodeKind::PlaceRequire ? sema::PlaceTerm::Kind::Require
                                                            : sema::PlaceTerm::Kind::Forbid;
        out.role = role_of(ast.Nth(term, 0));
        if (!out.role.valid()) continue;
        break;
      case NodeKind::PlacePrefer:
      case NodeKind::PlaceAvoid:
        out.kind = ast.kind(term) == NodeKind::PlacePrefer ? sema::PlaceTerm::Kind::Prefer
                                                           : sema::PlaceTerm::Kind::Avoid;
        out.role = role_of(ast.Nth(term, 0));
        out.weight = weight_of(term, 50);
        if (!out.role.valid()) continue;
        break;
      case NodeKind::PlaceSpread: {
        out.kind = sema::PlaceTerm::Kind::Spread;
        out.weight = weight_of(term, 100);
        if (NodeId across = ast.Child(term, NodeKind::SpreadAcross); across.valid()) {
          std::string_view where = ast.source(ast.Nth(across, 0));
          if (where != "host" && where != "zone") {
            static constexpr std::string_view kWhere[] = {"host", "zone"};
            diags_
                .Report(
                    DiagCode::UnknownName, ast.span(ast.Nth(across, 0)),
                    fmt::format("cannot spread across `{}`{}", where, DidYouMean(where, kWhere)))
                .Note("spread `across host` (the default) or `across zone`");
          }
          out.zone = where == "zone";
        }
        break;
      }
      case NodeKind::PlaceNear:
      case NodeKind::PlaceApart: {
        out.kind = ast.kind(term) == NodeKind::PlaceNear ? sema::PlaceTerm::Kind::Near
                                                         : sema::PlaceTerm::Kind::Apart;
        NodeId name = ast.Nth(term, 0);
        std::optional<uint32_t> other = ResolveComponent(scope, ast.source(name), ast.span(name));
        if (!other) continue;
        out.component = sema::ComponentId{*other};
        out.weight = weight_of(term, 100);
        break;
      }
      case NodeKind::PlaceNamed: {
        std::string_view name = ast.source(term);
        const Decl* decl = Lookup(name);
        if (!decl) {
          // A misspelt keyword reads as a placement name: suggest both.
          std::vector<std::string_view> candidates = {"require", "forbid", "prefer", "avoid",
                                                      "spread",  "near",   "apart"};
          for (const auto& [symbol, index] : symbols_) {
            if (decls_.decls[index].kind == DeclKind::Placement) candidates.push_back(symbol);
          }
          std::sort(candidates.begin() + 7, candidates.end());
          diags_.Report(
              DiagCode::UnknownName, ast.span(term),
              fmt::format("unknown placement `{}`{}", name, DidYouMean(name, candidates)));
          continue;
        }
        if (decl->kind == DeclKind::Role) {
          diags_
              .Report(DiagCode::WrongNameKind, ast.span(term),
                      fmt::format("`{}` is a role, not a placement", name))
              .Help(fmt::format(
                  "say how to use it: `require {0}`, `prefer {0}`, `avoid {0}` or `forbid {0}`",
                  name));
          continue;
        }
        if (decl->kind != DeclKind::Placement) {
          diags_
              .Report(DiagCode::WrongNameKind, ast.span(term),
                      fmt::format("`{}` is not a placement", name))
              .With(decl->name_span, "declared here");
          continue;
        }
        if (depth > 8) {
          diags_.Report(DiagCode::WrongNameKind, ast.span(term),
                        fmt::format("placement `{}` refers to itself", name));
          continue;
        }
        const ast::Module& past = Ast(decl->module);
        AddPlacement(Scope{decl->module, nullptr}, past.Child(decl->node, NodeKind::PlaceTerms), c,
                     depth + 1);
        continue;
      }
      default:
        continue;
    }
    c.placement.push_back(out);
  }
}

}  // namespace whisk::check
