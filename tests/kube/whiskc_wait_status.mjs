// `whiskc apply --wait` and `whiskc status` end to end against the test API server (ctest's
// kube.whiskc_wait_status):
//   node tests/kube/whiskc_wait_status.mjs --whiskc build/compiler/whiskc --source-dir .
// Starts `api_server.mjs` as a child process in a temporary directory, applies
// examples/webapp with --wait (db, then migrate, then api report ready, in that order), marks
// the api's Deployment stuck in Init on `wait-migrate` and the migrate Job on `wait-db` (a
// --timeout 5s wait exits 3 naming both and what each waits for; `status` shows it and exits
// 1), fails the Job (the wait exits 3 at once, naming the Job), and asks `status` of a stopped
// server (exit 3). Loopback only. The server is stopped by the PID it was started with, whiskc
// runs are killed by theirs after WHISKC_TIMEOUT_MS, and the directory is removed.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { connect } from "./client.mjs";
import { childEnv, lastResort, run, WHISKC } from "./whiskc_process.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FILE = "examples/webapp/webapp.ow";
const SERVER_START_MS = 30_000;
// Nothing here may outlive ctest's TIMEOUT (180 s).
lastResort("whiskc_wait_status.mjs", 170_000, () => stopServer());

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "whisk-wait-status-"));
let server; // {child, pid, url, token, caFile, kubeconfig}

// ---------------------------------------------------------------------------------------
// The server, as a child process.

function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(HERE, "api_server.mjs"), "--dir", dir, "--max-seconds", "300"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const timer = setTimeout(() => reject(new Error("the API server did not start")), SERVER_START_MS);
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (!out.includes("ready https://")) return;
      clearTimeout(timer);
      const info = JSON.parse(fs.readFileSync(path.join(dir, "server.json"), "utf8"));
      assert.equal(info.pid, child.pid, "server.json names the process started here");
      resolve({ child, pid: child.pid, url: info.url, token: info.token, caFile: info.ca, kubeconfig: info.kubeconfig });
    });
    child.on("exit", (code) => reject(new Error(`the API server exited (${code}) before it was ready`)));
  });
}

/** Stops the server this script started, by its PID; waits for it to exit. */
async function stopServer() {
  if (!server) return;
  const { child, pid } = server;
  server = undefined;
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(pid, "SIGTERM");
  await exited;
}

// ---------------------------------------------------------------------------------------
// whiskc.

/** whiskc ARGS, with no terminal. */
const whiskc = (...args) => run(args, childEnv(dir, { TERM: "dumb" }));

/** whiskc ARGS on a pseudo-terminal (util-linux script(1)): stdout and stderr both in `stdout`. */
function onTerminal(...args) {
  const quote = (word) => `'${word.replaceAll("'", "'\\''")}'`;
  const command = ["stty cols 120 rows 40;", "exec", ...[WHISKC, ...args].map(quote)].join(" ");
  return run(["-qec", command, "/dev/null"], childEnv(dir, { TERM: "xterm" }), "script");
}

const cluster = () => ["--kubeconfig", path.join(dir, "kubeconfig")];

function check(result, condition, message) {
  if (!condition) {
    console.error(result.text);
    assert.fail(message);
  }
}

// ---------------------------------------------------------------------------------------
// The control API.

