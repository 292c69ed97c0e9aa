#pragma once
// A connection to the cluster the command line names (--kubeconfig, --context), set up as
// every cluster command needs it: credentials, the request timeout, retries logged with -v.

#include <memory>
#include <string>

#include "compiler/cli/options.h"
#include "compiler/kube/api.h"
#include "compiler/kube/transport.h"

namespace whisk::cli {

struct KubeSession {
  std::unique_ptr<kube::Transport> transport;
  std::unique_ptr<kube::Api> api;
};

/// Writes one line (a newline is added) to stderr: how the cluster commands report.
void Err(const std::string& line);

/// The namespace of the kubeconfig context the command line names, for objects whose
/// topology names none (as kubectl's); "" when there is no kubeconfig to read (OpenSession
/// then says why).
std::string ContextNamespace(const Options& options);

/// The session, or nullptr after printing why there is none (no kubeconfig, no context ...).
/// With -v, says which server and user it uses.
std::unique_ptr<KubeSession> OpenSession(const Options& options);

}  // namespace whisk::cli
