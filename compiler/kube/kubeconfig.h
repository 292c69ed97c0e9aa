#pragma once
// Where the cluster is and who we are there: kubeconfig files read as kubectl
// reads them, or the pod's own service account when run inside a cluster.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace whisk::kube {

/// An exec credential plugin (`users[].user.exec`), run for a token or a client certificate.
struct ExecPlugin {
  std::string command;  // as written, or made absolute against the kubeconfig's directory
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
  std::string api_version;  // client.authentication.k8s.io/v1 or v1beta1
  bool provide_cluster_info = false;
  std::string install_hint;
};

/// Everything needed to talk to one API server as one user. Secrets (token, key) are kept
/// here but never printed: see Describe().
struct Connection {
  std::string context;  // the context's name, "" in-cluster
  std::string cluster;
  std::string user;
  std::string server;  // https://host:port[/path]
  std::string ca_pem;  // the CA bundle (PEM); empty: the system's
  bool insecure_skip_tls_verify = false;
  std::string tls_server_name;
  std::string proxy_url;
  std::string client_cert_pem;
  std::string client_key_pem;
  std::string token;       // a bearer token, literal or read from token_file
  std::string token_file;  // re-read when the server answers 401 (projected tokens rotate)
  std::optional<ExecPlugin> exec;
  std::string username, password;          // basic auth, as kubectl still accepts it
  std::string namespace_name = "default";  // the context's namespace, else "default"
  bool in_cluster = false;
  std::string origin;  // where it came from, for messages: "kubeconfig /home/u/.kube/config"
};

/// Where to look, as kubectl's flags and environment say it.
struct ConnectionOptions {
  std::string kubeconfig;      // --kubeconfig: this file only, no merging
  std::string context;         // --context
  std::string kubeconfig_env;  // $KUBECONFIG: files separated by ':', merged
  std::string home;            // $HOME, for ~/.kube/config
  /// The service account directory and the KUBERNETES_SERVICE_HOST/PORT environment of a pod;
  /// replaceable for tests.
  std::string service_account_dir = "/var/run/secrets/kubernetes.io/serviceaccount";
  std::string service_host, service_port;
};

/// The connection, or why there is none: a one-line cause and what was looked at.
struct ConnectionResult {
  std::optional<Connection> connection;
  std::string error;
};

/// Resolves the connection like kubectl: --kubeconfig alone if given; else the files of
/// $KUBECONFIG merged (the first file to define a name or the current context wins); else
/// ~/.kube/config; else, inside a pod, its service account. --context picks a context.
/// Relative paths in a file are relative to that file. Never throws.
ConnectionResult ResolveConnection(const ConnectionOptions& options);

/// Reads the ConnectionOptions from the environment (KUBECONFIG, HOME,
/// KUBERNETES_SERVICE_HOST/PORT) plus the two flags.
ConnectionOptions OptionsFromEnvironment(std::string kubeconfig_flag, std::string context_flag);

/// Which credentials a connection uses ("bearer token", "client certificate" ...), never
/// their values.
std::string Credentials(const Connection& connection);

/// A one-line description safe to print: server, user, context and which
/// credentials are used, never their values.
std::string Describe(const Connection& connection);

}  // namespace whisk::kube
