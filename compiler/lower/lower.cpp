#include "compiler/lower/lower.h"

#include <algorithm>

#include "compiler/check/names.h"
#include "compiler/lower/lowerer.h"

namespace whisk::lower {

Lowerer::Lowerer(const sema::Program& program, const LowerOptions& options, Diagnostics& diags)
    : program_(program),
      options_(options),
      diags_(diags),
      tree_(set_.tree),
      verifier_(set_.tree, diags) {
  instance_ = tree_.Intern(program.instance);
  part_of_ = tree_.Intern(sema::KubeName(program.name));
  namespace_ = tree_.Intern(program.namespace_name);
  info_.resize(program.components.size());
  data_hash_.resize(program.data.size());
  verifier_.Reserve(program.components.size());
  rank_.resize(program.components.size());
  for (uint32_t i = 0; i < program.order.size(); ++i) rank_[program.order[i].value] = i;
  edges_from_.resize(program.components.size());
  edges_to_.resize(program.components.size());
  for (uint32_t e = 0; e < program.edges.size(); ++e) {
    edges_from_[program.edges[e].from.value].push_back(e);
    edges_to_[program.edges[e].to.value].push_back(e);
  }
  for (uint32_t i = 0; i < program.components.size(); ++i) {
    const sema::Component& c = program.components[i];
    ComponentInfo& info = info_[i];
    std::string component = sema::KubeName(c.name);
    info.label_component = tree_.Intern(component);
    info.name = tree_.Intern(program.instance + "-" + component);
    info.label_name = c.from_template.empty() ? info.label_component
                                              : tree_.Intern(sema::KubeName(c.from_template));
  }
}

k8s::ManifestSet Lowerer::Run() {
  // The default namespace always exists, and so does the kubeconfig context's (as for
  // kubectl); any other is created first.
  if (program_.namespace_name != "default" && !program_.namespace_from_context) {
    NewObjectResult ns = NewObject(k8s::Stage::Namespace, 0, "v1", "Namespace",
                                   program_.namespace_name, program_.span, ComponentId{});
    tree_.Remove(ns.metadata, "namespace");
  }
  for (uint32_t i = 0; i < program_.data.size(); ++i) LowerData(sema::DataId{i});
  CheckObjectsFrom(0);
  for (ComponentId id : program_.order) {
    // An external lives outside the cluster: only its consumers' waits and
    // interpolations mention it (see Address).
    if (program_[id].kind == sema::Kind::External) continue;
    size_t begin = set_.objects.size();
    LowerFiles(id);
    LowerClaims(id);
    LowerServices(id);
    LowerIngress(id);
    LowerWorkload(id);
    LowerAccess(id);
    LowerAutoscaler(id);
    LowerBudget(id);
    ApplyPatches(id);
    // Now, while this component's nodes are still in the cache.
    CheckObjectsFrom(begin);
  }
  size_t rest = set_.objects.size();
  LowerWaitScripts();
  if (program_.isolate) LowerNetworkPolicies();
  CheckObjectsFrom(rest);
  verifier_.Finish();
  // Insertion order breaks ties, and it follows the program: deterministic.
  std::stable_sort(set_.objects.begin(), set_.objects.end(),
                   [](const k8s::Object& a, const k8s::Object& b) {
                     if (a.stage != b.stage) return a.stage < b.stage;
                     return a.rank < b.rank;
                   });
  return std::move(set_);
}

void Lowerer::CheckObjectsFrom(size_t begin) {
  for (size_t i = begin; i < set_.objects.size(); ++i) verifier_.Check(set_.objects[i]);
}

k8s::ManifestSet Lower(const sema::Program& program, const LowerOptions& options,
                       Diagnostics& diags) {
  return Lowerer(program, options, diags).Run();
}

}  // namespace whisk::lower
