// Dependency waits: one init container per direct dependency (after
// transitive reduction) that checks, from outside, what the provider declared
// as its readiness, and says on every attempt what it is waiting for, so that
// `kubectl logs POD -c wait-kafka` explains a pod stuck in Init. The four
// scripts are written once, in the ConfigMap `<instance>-whisk-waits`, and
// each wait passes its target in environment variables.
#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <regex>

#include "compiler/check/names.h"
#include "compiler/lower/lowerer.h"

namespace whisk::lower {
namespace {

/// The image of waits that need only a shell, nc and curl: pinned, small,
/// and overridable with `wait_image` in the topology.
constexpr std::string_view kDefaultWaitImage = "curlimages/curl:8.11.1";

constexpr std::string_view kHttpScript = R"sh(n=0
while :; do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$WHISK_URL")
  case "$code" in 2??) break ;; 000 | '') code='no answer' ;; esac
  n=$((n + 1))
  echo "whisk: waiting for $WHISK_TARGET: GET $WHISK_URL: $code, want 2xx (attempt $n)"
  sleep 2
done
echo "whisk: $WHISK_TARGET is ready: GET $WHISK_URL: $code"
)sh";

constexpr std::string_view kTcpScript = R"sh(n=0
until nc -z -w 2 "$WHISK_HOST" "$WHISK_PORT"; do
  n=$((n + 1))
  echo "whisk: waiting for $WHISK_TARGET: no connection to $WHISK_HOST:$WHISK_PORT (attempt $n)"
  sleep 2
done
echo "whisk: $WHISK_TARGET accepts connections on $WHISK_HOST:$WHISK_PORT"
)sh";

constexpr std::string_view kCommandScript = R"sh(n=0
until sh -c "$WHISK_COMMAND"; do
  n=$((n + 1))
  echo "whisk: waiting for $WHISK_TARGET: \`$WHISK_COMMAND\` failed (attempt $n)"
  sleep 2
done
echo "whisk: $WHISK_TARGET is ready: \`$WHISK_COMMAND\` succeeded"
)sh";

// The pod's own service account token; `kubernetes.default.svc` is the API
// server from inside any pod (and its certificate names it). The API server
// pretty-prints JSON for a User-Agent starting with `curl`, which would split
// what WHISK_EXPECT matches across lines: ask for compact JSON. WHISK_FAIL,
// when set, is what the object says once it can never become what is waited
// for (a Job out of retries): then the wait fails, so that the pod shows the
// failure and the kubelet retries with back-off, rather than waiting forever.
constexpr std::string_view kApiScript = R"sh(sa=/var/run/secrets/kubernetes.io/serviceaccount
n=0
while :; do
  status=$(curl -sf --max-time 5 -A whiskc-wait --cacert "$sa/ca.crt" \
    -H "Authorization: Bearer $(cat "$sa/token")" \
    "https://kubernetes.default.svc$WHISK_PATH?pretty=false")
  printf '%s' "$status" | grep -Eq "$WHISK_EXPECT" && break
  if [ -n "$WHISK_FAIL" ] && printf '%s' "$status" | grep -Eq "$WHISK_FAIL"; then
    echo "whisk: $WHISK_TARGET failed: $WHISK_FAILURE"
    exit 1
  fi
  n=$((n + 1))
  echo "whisk: waiting for $WHISK_TARGET: want $WHISK_WANT, asking GET $WHISK_PATH (attempt $n)"
  sleep 2
done
echo "whisk: $WHISK_TARGET: $WHISK_WANT"
)sh";

/// The scripts, by WaitScript, as keys of the shared ConfigMap.
struct Script {
  std::string_view key, text;
};
constexpr Script kScripts[] = {{"http.sh", kHttpScript},
                               {"tcp.sh", kTcpScript},
                               {"command.sh", kCommandScript},
                               {"api.sh", kApiScript}};

constexpr std::string_view kWaitsVolume = "whisk-waits";
constexpr std::string_view kWaitsPath = "/whisk";

/// What `kubectl get` calls a workload's resource, and how its status says
/// that a replica is ready.
struct WorkloadStatus {
  std::string_view group, resource, expect;
};
WorkloadStatus StatusOf(sema::Kind kind) {
  switch (kind) {
    case sema::Kind::Stateful:
      return {"apps", "statefulsets", R"("readyReplicas":[1-9])"};
    case sema::Kind::Daemon:
      return {"apps", "daemonsets", R"("numberReady":[1-9])"};
    default:
      return {"apps", "deployments", R"("readyReplicas":[1-9])"};
  }
}

