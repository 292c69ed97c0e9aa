#pragma once
// The resources of the compiled objects' kinds, found through discovery before any command
// changes or compares anything: a server that cannot be used is found out first.

#include <optional>
#include <string>
#include <vector>

#include "compiler/kube/api.h"
#include "compiler/kube/apply.h"

namespace whisk::kube {

struct Kinds {
  /// One per manifest: its resource, or nullopt when the server does not serve its kind.
  std::vector<std::optional<Resource>> resources;
  /// One per manifest: why its kind is not served (a 404); empty where it is.
  std::vector<std::string> missing;
  /// Set when the server cannot be used at all (no answer, refused credentials, failed
  /// discovery): the one line that says so.
  std::string fatal;
};

/// Finds the resource of every manifest's kind.
Kinds FindKinds(Api& api, const std::vector<Manifest>& manifests);

/// Why a server whose discovery failed with `failure` (not a 404) cannot be used at all: no
/// answer, refused credentials, or a broken server; one line.
std::string UnusableServer(const Connection& connection, const Failure& failure);

}  // namespace whisk::kube
