// JSON Schemas for the kinds of kinds.mjs, generated from the TypeScript
// declarations of kubernetes-types (which are generated from the official
// OpenAPI document), and compiled with ajv.
//
// Every object schema gets `additionalProperties: false`, so an unknown field
// fails, and keeps the spec's `required` lists. Generating takes a second, so
// the result is cached in .cache/, keyed by a hash of package-lock.json and of
// the files that shape it: a version bump or a new kind regenerates it.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import { KINDS, kindKey } from "./kinds.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CACHE_DIR = path.join(HERE, ".cache");
const INPUTS = ["package-lock.json", "kinds.mjs", "schemas.mjs"];

function cacheFile() {
  const hash = createHash("sha256");
  for (const name of INPUTS) hash.update(fs.readFileSync(path.join(HERE, name)));
  return path.join(CACHE_DIR, `k8s-schemas-${hash.digest("hex").slice(0, 16)}.json`);
}

/** Applies `change` to every schema object below `node`, children first. */
function walk(node, change) {
  if (Array.isArray(node)) {
    node.forEach((child) => walk(child, change));
  } else if (node && typeof node === "object") {
    Object.values(node).forEach((child) => walk(child, change));
    change(node);
  }
}

async function generate() {
  // Imported here: a warm run never loads TypeScript.
  const { createGenerator } = await import("ts-json-schema-generator");
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  // One interface whose properties are the kinds; the generator then emits
  // each kind and everything it uses as a definition named after its type.
  const modules = [...new Set(KINDS.map((k) => k.module))];
  const entry = path.join(CACHE_DIR, `entry-${process.pid}.ts`);
  fs.writeFileSync(
    entry,
    modules.map((m, i) => `import type * as M${i} from "kubernetes-types/${m}";\n`).join("") +
      "export interface Kinds {\n" +
      KINDS.map((k) => `  "${kindKey(k.apiVersion, k.kind)}": M${modules.indexOf(k.module)}.${k.kind};\n`).join("") +
      "}\n",
  );
  let schema;
  try {
    schema = createGenerator({
      path: entry,
      type: "Kinds",
      jsDoc: "none",
      skipTypeCheck: true,
      topRef: false,
      additionalProperties: false,
    }).createSchema("Kinds");
  } finally {
    fs.rmSync(entry, { force: true });
  }

  walk(schema, (node) => {
    // TypeScript has only `number`, but the Kubernetes API has no floating
    // point fields (its conventions forbid them; fractions are Quantities):
    // every number of these kinds is an int32 or int64.
    if (node.type === "number") node.type = "integer";
    if (Array.isArray(node.type)) node.type = node.type.map((t) => (t === "number" ? "integer" : t));
  });
  // A Quantity ("500m", "1Gi") is declared as a string, but the API also
  // accepts a plain JSON number (`cpu: 0.5`).
  schema.definitions.Quantity = { type: ["string", "number"] };
  // FieldsV1 (in managedFields) is declared as an empty interface but is any
  // JSON object.
  schema.definitions.FieldsV1 = { type: "object" };

  const roots = {};
  for (const { apiVersion, kind } of KINDS) {
    const key = kindKey(apiVersion, kind);
    const ref = schema.properties[key].$ref;
    const name = decodeURIComponent(ref.slice("#/definitions/".length));
    // Two modules declaring the same type name would share one definition;
    // make sure each kind got its own.
    const props = schema.definitions[name].properties;
    if (props.apiVersion.const !== apiVersion || props.kind.const !== kind) {
      throw new Error(`schema for ${key} came out as ${props.apiVersion.const} ${props.kind.const}`);
    }
    roots[key] = name;
  }
  return { definitions: schema.definitions, roots };
}

/**
 * The generated schemas: { definitions, roots: {"apps/v1 Deployment": "Deployment", ...} },
 * from the cache when it is current. Fills `timing` with { cached, ms }.
 */
export async function loadSchemas(timing = {}) {
  const start = performance.now();
  const file = cacheFile();
  timing.cached = fs.existsSync(file);
  if (timing.cached) {
    const schemas = JSON.parse(fs.readFileSync(file, "utf8"));
    timing.ms = performance.now() - start;
    return schemas;
  }
  const schemas = await generate();
  // Written to a temporary name and renamed, so that a concurrent run never
  // reads half a file; older generations are removed.
  const partial = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(partial, JSON.stringify(schemas));
  fs.renameSync(partial, file);
  for (const old of fs.readdirSync(CACHE_DIR)) {
    if (/^k8s-schemas-.*\.json$/.test(old) && path.join(CACHE_DIR, old) !== file) {
      fs.rmSync(path.join(CACHE_DIR, old), { force: true });
    }
  }
  timing.ms = performance.now() - start;
  return schemas;
}

/** "schemas: generated in 1.4 s" or "schemas: read from the cache in 3 ms". */
export function describeTiming({ cached, ms }) {
  return cached
    ? `schemas: read from the cache in ${ms.toFixed(0)} ms`
    : `schemas: generated in ${(ms / 1000).toFixed(1)} s`;
}

/**
 * A function from a kind key to its ajv validator (compiled on first use), or
 * null for a pair that is not in kinds.mjs.
 */
export function compileValidators(schemas) {
  // strict: the schema itself must be clean; allErrors: report every problem;
  // verbose: errors carry the offending value, for the message.
  const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true, verbose: true });
  ajv.addSchema({ definitions: schemas.definitions }, "k8s");
  const compiled = new Map();
  return (key) => {
    const name = schemas.roots[key];
    if (name === undefined) return null;
    if (!compiled.has(key)) compiled.set(key, ajv.getSchema(`k8s#/definitions/${encodeURIComponent(name)}`));
    return compiled.get(key);
  };
}
