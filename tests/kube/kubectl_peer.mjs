// The real kubectl against the test server (ctest's kube.kubectl_peer):
//   node tests/kube/kubectl_peer.mjs [--kubectl PATH] [--log-out FILE]
// Starts api_server.mjs in a temporary directory, drives kubectl through
// server-side apply, get, diff, conflicts, wait, rollout status and delete,
// and prints what kubectl sent (methods, paths, queries, content types) per
// step; --log-out also writes the whole request log as JSON, for comparing
// whiskc's client with kubectl's. Stops the server it started, by PID, at the
// end. Exits 77 (skipped) when there is no kubectl.
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { connect } from "./client.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const APP = path.join(HERE, "fixtures", "app.yaml");
const KUBECTL_TIMEOUT_MS = 90_000;

const { values: options } = parseArgs({ options: { kubectl: { type: "string", default: "kubectl" }, "log-out": { type: "string" } } });

const results = [];
function check(name, ok, detail = "") {
  results.push(ok);
  console.log(`${ok ? "ok" : "not ok"} - ${name}${ok || !detail ? "" : `\n    ${detail.trim().split("\n").join("\n    ")}`}`);
}

/** Starts the server; resolves to {child, url} once it prints its ready line. */
function startServer(dir) {
  const child = spawn(process.execPath, [path.join(HERE, "api_server.mjs"), "--dir", dir, "--max-seconds", "280"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the server did not get ready within 20 s")), 20_000);
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const ready = /^ready (\S+)$/m.exec(out);
      if (ready) {
        clearTimeout(timer);
        resolve({ child, url: ready[1] });
      }
    });
    child.on("exit", (code) => reject(new Error(`the server exited with ${code} before getting ready`)));
  });
}

/** Ends the server we started (its PID, SIGTERM; SIGKILL after 5 s). */
function stopServer(child) {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => process.kill(child.pid, "SIGKILL"), 5000);
    child.once("exit", () => { clearTimeout(kill); resolve(); });
    process.kill(child.pid, "SIGTERM");
  });
}

function kubectlRunner(dir) {
  const base = ["--kubeconfig", path.join(dir, "kubeconfig"), "--cache-dir", path.join(dir, "cache")];
  return (...args) => new Promise((resolve) => {
    execFile(options.kubectl, [...base, ...args], { timeout: KUBECTL_TIMEOUT_MS }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout, stderr, text: `exit ${code}\n${stdout}${stderr}` });
    });
  });
}

/** One line per distinct request of the log: METHOD path ?query [content type]. */
function summarize(entries) {
  const lines = entries.map((e) => {
    const query = Object.entries(e.query).filter(([k]) => !["timeout", "hash"].includes(k)).map(([k, v]) => `${k}=${v}`).join("&");
    return `${e.method} ${e.path}${query ? `?${query}` : ""}${e.contentType ? ` [${e.contentType}]` : ""} -> ${e.status ?? "open"}`;
  });
  return [...new Set(lines)];
}

