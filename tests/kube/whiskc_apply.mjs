// `whiskc apply` end to end against the test API server (ctest's kube.whiskc_apply):
//   node tests/kube/whiskc_apply.mjs --whiskc build/compiler/whiskc --source-dir .
// Starts the server in this process, in a temporary directory, with its
// simulated controllers held back (so that only whiskc writes and the store is
// deterministic), and runs the real whiskc binary on examples/webapp and
// examples/openwhisk: the first apply, the no-op second apply, a server dry
// run, field-manager conflicts and --force-conflicts, and one injected fault
// after another (no server, wrong CA, bad token, 403, a hidden type, 409, 422,
// 429 with Retry-After, 503, a dropped connection, a stall, and a 403 on each
// distinct request of a first apply in turn), each followed by a plain re-run
// that must bring the store back to what a clean apply makes.
// Prints what it checked at the end. Closes its server and removes its
// directory; whiskc runs are killed (by their PID, through execFile) after
// WHISKC_TIMEOUT_MS.
import assert from "node:assert/strict";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { after, before, describe, it } from "node:test";
import YAML from "yaml";
import { connect } from "./client.mjs";
import { startServer } from "./server.mjs";
import { makeCertificates } from "./tls.mjs";
import { childEnv, lastResort, ROOT, run, WHISKC } from "./whiskc_process.mjs";

const TEST_TIMEOUT_MS = 60_000;
// Nothing here may outlive ctest's TIMEOUT (240 s).
lastResort("whiskc_apply.mjs", 225_000);

// The examples, the object each fault is aimed at (a Deployment in the middle of the
// compile order), a --set that changes a field whiskc owns and where that field is in
// managedFields' FieldsV1.
const EXAMPLES = [
  {
    name: "webapp",
    file: "examples/webapp/webapp.ow",
    args: [],
    target: { kind: "Deployment", plural: "deployments", name: "shop-api", component: "api" },
    change: ["--set", "version=9.9.9"],
    changedField: { kind: "Deployment", name: "shop-api", text: '.spec.template.spec.containers[name="api"].image', source: /^\s*image\s/,
      fieldsV1: ["f:spec", "f:template", "f:spec", "f:containers", 'k:{"name":"api"}', "f:image"] },
  },
  {
    name: "openwhisk",
    file: "examples/openwhisk/openwhisk.ow",
    args: ["-f", "examples/openwhisk/mycluster.yaml"],
    target: { kind: "Deployment", plural: "deployments", name: "owdev-nginx", component: "nginx" },
    change: ["--set", "nginx_replicas=3"],
    changedField: { kind: "Deployment", name: "owdev-nginx", text: ".spec.replicas", source: /^\s*replicas\s/, fieldsV1: ["f:spec", "f:replicas"] },
  },
];

const INITIAL_NAMESPACES = new Set(["default", "kube-node-lease", "kube-public", "kube-system"]);

// What was checked, for the summary at the end.
const checked = [];
const findings = [];
function checkedThat(line) {
  checked.push(line);
}

// ---------------------------------------------------------------------------------------
// Running whiskc.


// ---------------------------------------------------------------------------------------
// The store, normalised.

const keyOf = (o) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? "-"}/${o.metadata.name}`;

/** OBJECT without what the server sets anew each time: uid, resourceVersion, times, cluster IPs. */
function normaliseObject(object, { managedFields = true, generation = true } = {}) {
  const o = structuredClone(object);
  if (!generation) delete o.metadata.generation;
  delete o.metadata.uid;
  delete o.metadata.resourceVersion;
  delete o.metadata.creationTimestamp;
  if (managedFields) for (const entry of o.metadata.managedFields ?? []) delete entry.time;
  else delete o.metadata.managedFields;
  if (o.kind === "Service" && o.spec) {
    // Allocated in creation order by a counter that a reset keeps.
    if (/^10\.96\.\d+\.\d+$/.test(o.spec.clusterIP ?? "")) o.spec.clusterIP = "<allocated>";
    if (Array.isArray(o.spec.clusterIPs)) o.spec.clusterIPs = o.spec.clusterIPs.map((ip) => (/^10\.96\./.test(ip) ? "<allocated>" : ip));
  }
  return o;
}

function normaliseStore(items, opts) {
  return new Map(items.map((o) => [keyOf(o), normaliseObject(o, opts)]).sort(([a], [b]) => a.localeCompare(b)));
}

/** The first path at which A and B differ, or undefined. */
function firstDifference(a, b, at = "") {
  if (a === b) return undefined;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object" || Array.isArray(a) !== Array.isArray(b)) {
    return `${at || "."}: ${JSON.stringify(a)?.slice(0, 200)} != ${JSON.stringify(b)?.slice(0, 200)}`;
  }
  if (Array.isArray(a) && a.length !== b.length) return `${at}: ${a.length} items != ${b.length} items`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const found = firstDifference(a[key], b[key], Array.isArray(a) ? `${at}[${key}]` : `${at}.${key}`);
    if (found) return found;
  }
  return undefined;
}

/** Lines describing how two normalised stores differ (empty when equal). */
function storeDifferences(want, got) {
  const lines = [];
  for (const [key, object] of want) {
    if (!got.has(key)) lines.push(`missing: ${key}`);
    else {
      const diff = firstDifference(object, got.get(key));
      if (diff) lines.push(`differs: ${key} at ${diff}`);
    }
  }
  for (const key of got.keys()) if (!want.has(key)) lines.push(`extra: ${key}`);
  return lines;
}

/** The path where WANT is not contained in GOT (maps may have more keys; lists match item by item). */
function notContained(want, got, at = "") {
  if (Array.isArray(want)) {
    if (!Array.isArray(got) || got.length !== want.length) return `${at}: ${JSON.stringify(want).slice(0, 120)} vs ${JSON.stringify(got)?.slice(0, 120)}`;
    for (let i = 0; i < want.length; i++) {
      const found = notContained(want[i], got[i], `${at}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (want && typeof want === "object") {
    if (!got || typeof got !== "object") return `${at}: missing`;
    for (const [key, value] of Object.entries(want)) {
      const found = notContained(value, got[key], `${at}.${key}`);
      if (found) return found;
    }
    return undefined;
  }
  return want === got ? undefined : `${at}: ${JSON.stringify(want)} vs ${JSON.stringify(got)}`;
}

/** True when the managedFields entry of MANAGER owns the FieldsV1 path PATH. */
function owns(object, manager, fieldPath) {
  return (object.metadata.managedFields ?? []).some((entry) => {
    if (entry.manager !== manager) return false;
    let node = entry.fieldsV1;
    for (const step of fieldPath) {
      node = node?.[step];
      if (node === undefined) return false;
    }
    return true;
  });
}

