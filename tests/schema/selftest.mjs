// Proves that the validator can fail, and fails for the right reason.
//   node tests/schema/selftest.mjs
// Every fixtures/pass_*.yaml must pass validate.mjs; every fixtures/fail_*.yaml
// must fail with exactly the lines of its `# expect: ...` comments (in any
// order). A fixture with a .json beside it is run with --json. Last, the
// driver check_outputs.mjs runs over fixtures/outputs/root with a fake whiskc.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describeTiming, loadSchemas } from "./schemas.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));

// What check_outputs.mjs must print for fixtures/outputs/root, and exit 1.
const DRIVER_OUTPUT = `\
tests/golden/compile/ok_but_fails.txtar: whiskc compile main.ow: exit 1, stderr:
    main.ow: error: failing as asked
tests/golden/compile/ok_but_fails.txtar: whiskc compile main.ow --format json: exit 1, stderr:
    main.ow: error: failing as asked
tests/golden/compile/ok_unknown_field.txtar (YAML): document 1 (v1 Namespace demo): /spec/finalizerz: unknown field
examples/broken/broken.ow: whiskc compile examples/broken/broken.ow: exit 1, stderr:
    examples/broken/broken.ow: error: failing as asked
examples/broken/broken.ow: whiskc compile examples/broken/broken.ow --format json: exit 1, stderr:
    examples/broken/broken.ow: error: failing as asked
schema: 3 golden compile cases (2 failed), 2 examples (1 failed), 5 documents checked
`;

/** Runs a script of this directory; resolves to { code, stdout, stderr } whatever the exit. */
async function run(script, args) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [script, ...args], { cwd: HERE });
    return { code: 0, stdout, stderr };
  } catch (error) {
    if (typeof error.code !== "number") throw error;
    return { code: error.code, stdout: error.stdout, stderr: error.stderr };
  }
}

/** "\n  exit 1, output:\n    line..." for a failure message. */
function shown(code, stdout, stderr) {
  const lines = `${stdout}${stderr}`.split("\n").filter(Boolean);
  return `\n  exit ${code}, output:${lines.map((line) => `\n    ${line}`).join("")}`;
}

/** Problems with one fixture's run, as lines; none when it behaved. */
async function checkFixture(name) {
  const yaml = `fixtures/${name}`;
  const json = yaml.replace(/\.yaml$/, ".json");
  const text = fs.readFileSync(path.join(HERE, yaml), "utf8");
  const expected = [...text.matchAll(/^# expect: (.*)$/gm)].map((match) => match[1]);
  const { code, stdout, stderr } = await run(
    "validate.mjs",
    fs.existsSync(path.join(HERE, json)) ? [yaml, "--json", json] : [yaml],
  );
  const got = stdout.split("\n").filter(Boolean);

  if (name.startsWith("pass_") && expected.length === 0) {
    const passed = code === 0 && got.length === 1 && / \d+ documents valid/.test(got[0]);
    return passed ? [] : [`${yaml}: should pass${shown(code, stdout, stderr)}`];
  }
  if (!name.startsWith("fail_") || expected.length === 0) {
    return [`${yaml}: a fixture is either pass_*.yaml, or fail_*.yaml with # expect lines`];
  }
  const sorted = (lines) => JSON.stringify([...lines].sort());
  if (code === 1 && sorted(got) === sorted(expected)) return [];
  return [
    `${yaml}: should fail with exactly its # expect lines${shown(code, stdout, stderr)}` +
      expected.filter((line) => !got.includes(line)).map((line) => `\n  missing: ${line}`).join("") +
      got.filter((line) => !expected.includes(line)).map((line) => `\n  unexpected: ${line}`).join(""),
  ];
}

async function checkDriver() {
  const { code, stdout, stderr } = await run("check_outputs.mjs", [
    "--whiskc",
    path.join(HERE, "fixtures/outputs/fake-whiskc.mjs"),
    "--root",
    "fixtures/outputs/root",
  ]);
  // Its first line is the schema timing, which varies.
  const output = stdout.split("\n").slice(1).join("\n");
  if (code === 1 && output === DRIVER_OUTPUT) return [];
  return [
    `check_outputs.mjs on fixtures/outputs/root should exit 1 and print:\n${DRIVER_OUTPUT}` +
      `but it did:${shown(code, stdout, stderr)}`,
  ];
}

const start = performance.now();
// Loaded here first so that the runs below find them in the cache rather than
// all generating them at once.
const timing = {};
await loadSchemas(timing);
console.log(describeTiming(timing));

const fixtures = fs.readdirSync(path.join(HERE, "fixtures")).filter((n) => n.endsWith(".yaml")).sort();
const results = await Promise.all([...fixtures.map(checkFixture), checkDriver()]);
const problems = results.flat();
if (problems.length > 0) {
  console.log(problems.join("\n"));
  console.log(`selftest: FAILED (${problems.length} of ${results.length} checks)`);
  process.exit(1);
}
const seconds = ((performance.now() - start) / 1000).toFixed(1);
console.log(`selftest: ${fixtures.length} fixtures and the driver behaved as expected (${seconds} s)`);
