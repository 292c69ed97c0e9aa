// The other verbs: create, get, list with selectors, update, the patch
// flavours, delete with its answers, namespaces, and watch.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { apply, deployment, deploymentPath, eventually, startTestServer } from "./harness.mjs";

const configMap = (name, labels = {}, data = { a: "1" }) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, labels }, data });
const CONFIGMAPS = "/api/v1/namespaces/default/configmaps";

describe("verbs", () => {
  let t;
  before(async () => { t = await startTestServer(); });
  after(() => t.stop());

  it("creates once, then says AlreadyExists", async () => {
    const created = await t.client.request("POST", CONFIGMAPS, { body: configMap("once") });
    assert.equal(created.status, 201);
    assert.equal(created.body.metadata.managedFields[0].manager, "whisk-kube-selftest", "the user agent's product");
    const again = await t.client.request("POST", CONFIGMAPS, { body: configMap("once") });
    assert.equal(again.status, 409);
    assert.equal(again.body.reason, "AlreadyExists");
    assert.equal(again.body.message, 'configmaps "once" already exists');
    assert.deepEqual(again.body.details, { name: "once", kind: "configmaps" });
  });

  it("refuses protobuf bodies with 415", async () => {
    const { status, body } = await t.client.request("POST", CONFIGMAPS, { body: "\u0000k8s", contentType: "application/vnd.kubernetes.protobuf" });
    assert.equal(status, 415);
    assert.equal(body.reason, "UnsupportedMediaType");
  });

  it("updates with optimistic concurrency", async () => {
    const { body: live } = await t.client.request("POST", CONFIGMAPS, { body: configMap("put") });
    const stale = { ...live, data: { a: "2" }, metadata: { ...live.metadata, resourceVersion: "1" } };
    const refused = await t.client.request("PUT", `${CONFIGMAPS}/put`, { body: stale });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.message,
      'Operation cannot be fulfilled on configmaps "put": the object has been modified; please apply your changes to the latest version and try again');
    const updated = await t.client.request("PUT", `${CONFIGMAPS}/put`, { body: { ...live, data: { a: "2" } } });
    assert.equal(updated.status, 200);
    assert.ok(Number(updated.body.metadata.resourceVersion) > Number(live.metadata.resourceVersion));
  });

  it("patches with merge, strategic merge and JSON patches", async () => {
    await apply(t.client, deploymentPath("patched"), deployment("patched"));
    const patch = (contentType, body) => t.client.request("PATCH", `${deploymentPath("patched")}?fieldManager=patcher`, { body, contentType });
    const strategic = await patch("application/strategic-merge-patch+json",
      { spec: { template: { spec: { containers: [{ name: "sidecar", image: "envoy" }] } } } });
    assert.deepEqual(strategic.body.spec.template.spec.containers.map((c) => c.name), ["web", "sidecar"]);
    const merged = await patch("application/merge-patch+json", { metadata: { labels: { app: null, extra: "1" } } });
    assert.deepEqual(merged.body.metadata.labels, { extra: "1" });
    const json = await patch("application/json-patch+json", [{ op: "replace", path: "/spec/replicas", value: 4 }]);
    assert.equal(json.body.spec.replicas, 4);
    const bad = await patch("application/json-patch+json", [{ op: "remove", path: "/spec/nothing" }]);
    assert.equal(bad.status, 422);
  });

  it("lets an update rewrite managedFields, or reset them with one empty entry", async () => {
    await apply(t.client, deploymentPath("owners"), deployment("owners"));
    const patch = (value) => t.client.request("PATCH", `${deploymentPath("owners")}?fieldManager=migrator`, {
      body: [{ op: "replace", path: "/metadata/managedFields", value }], contentType: "application/json-patch+json",
    });
    const entry = { manager: "adopted", operation: "Apply", apiVersion: "apps/v1", time: "2025-01-01T00:00:00Z", fieldsType: "FieldsV1", fieldsV1: { "f:spec": { "f:replicas": {} } } };
    const rewritten = await patch([entry]);
    assert.deepEqual(rewritten.body.metadata.managedFields, [entry]);
    const reset = await patch([{}]);
    assert.equal(reset.body.metadata.managedFields, undefined);
  });

  it("lists by label and field selectors", async () => {
    for (const [name, labels] of [["sel-a", { tier: "web", env: "prod" }], ["sel-b", { tier: "db" }], ["sel-c", {}]]) {
      await t.client.request("POST", CONFIGMAPS, { body: configMap(name, labels) });
    }
    const names = async (query) => {
      const { status, body } = await t.client.request("GET", `${CONFIGMAPS}?${new URLSearchParams(query)}`);
      assert.equal(status, 200, JSON.stringify(body));
      return body.items.map((i) => i.metadata.name).filter((n) => n.startsWith("sel-"));
    };
    assert.deepEqual(await names({ labelSelector: "tier=web" }), ["sel-a"]);
    assert.deepEqual(await names({ labelSelector: "tier!=web" }), ["sel-b", "sel-c"]);
    assert.deepEqual(await names({ labelSelector: "tier in (web,db),env notin (dev)" }), ["sel-a", "sel-b"]);
    assert.deepEqual(await names({ labelSelector: "tier" }), ["sel-a", "sel-b"]);
    assert.deepEqual(await names({ labelSelector: "!tier" }), ["sel-c"]);
    assert.deepEqual(await names({ fieldSelector: "metadata.name=sel-b" }), ["sel-b"]);
    const list = (await t.client.request("GET", `${CONFIGMAPS}?fieldSelector=metadata.name%3Dsel-b`)).body;
    assert.equal(list.kind, "ConfigMapList");
    assert.equal(list.items[0].kind, undefined, "list items carry no kind, as on the real server");
    const bad = await t.client.request("GET", `${CONFIGMAPS}?fieldSelector=spec.x%3D1`);
    assert.equal(bad.status, 400);
  });

  it("answers DELETE with a Status, or with the object for pods and services", async () => {
    await t.client.request("POST", CONFIGMAPS, { body: configMap("gone") });
    const { body } = await t.client.request("DELETE", `${CONFIGMAPS}/gone`, { body: { propagationPolicy: "Background" } });
    assert.equal(body.kind, "Status");
    assert.equal(body.status, "Success");
    assert.equal(body.details.name, "gone");
    const service = { apiVersion: "v1", kind: "Service", metadata: { name: "svc" }, spec: { ports: [{ port: 80 }] } };
    const created = await t.client.request("POST", "/api/v1/namespaces/default/services", { body: service });
    assert.match(created.body.spec.clusterIP, /^10\.96\.\d+\.\d+$/);
    const deleted = await t.client.request("DELETE", "/api/v1/namespaces/default/services/svc");
    assert.equal(deleted.body.kind, "Service");
    assert.equal((await t.client.request("DELETE", "/api/v1/namespaces/default/services/svc")).status, 404);
  });

  it("keeps a foreground deletion's object until the garbage collector is done", async () => {
    await apply(t.client, deploymentPath("fg"), deployment("fg"));
    const marked = await t.client.request("DELETE", deploymentPath("fg"), { body: { propagationPolicy: "Foreground" } });
    assert.ok(marked.body.metadata.deletionTimestamp);
    assert.deepEqual(marked.body.metadata.finalizers, ["foregroundDeletion"]);
    await eventually(async () => (await t.client.request("GET", deploymentPath("fg"))).status === 404);
  });

  it("does not delete on a dry run", async () => {
    await t.client.request("POST", CONFIGMAPS, { body: configMap("kept") });
    const { status } = await t.client.request("DELETE", `${CONFIGMAPS}/kept?dryRun=All`);
    assert.equal(status, 200);
    assert.equal((await t.client.request("GET", `${CONFIGMAPS}/kept`)).status, 200);
  });

  it("deletes a namespace with its content, refusing new content meanwhile", async () => {
    await t.client.request("POST", "/api/v1/namespaces", { body: { apiVersion: "v1", kind: "Namespace", metadata: { name: "doomed" } } });
    await t.client.request("POST", "/api/v1/namespaces/doomed/configmaps", { body: configMap("inside") });
    // Slow the namespace controller down long enough to see Terminating.
    t.state.settings.controllerDelayMs = 200;
    const { body } = await t.client.request("DELETE", "/api/v1/namespaces/doomed");
    assert.equal(body.status.phase, "Terminating");
    const refused = await t.client.request("POST", "/api/v1/namespaces/doomed/configmaps", { body: configMap("late") });
    assert.equal(refused.status, 403);
    assert.match(refused.body.message, /unable to create new content in namespace doomed because it is being terminated/);
    t.state.settings.controllerDelayMs = 20;
    await eventually(async () => (await t.client.request("GET", "/api/v1/namespaces/doomed")).status === 404);
    assert.equal((await t.client.request("GET", "/api/v1/namespaces/doomed/configmaps/inside")).status, 404);
  });

  it("watches from a resourceVersion, through a field selector, and from now", async () => {
    const { body: first } = await t.client.request("POST", CONFIGMAPS, { body: configMap("watched") });
    const fromThen = t.client.watch(`${CONFIGMAPS}?watch=true&fieldSelector=metadata.name%3Dwatched&resourceVersion=${first.metadata.resourceVersion}`);
    const fromNow = t.client.watch(`${CONFIGMAPS}?watch=1&fieldSelector=metadata.name%3Dwatched`);
    assert.equal((await fromNow.next()).type, "ADDED", "synthetic ADDED for what exists");
    await t.client.request("PATCH", `${CONFIGMAPS}/watched`, { body: { data: { a: "2" } }, contentType: "application/merge-patch+json" });
    await t.client.request("POST", CONFIGMAPS, { body: configMap("unwatched") });
    await t.client.request("DELETE", `${CONFIGMAPS}/watched`);
    for (const watch of [fromThen, fromNow]) {
      const modified = await watch.next();
      assert.equal(modified.type, "MODIFIED");
      assert.equal(modified.object.data.a, "2");
      assert.equal((await watch.next()).type, "DELETED");
      watch.close();
    }
  });

  it("sends bookmarks when asked", async () => {
    const watch = t.client.watch(`${CONFIGMAPS}?watch=1&allowWatchBookmarks=true&resourceVersion=${t.state.store.revision}`);
    const event = await watch.next();
    assert.equal(event.type, "BOOKMARK");
    assert.equal(event.object.metadata.resourceVersion, String(t.state.store.revision));
    watch.close();
  });
});
