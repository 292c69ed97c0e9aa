#include "compiler/source/suggest.h"

#include <algorithm>
#include <vector>

namespace whisk {
namespace {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string_view ClosestMatch(std::string_view word, std::span<const std::string_view> candidates) {
  size_t limit = std::max<size_t>(1, (word.size() + 2) / 3);
  std::string_view best;
  size_t best_distance = limit + 1;
  for (std::string_view candidate : candidates) {
    if (candidate == word) continue;
    size_t distance = EditDistance(word, candidate);
    if (distance < best_distance || (distance == best_distance && candidate < best)) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best_distance <= limit ? best : std::string_view{};
}

std::string DidYouMean(std::string_view word, std::span<const std::string_view> candidates) {
  std::string_view match = ClosestMatch(word, candidates);
  if (match.empty()) return {};
  return "; did you mean `" + std::string(match) + "`?";
}

}  // namespace whisk
