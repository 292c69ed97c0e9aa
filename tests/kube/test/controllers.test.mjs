// The simulated controllers: finished rollouts, completed Jobs, bound claims,
// and the pods of workloads marked stuck or failing.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { apply, deployment, deploymentPath, eventually, startTestServer } from "./harness.mjs";

describe("simulated controllers", () => {
  let t;
  before(async () => { t = await startTestServer(); });
  after(() => t.stop());

  const get = async (path) => (await t.client.request("GET", path)).body;

  it("finish a Deployment's rollout after the delay, and again after a spec change", async () => {
    await apply(t.client, deploymentPath("roll"), deployment("roll", { replicas: 3 }));
    const done = await eventually(async () => {
      const d = await get(deploymentPath("roll"));
      return d.status?.observedGeneration === 1 && d;
    });
    assert.deepEqual([done.status.replicas, done.status.readyReplicas, done.status.updatedReplicas, done.status.availableReplicas], [3, 3, 3, 3]);
    assert.deepEqual(done.status.conditions.map((c) => `${c.type}=${c.status}`), ["Available=True", "Progressing=True"]);
    await apply(t.client, deploymentPath("roll"), deployment("roll", { replicas: 3, image: "nginx:2" }));
    await eventually(async () => (await get(deploymentPath("roll"))).status?.observedGeneration === 2);
  });

  it("complete Jobs, bind claims and roll out StatefulSets and DaemonSets", async () => {
    const ns = "/namespaces/default";
    const template = { metadata: { labels: { app: "x" } }, spec: { containers: [{ name: "c", image: "busybox" }] } };
    await apply(t.client, `/apis/batch/v1${ns}/jobs/once`, { apiVersion: "batch/v1", kind: "Job", metadata: { name: "once" }, spec: { template } });
    await apply(t.client, `/api/v1${ns}/persistentvolumeclaims/data`, {
      apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data" },
      spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
    });
    const selector = { matchLabels: { app: "x" } };
    await apply(t.client, `/apis/apps/v1${ns}/statefulsets/db`, { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "db" }, spec: { serviceName: "db", selector, template } });
    await apply(t.client, `/apis/apps/v1${ns}/daemonsets/agent`, { apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "agent" }, spec: { selector, template } });

    const job = await eventually(async () => (await get(`/apis/batch/v1${ns}/jobs/once`)).status?.succeeded && get(`/apis/batch/v1${ns}/jobs/once`));
    assert.ok(job.status.conditions.some((c) => c.type === "Complete" && c.status === "True"));
    const claim = await eventually(async () => (await get(`/api/v1${ns}/persistentvolumeclaims/data`)).status?.phase === "Bound");
    assert.ok(claim);
    const sts = await eventually(async () => {
      const s = await get(`/apis/apps/v1${ns}/statefulsets/db`);
      return s.status?.readyReplicas === 1 && s;
    });
    assert.equal(sts.status.currentRevision, sts.status.updateRevision);
    const ds = await eventually(async () => {
      const d = await get(`/apis/apps/v1${ns}/daemonsets/agent`);
      return d.status?.numberReady === 1 && d;
    });
    assert.equal(ds.status.desiredNumberScheduled, 1);
  });

  it("show a workload stuck in an init container through its pods", async () => {
    await t.client.request("POST", "/__control/workloads", { body: { kind: "Deployment", namespace: "default", name: "stuck", state: "stuck", initContainer: "wait-db" } });
    await apply(t.client, deploymentPath("stuck"), deployment("stuck", { replicas: 1 }));
    const pod = await eventually(async () => {
      const pods = (await get("/api/v1/namespaces/default/pods?labelSelector=app%3Dstuck")).items;
      return pods[0]?.status?.initContainerStatuses && pods[0];
    });
    assert.equal(pod.status.phase, "Pending");
    assert.deepEqual(pod.status.initContainerStatuses[0].state, { running: { startedAt: pod.metadata.creationTimestamp } });
    assert.equal(pod.metadata.ownerReferences[0].name, "stuck");
    const d = await get(deploymentPath("stuck"));
    assert.equal(d.status.readyReplicas, undefined);
    assert.equal(d.status.unavailableReplicas, 1);

    await t.client.request("POST", "/__control/workloads", { body: { kind: "Deployment", namespace: "default", name: "stuck", state: "failing" } });
    const crashing = await eventually(async () => {
      const pods = (await get("/api/v1/namespaces/default/pods?labelSelector=app%3Dstuck")).items;
      return pods[0]?.status?.phase === "Running" && pods[0];
    });
    assert.equal(crashing.status.containerStatuses[0].state.waiting.reason, "CrashLoopBackOff");

    await t.client.request("POST", "/__control/workloads", { body: { kind: "Deployment", namespace: "default", name: "stuck", state: "ready" } });
    await eventually(async () => (await get("/api/v1/namespaces/default/pods?labelSelector=app%3Dstuck")).items.length === 0);
    await eventually(async () => (await get(deploymentPath("stuck"))).status?.readyReplicas === 1);
  });

  it("delete a workload's pods with it", async () => {
    await t.client.request("POST", "/__control/workloads", { body: { kind: "Deployment", namespace: "default", name: "owned", state: "failing" } });
    await apply(t.client, deploymentPath("owned"), deployment("owned", { replicas: 1 }));
    await eventually(async () => (await get("/api/v1/namespaces/default/pods?labelSelector=app%3Downed")).items.length === 1);
    await t.client.request("DELETE", deploymentPath("owned"));
    await eventually(async () => (await get("/api/v1/namespaces/default/pods?labelSelector=app%3Downed")).items.length === 0);
  });
});
