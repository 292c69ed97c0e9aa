#include "compiler/cli/readiness_output.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <ctime>
#include <string_view>

namespace whisk::cli {
namespace {

/// Cuts `line` to `width` bytes without splitting a UTF-8 sequence.
std::string Cut(std::string line, size_t width) {
  if (line.size() <= width) return line;
  size_t end = width;
  while (end > 0 && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) --end;
  line.resize(end);
  return line;
}

std::string Pad(std::string_view text, size_t width) {
  std::string out(text);
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out;
}

std::string KindOf(const kube::Workload& w) { return w.kind.empty() ? "external" : w.kind; }

size_t CountReady(const std::vector<kube::Observation>& observations) {
  return std::count_if(observations.begin(), observations.end(),
                       [](const kube::Observation& o) { return o.ok(); });
}

class LiveView : public WaitView {
 public:
  LiveView(std::FILE* out, const std::vector<kube::Workload>& workloads,
           std::chrono::milliseconds timeout)
      : out_(out), workloads_(workloads), timeout_(timeout) {}

  void Update(const std::vector<kube::Observation>& observations,
              std::chrono::milliseconds elapsed) override {
    winsize size = Size();
    std::vector<std::string> lines =
        LiveFrame(workloads_, observations, elapsed, timeout_, size.ws_col - 1, size.ws_row - 1u);
    std::string text;
    // Back to the first line of the previous frame, then every line anew.
    if (drawn_ > 0) text += fmt::format("\x1b[{}A\r", drawn_);
    for (const std::string& line : lines) text += "\x1b[2K" + line + "\n";
    text += "\x1b[J";  // what a taller previous frame left below
    std::fputs(text.c_str(), out_);
    std::fflush(out_);
    drawn_ = lines.size();
  }

  void Finish(const kube::WaitResult&) override {}

 private:
  /// The terminal's size now (it may change between frames); 80x24 when unknown.
  winsize Size() const {
    winsize size{};
    if (ioctl(fileno(out_), TIOCGWINSZ, &size) != 0 || size.ws_col < 2 || size.ws_row < 3) {
      size.ws_col = 80;
      size.ws_row = 24;
    }
    return size;
  }

  std::FILE* out_;
  const std::vector<kube::Workload>& workloads_;
  std::chrono::milliseconds timeout_;
  size_t drawn_ = 0;
};

class LogView : public WaitView {
 public:
  LogView(std::FILE* out, const std::vector<kube::Workload>& workloads,
          std::function<std::chrono::system_clock::time_point()> now)
      : out_(out), workloads_(workloads), now_(std::move(now)), told_(workloads.size()) {}

  void Update(const std::vector<kube::Observation>& observations,
              std::chrono::milliseconds) override {
    std::string stamp = Timestamp(now_());
    for (size_t i = 0; i < observations.size(); ++i) {
      std::string line = observations[i].Line();
      if (line != told_[i]) {
        std::fputs(fmt::format("{} {} {}\n", stamp, workloads_[i].component, line).c_str(), out_);
        told_[i] = std::move(line);
      }
      // What comes after a workload that is not ready is told once it is: the log reads in
      // dependency order, as the components become ready.
      if (!observations[i].ok()) break;
    }
    std::fflush(out_);
  }

  void Finish(const kube::WaitResult& result) override {
    if (result.outcome != kube::WaitResult::Outcome::Ready) return;
    std::fputs(
        fmt::format("{} all {} ready after {}\n", Timestamp(now_()),
                    workloads_.size() == 1 ? "1 component is"
                                           : fmt::format("{} components are", workloads_.size()),
                    FormatDuration(result.elapsed))
            .c_str(),
        out_);
    std::fflush(out_);
  }

