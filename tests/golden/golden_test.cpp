// Golden tests: every tests/golden/**/*.txtar is one GoogleTest test (suite
// `Golden_<directory>`, name = file stem). See tests/golden/README.md.
//
// A case's input sections (any name but the four below, e.g. `main.ow`,
// `lib/kafka.ow`, `values.yaml`, `files/init.sh`) are written into a fresh
// temporary directory, which is removed afterwards. whiskc runs there, without
// a shell, with the words of the `args` section (default `check main.ow`), with
// NO_COLOR and WHISK_PATH unset and TERM=dumb, and is killed after 20 s.
//   `exit`    required: the expected exit code, a number
//   `stdout`  compared exactly; a missing section means stdout must be empty
//   `stderr`  compared exactly when present
//   `copy`    repository paths (files or directories, one per line, relative
//             to the project root) copied into the directory first, under
//             their last name: `examples/openwhisk` becomes `openwhisk/`
// Output without a final newline compares as if it had one (a txtar section
// always ends with one).
//
// Regenerating: with WHISK_UPDATE_GOLDEN=1 in the environment, a case does not
// compare but rewrites its own `stdout`, `stderr` and `exit` sections from what
// whiskc printed (`stdout`/`stderr` are written when non-empty or already
// present); the comment, `args` and input sections stay as they are, in order.
//   WHISK_UPDATE_GOLDEN=1 build/tests/whisk_golden_tests
// Review the diff (git diff tests/golden) before committing.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/golden/txtar.h"

extern char** environ;

