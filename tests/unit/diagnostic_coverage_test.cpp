// Every registered diagnostic is shown by at least one golden case: a code
// that no `tests/golden/**/*.txtar` prints has no test of its message, its
// location or of the fact that it can be reported at all.
//
// A code counts as covered when a case's `stderr` section contains `[E0201]`
// (text output: `error[E0201]`, `warning[W0312]`) or `"code":"E0201"` (output
// of `--diagnostic-format=json`). Codes that cannot be reached through the CLI
// go in kUnreachable below, each with the reason; the list must stay as short
// as the compiler allows, and a test fails as soon as one of them is covered.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/source/diagnostic.h"
#include "tests/golden/txtar.h"

namespace whisk {
namespace {

namespace fs = std::filesystem;

struct Unreachable {
  std::string_view code;
  std::string_view reason;
};

// Codes that no input given to whiskc can produce, each with the reason, as
//   {"E0000", "why no command line or input file can make whiskc report it"},
// Empty: every registered code has a golden case. (E0309, an invalid `env`
// name, was such a code: the grammar only takes identifiers there, which are
// all valid; it was removed from the registry instead.)
const std::vector<Unreachable> kUnreachable = {};

fs::path GoldenDir() { return fs::path(WHISK_SOURCE_DIR) / "tests" / "golden"; }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Every golden case, with the text of its `stderr` sections.
std::map<std::string, std::string> GoldenStderr() {
  std::map<std::string, std::string> cases;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(GoldenDir(), ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file() || it->path().extension() != ".txtar") continue;
    golden::Archive archive = golden::ParseTxtar(ReadFile(it->path()));
    std::string& err = cases[it->path().lexically_relative(GoldenDir()).generic_string()];
    for (const golden::Section& section : archive.sections) {
      if (section.name == "stderr") err += section.content;
    }
  }
  return cases;
}

bool Shows(const std::string& stderr_text, std::string_view code) {
  std::string text_form = "[" + std::string(code) + "]";
  std::string json_form = "\"code\":\"" + std::string(code) + "\"";
  return stderr_text.find(text_form) != std::string::npos ||
         stderr_text.find(json_form) != std::string::npos;
}

/// The cases that show `code`.
std::vector<std::string> CasesShowing(const std::map<std::string, std::string>& cases,
                                      std::string_view code) {
  std::vector<std::string> found;
  for (const auto& [name, err] : cases) {
    if (Shows(err, code)) found.push_back(name);
  }
  return found;
}

bool IsUnreachable(std::string_view code) {
  return std::any_of(std::begin(kUnreachable), std::end(kUnreachable),
                     [&](const Unreachable& u) { return u.code == code; });
}

TEST(DiagnosticCoverage, GoldenCasesAreFound) {
  std::map<std::string, std::string> cases = GoldenStderr();
  // Guards against a wrong WHISK_SOURCE_DIR, which would make every code
  // look uncovered for the wrong reason.
  EXPECT_GT(cases.size(), 10u) << "no golden cases under " << GoldenDir();
}

TEST(DiagnosticCoverage, EveryCodeHasAGoldenCase) {
  std::map<std::string, std::string> cases = GoldenStderr();
  std::vector<DiagCode> missing;
  for (DiagCode code : AllDiagCodes()) {
    std::string_view name = Info(code).code;
    if (IsUnreachable(name)) continue;
    if (CasesShowing(cases, name).empty()) missing.push_back(code);
  }
  std::string list;
  for (DiagCode code : missing) {
    list += "\n  " + std::string(Info(code).code) + ": " + std::string(Info(code).summary);
  }
  EXPECT_TRUE(missing.empty()) << missing.size()
                               << " diagnostic code(s) appear in no golden case's stderr "
                                  "(add a case under tests/golden/check/, e.g. "
                                  "fail_<code>_<what>.txtar):"
                               << list;
}

TEST(DiagnosticCoverage, UnreachableCodesAreRegisteredAndUncovered) {
  std::map<std::string, std::string> cases = GoldenStderr();
  std::set<std::string_view> registered;
  for (DiagCode code : AllDiagCodes()) registered.insert(Info(code).code);
  for (const Unreachable& u : kUnreachable) {
    EXPECT_TRUE(registered.count(u.code)) << u.code << " is allow-listed but not registered";
    EXPECT_FALSE(u.reason.empty()) << u.code << " is allow-listed without a reason";
    for (const std::string& name : CasesShowing(cases, u.code)) {
      ADD_FAILURE() << u.code << " is allow-listed as unreachable, but " << name
                    << " shows it: remove it from kUnreachable";
    }
  }
}

}  // namespace
}  // namespace whisk
