// kubectl and whiskc apply the same topology (ctest's kube.kubectl_vs_whiskc):
//   node tests/kube/kubectl_vs_whiskc.mjs --whiskc build/compiler/whiskc --source-dir . [--kubectl PATH] [--log-out FILE]
// Compiles examples/openwhisk twice, for namespaces ns-kubectl and ns-whiskc (instance
// owdev both times); applies the first with `kubectl apply --server-side` and the second
// with `whiskc apply`, against one test API server started in this process; then checks
// that the stored objects are the same once the namespace (and what is derived from it)
// is normalised and what the server sets anew (uid, resourceVersion, creationTimestamp,
// managedFields times, cluster IPs) is left out, and that both sent the same object
// requests: methods, paths (modulo the namespace), content types, Accept, query
// parameters and bodies. Then both apply again, which must change nothing.
//
// Field managers: kubectl's default manager is "kubectl" and whiskc's is "whiskc". kubectl
// runs here with --field-manager=whiskc, so that the query strings and managedFields
// (manager, operation, apiVersion, fieldsType, fieldsV1) must be identical rather than
// equal modulo a name: the semantics compared is the same, and any other difference shows.
//
// What whiskc does on purpose and kubectl (without --applyset) does not: whiskc records an
// ApplySet, a Secret <instance>.applyset and the label applyset.kubernetes.io/part-of on
// every namespaced object. These are checked on their own, then left out of the comparison,
// and printed as known differences. Discovery (kubectl: /version, aggregated /api and /apis,
// OpenAPI v3; whiskc: one resource list per group-version) is printed, not compared.
//
// Exits 77 (skipped) when there is no kubectl. Stops nothing it did not start: kubectl and
// whiskc runs are killed (by PID, through execFile) after their timeout; the server closes.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { connect } from "./client.mjs";
import { startServer } from "./server.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const { values: options } = parseArgs({
  options: {
    whiskc: { type: "string" },
    "source-dir": { type: "string" },
    kubectl: { type: "string", default: "kubectl" },
    "log-out": { type: "string" },
  },
});
const ROOT = path.resolve(options["source-dir"] ?? path.join(HERE, "..", ".."));
const WHISKC = path.resolve(options.whiskc ?? path.join(ROOT, "build", "compiler", "whiskc"));
const RUN_TIMEOUT_MS = 90_000;
const NS_KUBECTL = "ns-kubectl";
const NS_WHISKC = "ns-whiskc";
const INSTANCE = "owdev";
const EXAMPLE = ["examples/openwhisk/openwhisk.ow", "-f", "examples/openwhisk/mycluster.yaml", "--instance", INSTANCE];
const PART_OF = "applyset.kubernetes.io/part-of";

setTimeout(() => {
  console.error("kubectl_vs_whiskc.mjs: still running after 220 s; giving up");
  process.exit(1);
}, 220_000).unref();

const results = [];
function check(name, ok, detail = "") {
  results.push(ok);
  console.log(`${ok ? "ok" : "not ok"} - ${name}${ok || !detail ? "" : `\n    ${String(detail).trim().split("\n").join("\n    ")}`}`);
  return ok;
}

function childEnv(home) {
  const env = { ...process.env, HOME: home, NO_COLOR: "1" };
  for (const name of ["KUBECONFIG", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"]) delete env[name];
  return env;
}

function run(file, args, env) {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: ROOT, env, timeout: RUN_TIMEOUT_MS, killSignal: "SIGKILL", maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout, stderr, text: `$ ${path.basename(file)} ${args.join(" ")}\nexit ${code}\n${stdout}${stderr}` });
    });
  });
}

// ---------------------------------------------------------------------------------------
// Normalising: the namespace, and what is derived from it, become <ns>.

