// `whiskc diff` and `whiskc delete` end to end against the test API server (ctest's
// kube.whiskc_diff_delete):
//   node tests/kube/whiskc_diff_delete.mjs --whiskc build/compiler/whiskc --source-dir .
// Starts the server in this process, in a temporary directory, and runs the real whiskc on
// examples/webapp: diff before anything exists (every line added, nothing written), apply, diff
// again (exit 0, no output, only GETs and dry-run PATCHes that are apply's own), diff after a
// --set (exit 1 and the hunk), delete --dry-run=server (nothing changes), a delete held up by a
// finalizer (exit 3 naming it), delete (everything but the volumes), delete --volumes with
// someone else's ConfigMap in the namespace (the namespace stays), and the last delete, which
// takes the namespace. The StatefulSet's claim is made by the test, as the StatefulSet
// controller would (the server does not make claims). Closes its server and removes its
// directory; whiskc runs are killed (by their PID, through execFile) after WHISKC_TIMEOUT_MS.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { connect } from "./client.mjs";
import { startServer } from "./server.mjs";
import { childEnv, lastResort, run, WHISKC } from "./whiskc_process.mjs";

// Nothing here may outlive ctest's TIMEOUT (180 s).
lastResort("whiskc_diff_delete.mjs", 170_000);

const FILE = "examples/webapp/webapp.ow";
const NS = "shop";
const CLAIM = "data-shop-db-0"; // what the StatefulSet controller names shop-db's first claim
const HOLD = "example.com/hold";


