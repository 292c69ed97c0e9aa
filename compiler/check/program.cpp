#include "compiler/check/program.h"

namespace whisk::sema {

std::string_view KindName(Kind kind) {
  switch (kind) {
    case Kind::Service:
      return "service";
    case Kind::Stateful:
      return "stateful";
    case Kind::Daemon:
      return "daemon";
    case Kind::Job:
      return "job";
    case Kind::Cron:
      return "cron";
    case Kind::External:
      return "external";
  }
  return "?";
}

std::optional<Kind> KindFromKeyword(std::string_view word) {
  for (Kind kind : {Kind::Service, Kind::Stateful, Kind::Daemon, Kind::Job, Kind::Cron,
                    Kind::External}) {
    if (KindName(kind) == word) return kind;
  }
  return std::nullopt;
}

const Port* Component::FindPort(std::string_view port_name) const {
  for (const Port& port : ports) {
    if (port.name == port_name) return &port;
  }
  return nullptr;
}

void ForEachReadText(const Program& program, const Component& c,
                     const std::function<void(const Interpolated&)>& visit) {
  for (const EnvVar& var : c.env) {
    visit(var.value);
    if (!var.data.valid()) continue;
    for (const DataEntry& entry : program.data[var.data.value].entries) {
      if (entry.key == var.key && entry.value) visit(*entry.value);
    }
  }
  auto every_entry = [&](DataId data) {
    for (const DataEntry& entry : program.data[data.value].entries) {
      if (entry.value) visit(*entry.value);
    }
  };
  for (const EnvFrom& from : c.env_from) every_entry(from.data);
  for (const Mount& mount : c.mounts) every_entry(mount.data);
}

uint32_t WaitPort(Condition condition, const Component& target) {
  const Probe& probe = target.readiness;
  if (condition == Condition::Completed) return UINT32_MAX;
  if (probe.kind == Probe::Kind::Http || probe.kind == Probe::Kind::Tcp) return probe.port;
  bool fallback = condition == Condition::Started || probe.kind == Probe::Kind::None;
  return fallback && !target.ports.empty() ? 0 : UINT32_MAX;
}

}  // namespace whisk::sema
