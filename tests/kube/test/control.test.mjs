// Authentication, discovery, fault injection and the control API.
import assert from "node:assert/strict";
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { connect } from "../client.mjs";
import { apply, deployment, deploymentPath, startTestServer } from "./harness.mjs";

describe("authentication", () => {
  let t;
  before(async () => { t = await startTestServer(); });
  after(() => t.stop());

  it("answers 401 without a known token", async () => {
    for (const bearer of [undefined, "wrong"]) {
      const { status, body } = await t.client.request("GET", "/api/v1/namespaces", { bearer: bearer ?? "" });
      assert.equal(status, 401);
      assert.deepEqual(body, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "Unauthorized", reason: "Unauthorized", code: 401 });
    }
  });

  it("knows users added through the control API", async () => {
    await t.client.request("POST", "/__control/users", { body: { name: "alice", token: "alice-token" } });
    const alice = connect(t.server, "alice-token");
    assert.equal((await alice.request("GET", "/api/v1/namespaces")).status, 200);
    const log = (await t.client.request("GET", "/__control/log")).body.items;
    assert.equal(log[log.length - 1].user, "alice");
  });

  it("accepts the client certificate of the kubeconfig", async () => {
    const status = await new Promise((resolve, reject) => {
      https.get({
        host: "127.0.0.1", port: t.server.port, path: "/api/v1/namespaces",
        ca: fs.readFileSync(t.server.caFile), cert: fs.readFileSync(path.join(t.dir, "client.crt")), key: fs.readFileSync(path.join(t.dir, "client.key")),
      }, (res) => { res.resume(); resolve(res.statusCode); }).on("error", reject);
    });
    assert.equal(status, 200);
  });
});

describe("discovery", () => {
  let t;
  before(async () => { t = await startTestServer(); });
  after(() => t.stop());

  it("serves aggregated discovery when the Accept header asks for it", async () => {
    const accept = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";
    const { headers, body } = await t.client.request("GET", "/apis", { headers: { Accept: accept } });
    assert.equal(headers["content-type"], "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
    const apps = body.items.find((g) => g.metadata.name === "apps");
    const deployments = apps.versions[0].resources.find((r) => r.resource === "deployments");
    assert.deepEqual(deployments.shortNames, ["deploy"]);
    assert.equal(deployments.scope, "Namespaced");
    const legacy = (await t.client.request("GET", "/apis")).body;
    assert.equal(legacy.kind, "APIGroupList");
  });

  it("serves resource lists and OpenAPI v3 documents with GVK-tagged PATCH operations", async () => {
    const list = (await t.client.request("GET", "/apis/apps/v1")).body;
    assert.ok(list.resources.some((r) => r.name === "deployments/status"));
    const root = (await t.client.request("GET", "/openapi/v3")).body;
    const doc = (await t.client.request("GET", root.paths["apis/apps/v1"].serverRelativeURL)).body;
    const patch = doc.paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"].patch;
    assert.deepEqual(patch["x-kubernetes-group-version-kind"], { group: "apps", version: "v1", kind: "Deployment" });
    assert.ok(patch.parameters.some((p) => p.name === "fieldValidation" && p.in === "query"));
  });
});

describe("faults", () => {
  let t;
  before(async () => { t = await startTestServer(); });
  after(() => t.stop());
  beforeEach(() => t.client.request("POST", "/__control/reset"));

  const rule = (body) => t.client.request("POST", "/__control/faults", { body });

  it("answers 429 with Retry-After the given number of times", async () => {
    await rule({ method: "GET", path: "^/api/v1/namespaces$", times: 2, then: { status: 429, retryAfter: 3 } });
    for (let i = 0; i < 2; i++) {
      const { status, headers, body } = await t.client.request("GET", "/api/v1/namespaces");
      assert.equal(status, 429);
      assert.equal(headers["retry-after"], "3");
      assert.equal(body.details.retryAfterSeconds, 3);
    }
    assert.equal((await t.client.request("GET", "/api/v1/namespaces")).status, 200);
  });

  it("words 403, 409, 422, 500 and 503 as the real server does", async () => {
    const path = deploymentPath("web");
    const cases = {
      403: 'deployments.apps "web" is forbidden: User "whisk-admin" cannot patch resource "deployments" in API group "apps" in the namespace "default"',
      409: 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
      422: 'Deployment.apps "web" is invalid: spec.template.spec.containers[0].image: Invalid value: "": must not be empty',
      500: "Internal error occurred: injected fault",
      503: "the server is currently unable to handle the request",
    };
    for (const [code, message] of Object.entries(cases)) {
      await t.client.request("DELETE", "/__control/faults");
      await rule({ method: "PATCH", path: "/deployments/web$", then: { status: Number(code) } });
      const { status, body } = await apply(t.client, path, deployment("web"));
      assert.equal(status, Number(code));
      assert.equal(body.message, message);
    }
    await t.client.request("DELETE", "/__control/faults");
    await rule({ method: "PATCH", path: "/deployments/web$", then: { status: 422 } });
    const invalid = await apply(t.client, path, deployment("web"));
    assert.deepEqual(invalid.body.details, {
      name: "web", group: "apps", kind: "Deployment",
      causes: [{ reason: "FieldValueInvalid", message: 'Invalid value: "": must not be empty', field: "spec.template.spec.containers[0].image" }],
    });
  });

  it("stalls a request longer than the client waits, or drops its connection", async () => {
    await rule({ path: "^/api/v1/namespaces/default$", times: 1, then: { delayMs: 1000 } });
    await assert.rejects(t.client.request("GET", "/api/v1/namespaces/default", { timeoutMs: 200 }), /timed out/);
    await rule({ path: "^/api/v1/namespaces/kube-system$", then: { closeConnection: true } });
    await assert.rejects(t.client.request("GET", "/api/v1/namespaces/kube-system"), /socket hang up|ECONNRESET/);
  });

  it("hides a whole type, from discovery too", async () => {
    await t.client.request("POST", "/__control/hidden", { body: { group: "apps", resource: "deployments" } });
    const missing = await apply(t.client, deploymentPath("web"), deployment("web"));
    assert.equal(missing.status, 404);
    assert.equal(missing.body.message, "the server could not find the requested resource");
    const list = (await t.client.request("GET", "/apis/apps/v1")).body;
    assert.equal(list.resources.some((r) => r.name === "deployments"), false);
  });

  it("logs every request with its query, content type and body, until cleared", async () => {
    await apply(t.client, `${deploymentPath("logged")}`, deployment("logged"), { force: true });
    const [entry] = (await t.client.request("GET", "/__control/log")).body.items;
    assert.equal(entry.method, "PATCH");
    assert.equal(entry.path, deploymentPath("logged"));
    assert.deepEqual(entry.query, { fieldManager: "test", force: "true" });
    assert.equal(entry.contentType, "application/apply-patch+yaml");
    assert.equal(entry.status, 201);
    assert.match(entry.body, /^apiVersion: apps\/v1/);
    await t.client.request("DELETE", "/__control/log");
    assert.deepEqual((await t.client.request("GET", "/__control/log")).body.items, []);
    const objects = (await t.client.request("GET", "/__control/objects")).body.items;
    assert.ok(objects.some((o) => o.kind === "Deployment" && o.metadata.name === "logged"));
  });
});
