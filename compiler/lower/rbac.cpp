// RBAC: a ServiceAccount, a Role and a RoleBinding for each component whose
// waits ask the API server, or whose own code says what it `can` do. Roles
// are least-privilege: waits get `get` on exactly the objects they watch; no
// ClusterRole is ever bound.
#include <algorithm>

#include "compiler/lower/lowerer.h"

namespace whisk::lower {
namespace {

/// `deployments/scale.apps` → group `apps`, resource `deployments/scale`.
AccessRule RuleFor(std::string_view resource, const std::vector<std::string>& verbs) {
  AccessRule rule;
  size_t dot = resource.find('.');
  rule.resource = std::string(resource.substr(0, dot));
  if (dot != std::string_view::npos) rule.api_group = std::string(resource.substr(dot + 1));
  rule.verbs = verbs;
  return rule;
}

/// Folds rules that differ only in the objects they name into one.
std::vector<AccessRule> Merge(std::vector<AccessRule> rules) {
  std::vector<AccessRule> merged;
  for (AccessRule& rule : rules) {
    bool folded = false;
    for (AccessRule& into : merged) {
      if (into.api_group == rule.api_group && into.resource == rule.resource &&
          into.verbs == rule.verbs && !into.names.empty() && !rule.names.empty()) {
        for (std::string& name : rule.names) {
          if (std::find(into.names.begin(), into.names.end(), name) == into.names.end()) {
            into.names.push_back(std::move(name));
          }
        }
        folded = true;
        break;
      }
    }
    if (!folded) merged.push_back(std::move(rule));
  }
  return merged;
}

}  // namespace

void Lowerer::LowerAccess(ComponentId id) {
  const sema::Component& c = program_[id];
  const ComponentInfo& info = info_[id.value];
  if (info.access.empty() && c.permissions.empty()) return;
  std::vector<AccessRule> rules;
  for (const sema::Permission& permission : c.permissions) {
    for (const std::string& resource : permission.resources) {
      rules.push_back(RuleFor(resource, permission.verbs));
    }
  }
  rules.insert(rules.end(), info.access.begin(), info.access.end());
  rules = Merge(std::move(rules));

  NewObject(k8s::Stage::ServiceAccount, Rank(id), "v1", "ServiceAccount", info.name, c.name_span,
            id);
  NewObjectResult role = NewObject(k8s::Stage::Role, Rank(id), "rbac.authorization.k8s.io/v1",
                                   "Role", info.name, c.name_span, id);
  NodeId list = tree_.SetList(role.root, "rules");
  for (const AccessRule& rule : rules) {
    NodeId entry = tree_.AppendMap(list);
    tree_.AppendString(tree_.SetList(entry, "apiGroups"), rule.api_group);
    tree_.AppendString(tree_.SetList(entry, "resources"), rule.resource);
    if (!rule.names.empty()) {
      NodeId names = tree_.SetList(entry, "resourceNames");
      for (const std::string& name : rule.names) tree_.AppendString(names, name);
    }
    NodeId verbs = tree_.SetList(entry, "verbs");
    for (const std::string& verb : rule.verbs) tree_.AppendString(verbs, verb);
  }
  NewObjectResult binding =
      NewObject(k8s::Stage::RoleBinding, Rank(id), "rbac.authorization.k8s.io/v1", "RoleBinding",
                info.name, c.name_span, id);
  NodeId ref = tree_.SetMap(binding.root, "roleRef");
  tree_.SetString(ref, "apiGroup", "rbac.authorization.k8s.io");
  tree_.SetString(ref, "kind", "Role");
  tree_.SetString(ref, "name", info.name);
  NodeId subject = tree_.AppendMap(tree_.SetList(binding.root, "subjects"));
  tree_.SetString(subject, "kind", "ServiceAccount");
  tree_.SetString(subject, "name", info.name);
  tree_.SetString(subject, "namespace", program_.namespace_name);
}

}  // namespace whisk::lower
