// Scaling: `autoscale` → HorizontalPodAutoscaler (autoscaling/v2), `budget` →
// PodDisruptionBudget (policy/v1).
#include <fmt/format.h>

#include "compiler/lower/lowerer.h"

namespace whisk::lower {

void Lowerer::LowerAutoscaler(ComponentId id) {
  const sema::Component& c = program_[id];
  if (!c.autoscale) return;
  const ComponentInfo& info = info_[id.value];
  NewObjectResult object = NewObject(k8s::Stage::Autoscaler, Rank(id), "autoscaling/v2",
                                     "HorizontalPodAutoscaler", info.name, c.autoscale->span, id);
  NodeId spec = tree_.SetMap(object.root, "spec");
  NodeId target = tree_.SetMap(spec, "scaleTargetRef");
  tree_.SetString(target, "apiVersion", "apps/v1");
  tree_.SetString(target, "kind", c.kind == sema::Kind::Stateful ? "StatefulSet" : "Deployment");
  tree_.SetString(target, "name", info.name);
  tree_.SetInt(spec, "minReplicas", c.autoscale->min);
  tree_.SetInt(spec, "maxReplicas", c.autoscale->max);
  NodeId metric = tree_.AppendMap(tree_.SetList(spec, "metrics"));
  tree_.SetString(metric, "type", "Resource");
  NodeId resource = tree_.SetMap(metric, "resource");
  tree_.SetString(resource, "name", c.autoscale->memory ? "memory" : "cpu");
  NodeId goal = tree_.SetMap(resource, "target");
  tree_.SetString(goal, "type", "Utilization");
  tree_.SetInt(goal, "averageUtilization", c.autoscale->percent);
}

void Lowerer::LowerBudget(ComponentId id) {
  const sema::Component& c = program_[id];
  if (!c.budget) return;
  const sema::Budget& budget = *c.budget;
  NewObjectResult object = NewObject(k8s::Stage::Budget, Rank(id), "policy/v1",
                                     "PodDisruptionBudget", info_[id.value].name, budget.span, id);
  NodeId spec = tree_.SetMap(object.root, "spec");
  k8s::Key key = budget.max_unavailable ? k8s::Key("maxUnavailable") : k8s::Key("minAvailable");
  if (budget.percent) {
    tree_.SetString(spec, key, fmt::format("{}%", budget.value));
  } else {
    tree_.SetInt(spec, key, budget.value);
  }
  tree_.Set(tree_.SetMap(spec, "selector"), "matchLabels", SelectorOf(id));
}

}  // namespace whisk::lower
