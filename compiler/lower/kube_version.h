#pragma once
// The Kubernetes release the manifests are for (`--kube-version`). Every API
// version whiskc writes is served from 1.23 on; newer releases add features
// (a volume access mode, say) that lowering refuses for older targets.

#include <optional>
#include <string>
#include <string_view>

namespace whisk::lower {

struct KubeVersion {
  int major = 1;
  int minor = 0;

  static constexpr int kOldestMinor = 23;  // autoscaling/v2 is GA from 1.23
  static KubeVersion Default() { return {1, 32}; }
  /// Parses `1.30` or `v1.30.2`; nullopt with `error` set when malformed or
  /// older than whiskc supports.
  static std::optional<KubeVersion> Parse(std::string_view text, std::string* error);

  bool AtLeast(int want_minor) const { return minor >= want_minor; }
  std::string ToString() const;
};

}  // namespace whisk::lower