/**
 * The first source location in TEXT within FILE, as whiskc shows it: "  --> FILE:LINE:COL"
 * (the field's line, with the source and a caret) or "note: ... comes from FILE:LINE:COL" (the
 * declaration). {form, text, line (the source line), at(word): whether WORD starts at COL}.
 */
function sourceLocation(text, file) {
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const found = new RegExp(`(-->|comes from) ${escaped}:(\\d+):(\\d+)`).exec(text);
  if (!found) return undefined;
  const [lineNumber, column] = [Number(found[2]), Number(found[3])];
  const line = fs.readFileSync(path.join(ROOT, file), "utf8").split("\n")[lineNumber - 1] ?? "";
  return {
    form: found[1] === "-->" ? "--> FILE:LINE:COL" : "note: ... comes from FILE:LINE:COL",
    text: `${file}:${lineNumber}:${column}`,
    line,
    at: (word) => line.slice(column - 1).startsWith(word),
  };
}

// The summary, after the test reporter's own output.
process.on("exit", () => {
  const lines = [`\nChecked (${checked.length}):`, ...checked.map((line) => `  - ${line}`)];
  if (findings.length) lines.push("\nNoted (not failures):", ...findings.map((line) => `  - ${line}`));
  fs.writeSync(1, `${lines.join("\n")}\n`);
});

// ---------------------------------------------------------------------------------------

