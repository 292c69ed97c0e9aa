#pragma once
// A generator of large, valid whisk topologies for benchmarks and tests.

#include <cstdint>
#include <string>

namespace whisk::bench {

/// Returns the text of a topology with `components` components that
/// `whiskc check` accepts with no error and no warning: a `topology` header,
/// parameters, three roles, two named placements, then components `c0`,
/// `c1`, ... cycling through service, stateful, daemon and job. Each component
/// only refers to components with a lower index, so the dependency graph has
/// no cycle. The same `components` and `seed` always give the same text.
std::string GenerateTopology(int components, uint32_t seed = 1);

/// Returns a chain of `components` web services, each with two ports, an
/// HTTP readiness, resources and an env value naming the previous one's
/// address (so it waits for it): a Deployment and a Service each, about two
/// objects and 2.6 KB of YAML per component. This is the scale the compile
/// target is stated at (10 000 components, ~20 000 objects).
std::string GenerateServiceChain(int components);

}  // namespace whisk::bench
