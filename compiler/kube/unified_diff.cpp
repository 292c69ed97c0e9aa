#include "compiler/kube/unified_diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace whisk::kube {
namespace {

/// The lines of `text`, each with its newline (the last may lack one).
std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    end = end == std::string_view::npos ? text.size() : end + 1;
    lines.push_back(text.substr(begin, end - begin));
    begin = end;
  }
  return lines;
}

// The diagonals searched, over all middle snakes, before the search settles for a correct but
// not minimal diff: a few tenths of a second.
constexpr long long kWorkBudget = 50'000'000;

/// Marks the lines of `a` to remove and of `b` to add so that what is left of both is a longest
/// common subsequence: Myers' algorithm, recursing on the middle snake so that memory stays
/// linear in the texts' length.
class Myers {
 public:
  Myers(const std::vector<int>& a, const std::vector<int>& b)
      : a_(a), b_(b), removed_(a.size()), added_(b.size()) {}

  void Run(int a0, int a1, int b0, int b1) {
    while (a0 < a1 && b0 < b1 && a_[a0] == b_[b0]) ++a0, ++b0;
    while (a0 < a1 && b0 < b1 && a_[a1 - 1] == b_[b1 - 1]) --a1, --b1;
    if (a0 == a1 || b0 == b1) {
      MarkAll(a0, a1, b0, b1);
      return;
    }
    std::optional<std::pair<int, int>> split = MiddleSnake(a0, a1, b0, b1);
    // Past the budget, or at a split at either corner (which would recurse on the same problem;
    // never seen), a correct if not minimal answer is better than none.
    if (!split || (split->first == a0 && split->second == b0) ||
        (split->first == a1 && split->second == b1)) {
      MarkAll(a0, a1, b0, b1);
      return;
    }
    Run(a0, split->first, b0, split->second);
    Run(split->first, a1, split->second, b1);
  }

  const std::vector<bool>& removed() const { return removed_; }
  const std::vector<bool>& added() const { return added_; }

 private:
  void MarkAll(int a0, int a1, int b0, int b1) {
    for (int i = a0; i < a1; ++i) removed_[i] = true;
    for (int j = b0; j < b1; ++j) added_[j] = true;
  }

  /// Where the forward and the backward searches of the shortest edit script meet (in absolute
  /// line numbers); the two halves around it can be compared independently.
  std::optional<std::pair<int, int>> MiddleSnake(int a0, int a1, int b0, int b1) {
    const int n = a1 - a0, m = b1 - b0;
    const int max_d = (n + m + 1) / 2;
    const int offset = max_d;
    const int length = 2 * max_d + 2;
    std::vector<int> forward(length, -1), backward(length, -1);
    forward[offset + 1] = 0;
    backward[offset + 1] = 0;
    const int delta = n - m;
    // With an odd delta the forward search meets the backward one; with an even delta the
    // backward one meets the forward one.
    const bool front = delta % 2 != 0;
    int k1_start = 0, k1_end = 0, k2_start = 0, k2_end = 0;
    for (int d = 0; d < max_d; ++d) {
      // Texts that share their lines in wholly different orders cost O((n + m) * d).
      work_ += 2 * d + 1;
      if (work_ > kWorkBudget) return std::nullopt;
      for (int k1 = -d + k1_start; k1 <= d - k1_end; k1 += 2) {
        int at = offset + k1;
        int x1 = k1 == -d || (k1 != d && forward[at - 1] < forward[at + 1]) ? forward[at + 1]
                                                                            : forward[at - 1] + 1;
        int y1 = x1 - k1;
        while (x1 < n && y1 < m && a_[a0 + x1] == b_[b0 + y1]) ++x1, ++y1;
        forward[at] = x1;
        if (x1 > n) {
          k1_end += 2;  // off the right edge
        } else if (y1 > m) {
          k1_start += 2;  // off the bottom
        } else if (front) {
          int other = offset + delta - k1;
          if (other >= 0 && other < length && backward[other] != -1 && x1 >= n - backward[other]) {
            return std::pair{a0 + x1, b0 + y1};
          }
        }
      }
      for (int k2 = -d + k2_start; k2 <= d - k2_end; k2 += 2) {
        int at = offset + k2;
        int x2 = k2 == -d || (k2 != d && backward[at - 1] < backward[at + 1])
                     ? backward[at + 1]
                     : backward[at - 1] + 1;
        int y2 = x2 - k2;
        while (x2 < n && y2 < m && a_[a1 - x2 - 1] == b_[b1 - y2 - 1]) ++x2, ++y2;
        backward[at] = x2;
        if (x2 > n) {
          k2_end += 2;
        } else if (y2 > m) {
          k2_start += 2;
        } else if (!front) {
          int other = offset + delta - k2;
          if (other >= 0 && other < length && forward[other] != -1) {
            int x1 = forward[other];
            int y1 = offset + x1 - other;
            if (x1 >= n - x2) return std::pair{a0 + x1, b0 + y1};
          }
        }
      }
    }
    return std::nullopt;
  }

  const std::vector<int>& a_;
  const std::vector<int>& b_;
  std::vector<bool> removed_, added_;
  long long work_ = 0;  // diagonals searched so far
};

/// One change: lines [a0, a1) of the old text replaced by lines [b0, b1) of the new.
struct Change {
  int a0, a1, b0, b1;
};

std::string Range(int first, int count) {
  // GNU diff: an empty range names the line before it; a single line only its number.
  if (count == 0) return fmt::format("{},0", first);
  if (count == 1) return fmt::format("{}", first + 1);
  return fmt::format("{},{}", first + 1, count);
}

