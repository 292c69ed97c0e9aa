#pragma once
// sema::Program: a checked, resolved topology. This is what leaves the front
// end: every name is resolved to a typed id, every value is evaluated and
// typed, every conditional is decided, templates are instantiated, and every
// item keeps the span of the source that said it, so that later phases can
// point their diagnostics at the `.ow` line.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/source/span.h"

namespace whisk::sema {

template <typename Tag>
struct Id {
  static constexpr uint32_t kNone = UINT32_MAX;
  uint32_t value = kNone;
  bool valid() const { return value != kNone; }
  friend bool operator==(Id, Id) = default;
};
using ComponentId = Id<struct ComponentTag>;
using RoleId = Id<struct RoleTag>;
using DataId = Id<struct DataTag>;
using ParamId = Id<struct ParamTag>;

// ---------------------------------------------------------------- values

enum class Type : uint8_t { Int, Bool, String, Quantity, Duration, Port, Percent, List, Component };

/// A Kubernetes resource quantity: `512Mi`, `250m`, `2`.
struct Quantity {
  std::string text;   // canonical spelling, as Kubernetes reads it
  int64_t milli = 0;  // value × 1000, for comparisons (saturates)
};

struct Duration {
  std::string text;  // `30s`
  int64_t millis = 0;
};

/// A value of a parameter, a template argument or a literal.
struct Value {
  Type type = Type::String;
  int64_t integer = 0;  // Int, Port, Percent; Bool as 0/1
  std::string text;     // String; the spelling of Quantity and Duration
  Quantity quantity;
  Duration duration;
  Type element = Type::String;      // for List
  std::vector<Value> items;         // for List
  uint32_t component = UINT32_MAX;  // for Component
  Span span;
};

/// A string after interpolation of parameters. References to other
/// components stay symbolic: their addresses depend on the instance name and
/// namespace, which lowering decides. So do `${x.name}` (the Kubernetes name
/// of a component, config or secret) and `${x.selector}` (a component's pod
/// selector), which name an object without depending on it.
struct StringPart {
  enum class Kind : uint8_t { Text, Host, Port, Name, Selector } kind = Kind::Text;
  std::string text;            // Text; the port's name for Port; the whisk name for Name
  ComponentId component;       // Host, Port, Selector; Name of a component (else a config)
  uint32_t port = UINT32_MAX;  // Port: index into the component's ports
  Span span;
  /// Whether it is an address (`.host`, `.port.NAME`): only an address makes
  /// its component a dependency, to wait for and to admit through policies.
  bool is_address() const { return kind == Kind::Host || kind == Kind::Port; }
};
struct Interpolated {
  std::vector<StringPart> parts;
  Span span;
  bool is_literal() const {
    return parts.size() <= 1 && (parts.empty() || parts[0].kind == StringPart::Kind::Text);
  }
  std::string literal() const { return parts.empty() ? std::string() : parts[0].text; }
};

// ---------------------------------------------------------------- declarations

struct Param {
  std::string_view name;
  Type type = Type::String;
  Type element = Type::String;
  std::optional<Value> min, max;  // both or neither
  /// `in ["a", "b"]` on a string parameter: the only values it may take.
  std::vector<std::string> choices;
  Span range_span;             // the range or the list of choices
  std::optional<Value> value;  // default, then values files, then --set
  enum class Origin : uint8_t { Default, File, Set, Unset } origin = Origin::Unset;
  Span span;
  Span value_span;
};

/// One label requirement: `"KEY" == "V"`, `!= "V"`, `in ["A", "B"]` or
/// `exists`. A role's selects node labels, a `spawns`'s pod labels.
struct LabelSelector {
  std::string key;
  enum class Op : uint8_t { Equals, NotEquals, In, Exists } op = Op::Equals;
  std::vector<std::string> values;  // one for Equals and NotEquals, none for Exists
};

struct Role : LabelSelector {
  std::string_view name;
  bool tainted = false;
  std::string taint_effect = "NoSchedule";
  Span span;
};

struct DataEntry {
  std::string key;
  std::optional<Interpolated> value;  // `key = value`
  std::string file;                   // `key from "path"`: resolved path
  Span span;
};

/// A ConfigMap or a Secret.
struct DataObject {
  std::string_view name;
  bool secret = false;
  std::vector<DataEntry> entries;
  Span span;
  /// `secret NAME from COMPONENT`: made at run time by that component, so
  /// its keys are unknown, it is not generated, and its users wait for it.
  ComponentId made_by;
};

// ---------------------------------------------------------------- components

/// What a component becomes. An `External` lives outside the cluster: whiskc
/// generates nothing for it, but others reach it at its `host` and wait for it.
enum class Kind : uint8_t { Service, Stateful, Daemon, Job, Cron, External };
std::string_view KindName(Kind kind);
/// The kind a keyword (`service`, `stateful` ...) names, if it names one.
std::optional<Kind> KindFromKeyword(std::string_view word);

struct Port {
  std::string_view name;
  int32_t number = 0;
  bool udp = false;
  Span span;
};

struct EnvVar {
  std::string_view name;
  enum class Source : uint8_t { Literal, ConfigKey, SecretKey, Field } source = Source::Literal;
  Interpolated value;  // Literal; the field path for Field
  DataId data;         // ConfigKey, SecretKey
  std::string key;
  Span span;
};

/// `env from config NAME` / `env from secret NAME`: every key of the config
/// or secret as a variable (Kubernetes `envFrom`); `env` items win over it.
struct EnvFrom {
  DataId data;
  Span span;
};

struct Probe {
  enum class Kind : uint8_t { None, Http, Tcp, Exec, Endpoints } kind = Kind::None;
  std::string path;            // Http
  std::string_view port_name;  // Http, Tcp
  Span port_span;
  uint32_t port = UINT32_MAX;        // Http, Tcp: index into ports
  std::vector<std::string> command;  // Exec
  std::optional<Duration> every, after, timeout;
  std::optional<int64_t> failures;
  Span span;
};

struct Resource {
  std::optional<Quantity> request, limit;
  Span span;
};

enum class AccessMode : uint8_t { ReadWriteOnce, ReadWriteMany, ReadOnlyMany, ReadWriteOncePod };

struct Storage {
  std::string_view name;
  Quantity size;
  std::string path;
  bool shared = false;
  std::string storage_class;
  std::string claim;  // adopt an existing claim by name
  AccessMode access = AccessMode::ReadWriteOnce;
  bool persistent = true;  // false: the `if` condition was false, so emptyDir
  Span span;
};

/// `files "/task" from "a.sh", "b.sh"`: a generated ConfigMap mounted at path.
struct Files {
  std::string path;
  std::vector<std::string> sources;  // resolved relative to the declaring file
  Span span;
};

struct Mount {
  DataId data;
  std::string path;
  Span span;
};

struct Scratch {
  std::string_view name;
  std::string path;
  Span span;
};

enum class Condition : uint8_t { Started, Ready, Completed };

struct Need {
  ComponentId target;
  Condition condition = Condition::Ready;
  bool always = false;    // keep the wait even when implied by another
  bool implicit = false;  // from a reference like `${kafka.host}`
  Span span;
};

struct PlaceTerm {
  enum class Kind : uint8_t { Require, Forbid, Prefer, Avoid, Spread, Near, Apart } kind;
  RoleId role;            // Require, Forbid, Prefer, Avoid
  ComponentId component;  // Near, Apart
  int32_t weight = 0;     // 0: required (strict); otherwise 1..100
  bool zone = false;      // Spread: across zones rather than hosts
  Span span;
};

struct Autoscale {
  int32_t min = 1, max = 1;
  bool memory = false;  // metric: cpu or memory
  int32_t percent = 80;
  Span span;
};

struct Budget {
  bool max_unavailable = true;  // else min_available
  int32_t value = 1;
  bool percent = false;
  Span span;
};

struct Expose {
  enum class Type : uint8_t { ClusterIP, Headless, NodePort, LoadBalancer, Ingress } type;
  std::string_view port_name;
  Span port_span;
  uint32_t port = UINT32_MAX;  // index into ports; none for Headless
  int32_t node_port = 0;
  std::string host, path = "/", tls_secret;
  Span span;
};

struct Permission {
  std::vector<std::string> verbs;
  std::vector<std::string> resources;  // `pods`, `pods/log`, `deployments.apps`
  Span span;
};

/// `spawns pods "KEY" SELECTOR`: pods the component creates at run time.
/// whiskc never sees them, but `isolate` admits only their owner to them.
struct Spawn {
  LabelSelector selector;
  Span span;
};

/// A raw object merged into the generated Kubernetes object: JSON text.
struct Patch {
  std::string json;
  Span span;
};

struct Component {
  std::string_view name;
  Kind kind = Kind::Service;
  Span span;                       // the whole declaration
  Span name_span;                  // its name
  std::string_view from_template;  // empty unless instantiated with `use`
  /// `use TEMPLATE as daemon NAME`: where the kind was chosen, overriding the
  /// template's; invalid when the kind is the template's or the declaration's.
  Span kind_span;

