#include "compiler/kube/kinds.h"

#include <fmt/format.h>

namespace whisk::kube {

std::string UnusableServer(const Connection& c, const Failure& failure) {
  if (failure.no_credentials) {
    return fmt::format("no credentials for user {}: {}", c.user.empty() ? "-" : c.user,
                       failure.message);
  }
  if (failure.status == 0) {
    return fmt::format("cannot reach the API server {}: {}", c.server, Describe(failure));
  }
  if (failure.status == 401) {
    return fmt::format("the API server {} does not accept the credentials of user {} ({}): {}",
                       c.server, c.user.empty() ? "-" : c.user, Credentials(c), Describe(failure));
  }
  return fmt::format("discovery at {} failed: {}", c.server, Describe(failure));
}

Kinds FindKinds(Api& api, const std::vector<Manifest>& manifests) {
  Kinds kinds;
  for (const Manifest& m : manifests) {
    Failure failure;
    kinds.resources.push_back(api.Find(m.api_version, m.kind, &failure));
    kinds.missing.emplace_back();
    if (kinds.resources.back()) continue;
    if (failure.status != 404) {
      // No answer, no access or a broken server: every other request would fail alike.
      kinds.fatal = UnusableServer(api.transport().connection(), failure);
      return kinds;
    }
    kinds.missing.back() = Describe(failure);
  }
  return kinds;
}

}  // namespace whisk::kube
