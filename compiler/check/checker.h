#pragma once
// The checker's shared state; its work is split by topic across check/*.cpp.

#include <map>
#include <optional>
#include <set>
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
  bool poisoned = false;  // its argument was in error: uses stay silent
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
/// The template argument bound to `name` in this scope, if any.
const Binding* FindBinding(const Scope& scope, std::string_view name);
/// A number to compare: quantities in milli-units, durations in ms.
int64_t Measure(const Value& value);
/// Whether values of a type are ordered, so that `in LOW..HIGH` may limit them.
bool IsOrdered(Type type);
/// A scalar value as it reads inside a string; nullopt for lists and components.
std::optional<std::string> ValueText(const Value& value);

/// One block of properties being read: a component's own block, a template's
/// body, or a `use` override on top of it. Items named in an earlier layer
/// are replaced; within one layer a repeated name is an error.
struct Layer {
  Scope scope;
  sema::Component& c;
  size_t ports_start, env_start, storage_start;
};

class Checker {
 public:
  Checker(const resolve::ModuleSet& modules, const resolve::Declarations& decls,
          const std::vector<values::Assignment>& values, const CheckOptions& options,
          Diagnostics& diags);
  sema::Program Run();

  // ---- check.cpp: declarations, parameters, values, scope
  void CollectParams();
  void EvaluateParam(const Decl& decl, sema::Param& param);
  /// Reads `in LOW..HIGH` into the parameter's bounds when it is sound.
  void ReadRange(const Scope& scope, NodeId clause, sema::Param& param);
  void ApplyValues();
  void BuildScope();
  void CheckTopology();
  void CheckRoles();
  /// Reads `"KEY" SELECTOR`, a role's or a `spawns`'s; a key or value that is
  /// no valid label is E0310, `whose` saying whose label it is (`node`, `pod`).
  sema::LabelSelector ReadLabelSelector(const Scope& scope, NodeId key, NodeId selector,
                                        std::string_view whose);
  void CheckData();
  bool Active(uint32_t guard);
  const Decl* Lookup(std::string_view name) const;
  const Decl* LookupTemplate(std::string_view name) const;
  /// The id, in its kind's vector, of what a declaration declared.
  uint32_t EntityOf(const Decl& decl) const {
    return entity_[static_cast<size_t>(&decl - decls_.decls.data())];
  }
  void ReportUnknown(std::string_view name, Span span, std::string_view what);

  // ---- evaluate.cpp: types, values, strings, conditions
  /// Reads a type written in a `param` or template parameter.
  std::optional<Expect> ParseType(uint32_t module, NodeId node, bool in_template,
                                  bool report = true);
  std::optional<Value> Evaluate(const Scope& scope, NodeId node, Expect expect);
  /// A value with the type it has by itself: a parameter's or template
  /// argument's declared type, or a literal's own.
  std::optional<Value> EvaluateAsDeclared(const Scope& scope, NodeId node);
  std::optional<Value> FromValuesNode(const values::Node& node, const sema::Param& param);
  /// A string literal with `${...}` resolved; component references are kept
  /// symbolic only when `allow_refs` is set, else reported.
  std::optional<sema::Interpolated> EvaluateString(const Scope& scope, NodeId node,
                                                   bool allow_refs);
  /// `${c.FIELD}` of component `id`: its address (`host`, `port.NAME`), or
  /// what names it without depending on it (`name`, `selector`); nullopt
  /// (reported, E0210) for any other field, and for `name` or `selector` of
  /// an `external`, which has no object in the cluster.
  std::optional<sema::StringPart> ComponentField(sema::ComponentId id, std::string_view path,
                                                 const std::vector<std::string_view>& segments,
                                                 Span span);
  /// `${x.name}` of a config or secret: the name of its ConfigMap or Secret,
  /// also of one made at run time; any other field is E0210 (reported).
  std::optional<sema::StringPart> DataField(const Decl& decl, std::string_view path,
                                            const std::vector<std::string_view>& segments,
                                            Span span);
  std::optional<std::string> EvaluatePlainString(const Scope& scope, NodeId node);
  bool EvaluateCondition(const Scope& scope, NodeId node);
  std::optional<Value> ParseNumber(std::string_view text, Span span, Expect expect,
                                   const sema::Param* from_values = nullptr);
  /// Whether a parameter's value is inside its range or among its choices;
  /// reports E0302 at the value when it is not.
  bool CheckRange(const Value& value, const sema::Param& param);
  /// Resolves a name to the component it denotes in this scope.
  std::optional<uint32_t> ResolveComponent(const Scope& scope, std::string_view name, Span span);

