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
  }
  return "?";
}

const Port* Component::FindPort(std::string_view port_name) const {
  for (const Port& port : ports) {
    if (port.name == port_name) return &port;
  }
  return nullptr;
}

}  // namespace whisk::sema
