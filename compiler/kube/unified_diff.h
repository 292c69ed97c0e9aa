#pragma once
// Unified diffs of two texts, line by line, as `diff -u` writes them: Myers' O(ND) algorithm
// in linear space (so that a large ConfigMap rewritten from end to end stays cheap), hunks
// with three lines of context, and GNU diff's hunk headers.

#include <string>
#include <string_view>

namespace whisk::kube {

struct DiffLabels {
  std::string from;  // after `--- `: "live/Deployment/shop/shop-api"
  std::string to;    // after `+++ `: "applied/Deployment/shop/shop-api"
};

/// The unified diff that turns `before` into `after`, or "" when they are equal. Lines of
/// context around each change: `context`; changes closer than twice that share a hunk. An empty
/// text is an absent file (`@@ -0,0 +1,N @@`). A last line without a newline is followed by
/// `\ No newline at end of file`, as diff does.
std::string UnifiedDiff(std::string_view before, std::string_view after, const DiffLabels& labels,
                        int context = 3);

/// `diff` with ANSI colours, as git colours it: headers bold, hunk headers cyan, removed lines
/// red, added lines green.
std::string ColorizeDiff(std::string_view diff);

}  // namespace whisk::kube
