#pragma once
// The words of the whisk grammar, without PEGTL: the grammar, "did you mean"
// suggestions, the reference test and editor support share these lists.

#include <array>
#include <string_view>

namespace whisk::grammar {

/// Words that start a declaration; editors and "did you mean" use these.
inline constexpr std::array<std::string_view, 15> kDeclarationKeywords = {
    "import",   "topology", "param", "role", "placement", "config",   "secret", "service",
    "stateful", "daemon",   "job",   "cron", "external",  "template", "use"};

/// Words that start a component property.
inline constexpr std::array<std::string_view, 26> kPropertyKeywords = {
    "image",   "run",   "args",   "port",     "env",     "cpu",   "memory",   "ready",     "live",
    "storage", "files", "mount",  "scratch",  "needs",   "place", "replicas", "autoscale", "budget",
    "expose",  "can",   "spawns", "schedule", "retries", "patch", "host",     "if"};

/// Words that start a topology header property.
inline constexpr std::array<std::string_view, 3> kTopologyKeywords = {"namespace", "isolate",
                                                                      "wait_image"};

inline bool IsPropertyKeyword(std::string_view word) {
  for (std::string_view keyword : kPropertyKeywords) {
    if (word == keyword) return true;
  }
  return false;
}

}  // namespace whisk::grammar
