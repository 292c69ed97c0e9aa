// What "ready" means per kind of workload, and what blocks a pod: the rules `whiskc status`
// and `whiskc apply --wait` share, on objects as the API server returns them.
#include "compiler/kube/readiness.h"

#include <gtest/gtest.h>

#include <string>

namespace whisk::kube {
namespace {

using State = Readiness::State;
using Blocker = PodBlocker::Kind;

Readiness Of(const char* json) { return WorkloadReadiness(Json::parse(json)); }
PodBlocker Pod(const char* json) { return BlockerOf(Json::parse(json)); }

// ---------------------------------------------------------------- Deployment

TEST(Readiness, DeploymentRolledOutAtItsGenerationIsReady) {
  Readiness r = Of(R"({"kind":"Deployment","metadata":{"generation":2},"spec":{"replicas":3},
    "status":{"observedGeneration":2,"replicas":3,"updatedReplicas":3,"readyReplicas":3,
    "availableReplicas":3}})");
  EXPECT_EQ(r.state, State::Ready);
  EXPECT_EQ(r.summary, "ready (3/3)");
  EXPECT_EQ(r.ready, 3);
  EXPECT_EQ(r.desired, 3);
}

TEST(Readiness, DeploymentWhoseGenerationIsNotObservedWaitsForTheController) {
  // The counts are those of the previous spec: all ready, but not of this generation.
  Readiness r = Of(R"({"kind":"Deployment","metadata":{"generation":3},"spec":{"replicas":1},
    "status":{"observedGeneration":2,"replicas":1,"updatedReplicas":1,"availableReplicas":1}})");
  EXPECT_EQ(r.state, State::Progressing);
  EXPECT_EQ(r.summary, "waiting for the controller");
  EXPECT_EQ(Of(R"({"kind":"Deployment","metadata":{"generation":1},"spec":{}})").summary,
            "waiting for the controller");
}

TEST(Readiness, DeploymentRollingOutSaysWhichCountIsShort) {
  EXPECT_EQ(Of(R"({"kind":"Deployment","metadata":{"generation":1},"spec":{"replicas":3},
    "status":{"observedGeneration":1,"replicas":3,"updatedReplicas":1,"availableReplicas":3}})")
                .summary,
            "rolling out 1/3 updated");
  EXPECT_EQ(Of(R"({"kind":"Deployment","metadata":{"generation":1},"spec":{"replicas":3},
    "status":{"observedGeneration":1,"replicas":4,"updatedReplicas":3,"availableReplicas":3}})")
                .summary,
            "rolling out: 1 old replicas terminating");
  Readiness available = Of(R"({"kind":"Deployment","metadata":{"generation":1},
    "spec":{"replicas":3},"status":{"observedGeneration":1,"replicas":3,"updatedReplicas":3,
    "availableReplicas":1,"unavailableReplicas":2}})");
  EXPECT_EQ(available.state, State::Progressing);
  EXPECT_EQ(available.summary, "rolling out 1/3 available");
  // Available counts can lag the unavailable ones: either one short is not ready.
  EXPECT_EQ(Of(R"({"kind":"Deployment","metadata":{"generation":1},"spec":{"replicas":3},
    "status":{"observedGeneration":1,"replicas":3,"updatedReplicas":3,"availableReplicas":3,
    "unavailableReplicas":1}})")
                .state,
            State::Progressing);
}

TEST(Readiness, DeploymentDefaultsToOneReplicaAndZeroReplicasIsReady) {
  EXPECT_EQ(Of(R"({"kind":"Deployment","metadata":{"generation":1},"spec":{},
    "status":{"observedGeneration":1}})")
                .summary,
            "rolling out 0/1 updated");
  EXPECT_EQ(Of(R"({"kind":"Deployment","metadata":{"generation":1},"spec":{"replicas":0},
    "status":{"observedGeneration":1}})")
                .summary,
            "ready (0/0)");
}

TEST(Readiness, DeploymentPastItsProgressDeadlineFails) {
  Readiness r = Of(R"({"kind":"Deployment","metadata":{"generation":1},"spec":{"replicas":1},
    "status":{"observedGeneration":1,"replicas":1,"updatedReplicas":1,"conditions":[
      {"type":"Progressing","status":"False","reason":"ProgressDeadlineExceeded",
       "message":"ReplicaSet \"a-1\" has timed out progressing."}]}})");
  EXPECT_EQ(r.state, State::Failed);
  EXPECT_EQ(r.summary,
            "failed: progress deadline exceeded: ReplicaSet \"a-1\" has timed out "
            "progressing.");
}