  std::string image;
  Span image_span;
  std::string host;  // External: a DNS name or an IP address
  Span host_span;
  std::vector<std::string> command, args;
  std::vector<Span> command_spans, args_spans;  // one per word, where it was written
  std::vector<Port> ports;
  std::vector<EnvVar> env;
  std::vector<EnvFrom> env_from;  // in the order written; later ones win a key
  Resource cpu, memory;
  Probe readiness, liveness;
  std::vector<Storage> storage;
  std::vector<Files> files;
  std::vector<Mount> mounts;
  std::vector<Scratch> scratch;
  std::vector<Need> needs;
  std::vector<PlaceTerm> placement;
  std::optional<int32_t> replicas;
  Span replicas_span;
  std::optional<Autoscale> autoscale;
  std::optional<Budget> budget;
  std::vector<Expose> expose;
  std::vector<Permission> permissions;
  std::vector<Spawn> spawns;
  std::string schedule;
  std::optional<int32_t> retries;
  std::vector<Patch> patches;
  std::string_view source_dir;  // directory of the declaring file, for `files`
  bool incomplete = false;      // a syntax error cost it properties: skip "missing" checks
  /// An `env` item was in error and dropped, so which variables the container
  /// has is not known: checks of `$(NAME)` stay silent.
  bool env_incomplete = false;

