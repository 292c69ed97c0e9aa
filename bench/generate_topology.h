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

}  // namespace whisk::bench
