#include "compiler/check/dump_program.h"

#include <nlohmann/json.hpp>

namespace whisk::sema {
namespace {

using Json = nlohmann::ordered_json;

Json StringJson(const Program& program, const Interpolated& text) {
  std::string out;
  for (const StringPart& part : text.parts) {
    switch (part.kind) {
      case StringPart::Kind::Text:
        out += part.text;
        break;
      case StringPart::Kind::Host:
        out += "${" + std::string(program[part.component].name) + ".host}";
        break;
      case StringPart::Kind::Port:
        out += "${" + std::string(program[part.component].name) + ".port." + part.text + "}";
        break;
      case StringPart::Kind::Name:
        out += "${" + part.text + ".name}";
        break;
      case StringPart::Kind::Selector:
        out += "${" + part.text + ".selector}";
        break;
    }
  }
  return out;
}

Json ComponentJson(const Program& program, const Component& c) {
  Json j;
  j["name"] = c.name;
  j["kind"] = KindName(c.kind);
  if (!c.from_template.empty()) j["template"] = c.from_template;
  if (c.kind == Kind::External) {
    j["host"] = c.host;
  } else {
    j["image"] = c.image;
  }
  if (!c.command.empty()) j["command"] = c.command;
  if (!c.args.empty()) j["args"] = c.args;
  for (const Port& port : c.ports) j["ports"][std::string(port.name)] = port.number;
  for (const EnvVar& var : c.env) {
    j["env"][std::string(var.name)] =
        var.data.valid() ? Json(std::string(program.data[var.data.value].name) + "." + var.key)
                         : StringJson(program, var.value);
  }
  for (const EnvFrom& from : c.env_from) {
    const DataObject& data = program.data[from.data.value];
    j["env_from"].push_back(std::string(data.secret ? "secret " : "config ") +
                            std::string(data.name));
  }
  if (c.readiness.kind != Probe::Kind::None) j["ready"] = static_cast<int>(c.readiness.kind);
  if (c.replicas) j["replicas"] = *c.replicas;
  if (c.autoscale) j["autoscale"] = {c.autoscale->min, c.autoscale->max, c.autoscale->percent};
  for (const Storage& s : c.storage) {
    j["storage"].push_back(
        {{"name", s.name}, {"size", s.size.text}, {"path", s.path}, {"persistent", s.persistent}});
  }
  for (const Need& need : c.needs) {
    j["needs"].push_back({{"target", program[need.target].name},
                          {"condition", static_cast<int>(need.condition)},
                          {"implicit", need.implicit}});
  }
  for (const Spawn& spawn : c.spawns) {
    j["spawns"].push_back({{"key", spawn.selector.key},
                           {"op", static_cast<int>(spawn.selector.op)},
                           {"values", spawn.selector.values}});
  }
  for (const PlaceTerm& term : c.placement) {
    Json t{{"kind", static_cast<int>(term.kind)}, {"weight", term.weight}};
    if (term.role.valid()) t["role"] = program.roles[term.role.value].name;
    if (term.component.valid()) t["component"] = program[term.component].name;
    j["placement"].push_back(t);
  }
  return j;
}

}  // namespace

std::string DumpProgram(const Program& program) {
  Json j;
  j["topology"] = program.name;
  j["instance"] = program.instance;
  j["namespace"] = program.namespace_name;
  for (const Param& param : program.params) {
    j["params"][std::string(param.name)] =
        param.value ? Json(param.value->text.empty() ? std::to_string(param.value->integer)
                                                     : param.value->text)
                    : Json(nullptr);
  }
  for (const Component& c : program.components)
    j["components"].push_back(ComponentJson(program, c));
  for (const Edge& edge : program.edges) {
    j["edges"].push_back(
        {program[edge.from].name, program[edge.to].name, edge.reduced ? "reduced" : "wait"});
  }
  for (ComponentId id : program.order) j["order"].push_back(program[id].name);
  return j.dump(2) + "\n";
}

}  // namespace whisk::sema
