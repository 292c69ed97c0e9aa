#include "compiler/cli/cluster_session.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "compiler/kube/kubeconfig.h"

namespace whisk::cli {

void Err(const std::string& line) { std::fputs((line + "\n").c_str(), stderr); }

namespace {

kube::ConnectionResult Resolve(const Options& options) {
  return kube::ResolveConnection(kube::OptionsFromEnvironment(options.kubeconfig, options.context));
}

}  // namespace

std::string ContextNamespace(const Options& options) {
  kube::ConnectionResult resolved = Resolve(options);
  return resolved.connection ? resolved.connection->namespace_name : "";
}

std::unique_ptr<KubeSession> OpenSession(const Options& options) {
  kube::ConnectionResult resolved = Resolve(options);
  if (!resolved.connection) {
    Err("whiskc: error: " + resolved.error);
    return nullptr;
  }
  if (options.verbose) Err("whiskc: " + kube::Describe(*resolved.connection));
  auto session = std::make_unique<KubeSession>();
  session->transport = std::make_unique<kube::Transport>(
      *resolved.connection, "whiskc/" WHISK_VERSION, options.request_timeout);
  session->api = std::make_unique<kube::Api>(*session->transport, kube::RetryPolicy{},
                                             [verbose = options.verbose](const std::string& line) {
                                               if (verbose) Err("whiskc: " + line);
                                             });
  return session;
}

}  // namespace whisk::cli
