// The options of `apply --wait` and `status`, and how readiness is shown: the status table,
// the live view's frame, the timestamped lines and the error that ends a wait.
#include "compiler/cli/readiness_output.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <initializer_list>
#include <string>
#include <vector>

#include "compiler/cli/options.h"
#include "tests/unit/parse_args.h"

namespace whisk::cli {
namespace {

using std::chrono::milliseconds;

// ---------------------------------------------------------------- options

using test_support::Parse;
using test_support::Parsed;

TEST(WaitOptions, TimeoutTakesDurationsAndDefaultsToFiveMinutes) {
  Parsed plain = Parse({"apply", "a.ow", "--wait"});
  ASSERT_TRUE(plain.options) << plain.error;
  EXPECT_TRUE(plain.options->wait);
  EXPECT_EQ(plain.options->timeout, milliseconds(300000));
  struct Case {
    const char* text;
    long long ms;
  };
  for (Case c : {Case{"90s", 90000}, Case{"5m", 300000}, Case{"1h", 3600000},
                 Case{"1h30m", 5400000}, Case{"500ms", 500}, Case{"0s", 0}}) {
    Parsed p = Parse({"apply", "a.ow", "--wait", "--timeout", c.text});
    ASSERT_TRUE(p.options) << c.text << ": " << p.error;
    EXPECT_EQ(p.options->timeout, milliseconds(c.ms)) << c.text;
  }
  Parsed inline_value = Parse({"apply", "a.ow", "--wait", "--timeout=2m"});
  ASSERT_TRUE(inline_value.options);
  EXPECT_EQ(inline_value.options->timeout, milliseconds(120000));
}

TEST(WaitOptions, RejectsBadDurationsAndMisplacedFlags) {
  for (const char* bad : {"5", "3d", "", "m", "-5s", "1x"}) {
    Parsed p = Parse({"apply", "a.ow", "--wait", "--timeout", bad});
    EXPECT_FALSE(p.options) << bad;
    EXPECT_EQ(p.error, std::string("--timeout expects a duration such as 90s, 5m or 1h30m, not `") +
                           bad + "`");
  }
  EXPECT_EQ(Parse({"apply", "a.ow", "--timeout", "5s"}).error, "--timeout needs --wait");
  EXPECT_FALSE(Parse({"compile", "a.ow", "--wait"}).options);
  EXPECT_FALSE(Parse({"status", "a.ow", "--wait"}).options);
  EXPECT_FALSE(Parse({"apply", "a.ow", "--wait", "--dry-run=server"}).options);
  EXPECT_EQ(Parse({"apply", "a.ow", "--timeout"}).error, "option `--timeout` needs a value");
}

TEST(ClusterOptions, RequestTimeoutDefaultsToThirtySecondsAndZeroMeansNone) {
  for (const char* command : {"apply", "status", "diff", "delete"}) {
    Parsed plain = Parse({command, "a.ow"});
    ASSERT_TRUE(plain.options) << plain.error;
    EXPECT_EQ(plain.options->request_timeout, milliseconds(30000)) << command;
    Parsed set = Parse({command, "a.ow", "--request-timeout", "2m"});
    ASSERT_TRUE(set.options) << set.error;
    EXPECT_EQ(set.options->request_timeout, milliseconds(120000)) << command;
  }
  // As kubectl's: a bare 0 is no timeout; other numbers need a unit.
  Parsed zero = Parse({"apply", "a.ow", "--request-timeout=0"});
  ASSERT_TRUE(zero.options) << zero.error;
  EXPECT_EQ(zero.options->request_timeout, milliseconds(0));
  EXPECT_EQ(Parse({"apply", "a.ow", "--request-timeout", "5"}).error,
            "--request-timeout expects a duration such as 90s, 5m or 1h30m, not `5`");
  EXPECT_EQ(Parse({"compile", "a.ow", "--request-timeout", "5s"}).error,
            "--kubeconfig, --context, --request-timeout and -v apply to `apply`, `status`, `diff` "
            "and `delete` only");
  // delete's --timeout takes a bare 0 too, as its help says.
  Parsed no_wait = Parse({"delete", "a.ow", "--timeout", "0"});
  ASSERT_TRUE(no_wait.options) << no_wait.error;
  EXPECT_EQ(no_wait.options->timeout, milliseconds(0));
}

TEST(StatusOptions, StatusTakesTheClusterOptions) {
  Parsed p = Parse({"status", "a.ow", "--kubeconfig", "k", "--context", "c", "-v", "-n", "x"});
  ASSERT_TRUE(p.options) << p.error;
  EXPECT_EQ(p.options->command, Command::Status);
  EXPECT_EQ(p.options->kubeconfig, "k");
  EXPECT_FALSE(Parse({"status", "a.ow", "--prune"}).options);
  EXPECT_FALSE(Parse({"status"}).options);
  EXPECT_FALSE(Parse({"check", "a.ow", "--kubeconfig", "k"}).options);
}

// ---------------------------------------------------------------- output

kube::Workload Work(const char* component, const char* kind, const char* name) {
  kube::Workload w;
  w.component = component;
  w.kind = kind;
  w.api_version = "apps/v1";
  w.name = name;
  w.namespace_name = "shop";
  return w;
}

kube::Observation Seen(kube::Readiness::State state, const char* summary, long ready = -1,
                       long desired = -1) {
  kube::Observation o;
  o.found = true;
  o.readiness = {state, summary, ready, desired};
  return o;
}

kube::Observation Stuck() {
  kube::Observation o =
      Seen(kube::Readiness::State::Progressing, "rolling out 0/1 available", 0, 1);
  o.blocker.kind = kube::PodBlocker::Kind::WaitsForDependency;
  o.blocker.pod = "shop-api-1";
  o.blocker.container = "wait-migrate";
  o.blocker.init = true;
  o.blocker.dependency = "migrate";
  o.blocker.reason = "running";
  return o;
}

const kube::Readiness::State kReady = kube::Readiness::State::Ready;
const kube::Readiness::State kProgressing = kube::Readiness::State::Progressing;

TEST(ReadinessOutput, FormatsDurationsAsTimeoutTakesThem) {
  EXPECT_EQ(FormatDuration(milliseconds(300000)), "5m");
  EXPECT_EQ(FormatDuration(milliseconds(90000)), "1m30s");
  EXPECT_EQ(FormatDuration(milliseconds(3600000)), "1h");
  EXPECT_EQ(FormatDuration(milliseconds(3725000)), "1h2m5s");
  EXPECT_EQ(FormatDuration(milliseconds(500)), "500ms");
  EXPECT_EQ(FormatDuration(milliseconds(0)), "0s");
  EXPECT_EQ(Timestamp(std::chrono::system_clock::time_point(std::chrono::seconds(1795588800))),
            "2026-11-25T06:40:00Z");
}

TEST(ReadinessOutput, ObservationLineSaysWhatItWaitsFor) {
  EXPECT_EQ(Stuck().Line(), "waiting for migrate (0/1)");
  EXPECT_EQ(Stuck().Explain(),
            "rolling out 0/1 available; pod shop-api-1: waits for migrate (init container "
            "wait-migrate is running)");
  EXPECT_EQ(Seen(kReady, "ready (1/1)", 1, 1).Line(), "ready (1/1)");
  kube::Observation missing;
  missing.readiness.summary = "not found";
  EXPECT_FALSE(missing.ok());
  EXPECT_EQ(missing.Line(), "not found");
}

TEST(ReadinessOutput, StatusTableAlignsItsColumns) {
  kube::Workload external;
  external.component = "payments";
  std::vector<kube::Workload> workloads = {Work("db", "StatefulSet", "shop-db"), external,
                                           Work("api", "Deployment", "shop-api")};
  std::vector<kube::Observation> observations = {
      Seen(kReady, "ready (1/1)"), Seen(kReady, "outside the cluster (not checked)"), Stuck()};
  EXPECT_EQ(StatusTable(workloads, observations),
            "COMPONENT  KIND         NAME      STATUS\n"
            "db         StatefulSet  shop-db   ready (1/1)\n"
            "payments   external     -         outside the cluster (not checked)\n"
            "api        Deployment   shop-api  rolling out 0/1 available; pod shop-api-1: waits "
            "for migrate (init container wait-migrate is running)\n");
}

TEST(ReadinessOutput, LiveFrameHasAHeaderAndCutsLinesToTheWidth) {
  std::vector<kube::Workload> workloads = {Work("db", "StatefulSet", "shop-db"),
                                           Work("api", "Deployment", "shop-api")};
  std::vector<kube::Observation> observations = {Seen(kReady, "ready (1/1)"), Stuck()};
  std::vector<std::string> frame =
      LiveFrame(workloads, observations, milliseconds(4700), milliseconds(300000), 80);
  ASSERT_EQ(frame.size(), 3u);
  EXPECT_EQ(frame[0], "waiting: 1 of 2 ready (4s of 5m)");
  EXPECT_EQ(frame[1], "  db   StatefulSet  ready (1/1)");
  EXPECT_EQ(frame[2], "  api  Deployment   waiting for migrate (0/1)");
  EXPECT_EQ(LiveFrame(workloads, observations, milliseconds(0), milliseconds(0), 10)[2],
            "  api  Dep");
  observations[1] = Seen(kReady, "ready (1/1)");
  EXPECT_EQ(LiveFrame(workloads, observations, milliseconds(12000), milliseconds(300000), 80)[0],
            "all 2 ready after 12s");
}

TEST(ReadinessOutput, LiveFrameTallerThanTheTerminalShowsWhatIsNotReadyFirst) {
  std::vector<kube::Workload> workloads = {Work("a", "Job", "x-a"), Work("b", "Job", "x-b"),
                                           Work("c", "Job", "x-c"), Work("d", "Job", "x-d")};
  std::vector<kube::Observation> observations = {
      Seen(kReady, "complete (1/1)"), Seen(kProgressing, "running (0/1 succeeded, 1 active)"),
      Seen(kReady, "complete (1/1)"), Seen(kProgressing, "running (0/1 succeeded, 1 active)")};
  std::vector<std::string> frame =
      LiveFrame(workloads, observations, milliseconds(0), milliseconds(60000), 80, 4);
  ASSERT_EQ(frame.size(), 4u);
  EXPECT_EQ(frame[0], "waiting: 2 of 4 ready (0s of 1m)");
  EXPECT_EQ(frame[1], "  b  Job  running (0/1 succeeded, 1 active)");
  EXPECT_EQ(frame[2], "  d  Job  running (0/1 succeeded, 1 active)");
  EXPECT_EQ(frame[3], "  ... and 2 more");
  EXPECT_EQ(LiveFrame(workloads, observations, milliseconds(0), milliseconds(0), 80, 5).size(), 5u);
  EXPECT_EQ(LiveFrame(workloads, observations, milliseconds(0), milliseconds(0), 80, 5)[4],
            "  d  Job  running (0/1 succeeded, 1 active)");
}

/// Runs `body` with a view writing to a temporary file, and returns what it wrote.
template <typename Body>
std::string Captured(Body body) {
  std::FILE* file = std::tmpfile();
  body(file);
  std::fflush(file);
  std::rewind(file);
  std::string text;
  char buffer[4096];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, file)) text.append(buffer, n);
  std::fclose(file);
  return text;
}

