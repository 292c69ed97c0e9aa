// Server-side apply through the server: create, update, no-op, conflicts,
// force, shared ownership, pruning and dry run.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { apply, deployment, deploymentPath, startTestServer } from "./harness.mjs";

describe("server-side apply", () => {
  let t;
  before(async () => { t = await startTestServer(); });
  after(() => t.stop());

  it("creates the object with its manager's fields", async () => {
    const { status, body } = await apply(t.client, deploymentPath("create"), deployment("create"));
    assert.equal(status, 201);
    assert.equal(body.metadata.generation, 1);
    assert.match(body.metadata.uid, /^[0-9a-f-]{36}$/);
    assert.equal(body.spec.template.spec.containers[0].ports[0].protocol, "TCP", "defaulted");
    const [entry] = body.metadata.managedFields;
    assert.deepEqual({ ...entry, time: undefined, fieldsV1: undefined },
      { manager: "test", operation: "Apply", apiVersion: "apps/v1", time: undefined, fieldsType: "FieldsV1", fieldsV1: undefined });
    assert.deepEqual(Object.keys(entry.fieldsV1["f:spec"]), ["f:replicas", "f:selector", "f:template"]);
  });

  it("changes nothing when the same configuration is applied again", async () => {
    const first = (await apply(t.client, deploymentPath("noop"), deployment("noop"))).body;
    const watch = t.client.watch(`/apis/apps/v1/namespaces/default/deployments?watch=1&fieldSelector=metadata.name=noop&resourceVersion=${first.metadata.resourceVersion}`, 300);
    // Wait for the simulated controller's status write, then apply again.
    const statusEvent = await watch.next();
    assert.equal(statusEvent.type, "MODIFIED");
    const again = await apply(t.client, deploymentPath("noop"), deployment("noop"));
    assert.equal(again.status, 200);
    assert.equal(again.body.metadata.resourceVersion, statusEvent.object.metadata.resourceVersion);
    assert.equal(again.body.metadata.generation, 1);
    await assert.rejects(watch.next(), /no watch event/);
    watch.close();
  });

  it("bumps the generation on spec changes and removes fields the manager stopped applying", async () => {
    await apply(t.client, deploymentPath("update"), deployment("update", { labels: { app: "update", tier: "web" } }));
    const { status, body } = await apply(t.client, deploymentPath("update"), deployment("update", { image: "nginx:1.28" }));
    assert.equal(status, 200);
    assert.equal(body.metadata.generation, 2);
    assert.equal(body.spec.template.spec.containers[0].image, "nginx:1.28");
    assert.deepEqual(body.metadata.labels, { app: "update" });
  });

  it("answers a conflict with another applier as the real server does, and force takes the field over", async () => {
    await apply(t.client, deploymentPath("conflict"), deployment("conflict"));
    const other = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "conflict" }, spec: { replicas: 5 } };
    const refused = await apply(t.client, deploymentPath("conflict"), other, { manager: "other" });
    assert.equal(refused.status, 409);
    assert.deepEqual(refused.body, {
      kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure",
      message: 'Apply failed with 1 conflict: conflict with "test": .spec.replicas', reason: "Conflict",
      details: { causes: [{ reason: "FieldManagerConflict", message: 'conflict with "test"', field: ".spec.replicas" }] }, code: 409,
    });
    const forced = await apply(t.client, deploymentPath("conflict"), other, { manager: "other", force: true });
    assert.equal(forced.status, 200);
    assert.equal(forced.body.spec.replicas, 5);
    const owners = Object.fromEntries(forced.body.metadata.managedFields.map((m) => [m.manager, m.fieldsV1]));
    assert.deepEqual(owners.other, { "f:spec": { "f:replicas": {} } });
    assert.equal(owners.test["f:spec"]["f:replicas"], undefined);
  });

  it("names an updater's conflicts with its apiVersion", async () => {
    await apply(t.client, deploymentPath("edited"), deployment("edited"));
    const edit = await t.client.request("PATCH", `${deploymentPath("edited")}?fieldManager=editor`, {
      body: { spec: { template: { spec: { containers: [{ name: "web", image: "nginx:edited" }] } } } },
      contentType: "application/strategic-merge-patch+json",
    });
    assert.equal(edit.status, 200);
    const refused = await apply(t.client, deploymentPath("edited"), deployment("edited", { image: "nginx:2" }));
    assert.equal(refused.status, 409);
    assert.equal(refused.body.message,
      'Apply failed with 1 conflict: conflict with "editor" using apps/v1: .spec.template.spec.containers[name="web"].image');
  });

  it("shares fields applied with the same value, and keeps them while one owner remains", async () => {
    await apply(t.client, deploymentPath("shared"), deployment("shared"));
    const partial = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "shared" }, spec: { replicas: 2 } };
    assert.equal((await apply(t.client, deploymentPath("shared"), partial, { manager: "second" })).status, 200);
    const withoutReplicas = deployment("shared");
    delete withoutReplicas.spec.replicas;
    const { body } = await apply(t.client, deploymentPath("shared"), withoutReplicas);
    assert.equal(body.spec.replicas, 2);
  });

  it("computes a dry run without storing it", async () => {
    const created = await apply(t.client, deploymentPath("dry"), deployment("dry"), { dryRun: true });
    assert.equal(created.status, 201);
    assert.equal(created.body.metadata.resourceVersion, undefined);
    assert.equal((await t.client.request("GET", deploymentPath("dry"))).status, 404);

    const live = (await apply(t.client, deploymentPath("dry"), deployment("dry"))).body;
    const changed = await apply(t.client, deploymentPath("dry"), deployment("dry", { replicas: 7 }), { dryRun: true });
    assert.equal(changed.body.spec.replicas, 7);
    assert.equal(changed.body.metadata.generation, 2);
    const after = (await t.client.request("GET", deploymentPath("dry"))).body;
    assert.equal(after.spec.replicas, 2);
    assert.equal(after.metadata.generation, live.metadata.generation);
  });

  it("requires a field manager and a namespace that exists", async () => {
    const anonymous = await t.client.request("PATCH", deploymentPath("x"), { body: deployment("x"), contentType: "application/apply-patch+yaml" });
    assert.equal(anonymous.status, 400);
    assert.equal(anonymous.body.message, "fieldManager is required for apply requests");
    const nowhere = await apply(t.client, deploymentPath("x", "nowhere"), deployment("x", { namespace: "nowhere" }));
    assert.equal(nowhere.status, 404);
    assert.equal(nowhere.body.message, 'namespaces "nowhere" not found');
  });

  it("leaves status alone when applying the main resource", async () => {
    await apply(t.client, deploymentPath("status"), deployment("status"));
    const withStatus = { ...deployment("status"), status: { replicas: 99 } };
    const { body } = await apply(t.client, deploymentPath("status"), withStatus);
    assert.notEqual(body.status?.replicas, 99);
    assert.equal(JSON.stringify(body.metadata.managedFields).includes("f:status\":{\"f:replicas"), false);
  });
});
