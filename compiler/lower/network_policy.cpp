// `isolate`: NetworkPolicies from the dependency graph. Ingress to every pod
// of the instance is denied, then each provider admits exactly its consumers
// on the ports they use, its own peers (stateful ensembles), and anyone on the
// ports it exposes. Egress stays open: waits that ask the API server, and DNS,
// keep working.
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
    const sema::Component& c = program_[id];
    if (c.ports.empty()) continue;
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
}

}  // namespace whisk::lower
