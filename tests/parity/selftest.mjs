// Proves that the parity checker can fail, and fails for the right reason.
//   node tests/parity/selftest.mjs
// Runs check_parity.mjs with fixtures/fake-whiskc.mjs against the tiny fact
// table fixtures/tiny-facts.json three times: an output that matches it, one
// that drifted (a wrong image, a missing object, an extra wait) and a whiskc
// that fails; each must give exactly the expected lines and exit status. Last,
// it checks that openwhisk-facts.json is consistent with itself: every name a
// fact refers to is a fact, and its objects add up to the chart's rendering.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const HERE = path.dirname(fileURLToPath(import.meta.url));

const RUNS = [
  {
    root: "fixtures/good",
    code: 0,
    output: ["parity: 13 facts, 1 not reproduced, against 16 objects: all hold"],
  },
  {
    root: "fixtures/drift",
    code: 1,
    output: [
      "Deployment demo-web: image nginx:1.25.3 expected, got nginx:1.25.4",
      "Deployment demo-web: waits for db expected, got cache, db (unexpected wait-cache)",
      "Service demo-db: missing",
      "parity: 13 facts, 1 not reproduced, against 15 objects: 3 mismatches",
    ],
  },
  {
    root: "fixtures/broken",
    code: 1,
    output: [
      "whiskc compile fixtures/broken/app.ow -f fixtures/broken/values.yaml --instance demo --namespace demo-ns " +
        "--format json: exit 1, stderr:",
      "    fixtures/broken/app.ow: error: failing as asked",
      "parity: whiskc failed; nothing checked",
    ],
  },
];

/** Runs the checker on one fixture root; resolves to { code, stdout, stderr } whatever the exit. */
async function runChecker(root) {
  const args = ["check_parity.mjs", "--whiskc", "fixtures/fake-whiskc.mjs", "--root", root];
  args.push("--facts", "fixtures/tiny-facts.json");
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, args, { cwd: HERE });
    return { code: 0, stdout, stderr };
  } catch (error) {
    if (typeof error.code !== "number") throw error;
    return { code: error.code, stdout: error.stdout, stderr: error.stderr };
  }
}

async function checkRun({ root, code, output }) {
  const run = await runChecker(root);
  const got = run.stdout.split("\n").filter(Boolean);
  if (run.code === code && JSON.stringify(got) === JSON.stringify(output)) return [];
  return [
    `${root}: exit ${code} and exactly the expected lines wanted, got exit ${run.code}:` +
      got.map((line) => `\n    ${line}`).join("") +
      (run.stderr ? `\n  stderr:${run.stderr.trimEnd().replace(/^/gm, "\n    ")}` : "") +
      output.filter((line) => !got.includes(line)).map((line) => `\n  missing: ${line}`).join(""),
  ];
}

/** Problems of the real fact table with itself, as lines. */
function lintFacts() {
  const facts = JSON.parse(fs.readFileSync(path.join(HERE, "openwhisk-facts.json"), "utf8"));
  const problems = [];
  const say = (problem) => problems.push(`openwhisk-facts.json: ${problem}`);
  const key = (f) => `${f.whisk_kind ?? f.kind} ${f.whisk_name ?? f.name}`;
  const keys = new Set();
  for (const fact of facts.objects) {
    if (keys.has(key(fact))) say(`${key(fact)} is listed twice`);
    keys.add(key(fact));
  }
  const workloads = facts.objects.filter((f) => ["Deployment", "StatefulSet", "Job"].includes(f.whisk_kind ?? f.kind));
  const components = new Set(workloads.map((f) => (f.whisk_name ?? f.name).slice(facts.instance.length + 1)));
  const needObject = (name, where) => { if (!keys.has(name)) say(`${where} names ${name}, which no fact describes`); };
  for (const fact of workloads) {
    const where = key(fact);
    if (!facts.placements[fact.placement]) say(`${where}: unknown placement ${fact.placement}`);
    for (const target of fact.waits_for ?? []) {
      if (!components.has(target)) say(`${where} waits for ${target}, which no fact describes`);
    }
    for (const mount of fact.mounts ?? []) {
      if (mount.claim) needObject(`PersistentVolumeClaim ${mount.claim}`, where);
      if (mount.config) needObject(`ConfigMap ${mount.config}`, where);
      if (mount.secret && !mount.made_at_run_time) needObject(`Secret ${mount.secret}`, where);
    }
    for (const ref of Object.values(fact.env_secret ?? {})) needObject(`Secret ${ref.split("/")[0]}`, where);
    if (fact.service_account) needObject(`ServiceAccount ${fact.service_account}`, where);
    if (fact.service_name) needObject(`Service ${fact.service_name}`, where);
  }
  for (const fact of facts.objects) {
    if (fact.selects) needObject(fact.selects, key(fact));
    if (fact.template_of) needObject(fact.template_of.workload, key(fact));
    if (fact.role) needObject(`Role ${fact.role}`, key(fact));
    if (fact.kind === "RoleBinding" && fact.service_account) {
      needObject(`ServiceAccount ${fact.service_account}`, key(fact));
    }
  }
  for (const fact of facts.network_policies.facts) {
    const named = [...(fact.workloads ?? []), ...(fact.targets ?? []).map((t) => t.workload)];
    if (fact.from) named.push(fact.from);
    for (const name of named) needObject(name, `network policy fact ${fact.chart_name}`);
  }
  const fromChart = facts.objects.filter((f) => !f.whisk_only).length + facts.network_policies.facts.length;
  if (fromChart !== facts.source.reproduced) {
    say(`${fromChart} chart objects described, source.reproduced says ${facts.source.reproduced}`);
  }
  if (facts.not_reproduced.length !== facts.source.not_reproduced) {
    const says = facts.source.not_reproduced;
    say(`${facts.not_reproduced.length} objects not reproduced, source.not_reproduced says ${says}`);
  }
  if (fromChart + facts.not_reproduced.length !== facts.source.objects) {
    const total = fromChart + facts.not_reproduced.length;
    say(`${fromChart} described + ${facts.not_reproduced.length} not reproduced = ${total}, ` +
      `not the rendering's ${facts.source.objects}`);
  }
  return problems;
}

const problems = [...(await Promise.all(RUNS.map(checkRun))).flat(), ...lintFacts()];
for (const problem of problems) console.log(problem);
const verdict = problems.length === 0 ? "ok" : `${problems.length} problem${problems.length === 1 ? "" : "s"}`;
console.log(`parity selftest: ${RUNS.length} runs and the fact table: ${verdict}`);
process.exit(problems.length === 0 ? 0 : 1);
