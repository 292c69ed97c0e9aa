// The dependency graph: explicit needs, needs implied by references to other
// components' addresses, their conditions, cycles, and transitive reduction.
#include <fmt/format.h>

#include "compiler/check/checker.h"
#include "compiler/graph/digraph.h"

namespace whisk::check {
namespace {

using sema::Condition;
using sema::Kind;

bool Completes(Kind kind) { return kind == Kind::Job; }

}  // namespace

void Checker::CheckDependencies() {
  uint32_t n = static_cast<uint32_t>(program_.components.size());
  // Implied needs: `${kafka.host}` in an env value or a config entry mounted,
  // taken as env or referenced by the component (see sema::ForEachReadText).
  for (uint32_t id = 0; id < n; ++id) {
    sema::Component& c = program_.components[id];
    auto imply = [&](const sema::Interpolated& text) {
      for (const sema::StringPart& part : text.parts) {
        // `${x.name}` and `${x.selector}` only name `x`: code that looks it up
        // later, or creates it, must not wait for it.
        if (!part.is_address() || part.component.value == id) continue;
        bool known = false;
        for (const sema::Need& need : c.needs) known |= need.target == part.component;
        if (!known) c.needs.push_back({part.component, Condition::Ready, false, true, part.span});
      }
    };
    // A config or secret made at run time: wait for what makes it.
    auto made = [&](sema::DataId data) {
      if (!data.valid()) return;
      sema::ComponentId maker = program_.data[data.value].made_by;
      if (!maker.valid() || maker.value == id) return;
      for (const sema::Need& need : c.needs) {
        if (need.target == maker) return;
      }
      c.needs.push_back({maker, Condition::Ready, false, true, program_.data[data.value].span});
    };
    for (const sema::Mount& mount : c.mounts) made(mount.data);
    for (const sema::EnvVar& var : c.env) made(var.data);
    for (const sema::EnvFrom& from : c.env_from) made(from.data);
    sema::ForEachReadText(program_, c, imply);
  }

  std::vector<graph::Edge> edges;
  std::vector<uint32_t> need_of_edge;
  std::vector<bool> keep;
  for (uint32_t id = 0; id < n; ++id) {
    sema::Component& c = program_.components[id];
    for (uint32_t k = 0; k < c.needs.size(); ++k) {
      sema::Need& need = c.needs[k];
      const sema::Component& target = program_.components[need.target.value];
      if (need.target.value == id) {
        diags_.Report(DiagCode::NeedsSelf, need.span, fmt::format("`{}` needs itself", c.name));
        continue;
      }
      bool duplicate = false;
      for (uint32_t j = 0; j < k; ++j) duplicate |= c.needs[j].target == need.target;
      if (duplicate) continue;
      if (target.kind == Kind::Job && need.condition == Condition::Ready)
        need.condition = Condition::Completed;
      if (need.condition == Condition::Completed && !Completes(target.kind)) {
        diags_
            .Report(DiagCode::NeedsCompletedOnNonJob, need.span,
                    fmt::format("`{} {}` never completes, so `{}` would wait forever",
                                sema::KindName(target.kind), target.name, c.name))
            .With(target.name_span, "declared here")
            .Help(target.kind == Kind::Cron
                      ? "a cron job runs on a schedule; nothing can wait for it"
                      : "wait for it to be `ready` or `started` instead");
        continue;
      }
      if (target.kind == Kind::Cron) {
        diags_
            .Report(DiagCode::NeedsCompletedOnNonJob, need.span,
                    fmt::format("`cron {}` runs on a schedule; `{}` cannot wait for it",
                                target.name, c.name))
            .With(target.name_span, "declared here");
        continue;
      }
      if (need.condition == Condition::Started && target.ports.empty()) {
        diags_
            .Report(
                DiagCode::StartedWithoutPort, need.span,
                fmt::format("`{}` has no port, so there is no connection to wait for", target.name))
            .With(target.name_span, "declared here")
            .Help(target.kind == Kind::External ? "declare the port it serves on"
                                                : "wait for it to be `ready`, or declare its port");
        continue;
      }
      if (UncheckableExternal(c, need)) continue;
      // A `started` wait, or a wait for a provider without readiness, connects
      // to the first port over TCP (a readiness's own port is checked with it).
      bool probe_port = target.readiness.kind == sema::Probe::Kind::Http ||
                        target.readiness.kind == sema::Probe::Kind::Tcp;
      uint32_t port = sema::WaitPort(need.condition, target);
      if (port != UINT32_MAX && !probe_port && target.ports[port].udp) {
        diags_
            .Report(DiagCode::TcpCheckOnUdpPort, need.span,
                    fmt::format("`{}` would wait for a TCP connection to port `{}` of `{}`, which "
                                "is UDP",
                                c.name, target.ports.front().name, target.name))
            .With(target.ports.front().span, "declared UDP here")
            .Help(fmt::format("declare how `{}` is ready, e.g. `ready exec ...`", target.name));
        continue;
      }
      if (need.condition == Condition::Ready && target.readiness.kind == sema::Probe::Kind::None &&
          !Completes(target.kind)) {
        std::string fallback =
            target.ports.empty()
                ? std::string("until Kubernetes reports its pods ready")
                : fmt::format("until its port `{}` accepts connections", target.ports.front().name);
        diags_
            .Report(DiagCode::NoReadiness, need.span,
                    fmt::format("`{}` needs `{}`, which declares no readiness; it will wait {}",
                                c.name, target.name, fallback))
            .With(target.name_span, fmt::format("`{}` declared here", target.name))
            .Help(fmt::format("declare how `{}` is ready, e.g. `ready tcp PORT` or `ready http "
                              "\"/health\" on PORT`",
                              target.name));
      }
      edges.push_back({id, need.target.value});
      need_of_edge.push_back(k);
      keep.push_back(need.always);
    }
  }

  graph::Digraph g(n, edges);
  std::vector<std::vector<uint32_t>> cycles = graph::FindCycles(g);
  for (const std::vector<uint32_t>& cycle : cycles) {
    std::string path(program_.components[edges[cycle.front()].from].name);
    for (uint32_t e : cycle) path += fmt::format(" -> {}", program_.components[edges[e].to].name);
    const sema::Component& first = program_.components[edges[cycle.front()].from];
    auto& d =
        diags_.Report(DiagCode::DependencyCycle, first.needs[need_of_edge[cycle.front()]].span,
                      fmt::format("dependency cycle: {}", path));
    for (size_t k = 1; k < cycle.size(); ++k) {
      const sema::Component& from = program_.components[edges[cycle[k]].from];
      const sema::Need& need = from.needs[need_of_edge[cycle[k]]];
      std::string_view to = program_.components[edges[cycle[k]].to].name;
      d.With(need.span, need.implicit
                            ? fmt::format("`{}` uses the address of `{}` here, so it waits for it",
                                          from.name, to)
                            : fmt::format("`{}` needs `{}` here", from.name, to));
    }
    d.Note("each would wait for the other before starting, so none would ever start");
  }
  std::vector<uint32_t> order = graph::DependencyOrder(g);
  // Waiting for a component to start says nothing of its readiness.
  std::vector<bool> weak(edges.size());
  for (uint32_t e = 0; e < edges.size(); ++e) {
    weak[e] =
        program_.components[edges[e].from].needs[need_of_edge[e]].condition == Condition::Started;
  }
  std::vector<bool> redundant = cycles.empty() ? graph::RedundantEdges(g, order, keep, weak)
                                               : std::vector<bool>(edges.size(), false);
  for (uint32_t e = 0; e < edges.size(); ++e) {
    program_.edges.push_back({sema::ComponentId{edges[e].from}, sema::ComponentId{edges[e].to},
                              need_of_edge[e], redundant[e]});
  }
  for (uint32_t id : order) program_.order.push_back(sema::ComponentId{id});
}

}  // namespace whisk::check
