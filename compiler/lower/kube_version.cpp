#include "compiler/lower/kube_version.h"

#include <fmt/format.h>

#include <charconv>

namespace whisk::lower {
namespace {

std::optional<int> TakeNumber(std::string_view& text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end == text.data()) return std::nullopt;
  text.remove_prefix(end - text.data());
  return value;
}

}  // namespace

std::optional<KubeVersion> KubeVersion::Parse(std::string_view text, std::string* error) {
  std::string_view rest = text;
  if (rest.starts_with('v')) rest.remove_prefix(1);
  std::optional<int> major = TakeNumber(rest);
  std::optional<int> minor;
  if (major && rest.starts_with('.')) {
    rest.remove_prefix(1);
    minor = TakeNumber(rest);
  }
  if (minor && rest.starts_with('.')) {
    rest.remove_prefix(1);
    if (!TakeNumber(rest)) minor.reset();
  }
  if (!major || !minor || !rest.empty()) {
    *error = fmt::format("--kube-version expects a release like `1.30`, not `{}`", text);
    return std::nullopt;
  }
  if (*major != 1) {
    *error = fmt::format("--kube-version {}.{} is not a Kubernetes 1.x release", *major, *minor);
    return std::nullopt;
  }
  if (*minor < kOldestMinor) {
    *error =
        fmt::format("--kube-version {}.{} is too old: whiskc writes manifests for 1.{} and later",
                    *major, *minor, kOldestMinor);
    return std::nullopt;
  }
  return KubeVersion{*major, *minor};
}

std::string KubeVersion::ToString() const { return fmt::format("{}.{}", major, minor); }

}  // namespace whisk::lower
