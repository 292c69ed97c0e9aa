#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "compiler/check/program.h"

namespace whisk::sema {

/// Parses a Kubernetes quantity (`512Mi`, `250m`, `1.5Gi`, `2`, `1e3`) as
/// the API server would; nullopt when Kubernetes would reject it.
std::optional<Quantity> ParseQuantity(std::string_view text);

/// Parses a duration made of `ms`, `s`, `m`, `h` parts (`30s`, `1h30m`).
std::optional<Duration> ParseDuration(std::string_view text);

/// Splits a number token into its digits and unit suffix: `512Mi` → `512`, `Mi`.
std::pair<std::string_view, std::string_view> SplitNumber(std::string_view text);

}  // namespace whisk::sema