 private:
  std::FILE* out_;
  const std::vector<kube::Workload>& workloads_;
  std::function<std::chrono::system_clock::time_point()> now_;
  std::vector<std::string> told_;
};

bool AnsiTerminal(std::FILE* out) {
  const char* term = std::getenv("TERM");
  return isatty(fileno(out)) && term != nullptr && *term != '\0' &&
         std::string_view(term) != "dumb";
}

}  // namespace

std::string FormatDuration(std::chrono::milliseconds duration) {
  long long ms = duration.count();
  if (ms == 0) return "0s";
  if (ms < 1000) return fmt::format("{}ms", ms);
  long long seconds = ms / 1000;
  std::string out;
  if (seconds >= 3600) out += fmt::format("{}h", seconds / 3600);
  if (seconds % 3600 >= 60) out += fmt::format("{}m", seconds % 3600 / 60);
  if (seconds % 60 != 0 || out.empty()) out += fmt::format("{}s", seconds % 60);
  return out;
}

std::string Timestamp(std::chrono::system_clock::time_point time) {
  std::time_t t = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string Described(const kube::Workload& w) {
  if (w.kind.empty()) return fmt::format("{} (external)", w.component);
  return fmt::format("{} ({} {}/{})", w.component, w.kind, w.namespace_name, w.name);
}

std::string StatusTable(const std::vector<kube::Workload>& workloads,
                        const std::vector<kube::Observation>& observations) {
  std::vector<std::array<std::string, 4>> rows = {{"COMPONENT", "KIND", "NAME", "STATUS"}};
  for (size_t i = 0; i < workloads.size(); ++i) {
    const kube::Workload& w = workloads[i];
    rows.push_back(
        {w.component, KindOf(w), w.kind.empty() ? "-" : w.name, observations[i].Explain()});
  }
  std::array<size_t, 3> widths{};
  for (const auto& row : rows) {
    for (size_t c = 0; c < widths.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  std::string out;
  for (const auto& row : rows) {
    for (size_t c = 0; c < widths.size(); ++c) out += Pad(row[c], widths[c] + 2);
    out += row[3] + "\n";
  }
  return out;
}

std::vector<std::string> LiveFrame(const std::vector<kube::Workload>& workloads,
                                   const std::vector<kube::Observation>& observations,
                                   std::chrono::milliseconds elapsed,
                                   std::chrono::milliseconds timeout, size_t width, size_t height) {
  size_t ready = CountReady(observations);
  // Whole seconds: milliseconds would flicker.
  elapsed = std::chrono::floor<std::chrono::seconds>(elapsed);
  std::vector<std::string> lines;
  lines.push_back(
      Cut(ready == workloads.size()
              ? fmt::format("all {} ready after {}", workloads.size(), FormatDuration(elapsed))
              : fmt::format("waiting: {} of {} ready ({} of {})", ready, workloads.size(),
                            FormatDuration(elapsed), FormatDuration(timeout)),
          width));
  size_t name_width = 0, kind_width = 0;
  for (const kube::Workload& w : workloads) {
    name_width = std::max(name_width, w.component.size());
    kind_width = std::max(kind_width, KindOf(w).size());
  }
  // Lines above the top of the screen cannot be redrawn: when the frame is taller than the
  // terminal, the workloads not ready are shown first, then the ready ones that still fit.
  std::vector<bool> shown(workloads.size(), true);
  size_t hidden = 0;
  if (height > 0 && workloads.size() + 1 > height) {
    size_t budget = height > 2 ? height - 2 : 0;
    std::fill(shown.begin(), shown.end(), false);
    for (bool want_ready : {false, true}) {
      for (size_t i = 0; i < workloads.size() && budget > 0; ++i) {
        bool is_ready = i < observations.size() && observations[i].ok();
        if (is_ready == want_ready && !shown[i]) shown[i] = true, --budget;
      }
    }
    hidden = std::count(shown.begin(), shown.end(), false);
  }
  for (size_t i = 0; i < workloads.size(); ++i) {
    if (!shown[i]) continue;
    std::string state = i < observations.size() ? observations[i].Line() : "";
    lines.push_back(
        Cut(fmt::format("  {}  {}  {}", Pad(workloads[i].component, name_width),
                        Pad(KindOf(workloads[i]), kind_width), state.empty() ? "..." : state),
            width));
  }
  if (hidden > 0) lines.push_back(Cut(fmt::format("  ... and {} more", hidden), width));
  return lines;
}

std::unique_ptr<WaitView> MakeLogView(std::FILE* out, const std::vector<kube::Workload>& workloads,
                                      std::function<std::chrono::system_clock::time_point()> now) {
  return std::make_unique<LogView>(out, workloads, std::move(now));
}

std::unique_ptr<WaitView> MakeWaitView(std::FILE* out, const std::vector<kube::Workload>& workloads,
                                       std::chrono::milliseconds timeout) {
  if (AnsiTerminal(out)) return std::make_unique<LiveView>(out, workloads, timeout);
  return MakeLogView(out, workloads, [] { return std::chrono::system_clock::now(); });
}

std::string WaitFailure(const std::vector<kube::Workload>& workloads,
                        const kube::WaitResult& result, std::chrono::milliseconds timeout) {
  using Outcome = kube::WaitResult::Outcome;
  std::string text;
  size_t culprit = result.culprit;
  switch (result.outcome) {
    case Outcome::Ready:
      return "";
    case Outcome::ClusterError:
      return fmt::format("cannot read {}: {}", Described(workloads[culprit]),
                         result.observations[culprit].Explain());
    case Outcome::Failed:
      text = fmt::format("{} {}", Described(workloads[culprit]),
                         result.observations[culprit].Explain());
      break;
    case Outcome::TimedOut: {
      size_t waiting = workloads.size() - CountReady(result.observations);
      text = fmt::format(
          "timed out after {} with {} of {} not ready:", FormatDuration(timeout), waiting,
          workloads.size() == 1 ? "1 component" : fmt::format("{} components", workloads.size()));
      break;
    }
  }
  bool listed = false;
  for (size_t i = 0; i < workloads.size(); ++i) {
    const kube::Observation& o = result.observations[i];
    // Failing fast leaves later workloads unread: nothing to say about them.
    if (o.ok() || i == culprit || o.readiness.summary.empty()) continue;
    if (result.outcome == Outcome::Failed && !listed) text += "\nnot ready yet:";
    listed = true;
    text += fmt::format("\n  {}: {}", Described(workloads[i]), o.Explain());
  }
  return text;
}

}  // namespace whisk::cli