describe("whiskc diff and delete against the test API server", () => {
  let server;
  let api;
  let dir;
  let env;
  let compiled; // the items of `whiskc compile --format json`

  before(async () => {
    assert.ok(fs.existsSync(WHISKC), `no whiskc at ${WHISKC} (pass --whiskc)`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "whisk-diff-delete-"));
    const home = path.join(dir, "home");
    fs.mkdirSync(home);
    env = childEnv(home);
    // Controllers soon after each change: foreground deletions and namespaces finish quickly.
    server = await startServer({ dir: path.join(dir, "server"), settings: { controllerDelayMs: 20 } });
    api = connect(server);
    const r = await run(["compile", "--format", "json", FILE], env);
    assert.equal(r.code, 0, r.text);
    compiled = JSON.parse(r.stdout).items;
  });

  after(async () => {
    await server?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const whiskc = (command, ...extra) => run([command, FILE, "--kubeconfig", server.kubeconfig, ...extra], env);
  const control = async (method, route) => (await api.request(method, `/__control/${route}`)).body;
  const clearLog = () => control("DELETE", "log");
  const log = async () => (await control("GET", "log")).items;
  /** The stored objects of the namespace (and the Namespace itself), as "Kind/name" => object. */
  const stored = async () => new Map((await control("GET", "objects")).items
    .filter((o) => o.metadata.namespace === NS || (o.kind === "Namespace" && o.metadata.name === NS))
    .map((o) => [`${o.kind}/${o.metadata.name}`, o]));
  const versions = async () => [...(await stored()).entries()].map(([key, o]) => `${key}@${o.metadata.resourceVersion}`).sort();
  /** Asserts that the server answered STATUS (any 2xx when not given). */
  const ok = (r, status) => (status === undefined
    ? assert.ok(r.status >= 200 && r.status < 300, `${r.status} ${JSON.stringify(r.body)}`)
    : assert.equal(r.status, status, JSON.stringify(r.body)));

  it("diff before anything exists shows every object as added and changes nothing", async () => {
    await clearLog();
    const r = await whiskc("diff");
    assert.equal(r.code, 1, r.text);
    for (const o of compiled) {
      const label = o.metadata.namespace ? `${o.kind}/${o.metadata.namespace}/${o.metadata.name}` : `${o.kind}/${o.metadata.name}`;
      assert.match(r.stdout, new RegExp(`^--- live/${label}\\n\\+\\+\\+ applied/${label}\\n@@ -0,0 \\+1,\\d+ @@\\n`, "m"), label);
    }
    assert.match(r.stderr, /note: namespace shop does not exist yet/, r.text);
    // Secret values never show.
    const secret = compiled.find((o) => o.kind === "Secret");
    for (const value of Object.values(secret.data ?? {})) assert.ok(!r.stdout.includes(value), r.text);
    assert.match(r.stdout, /password: "\*\*\*"/, r.text);
    const writes = (await log()).filter((e) => e.method !== "GET");
    assert.ok(writes.length > 0 && writes.every((e) => e.method === "PATCH" && e.query.dryRun === "All"),
      JSON.stringify(writes.map((e) => `${e.method} ${e.path} ${JSON.stringify(e.query)}`)));
    assert.equal((await stored()).size, 0);
  });

  it("diff after apply prints nothing, exits 0, and sends apply's own requests as dry runs", async () => {
    await clearLog();
    const applied = await whiskc("apply");
    assert.equal(applied.code, 0, applied.text);
    const applyPatches = (await log()).filter((e) => e.method === "PATCH");
    await clearLog();
    const before = await versions();
    const r = await whiskc("diff");
    assert.equal(r.code, 0, r.text);
    assert.equal(r.stdout, "", r.text);
    assert.deepEqual(await versions(), before);
    const requests = await log();
    assert.ok(requests.every((e) => e.method === "GET" || e.method === "PATCH"), JSON.stringify(requests.map((e) => e.method)));
    const patches = requests.filter((e) => e.method === "PATCH");
    assert.equal(patches.length, compiled.length);
    for (const patch of patches) {
      // The same request as apply's for that object, plus dryRun=All.
      const same = applyPatches.find((e) => e.path === patch.path);
      assert.ok(same, patch.path);
      assert.deepEqual(patch.query, { ...same.query, dryRun: "All" }, patch.path);
      assert.equal(patch.contentType, "application/apply-patch+yaml");
      assert.deepEqual(patch.body, same.body, patch.path);
    }
  });

  it("diff after a --set shows the hunk and exits 1, changing nothing", async () => {
    const before = await versions();
    const r = await whiskc("diff", "--set", "version=9.9.9");
    assert.equal(r.code, 1, r.text);
    assert.ok(r.stdout.includes([
      "--- live/Deployment/shop/shop-api",
      "+++ applied/Deployment/shop/shop-api",
      "@@ -2,7 +2,7 @@",
      " kind: Deployment",
      " metadata:",
    ].join("\n")), r.text);
    assert.match(r.stdout, /^-  generation: 1\n\+  generation: 2\n/m, r.text);
    assert.match(r.stdout, /^-        image: shop\/api:1\.4\.2\n\+        image: shop\/api:9\.9\.9\n/m, r.text);
    assert.match(r.stdout, /^\+\+\+ applied\/Job\/shop\/shop-migrate$/m, r.text);
    // Only the objects that change appear.
    assert.deepEqual(r.stdout.match(/^\+\+\+ .*$/gm), ["+++ applied/Deployment/shop/shop-api", "+++ applied/Job/shop/shop-migrate"]);
    assert.deepEqual(await versions(), before);
    const colored = await whiskc("diff", "--set", "version=9.9.9", "--color", "always");
    assert.equal(colored.code, 1, colored.text);
    assert.ok(colored.stdout.includes("\x1b[31m-        image: shop/api:1.4.2\x1b[0m\n\x1b[32m+        image: shop/api:9.9.9\x1b[0m\n"), colored.text);
  });

  it("delete --dry-run=server says what it would delete and changes nothing", async () => {
    await clearLog();
    const before = await versions();
    const r = await whiskc("delete", "--dry-run=server");
    assert.equal(r.code, 0, r.text);
    assert.match(r.stdout, /^Deployment shop\/shop-api deleted \(server dry run\)$/m, r.text);
    assert.match(r.stdout, /^Namespace shop deleted \(server dry run\)$/m, r.text);
    assert.deepEqual(await versions(), before);
    const deletes = (await log()).filter((e) => e.method === "DELETE");
    assert.ok(deletes.length > 0 && deletes.every((e) => e.query.dryRun === "All"), JSON.stringify(deletes.map((e) => e.path)));
  });

  it("delete waits, bounded by --timeout, and exits 3 naming what is still there", async () => {
    // The claim the StatefulSet controller would make for shop-db's pod 0, and a finalizer
    // that holds one of the topology's objects.
    const sts = compiled.find((o) => o.kind === "StatefulSet");
    ok(await api.request("POST", `/api/v1/namespaces/${NS}/persistentvolumeclaims`, { body: {
      apiVersion: "v1", kind: "PersistentVolumeClaim",
      metadata: { name: CLAIM, labels: { ...sts.spec.volumeClaimTemplates[0].metadata.labels, ...sts.spec.selector.matchLabels } },
      spec: sts.spec.volumeClaimTemplates[0].spec,
    } }), 201);
    ok(await api.request("PATCH", `/api/v1/namespaces/${NS}/configmaps/shop-whisk-waits`, {
      body: { metadata: { finalizers: [HOLD] } }, contentType: "application/merge-patch+json",
    }));
    const started = Date.now();
    const r = await whiskc("delete", "--timeout", "1s");
    assert.equal(r.code, 3, r.text);
    assert.ok(Date.now() - started < 20_000, r.text);
    assert.match(r.stderr, new RegExp(`error: ConfigMap shop/shop-whisk-waits: still being deleted, held by finalizers ${HOLD}`), r.text);
    assert.match(r.stderr, /error: Namespace shop: not deleted: not all of its objects are gone/, r.text);
    assert.match(r.stderr, /whiskc: .*1 still there after 1s.*running delete again finishes the job/, r.text);
    // Release it: the server removes it once no finalizer is left.
    ok(await api.request("PATCH", `/api/v1/namespaces/${NS}/configmaps/shop-whisk-waits`, {
      body: { metadata: { finalizers: null } }, contentType: "application/merge-patch+json",
    }));
    assert.ok(!(await stored()).has("ConfigMap/shop-whisk-waits"));
    // Everything back for the next delete.
    const applied = await whiskc("apply");
    assert.equal(applied.code, 0, applied.text);
  });

  it("delete removes everything but the volumes, workloads in the foreground", async () => {
    await clearLog();
    const r = await whiskc("delete");
    assert.equal(r.code, 0, r.text);
    for (const o of compiled.filter((x) => !["Namespace", "PersistentVolumeClaim"].includes(x.kind))) {
      assert.match(r.stdout, new RegExp(`^${o.kind} shop/${o.metadata.name} deleted$`, "m"), r.text);
    }
    // Reverse compile order: the Deployment (after the StatefulSet in compile order) goes first.
    assert.ok(r.stdout.indexOf("Deployment shop/shop-api deleted") < r.stdout.indexOf("StatefulSet shop/shop-db deleted"), r.text);
    assert.match(r.stdout, new RegExp(`^PersistentVolumeClaim shop/${CLAIM} kept \\(a volume: --volumes deletes it\\)$`, "m"), r.text);
    assert.match(r.stdout, /^Namespace shop kept \(it holds the kept volumes, which --volumes deletes\)$/m, r.text);
    const left = [...(await stored()).keys()].sort();
    assert.deepEqual(left, [`Namespace/${NS}`, `PersistentVolumeClaim/${CLAIM}`]);
    for (const e of (await log()).filter((x) => x.method === "DELETE")) {
      const workload = /\/(deployments|statefulsets|jobs)\//.test(e.path);
      assert.deepEqual(e.body, { propagationPolicy: workload ? "Foreground" : "Background" }, e.path);
    }
  });

  it("delete --volumes takes the claim, and keeps a namespace that holds someone else's object", async () => {
    ok(await api.request("POST", `/api/v1/namespaces/${NS}/configmaps`, {
      body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "someone-elses" }, data: { a: "1" } },
    }), 201);
    const r = await whiskc("delete", "--volumes");
    assert.equal(r.code, 0, r.text);
    assert.match(r.stdout, new RegExp(`^PersistentVolumeClaim shop/${CLAIM} deleted$`, "m"), r.text);
    assert.match(r.stdout, /^Namespace shop kept \(it holds what this topology did not make: ConfigMap someone-elses\)$/m, r.text);
    assert.deepEqual([...(await stored()).keys()].sort(), ["ConfigMap/someone-elses", `Namespace/${NS}`]);
  });

  it("delete takes the namespace once nothing else lives in it, and then finds nothing", async () => {
    ok(await api.request("DELETE", `/api/v1/namespaces/${NS}/configmaps/someone-elses`));
    const r = await whiskc("delete", "--volumes");
    assert.equal(r.code, 0, r.text);
    assert.match(r.stdout, /^Namespace shop deleted$/m, r.text);
    assert.equal((await stored()).size, 0);
    const again = await whiskc("delete");
    assert.equal(again.code, 0, again.text);
    assert.equal(again.stdout.split("\n").filter((l) => l && !l.endsWith(" already gone")).length, 0, again.text);
  });
});