const std::regex& LocalAddress() {
  static const std::regex kLocal(R"(\b(localhost|127\.0\.0\.1)\b)");
  return kLocal;
}

bool NamesLocalhost(const std::vector<std::string>& command) {
  for (const std::string& word : command) {
    if (std::regex_search(word, LocalAddress())) return true;
  }
  return false;
}

/// `word` as the shell reads it back: bare when it has nothing special.
std::string ShellQuote(std::string_view word) {
  bool bare = !word.empty() && word.find_first_not_of(
                                   "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                   "0123456789_./:=@%+-,") == std::string_view::npos;
  if (bare) return std::string(word);
  std::string quoted = "'";
  for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

/// The provider's exec readiness, run from the consumer's side: `localhost`
/// becomes the provider's address. One word is a shell line already.
std::string ClientCommand(const std::vector<std::string>& command, const std::string& host) {
  std::string line;
  if (command.size() == 1) {
    line = command[0];
  } else {
    for (const std::string& word : command) {
      if (!line.empty()) line += ' ';
      line += ShellQuote(word);
    }
  }
  return std::regex_replace(line, LocalAddress(), host);
}

}  // namespace

namespace {

/// How to wait for `target` (at `host`, in namespace `ns`) as `need` asks:
/// the provider's declared readiness, checked from outside.
Wait PlanWait(const sema::Need& need, const sema::Component& target, const std::string& host,
              std::string_view ns) {
  Wait wait;
  auto tcp = [&](uint32_t port) {
    wait.script = WaitScript::Tcp;
    wait.env = {{"WHISK_HOST", host}, {"WHISK_PORT", std::to_string(target.ports[port].number)}};
  };
  auto api = [&](std::string_view group, std::string_view resource, std::string_view expect,
                 std::string want) {
    wait.script = WaitScript::Api;
    std::string path =
        group.empty() ? fmt::format("/api/v1/namespaces/{}/{}/{}", ns, resource, host)
                      : fmt::format("/apis/{}/v1/namespaces/{}/{}/{}", group, ns, resource, host);
    wait.env = {{"WHISK_PATH", path},
                {"WHISK_EXPECT", std::string(expect)},
                {"WHISK_WANT", std::move(want)}};
    wait.access = AccessRule{std::string(group), std::string(resource), {host}, {"get"}};
  };
  auto workload_ready = [&] {
    WorkloadStatus status = StatusOf(target.kind);
    api(status.group, status.resource, status.expect, fmt::format("a ready pod of {}", host));
  };
  const sema::Probe& probe = target.readiness;
  if (need.condition == sema::Condition::Completed) {
    api("batch", "jobs", R"("type":"Complete","status":"True")",
        fmt::format("Job {} complete", host));
    // A Job out of retries never completes: say so instead of waiting forever.
    wait.env.push_back({"WHISK_FAIL", R"("type":"Failed","status":"True")"});
    wait.env.push_back({"WHISK_FAILURE", fmt::format("Job {0} has condition Failed; see kubectl "
                                                     "logs job/{0}",
                                                     host)});
    return wait;
  }
  if (need.condition == sema::Condition::Started) {
    tcp(sema::WaitPort(need.condition, target));
    return wait;
  }
  switch (probe.kind) {
    case sema::Probe::Kind::Http: {
      // An external may be an IPv6 address, which a URL writes in brackets.
      std::string authority = host.find(':') == std::string::npos ? host : "[" + host + "]";
      wait.script = WaitScript::Http;
      wait.env = {{"WHISK_URL", fmt::format("http://{}:{}{}", authority,
                                            target.ports[probe.port].number, probe.path)}};
      break;
    }
    case sema::Probe::Kind::Tcp:
      tcp(probe.port);
      break;
    case sema::Probe::Kind::Exec:
      if (NamesLocalhost(probe.command)) {
        // A client check: run it from here, in the provider's image (which
        // has the client), against the provider's address.
        wait.script = WaitScript::Command;
        wait.image = target.image;
        wait.env = {{"WHISK_COMMAND", ClientCommand(probe.command, host)}};
      } else {
        // A check of the container's own state (`pg_isready` with no host):
        // only the kubelet can run it, so ask whether it passed.
        workload_ready();
      }
      break;
    case sema::Probe::Kind::Endpoints:
      if (target.ports.empty()) {
        workload_ready();
      } else {
        api("", "endpoints", R"("addresses":\[)",
            fmt::format("a ready endpoint behind Service {}", host));
      }
      break;
    case sema::Probe::Kind::None:
      if (target.ports.empty()) {
        workload_ready();
      } else {
        tcp(sema::WaitPort(need.condition, target));
      }
      break;
  }
  return wait;
}

}  // namespace

void Lowerer::LowerWaits(NodeId pod_spec, ComponentId id) {
  NodeId init = k8s::kNoNode;
  for (uint32_t e : edges_from_[id.value]) {
    const sema::Edge& edge = program_.edges[e];
    if (edge.reduced) continue;
    Wait wait = PlanWait(program_[id].needs[edge.need], program_[edge.to], Address(edge.to),
                         program_.namespace_name);
    if (init == k8s::kNoNode) init = tree_.SetList(pod_spec, "initContainers");
    WriteWait(tree_.AppendMap(init), sema::KubeName(program_[edge.to].name), wait);
    if (wait.access) info_[id.value].access.push_back(std::move(*wait.access));
  }
  if (init != k8s::kNoNode) {
    NodeId volume = tree_.AppendMap(tree_.FindOrAddList(pod_spec, "volumes"));
    tree_.Set(volume, "name", Stored(kWaitsVolume));
    tree_.SetString(tree_.SetMap(volume, "configMap"), "name", WaitsConfigName());
  }
}

void Lowerer::WriteWait(NodeId container, const std::string& target, const Wait& wait) {
  tree_.SetString(container, "name", "wait-" + target);
  bool own_image = wait.image.empty();
  tree_.SetString(container, "image",
                  !own_image                    ? wait.image
                  : program_.wait_image.empty() ? std::string(kDefaultWaitImage)
                                                : program_.wait_image);
  NodeId command = tree_.SetList(container, "command");
  tree_.Append(command, Stored("sh"));
  tree_.AppendString(command, fmt::format("{}/{}", kWaitsPath, kScripts[int(wait.script)].key));
  scripts_used_[int(wait.script)] = true;
  NodeId env = tree_.SetList(container, "env");
  auto add_env = [&](std::string_view name, std::string_view value) {
    NodeId entry = tree_.AppendMap(env);
    tree_.Set(entry, "name", Stored(name));
    tree_.SetString(entry, "value", value);
  };
  add_env("WHISK_TARGET", target);
  for (const auto& [name, value] : wait.env) add_env(name, value);
  // Small and bounded, so that namespaces with quotas admit it; a client
  // from the provider's own image may be heavier than curl.
  NodeId resources = tree_.SetMap(container, "resources");
  tree_.SetString(tree_.SetMap(resources, "limits"), "memory", own_image ? "32Mi" : "128Mi");
  NodeId requests = tree_.SetMap(resources, "requests");
  tree_.SetString(requests, "cpu", "10m");
  tree_.SetString(requests, "memory", own_image ? "16Mi" : "32Mi");
  NodeId security = tree_.SetMap(container, "securityContext");
  tree_.SetBool(security, "allowPrivilegeEscalation", false);
  if (own_image) {
    // The wait image runs as anyone: run it as nobody, with nothing to spare.
    tree_.Append(tree_.SetList(tree_.SetMap(security, "capabilities"), "drop"), Stored("ALL"));
    tree_.SetBool(security, "readOnlyRootFilesystem", true);
    tree_.SetBool(security, "runAsNonRoot", true);
    tree_.SetInt(security, "runAsUser", 65534);
    tree_.SetString(tree_.SetMap(security, "seccompProfile"), "type", "RuntimeDefault");
  }
  NodeId mount = tree_.AppendMap(tree_.SetList(container, "volumeMounts"));
  tree_.Set(mount, "name", Stored(kWaitsVolume));
  tree_.Set(mount, "mountPath", Stored(kWaitsPath));
  tree_.SetBool(mount, "readOnly", true);
}

std::string Lowerer::WaitsConfigName() const { return program_.instance + "-whisk-waits"; }

void Lowerer::LowerWaitScripts() {
  if (std::find(std::begin(scripts_used_), std::end(scripts_used_), true) ==
      std::end(scripts_used_)) {
    return;
  }
  NewObjectResult object = NewObject(k8s::Stage::Config, 0, "v1", "ConfigMap", WaitsConfigName(),
                                     program_.span, ComponentId{});
  NodeId data = tree_.SetMap(object.root, "data");
  for (size_t i = 0; i < std::size(kScripts); ++i) {
    if (!scripts_used_[i]) continue;
    tree_.Set(data, k8s::Key::Interned(kScripts[i].key), Stored(kScripts[i].text));
  }
}

}  // namespace whisk::lower
