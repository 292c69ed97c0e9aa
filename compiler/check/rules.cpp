// Rules on whole components, and the Kubernetes names they will get.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "compiler/check/checker.h"
#include "compiler/check/names.h"

namespace whisk::check {
namespace {

using sema::Kind;
using sema::PlaceTerm;

int32_t MaxReplicas(const sema::Component& c) {
  return c.autoscale ? c.autoscale->max : c.effective_replicas();
}

/// Whether some `can` line grants `create` on `pods`.
bool MayCreatePods(const sema::Component& c) {
  auto has = [](const std::vector<std::string>& words, std::string_view word) {
    return std::find(words.begin(), words.end(), word) != words.end();
  };
  for (const sema::Permission& permission : c.permissions) {
    if (has(permission.verbs, "create") && has(permission.resources, "pods")) return true;
  }
  return false;
}

}  // namespace

void Checker::CheckComponentRules() {
  std::map<int32_t, Span> node_ports;
  for (const sema::Component& c : program_.components) {
    std::string_view kind = sema::KindName(c.kind);
    CheckExternal(c);
    CheckEnvReferences(c);
    // An external runs no container, so it has no image (E0401 if given).
    bool runs = c.kind != Kind::External;
    if (runs && c.image.empty() && !c.image_span.valid() && !c.incomplete) {
      diags_
          .Report(DiagCode::MissingImage, c.name_span,
                  fmt::format("`{} {}` has no image", kind, c.name))
          .Help("add `image \"REPOSITORY:TAG\"`");
    } else if (!c.image.empty()) {
      std::string_view image = c.image;
      bool malformed = image.find_first_of(" \t\n\"'") != std::string_view::npos ||
                       image.front() == ':' || image.back() == ':' || image.back() == '/';
      size_t slash = image.rfind('/');
      std::string_view last = slash == std::string_view::npos ? image : image.substr(slash + 1);
      size_t colon = last.find(':');
      if (malformed) {
        diags_
            .Report(DiagCode::InvalidImage, c.image_span,
                    fmt::format("`{}` is not an image reference", image))
            .Help("write `REPOSITORY:TAG`, as in `nginx:1.25.3`");
      } else if (image.find('@') == std::string_view::npos &&
                 (colon == std::string_view::npos || last.substr(colon + 1) == "latest")) {
        diags_
            .Report(DiagCode::LatestImage, c.image_span,
                    fmt::format("image `{}` is not pinned to a version", image))
            .Note(
                "`:latest` and untagged images change under a running system; a rollout cannot be "
                "reproduced")
            .Help("name a tag such as `:1.25.3` or a digest `@sha256:...`");
      }
    }
    if (c.kind == Kind::Cron && c.schedule.empty() && !c.incomplete) {
      diags_
          .Report(DiagCode::MissingSchedule, c.name_span,
                  fmt::format("`cron {}` has no schedule", c.name))
          .Help("add `schedule \"*/5 * * * *\"`");
    }
    if (c.autoscale && c.replicas) {
      diags_
          .Report(DiagCode::AutoscaleWithReplicas, c.replicas_span,
                  fmt::format("`replicas` of `{}` is overridden by its autoscaler", c.name))
          .With(c.autoscale->span, "the autoscaler decides the replica count")
          .Help("drop `replicas`; the autoscaler starts at its minimum");
    }
    // Placement that no node can satisfy.
    for (const PlaceTerm& a : c.placement) {
      for (const PlaceTerm& b : c.placement) {
        if (&a == &b) continue;
        bool same_role = a.role.valid() && a.role == b.role;
        if (same_role && a.kind == PlaceTerm::Kind::Require &&
            (b.kind == PlaceTerm::Kind::Avoid || b.kind == PlaceTerm::Kind::Forbid)) {
          diags_
              .Report(DiagCode::ContradictoryPlacement, b.span,
                      fmt::format("`{}` both requires and avoids role `{}`", c.name,
                                  program_.roles[a.role.value].name))
              .With(a.span, "required here");
        }
        if (same_role && a.kind == PlaceTerm::Kind::Prefer && b.kind == PlaceTerm::Kind::Forbid) {
          diags_
              .Report(DiagCode::ContradictoryPlacement, b.span,
                      fmt::format("`{}` both prefers and forbids role `{}`", c.name,
                                  program_.roles[a.role.value].name))
              .With(a.span, "preferred here");
        }
        bool same_component = a.component.valid() && a.component == b.component;
        if (same_component && a.kind == PlaceTerm::Kind::Near && b.kind == PlaceTerm::Kind::Apart &&
            (a.weight == 0 || b.weight == 0)) {
          diags_
              .Report(DiagCode::ContradictoryPlacement, b.span,
                      fmt::format("`{}` is placed both near and apart from `{}`", c.name,
                                  program_[a.component].name))
              .With(a.span, "near here");
        }
        if (a.kind == PlaceTerm::Kind::Require && b.kind == PlaceTerm::Kind::Require &&
            a.role.valid() && b.role.valid() && &a < &b) {
          const sema::Role& ra = program_.roles[a.role.value];
          const sema::Role& rb = program_.roles[b.role.value];
          if (ra.key == rb.key && ra.op == sema::Role::Op::Equals &&
              rb.op == sema::Role::Op::Equals && ra.values != rb.values) {
            diags_
                .Report(DiagCode::ContradictoryPlacement, b.span,
                        fmt::format("`{}` requires node label `{}` to be both `{}` and `{}`",
                                    c.name, ra.key, ra.values[0], rb.values[0]))
                .With(a.span, "first required here");
          }
        }
      }
    }
    for (const sema::Probe* probe : {&c.readiness, &c.liveness}) {
      bool connects =
          probe->kind == sema::Probe::Kind::Http || probe->kind == sema::Probe::Kind::Tcp;
      if (connects && probe->port < c.ports.size() && c.ports[probe->port].udp) {
        diags_
            .Report(DiagCode::TcpCheckOnUdpPort, probe->port_span,
                    fmt::format("port `{}` of `{}` is UDP; a {} check connects over TCP and would "
                                "never pass",
                                probe->port_name, c.name,
                                probe->kind == sema::Probe::Kind::Http ? "http" : "tcp"))
            .With(c.ports[probe->port].span, "declared UDP here")
            .Help("check a TCP port, or use `exec` with a client that speaks the protocol");
      }
    }
    if (c.autoscale) {
      const sema::Resource& resource = c.autoscale->memory ? c.memory : c.cpu;
      if (!resource.request) {
        std::string_view metric = c.autoscale->memory ? "memory" : "cpu";
        diags_
            .Report(DiagCode::AutoscaleWithoutRequest, c.autoscale->span,
                    fmt::format("`{}` scales on {} utilization but requests no {}; the autoscaler "
                                "will never act",
                                c.name, metric, metric))
            .Note("utilization is measured against the pods' request")
            .Help(fmt::format("add `{} REQUEST`, e.g. `{} {}`", metric, metric,
                              c.autoscale->memory ? "256Mi" : "250m"));
      }
    }
    if (c.budget) {
      const sema::Budget& budget = *c.budget;
      int32_t replicas = c.autoscale ? c.autoscale->min : c.effective_replicas();
      bool blocks = budget.max_unavailable
                        ? budget.value == 0
                        : (budget.percent ? budget.value == 100 : budget.value >= replicas);
      if (c.kind == Kind::Daemon && (budget.percent || budget.max_unavailable)) {
        // The disruption controller counts a DaemonSet's pods only for an
        // absolute minAvailable: it has no scale to take a percentage of.
        diags_
            .Report(DiagCode::BudgetBlocksEviction, budget.span,
                    fmt::format("the budget of daemon `{}` cannot be evaluated", c.name))
            .Note(
                "a DaemonSet has no replica count, so Kubernetes honours only an absolute "
                "`min_available`; this budget would block every eviction")
            .Help("write `budget min_available N` with a number of pods");
      } else if (blocks && c.kind != Kind::Daemon) {
        auto& d = diags_.Report(DiagCode::BudgetBlocksEviction, budget.span,
                                fmt::format("the budget of `{}` never allows an eviction", c.name));
        if (budget.max_unavailable) {
          d.Note("with `max_unavailable 0` no pod may ever be evicted, so node drains hang");
        } else {
          d.Note(fmt::format(
              "`{}` runs {} replica{}, and the budget keeps {} available", c.name, replicas,
              replicas == 1 ? "" : "s",
              budget.percent ? std::to_string(budget.value) + "%" : std::to_string(budget.value)));
          if (c.replicas_span.valid()) d.With(c.replicas_span, "replicas set here");
        }
        d.Help("allow at least one pod to be unavailable, e.g. `budget max_unavailable 1`");
      }
    }
    for (const sema::Storage& storage : c.storage) {
      bool single_node = storage.access == sema::AccessMode::ReadWriteOnce ||
                         storage.access == sema::AccessMode::ReadWriteOncePod;
      if (!storage.persistent || !single_node) continue;
      // An adopted claim is one claim, even for a stateful component.
      bool one_claim = c.kind != Kind::Stateful || storage.shared || !storage.claim.empty();
      int32_t replicas = MaxReplicas(c);
      if (one_claim && (replicas > 1 || c.kind == Kind::Daemon)) {
        auto& d = diags_.Report(
            DiagCode::SharedReadWriteOnce, storage.span,
            fmt::format("{} pods of `{}` would share the {} volume `{}`",
                        c.kind == Kind::Daemon ? std::string("many") : std::to_string(replicas),
                        c.name,
                        storage.access == sema::AccessMode::ReadWriteOncePod ? "ReadWriteOncePod"
                                                                             : "ReadWriteOnce",
                        storage.name));
        d.Note(storage.access == sema::AccessMode::ReadWriteOncePod
                   ? "a ReadWriteOncePod volume is used by one pod; the others never start"
                   : "a ReadWriteOnce volume attaches to one node; pods elsewhere never start");
        d.Help(c.kind == Kind::Stateful
                   ? "drop `shared` to give each replica its own claim, or use `access rwx`"
                   : "use `access rwx`, run one replica, or make it a `stateful` for a claim per "
                     "replica");
      }
    }
    // A syntax error may have cost the `can` line: stay silent then.
    if (!c.spawns.empty() && !c.incomplete && !MayCreatePods(c)) {
      diags_
          .Report(DiagCode::SpawnsWithoutCreate, c.spawns.front().span,
                  fmt::format("`{}` spawns pods but may not create them", c.name))
          .Note("a component's code may call the Kubernetes API only as its `can` lines allow")
          .Help("add `can create pods`");
    }
    std::map<std::string, Span> paths;
    auto mount_at = [&](const std::string& path, Span span) {
      if (path.empty()) return;
      if (auto [it, fresh] = paths.try_emplace(path, span); !fresh) {
        diags_
            .Report(DiagCode::DuplicateMountPath, span,
                    fmt::format("two volumes are mounted at `{}`", path))
            .With(it->second, "first mounted here");
      }
    };
    for (const sema::Storage& s : c.storage) mount_at(s.path, s.span);
    for (const sema::Files& f : c.files) mount_at(f.path, f.span);
    for (const sema::Mount& m : c.mounts) mount_at(m.path, m.span);
    for (const sema::Scratch& s : c.scratch) mount_at(s.path, s.span);
    for (const sema::Expose& expose : c.expose) {
      if (expose.type == sema::Expose::Type::Headless && c.ports.empty()) {
        diags_
            .Report(DiagCode::ExposeWithoutPorts, expose.span,
                    fmt::format("`{}` has no ports to expose", c.name))
            .Help("declare a port with `port NAME NUMBER`");
      }
      if (expose.node_port == 0) continue;
      if (auto [it, fresh] = node_ports.try_emplace(expose.node_port, expose.span); !fresh) {
        diags_
            .Report(DiagCode::NodePortTaken, expose.span,
                    fmt::format("node port {} is already taken", expose.node_port))
            .With(it->second, "first taken here");
      }
    }
  }
}

void Checker::CheckNames() {
  // Without a topology header (reported already) there is no instance name.
  if (program_.name.empty() && options_.instance.empty()) return;
  const std::string& instance = program_.instance;
  if (!sema::IsDns1123Label(instance)) {
    diags_
        .Report(DiagCode::InvalidName, options_.instance.empty() ? program_.span : Span{},
                fmt::format("instance name `{}` is not a valid DNS-1123 label", instance))
        .Note("lowercase letters, digits and `-`, starting and ending with a letter or digit");
    return;
  }
  auto check = [&](std::string_view name, Span span, std::string_view what, size_t limit,
                   std::string_view why) {
    std::string kube = sema::KubeName(name);
    if (!sema::IsDns1123Label(kube)) {
      diags_
          .Report(DiagCode::InvalidName, span,
                  fmt::format("{} name `{}` is not valid in Kubernetes", what, name))
          .Note(
              "use lowercase letters, digits and `_`, starting and ending with a letter or digit; "
              "`_` becomes `-`");
      return;
    }
    std::string full = instance + "-" + kube;
    if (full.size() > limit) {
      diags_
          .Report(DiagCode::NameTooLong, span,
                  fmt::format("`{}` is {} characters; {} allows at most {}", full, full.size(), why,
                              limit))
          .Help("shorten the name, or the instance name with `--instance`");
    }
  };
  for (const sema::Component& c : program_.components) {
    bool suffixed = c.kind == Kind::Stateful || c.kind == Kind::Cron;
    // An external gets no object, only waits named `wait-NAME` (checked when
    // lowered): its name must be a label, but the instance does not prefix it.
    size_t limit = c.kind == Kind::External ? SIZE_MAX : suffixed ? 52 : 63;
    check(c.name, c.name_span, "component", limit,
          c.kind == Kind::Stateful ? "a StatefulSet (its pods' revision label)"
          : c.kind == Kind::Cron   ? "a CronJob (the names of its jobs)"
                                   : "a Service name");
    for (const sema::Port& port : c.ports) {
      std::string kube = sema::KubeName(port.name);
      bool letter = kube.find_first_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos;
      if (!sema::IsDns1123Label(kube) || kube.size() > 15 || !letter ||
          kube.find("--") != std::string::npos) {
        diags_
            .Report(DiagCode::InvalidName, port.span,
                    fmt::format("port name `{}` is not valid in Kubernetes", port.name))
            .Note(
                "a port name has at most 15 lowercase letters, digits and `_`, with at least one "
                "letter");
      }
    }
  }
  for (const sema::DataObject& data : program_.data) {
    check(data.name, data.span, data.secret ? "secret" : "config", 253, "an object name");
  }
}

}  // namespace whisk::check