namespace whisk::golden {
namespace {

namespace fs = std::filesystem;

constexpr auto kTimeLimit = std::chrono::seconds(20);
constexpr const char* kDefaultArgs = "check main.ow";

struct RunResult {
  std::string out, err;
  int exit = -1;
  bool timed_out = false;
  std::string spawn_error;  // non-empty when whiskc could not be started
};

std::vector<std::string> SplitWords(const std::string& line) {
  std::vector<std::string> words;
  std::istringstream stream(line);
  for (std::string word; stream >> word;) words.push_back(word);
  return words;
}

/// A directory from mkdtemp, removed with everything in it when destroyed.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "whisk-golden-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

/// The child's environment: ours (so that ASAN_OPTIONS and friends reach a
/// sanitized whiskc) without NO_COLOR and WHISK_PATH, with TERM=dumb.
std::vector<std::string> ChildEnvironment() {
  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string_view var(*entry);
    std::string_view name = var.substr(0, var.find('='));
    if (name == "NO_COLOR" || name == "WHISK_PATH" || name == "TERM" || name == "WHISK_UPDATE_GOLDEN") {
      continue;
    }
    env.emplace_back(var);
  }
  env.emplace_back("TERM=dumb");
  return env;
}

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

/// Runs whiskc in `dir` without a shell, capturing its output, and kills it
/// when it takes longer than kTimeLimit so that a hang fails this case only.
RunResult RunWhiskc(const std::vector<std::string>& args, const fs::path& dir) {
  RunResult result;
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    result.spawn_error = std::strerror(errno);
    return result;
  }
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    result.spawn_error = std::strerror(errno);
    close(out_pipe[0]);
    close(out_pipe[1]);
    return result;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());

  std::vector<std::string> argv_strings = {WHISKC_PATH};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv = CStrings(argv_strings);
  std::vector<std::string> env_strings = ChildEnvironment();
  std::vector<char*> env = CStrings(env_strings);

  // Its own process group, so that a timeout also kills anything it started.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);

  pid_t pid = 0;
  int spawned = posix_spawn(&pid, WHISKC_PATH, &actions, &attributes, argv.data(), env.data());
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (spawned != 0) {
    result.spawn_error = std::strerror(spawned);
    close(out_pipe[0]);
    close(err_pipe[0]);
    return result;
  }

  const auto deadline = std::chrono::steady_clock::now() + kTimeLimit;
  auto millis_left = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now())
        .count();
  };
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open = 2;
  while (open > 0 && !result.timed_out) {
    long long left = millis_left();
    if (left <= 0) {
      result.timed_out = true;
      break;
    }
    int ready = poll(fds, 2, static_cast<int>(left));
    if (ready <= 0) continue;  // timeout or EINTR: the deadline check decides
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buffer[8192];
      ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<size_t>(n));
      } else if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
        continue;
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

  // Both pipes are closed; the child may still linger (or have hung).
  int status = 0;
  bool reaped = false;
  while (!result.timed_out) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      reaped = true;
      break;
    }
    if (done < 0 && errno != EINTR) break;
    if (millis_left() <= 0) {
      result.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (!reaped) {
    kill(-pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  result.exit = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

/// Sections that are not input files.
bool IsExpectation(const std::string& name) {
  return name == "args" || name == "stdout" || name == "stderr" || name == "exit" ||
         name == "copy";
}

/// Copies the repository paths of a `copy` section into `dir`; returns what failed.
std::string CopyFromRepository(const std::string& lines, const fs::path& dir) {
  std::istringstream in(lines);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    fs::path from = fs::path(PROJECT_DIR) / line;
    std::error_code error;
    fs::copy(from, dir / from.filename(), fs::copy_options::recursive, error);
    if (error) return line + ": " + error.message();
  }
  return "";
}

/// An input section's name must stay inside the case's directory.
bool IsSafeRelativePath(const std::string& name) {
  fs::path path(name);
  if (name.empty() || path.is_absolute()) return false;
  for (const fs::path& part : path) {
    if (part == "..") return false;
  }
  return true;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class GoldenCase : public testing::Test {
 public:
  explicit GoldenCase(fs::path path) : path_(std::move(path)) {}

  void TestBody() override {
    ASSERT_TRUE(fs::is_regular_file(path_)) << path_ << " is gone";
    Archive archive = ParseTxtar(ReadFile(path_));

    TempDir dir;
    ASSERT_FALSE(dir.path().empty()) << "mkdtemp failed: " << std::strerror(errno);
    for (const Section& section : archive.sections) {
      if (IsExpectation(section.name)) continue;
      ASSERT_TRUE(IsSafeRelativePath(section.name))
          << path_ << ": section `" << section.name << "` is not a relative path inside the case";
      fs::path file = dir.path() / section.name;
      fs::create_directories(file.parent_path());
      std::ofstream(file, std::ios::binary) << section.content;
    }
    if (const Section* copy = archive.Find("copy")) {
      std::string failed = CopyFromRepository(copy->content, dir.path());
      ASSERT_TRUE(failed.empty()) << path_.string() << ": cannot copy " << failed;
    }
    const Section* args = archive.Find("args");
    RunResult result = RunWhiskc(SplitWords(args ? args->content : kDefaultArgs), dir.path());
    ASSERT_TRUE(result.spawn_error.empty()) << "cannot run " << WHISKC_PATH << ": " << result.spawn_error;
    ASSERT_FALSE(result.timed_out) << path_.string() << ": whiskc was killed after "
                                   << kTimeLimit.count() << " s\nstderr so far:\n"
                                   << result.err;
    std::string out = WithFinalNewline(result.out);
    std::string err = WithFinalNewline(result.err);

    const char* update = std::getenv("WHISK_UPDATE_GOLDEN");
    if (update != nullptr && std::string(update) == "1") {
      Update(archive, out, err, result.exit);
      return;
    }

    const Section* exit = archive.Find("exit");
    ASSERT_NE(exit, nullptr) << path_.string() << " has no `exit` section "
                             << "(WHISK_UPDATE_GOLDEN=1 writes one)";
    int expected_exit = -1;
    std::istringstream exit_text(exit->content);
    ASSERT_TRUE(exit_text >> expected_exit) << path_.string() << ": `exit` is not a number: " << exit->content;

    const Section* stdout_section = archive.Find("stdout");
    EXPECT_EQ(out, stdout_section ? stdout_section->content : "") << path_.string() << ": stdout differs";
    if (const Section* stderr_section = archive.Find("stderr")) {
      EXPECT_EQ(err, stderr_section->content) << path_.string() << ": stderr differs";
    }
    EXPECT_EQ(result.exit, expected_exit) << path_.string() << ": exit code differs\nstderr:\n" << err;
  }

 private:
  void Update(Archive& archive, const std::string& out, const std::string& err, int exit) {
    if (!out.empty() || archive.Find("stdout")) archive.Set("stdout", out);
    if (!err.empty() || archive.Find("stderr")) archive.Set("stderr", err);
    archive.Set("exit", std::to_string(exit));
    std::string text = FormatTxtar(archive);
    // Output with a line like `-- x --` would split into sections on reading.
    ASSERT_EQ(FormatTxtar(ParseTxtar(text)), text)
        << path_.string() << ": the output contains a txtar header line and cannot be stored";
    std::ofstream file(path_, std::ios::binary | std::ios::trunc);
    file << text;
    file.close();
    ASSERT_TRUE(file) << "cannot write " << path_;
  }

  fs::path path_;
};

// Suite `Golden_<directory relative to GOLDEN_DIR>` ('/' -> '_'), name = stem.
void RegisterCases() {
  const fs::path root(GOLDEN_DIR);
  std::vector<fs::path> cases;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().extension() == ".txtar") cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  for (const fs::path& path : cases) {
    std::string suite = "Golden";
    std::string dir = path.parent_path().lexically_relative(root).generic_string();
    if (!dir.empty() && dir != ".") {
      std::replace(dir.begin(), dir.end(), '/', '_');
      suite += "_" + dir;
    }
    std::string name = path.stem().string();
    testing::RegisterTest(suite.c_str(), name.c_str(), nullptr, nullptr, path.c_str(), 1,
                          [path]() -> testing::Test* { return new GoldenCase(path); });
  }
}

}  // namespace
}  // namespace whisk::golden

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  whisk::golden::RegisterCases();
  return RUN_ALL_TESTS();
}