TEST(ReadinessOutput, LogViewTellsChangesInDependencyOrder) {
  std::vector<kube::Workload> workloads = {Work("db", "StatefulSet", "shop-db"),
                                           Work("migrate", "Job", "shop-migrate"),
                                           Work("api", "Deployment", "shop-api")};
  auto clock = [] {
    return std::chrono::system_clock::time_point(std::chrono::seconds(1795588800));
  };
  std::string text = Captured([&](std::FILE* out) {
    std::unique_ptr<WaitView> view = MakeLogView(out, workloads, clock);
    // The api is ready before the Job it needs: it is told after the Job.
    view->Update(
        {Seen(kReady, "ready (1/1)"), Seen(kProgressing, "running (0/1 succeeded, 1 active)"),
         Seen(kReady, "ready (1/1)")},
        milliseconds(1000));
    view->Update(
        {Seen(kReady, "ready (1/1)"), Seen(kProgressing, "running (0/1 succeeded, 1 active)"),
         Seen(kReady, "ready (1/1)")},
        milliseconds(2000));
    kube::WaitResult result;
    result.observations = {Seen(kReady, "ready (1/1)"), Seen(kReady, "complete (1/1)"),
                           Seen(kReady, "ready (1/1)")};
    result.elapsed = milliseconds(3000);
    view->Update(result.observations, result.elapsed);
    view->Finish(result);
  });
  EXPECT_EQ(text,
            "2026-11-25T06:40:00Z db ready (1/1)\n"
            "2026-11-25T06:40:00Z migrate running (0/1 succeeded, 1 active)\n"
            "2026-11-25T06:40:00Z migrate complete (1/1)\n"
            "2026-11-25T06:40:00Z api ready (1/1)\n"
            "2026-11-25T06:40:00Z all 3 components are ready after 3s\n");
}