  int32_t effective_replicas() const { return replicas.value_or(1); }
  const Port* FindPort(std::string_view port_name) const;
};

/// The dependency graph between components, as edges by source index.
struct Edge {
  ComponentId from;      // the consumer
  ComponentId to;        // what it waits for
  uint32_t need;         // index into from's needs
  bool reduced = false;  // implied by a longer path; no wait generated
};

struct Program {
  std::string_view name;  // the topology's name
  std::string instance;   // `--instance`, else the topology name
  std::string namespace_name;
  /// The namespace is the kubeconfig context's: it is the user's to have, not the topology's
  /// to create (or, on delete, to remove).
  bool namespace_from_context = false;
  bool isolate = false;
  std::string wait_image;
  Span span;

  std::vector<Param> params;
  std::vector<Role> roles;
  std::vector<DataObject> data;
  std::vector<Component> components;
  std::vector<Edge> edges;
  /// Components in an order where each comes after everything it needs.
  std::vector<ComponentId> order;

  const Component& operator[](ComponentId id) const { return components[id.value]; }
};

/// Calls `visit` on every text a component's processes read: its env values,
/// the config entries it takes env from (one key, or all of them with `env
/// from`), and the entries of the configs it mounts. An address named in any
/// of them is a dependency.
void ForEachReadText(const Program& program, const Component& c,
                     const std::function<void(const Interpolated&)>& visit);

/// The port a wait for `target` under `condition` connects to: its HTTP or
/// TCP readiness's port, else the first port for `started` or a provider
/// without readiness; UINT32_MAX when the wait asks the API server or runs a
/// command.
uint32_t WaitPort(Condition condition, const Component& target);

}  // namespace whisk::sema