  // ---- choices.cpp: string parameters limited to `in ["a", "b"]`
  /// Reads `in [...]` into the parameter's choices when the list is sound.
  void ReadChoices(const Scope& scope, NodeId clause, sema::Param& param);
  /// Whether a value is one of its parameter's choices; reports E0302 if not.
  bool CheckChoice(const Value& value, const sema::Param& param);
  /// Reports every comparison of a parameter with a string literal that is
  /// none of its choices (E0313), in every branch, taken or not.
  void CheckChoiceComparisons();
  /// Checks one comparison `A == B` or `A != B`; `hidden` are the names of
  /// the template parameters in whose body it stands.
  void CheckChoiceComparison(uint32_t module, NodeId compare,
                             const std::vector<std::string_view>& hidden);

  // ---- components.cpp: declaring components, expanding templates
  void DeclareComponents();
  void BuildComponents();

  // ---- properties.cpp: one reader per property
  void BuildProperties(const Scope& scope, NodeId block, sema::Component& component, bool overlay);
  void ReadImage(const Layer& layer, NodeId prop);
  void ReadCommand(const Layer& layer, NodeId prop);
  void ReadPorts(const Layer& layer, NodeId prop);
  void ReadEnv(const Layer& layer, NodeId prop);
  /// Reads the value of `env NAME = VALUE` into `var`; false when it is in
  /// error (reported), and the variable is not set.
  bool ReadEnvValue(const Scope& scope, NodeId value, sema::EnvVar& var);
  void ReadResources(const Layer& layer, NodeId prop);
  void ReadProbe(const Layer& layer, NodeId prop);
  void ReadStorage(const Layer& layer, NodeId prop);
  void ReadFiles(const Layer& layer, NodeId prop);
  void ReadMount(const Layer& layer, NodeId prop);
  void ReadScratch(const Layer& layer, NodeId prop);
  void ReadNeeds(const Layer& layer, NodeId prop);
  void ReadReplicas(const Layer& layer, NodeId prop);
  void ReadAutoscale(const Layer& layer, NodeId prop);
  void ReadBudget(const Layer& layer, NodeId prop);
  void ReadExpose(const Layer& layer, NodeId prop);
  /// W0427 for every `expose` line, in every branch and template, where
  /// ports without `as` come before an item with one: `as` applies to the
  /// port right before it only, whatever the line seems to say.
  void CheckExposeLists();
  void CheckExposeList(uint32_t module, NodeId prop);
  void ReadPermission(const Layer& layer, NodeId prop);
  void ReadSpawns(const Layer& layer, NodeId prop);
  void ReadSchedule(const Layer& layer, NodeId prop);
  void ReadRetries(const Layer& layer, NodeId prop);
  void ReadPatch(const Layer& layer, NodeId prop);
  void ResolvePortRefs();

  // ---- external.cpp: components outside the cluster
  /// Reads `host`: a DNS name or an IP address (E0304 otherwise).
  void ReadHost(const Layer& layer, NodeId prop);
  /// Whether the readiness check `check` can be run against an `external`
  /// from inside the cluster (http, tcp); reports E0414 when it cannot.
  bool CheckableFromOutside(const Layer& layer, NodeId check);
  /// Rules on externals, run for every component `c`: an external has a
  /// `host` (E0425) and makes no config or secret; `c` is placed neither near
  /// nor apart from one, which has no pods (E0203).
  void CheckExternal(const sema::Component& c);
  /// A need of an `external` that no wait could check (E0504); reports it.
  bool UncheckableExternal(const sema::Component& consumer, const sema::Need& need);

  // ---- env_from.cpp: `env from config NAME`, and finding a config or secret
  void ReadEnvFrom(const Layer& layer, NodeId item);
  /// The config (or, with `secret`, the secret) called `name`; reports E0201
  /// when nothing has that name and E0203 when it is something else.
  std::optional<sema::DataId> ResolveData(std::string_view name, Span span, bool secret);

  // ---- placement.cpp
  void AddPlacement(const Scope& scope, NodeId terms, sema::Component& component, int depth);

  // ---- rules.cpp: per-component rules and Kubernetes names
  void CheckComponentRules();

  // ---- env_references.cpp: Kubernetes' `$(NAME)` in env values, `run`, `args`
  /// Reports W0426 for each `$(NAME)` of `c` that the kubelet cannot expand:
  /// no variable of the container, or an `env` item set after the one that
  /// names it.
  void CheckEnvReferences(const sema::Component& c);
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

  std::vector<int8_t> guard_state_;                           // -1 unknown, 0 off, 1 on
  std::unordered_map<std::string_view, uint32_t> symbols_;    // name → decl index
  std::unordered_map<std::string_view, uint32_t> templates_;  // name → decl index
  std::map<std::pair<uint32_t, uint32_t>, bool> conditions_;  // (module, node) → value
  std::unordered_map<std::string_view, uint32_t> params_;     // name → param id
  std::vector<uint32_t> entity_;                // decl index → id in its kind's vector
  std::vector<uint32_t> component_decl_;        // component id → decl index
  std::vector<std::vector<Binding>> bindings_;  // per component built from a template
  std::set<const Decl*> checked_templates_;     // templates whose signature was reported
};

}  // namespace whisk::check