/** Replaces NS in every string of VALUE, keys included; Secret data is decoded first. */
function replaceNamespace(value, ns) {
  const pattern = new RegExp(ns.replace(/[-.]/g, "\\$&"), "g");
  const walk = (v) => {
    if (typeof v === "string") return v.replace(pattern, "<ns>");
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [walk(k), walk(x)]));
    return v;
  };
  const out = walk(value);
  if (value?.kind === "Secret" && value.data) {
    out.data = Object.fromEntries(Object.entries(value.data).map(([k, v]) =>
      [walk(k), Buffer.from(Buffer.from(v, "base64").toString("latin1").replace(pattern, "<ns>"), "latin1").toString("base64")]));
  }
  return out;
}

/** Without the ApplySet label (and its entry in whiskc's managedFields). */
function withoutApplySet(object) {
  const o = structuredClone(object);
  if (o.metadata?.labels) {
    delete o.metadata.labels[PART_OF];
    if (Object.keys(o.metadata.labels).length === 0) delete o.metadata.labels;
  }
  for (const entry of o.metadata?.managedFields ?? []) {
    const labels = entry.fieldsV1?.["f:metadata"]?.["f:labels"];
    if (labels) {
      delete labels[`f:${PART_OF}`];
      if (Object.keys(labels).length === 0) delete entry.fieldsV1["f:metadata"]["f:labels"];
    }
  }
  return o;
}

function normaliseStored(object, ns) {
  const o = withoutApplySet(object);
  delete o.metadata.uid;
  delete o.metadata.resourceVersion;
  delete o.metadata.creationTimestamp;
  for (const entry of o.metadata.managedFields ?? []) delete entry.time;
  if (o.kind === "Service" && o.spec) {
    if (o.spec.clusterIP) o.spec.clusterIP = "<allocated>";
    if (o.spec.clusterIPs) o.spec.clusterIPs = o.spec.clusterIPs.map(() => "<allocated>");
  }
  return replaceNamespace(o, ns);
}

/** apiVersion, kind, namespace and name, of an object whose namespace is normalised already. */
const keyOf = (o) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? "-"}/${o.metadata.name}`;

function firstDifference(a, b, at = "") {
  if (a === b) return undefined;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object" || Array.isArray(a) !== Array.isArray(b)) {
    return `${at || "."}: ${JSON.stringify(a)?.slice(0, 300)} (kubectl) != ${JSON.stringify(b)?.slice(0, 300)} (whiskc)`;
  }
  if (Array.isArray(a) && a.length !== b.length) return `${at}: ${a.length} items (kubectl) != ${b.length} items (whiskc)`;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const found = firstDifference(a[key], b[key], Array.isArray(a) ? `${at}[${key}]` : `${at}.${key}`);
    if (found) return found;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Requests.

/** discovery (version, group lists, resource lists, OpenAPI), applyset, or object. */
function category(entry) {
  if (/^\/(version|api|apis|openapi)(\/|$)/.test(entry.path)) {
    const segments = entry.path.split("/").filter(Boolean);
    const isDiscovery = segments[0] === "version" || segments[0] === "openapi" ||
      (segments[0] === "api" && segments.length <= 2) || (segments[0] === "apis" && segments.length <= 3);
    if (isDiscovery) return "discovery";
  }
  if (entry.path.includes(`/secrets/${INSTANCE}.applyset`)) return "applyset";
  return "object";
}

/** What is compared of an object request. */
function comparable(entry, ns) {
  const query = { ...entry.query };
  return {
    method: entry.method,
    path: entry.path.replaceAll(ns, "<ns>"),
    query,
    contentType: entry.contentType,
    accept: entry.accept,
    status: entry.status,
    body: entry.body === undefined ? undefined : replaceNamespace(withoutApplySet(entry.body), ns),
  };
}

function describeRequest(e) {
  const query = Object.entries(e.query).map(([k, v]) => `${k}=${v}`).join("&");
  return `${e.method} ${e.path}${query ? `?${query}` : ""}${e.contentType ? ` [${e.contentType}]` : ""} accept=${e.accept} -> ${e.status}`;
}

/** Pairs the object requests of the two logs; returns the lines that differ. */
function compareRequests(kubectlLog, whiskcLog) {
  const a = kubectlLog.filter((e) => category(e) === "object").map((e) => comparable(e, NS_KUBECTL));
  const b = whiskcLog.filter((e) => category(e) === "object").map((e) => comparable(e, NS_WHISKC));
  const lines = [];
  if (a.length !== b.length) lines.push(`kubectl made ${a.length} object requests, whiskc ${b.length}`);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (!a[i] || !b[i]) {
      lines.push(`#${i + 1}: only ${a[i] ? "kubectl" : "whiskc"}: ${JSON.stringify(a[i] ?? b[i]).slice(0, 300)}`);
      continue;
    }
    for (const field of ["method", "path", "query", "contentType", "accept", "status", "body"]) {
      const diff = firstDifference(a[i][field], b[i][field], field);
      if (diff) lines.push(`#${i + 1} ${a[i].method} ${a[i].path}: ${diff}`);
    }
  }
  return lines;
}