describe("whiskc apply against the test API server", () => {
  let server;
  let api;
  let dir;
  let home;
  let env;
  const compiled = new Map(); // example name -> items of `whiskc compile --format json`
  const compiledChanged = new Map(); // the same with the example's --set change
  const baseline = new Map(); // example name -> the normalised store after a clean apply
  const cleanLog = new Map(); // example name -> the requests of the clean first apply

  before(async () => {
    assert.ok(fs.existsSync(WHISKC), `no whiskc at ${WHISKC} (pass --whiskc)`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "whisk-whiskc-apply-"));
    home = path.join(dir, "home");
    fs.mkdirSync(home);
    env = childEnv(home);
    // Controllers an hour away: nothing but whiskc writes, so resourceVersions and the
    // store stay as whiskc left them.
    server = await startServer({ dir: path.join(dir, "server"), settings: { controllerDelayMs: 3_600_000 } });
    api = connect(server);
    // Each logged request gets the time it arrived, for the Retry-After and back-off checks.
    const log = server.state.log;
    log.push = function push(...entries) {
      for (const entry of entries) entry.at = performance.now();
      return Array.prototype.push.apply(this, entries);
    };
    for (const example of EXAMPLES) {
      const r = await run(["compile", "--format", "json", example.file, ...example.args], env);
      assert.equal(r.code, 0, r.text);
      compiled.set(example.name, JSON.parse(r.stdout).items);
      const changed = await run(["compile", "--format", "json", example.file, ...example.args, ...example.change], env);
      assert.equal(changed.code, 0, changed.text);
      compiledChanged.set(example.name, JSON.parse(changed.stdout).items);
    }
  });

  after(async () => {
    await server?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const control = async (method, route, body) => {
    const r = await api.request(method, `/__control/${route}`, body === undefined ? {} : { body });
    assert.equal(r.status, 200, `${method} /__control/${route}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const objects = async () => (await control("GET", "objects")).items;
  const requests = async () => (await control("GET", "log")).items;
  const reset = () => control("POST", "reset");
  const clearFaults = async () => {
    await control("DELETE", "faults");
    await control("DELETE", "hidden");
  };

  /** whiskc apply EXAMPLE with the server's kubeconfig (or KUBECONFIG) and EXTRA arguments. */
  const apply = (example, extra = [], kubeconfig = server.kubeconfig) =>
    run(["apply", example.file, ...example.args, "--kubeconfig", kubeconfig, ...extra], env);

  const what = (o) => (o.metadata.namespace ? `${o.kind} ${o.metadata.namespace}/${o.metadata.name}` : `${o.kind} ${o.metadata.name}`);
  const writes = (log) => log.filter((e) => e.method !== "GET");
  const storeNow = async (opts) => normaliseStore(await objects(), opts);

  /** The check after every fault: a plain re-run exits 0 and the store is the clean apply's. */
  async function rerunConverges(example, label) {
    await clearFaults();
    const again = await apply(example);
    assert.equal(again.code, 0, `${label}: the plain re-run failed\n${again.text}`);
    const differences = storeDifferences(baseline.get(example.name), await storeNow());
    assert.deepEqual(differences, [], `${label}: after the re-run the store is not the clean apply's:\n${differences.join("\n")}`);
  }

  /** Reset, then apply cleanly (for the tests that need the objects to exist first). */
  async function cleanApply(example) {
    await reset();
    const r = await apply(example);
    assert.equal(r.code, 0, r.text);
    await control("DELETE", "log");
  }

  for (const example of EXAMPLES) {
    describe(example.name, () => {
      const targetPath = () => new RegExp(`/${example.target.plural}/${example.target.name}$`);
      const items = () => compiled.get(example.name);
      const ns = () => items().find((o) => o.metadata.namespace)?.metadata.namespace;
      const targetWhat = () => `${example.target.kind} ${ns()}/${example.target.name}`;

      it("the first apply creates every compiled object, one stdout line each", { timeout: TEST_TIMEOUT_MS }, async () => {
        await reset();
        const r = await apply(example);
        assert.equal(r.code, 0, r.text);
        const expectedLines = items().map((o) => `${what(o)} created`);
        assert.deepEqual(r.stdout.trimEnd().split("\n"), expectedLines, r.text);
        assert.equal(r.stderr, "", r.text);

        const stored = (await objects()).filter((o) => !(o.kind === "Namespace" && INITIAL_NAMESPACES.has(o.metadata.name)));
        const wanted = new Set(items().map(keyOf));
        // whiskc's ApplySet record (a Secret INSTANCE.applyset) is the one object it adds.
        const parents = stored.filter((o) => !wanted.has(keyOf(o)) && o.kind === "Secret" && o.metadata.labels?.["applyset.kubernetes.io/id"]);
        const extra = stored.filter((o) => !wanted.has(keyOf(o)) && !parents.includes(o)).map(keyOf);
        const missing = [...wanted].filter((k) => !stored.some((o) => keyOf(o) === k));
        assert.deepEqual({ missing, extra }, { missing: [], extra: [] });
        assert.ok(parents.length <= 1, `more than one ApplySet parent: ${parents.map(keyOf)}`);
        if (parents.length && example === EXAMPLES[0]) {
          findings.push(`whiskc apply also writes its ApplySet parent ${what(parents[0])} (not in the compile output, no stdout line) ` +
            `and labels every namespaced object applyset.kubernetes.io/part-of=${parents[0].metadata.labels["applyset.kubernetes.io/id"]}`);
        }
        // Each stored object holds what was compiled (the server adds defaults and status).
        for (const want of items()) {
          const got = stored.find((o) => keyOf(o) === keyOf(want));
          const where = notContained(want, got);
          assert.equal(where, undefined, `${keyOf(want)}: the stored object does not hold the compiled one at ${where}`);
          assert.ok(owns(got, "whiskc", ["f:metadata", "f:labels"]) || !want.metadata.labels, `${keyOf(want)}: whiskc does not own its labels`);
        }
        const log = await requests();
        cleanLog.set(example.name, log);
        const patches = log.filter((e) => e.method === "PATCH");
        assert.ok(patches.every((e) => e.contentType === "application/apply-patch+yaml" && e.query.fieldManager === "whiskc" && e.query.force === "false"),
          JSON.stringify(patches.map((e) => [e.path, e.contentType, e.query]), null, 1));
        assert.deepEqual(writes(log).filter((e) => e.method !== "PATCH"), [], "only PATCHes write");
        baseline.set(example.name, await storeNow());
        checkedThat(`${example.name}: first apply exits 0, creates the ${items().length} compiled objects (kinds, names, namespaces, content), ` +
          `prints one "KIND NS/NAME created" line per object in compile order, sends only apply PATCHes with fieldManager=whiskc, force=false`);
      });

      it("applying again changes nothing", { timeout: TEST_TIMEOUT_MS }, async () => {
        const before = new Map((await objects()).map((o) => [keyOf(o), `${o.metadata.resourceVersion}/${o.metadata.generation}`]));
        await control("DELETE", "log");
        const r = await apply(example);
        assert.equal(r.code, 0, r.text);
        assert.deepEqual(r.stdout.trimEnd().split("\n"), items().map((o) => `${what(o)} applied`), r.text);
        const after = new Map((await objects()).map((o) => [keyOf(o), `${o.metadata.resourceVersion}/${o.metadata.generation}`]));
        assert.deepEqual([...after], [...before], "a resourceVersion or generation changed");
        const log = await requests();
        const patches = log.filter((e) => e.method === "PATCH");
        assert.ok(patches.length >= items().length && patches.every((e) => e.status === 200), JSON.stringify(patches.map((e) => [e.path, e.status])));
        assert.deepEqual(writes(log).filter((e) => e.method !== "PATCH"), []);
        checkedThat(`${example.name}: apply again exits 0, prints "applied" per object, no resourceVersion or generation changes, every PATCH 200`);
      });

      it("--dry-run=server with a changed --set changes nothing", { timeout: TEST_TIMEOUT_MS }, async () => {
        const before = await storeNow();
        const beforeVersions = (await objects()).map((o) => `${keyOf(o)}@${o.metadata.resourceVersion}`);
        await control("DELETE", "log");
        const r = await apply(example, [...example.change, "--dry-run=server"]);
        assert.equal(r.code, 0, r.text);
        // What the change adds would be created; the rest is applied.
        const existing = new Set(items().map(keyOf));
        assert.deepEqual(r.stdout.trimEnd().split("\n"),
          compiledChanged.get(example.name).map((o) => `${what(o)} ${existing.has(keyOf(o)) ? "applied" : "created"} (server dry run)`), r.text);
        assert.deepEqual(storeDifferences(before, await storeNow()), []);
        assert.deepEqual((await objects()).map((o) => `${keyOf(o)}@${o.metadata.resourceVersion}`), beforeVersions);
        const log = await requests();
        const notDry = writes(log).filter((e) => e.query.dryRun !== "All");
        assert.deepEqual(notDry.map((e) => `${e.method} ${e.path}`), [], "writes without dryRun=All");
        assert.ok(writes(log).length >= items().length);
        // The server did compute the change: the dry run's answer carries the new value.
        const reads = log.filter((e) => e.method === "GET").map((e) => e.path);
        if (example === EXAMPLES[0]) findings.push(`--dry-run=server: its GETs carry no dryRun (as they should not): ${[...new Set(reads)].join(", ")}`);
        checkedThat(`${example.name}: --dry-run=server ${example.change.join(" ")} exits 0, says "(server dry run)" per object, ` +
          `every write carries dryRun=All, the store (and every resourceVersion) is unchanged`);
      });

      it("a conflicting apply by another field manager fails with the field, the manager and the source; --force-conflicts takes it over",
        { timeout: TEST_TIMEOUT_MS }, async () => {
          await cleanApply(example);
          const { changedField } = example;
          const refused = await apply(example, [...example.change, "--field-manager", "other"]);
          assert.equal(refused.code, 3, refused.text);
          const failedWhat = `${changedField.kind} ${ns()}/${changedField.name}`;
          const lines = refused.stderr.split("\n");
          const head = lines.findIndex((l) => l.startsWith(`whiskc: error: ${failedWhat}: 409 Conflict`));
          assert.ok(head >= 0, `no "whiskc: error: ${failedWhat}: 409 Conflict" line\n${refused.text}`);
          const next = lines.findIndex((l, i) => i > head && l.startsWith("whiskc:"));
          const block = lines.slice(head, next < 0 ? undefined : next).join("\n");
          assert.ok(block.includes(`${changedField.text}: conflict with "whiskc"`), `the field and the manager are not named\n${refused.text}`);
          assert.match(block, /--force-conflicts/, refused.text);
          const component = changedField.name.replace(/^[^-]+-/, "");
          const at = sourceLocation(block, example.file);
          assert.ok(at, `no source location ("note: ${failedWhat} comes from FILE:LINE:COL" or "--> FILE:LINE:COL")\n${refused.text}`);
          const pointsAt = at.at(component) ? "the declaration" : at.line.match(changedField.source) ? "the field's line" : undefined;
          assert.ok(pointsAt, `${at.text} points at neither the declaration of ${component} nor ${changedField.source}: ${JSON.stringify(at.line)}`);
          findings.push(`conflict (${example.name}): ${changedField.text} is shown at ${pointsAt}, ${at.text} (${JSON.stringify(at.line.trim())}), as "${at.form}"`);
          assert.match(refused.stderr, /whiskc: applied \d+ of \d+ objects; [1-9]\d* failed/, refused.text);
          let web = (await objects()).find((o) => o.kind === changedField.kind && o.metadata.name === changedField.name);
          assert.ok(owns(web, "whiskc", changedField.fieldsV1) && !owns(web, "other", changedField.fieldsV1), "the refused apply changed ownership");

          const forced = await apply(example, [...example.change, "--field-manager", "other", "--force-conflicts"]);
          assert.equal(forced.code, 0, forced.text);
          const forcedLog = (await requests()).filter((e) => e.method === "PATCH" && e.query.fieldManager === "other");
          assert.ok(forcedLog.some((e) => e.query.force === "true"), "no force=true sent");
          web = (await objects()).find((o) => o.kind === changedField.kind && o.metadata.name === changedField.name);
          assert.ok(owns(web, "other", changedField.fieldsV1) && !owns(web, "whiskc", changedField.fieldsV1),
            `the field did not move to "other": ${JSON.stringify(web.metadata.managedFields.map((m) => m.manager))}`);

          // whiskc's own plain re-run now meets "other" (exit 3), and --force-conflicts takes the field back.
          const back = await apply(example);
          assert.equal(back.code, 3, back.text);
          assert.ok(back.stderr.includes(`${changedField.text}: conflict with "other"`), back.text);
          const retaken = await apply(example, ["--force-conflicts"]);
          assert.equal(retaken.code, 0, retaken.text);
          // What "other" created because of the change (a Deployment with replicas > 1 gets a
          // PodDisruptionBudget) stays: whiskc's output no longer has it, and no --prune was asked.
          const added = new Set(compiledChanged.get(example.name).map(keyOf).filter((k) => !items().some((o) => keyOf(o) === k)));
          // (Generations moved on: the spec changed and changed back.)
          const valuesOnly = { managedFields: false, generation: false };
          const values = storeDifferences(normaliseStore([...baseline.get(example.name).values()], valuesOnly), await storeNow(valuesOnly))
            .filter((line) => !added.has(line.replace(/^extra: /, "")));
          assert.deepEqual(values, [], "whiskc --force-conflicts did not restore the clean values");
          web = (await objects()).find((o) => o.kind === changedField.kind && o.metadata.name === changedField.name);
          assert.ok(owns(web, "whiskc", changedField.fieldsV1) && !owns(web, "other", changedField.fieldsV1));
          if (example === EXAMPLES[0]) findings.push(`conflict output (${example.name}):\n      ${refused.stderr.trimEnd().split("\n").join("\n      ")}`);
          checkedThat(`${example.name}: --field-manager other ${example.change.join(" ")} exits 3 naming ${changedField.text}, "whiskc" and --force-conflicts, ` +
            `with the source location ${at.text} (${pointsAt}); with --force-conflicts exits 0 (force=true) and "other" owns the field; ` +
            `whiskc's plain re-run then conflicts with "other" (exit 3) and whiskc --force-conflicts restores every value`);
        });

      // --------------------------------------------------------------------------------
      // Faults. Each starts from an empty cluster, runs whiskc with the fault, checks its
      // output, removes the fault and checks that a plain re-run converges.

      it("unreachable server: exit 3, one line naming the server, nothing applied", { timeout: TEST_TIMEOUT_MS }, async () => {
        await reset();
        const port = await new Promise((resolve) => {
          const probe = net.createServer().listen(0, "127.0.0.1", () => {
            const { port: free } = probe.address();
            probe.close(() => resolve(free));
          });
        });
        const config = YAML.parse(fs.readFileSync(server.kubeconfig, "utf8"));
        config.clusters[0].cluster.server = `https://127.0.0.1:${port}`;
        const file = path.join(dir, `closed-${example.name}.kubeconfig`);
        fs.writeFileSync(file, YAML.stringify(config), { mode: 0o600 });
        const r = await apply(example, ["-v"], file);
        assert.equal(r.code, 3, r.text);
        assert.equal(r.stdout, "", r.text);
        assert.ok(r.stderr.includes(`whiskc: error: cannot reach the API server https://127.0.0.1:${port}`), r.text);
        assert.match(r.stderr, /nothing applied/, r.text);
        // Three tries for a server that does not answer at all (the count, not the time: a
        // loaded machine makes times wander).
        assert.deepEqual(r.stderr.match(/\(attempt \d of \d\)/g), ["(attempt 2 of 3)", "(attempt 3 of 3)"], r.text);
        await rerunConverges(example, "unreachable");
        if (example === EXAMPLES[0]) findings.push(`unreachable (${r.ms} ms): ${r.stderr.trimEnd().split("\n").join(" | ")}`);
        checkedThat(`${example.name}: a closed port: exit 3 in ${r.ms} ms, "cannot reach the API server URL", nothing applied; a re-run converges`);
      });

      it("a CA that did not sign the server's certificate: exit 3, TLS verification failure, not retried", { timeout: TEST_TIMEOUT_MS }, async () => {
        await reset();
        const otherDir = path.join(dir, `other-ca-${example.name}`);
        fs.mkdirSync(otherDir);
        const other = makeCertificates(otherDir, "nobody");
        const config = YAML.parse(fs.readFileSync(server.kubeconfig, "utf8"));
        config.clusters[0].cluster["certificate-authority-data"] = fs.readFileSync(other.ca).toString("base64");
        const file = path.join(dir, `wrong-ca-${example.name}.kubeconfig`);
        fs.writeFileSync(file, YAML.stringify(config), { mode: 0o600 });
        const r = await apply(example, ["-v"], file);
        assert.equal(r.code, 3, r.text);
        assert.equal(r.stdout, "", r.text);
        assert.match(r.stderr, /TLS verification failed/, r.text);
        assert.match(r.stderr, /nothing applied/, r.text);
        assert.deepEqual(await requests(), [], "a request got through");
        assert.doesNotMatch(r.stderr, /retrying/, `retried\n${r.text}`);
        await rerunConverges(example, "wrong CA");
        if (example === EXAMPLES[0]) findings.push(`wrong CA: ${r.stderr.trimEnd().split("\n").join(" | ")}`);
        checkedThat(`${example.name}: a kubeconfig with another CA: exit 3, "TLS verification failed", no request reached the server; a re-run converges`);
      });

      it("a token the server does not know: exit 3, 401 naming the user", { timeout: TEST_TIMEOUT_MS }, async () => {
        await reset();
        const config = YAML.parse(fs.readFileSync(server.kubeconfig, "utf8"));
        config.users.find((u) => u.name === "whisk-admin").user.token = "not-a-known-token";
        const file = path.join(dir, `bad-token-${example.name}.kubeconfig`);
        fs.writeFileSync(file, YAML.stringify(config), { mode: 0o600 });
        const r = await apply(example, [], file);
        assert.equal(r.code, 3, r.text);
        assert.equal(r.stdout, "", r.text);
        assert.match(r.stderr, /401/, r.text);
        assert.match(r.stderr, /user whisk-admin/, r.text);
        assert.ok(!r.stderr.includes("not-a-known-token"), "the token is printed");
        assert.deepEqual(writes(await requests()), [], "something was written");
        await rerunConverges(example, "401");
        if (example === EXAMPLES[0]) findings.push(`401: ${r.stderr.trimEnd().split("\n").join(" | ")}`);
        checkedThat(`${example.name}: a bad token: exit 3, "401" and "user whisk-admin" (token not printed), nothing written; a re-run converges`);
      });

      it("403 on one object: named with user, verb and resource; the others applied", { timeout: TEST_TIMEOUT_MS }, async () => {
        await reset();
        await control("POST", "faults", { method: "PATCH", path: targetPath().source, then: { status: 403 } });
        const r = await apply(example);
        assert.equal(r.code, 3, r.text);
        const forbidden = `whiskc: error: ${targetWhat()}: 403 Forbidden: ${example.target.plural}.apps "${example.target.name}" is forbidden: ` +
          `User "whisk-admin" cannot patch resource "${example.target.plural}" in API group "apps" in the namespace "${ns()}"`;
        assert.ok(r.stderr.split("\n").includes(forbidden), `expected the line\n${forbidden}\n${r.text}`);
        const index = items().findIndex((o) => o.kind === example.target.kind && o.metadata.name === example.target.name);
        const others = items().filter((_, i) => i !== index);
        assert.deepEqual(r.stdout.trimEnd().split("\n"), others.map((o) => `${what(o)} created`), "every other object is applied");
        assert.ok(index < items().length - 1, "the target is not the last object");
        assert.match(r.stderr, new RegExp(`applied ${others.length} of ${items().length} objects; 1 failed, 0 not attempted`), r.text);
        const stored = new Set((await objects()).map(keyOf));
        assert.ok(others.every((o) => stored.has(keyOf(o))) && !stored.has(keyOf(items()[index])));
        await rerunConverges(example, "403");
        if (example === EXAMPLES[0]) findings.push(`403: ${r.stderr.trimEnd().split("\n").join(" | ")}`);
        checkedThat(`${example.name}: 403 on ${targetWhat()} (object ${index + 1} of ${items().length}): exit 3, the server's "User ... cannot patch resource ..." line, ` +
          `the ${index} before and ${items().length - index - 1} after it applied, "applied ${others.length} of ${items().length}"; a re-run converges`);
      });

      it("403 on the Namespace: nothing else is attempted", { timeout: TEST_TIMEOUT_MS }, async () => {
        await reset();
        await control("POST", "faults", { method: "PATCH", path: `^/api/v1/namespaces/${ns()}$`, then: { status: 403 } });
        const r = await apply(example);
        assert.equal(r.code, 3, r.text);
        assert.equal(r.stdout, "", r.text);
        assert.match(r.stderr, new RegExp(`Namespace ${ns()}: 403 Forbidden: namespaces "${ns()}" is forbidden: User "whisk-admin" cannot patch resource "namespaces"`), r.text);
        assert.match(r.stderr, new RegExp(`applied 0 of ${items().length} objects; 1 failed, ${items().length - 1} not attempted`), r.text);
        assert.equal(writes(await requests()).length, 1, "only the Namespace was attempted");
        await rerunConverges(example, "403 on the namespace");
        checkedThat(`${example.name}: 403 on the Namespace: exit 3, nothing else attempted ("${items().length - 1} not attempted"); a re-run converges`);
      });

      it("a type the server does not serve: found before anything is applied", { timeout: TEST_TIMEOUT_MS }, async () => {
        await reset();
        await control("POST", "hidden", { group: "policy", resource: "poddisruptionbudgets" });
        const r = await apply(example);
        assert.equal(r.code, 3, r.text);
        assert.equal(r.stdout, "", r.text);
        const pdbs = items().filter((o) => o.kind === "PodDisruptionBudget");
        assert.ok(pdbs.length > 0);
        assert.match(r.stderr, /PodDisruptionBudget/, r.text);
        assert.match(r.stderr, /policy\/v1/, r.text);
        assert.match(r.stderr, new RegExp(`applied 0 of ${items().length} objects`), r.text);
        assert.deepEqual(writes(await requests()), [], "something was written");
        await rerunConverges(example, "hidden type");
        if (example === EXAMPLES[0]) findings.push(`hidden policy/v1 PodDisruptionBudget: ${r.stderr.trimEnd().split("\n").join(" | ")}`);
        checkedThat(`${example.name}: policy/v1 poddisruptionbudgets hidden (404): exit 3 naming PodDisruptionBudget and policy/v1, not one write; a re-run converges`);
      });

      it("409 on one object: exit 3 with the server's message; the others applied", { timeout: TEST_TIMEOUT_MS }, async () => {
        await reset();
        await control("POST", "faults", { method: "PATCH", path: targetPath().source, then: { status: 409 } });
        const r = await apply(example);
        assert.equal(r.code, 3, r.text);
        assert.ok(r.stderr.includes(`whiskc: error: ${targetWhat()}: 409 Conflict: Operation cannot be fulfilled on ${example.target.plural}.apps "${example.target.name}"`), r.text);
        assert.equal(r.stdout.trimEnd().split("\n").length, items().length - 1, r.text);
        await rerunConverges(example, "409");
        checkedThat(`${example.name}: 409 on ${targetWhat()}: exit 3, "409 Conflict: Operation cannot be fulfilled ...", the others applied; a re-run converges`);
      });

      it("422 with field causes: the field and the source location", { timeout: TEST_TIMEOUT_MS }, async () => {
        await reset();
        await control("POST", "faults", { method: "PATCH", path: targetPath().source, then: { status: 422 } });
        const r = await apply(example);
        assert.equal(r.code, 3, r.text);
        assert.ok(r.stderr.includes(`whiskc: error: ${targetWhat()}: 422 Invalid`), r.text);
        assert.match(r.stderr, /spec\.template\.spec\.containers\[0\]\.image: Invalid value/, r.text);
        const at = sourceLocation(r.stderr, example.file);
        assert.ok(at, `no source location\n${r.text}`);
        // The field is the main container's image: whiskc maps it to the component's `image` line.
        assert.match(at.line, /^\s*image\s/, `${at.text} is not the image line: ${JSON.stringify(at.line)}\n${r.text}`);
        assert.equal(r.stdout.trimEnd().split("\n").length, items().length - 1, r.text);
        await rerunConverges(example, "422");
        if (example === EXAMPLES[0]) findings.push(`422 (${example.name}):\n      ${r.stderr.trimEnd().split("\n").join("\n      ")}`);
        checkedThat(`${example.name}: 422 with a FieldValueInvalid cause at spec.template.spec.containers[0].image: exit 3, the field and its message, ` +
          `shown at ${at.text} (${JSON.stringify(at.line.trim())}); a re-run converges`);
      });

      it("429 with Retry-After: 1, then success: waits about 1 s and says so under -v", { timeout: TEST_TIMEOUT_MS }, async () => {
        await reset();
        await control("POST", "faults", { method: "PATCH", path: targetPath().source, times: 1, then: { status: 429, retryAfter: 1 } });
        const r = await apply(example, ["-v"]);
        assert.equal(r.code, 0, r.text);
        const hits = (await requests()).filter((e) => e.method === "PATCH" && targetPath().test(e.path));
        assert.deepEqual(hits.map((e) => e.status), [429, 201]);
        const waited = hits[1].at - hits[0].at;
        assert.ok(waited >= 950, `waited only ${Math.round(waited)} ms between the 429 and the retry`);
        assert.match(r.stderr, /429; retrying in 1000 ms/, r.text);
        assert.deepEqual(storeDifferences(baseline.get(example.name), await storeNow()), []);
        await rerunConverges(example, "429");
        checkedThat(`${example.name}: 429 Retry-After: 1 once: exit 0, retried after ${Math.round(waited)} ms, "-v" says "429; retrying in 1000 ms", store as a clean apply`);
      });

      it("429 for ever with Retry-After: 0: gives up after a bounded number of attempts", { timeout: TEST_TIMEOUT_MS }, async () => {
        await reset();
        await control("POST", "faults", { method: "PATCH", path: targetPath().source, then: { status: 429, retryAfter: 0 } });
        const r = await apply(example);
        assert.equal(r.code, 3, r.text);
        const hits = (await requests()).filter((e) => e.method === "PATCH" && targetPath().test(e.path));
        assert.ok(hits.length >= 2 && hits.length <= 10, `${hits.length} attempts`);
        assert.ok(r.stderr.includes(`(after ${hits.length} attempts)`), r.text);
        assert.match(r.stderr, /429 TooManyRequests/, r.text);
        await rerunConverges(example, "429 for ever");
        checkedThat(`${example.name}: 429 for ever: exit 3 after ${hits.length} attempts, "429 TooManyRequests ... (after ${hits.length} attempts)"; a re-run converges`);
      });

      it("503 twice, then success: retried with back-off", { timeout: TEST_TIMEOUT_MS }, async () => {
        await reset();
        await control("POST", "faults", { method: "PATCH", path: targetPath().source, times: 2, then: { status: 503 } });
        const r = await apply(example, ["-v"]);
        assert.equal(r.code, 0, r.text);
        const hits = (await requests()).filter((e) => e.method === "PATCH" && targetPath().test(e.path));
        assert.deepEqual(hits.map((e) => e.status), [503, 503, 201]);
        const gaps = [hits[1].at - hits[0].at, hits[2].at - hits[1].at].map(Math.round);
        // The delays double; the gaps are at least as long (lower bounds only: under load they
        // only grow).
        assert.deepEqual(r.stderr.match(/503; retrying in \d+ ms/g), ["503; retrying in 500 ms", "503; retrying in 1000 ms"], r.text);
        assert.ok(gaps[0] >= 450 && gaps[1] >= 950, `no back-off: ${gaps} ms`);
        assert.deepEqual(storeDifferences(baseline.get(example.name), await storeNow()), []);
        await rerunConverges(example, "503");
        checkedThat(`${example.name}: 503 twice: exit 0, retried after ${gaps.join(" then ")} ms, store as a clean apply`);
      });

      it("a dropped connection, then success: retried", { timeout: TEST_TIMEOUT_MS }, async () => {
        await reset();
        await control("POST", "faults", { method: "PATCH", path: targetPath().source, times: 1, then: { closeConnection: true } });
        const r = await apply(example, ["-v"]);
        assert.equal(r.code, 0, r.text);
        const hits = (await requests()).filter((e) => e.method === "PATCH" && targetPath().test(e.path));
        assert.equal(hits.length, 2, JSON.stringify(hits.map((e) => e.status)));
        assert.deepEqual(storeDifferences(baseline.get(example.name), await storeNow()), []);
        await rerunConverges(example, "dropped connection");
        checkedThat(`${example.name}: a connection dropped without an answer once: exit 0 after a retry, store as a clean apply`);
      });

      it("a 403 at every step of the first apply: exit 3, then a plain re-run converges", { timeout: 120_000 }, async () => {
        // Every distinct request of a clean first apply (discovery, the ApplySet record, each
        // object), refused in turn.
        const steps = [...new Map(cleanLog.get(example.name).map((e) => [`${e.method} ${e.path}`, e])).values()];
        const outcomes = [];
        const problems = []; // every step runs; what went wrong is reported at the end
        for (const [index, step] of steps.entries()) {
          try {
          await reset();
          await control("POST", "faults", { method: step.method, path: `^${step.path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, then: { status: 403 } });
          const r = await apply(example);
          const label = `403 on step ${index + 1} of ${steps.length}, ${step.method} ${step.path}`;
          assert.equal(r.code, 3, `${label}\n${r.text}`);
          const firstError = r.stderr.split("\n").find((l) => l.startsWith("whiskc: error: "));
          assert.ok(firstError && /403 Forbidden/.test(firstError) && /User "whisk-admin" cannot (get|patch) (path|resource) /.test(firstError), `${label}: no one-line cause\n${r.text}`);
          // Everything that was reported applied is in the store.
          const stored = new Set((await objects()).map((o) => (o.metadata.namespace ? `${o.kind} ${o.metadata.namespace}/${o.metadata.name}` : `${o.kind} ${o.metadata.name}`)));
          const reported = r.stdout.split("\n").filter(Boolean).map((l) => l.replace(/ (created|applied)$/, ""));
          assert.deepEqual(reported.filter((w) => !stored.has(w)), [], `${label}: reported applied but not stored`);
          outcomes.push(`${step.method} ${step.path.replace(/^\/apis?\//, "")}: ${reported.length} applied`);
          await rerunConverges(example, label);
          } catch (error) {
            problems.push(error.message);
          }
        }
        assert.equal(problems.length, 0, `${problems.length} of ${steps.length} steps failed:\n${problems.join("\n\n")}`);
        findings.push(`403 at every step (${example.name}): ${outcomes.join("; ")}`);
        checkedThat(`${example.name}: a 403 on each of the ${steps.length} distinct requests of a first apply in turn: exit 3 with a one-line 403 cause naming the user, ` +
          `what stdout says was applied is stored, and a plain re-run exits 0 with the clean store`);
      });

      it("a stall shorter than the request timeout: waits for the answer", { timeout: TEST_TIMEOUT_MS }, async () => {
        await reset();
        await control("POST", "faults", { method: "PATCH", path: targetPath().source, times: 1, then: { delayMs: 2000 } });
        const r = await apply(example, ["--request-timeout", "10s"]);
        assert.equal(r.code, 0, r.text);
        assert.ok(r.ms >= 2000, `${r.ms} ms`);
        const hits = (await requests()).filter((e) => e.method === "PATCH" && targetPath().test(e.path));
        assert.deepEqual(hits.map((e) => e.status), [201], "a stall shorter than the timeout was retried");
        assert.deepEqual(storeDifferences(baseline.get(example.name), await storeNow()), []);
        checkedThat(`${example.name}: a 2 s stall with --request-timeout 10s: exit 0, one request, no retry`);
      });

      it("a stall longer than the request timeout: exit 3, timed out, not retried, the rest not attempted", { timeout: TEST_TIMEOUT_MS }, async () => {
        await reset();
        await control("POST", "faults", { method: "PATCH", path: targetPath().source, times: 1, then: { delayMs: 4000 } });
        const r = await apply(example, ["--request-timeout", "1s"]);
        assert.equal(r.code, 3, r.text);
        const line = `whiskc: error: ${example.target.kind} ${ns()}/${example.target.name}: timed out: the server did not answer within 1s`;
        assert.ok(r.stderr.split("\n").includes(line), `expected the line\n${line}\n${r.text}`);
        const hits = (await requests()).filter((e) => e.method === "PATCH" && targetPath().test(e.path));
        assert.equal(hits.length, 1, "a timed-out request was retried");
        // Everything before it is applied and said so; nothing after it is tried.
        const index = items().findIndex((o) => o.kind === example.target.kind && o.metadata.name === example.target.name);
        assert.deepEqual(r.stdout.trimEnd().split("\n"), items().slice(0, index).map((o) => `${what(o)} created`), r.text);
        const rest = items().length - index - 1;
        assert.match(r.stderr, new RegExp(`applied ${index} of ${items().length} objects; 1 failed, ${rest} not attempted`), r.text);
        const later = (await requests()).filter((e) => e.method !== "GET" && e.at > hits[0].at);
        assert.deepEqual(later.map((e) => `${e.method} ${e.path}`), [], "something was sent after the timed-out request");
        await new Promise((resolve) => setTimeout(resolve, 3500));  // the stalled request ends on the server
        await rerunConverges(example, "request timeout");
        if (example === EXAMPLES[0]) findings.push(`request timeout (${example.name}): ${r.stderr.trimEnd().split("\n").join(" | ")}`);
        checkedThat(`${example.name}: a 4 s stall with --request-timeout 1s: exit 3 after ${r.ms} ms, "timed out: the server did not answer within 1s", ` +
          `one request, the ${index} objects before it applied, the ${rest} after it not attempted; a re-run converges`);
      });
    });
  }

  // ---------------------------------------------------------------------------------------
  // --prune and --prune-volumes, on examples/openwhisk: with_providers=false drops the alarm
  // and kafka providers (their Deployments, Services and the alarm provider's claim).

  describe("prune", () => {
    const example = EXAMPLES.find((e) => e.name === "openwhisk");
    const dropProviders = ["--set", "with_providers=false"];
    const notOurs = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "not-ours", namespace: "openwhisk" }, data: { a: "1" } };
    const claim = "v1 PersistentVolumeClaim openwhisk/owdev-alarmprovider-logs";
    const parent = "v1 Secret openwhisk/owdev.applyset";
    let pruned; // items of `whiskc compile --format json ... --set with_providers=false`

    const storedKeys = async () => new Set((await objects()).map(keyOf).filter((k) => !/^v1 Namespace -\//.test(k) ||
      !INITIAL_NAMESPACES.has(k.replace(/^v1 Namespace -\//, ""))));

    it("--prune deletes what the topology dropped, keeps the volume and what is not whiskc's; --prune-volumes takes the volume",
      { timeout: 120_000 }, async () => {
        const compiledPruned = await run(["compile", "--format", "json", example.file, ...example.args, ...dropProviders], env);
        assert.equal(compiledPruned.code, 0, compiledPruned.text);
        pruned = JSON.parse(compiledPruned.stdout).items;
        const full = compiled.get(example.name);
        const dropped = full.map(keyOf).filter((k) => !pruned.some((o) => keyOf(o) === k));
        assert.ok(dropped.includes(claim), `the claim is not among what with_providers=false drops: ${dropped}`);
        for (const provider of ["alarmprovider", "kafkaprovider"]) {
          for (const kind of ["apps/v1 Deployment", "v1 Service"]) {
            assert.ok(dropped.includes(`${kind} openwhisk/owdev-${provider}`), `${kind} owdev-${provider} is not dropped: ${dropped}`);
          }
        }

        await reset();
        const first = await apply(example);
        assert.equal(first.code, 0, first.text);
        const made = await api.request("POST", "/api/v1/namespaces/openwhisk/configmaps", { body: notOurs });
        assert.equal(made.status, 201, JSON.stringify(made.body));

        // A server dry run of the prune first: every DELETE carries dryRun=All, nothing changes.
        const versions = async () => (await objects()).map((o) => `${keyOf(o)}@${o.metadata.resourceVersion}`).sort();
        const beforeDry = await versions();
        await control("DELETE", "log");
        const dry = await apply(example, [...dropProviders, "--prune", "--dry-run=server"]);
        assert.equal(dry.code, 0, dry.text);
        const dryDeletes = (await requests()).filter((e) => e.method === "DELETE");
        assert.ok(dryDeletes.length >= dropped.length - 1, `${dryDeletes.length} DELETEs in the dry run\n${dry.text}`);
        assert.deepEqual(dryDeletes.filter((e) => e.query.dryRun !== "All").map((e) => e.path), [], "a DELETE without dryRun=All");
        assert.deepEqual(writes(await requests()).filter((e) => e.query.dryRun !== "All").map((e) => `${e.method} ${e.path}`), [],
          "a write without dryRun=All");
        assert.deepEqual(await versions(), beforeDry, "the dry run changed the store");

        // The real prune.
        const r = await apply(example, [...dropProviders, "--prune"]);
        assert.equal(r.code, 0, r.text);
        const want = new Set([...pruned.map(keyOf), parent, keyOf(notOurs), claim]);
        const got = await storedKeys();
        assert.deepEqual({ missing: [...want].filter((k) => !got.has(k)), extra: [...got].filter((k) => !want.has(k)) }, { missing: [], extra: [] },
          r.text);
        assert.match(r.stdout, /^PersistentVolumeClaim openwhisk\/owdev-alarmprovider-logs kept\b/m, r.text);
        for (const provider of ["alarmprovider", "kafkaprovider"]) {
          assert.ok(![...got].some((k) => new RegExp(`(Deployment|Service) openwhisk/owdev-${provider}$`).test(k)), `owdev-${provider} is still there`);
        }

        // --prune-volumes: the claim goes, not-ours stays.
        const volumes = await apply(example, [...dropProviders, "--prune-volumes"]);
        assert.equal(volumes.code, 0, volumes.text);
        const after = await storedKeys();
        want.delete(claim);
        assert.deepEqual({ missing: [...want].filter((k) => !after.has(k)), extra: [...after].filter((k) => !want.has(k)) }, { missing: [], extra: [] },
          volumes.text);
        findings.push(`--prune (openwhisk, with_providers=false): ${r.stdout.trimEnd().split("\n").filter((l) => !/ applied$/.test(l)).join(" | ")}`);
        findings.push(`--prune-volumes: ${volumes.stdout.trimEnd().split("\n").filter((l) => !/ applied$/.test(l)).join(" | ")}`);
        checkedThat(`openwhisk: --prune --dry-run=server with with_providers=false: exit 0, ${dryDeletes.length} DELETEs all dryRun=All, no resourceVersion changed; ` +
          `--prune: exit 0, the store is the ${pruned.length} compiled objects + owdev.applyset + someone else's ConfigMap not-ours + the claim ` +
          `owdev-alarmprovider-logs ("kept"), the providers' Deployments and Services gone; --prune-volumes: the claim gone, not-ours kept`);
      });
  });

  // ---------------------------------------------------------------------------------------
  // A server too old for aggregated discovery (before 1.26 without the feature): /api and
  // /apis answer with the legacy lists, and whiskc asks each group-version instead.

  describe("legacy discovery", () => {
    const example = EXAMPLES.find((e) => e.name === "webapp");

    it("a server answering /api and /apis with the legacy lists is asked per group-version; the result is the same", { timeout: TEST_TIMEOUT_MS }, async () => {
      await reset();
      await control("POST", "faults", { method: "GET", path: "^/api$", then: { status: 200, body: { kind: "APIVersions", versions: ["v1"] } } });
      await control("POST", "faults", { method: "GET", path: "^/apis$", then: { status: 200, body: { kind: "APIGroupList", apiVersion: "v1", groups: [] } } });
      const r = await apply(example);
      assert.equal(r.code, 0, r.text);
      assert.deepEqual(storeDifferences(baseline.get(example.name), await storeNow()), []);
      const asked = [...new Set((await requests()).filter((e) => e.method === "GET" && /^\/apis?(\/[^/]+){1,2}$/.test(e.path) && !/namespaces/.test(e.path)).map((e) => e.path))].sort();
      const served = [...new Set(compiled.get(example.name).map((o) => (o.apiVersion.includes("/") ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`)))].sort();
      assert.deepEqual(asked, served, "each group-version of the output asked once");
      checkedThat(`webapp against legacy discovery: exit 0, the store a clean apply's, the group-versions asked one by one: ${asked.join(", ")}`);
    });
  });

  // ---------------------------------------------------------------------------------------
  // A kubeconfig user with an exec credential plugin instead of a token.

  describe("exec credential plugin", () => {
    const example = EXAMPLES.find((e) => e.name === "webapp");

    /** A kubeconfig like the server's whose user runs SCRIPT for its credential. */
    function execKubeconfig(name, script) {
      const config = YAML.parse(fs.readFileSync(server.kubeconfig, "utf8"));
      const user = config.users.find((u) => u.name === "whisk-admin").user;
      delete user.token;
      user.exec = { apiVersion: "client.authentication.k8s.io/v1", command: script, args: [], interactiveMode: "Never" };
      const file = path.join(dir, `${name}.kubeconfig`);
      fs.writeFileSync(file, YAML.stringify(config), { mode: 0o600 });
      return file;
    }
    function writeScript(name, body) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
      return file;
    }
    const noToken = (r) => {
      assert.ok(!r.stdout.includes(server.token), `the token is printed on stdout\n${r.text}`);
      assert.ok(!r.stderr.includes(server.token), `the token is printed on stderr\n${r.text}`);
    };

    it("a plugin's token is used; a failing plugin is named; the token is never printed", { timeout: TEST_TIMEOUT_MS }, async () => {
      const good = writeScript("credential-plugin.sh", [
        'case "$KUBERNETES_EXEC_INFO" in',
        "  *ExecCredential*) ;;",
        '  *) echo "no ExecCredential in KUBERNETES_EXEC_INFO" >&2; exit 2 ;;',
        "esac",
        `printf '%s\\n' '${JSON.stringify({ apiVersion: "client.authentication.k8s.io/v1", kind: "ExecCredential", status: { token: server.token } })}'`,
      ].join("\n"));
      const kubeconfig = execKubeconfig("exec", good);

      await reset();
      const r = await apply(example, [], kubeconfig);
      assert.equal(r.code, 0, r.text);
      noToken(r);
      const log = await requests();
      assert.ok(log.length > 0 && writes(log).length >= compiled.get(example.name).length, `${log.length} requests`);
      assert.deepEqual([...new Set(log.map((e) => e.user))], ["whisk-admin"], "a request without the plugin's token's user");
      assert.deepEqual(storeDifferences(baseline.get(example.name), await storeNow()), []);

      const verbose = await apply(example, ["-v"], kubeconfig);
      assert.equal(verbose.code, 0, verbose.text);
      noToken(verbose);

      const bad = writeScript("failing-plugin.sh", 'echo "plugin: no credentials here" >&2\nexit 1');
      const badConfig = execKubeconfig("exec-failing", bad);
      await control("DELETE", "log");
      for (const extra of [[], ["-v"]]) {
        const failed = await apply(example, extra, badConfig);
        assert.equal(failed.code, 3, failed.text);
        assert.ok(failed.stderr.includes(bad), `stderr does not name ${bad}\n${failed.text}`);
        noToken(failed);
        if (!extra.length) findings.push(`failing exec plugin: ${failed.stderr.trimEnd().split("\n").join(" | ")}`);
      }
      const failedLog = await requests();
      assert.deepEqual(writes(failedLog), [], "something was written with a failing plugin");
      // A failing plugin stops the run before any request: the server would only say 401.
      assert.deepEqual(failedLog, [], "a request was sent although the exec plugin failed");
      checkedThat(`webapp: a kubeconfig user with an exec plugin (client.authentication.k8s.io/v1, interactiveMode Never, the plugin checks ` +
        `KUBERNETES_EXEC_INFO): exit 0, every one of ${log.length} requests as whisk-admin, the store a clean apply's; a plugin exiting 1: exit 3 naming ` +
        `its command, no request sent; the token on neither stdout nor stderr, with and without -v`);
    });
  });
});
