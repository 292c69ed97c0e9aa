#pragma once
// The checker's shared state; its work is split by topic across check/*.cpp.

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/check/check.h"

namespace whisk::check {

using ast::NodeId;
using ast::NodeKind;
using resolve::Decl;
using resolve::DeclKind;
using sema::Type;
using sema::Value;

/// A template parameter bound to its argument while a template is expanded.
struct Binding {
  std::string_view name;
  Value value;
};

/// Where an expression is evaluated: which module's tree, which bindings.
struct Scope {
  uint32_t module = 0;
  const std::vector<Binding>* bindings = nullptr;
};

/// What a value's expected type is, for messages and conversions.
struct Expect {
  Type type;
  Type element = Type::String;
};

std::string TypeName(Expect expect);

class Checker {
 public:
  Checker(const resolve::ModuleSet& modules, const resolve::Declarations& decls,
          const std::vector<values::Assignment>& values, const CheckOptions& options,
          Diagnostics& diags);
  sema::Program Run();

  // ---- check.cpp: declarations, parameters, values, scope
  void CollectParams();
  void ApplyValues();
  void BuildScope();
  void CheckTopology();
  void CheckRoles();
  void CheckData();
  bool Active(uint32_t guard);
  const Decl* Lookup(std::string_view name) const;
  void ReportUnknown(std::string_view name, Span span, std::string_view what);

  // ---- evaluate.cpp: values, strings, conditions
  std::optional<Value> Evaluate(const Scope& scope, NodeId node, Expect expect);
  std::optional<Value> FromValuesNode(const values::Node& node, const sema::Param& param);
  /// A string literal with `${...}` resolved; component references are kept
  /// symbolic only when `allow_refs` is set, else reported.
  std::optional<sema::Interpolated> EvaluateString(const Scope& scope, NodeId node,
                                                   bool allow_refs);
  std::optional<std::string> EvaluatePlainString(const Scope& scope, NodeId node);
  bool EvaluateCondition(const Scope& scope, NodeId node);
  std::optional<Value> ParseNumber(std::string_view text, Span span, Expect expect,
                                   const sema::Param* from_values = nullptr);
  bool CheckRange(const Value& value, const sema::Param& param);
  /// Resolves a name to the component it denotes in this scope.
  std::optional<uint32_t> ResolveComponent(const Scope& scope, std::string_view name, Span span);

  // ---- components.cpp: component properties
  void DeclareComponents();
  void BuildComponents();
  void BuildProperties(const Scope& scope, NodeId block, sema::Component& component, bool overlay);
  void AddPlacement(const Scope& scope, NodeId terms, sema::Component& component, int depth);
  void ResolvePortRefs();

  // ---- rules.cpp: per-component rules and Kubernetes names
  void CheckComponentRules();
  void CheckNames();

  // ---- dependencies.cpp: the needs graph
  void CheckDependencies();

  const ast::Module& Ast(uint32_t module) const { return modules_.modules[module].ast; }
  Span SpanOf(uint32_t module, NodeId node) const { return Ast(module).span(node); }
  std::string_view Source(uint32_t module, NodeId node) const { return Ast(module).source(node); }

  const resolve::ModuleSet& modules_;
  const resolve::Declarations& decls_;
  const std::vector<values::Assignment>& values_;
  const CheckOptions& options_;
  Diagnostics& diags_;
  sema::Program program_;

  std::vector<int8_t> guard_state_;  // -1 unknown, 0 off, 1 on
  std::unordered_map<std::string_view, uint32_t> symbols_;  // name → decl index
  std::unordered_map<std::string_view, uint32_t> params_;   // name → param id
  std::vector<uint32_t> entity_;     // decl index → id in its kind's vector
  std::vector<uint32_t> component_decl_;  // component id → decl index
  std::vector<std::vector<Binding>> bindings_;  // per component built from a template
};

}  // namespace whisk::check
