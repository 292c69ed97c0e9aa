// Robustness: the whole front end on every prefix of every example and stdlib
// module, and on seeded random mutations of them. Every run must finish in
// time, count its errors consistently, keep every span inside its file, and
// render as text and as JSON.
//
// Each case is written to a file under a per-process temporary directory and
// checked in-process, so a sanitizer build sees any memory error. After a
// crash, that directory still holds the input that crashed (`case.ow`).
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "compiler/cli/frontend.h"
#include "compiler/format/format.h"
#include "compiler/parse/parse.h"
#include "compiler/emit/manifest_json.h"
#include "compiler/emit/manifest_yaml.h"
#include "compiler/lower/lower.h"
#include "compiler/source/render.h"

#ifndef WHISK_SOURCE_DIR
#error "define WHISK_SOURCE_DIR as the repository root"
#endif

namespace whisk {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

/// Files up to this size are checked at every prefix length; longer ones at
/// every kLongFileStride-th length.
constexpr size_t kEveryPrefixUpTo = 4096;
constexpr size_t kLongFileStride = 7;
/// Mutations in all, shared evenly by the files so that the test's time does
/// not grow with the corpus, but never fewer than kMinMutationsPerFile each.
constexpr size_t kMutations = 3000;
constexpr size_t kMinMutationsPerFile = 300;
/// Any single case slower than this counts as a hang.
constexpr std::chrono::milliseconds kCaseDeadline{2000};
/// A case still running after this long is a real hang: the process aborts,
/// naming the case, instead of waiting for the test runner's timeout.
constexpr std::chrono::seconds kHangAbort{20};
/// Failures reported per test before it stops, to keep the output readable.
constexpr int kMaxReportedFailures = 5;

/// The `.ow` files under examples/ and stdlib/, relative to the repository
/// root, sorted.
std::vector<std::string> CorpusFiles() {
  std::vector<std::string> files;
  const fs::path root = WHISK_SOURCE_DIR;
  for (const char* dir : {"examples", "stdlib"}) {
    std::error_code ec;
    if (!fs::is_directory(root / dir, ec)) continue;
    for (const fs::directory_entry& entry : fs::recursive_directory_iterator(root / dir, ec)) {
      if (entry.is_regular_file() && entry.path().extension() == ".ow") {
        files.push_back(fs::relative(entry.path(), root).generic_string());
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Aborts the process if a case runs for kHangAbort, saying which case: a
/// case that never returns would never reach the deadline check.
class Watchdog {
 public:
  Watchdog() : thread_([this] { Watch(); }) {}
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  /// Marks the start of a case, described by `what`.
  void Start(const std::string& what) {
    std::lock_guard<std::mutex> lock(mutex_);
    what_ = what;
    started_ = Clock::now();
    running_ = true;
  }
  void Stop() {
    std::lock_guard<std::mutex> lock(mutex_);
    running_ = false;
  }

 private:
  void Watch() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stop_) {
      wake_.wait_for(lock, std::chrono::milliseconds(250));
      if (running_ && Clock::now() - started_ > kHangAbort) {
        std::fputs(fmt::format("robustness_test: {} has run for over {} s; aborting\n", what_,
                               kHangAbort.count())
                       .c_str(),
                   stderr);
        std::abort();
      }
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool running_ = false;
  std::string what_;
  Clock::time_point started_;
  std::thread thread_;  // last: starts once the rest is initialised
};

/// Checks one input after another in a private temporary directory.
class Harness {
 public:
  Harness() : dir_(fs::temp_directory_path() / fmt::format("whisk-robustness-{}", getpid())) {
    fs::create_directories(dir_);
  }
  ~Harness() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  /// Runs the front end on `text`; `what` names the case in failure messages.
  /// On failure the input is kept as `whisk-robustness-failure-PID-N.ow` in
  /// testing::TempDir().
  ::testing::AssertionResult Check(const std::string& text, const std::string& what) {
    const std::string path = (dir_ / "case.ow").string();
    // A new file each time: truncating one makes ext4 flush it to disk on
    // close (auto_da_alloc), which costs milliseconds per case.
    std::error_code ec;
    fs::remove(path, ec);
    std::ofstream(path, std::ios::binary) << text;
    watchdog_.Start(what);
    Clock::time_point start = Clock::now();
    ::testing::AssertionResult result = RunAndVerify(path);
    Clock::duration elapsed = Clock::now() - start;
    watchdog_.Stop();
    slowest_ = std::max(slowest_, elapsed);
    if (result && elapsed > kCaseDeadline) {
      result = ::testing::AssertionFailure() << fmt::format(
                   "took {:.1f} ms (deadline {} ms)", Milliseconds(elapsed), kCaseDeadline.count());
    }
    if (result) return result;
    ++failures_;
    static int kept_count = 0;  // numbers inputs across the tests of the process
    std::string kept = fmt::format("{}whisk-robustness-failure-{}-{}.ow", ::testing::TempDir(),
                                   getpid(), ++kept_count);
    std::ofstream(kept, std::ios::binary) << text;
    return ::testing::AssertionFailure()
           << what << ": " << result.message() << " (input kept in " << kept << ")";
  }

  int failures() const { return failures_; }
  /// The longest a case has taken, in milliseconds.
  double slowest_ms() const { return Milliseconds(slowest_); }

 private:
  static double Milliseconds(Clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
  }

  static ::testing::AssertionResult RunAndVerify(const std::string& path) {
    cli::Options options;
    options.command = cli::Command::Check;
    options.file = path;
    SourceMap sources;
    Diagnostics diags;
    cli::FrontendResult result = cli::RunFrontend(options, sources, diags);
    if (result.io_error) return ::testing::AssertionFailure() << "the input file could not be read";

    size_t errors = 0;
    for (const Diagnostic& d : diags.all()) errors += d.severity == Severity::Error ? 1 : 0;
    if (errors != diags.error_count()) {
      return ::testing::AssertionFailure() << "error_count() is " << diags.error_count() << " but "
                                           << errors << " error diagnostics were reported";
    }
    auto in_bounds = [&](Span span) {
      if (!span.valid()) return true;
      return span.file.value < sources.size() && span.begin <= span.end &&
             span.end <= sources.text(span.file).size();
    };
    for (const Diagnostic& d : diags.all()) {
      std::vector<Span> spans{d.span};
      for (const Label& label : d.labels) spans.push_back(label.span);
      for (Span span : spans) {
        if (in_bounds(span)) continue;
        size_t size = span.file.value < sources.size() ? sources.text(span.file).size() : 0;
        return ::testing::AssertionFailure()
               << Info(d.code).code << " \"" << d.message << "\" has span [" << span.begin << ", "
               << span.end << ") in file " << span.file.value << " of " << size << " bytes";
      }
    }

    // Whatever parses, fmt lays out (Format itself checks that the tokens are kept), and a
    // second run changes nothing.
    Diagnostics parse_diags;
    std::string_view main_text = sources.text(FileId{0});
    ast::Module module = Parse(FileId{0}, main_text, parse_diags);
    if (!parse_diags.has_errors()) {
      std::optional<std::string> once = format::Format(main_text, module);
      if (!once) return ::testing::AssertionFailure() << "fmt refused a file that parses";
      Diagnostics again_diags;
      ast::Module again = Parse(FileId{0}, *once, again_diags);
      if (again_diags.has_errors()) {
        return ::testing::AssertionFailure() << "fmt's output does not parse:\n" << *once;
      }
      std::optional<std::string> twice = format::Format(*once, again);
      if (!twice || *twice != *once) {
        return ::testing::AssertionFailure() << "fmt is not idempotent on:\n" << *once;
      }
    }

    // A clean program goes on through lowering and both emitters, which must
    // give one document per object that a YAML and a JSON reader accept.
    if (!diags.has_errors()) {
      k8s::ManifestSet set = lower::Lower(result.program, {}, diags);
      if (!diags.has_errors()) {
        std::string json_list = emit::ManifestJson(set);
        if (!nlohmann::json::accept(json_list)) {
          return ::testing::AssertionFailure() << "the JSON manifests do not parse";
        }
        std::vector<YAML::Node> documents = YAML::LoadAll(emit::ManifestYaml(set));
        if (documents.size() != set.objects.size()) {
          return ::testing::AssertionFailure()
                 << documents.size() << " YAML documents for " << set.objects.size() << " objects";
        }
      }
    }

    diags.Sort();
    RenderOptions text_options;
    std::string text = RenderDiagnostics(diags, sources, text_options);
    RenderOptions json_options;
    json_options.format = DiagFormat::Json;
    json_options.max_errors = 0;
    std::string json = RenderDiagnostics(diags, sources, json_options);
    if (diags.all().empty() != text.empty() || diags.all().empty() != json.empty()) {
      return ::testing::AssertionFailure()
             << diags.all().size() << " diagnostics rendered as " << text.size()
             << " bytes of text and " << json.size() << " bytes of JSON";
    }
    size_t lines = 0;
    for (size_t begin = 0; begin < json.size(); ++lines) {
      size_t end = json.find('\n', begin);
      if (end == std::string::npos) end = json.size();
      if (!nlohmann::json::accept(std::string_view(json).substr(begin, end - begin))) {
        return ::testing::AssertionFailure()
               << "JSON line " << lines + 1
               << " does not parse: " << json.substr(begin, end - begin);
      }
      begin = end + 1;
    }
    if (lines != diags.all().size()) {
      return ::testing::AssertionFailure()
             << diags.all().size() << " diagnostics rendered as " << lines << " JSON lines";
    }
    return ::testing::AssertionSuccess();
  }

  fs::path dir_;
  Watchdog watchdog_;
  int failures_ = 0;
  Clock::duration slowest_{};
};

/// A deterministic source of random choices. It reduces the engine's output
/// with `%` instead of using std::uniform_int_distribution, whose results
/// differ between standard libraries.
class Random {
 public:
  explicit Random(std::string_view seed_text) {
    std::seed_seq seed(seed_text.begin(), seed_text.end());
    engine_.seed(seed);
  }
  /// A number in [0, bound); bound > 0.
  size_t Below(size_t bound) { return engine_() % bound; }

 private:
  std::mt19937 engine_;
};

/// Applies one random edit: flip a bit, or insert, delete or duplicate a byte
/// or a chunk of up to 64 bytes. Returns what it did.
std::string Mutate(std::string& text, Random& random) {
  // Bytes that matter to the grammar, more likely to reach new states than
  // arbitrary ones.
  static constexpr std::string_view kSyntax = "{}()[]\"\\$.,=:%\n\t /-_09aZ";
  auto at = [&](size_t extra) { return random.Below(text.size() + extra); };
  auto chunk = [&](size_t from) {
    return 1 + random.Below(std::min<size_t>(64, text.size() - from));
  };
  switch (text.empty() ? 1 : random.Below(7)) {
    case 0: {
      size_t i = at(0);
      text[i] = static_cast<char>(text[i] ^ (1 << random.Below(8)));
      return fmt::format("flip a bit at {}", i);
    }
    case 1: {
      size_t i = at(1);
      char byte = random.Below(2) == 0 ? kSyntax[random.Below(kSyntax.size())]
                                       : static_cast<char>(random.Below(256));
      text.insert(text.begin() + static_cast<std::ptrdiff_t>(i), byte);
      return fmt::format("insert a byte at {}", i);
    }
    case 2: {
      size_t i = at(0);
      text.erase(i, 1);
      return fmt::format("delete a byte at {}", i);
    }
    case 3: {
      size_t i = at(0);
      text.insert(text.begin() + static_cast<std::ptrdiff_t>(i), text[i]);
      return fmt::format("duplicate a byte at {}", i);
    }
    case 4: {
      size_t i = at(0), n = chunk(i);
      text.erase(i, n);
      return fmt::format("delete {} bytes at {}", n, i);
    }
    case 5: {
      size_t i = at(0), n = chunk(i), to = at(1);
      text.insert(to, text.substr(i, n));
      return fmt::format("copy {} bytes from {} to {}", n, i, to);
    }
    default: {
      size_t i = at(0), n = chunk(i);
      text.insert(i + n, text.substr(i, n));
      return fmt::format("duplicate {} bytes at {}", n, i);
    }
  }
}

TEST(Robustness, FindsTheCorpus) {
  EXPECT_FALSE(CorpusFiles().empty()) << "no .ow file under " WHISK_SOURCE_DIR;
}

class RobustnessOnFile : public ::testing::TestWithParam<std::string> {
 protected:
  std::string Original() const { return ReadText(fs::path(WHISK_SOURCE_DIR) / GetParam()); }
};

TEST_P(RobustnessOnFile, EveryPrefix) {
  const std::string original = Original();
  ASSERT_FALSE(original.empty());
  const size_t stride = original.size() > kEveryPrefixUpTo ? kLongFileStride : 1;
  Harness harness;
  for (size_t length = 0;; length = std::min(length + stride, original.size())) {
    EXPECT_TRUE(
        harness.Check(original.substr(0, length), fmt::format("prefix of {} bytes", length)));
    if (length == original.size() || harness.failures() >= kMaxReportedFailures) break;
  }
  RecordProperty("slowest_case_ms", std::to_string(harness.slowest_ms()));
}

TEST_P(RobustnessOnFile, SeededMutations) {
  const std::string original = Original();
  ASSERT_FALSE(original.empty());
  const size_t count = std::max(kMinMutationsPerFile, kMutations / CorpusFiles().size());
  Random random(GetParam());
  Harness harness;
  for (size_t i = 0; i < count && harness.failures() < kMaxReportedFailures; ++i) {
    std::string text = original;
    std::string what = fmt::format("mutation {}:", i);
    for (size_t edits = 1 + random.Below(3); edits > 0; --edits) {
      what += fmt::format(" {};", Mutate(text, random));
    }
    EXPECT_TRUE(harness.Check(text, what));
  }
  RecordProperty("slowest_case_ms", std::to_string(harness.slowest_ms()));
}

INSTANTIATE_TEST_SUITE_P(Corpus, RobustnessOnFile, ::testing::ValuesIn(CorpusFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(RobustnessOnFile);

}  // namespace
}  // namespace whisk
