// Golden tests: every tests/golden/**/*.txtar is one case. Its input sections
// are written to a fresh directory, `whiskc` runs there with the `args`
// section (default `check main.ow`), and stdout, stderr and the exit code must
// equal the `stdout`, `stderr` and `exit` sections (a missing `stdout` or
// `stderr` section means empty).
//
// To accept new output, run with WHISK_UPDATE_GOLDEN=1: the expected sections
// are rewritten from what whiskc printed. Review the diff before committing.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/golden/txtar.h"

extern char** environ;

namespace whisk::golden {
namespace {

namespace fs = std::filesystem;

struct RunResult {
  std::string out, err;
  int exit = -1;
  bool timed_out = false;
};

std::vector<std::string> Split(const std::string& line) {
  std::vector<std::string> words;
  std::istringstream stream(line);
  for (std::string word; stream >> word;) words.push_back(word);
  return words;
}

/// Runs whiskc in `dir` without a shell, capturing its output, and kills it
/// after a bound so that a hang fails the test instead of the suite.
RunResult RunWhiskc(const std::vector<std::string>& args, const std::string& dir) {
  RunResult result;
  int out_pipe[2], err_pipe[2];
  if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) return result;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
  posix_spawn_file_actions_addclose(&actions, err_pipe[0]);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::vector<std::string> env_strings = {"TERM=dumb", "LC_ALL=C", "PATH=/usr/bin:/bin"};
  std::vector<char*> env;
  for (std::string& s : env_strings) env.push_back(s.data());
  env.push_back(nullptr);
  std::vector<std::string> argv_strings = {WHISKC_PATH};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  // posix_spawn has no chdir action in glibc 2.36; change ours around it.
  fs::path previous = fs::current_path();
  fs::current_path(dir);
  pid_t pid = 0;
  int spawned = posix_spawn(&pid, WHISKC_PATH, &actions, nullptr, argv.data(), env.data());
  fs::current_path(previous);
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (spawned != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    return result;
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open = 2;
  while (open > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      kill(pid, SIGKILL);
      break;
    }
    if (poll(fds, 2, static_cast<int>(left.count())) <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      char buffer[4096];
      ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<size_t>(n));
      } else {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open;
      }
    }
  }
  for (pollfd& fd : fds) {
    if (fd.fd >= 0) close(fd.fd);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

bool IsExpectation(const std::string& name) {
  return name == "args" || name == "stdout" || name == "stderr" || name == "exit";
}

class GoldenCase : public testing::Test {
 public:
  explicit GoldenCase(fs::path path) : path_(std::move(path)) {}

  void TestBody() override {
    std::ifstream in(path_, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    Archive archive = ParseTxtar(text.str());
    fs::path dir = fs::temp_directory_path() /
                   ("whisk-golden-" + std::to_string(getpid()) + "-" + path_.stem().string());
    fs::remove_all(dir);
    fs::create_directories(dir);
    for (const Section& section : archive.sections) {
      if (IsExpectation(section.name)) continue;
      fs::path file = dir / section.name;
      fs::create_directories(file.parent_path());
      std::ofstream(file, std::ios::binary) << section.content;
    }
    const Section* args = archive.Find("args");
    RunResult result = RunWhiskc(Split(args ? args->content : "check main.ow"), dir.string());
    fs::remove_all(dir);
    ASSERT_FALSE(result.timed_out) << path_ << ": whiskc did not finish within 20 s";
    std::string exit = std::to_string(result.exit) + "\n";
    const char* update = std::getenv("WHISK_UPDATE_GOLDEN");
    if (update != nullptr && std::string(update) == "1") {
      if (!result.out.empty() || archive.Find("stdout")) archive.Set("stdout", result.out);
      if (!result.err.empty() || archive.Find("stderr")) archive.Set("stderr", result.err);
      archive.Set("exit", exit);
      std::ofstream(path_, std::ios::binary) << FormatTxtar(archive);
      return;
    }
    auto expected = [&](const char* name) {
      const Section* section = archive.Find(name);
      return section ? section->content : std::string();
    };
    ASSERT_NE(archive.Find("exit"), nullptr) << path_ << " has no `exit` section";
    EXPECT_EQ(result.err, expected("stderr")) << path_;
    EXPECT_EQ(result.out, expected("stdout")) << path_;
    EXPECT_EQ(exit, expected("exit")) << path_;
  }

 private:
  fs::path path_;
};

void RegisterCases() {
  std::vector<fs::path> cases;
  for (const auto& entry : fs::recursive_directory_iterator(GOLDEN_DIR)) {
    if (entry.is_regular_file() && entry.path().extension() == ".txtar")
      cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  for (const fs::path& path : cases) {
    std::string suite = path.parent_path().filename().string();
    std::string name = path.stem().string();
    testing::RegisterTest(("Golden_" + suite).c_str(), name.c_str(), nullptr, nullptr, path.c_str(),
                          0, [path]() -> testing::Test* { return new GoldenCase(path); });
  }
}

}  // namespace
}  // namespace whisk::golden

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  whisk::golden::RegisterCases();
  return RUN_ALL_TESTS();
}