// ---------------------------------------------------------------- StatefulSet

TEST(Readiness, StatefulSetNeedsReadyUpdatedAndOneRevision) {
  EXPECT_EQ(Of(R"({"kind":"StatefulSet","metadata":{"generation":1},"spec":{"replicas":2},
    "status":{"observedGeneration":1,"replicas":2,"readyReplicas":2,"updatedReplicas":2,
    "currentRevision":"db-1","updateRevision":"db-1"}})")
                .summary,
            "ready (2/2)");
  EXPECT_EQ(Of(R"({"kind":"StatefulSet","metadata":{"generation":1},"spec":{"replicas":2},
    "status":{"observedGeneration":1,"readyReplicas":1,"updatedReplicas":2,
    "currentRevision":"db-1","updateRevision":"db-1"}})")
                .summary,
            "rolling out 1/2 ready");
  EXPECT_EQ(Of(R"({"kind":"StatefulSet","metadata":{"generation":2},"spec":{"replicas":2},
    "status":{"observedGeneration":2,"readyReplicas":2,"updatedReplicas":1,
    "currentRevision":"db-1","updateRevision":"db-2"}})")
                .summary,
            "rolling out 1/2 updated");
  Readiness revision = Of(R"({"kind":"StatefulSet","metadata":{"generation":2},
    "spec":{"replicas":2,"updateStrategy":{"type":"RollingUpdate"}},
    "status":{"observedGeneration":2,"readyReplicas":2,"updatedReplicas":2,
    "currentRevision":"db-1","updateRevision":"db-2"}})");
  EXPECT_EQ(revision.state, State::Progressing);
  EXPECT_EQ(revision.summary, "rolling out revision db-2");
  EXPECT_EQ(Of(R"({"kind":"StatefulSet","metadata":{"generation":2},"spec":{"replicas":1},
    "status":{"observedGeneration":1,"readyReplicas":1}})")
                .summary,
            "waiting for the controller");
}

TEST(Readiness, StatefulSetOnDeleteOrPartitionedDoesNotWaitForEveryRevision) {
  // OnDelete: pods change only when deleted; ready replicas are all there is to wait for.
  EXPECT_EQ(Of(R"({"kind":"StatefulSet","metadata":{"generation":2},
    "spec":{"replicas":2,"updateStrategy":{"type":"OnDelete"}},
    "status":{"observedGeneration":2,"readyReplicas":2,"updatedReplicas":0,
    "currentRevision":"db-1","updateRevision":"db-2"}})")
                .state,
            State::Ready);
  // A partition keeps the pods below it at the old revision on purpose.
  const char* partitioned = R"({"kind":"StatefulSet","metadata":{"generation":2},
    "spec":{"replicas":3,"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}},
    "status":{"observedGeneration":2,"readyReplicas":3,"updatedReplicas":%d,
    "currentRevision":"db-1","updateRevision":"db-2"}})";
  char text[512];
  std::snprintf(text, sizeof text, partitioned, 1);
  EXPECT_EQ(Of(text).state, State::Ready);
  std::snprintf(text, sizeof text, partitioned, 0);
  EXPECT_EQ(Of(text).summary, "rolling out 0/1 updated (partition 2)");
}

// ---------------------------------------------------------------- DaemonSet

TEST(Readiness, DaemonSetNeedsEveryNodeUpdatedAndAvailable) {
  EXPECT_EQ(Of(R"({"kind":"DaemonSet","metadata":{"generation":1},"status":{
    "observedGeneration":1,"desiredNumberScheduled":3,"updatedNumberScheduled":3,
    "numberAvailable":3,"numberReady":3}})")
                .summary,
            "ready (3/3)");
  EXPECT_EQ(Of(R"({"kind":"DaemonSet","metadata":{"generation":1},"status":{
    "observedGeneration":1,"desiredNumberScheduled":3,"updatedNumberScheduled":2,
    "numberAvailable":3}})")
                .summary,
            "rolling out 2/3 nodes updated");
  EXPECT_EQ(Of(R"({"kind":"DaemonSet","metadata":{"generation":1},"status":{
    "observedGeneration":1,"desiredNumberScheduled":3,"updatedNumberScheduled":3,
    "numberAvailable":1,"numberUnavailable":2}})")
                .summary,
            "rolling out 1/3 available");
  EXPECT_EQ(Of(R"({"kind":"DaemonSet","metadata":{"generation":2},"status":{
    "observedGeneration":1,"desiredNumberScheduled":1,"updatedNumberScheduled":1,
    "numberAvailable":1}})")
                .summary,
            "waiting for the controller");
  EXPECT_EQ(Of(R"({"kind":"DaemonSet","metadata":{"generation":2},
    "spec":{"updateStrategy":{"type":"OnDelete"}},"status":{"observedGeneration":2,
    "desiredNumberScheduled":2,"updatedNumberScheduled":0,"numberAvailable":2}})")
                .state,
            State::Ready);
}

