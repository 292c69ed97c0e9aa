#pragma once

#include <span>
#include <string>
#include <string_view>

namespace whisk {

/// The candidate closest to `word` by edit distance, or "" when none is close
/// enough to be a plausible typo (at most a third of the word's length).
std::string_view ClosestMatch(std::string_view word, std::span<const std::string_view> candidates);

/// "; did you mean `x`?" when a close candidate exists, else "".
std::string DidYouMean(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace whisk
