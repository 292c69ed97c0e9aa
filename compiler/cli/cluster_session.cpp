#include "compiler/cli/cluster_session.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "compiler/kube/kubeconfig.h"

namespace whisk::cli {
namespace {

constexpr std::chrono::seconds kRequestTimeout{30};

void Err(const std::string& line) { std::fputs((line + "\n").c_str(), stderr); }

}  // namespace

std::unique_ptr<KubeSession> OpenSession(const Options& options) {
  kube::ConnectionResult resolved =
      kube::ResolveConnection(kube::OptionsFromEnvironment(options.kubeconfig, options.context));
  if (!resolved.connection) {
    Err("whiskc: error: " + resolved.error);
    return nullptr;
  }
  if (options.verbose) Err("whiskc: " + kube::Describe(*resolved.connection));
  auto session = std::make_unique<KubeSession>();
  session->transport = std::make_unique<kube::Transport>(
      *resolved.connection, "whiskc/" WHISK_VERSION,
      std::chrono::duration_cast<std::chrono::milliseconds>(kRequestTimeout));
  session->api = std::make_unique<kube::Api>(*session->transport, kube::RetryPolicy{},
                                             [verbose = options.verbose](const std::string& line) {
                                               if (verbose) Err("whiskc: " + line);
                                             });
  return session;
}

bool ColorOnStdout(const Options& options) {
  switch (options.color) {
    case Options::Color::Always:
      return true;
    case Options::Color::Never:
      return false;
    case Options::Color::Auto: {
      const char* no_color = std::getenv("NO_COLOR");
      return isatty(STDOUT_FILENO) && (no_color == nullptr || *no_color == '\0');
    }
  }
  return false;
}

}  // namespace whisk::cli