// ---------------------------------------------------------------- Job and CronJob

TEST(Readiness, JobIsReadyWhenCompleteAndFailsForGoodWithFailed) {
  Readiness complete = Of(R"({"kind":"Job","metadata":{"name":"shop-migrate","namespace":"shop"},
    "spec":{"completions":1},"status":{"succeeded":1,"conditions":[
      {"type":"SuccessCriteriaMet","status":"True"},{"type":"Complete","status":"True"}]}})");
  EXPECT_EQ(complete.state, State::Ready);
  EXPECT_EQ(complete.summary, "complete (1/1)");

  Readiness failed = Of(R"({"kind":"Job","metadata":{"name":"shop-migrate","namespace":"shop"},
    "spec":{},"status":{"failed":4,"conditions":[{"type":"Failed","status":"True",
      "reason":"BackoffLimitExceeded","message":"Job has reached the specified backoff limit"}]}})");
  EXPECT_EQ(failed.state, State::Failed);
  EXPECT_EQ(failed.summary,
            "failed: BackoffLimitExceeded: Job has reached the specified backoff limit (see "
            "kubectl logs job/shop-migrate -n shop)");
}

TEST(Readiness, JobRunningSuspendedOrNotStarted) {
  EXPECT_EQ(Of(R"({"kind":"Job","metadata":{"name":"j"},"spec":{"completions":3},
    "status":{"succeeded":1,"active":2,"conditions":[{"type":"Complete","status":"False"}]}})")
                .summary,
            "running (1/3 succeeded, 2 active)");
  EXPECT_EQ(
      Of(R"({"kind":"Job","metadata":{"name":"j"},"spec":{"suspend":true},"status":{}})").summary,
      "suspended");
  EXPECT_EQ(Of(R"({"kind":"Job","metadata":{"name":"j"},"spec":{}})").summary,
            "waiting for the controller");
}

TEST(Readiness, CronJobAndOtherKindsAreReadyOnceTheyExist) {
  Readiness cron = Of(R"({"kind":"CronJob","spec":{"schedule":"*/5 * * * *"},
    "status":{"lastScheduleTime":"2026-11-27T06:40:00Z"}})");
  EXPECT_EQ(cron.state, State::Ready);
  EXPECT_EQ(cron.summary, "scheduled (*/5 * * * *), last run 2026-11-27T06:40:00Z");
  EXPECT_EQ(Of(R"({"kind":"CronJob","spec":{"schedule":"@daily","suspend":true}})").summary,
            "suspended");
  EXPECT_EQ(Of(R"({"kind":"ConfigMap"})").state, State::Ready);
  // Whatever the server sends, judging never throws.
  EXPECT_EQ(Of(R"({"kind":"Deployment","spec":[],"status":"x","metadata":null})").state,
            State::Progressing);
}

// ---------------------------------------------------------------- pods

TEST(PodBlocker, RunningWaitInitContainerNamesTheDependency) {
  PodBlocker b = Pod(R"({"metadata":{"name":"shop-api-1"},
    "spec":{"initContainers":[{"name":"wait-db"},{"name":"wait-migrate"}],
            "containers":[{"name":"api"}]},
    "status":{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"True"}],
      "initContainerStatuses":[
        {"name":"wait-db","state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
        {"name":"wait-migrate","state":{"running":{"startedAt":"2026-11-27T06:40:00Z"}}}],
      "containerStatuses":[{"name":"api","ready":false,
        "state":{"waiting":{"reason":"PodInitializing"}}}]}})");
  EXPECT_EQ(b.kind, Blocker::WaitsForDependency);
  EXPECT_EQ(b.pod, "shop-api-1");
  EXPECT_EQ(b.container, "wait-migrate");
  EXPECT_EQ(b.dependency, "migrate");
  EXPECT_EQ(b.Describe(), "waits for migrate (init container wait-migrate is running)");
  EXPECT_EQ(b.Short(), "waiting for migrate");
  b.log = "whisk: waiting for migrate: want Job shop-migrate complete (attempt 7)";
  EXPECT_EQ(b.Describe(),
            "waits for migrate (init container wait-migrate is running): whisk: waiting for "
            "migrate: want Job shop-migrate complete (attempt 7)");
}

