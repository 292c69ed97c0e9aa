#pragma once
// For unit tests: the real front end run on a topology given as text (written
// to a temporary file, as whiskc would read it).

#include <unistd.h>

#include <algorithm>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/cli/frontend.h"

namespace whisk::test_support {

/// The front end's result, kept alive with the sources its names point into.
struct Checked {
  SourceMap sources;
  Diagnostics diags;
  cli::FrontendResult result;

  const sema::Component* Find(std::string_view name) const {
    for (const sema::Component& c : result.program.components) {
      if (c.name == name) return &c;
    }
    return nullptr;
  }
};

/// Runs the front end on `text` as `main.ow`, with `--set` arguments `sets`, `--namespace`
/// `namespace_flag` and the kubeconfig context's namespace `context_namespace`.
inline std::unique_ptr<Checked> CheckText(const std::string& text,
                                          std::vector<std::string> sets = {},
                                          const std::string& namespace_flag = "",
                                          const std::string& context_namespace = "") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("whisk-unit-test-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "main.ow") << text;
  auto checked = std::make_unique<Checked>();
  cli::Options options;
  options.file = (dir / "main.ow").string();
  options.sets = std::move(sets);
  options.namespace_name = namespace_flag;
  checked->result =
      cli::RunFrontend(options, checked->sources, checked->diags, context_namespace);
  fs::remove_all(dir);
  return checked;
}

/// A topology header to put before a test's declarations.
inline constexpr const char* kHeader = "topology t {\n  namespace \"ns\"\n}\n";

/// The codes of `diags`, sorted: what a test usually asserts.
inline std::vector<std::string> Codes(const Diagnostics& diags) {
  std::vector<std::string> codes;
  for (const Diagnostic& d : diags.all()) codes.emplace_back(Info(d.code).code);
  std::sort(codes.begin(), codes.end());
  return codes;
}

}  // namespace whisk::test_support
