// `isolate`: NetworkPolicies from the dependency graph. Ingress to every pod
// of the instance is denied, then each provider admits exactly its consumers
// on the ports they use, its own peers (stateful ensembles), and anyone on the
// ports it exposes. Pods a component spawns are admitted to by it alone.
// Egress stays open: waits that ask the API server, and DNS, keep working.
#include <algorithm>

#include "compiler/lower/lowerer.h"

namespace whisk::lower {
namespace {

/// Marks the provider's ports that `text` names (`${kafka.port.broker}`).
void MarkPorts(const sema::Interpolated& text, sema::ComponentId provider,
               std::vector<bool>& used) {
  for (const sema::StringPart& part : text.parts) {
    if (part.kind == sema::StringPart::Kind::Port && part.component == provider) {
      used[part.port] = true;
    }
  }
}

}  // namespace

void Lowerer::LowerNetworkPolicies() {
  NewObjectResult deny =
      NewObject(k8s::Stage::NetworkPolicy, 0, "networking.k8s.io/v1", "NetworkPolicy",
                program_.instance + "-default-deny", program_.span, ComponentId{});
  NodeId deny_spec = tree_.SetMap(deny.root, "spec");
  tree_.SetString(tree_.SetMap(tree_.SetMap(deny_spec, "podSelector"), "matchLabels"),
                  "app.kubernetes.io/instance", program_.instance);
  tree_.AppendString(tree_.SetList(deny_spec, "policyTypes"), "Ingress");

  for (ComponentId id : program_.order) {
    LowerProviderPolicy(id);
    LowerSpawnedPolicies(id);
  }
}

void Lowerer::LowerProviderPolicy(ComponentId id) {
  const sema::Component& c = program_[id];
  // An external has no pods to admit anyone to; reaching it is egress, which
  // stays open.
  if (c.ports.empty() || c.kind == sema::Kind::External) return;
  NodeId ingress = k8s::kNoNode;
  auto rule = [&](ComponentId from, const std::vector<bool>& ports) {
    if (ingress == k8s::kNoNode) {
      NewObjectResult policy =
          NewObject(k8s::Stage::NetworkPolicy, Rank(id), "networking.k8s.io/v1", "NetworkPolicy",
                    info_[id.value].name, c.name_span, id);
      NodeId spec = tree_.SetMap(policy.root, "spec");
      tree_.Set(tree_.SetMap(spec, "podSelector"), "matchLabels", SelectorOf(id));
      tree_.AppendString(tree_.SetList(spec, "policyTypes"), "Ingress");
      ingress = tree_.SetList(spec, "ingress");
    }
    NodeId entry = tree_.AppendMap(ingress);
    if (from.valid()) {
      NodeId peer = tree_.AppendMap(tree_.SetList(entry, "from"));
      tree_.Set(tree_.SetMap(peer, "podSelector"), "matchLabels", SelectorOf(from));
    }
    NodeId list = tree_.SetList(entry, "ports");
    for (size_t i = 0; i < c.ports.size(); ++i) {
      if (!ports[i]) continue;
      NodeId port = tree_.AppendMap(list);
      tree_.SetString(port, "protocol", c.ports[i].udp ? "UDP" : "TCP");
      tree_.SetInt(port, "port", c.ports[i].number);
    }
  };
  std::vector<bool> all(c.ports.size(), true);
  if (c.kind == sema::Kind::Stateful) rule(id, all);  // ensemble peers

  std::vector<ComponentId> consumers;
  for (uint32_t e : edges_to_[id.value]) {
    const sema::Edge& edge = program_.edges[e];
    if (std::find(consumers.begin(), consumers.end(), edge.from) != consumers.end()) continue;
    consumers.push_back(edge.from);
    const sema::Component& consumer = program_[edge.from];
    std::vector<bool> used(c.ports.size(), false);
    if (!edge.reduced) {
      uint32_t port = sema::WaitPort(consumer.needs[edge.need].condition, c);
      if (port != UINT32_MAX) used[port] = true;
    }
    sema::ForEachReadText(program_, consumer,
                          [&](const sema::Interpolated& text) { MarkPorts(text, id, used); });
    // A consumer that names no port may use any.
    if (std::find(used.begin(), used.end(), true) == used.end()) used = all;
    rule(edge.from, used);
  }

  std::vector<bool> exposed(c.ports.size(), false);
  for (const sema::Expose& e : c.expose) {
    if (e.type != sema::Expose::Type::Headless) exposed[e.port] = true;
  }
  if (std::find(exposed.begin(), exposed.end(), true) != exposed.end()) {
    rule(ComponentId{}, exposed);
  }
}

// Spawned pods carry no whiskc labels, so the default deny does not select
// them: this policy is their isolation. A pod selector cannot say "any of",
// so each `spawns` line gets a policy of its own. The owner may reach every
// port: whiskc does not know which ones its pods listen on.
void Lowerer::LowerSpawnedPolicies(ComponentId id) {
  using Op = sema::LabelSelector::Op;
  const sema::Component& c = program_[id];
  for (size_t i = 0; i < c.spawns.size(); ++i) {
    const sema::LabelSelector& selector = c.spawns[i].selector;
    std::string name = std::string(info_[id.value].name) + "-spawned";
    if (i > 0) name += "-" + std::to_string(i + 1);
    NewObjectResult policy = NewObject(k8s::Stage::NetworkPolicy, Rank(id), "networking.k8s.io/v1",
                                       "NetworkPolicy", name, c.spawns[i].span, id);
    NodeId spec = tree_.SetMap(policy.root, "spec");
    NodeId pods = tree_.SetMap(spec, "podSelector");
    if (selector.op == Op::Equals) {
      tree_.SetString(tree_.SetMap(pods, "matchLabels"),
                      k8s::Key::Interned(tree_.Intern(selector.key)),
                      selector.values.empty() ? std::string_view() : selector.values[0]);
    } else {
      NodeId expressions = tree_.SetList(pods, "matchExpressions");
      auto expression = [&](std::string_view op) {
        NodeId e = tree_.AppendMap(expressions);
        tree_.SetString(e, "key", selector.key);
        tree_.Set(e, "operator", Stored(op));
        return e;
      };
      // NotIn alone also selects every pod without the key: the instance's
      // own pods and anything else in the namespace. Only pods that carry the
      // key are spawned ones.
      if (selector.op != Op::In) expression("Exists");
      if (selector.op != Op::Exists) {
        NodeId values = tree_.SetList(expression(selector.op == Op::In ? "In" : "NotIn"), "values");
        for (const std::string& value : selector.values) tree_.AppendString(values, value);
      }
    }
    tree_.AppendString(tree_.SetList(spec, "policyTypes"), "Ingress");
    NodeId from = tree_.SetList(tree_.AppendMap(tree_.SetList(spec, "ingress")), "from");
    tree_.Set(tree_.SetMap(tree_.AppendMap(from), "podSelector"), "matchLabels", SelectorOf(id));
  }
}

}  // namespace whisk::lower