TEST(PodBlocker, InitContainerNotYetStartedOrOfTheUser) {
  // No statuses yet: the first unfinished init container is the one to wait for.
  PodBlocker waiting = Pod(R"({"metadata":{"name":"p"},
    "spec":{"initContainers":[{"name":"wait-kafka"}],"containers":[{"name":"c"}]},
    "status":{"phase":"Pending","initContainerStatuses":[{"name":"wait-kafka",
      "state":{"waiting":{"reason":"ContainerCreating"}}}]}})");
  EXPECT_EQ(waiting.kind, Blocker::WaitsForDependency);
  EXPECT_EQ(waiting.Describe(), "waits for kafka (init container wait-kafka is ContainerCreating)");
  PodBlocker own = Pod(R"({"metadata":{"name":"p"},
    "spec":{"initContainers":[{"name":"setup"}],"containers":[{"name":"c"}]},
    "status":{"phase":"Pending","initContainerStatuses":[{"name":"setup",
      "state":{"running":{}}}]}})");
  EXPECT_EQ(own.kind, Blocker::InitContainer);
  EXPECT_EQ(own.Describe(), "init container setup is running");
  // A started sidecar does not hold the pod back.
  PodBlocker sidecar = Pod(R"({"metadata":{"name":"p"},
    "spec":{"initContainers":[{"name":"proxy","restartPolicy":"Always"}],
            "containers":[{"name":"c"}]},
    "status":{"phase":"Running","initContainerStatuses":[{"name":"proxy","started":true,
      "state":{"running":{}}}],"containerStatuses":[{"name":"c","ready":true,
      "state":{"running":{}}}],"conditions":[{"type":"Ready","status":"True"}]}})");
  EXPECT_EQ(sidecar.kind, Blocker::None);
}

TEST(PodBlocker, CrashLoopBackOffNamesTheContainerAndItsLastExit) {
  PodBlocker b = Pod(R"({"metadata":{"name":"shop-api-1"},"spec":{"containers":[{"name":"api"}]},
    "status":{"phase":"Running","containerStatuses":[{"name":"api","ready":false,
      "restartCount":5,"state":{"waiting":{"reason":"CrashLoopBackOff",
        "message":"back-off 5m0s restarting failed container=api"}},
      "lastState":{"terminated":{"exitCode":137,"reason":"OOMKilled"}}}]}})");
  EXPECT_EQ(b.kind, Blocker::Failed);
  EXPECT_EQ(b.container, "api");
  EXPECT_EQ(b.reason, "CrashLoopBackOff");
  EXPECT_EQ(b.Describe(), "container api: CrashLoopBackOff (last exit: OOMKilled, code 137)");
  EXPECT_EQ(b.Short(), "api: CrashLoopBackOff");
}

TEST(PodBlocker, ImagePullBackOffKeepsTheKubeletsMessage) {
  PodBlocker b = Pod(R"({"metadata":{"name":"p"},"spec":{"containers":[{"name":"api"}]},
    "status":{"phase":"Pending","containerStatuses":[{"name":"api","ready":false,
      "state":{"waiting":{"reason":"ImagePullBackOff",
        "message":"Back-off pulling image \"shop/api:9\""}}}]}})");
  EXPECT_EQ(b.kind, Blocker::Failed);
  EXPECT_EQ(b.Describe(),
            "container api: ImagePullBackOff (Back-off pulling image \"shop/api:9\")");
}

TEST(PodBlocker, FailingWaitContainerStillNamesItsDependency) {
  // The wait for a Job exits 1 once the Job has failed, and the kubelet backs off.
  PodBlocker b = Pod(R"({"metadata":{"name":"p"},
    "spec":{"initContainers":[{"name":"wait-migrate"}],"containers":[{"name":"api"}]},
    "status":{"phase":"Pending","initContainerStatuses":[{"name":"wait-migrate",
      "state":{"waiting":{"reason":"CrashLoopBackOff"}},
      "lastState":{"terminated":{"exitCode":1,"reason":"Error"}}}]}})");
  EXPECT_EQ(b.kind, Blocker::Failed);
  EXPECT_TRUE(b.init);
  EXPECT_EQ(b.dependency, "migrate");
  EXPECT_EQ(b.Describe(),
            "init container wait-migrate (waits for migrate): CrashLoopBackOff (last exit: "
            "Error, code 1)");
  PodBlocker exited = Pod(R"({"metadata":{"name":"p"},
    "spec":{"initContainers":[{"name":"setup"}],"containers":[{"name":"c"}]},
    "status":{"phase":"Pending","initContainerStatuses":[{"name":"setup",
      "state":{"terminated":{"exitCode":2,"reason":"Error"}}}]}})");
  EXPECT_EQ(exited.Describe(), "init container setup: Error (exit code 2)");
}

