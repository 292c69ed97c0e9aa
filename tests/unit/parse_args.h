#pragma once
// For unit tests: the command line parsed as whiskc parses it, from words.

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "compiler/cli/options.h"

namespace whisk::test_support {

/// The options, or the usage error.
struct Parsed {
  std::optional<cli::Options> options;
  std::string error;
};

/// Parses `whiskc ARGS...`.
inline Parsed Parse(std::initializer_list<const char*> args) {
  std::vector<std::string> storage = {"whiskc"};
  for (const char* arg : args) storage.emplace_back(arg);
  std::vector<char*> argv;
  for (std::string& arg : storage) argv.push_back(arg.data());
  argv.push_back(nullptr);
  Parsed parsed;
  parsed.options = cli::ParseOptions(static_cast<int>(storage.size()), argv.data(), &parsed.error);
  return parsed;
}

}  // namespace whisk::test_support
