// Placement: roles become node affinity, `spread` and `near`/`apart from`
// become pod (anti-)affinity, and tainted roles a pod is placed on become
// tolerations.
#include <algorithm>

#include "compiler/lower/lowerer.h"

namespace whisk::lower {
namespace {

using Term = sema::PlaceTerm;

constexpr std::string_view kHostname = "kubernetes.io/hostname";
constexpr std::string_view kZone = "topology.kubernetes.io/zone";

std::string_view Operator(sema::Role::Op op, bool negate) {
  switch (op) {
    case sema::Role::Op::Equals:
    case sema::Role::Op::In:
      return negate ? "NotIn" : "In";
    case sema::Role::Op::NotEquals:
      return negate ? "In" : "NotIn";
    case sema::Role::Op::Exists:
      return negate ? "DoesNotExist" : "Exists";
  }
  return "In";
}

bool Negates(Term::Kind kind) { return kind == Term::Kind::Forbid || kind == Term::Kind::Avoid; }

}  // namespace

void Lowerer::LowerPlacement(NodeId spec, ComponentId id) {
  const sema::Component& c = program_[id];
  if (c.placement.empty()) return;
  NodeId affinity = tree_.Map();  // attached once something is in it
  auto section = [&](k8s::Key key) {
    if (tree_.empty(affinity)) tree_.Set(spec, "affinity", affinity);
    return tree_.FindOrAddMap(affinity, key);
  };
  auto expression = [&](NodeId list, const Term& term) {
    const sema::Role& role = program_.roles[term.role.value];
    NodeId e = tree_.AppendMap(list);
    tree_.SetString(e, "key", role.key);
    tree_.Set(e, "operator", Stored(Operator(role.op, Negates(term.kind))));
    if (role.op != sema::Role::Op::Exists) {
      NodeId values = tree_.SetList(e, "values");
      for (const std::string& value : role.values) tree_.AppendString(values, value);
    }
  };
  auto pod_term = [&](NodeId term_map, ComponentId target, bool zone) {
    tree_.Set(tree_.SetMap(term_map, "labelSelector"), "matchLabels", SelectorOf(target));
    tree_.Set(term_map, "topologyKey", Stored(zone ? kZone : kHostname));
  };

  // Required role terms all hold at once: one node selector term.
  NodeId required_exprs = k8s::kNoNode;
  for (const Term& term : c.placement) {
    if (term.kind != Term::Kind::Require && term.kind != Term::Kind::Forbid) continue;
    if (required_exprs == k8s::kNoNode) {
      NodeId node = section("nodeAffinity");
      NodeId selector = tree_.SetMap(node, "requiredDuringSchedulingIgnoredDuringExecution");
      NodeId terms = tree_.SetList(selector, "nodeSelectorTerms");
      required_exprs = tree_.SetList(tree_.AppendMap(terms), "matchExpressions");
    }
    expression(required_exprs, term);
  }
  for (const Term& term : c.placement) {
    if (term.kind != Term::Kind::Prefer && term.kind != Term::Kind::Avoid) continue;
    NodeId preferred = tree_.FindOrAddList(section("nodeAffinity"),
                                           "preferredDuringSchedulingIgnoredDuringExecution");
    NodeId entry = tree_.AppendMap(preferred);
    tree_.SetInt(entry, "weight", term.weight);
    expression(tree_.SetList(tree_.SetMap(entry, "preference"), "matchExpressions"), term);
  }
  for (const Term& term : c.placement) {
    bool near = term.kind == Term::Kind::Near;
    if (!near && term.kind != Term::Kind::Apart && term.kind != Term::Kind::Spread) continue;
    ComponentId target = term.kind == Term::Kind::Spread ? id : term.component;
    NodeId group = section(near ? k8s::Key("podAffinity") : k8s::Key("podAntiAffinity"));
    if (term.weight == 0) {
      NodeId list = tree_.FindOrAddList(group, "requiredDuringSchedulingIgnoredDuringExecution");
      pod_term(tree_.AppendMap(list), target, term.zone);
    } else {
      NodeId list = tree_.FindOrAddList(group, "preferredDuringSchedulingIgnoredDuringExecution");
      NodeId entry = tree_.AppendMap(list);
      tree_.SetInt(entry, "weight", term.weight);
      pod_term(tree_.SetMap(entry, "podAffinityTerm"), target, term.zone);
    }
  }

  // A pod placed on a tainted role's nodes must tolerate the taint.
  NodeId tolerations = k8s::kNoNode;
  std::vector<uint32_t> tolerated;
  for (const Term& term : c.placement) {
    if (term.kind != Term::Kind::Require && term.kind != Term::Kind::Prefer) continue;
    const sema::Role& role = program_.roles[term.role.value];
    if (!role.tainted) continue;
    if (std::find(tolerated.begin(), tolerated.end(), term.role.value) != tolerated.end()) continue;
    tolerated.push_back(term.role.value);
    if (tolerations == k8s::kNoNode) tolerations = tree_.SetList(spec, "tolerations");
    auto toleration = [&](const std::string* value) {
      NodeId t = tree_.AppendMap(tolerations);
      tree_.SetString(t, "key", role.key);
      tree_.SetString(t, "operator", value ? "Equal" : "Exists");
      if (value) tree_.SetString(t, "value", *value);
      tree_.SetString(t, "effect", role.taint_effect);
    };
    if (role.op == sema::Role::Op::Equals || role.op == sema::Role::Op::In) {
      for (const std::string& value : role.values) toleration(&value);
    } else {
      toleration(nullptr);
    }
  }
}

}  // namespace whisk::lower