TEST(PodBlocker, UnschedulableCarriesTheSchedulersMessage) {
  PodBlocker b = Pod(R"({"metadata":{"name":"p"},"spec":{"containers":[{"name":"c"}]},
    "status":{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False",
      "reason":"Unschedulable",
      "message":"0/3 nodes are available: 3 Insufficient cpu."}]}})");
  EXPECT_EQ(b.kind, Blocker::Unschedulable);
  EXPECT_EQ(b.Describe(), "unschedulable: 0/3 nodes are available: 3 Insufficient cpu.");
  EXPECT_EQ(b.Short(), "unschedulable");
}

TEST(PodBlocker, StartingNotReadyFailedAndFinishedPods) {
  PodBlocker creating = Pod(R"({"metadata":{"name":"p"},"spec":{"containers":[{"name":"c"}]},
    "status":{"phase":"Pending","containerStatuses":[{"name":"c","ready":false,
      "state":{"waiting":{"reason":"ContainerCreating"}}}]}})");
  EXPECT_EQ(creating.kind, Blocker::Starting);
  EXPECT_EQ(creating.Describe(), "container c is starting (ContainerCreating)");
  EXPECT_EQ(Pod(R"({"metadata":{"name":"p"},"status":{"phase":"Pending"}})").Describe(), "pending");

  PodBlocker probe = Pod(R"({"metadata":{"name":"p"},"spec":{"containers":[{"name":"c"}]},
    "status":{"phase":"Running","containerStatuses":[{"name":"c","ready":false,
      "state":{"running":{}}}]}})");
  EXPECT_EQ(probe.kind, Blocker::NotReady);
  EXPECT_EQ(probe.Describe(), "container c is running but not ready (its readiness check fails)");

  PodBlocker evicted = Pod(R"({"metadata":{"name":"p"},"status":{"phase":"Failed",
    "reason":"Evicted","message":"The node was low on resource: memory."}})");
  EXPECT_EQ(evicted.kind, Blocker::Failed);
  EXPECT_EQ(evicted.Describe(), "pod failed: Evicted: The node was low on resource: memory.");

  EXPECT_EQ(Pod(R"({"metadata":{"name":"p"},"status":{"phase":"Succeeded"}})").kind, Blocker::None);
  EXPECT_EQ(Pod(R"({"metadata":{"name":"p","deletionTimestamp":"2026-11-27T06:40:00Z"},
    "status":{"phase":"Pending"}})")
                .kind,
            Blocker::None);
  EXPECT_EQ(Pod(R"({"metadata":{"name":"p"},"spec":{"containers":[{"name":"c"}]},
    "status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}],
      "containerStatuses":[{"name":"c","ready":true,"state":{"running":{}}}]}})")
                .kind,
            Blocker::None);
}

TEST(PodBlocker, WorstBlockerPrefersAFailureToAWait) {
  Json pods = Json::parse(R"([
    {"metadata":{"name":"a"},"status":{"phase":"Pending"}},
    {"metadata":{"name":"b"},"spec":{"initContainers":[{"name":"wait-db"}]},
     "status":{"phase":"Pending","initContainerStatuses":[{"name":"wait-db",
       "state":{"running":{}}}]}},
    {"metadata":{"name":"c"},"spec":{"containers":[{"name":"api"}]},
     "status":{"phase":"Running","containerStatuses":[{"name":"api",
       "state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}},
    {"metadata":{"name":"d"},"spec":{"initContainers":[{"name":"wait-db"}]},
     "status":{"phase":"Pending","initContainerStatuses":[{"name":"wait-db",
       "state":{"running":{}}}]}}])");
  EXPECT_EQ(WorstBlocker(pods).pod, "c");
  pods.erase(2);
  EXPECT_EQ(WorstBlocker(pods).pod, "b");
  EXPECT_EQ(WorstBlocker(Json::array()).kind, Blocker::None);
}

}  // namespace
}  // namespace whisk::kube
