#include "compiler/kube/exec_credential.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>
#include <vector>

#include "compiler/source/base64.h"

extern char** environ;

namespace whisk::kube {
namespace {

using json = nlohmann::json;

/// "2026-11-27T07:00:00Z" (RFC 3339, UTC or with an offset) as a time point.
std::optional<std::chrono::system_clock::time_point> ParseTime(const std::string& text) {
  std::tm tm{};
  const char* rest = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (!rest) return std::nullopt;
  while (*rest == '.' || (*rest >= '0' && *rest <= '9')) ++rest;  // fractional seconds
  long offset = 0;
  if (*rest == '+' || *rest == '-') {
    int hours = 0, minutes = 0;
    if (std::sscanf(rest + 1, "%2d:%2d", &hours, &minutes) != 2) return std::nullopt;
    offset = (*rest == '+' ? 1 : -1) * (hours * 3600L + minutes * 60L);
  } else if (*rest != 'Z') {
    return std::nullopt;
  }
  return std::chrono::system_clock::from_time_t(timegm(&tm) - offset);
}

std::string ExecInfo(const ExecPlugin& plugin, const Connection& connection) {
  json info = {{"apiVersion", plugin.api_version},
               {"kind", "ExecCredential"},
               {"spec", {{"interactive", false}}}};
  if (plugin.provide_cluster_info) {
    json cluster = {{"server", connection.server}};
    // certificate-authority-data is base64 in the ExecCredential's cluster.
    if (!connection.ca_pem.empty())
      cluster["certificate-authority-data"] = EncodeBase64(connection.ca_pem);
    if (connection.insecure_skip_tls_verify) cluster["insecure-skip-tls-verify"] = true;
    if (!connection.tls_server_name.empty())
      cluster["tls-server-name"] = connection.tls_server_name;
    info["spec"]["cluster"] = cluster;
  }
  return info.dump();
}

/// The child's environment: ours, the plugin's, KUBERNETES_EXEC_INFO.
std::vector<std::string> ChildEnvironment(const ExecPlugin& plugin, const std::string& exec_info) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) env.emplace_back(*e);
  auto set = [&env](const std::string& name, const std::string& value) {
    std::string prefix = name + "=";
    for (std::string& entry : env) {
      if (entry.compare(0, prefix.size(), prefix) == 0) {
        entry = prefix + value;
        return;
      }
    }
    env.push_back(prefix + value);
  };
  for (const auto& [name, value] : plugin.env) set(name, value);
  set("KUBERNETES_EXEC_INFO", exec_info);
  return env;
}

}  // namespace

ExecResult ParseExecCredential(const std::string& text, const std::string& api_version) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return {std::nullopt, "its output is not a JSON ExecCredential"};
  if (doc.value("kind", "") != "ExecCredential") {
    return {std::nullopt, "its output is not an ExecCredential (kind is missing or wrong)"};
  }
  if (doc.value("apiVersion", "") != api_version) {
    return {std::nullopt,
            fmt::format("it answered with apiVersion {}, but the kubeconfig asks for {}",
                        doc.value("apiVersion", "none"), api_version)};
  }
  const json& status = doc.contains("status") ? doc["status"] : json::object();
  ExecCredential credential;
  credential.token = status.value("token", "");
  credential.client_cert_pem = status.value("clientCertificateData", "");
  credential.client_key_pem = status.value("clientKeyData", "");
  if (credential.token.empty() && credential.client_cert_pem.empty()) {
    return {std::nullopt, "its ExecCredential has neither a token nor a client certificate"};
  }
  if (credential.client_cert_pem.empty() != credential.client_key_pem.empty()) {
    return {std::nullopt,
            "its ExecCredential has a client certificate without a key, or a key "
            "without a certificate"};
  }
  if (std::string expiry = status.value("expirationTimestamp", ""); !expiry.empty()) {
    credential.expires = ParseTime(expiry);
    if (!credential.expires) {
      return {std::nullopt, fmt::format("its expirationTimestamp {} is not RFC 3339", expiry)};
    }
  }
  return {std::move(credential), ""};
}

ExecResult RunExecPlugin(const ExecPlugin& plugin, const Connection& connection,
                         std::chrono::milliseconds timeout) {
  auto fail = [&plugin](const std::string& why) {
    std::string hint = plugin.install_hint.empty() ? "" : " (" + plugin.install_hint + ")";
    return ExecResult{std::nullopt,
                      fmt::format("exec credential plugin {}: {}{}", plugin.command, why, hint)};
  };
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) return fail(std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);  // killable as a group

  std::vector<std::string> args = {plugin.command};
  args.insert(args.end(), plugin.args.begin(), plugin.args.end());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env = ChildEnvironment(plugin, ExecInfo(plugin, connection));
  std::vector<char*> envp;
  for (std::string& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);

  pid_t pid = 0;
  int spawned =
      posix_spawnp(&pid, plugin.command.c_str(), &actions, &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  close(out[1]);
  if (spawned != 0) {
    close(out[0]);
    return fail(spawned == ENOENT ? "not found" : std::strerror(spawned));
  }

  std::string output;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  bool timed_out = false;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd fd{out[0], POLLIN, 0};
    int ready = poll(&fd, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    char buffer[4096];
    ssize_t n = read(out[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    output.append(buffer, static_cast<size_t>(n));
  }
  close(out[0]);
  if (timed_out) kill(-pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) return fail(fmt::format("no answer within {} s", timeout.count() / 1000));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return fail(WIFEXITED(status) ? fmt::format("exited with {}", WEXITSTATUS(status))
                                  : fmt::format("killed by signal {}", WTERMSIG(status)));
  }
  ExecResult parsed = ParseExecCredential(output, plugin.api_version);
  if (!parsed.credential) return fail(parsed.error);
  return parsed;
}

}  // namespace whisk::kube
