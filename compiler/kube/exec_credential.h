#pragma once
// Exec credential plugins (client.authentication.k8s.io), as cloud providers ship them:
// run the command, read an ExecCredential from its stdout.

#include <chrono>
#include <optional>
#include <string>

#include "compiler/kube/kubeconfig.h"

namespace whisk::kube {

struct ExecCredential {
  std::string token;
  std::string client_cert_pem, client_key_pem;
  /// When it stops being valid; nullopt: until the server says 401.
  std::optional<std::chrono::system_clock::time_point> expires;
};

struct ExecResult {
  std::optional<ExecCredential> credential;
  std::string error;  // one line: which command, and why it gave nothing
};

/// Runs the plugin without a shell, with its env added to ours and KUBERNETES_EXEC_INFO set
/// (interactive: false; the cluster when provideClusterInfo), stdin from /dev/null, killed
/// after `timeout`. Its stderr is passed through (plugins print prompts and hints there).
ExecResult RunExecPlugin(const ExecPlugin& plugin, const Connection& connection,
                         std::chrono::milliseconds timeout);

/// Parses an ExecCredential document; exposed for tests.
ExecResult ParseExecCredential(const std::string& json, const std::string& api_version);

}  // namespace whisk::kube
