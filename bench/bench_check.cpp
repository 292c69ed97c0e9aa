// whisk_bench: how long `whiskc check` and `whiskc compile` take, and how much
// memory they use, on generated topologies of 100, 1000 and 10000 components;
// for compile also how many objects and bytes of YAML they write.
//
//   whisk_bench             runs the benchmark and prints a table
//   whisk_bench --emit N    prints the generated topology of N components
//
// Each run is the real whiskc binary as a child process (fork/exec, no
// shell), timed with a steady clock from fork to reaping; its peak resident
// set size comes from wait4's rusage. The baseline line shows what a run that
// does nothing (`whiskc --version`) costs in time and memory.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "bench/generate_topology.h"

namespace whisk::bench {
namespace {

namespace fs = std::filesystem;

constexpr int kSizes[] = {100, 1000, 10000};
constexpr int kRuns = 5;
constexpr uint32_t kSeed = 1;
/// What to measure: a command on a generated workload, and its target for
/// the largest size (none when `ms` is 0).
struct Target {
  std::string_view command;
  std::string_view workload;  // "mixed" (GenerateTopology) or "chain"
  double ms, mb;
};
constexpr Target kTargets[] = {
    {"check", "mixed", 100, 100}, {"compile", "chain", 150, 200}, {"compile", "mixed", 0, 0}};

std::string Generate(std::string_view workload, int components) {
  return workload == "chain" ? GenerateServiceChain(components)
                             : GenerateTopology(components, kSeed);
}

/// One finished child process.
struct Run {
  double wall_ms = 0;
  double peak_rss_mb = 0;
  int status = 0;  // as from wait4
};

/// Runs `argv` with stdout to `stdout_path` and stderr to `stderr_path`.
/// Exits the benchmark if the process cannot be started.
Run RunChild(const std::vector<std::string>& argv, const std::string& stderr_path,
             const std::string& stdout_path = "/dev/null") {
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid < 0) {
    std::perror("whisk_bench: fork");
    std::exit(1);
  }
  if (pid == 0) {
    int out = open(stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0 || err < 0 || dup2(out, STDOUT_FILENO) < 0 || dup2(err, STDERR_FILENO) < 0) {
      _exit(126);
    }
    execv(args[0], args.data());
    _exit(127);
  }
  Run run;
  rusage usage{};
  if (wait4(pid, &run.status, 0, &usage) != pid) {
    std::perror("whisk_bench: wait4");
    std::exit(1);
  }
  auto end = std::chrono::steady_clock::now();
  run.wall_ms = std::chrono::duration<double, std::milli>(end - start).count();
  run.peak_rss_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB
  return run;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The figures for one size.
struct Result {
  int components = 0;
  size_t bytes = 0;
  size_t lines = 0;
  double best_ms = 0;
  double median_ms = 0;
  double peak_rss_mb = 0;
  size_t output_bytes = 0;  // compile: the YAML written
  size_t objects = 0;       // compile: documents in it
};

/// Runs `whiskc COMMAND` on one generated file kRuns times; exits if whiskc
/// does not accept it cleanly (exit 0 and nothing on stderr: no error, no
/// warning).
Result Measure(const Target& target, int components, const fs::path& dir) {
  std::string_view command = target.command;
  std::string text = Generate(target.workload, components);
  fs::path file = dir / fmt::format("bench_{}.ow", components);
  std::ofstream(file, std::ios::binary) << text;
  std::string stderr_path = (dir / "stderr.txt").string();
  std::string stdout_path = (dir / "stdout.yaml").string();

  Result result;
  result.components = components;
  result.bytes = text.size();
  result.lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  std::vector<double> times;
  // The timed runs write to /dev/null, as a pipe to kubectl would cost
  // nothing either; one more run writes a file to count what was written.
  for (int i = 0; i <= kRuns; ++i) {
    bool counting = i == kRuns;
    Run run = RunChild({WHISKC_PATH, std::string(command), file.string()}, stderr_path,
                       counting ? stdout_path : "/dev/null");
    std::string errors = ReadAll(stderr_path);
    bool clean = WIFEXITED(run.status) && WEXITSTATUS(run.status) == 0 && errors.empty();
    if (!clean) {
      std::fputs(fmt::format("whisk_bench: `whiskc {} {}` did not pass cleanly (status {:#x}):\n{}",
                             command, file.string(), run.status, errors)
                     .c_str(),
                 stderr);
      std::exit(1);
    }
    if (counting) break;
    times.push_back(run.wall_ms);
    result.peak_rss_mb = std::max(result.peak_rss_mb, run.peak_rss_mb);
  }
  std::string output = ReadAll(stdout_path);
  result.output_bytes = output.size();
  for (size_t at = output.find("---\n"); at != std::string::npos;
       at = output.find("\n---\n", at + 1)) {
    ++result.objects;
  }
  std::sort(times.begin(), times.end());
  result.best_ms = times.front();
  result.median_ms = times[times.size() / 2];
  return result;
}

/// Prints the table and the verdict for one command.
void Report(const Target& target, const fs::path& dir) {
  bool compile = target.command == "compile";
  std::fputs(
      fmt::format("\n`whiskc {}` on the {} workload, {} runs each\n\n", target.command,
                  target.workload == "chain" ? "service-chain" : "mixed (every feature)", kRuns)
          .c_str(),
      stdout);
  std::string header = fmt::format("{:>6} {:>10} {:>8} {:>9} {:>10} {:>9} {:>8}", "N", "bytes",
                                   "lines", "best ms", "median ms", "peak MB", "us/comp");
  if (compile) header += fmt::format(" {:>8} {:>11} {:>8}", "objects", "YAML bytes", "MB/s");
  std::fputs((header + "\n").c_str(), stdout);
  std::vector<Result> results;
  for (int components : kSizes) {
    Result r = Measure(target, components, dir);
    results.push_back(r);
    std::string line = fmt::format("{:>6} {:>10} {:>8} {:>9.2f} {:>10.2f} {:>9.1f} {:>8.2f}",
                                   r.components, r.bytes, r.lines, r.best_ms, r.median_ms,
                                   r.peak_rss_mb, r.median_ms * 1000.0 / r.components);
    if (compile) {
      line += fmt::format(" {:>8} {:>11} {:>8.0f}", r.objects, r.output_bytes,
                          r.output_bytes / 1e6 / (r.median_ms / 1000.0));
    }
    std::fputs((line + "\n").c_str(), stdout);
  }
  const Result& mid = results[results.size() - 2];
  const Result& big = results.back();
  double size_ratio = static_cast<double>(big.components) / mid.components;
  std::fputs(fmt::format("growth {}→{} components: time ×{:.1f} (linear ×{:.0f}), "
                         "memory ×{:.1f}\n",
                         mid.components, big.components, big.median_ms / mid.median_ms, size_ratio,
                         big.peak_rss_mb / mid.peak_rss_mb)
                 .c_str(),
             stdout);
  if (target.ms == 0) return;  // figures only: no target is stated for it
  auto verdict = [](bool ok) { return ok ? "ok" : "MISSED"; };
  std::fputs(
      fmt::format("target N={}: median {:.1f} ms < {:.0f} ms: {}; peak {:.1f} MB < {:.0f} MB: {}\n",
                  big.components, big.median_ms, target.ms, verdict(big.median_ms < target.ms),
                  big.peak_rss_mb, target.mb, verdict(big.peak_rss_mb < target.mb))
          .c_str(),
      stdout);
}

int RunBenchmark() {
  std::string pattern = (fs::temp_directory_path() / "whisk_bench.XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    std::perror("whisk_bench: mkdtemp");
    return 1;
  }
  fs::path dir = pattern;
  Run baseline = RunChild({WHISKC_PATH, "--version"}, (dir / "stderr.txt").string());
  std::fputs(fmt::format("whiskc: {}\n", WHISKC_PATH).c_str(), stdout);
  std::fputs(fmt::format("baseline (`whiskc --version`): {:.2f} ms, {:.1f} MB\n", baseline.wall_ms,
                         baseline.peak_rss_mb)
                 .c_str(),
             stdout);
  for (const Target& target : kTargets) Report(target, dir);
  fs::remove_all(dir);
  return 0;
}

constexpr std::string_view kUsage =
    "usage: whisk_bench            benchmark `whiskc check` and `compile` on generated topologies\n"
    "       whisk_bench --emit N   print the generated topology of N components\n"
    "       whisk_bench --emit-chain N   print the service chain of N components\n";

int Main(const std::vector<std::string_view>& args) {
  if (args.empty()) return RunBenchmark();
  int components = 0;
  if (args.size() == 2 && args[0] == "--emit") {
    auto [end, error] =
        std::from_chars(args[1].data(), args[1].data() + args[1].size(), components);
    if (error == std::errc() && end == args[1].data() + args[1].size() && components >= 0) {
      std::fputs(GenerateTopology(components, kSeed).c_str(), stdout);
      return 0;
    }
  }
  if (args.size() == 2 && args[0] == "--emit-chain") {
    auto [end, error] =
        std::from_chars(args[1].data(), args[1].data() + args[1].size(), components);
    if (error == std::errc() && end == args[1].data() + args[1].size() && components >= 0) {
      std::fputs(GenerateServiceChain(components).c_str(), stdout);
      return 0;
    }
  }
  bool help = args.size() == 1 && args[0] == "--help";
  std::fputs(kUsage.data(), help ? stdout : stderr);
  return help ? 0 : 2;
}

}  // namespace
}  // namespace whisk::bench

int main(int argc, char** argv) {
  return whisk::bench::Main(std::vector<std::string_view>(argv + 1, argv + argc));
}