async function main() {
  const found = await new Promise((resolve) => execFile(options.kubectl, ["version", "--client"], (error) => resolve(!error)));
  if (!found) {
    console.log(`skipped: no kubectl at \`${options.kubectl}\``);
    process.exit(77);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "whisk-kubectl-peer-"));
  const { child } = await startServer(dir);
  const server = JSON.parse(fs.readFileSync(path.join(dir, "server.json"), "utf8"));
  const api = connect({ url: server.url, token: server.token, caFile: server.ca });
  const kubectl = kubectlRunner(dir);
  const steps = [];
  /** Runs one step and keeps the requests it made for the summary. */
  const step = async (name, run) => {
    await api.request("DELETE", "/__control/log");
    await run();
    steps.push({ name, requests: (await api.request("GET", "/__control/log")).body.items });
  };
  const resourceVersions = async () => {
    const { stdout } = await kubectl("get", "-f", APP, "-o", "json");
    return Object.fromEntries(JSON.parse(stdout).items.map((o) => [`${o.kind}/${o.metadata.name}`, o.metadata.resourceVersion]));
  };

  try {
    await step("apply --server-side", async () => {
      const r = await kubectl("apply", "--server-side", "-f", APP);
      check("kubectl apply --server-side creates the 9 objects",
        r.code === 0 && (r.stdout.match(/serverside-applied/g) ?? []).length === 9, r.text);
    });
    await step("rollout status, wait", async () => {
      const deployment = await kubectl("rollout", "status", "deployment/web", "-n", "peer", "--timeout=60s");
      check("kubectl rollout status deployment/web succeeds", deployment.code === 0 && /successfully rolled out/.test(deployment.stdout), deployment.text);
      const sts = await kubectl("rollout", "status", "statefulset/db", "-n", "peer", "--timeout=60s");
      check("kubectl rollout status statefulset/db succeeds", sts.code === 0, sts.text);
      const job = await kubectl("wait", "--for=condition=complete", "job/migrate", "-n", "peer", "--timeout=60s");
      check("kubectl wait --for=condition=complete job/migrate succeeds", job.code === 0 && /condition met/.test(job.stdout), job.text);
    });
    let before;
    await step("get -o json", async () => {
      const r = await kubectl("get", "-f", APP, "-o", "json");
      const items = r.code === 0 ? JSON.parse(r.stdout).items : [];
      check("kubectl get -o json returns the objects with uids", items.length === 9 && items.every((o) => o.metadata.uid), r.text);
      before = await resourceVersions();
    });
    await step("apply --server-side again", async () => {
      const r = await kubectl("apply", "--server-side", "-f", APP);
      check("applying again succeeds", r.code === 0, r.text);
      const log = (await api.request("GET", "/__control/log")).body.items;
      const patches = log.filter((e) => e.method === "PATCH");
      check("applying again sends 9 apply PATCHes", patches.length === 9 && patches.every((e) => e.contentType === "application/apply-patch+yaml"),
        JSON.stringify(patches.map((e) => e.path)));
      const after = await resourceVersions();
      check("applying again changes no resourceVersion", JSON.stringify(after) === JSON.stringify(before), `${JSON.stringify(before)}\n${JSON.stringify(after)}`);
    });
    const changed = path.join(dir, "app-changed.yaml");
    fs.writeFileSync(changed, fs.readFileSync(APP, "utf8").replace("image: nginx:1.27", "image: nginx:1.28"));
    await step("diff --server-side", async () => {
      const same = await kubectl("diff", "--server-side", "-f", APP);
      check("kubectl diff --server-side exits 0 without changes", same.code === 0, same.text);
      const different = await kubectl("diff", "--server-side", "-f", changed);
      check("kubectl diff --server-side exits 1 and shows the change", different.code === 1 && /\+\s+image: nginx:1\.28/.test(different.stdout), different.text);
    });
    await step("apply a change, rollout status", async () => {
      const r = await kubectl("apply", "--server-side", "-f", changed);
      const rollout = await kubectl("rollout", "status", "deployment/web", "-n", "peer", "--timeout=60s");
      const { stdout } = await kubectl("get", "deployment/web", "-n", "peer", "-o", "jsonpath={.metadata.generation}/{.status.observedGeneration}");
      check("a changed image rolls out as generation 2", r.code === 0 && rollout.code === 0 && stdout === "2/2", `${r.text}${rollout.text}${stdout}`);
    });
    const conflicting = path.join(dir, "conflict.yaml");
    fs.writeFileSync(conflicting, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: peer\nspec:\n  replicas: 3\n");
    await step("conflicting apply, --force-conflicts", async () => {
      const refused = await kubectl("apply", "--server-side", "--field-manager=other", "-f", conflicting);
      check("a conflicting apply fails with the server's conflict message",
        refused.code !== 0 && refused.stderr.includes('Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas'), refused.text);
      const forced = await kubectl("apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f", conflicting);
      const { stdout } = await kubectl("get", "deployment/web", "-n", "peer", "-o", "json", "--show-managed-fields");
      const web = JSON.parse(stdout || "{}");
      const owners = (web.metadata?.managedFields ?? []).filter((m) => m.fieldsV1?.["f:spec"]?.["f:replicas"]).map((m) => m.manager);
      check("--force-conflicts takes .spec.replicas over", forced.code === 0 && web.spec?.replicas === 3 && JSON.stringify(owners) === '["other"]',
        `${forced.text}${JSON.stringify(owners)}`);
    });
    await step("delete -f", async () => {
      const r = await kubectl("delete", "-f", changed, "--timeout=60s");
      check("kubectl delete -f deletes everything and waits", r.code === 0 && (r.stdout.match(/ deleted/g) ?? []).length === 9, r.text);
      const left = (await api.request("GET", "/__control/objects")).body.items.filter((o) => o.metadata.namespace === "peer" || o.metadata.name === "peer");
      check("nothing is left of namespace peer", left.length === 0, JSON.stringify(left.map((o) => `${o.kind}/${o.metadata.name}`)));
    });
  } finally {
    await stopServer(child);
    fs.rmSync(dir, { recursive: true, force: true });
  }

  console.log("\nWhat kubectl sent, step by step (distinct requests; timeout= and hash= left out):");
  for (const { name, requests } of steps) {
    console.log(`  ${name}:`);
    for (const line of summarize(requests)) console.log(`    ${line}`);
  }
  if (options["log-out"]) fs.writeFileSync(options["log-out"], `${JSON.stringify(steps, null, 2)}\n`);
  const failed = results.filter((ok) => !ok).length;
  console.log(`\n${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(`kubectl_peer.mjs: ${error.stack ?? error}`);
  process.exit(1);
});
