// The test-suite driver: validates what the real whiskc writes.
//   node tests/schema/check_outputs.mjs --whiskc PATH_TO_WHISKC --root REPO_ROOT
// (a) every golden case (tests/golden/**/*.txtar) that runs `compile` and
//     expects exit 0: its inputs are written into a fresh directory, as
//     golden_test.cpp does, and whiskc runs there;
// (b) every examples/*/*.ow that declares a topology: `whiskc compile FILE`.
// Each is run twice, plain (YAML) and with `--format json`; the YAML must pass
// the schemas and equal the JSON List. Exits 1 when anything failed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runWhiskc } from "../lib/run_whiskc.mjs";
import { checkManifest } from "./check.mjs";
import { compileValidators, describeTiming, loadSchemas } from "./schemas.mjs";

const DEFAULT_ARGS = "check main.ow";  // as in golden_test.cpp
const EXPECTATIONS = new Set(["args", "stdout", "stderr", "exit", "copy"]);

function parseArgs(args) {
  const options = {};
  for (let i = 0; i + 1 < args.length; i += 2) {
    if (args[i] !== "--whiskc" && args[i] !== "--root") return null;
    options[args[i].slice(2)] = args[i + 1];
  }
  return options.whiskc && options.root && args.length === 4 ? options : null;
}

/** The sections of a txtar file, as tests/golden/txtar.cpp reads them. */
function parseTxtar(text) {
  const sections = [];
  let target = null;  // the comment before the first header is dropped
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  for (const line of lines) {
    const name = line.length >= 7 && line.startsWith("-- ") && line.endsWith(" --") ? line.slice(3, -3) : "";
    if (name.trim() !== "") {
      target = { name, content: "" };
      sections.push(target);
    } else if (target) {
      target.content += `${line}\n`;
    }
  }
  return sections;
}

function goldenCases(root) {
  const dir = path.join(root, "tests/golden");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .filter((name) => name.endsWith(".txtar"))
    .map((name) => path.join(dir, name))
    .sort();
}

/** examples/<dir>/<file>.ow, for every file that declares a topology. */
function examples(root) {
  const dir = path.join(root, "examples");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => fs.readdirSync(path.join(dir, entry.name)).map((name) => path.join(dir, entry.name, name)))
    .filter((file) => file.endsWith(".ow") && /^topology /m.test(fs.readFileSync(file, "utf8")))
    .sort();
}

/** `-f V` for each values file (*.yaml) beside an example, in name order. */
function exampleValues(file, root) {
  const dir = path.dirname(file);
  return fs.readdirSync(dir).filter((name) => name.endsWith(".yaml")).sort()
    .flatMap((name) => ["-f", path.relative(root, path.join(dir, name))]);
}

/** The problems of one whiskc invocation (YAML, then JSON) as lines. */
function checkRun(name, whiskc, args, cwd, validatorFor, counts) {
  const yaml = runWhiskc(whiskc, args, cwd);
  const json = runWhiskc(whiskc, [...args, "--format", "json"], cwd);
  const failures = [yaml.failure, json.failure].filter(Boolean);
  if (failures.length > 0) return failures.map((failure) => `${name}: ${failure}`);
  const { problems, documents } = checkManifest(yaml.stdout, `${name} (YAML)`, validatorFor, {
    text: json.stdout,
    name: `${name} (--format json)`,
  });
  counts.documents += documents;
  return problems;
}

/** Writes a golden case's inputs into a new directory, as golden_test.cpp does. */
function writeInputs(sections, dir) {
  for (const { name, content } of sections) {
    if (EXPECTATIONS.has(name)) continue;
    if (path.isAbsolute(name) || name.split("/").includes("..")) {
      throw new Error(`section \`${name}\` is not a relative path inside the case`);
    }
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
}

function checkGoldenCase(file, root, whiskc, validatorFor, counts) {
  const name = path.relative(root, file);
  const sections = parseTxtar(fs.readFileSync(file, "utf8"));
  const section = (wanted) => sections.find((s) => s.name === wanted)?.content;
  const args = (section("args") ?? DEFAULT_ARGS).split(/\s+/).filter(Boolean);
  if (args[0] !== "compile" || Number.parseInt(section("exit") ?? "", 10) !== 0) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "whisk-schema-"));
  try {
    for (const line of (section("copy") ?? "").split("\n").filter(Boolean)) {
      fs.cpSync(path.join(root, line), path.join(dir, path.basename(line)), { recursive: true });
    }
    writeInputs(sections, dir);
    return checkRun(name, whiskc, args, dir, validatorFor, counts);
  } catch (error) {
    return [`${name}: ${error.message}`];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const options = parseArgs(process.argv.slice(2));
if (options === null) {
  console.error("usage: node check_outputs.mjs --whiskc PATH_TO_WHISKC --root REPO_ROOT");
  process.exit(2);
}
const root = path.resolve(options.root);
const whiskc = path.resolve(options.whiskc);
const timing = {};
const validatorFor = compileValidators(await loadSchemas(timing));
console.log(describeTiming(timing));
const counts = { documents: 0 };
const failed = { golden: 0, examples: 0 };
const report = (kind, problems) => {
  if (problems.length === 0) return;
  failed[kind] += 1;
  console.log(problems.join("\n"));
};

let goldenCount = 0;
for (const file of goldenCases(root)) {
  const problems = checkGoldenCase(file, root, whiskc, validatorFor, counts);
  if (problems === null) continue;
  goldenCount += 1;
  report("golden", problems);
}
const exampleFiles = examples(root);
for (const file of exampleFiles) {
  const name = path.relative(root, file);
  report("examples", checkRun(name, whiskc, ["compile", name, ...exampleValues(file, root)], root, validatorFor, counts));
}

console.log(
  `schema: ${goldenCount} golden compile cases (${failed.golden} failed), ` +
    `${exampleFiles.length} examples (${failed.examples} failed), ${counts.documents} documents checked`,
);
process.exit(failed.golden + failed.examples > 0 ? 1 : 0);