TEST(ReadinessOutput, WaitFailureNamesEveryComponentNotReady) {
  std::vector<kube::Workload> workloads = {Work("db", "StatefulSet", "shop-db"),
                                           Work("migrate", "Job", "shop-migrate"),
                                           Work("api", "Deployment", "shop-api")};
  kube::WaitResult timed_out;
  timed_out.outcome = kube::WaitResult::Outcome::TimedOut;
  timed_out.observations = {Seen(kReady, "ready (1/1)"),
                            Seen(kProgressing, "running (0/1 succeeded, 1 active)"), Stuck()};
  EXPECT_EQ(WaitFailure(workloads, timed_out, milliseconds(5000)),
            "timed out after 5s with 2 of 3 components not ready:\n"
            "  migrate (Job shop/shop-migrate): running (0/1 succeeded, 1 active)\n"
            "  api (Deployment shop/shop-api): rolling out 0/1 available; pod shop-api-1: waits "
            "for migrate (init container wait-migrate is running)");

  kube::WaitResult failed;
  failed.outcome = kube::WaitResult::Outcome::Failed;
  failed.culprit = 1;
  failed.observations = {Seen(kProgressing, "rolling out 0/1 ready"),
                         Seen(kube::Readiness::State::Failed,
                              "failed: BackoffLimitExceeded (see kubectl logs job/shop-migrate "
                              "-n shop)"),
                         kube::Observation{}};
  EXPECT_EQ(WaitFailure(workloads, failed, milliseconds(5000)),
            "migrate (Job shop/shop-migrate) failed: BackoffLimitExceeded (see kubectl logs "
            "job/shop-migrate -n shop)\n"
            "not ready yet:\n"
            "  db (StatefulSet shop/shop-db): rolling out 0/1 ready");
}

}  // namespace
}  // namespace whisk::cli
