// Validates a multi-document YAML manifest against the Kubernetes schemas.
//   node tests/schema/validate.mjs FILE.yaml [--json FILE.json]
// With --json (a `v1` List), also checks that the YAML documents equal the
// List's items, in order and with the same types. Prints one line per problem
// and exits 1, or prints "N documents valid" and exits 0; 2 on usage errors.
import fs from "node:fs";
import { checkManifest } from "./check.mjs";
import { compileValidators, loadSchemas } from "./schemas.mjs";

const USAGE = "usage: node validate.mjs FILE.yaml [--json FILE.json]";

function parseArgs(args) {
  const files = { yaml: null, json: null };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--json" && i + 1 < args.length) files.json = args[++i];
    else if (files.yaml === null && !args[i].startsWith("-")) files.yaml = args[i];
    else return null;
  }
  return files.yaml === null ? null : files;
}

const files = parseArgs(process.argv.slice(2));
if (files === null) {
  console.error(USAGE);
  process.exit(2);
}
let yamlText, json;
try {
  yamlText = fs.readFileSync(files.yaml, "utf8");
  json = files.json === null ? null : { text: fs.readFileSync(files.json, "utf8"), name: files.json };
} catch (error) {
  console.error(`validate.mjs: ${error.message}`);
  process.exit(2);
}

const validatorFor = compileValidators(await loadSchemas());
const { problems, documents } = checkManifest(yamlText, files.yaml, validatorFor, json);
if (problems.length > 0) {
  console.log(problems.join("\n"));
  process.exit(1);
}
console.log(`${files.yaml}: ${documents} documents valid${json ? `, equal to ${files.json}` : ""}`);