// ---------------------------------------------------------------------------------------

async function main() {
  const found = await new Promise((resolve) => execFile(options.kubectl, ["version", "--client"], (error) => resolve(!error)));
  if (!found) {
    console.log(`skipped: no kubectl at \`${options.kubectl}\``);
    process.exit(77);
  }
  if (!fs.existsSync(WHISKC)) throw new Error(`no whiskc at ${WHISKC} (pass --whiskc)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "whisk-kubectl-vs-whiskc-"));
  const home = path.join(dir, "home");
  fs.mkdirSync(home);
  const env = childEnv(home);
  // Controllers an hour away: only the two clients write.
  const server = await startServer({ dir: path.join(dir, "server"), settings: { controllerDelayMs: 3_600_000 } });
  const api = connect(server);
  const control = async (method, route) => (await api.request(method, `/__control/${route}`)).body;
  const kubectl = (...args) => run(options.kubectl, ["--kubeconfig", server.kubeconfig, "--cache-dir", path.join(dir, "cache"), ...args], env);
  const whiskc = (...args) => run(WHISKC, args, env);
  const logs = {};
  const known = [];

  try {
    // The two compiles differ only in the namespace.
    const compiled = {};
    for (const ns of [NS_KUBECTL, NS_WHISKC]) {
      const r = await whiskc("compile", "--format", "json", ...EXAMPLE, "--namespace", ns);
      if (!check(`whiskc compile --namespace ${ns} succeeds`, r.code === 0, r.text)) return;
      compiled[ns] = JSON.parse(r.stdout).items;
    }
    const sameCompile = firstDifference(replaceNamespace(compiled[NS_KUBECTL], NS_KUBECTL), replaceNamespace(compiled[NS_WHISKC], NS_WHISKC));
    check("the two compiles are the same but for the namespace", !sameCompile, sameCompile);
    // kubectl gets YAML: with a JSON v1 List kubectl validates against /openapi/v2, which the
    // test server does not serve.
    const manifests = path.join(dir, "ns-kubectl.yaml");
    const compiledYaml = await whiskc("compile", ...EXAMPLE, "--namespace", NS_KUBECTL, "-o", manifests);
    if (!check("whiskc compile -o ns-kubectl.yaml succeeds", compiledYaml.code === 0, compiledYaml.text)) return;
    const count = compiled[NS_KUBECTL].length;

    await control("DELETE", "log");
    const byKubectl = await kubectl("apply", "--server-side", "--field-manager=whiskc", "-f", manifests);
    logs.kubectl = (await control("GET", "log")).items;
    check(`kubectl apply --server-side --field-manager=whiskc creates the ${count} objects`,
      byKubectl.code === 0 && (byKubectl.stdout.match(/serverside-applied/g) ?? []).length === count, byKubectl.text);

    await control("DELETE", "log");
    const byWhiskc = await whiskc("apply", ...EXAMPLE, "--namespace", NS_WHISKC, "--kubeconfig", server.kubeconfig);
    logs.whiskc = (await control("GET", "log")).items;
    check(`whiskc apply creates the ${count} objects`, byWhiskc.code === 0 && byWhiskc.stdout.trimEnd().split("\n").length === count, byWhiskc.text);

    // ---- The stored objects.
    const all = (await control("GET", "objects")).items;
    const inNamespace = (ns) => all.filter((o) => o.metadata.namespace === ns || (o.kind === "Namespace" && o.metadata.name === ns));
    const parent = inNamespace(NS_WHISKC).find((o) => o.kind === "Secret" && o.metadata.name === `${INSTANCE}.applyset`);
    const normalisedMap = (objects, ns) => new Map(objects.map((o) => normaliseStored(o, ns)).map((o) => [keyOf(o), o]));
    const stored = {
      kubectl: normalisedMap(inNamespace(NS_KUBECTL), NS_KUBECTL),
      whiskc: normalisedMap(inNamespace(NS_WHISKC).filter((o) => o !== parent), NS_WHISKC),
    };
    if (parent) {
      const id = parent.metadata.labels?.["applyset.kubernetes.io/id"];
      const members = inNamespace(NS_WHISKC).filter((o) => o.metadata.namespace && o !== parent);
      const unlabelled = members.filter((o) => o.metadata.labels?.[PART_OF] !== id).map((o) => `${o.kind}/${o.metadata.name}`);
      check(`whiskc's ApplySet: parent Secret ${NS_WHISKC}/${parent.metadata.name} with id ${id}, and every namespaced object labelled ${PART_OF}=<id>`,
        /^applyset-[A-Za-z0-9_-]+-v1$/.test(id ?? "") && unlabelled.length === 0, `unlabelled: ${unlabelled.join(", ")}`);
      known.push(`whiskc writes the ApplySet parent Secret ${NS_WHISKC}/${parent.metadata.name} (labels ${JSON.stringify(parent.metadata.labels)}, ` +
        `annotations ${JSON.stringify(parent.metadata.annotations)}); kubectl without --applyset writes none`);
      known.push(`whiskc labels its ${members.length} namespaced objects ${PART_OF}=${id} (and owns that label in managedFields); kubectl does not`);
    }
    const missing = [...stored.kubectl.keys()].filter((k) => !stored.whiskc.has(k));
    const extra = [...stored.whiskc.keys()].filter((k) => !stored.kubectl.has(k));
    check(`the same ${stored.kubectl.size} objects are stored (kinds, names)`, missing.length === 0 && extra.length === 0,
      `only kubectl's: ${missing.join(", ")}\nonly whiskc's: ${extra.join(", ")}`);
    const differing = [];
    for (const [key, object] of stored.kubectl) {
      if (!stored.whiskc.has(key)) continue;
      const diff = firstDifference(object, stored.whiskc.get(key));
      if (diff) differing.push(`${key}: ${diff}`);
    }
    check("every stored object is identical, managedFields included (namespace normalised; uid, resourceVersion, creationTimestamp, managedFields times, cluster IPs left out)",
      differing.length === 0, differing.join("\n"));
    const managers = new Set([...stored.whiskc.values(), ...stored.kubectl.values()].flatMap((o) => (o.metadata.managedFields ?? []).map((m) => `${m.manager}/${m.operation}`)));
    check("every object is managed by \"whiskc\" with operation Apply alone, on both sides", managers.size === 1 && managers.has("whiskc/Apply"), [...managers].join(", "));

    // ---- The requests.
    const requestDiffs = compareRequests(logs.kubectl, logs.whiskc);
    check("both sent the same object requests: methods, paths (modulo namespace), query parameters, content types, Accept, statuses and bodies",
      requestDiffs.length === 0, requestDiffs.slice(0, 40).join("\n") + (requestDiffs.length > 40 ? `\n... ${requestDiffs.length - 40} more` : ""));
    const applysetRequests = logs.whiskc.filter((e) => category(e) === "applyset");
    if (applysetRequests.length) known.push(`whiskc's ApplySet requests (kubectl makes none): ${applysetRequests.map(describeRequest).join("; ")}`);
    const agents = (log) => [...new Set(log.map((e) => e.userAgent))].join(", ");
    known.push(`User-Agent: kubectl ${agents(logs.kubectl)}; whiskc ${agents(logs.whiskc)}`);

    // ---- Both again: nothing changes.
    const versions = async () => new Map((await control("GET", "objects")).items.map((o) => [keyOf(o), `${o.metadata.resourceVersion}/${o.metadata.generation}`]));
    const before = await versions();
    await control("DELETE", "log");
    const againKubectl = await kubectl("apply", "--server-side", "--field-manager=whiskc", "-f", manifests);
    logs.kubectlAgain = (await control("GET", "log")).items;
    await control("DELETE", "log");
    const againWhiskc = await whiskc("apply", ...EXAMPLE, "--namespace", NS_WHISKC, "--kubeconfig", server.kubeconfig);
    logs.whiskcAgain = (await control("GET", "log")).items;
    const after = await versions();
    const changed = [...after].filter(([k, v]) => before.get(k) !== v).map(([k]) => k);
    check("applying again with both succeeds and changes no resourceVersion or generation",
      againKubectl.code === 0 && againWhiskc.code === 0 && changed.length === 0, `${againKubectl.text}\n${againWhiskc.text}\nchanged: ${changed.join(", ")}`);
    const againDiffs = compareRequests(logs.kubectlAgain, logs.whiskcAgain);
    check("applying again, both sent the same object requests (all answered 200)",
      againDiffs.length === 0 && [...logs.kubectlAgain, ...logs.whiskcAgain].filter((e) => category(e) === "object").every((e) => e.status === 200),
      againDiffs.slice(0, 40).join("\n"));

    // ---- Discovery: whiskc asks for the group lists as kubectl does (aggregated discovery,
    // the same Accept), and nothing else; kubectl also reads /version and OpenAPI to validate.
    const groupLists = (log) => log.filter((e) => e.path === "/api" || e.path === "/apis").map((e) => `${e.method} ${e.path} accept=${e.accept}`);
    const whiskcDiscovery = logs.whiskc.filter((e) => category(e) === "discovery").map((e) => `${e.method} ${e.path} accept=${e.accept}`);
    check("whiskc's discovery is kubectl's aggregated discovery: GET /api and GET /apis with kubectl's Accept, nothing more",
      JSON.stringify(whiskcDiscovery) === JSON.stringify(groupLists(logs.kubectl)), `kubectl:\n  ${groupLists(logs.kubectl).join("\n  ")}\nwhiskc:\n  ${whiskcDiscovery.join("\n  ")}`);

    console.log("\nDiscovery and other requests, not compared (distinct; the first apply, then the second):");
    for (const [name, log] of Object.entries(logs)) {
      console.log(`  ${name}:`);
      const lines = log.filter((e) => category(e) !== "object").map((e) => {
        const query = Object.entries(e.query).filter(([k]) => !["timeout", "hash"].includes(k)).map(([k, v]) => `${k}=${v}`).join("&");
        return `${e.method} ${e.path}${query ? `?${query}` : ""} accept=${e.accept} -> ${e.status}`;
      });
      for (const line of [...new Set(lines)]) console.log(`    ${line}`);
    }
    const sample = (log) => log.find((e) => category(e) === "object");
    console.log("\nOne object request of each (the first):");
    console.log(`  kubectl: ${describeRequest(sample(logs.kubectl))}`);
    console.log(`  whiskc:  ${describeRequest(sample(logs.whiskc))}`);
    if (known.length) {
      console.log("\nKnown differences, checked on their own and left out of the comparison:");
      for (const line of known) console.log(`  - ${line}`);
    }
  } finally {
    await server.close();
    if (options["log-out"]) fs.writeFileSync(options["log-out"], `${JSON.stringify(logs, null, 2)}\n`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const failed = results.filter((ok) => !ok).length;
  console.log(`\n${results.length - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(`kubectl_vs_whiskc.mjs: ${error.stack ?? error}`);
  process.exit(1);
});
