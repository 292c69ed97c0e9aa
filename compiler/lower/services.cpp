// Services and Ingresses: every component with ports gets a Service of its own
// name (headless for a stateful component, unless it exposes a port inside
// the cluster; the StatefulSet names it as its `serviceName`); `expose` adds a
// NodePort or LoadBalancer Service for exactly the exposed ports, or Ingress
// rules.
#include <fmt/format.h>

#include "compiler/check/names.h"
#include "compiler/lower/lowerer.h"

namespace whisk::lower {
namespace {

using Expose = sema::Expose;

bool Serves(sema::Kind kind) { return kind != sema::Kind::Job && kind != sema::Kind::Cron; }

}  // namespace

void Lowerer::LowerServices(ComponentId id) {
  const sema::Component& c = program_[id];
  const ComponentInfo& info = info_[id.value];
  bool stateful = c.kind == sema::Kind::Stateful;
  if (!Serves(c.kind) || (c.ports.empty() && !stateful)) return;
  // A stateful component's Service is headless (a DNS name per pod) unless a
  // port is exposed inside the cluster, which asks for one cluster IP.
  bool headless = stateful;
  for (const Expose& e : c.expose) {
    if (e.type == Expose::Type::ClusterIP) headless = false;
  }
  for (const Expose& e : c.expose) headless |= e.type == Expose::Type::Headless;

  auto service = [&](std::string_view name, std::string_view type) {
    NewObjectResult object =
        NewObject(k8s::Stage::Service, Rank(id), "v1", "Service", name, c.name_span, id);
    NodeId spec = tree_.SetMap(object.root, "spec");
    if (!type.empty()) tree_.Set(spec, "type", Stored(type));
    return spec;
  };
  auto port = [&](NodeId ports, const sema::Port& p, int32_t node_port) {
    NodeId entry = tree_.AppendMap(ports);
    std::string name = sema::KubeName(p.name);
    tree_.SetString(entry, "name", name);
    tree_.SetString(entry, "protocol", p.udp ? "UDP" : "TCP");
    tree_.SetInt(entry, "port", p.number);
    tree_.SetString(entry, "targetPort", name);
    if (node_port != 0) tree_.SetInt(entry, "nodePort", node_port);
  };

  NodeId spec = service(info.name, "");
  if (headless) tree_.SetString(spec, "clusterIP", "None");
  tree_.Set(spec, "selector", SelectorOf(id));
  if (!c.ports.empty()) {
    NodeId ports = tree_.SetList(spec, "ports");
    for (const sema::Port& p : c.ports) port(ports, p, 0);
  }

  for (Expose::Type type : {Expose::Type::NodePort, Expose::Type::LoadBalancer}) {
    NodeId ports = k8s::kNoNode;
    for (const Expose& e : c.expose) {
      if (e.type != type) continue;
      if (ports == k8s::kNoNode) {
        bool node_port = type == Expose::Type::NodePort;
        NodeId outer = service(fmt::format("{}{}", info.name, node_port ? "-nodeport" : "-lb"),
                               node_port ? "NodePort" : "LoadBalancer");
        tree_.Set(outer, "selector", SelectorOf(id));
        ports = tree_.SetList(outer, "ports");
      }
      port(ports, c.ports[e.port], e.node_port);
    }
  }
}

void Lowerer::LowerIngress(ComponentId id) {
  const sema::Component& c = program_[id];
  const ComponentInfo& info = info_[id.value];
  NodeId rules = k8s::kNoNode, tls = k8s::kNoNode, spec = k8s::kNoNode;
  for (const Expose& e : c.expose) {
    if (e.type != Expose::Type::Ingress) continue;
    if (spec == k8s::kNoNode) {
      NewObjectResult object = NewObject(k8s::Stage::Ingress, Rank(id), "networking.k8s.io/v1",
                                         "Ingress", info.name, e.span, id);
      spec = tree_.SetMap(object.root, "spec");
    }
    if (!e.tls_secret.empty()) {
      if (tls == k8s::kNoNode) tls = tree_.SetList(spec, "tls");
      NodeId entry = tree_.AppendMap(tls);
      tree_.AppendString(tree_.SetList(entry, "hosts"), e.host);
      tree_.SetString(entry, "secretName", e.tls_secret);
    }
    if (rules == k8s::kNoNode) rules = tree_.SetList(spec, "rules");
    // One rule per host, with a path for each exposure on it.
    NodeId paths = k8s::kNoNode;
    for (NodeId rule : tree_.children(rules)) {
      if (tree_[tree_.Find(rule, "host")].text == e.host) {
        paths = tree_.Find(tree_.Find(rule, "http"), "paths");
      }
    }
    if (paths == k8s::kNoNode) {
      NodeId rule = tree_.AppendMap(rules);
      tree_.SetString(rule, "host", e.host);
      paths = tree_.SetList(tree_.SetMap(rule, "http"), "paths");
    }
    NodeId path = tree_.AppendMap(paths);
    tree_.SetString(path, "path", e.path);
    tree_.SetString(path, "pathType", "Prefix");
    NodeId backend = tree_.SetMap(tree_.SetMap(path, "backend"), "service");
    tree_.SetString(backend, "name", info.name);
    tree_.SetString(tree_.SetMap(backend, "port"), "name", sema::KubeName(c.ports[e.port].name));
  }
}

}  // namespace whisk::lower