void AppendLine(std::string& out, char mark, std::string_view line) {
  out.push_back(mark);
  out.append(line);
  if (line.empty() || line.back() != '\n') out.append("\n\\ No newline at end of file\n");
}

}  // namespace

std::string UnifiedDiff(std::string_view before, std::string_view after, const DiffLabels& labels,
                        int context) {
  if (before == after) return "";
  std::vector<std::string_view> old_lines = Lines(before), new_lines = Lines(after);
  // Lines compared as numbers: equal lines get equal ids.
  std::unordered_map<std::string_view, int> ids;
  auto intern = [&ids](const std::vector<std::string_view>& lines) {
    std::vector<int> out;
    out.reserve(lines.size());
    for (std::string_view line : lines) {
      out.push_back(ids.emplace(line, static_cast<int>(ids.size())).first->second);
    }
    return out;
  };
  std::vector<int> a = intern(old_lines), b = intern(new_lines);
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  // A line the other text lacks is in no common subsequence: mark it at once and compare only
  // the rest, so that texts rewritten from end to end cost linear time, not quadratic.
  std::vector<bool> in_a(ids.size()), in_b(ids.size());
  for (int id : a) in_a[id] = true;
  for (int id : b) in_b[id] = true;
  std::vector<int> a_kept, b_kept, a_at, b_at;  // the lines compared, and where they were
  for (int i = 0; i < n; ++i) {
    if (in_b[a[i]]) a_kept.push_back(a[i]), a_at.push_back(i);
  }
  for (int j = 0; j < m; ++j) {
    if (in_a[b[j]]) b_kept.push_back(b[j]), b_at.push_back(j);
  }
  Myers myers(a_kept, b_kept);
  myers.Run(0, static_cast<int>(a_kept.size()), 0, static_cast<int>(b_kept.size()));
  std::vector<bool> removed(n, true), added(m, true);
  for (size_t k = 0; k < a_at.size(); ++k) removed[a_at[k]] = myers.removed()[k];
  for (size_t k = 0; k < b_at.size(); ++k) added[b_at[k]] = myers.added()[k];

  // What is not marked pairs up in order: walk both texts together.
  std::vector<Change> changes;
  for (int i = 0, j = 0; i < n || j < m;) {
    if (i < n && j < m && !removed[i] && !added[j]) {
      ++i, ++j;
      continue;
    }
    Change change{i, i, j, j};
    while (i < n && removed[i]) ++i;
    while (j < m && added[j]) ++j;
    if (i == change.a0 && j == change.b0) break;  // cannot happen with a common subsequence
    change.a1 = i;
    change.b1 = j;
    changes.push_back(change);
  }

  std::string out = fmt::format("--- {}\n+++ {}\n", labels.from, labels.to);
  context = std::max(context, 0);
  for (size_t first = 0; first < changes.size();) {
    // Changes whose contexts touch or overlap share a hunk.
    size_t last = first;
    while (last + 1 < changes.size() && changes[last + 1].a0 - changes[last].a1 <= 2 * context) {
      ++last;
    }
    int a_begin = std::max(0, changes[first].a0 - context);
    int a_end = std::min(n, changes[last].a1 + context);
    int b_begin = changes[first].b0 - (changes[first].a0 - a_begin);
    int b_end = changes[last].b1 + (a_end - changes[last].a1);
    out += fmt::format("@@ -{} +{} @@\n", Range(a_begin, a_end - a_begin),
                       Range(b_begin, b_end - b_begin));
    int i = a_begin;
    for (size_t c = first; c <= last; ++c) {
      for (; i < changes[c].a0; ++i) AppendLine(out, ' ', old_lines[i]);
      for (int k = changes[c].a0; k < changes[c].a1; ++k) AppendLine(out, '-', old_lines[k]);
      for (int k = changes[c].b0; k < changes[c].b1; ++k) AppendLine(out, '+', new_lines[k]);
      i = changes[c].a1;
    }
    for (; i < a_end; ++i) AppendLine(out, ' ', old_lines[i]);
    first = last + 1;
  }
  return out;
}

std::string ColorizeDiff(std::string_view diff) {
  static constexpr std::string_view kBold = "\033[1m", kCyan = "\033[36m", kRed = "\033[31m",
                                    kGreen = "\033[32m", kReset = "\033[0m";
  std::string out;
  out.reserve(diff.size() + diff.size() / 4);
  // Lines left in the current hunk, from its header: inside a hunk, `--- x` is a removed line.
  int old_left = 0, new_left = 0;
  for (std::string_view line : Lines(diff)) {
    std::string_view text = line.substr(0, line.size() - (line.back() == '\n' ? 1 : 0));
    std::string_view color;
    if (old_left > 0 || new_left > 0) {
      if (text.starts_with("-")) {
        color = kRed;
        --old_left;
      } else if (text.starts_with("+")) {
        color = kGreen;
        --new_left;
      } else if (text.starts_with(" ")) {
        --old_left, --new_left;
      }
    } else if (text.starts_with("@@ ")) {
      color = kCyan;
      auto count = [&text](char sign) {
        size_t at = text.find(sign, 3);
        if (at == std::string_view::npos) return 0;
        size_t comma = text.find(',', at), space = text.find(' ', at);
        return comma < space ? std::atoi(std::string(text.substr(comma + 1)).c_str()) : 1;
      };
      old_left = count('-');
      new_left = count('+');
    } else if (text.starts_with("--- ") || text.starts_with("+++ ")) {
      color = kBold;
    }
    if (color.empty()) {
      out.append(line);
      continue;
    }
    out.append(color);
    out.append(text);
    out.append(kReset);
    out.append(line.substr(text.size()));
  }
  return out;
}

}  // namespace whisk::kube
