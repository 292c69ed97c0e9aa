#include "compiler/kube/kubeconfig.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <utility>

#include "compiler/source/base64.h"
#include "compiler/source/file_io.h"

namespace whisk::kube {
namespace {

namespace fs = std::filesystem;

/// A named entry of `clusters`, `users` or `contexts`, with the file that defined it.
struct Entry {
  YAML::Node body;  // the `cluster`, `user` or `context` map
  std::string file;
};

/// The merged view of one or more kubeconfig files.
struct Merged {
  std::map<std::string, Entry> clusters, users, contexts;
  std::string current_context;
  std::vector<std::string> files;  // read, in order
};

std::string Scalar(const YAML::Node& map, const char* key) {
  YAML::Node value = map ? map[key] : YAML::Node();
  return value && value.IsScalar() ? value.as<std::string>() : std::string();
}

/// Adds the named entries of `list` (e.g. `clusters`) that are not defined yet: the first
/// file to define a name wins, as in kubectl.
void MergeNamed(const YAML::Node& list, const char* body_key, const std::string& file,
                std::map<std::string, Entry>& into) {
  if (!list || !list.IsSequence()) return;
  for (const YAML::Node& item : list) {
    std::string name = Scalar(item, "name");
    if (name.empty() || into.count(name) != 0) continue;
    into.emplace(name, Entry{item[body_key], file});
  }
}

/// Reads one file into `merged`; "" or an error message.
std::string MergeFile(const std::string& file, Merged& merged) {
  std::string error;
  std::optional<std::string> text = ReadFile(file, &error);
  if (!text) return fmt::format("cannot read kubeconfig {}: {}", file, error);
  YAML::Node root;
  try {
    root = YAML::Load(*text);
  } catch (const YAML::Exception& e) {
    return fmt::format("kubeconfig {} is not valid YAML: line {}: {}", file, e.mark.line + 1,
                       e.msg);
  }
  if (root && !root.IsNull() && !root.IsMap()) {
    return fmt::format("kubeconfig {} is not a YAML map", file);
  }
  merged.files.push_back(file);
  MergeNamed(root["clusters"], "cluster", file, merged.clusters);
  MergeNamed(root["users"], "user", file, merged.users);
  MergeNamed(root["contexts"], "context", file, merged.contexts);
  if (merged.current_context.empty()) merged.current_context = Scalar(root, "current-context");
  return "";
}

std::vector<std::string> SplitPathList(const std::string& list) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find(':', start);
    if (end == std::string::npos) end = list.size();
    if (end > start) parts.push_back(list.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

/// A path written in `file`, made absolute against the file's directory.
std::string Relative(const std::string& path, const std::string& file) {
  if (path.empty() || fs::path(path).is_absolute()) return path;
  return (fs::path(file).parent_path() / path).lexically_normal().string();
}

/// The bytes of `*-data` (base64) or of the file the plain key names; `what` names it in errors.
bool ReadPem(const YAML::Node& map, const char* data_key, const char* file_key,
             const std::string& defined_in, const char* what, std::string& out,
             std::string& error) {
  std::string data = Scalar(map, data_key);
  if (!data.empty()) {
    std::optional<std::string> bytes = DecodeBase64(data);
    if (!bytes) {
      error = fmt::format("{} in {}: {} is not base64", what, defined_in, data_key);
      return false;
    }
    out = std::move(*bytes);
    return true;
  }
  std::string file = Relative(Scalar(map, file_key), defined_in);
  if (file.empty()) return true;
  std::string read_error;
  std::optional<std::string> text = ReadFile(file, &read_error);
  if (!text) {
    error =
        fmt::format("cannot read the {} {} named in {}: {}", what, file, defined_in, read_error);
    return false;
  }
  out = std::move(*text);
  return true;
}

std::string ReadExec(const YAML::Node& exec, const std::string& file, ExecPlugin& plugin) {
  plugin.command = Scalar(exec, "command");
  if (plugin.command.empty()) return fmt::format("exec plugin in {} has no command", file);
  // kubectl resolves a command with a slash against the file's directory, else on PATH.
  if (plugin.command.find('/') != std::string::npos)
    plugin.command = Relative(plugin.command, file);
  plugin.api_version = Scalar(exec, "apiVersion");
  if (plugin.api_version.empty()) plugin.api_version = "client.authentication.k8s.io/v1";
  if (YAML::Node args = exec["args"]; args && args.IsSequence()) {
    for (const YAML::Node& arg : args) plugin.args.push_back(arg.as<std::string>());
  }
  if (YAML::Node env = exec["env"]; env && env.IsSequence()) {
    for (const YAML::Node& pair : env) {
      plugin.env.emplace_back(Scalar(pair, "name"), Scalar(pair, "value"));
    }
  }
  plugin.provide_cluster_info = exec["provideClusterInfo"] && exec["provideClusterInfo"].as<bool>();
  plugin.install_hint = Scalar(exec, "installHint");
  return "";
}

/// Fills the user's credentials; "" or an error.
std::string ReadUser(const Entry& user, Connection& c) {
  std::string error;
  if (!ReadPem(user.body, "client-certificate-data", "client-certificate", user.file,
               "client certificate", c.client_cert_pem, error) ||
      !ReadPem(user.body, "client-key-data", "client-key", user.file, "client key",
               c.client_key_pem, error)) {
    return error;
  }
  c.token = Scalar(user.body, "token");
  c.token_file = Relative(Scalar(user.body, "tokenFile"), user.file);
  if (c.token.empty() && !c.token_file.empty()) {
    std::optional<std::string> token = ReadFile(c.token_file, &error);
    if (!token) return fmt::format("cannot read the token file {}: {}", c.token_file, error);
    while (!token->empty() && (token->back() == '\n' || token->back() == '\r')) token->pop_back();
    c.token = std::move(*token);
  }
  c.username = Scalar(user.body, "username");
  c.password = Scalar(user.body, "password");
  if (YAML::Node exec = user.body["exec"]; exec && exec.IsMap()) {
    c.exec.emplace();
    if (std::string e = ReadExec(exec, user.file, *c.exec); !e.empty()) return e;
  }
  if (user.body["auth-provider"]) {
    return fmt::format(
        "user {} in {} uses an auth-provider, which kubectl also dropped; use an "
        "exec credential plugin",
        c.user, user.file);
  }
  return "";
}

std::string ReadCluster(const Entry& cluster, Connection& c) {
  c.server = Scalar(cluster.body, "server");
  if (c.server.empty()) {
    return fmt::format("cluster {} in {} has no server", c.cluster, cluster.file);
  }
  std::string error;
  if (!ReadPem(cluster.body, "certificate-authority-data", "certificate-authority", cluster.file,
               "certificate authority", c.ca_pem, error)) {
    return error;
  }
  YAML::Node insecure = cluster.body["insecure-skip-tls-verify"];
  c.insecure_skip_tls_verify = insecure && insecure.IsScalar() && insecure.as<bool>();
  c.tls_server_name = Scalar(cluster.body, "tls-server-name");
  c.proxy_url = Scalar(cluster.body, "proxy-url");
  return "";
}

std::string Names(const std::map<std::string, Entry>& entries) {
  std::string out;
  for (const auto& [name, entry] : entries) out += (out.empty() ? "" : ", ") + name;
  return out.empty() ? "none" : out;
}

ConnectionResult FromMerged(const Merged& merged, const std::string& wanted_context) {
  std::string files = fmt::format("{}", fmt::join(merged.files, ":"));
  Connection c;
  c.context = wanted_context.empty() ? merged.current_context : wanted_context;
  c.origin = "kubeconfig " + files;
  if (c.context.empty()) {
    return {std::nullopt, fmt::format("no current context in {} (contexts: {}); pass --context",
                                      files, Names(merged.contexts))};
  }
  auto context = merged.contexts.find(c.context);
  if (context == merged.contexts.end()) {
    return {std::nullopt, fmt::format("context {} is not in {} (contexts: {})", c.context, files,
                                      Names(merged.contexts))};
  }
  c.cluster = Scalar(context->second.body, "cluster");
  c.user = Scalar(context->second.body, "user");
  if (std::string ns = Scalar(context->second.body, "namespace"); !ns.empty()) {
    c.namespace_name = ns;
  }
  auto cluster = merged.clusters.find(c.cluster);
  if (cluster == merged.clusters.end()) {
    return {std::nullopt, fmt::format("context {} names cluster {}, which is not in {}", c.context,
                                      c.cluster, files)};
  }
  if (std::string e = ReadCluster(cluster->second, c); !e.empty()) return {std::nullopt, e};
  if (!c.user.empty()) {
    auto user = merged.users.find(c.user);
    if (user == merged.users.end()) {
      return {std::nullopt, fmt::format("context {} names user {}, which is not in {}", c.context,
                                        c.user, files)};
    }
    if (std::string e = ReadUser(user->second, c); !e.empty()) return {std::nullopt, e};
  }
  return {std::move(c), ""};
}

/// The pod's own service account, as client-go's InClusterConfig reads it.
ConnectionResult InCluster(const ConnectionOptions& options) {
  Connection c;
  c.in_cluster = true;
  c.origin = "the pod's service account";
  std::string host = options.service_host;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";  // IPv6
  c.server = fmt::format("https://{}:{}", host, options.service_port);
  fs::path dir = options.service_account_dir;
  std::string error;
  std::optional<std::string> ca = ReadFile((dir / "ca.crt").string(), &error);
  if (!ca)
    return {std::nullopt,
            fmt::format("in-cluster: cannot read {}: {}", (dir / "ca.crt").string(), error)};
  c.ca_pem = std::move(*ca);
  c.token_file = (dir / "token").string();
  std::optional<std::string> token = ReadFile(c.token_file, &error);
  if (!token)
    return {std::nullopt, fmt::format("in-cluster: cannot read {}: {}", c.token_file, error)};
  while (!token->empty() && (token->back() == '\n' || token->back() == '\r')) token->pop_back();
  c.token = std::move(*token);
  if (std::optional<std::string> ns = ReadFile((dir / "namespace").string(), &error)) {
    while (!ns->empty() && (ns->back() == '\n' || ns->back() == '\r')) ns->pop_back();
    if (!ns->empty()) c.namespace_name = *ns;
  }
  return {std::move(c), ""};
}

bool Exists(const std::string& file) {
  std::error_code ec;
  return fs::is_regular_file(file, ec);
}

}  // namespace

ConnectionResult ResolveConnection(const ConnectionOptions& options) {
  Merged merged;
  if (!options.kubeconfig.empty()) {
    if (std::string e = MergeFile(options.kubeconfig, merged); !e.empty()) return {std::nullopt, e};
    return FromMerged(merged, options.context);
  }
  if (!options.kubeconfig_env.empty()) {
    // Files of $KUBECONFIG that do not exist are skipped, as kubectl skips them.
    for (const std::string& file : SplitPathList(options.kubeconfig_env)) {
      if (!Exists(file)) continue;
      if (std::string e = MergeFile(file, merged); !e.empty()) return {std::nullopt, e};
    }
    if (!merged.files.empty()) return FromMerged(merged, options.context);
  }
  std::string home_config =
      options.home.empty() ? "" : (fs::path(options.home) / ".kube" / "config").string();
  if (!home_config.empty() && Exists(home_config)) {
    if (std::string e = MergeFile(home_config, merged); !e.empty()) return {std::nullopt, e};
    return FromMerged(merged, options.context);
  }
  if (!options.service_host.empty() && !options.service_port.empty()) return InCluster(options);
  return {std::nullopt,
          "no kubeconfig: --kubeconfig not given, $KUBECONFIG names no existing file, " +
              (home_config.empty() ? std::string("$HOME is not set")
                                   : fmt::format("{} does not exist", home_config)) +
              ", and not running in a pod"};
}

ConnectionOptions OptionsFromEnvironment(std::string kubeconfig_flag, std::string context_flag) {
  auto env = [](const char* name) {
    const char* value = std::getenv(name);
    return value ? std::string(value) : std::string();
  };
  ConnectionOptions options;
  options.kubeconfig = std::move(kubeconfig_flag);
  options.context = std::move(context_flag);
  options.kubeconfig_env = env("KUBECONFIG");
  options.home = env("HOME");
  options.service_host = env("KUBERNETES_SERVICE_HOST");
  options.service_port = env("KUBERNETES_SERVICE_PORT");
  return options;
}

std::string Credentials(const Connection& c) {
  std::string credentials;
  if (!c.client_cert_pem.empty()) credentials = "client certificate";
  if (!c.token.empty() || !c.token_file.empty()) {
    credentials += credentials.empty() ? "bearer token" : " and bearer token";
  }
  if (c.exec) {
    credentials += (credentials.empty() ? "exec plugin " : ", exec plugin ") + c.exec->command;
  }
  if (!c.username.empty()) credentials += credentials.empty() ? "basic auth" : ", basic auth";
  return credentials.empty() ? "no credentials" : credentials;
}

std::string Describe(const Connection& c) {
  return fmt::format("server {} (context {}, user {}, {}; from {})", c.server,
                     c.context.empty() ? "-" : c.context, c.user.empty() ? "-" : c.user,
                     Credentials(c), c.origin);
}

}  // namespace whisk::kube