async function setWorkload(client, body) {
  const res = await client.request("POST", "/__control/workloads", { body });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

/** Polls PATH until PREDICATE holds of the object (the simulated controllers act on a timer). */
async function until(client, objectPath, predicate, what) {
  const deadline = performance.now() + 10_000;
  for (;;) {
    const res = await client.request("GET", objectPath);
    if (res.status === 200 && predicate(res.body)) return;
    if (performance.now() > deadline) assert.fail(`the server never showed ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const DEPLOYMENT = "/apis/apps/v1/namespaces/shop/deployments/shop-api";
const JOB = "/apis/batch/v1/namespaces/shop/jobs/shop-migrate";
const condition = (object, type) => (object.status?.conditions ?? []).find((c) => c.type === type && c.status === "True");

// ---------------------------------------------------------------------------------------

const STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (\S+) (.*)$/;

async function main() {
  server = await startServer();
  const client = connect({ url: server.url, token: server.token, caFile: server.caFile });

  // 1. A clean apply with --wait: every component reported ready, in dependency order.
  const first = await whiskc("apply", FILE, ...cluster(), "--wait");
  check(first, first.code === 0, "apply --wait exits 0");
  const told = first.stdout.split("\n").map((l) => STAMP.exec(l)).filter(Boolean);
  const readyOrder = told.filter(([, , state]) => /^(ready|complete) \(1\/1\)$/.test(state)).map(([, name]) => name);
  check(first, JSON.stringify(readyOrder) === JSON.stringify(["db", "migrate", "api"]), "db, migrate and api are reported ready in dependency order");
  check(first, told.at(-1)?.[1] === "all" && /^3 components are ready after /.test(told.at(-1)[2]), "the last line says all are ready");
  check(first, !first.stdout.includes("\x1b["), "no ANSI escapes when stdout is not a terminal");
  console.log(`ok - apply --wait: ready in dependency order (${first.ms} ms)`);

  const ready = await whiskc("status", FILE, ...cluster());
  check(ready, ready.code === 0, "status exits 0 when all are ready");
  const rows = ready.stdout.trimEnd().split("\n");
  check(ready, /^COMPONENT\s+KIND\s+NAME\s+STATUS$/.test(rows[0]), "status prints a header");
  check(ready, rows.length === 4 && /^db\s+StatefulSet\s+shop-db\s+ready \(1\/1\)$/.test(rows[1]) &&
    /^migrate\s+Job\s+shop-migrate\s+complete \(1\/1\)$/.test(rows[2]) && /^api\s+Deployment\s+shop-api\s+ready \(1\/1\)$/.test(rows[3]), "status lists each component ready");
  const column = rows[0].indexOf("STATUS");
  check(ready, rows.every((row) => row.length > column && row[column - 1] === " " && row[column] !== " "), "the columns are aligned");
  console.log("ok - status: all ready, exit 0, aligned columns");

  // 2. Stuck in Init: the api on wait-migrate, the migrate Job on wait-db.
  await setWorkload(client, { kind: "Deployment", namespace: "shop", name: "shop-api", state: "stuck", initContainer: "wait-migrate" });
  await setWorkload(client, { kind: "Job", namespace: "shop", name: "shop-migrate", state: "stuck", initContainer: "wait-db" });
  await until(client, DEPLOYMENT, (d) => !d.status?.availableReplicas, "the Deployment unavailable");
  await until(client, JOB, (j) => !condition(j, "Complete"), "the Job running");
  const stuck = await whiskc("apply", FILE, ...cluster(), "--wait", "--timeout", "5s");
  check(stuck, stuck.code === 3, "a timed-out wait exits 3");
  check(stuck, stuck.ms < 30_000, "the wait ends near its timeout");
  check(stuck, stuck.stderr.includes("timed out after 5s with 2 of 3 components not ready"), "the error says what timed out");
  check(stuck, /migrate \(Job shop\/shop-migrate\): .*waits for db \(init container wait-db is running\)/.test(stuck.stderr), "the Job is named with the dependency it waits for");
  check(stuck, /api \(Deployment shop\/shop-api\): .*waits for migrate \(init container wait-migrate is running\)/.test(stuck.stderr), "the Deployment is named with the dependency it waits for");
  check(stuck, !/^\s+db /m.test(stuck.stderr), "the ready db is not named");
  console.log(`ok - apply --wait --timeout 5s: exit 3 after ${stuck.ms} ms naming migrate (waits for db) and api (waits for migrate)`);

  // The same on a terminal (script(1) gives whiskc a pseudo-terminal): one frame redrawn in
  // place every second instead of timestamped lines.
  const live = await onTerminal("apply", FILE, ...cluster(), "--wait", "--timeout", "3s");
  check(live, live.code === 3, "a timed-out wait on a terminal exits 3");
  check(live, /\x1b\[2K {2}migrate +Job +waiting for db/.test(live.stdout) && /\x1b\[2K {2}api +Deployment +waiting for migrate/.test(live.stdout), "the frame has a line per component with what it waits for");
  check(live, /\x1b\[2Kwaiting: 1 of 3 ready \(\d+s of 3s\)/.test(live.stdout), "the frame's header counts what is ready");
  check(live, /\x1b\[\d+A\r/.test(live.stdout), "a later frame is drawn over the earlier one");
  check(live, !live.stdout.split("\n").some((l) => STAMP.test(l)), "no timestamped lines on a terminal");
  check(live, live.stdout.includes("timed out after 3s with 2 of 3 components not ready"), "the error follows the frame");
  console.log(`ok - apply --wait on a terminal: a live frame redrawn in place (${(live.stdout.match(/\x1b\[\d+A/g) ?? []).length} redraws), then the error`);

  const waiting = await whiskc("status", FILE, ...cluster());
  check(waiting, waiting.code === 1, "status exits 1 when a component is not ready");
  check(waiting, /^migrate\s+Job\s+shop-migrate\s+running .*waits for db \(init container wait-db is running\)$/m.test(waiting.stdout), "status shows the Job waiting for db");
  check(waiting, /^api\s+Deployment\s+shop-api\s+.*waits for migrate \(init container wait-migrate is running\)$/m.test(waiting.stdout), "status shows the api waiting for migrate");
  console.log("ok - status: exit 1, each stuck component with the dependency it waits for");

  // 3. A failed Job ends the wait at once, whatever the timeout.
  await setWorkload(client, { kind: "Deployment", namespace: "shop", name: "shop-api", state: "ready" });
  await setWorkload(client, { kind: "Job", namespace: "shop", name: "shop-migrate", state: "failing" });
  await until(client, JOB, (j) => condition(j, "Failed"), "the Job failed");
  const failed = await whiskc("apply", FILE, ...cluster(), "--wait", "--timeout", "2m");
  check(failed, failed.code === 3, "a failed Job exits 3");
  check(failed, failed.ms < 30_000, "a failed Job ends the wait without waiting for the timeout");
  check(failed, /migrate \(Job shop\/shop-migrate\) failed: BackoffLimitExceeded/.test(failed.stderr), "the error names the failed Job and why");
  check(failed, failed.stderr.includes("kubectl logs job/shop-migrate -n shop"), "the error says where its logs are");
  const failedStatus = await whiskc("status", FILE, ...cluster());
  check(failedStatus, failedStatus.code === 1 && /^migrate\s+Job\s+shop-migrate\s+failed: BackoffLimitExceeded/m.test(failedStatus.stdout), "status shows the failed Job");
  console.log(`ok - apply --wait: a failed Job exits 3 after ${failed.ms} ms naming it; status shows it`);

  // 4. Usage errors, and a cluster that does not answer.
  const usage = await whiskc("apply", FILE, ...cluster(), "--wait", "--timeout", "5");
  check(usage, usage.code === 2 && usage.stderr.includes("--timeout expects a duration"), "a bare number is a usage error");
  await stopServer();
  const gone = await whiskc("status", FILE, ...cluster());
  check(gone, gone.code === 3 && gone.stderr.includes("whiskc: error: cannot read"), "status exits 3 when the cluster does not answer");
  console.log("ok - usage errors exit 2; status of a stopped server exits 3");
}

try {
  await main();
} finally {
  await stopServer();
  fs.rmSync(dir, { recursive: true, force: true });
}
