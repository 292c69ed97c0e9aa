// Checks a multi-document YAML manifest against the Kubernetes schemas and,
// optionally, against the same objects written as a JSON `v1` List. Returns
// the problems as readable lines; an empty list means the manifest is valid.
import { parseAllDocuments } from "yaml";
import { kindKey } from "./kinds.mjs";

// kubectl reads YAML 1.1: `yes`/`on` are booleans and `0644` is octal, so
// that is how the manifest must mean what it says. A duplicate key is an
// error, as it is for the API server's strict field validation.
const YAML_OPTIONS = { version: "1.1", uniqueKeys: true };

/** "boolean true", "string \"8080\"", "timestamp", ...: a value for a message. */
function describe(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (value instanceof Date) return "timestamp";
  if (typeof value === "object") return "mapping";
  const text = JSON.stringify(value);
  return `${typeof value} ${text.length > 40 ? `${text.slice(0, 37)}...` : text}`;
}

/** JSON Pointer escaping of one key, as in ajv's instancePath. */
function pointerPart(key) {
  return `/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

/** One ajv error as `path: reason`. */
function explain(error) {
  const at = error.instancePath;
  switch (error.keyword) {
    case "additionalProperties":
      return `${at}${pointerPart(error.params.additionalProperty)}: unknown field`;
    case "required":
      return `${at}${pointerPart(error.params.missingProperty)}: missing required field`;
    case "type": {
      const expected = [].concat(error.params.type).join(" or ");
      const got = describe(error.data);
      // The usual way to get here is an unquoted yes/no/on/off, a number-like
      // string or a date, which a YAML 1.1 reader does not read as a string.
      const hint =
        expected.includes("string") && /^(boolean|number|timestamp)/.test(got)
          ? " (a YAML 1.1 reader does not read this unquoted scalar as a string; quote it)"
          : "";
      return `${at || "/"}: wrong type: expected ${expected}, got ${got}${hint}`;
    }
    case "const":
      return `${at}: must be ${JSON.stringify(error.params.allowedValue)}, got ${describe(error.data)}`;
    default:
      return `${at || "/"}: ${error.message}`;
  }
}

/** A YAML parse problem as "line L, column C: message". */
function parseProblem(problem) {
  const at = problem.linePos?.[0];
  // The message repeats the position and quotes the source; keep its first words.
  const message = problem.message.replace(/ at line \d+, column \d+:\n[^]*/, "");
  return at ? `line ${at.line}, column ${at.col}: ${message}` : message;
}

function isMapping(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date);
}

/** "apps/v1 Deployment owdev-nginx", or less when the object lacks those. */
function label(object) {
  if (!isMapping(object)) return "not a mapping";
  const parts = [object.apiVersion, object.kind, object.metadata?.name].filter((p) => typeof p === "string");
  return parts.length > 0 ? parts.join(" ") : "no apiVersion, kind or name";
}

/** The schema problems of one parsed object. */
function objectProblems(object, validatorFor) {
  if (!isMapping(object)) return [`/: wrong type: expected mapping, got ${describe(object)}`];
  const problems = [];
  for (const field of ["apiVersion", "kind"]) {
    if (typeof object[field] !== "string") problems.push(`/${field}: missing required field`);
  }
  if (problems.length > 0) return problems;
  const validate = validatorFor(kindKey(object.apiVersion, object.kind));
  if (validate === null) {
    return [`/: unknown apiVersion/kind pair ${object.apiVersion} ${object.kind} (see tests/schema/kinds.mjs)`];
  }
  // The spec leaves metadata.name optional (generateName), but kubectl apply
  // cannot apply an object without one.
  if (typeof object.metadata?.name !== "string") problems.push("/metadata/name: missing required field");
  if (!validate(object)) problems.push(...validate.errors.map(explain));
  return problems;
}

/** Every place where `a` (from YAML) and `b` (from JSON) differ, as `path: ...` lines. */
function differences(a, b, at = "") {
  const kindA = describe(a).split(" ")[0];
  const kindB = describe(b).split(" ")[0];
  if (kindA !== kindB || (kindA !== "mapping" && kindA !== "array" && a !== b)) {
    return [`${at || "/"}: YAML has ${describe(a)}, JSON has ${describe(b)}`];
  }
  if (kindA === "array") {
    const found = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length) found.push(`${at}/${i}: only in JSON`);
      else if (i >= b.length) found.push(`${at}/${i}: only in YAML`);
      else found.push(...differences(a[i], b[i], `${at}/${i}`));
    }
    return found;
  }
  if (kindA === "mapping") {
    const found = [];
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const here = at + pointerPart(key);
      if (!Object.hasOwn(b, key)) found.push(`${here}: only in YAML`);
      else if (!Object.hasOwn(a, key)) found.push(`${here}: only in JSON`);
      else found.push(...differences(a[key], b[key], here));
    }
    return found;
  }
  return [];
}

/** The objects of a JSON `v1` List, or a problem line. */
function listItems(jsonText, jsonName) {
  let list;
  try {
    list = JSON.parse(jsonText);
  } catch (error) {
    return { problem: `${jsonName}: not JSON: ${error.message}` };
  }
  const isList =
    isMapping(list) &&
    list.apiVersion === "v1" &&
    list.kind === "List" &&
    Array.isArray(list.items) &&
    Object.keys(list).every((key) => ["apiVersion", "kind", "metadata", "items"].includes(key));
  if (!isList) {
    return { problem: `${jsonName}: not a {"apiVersion":"v1","kind":"List","items":[...]} object` };
  }
  return { items: list.items };
}

/**
 * The problems of a manifest, one line each, prefixed with `name`; with
 * `json` ({ text, name }), also where its List differs from the YAML.
 * Returns { problems, documents }.
 */
export function checkManifest(yamlText, name, validatorFor, json = null) {
  const problems = [];
  const documents = parseAllDocuments(yamlText, YAML_OPTIONS);
  if (documents.length === 0) {
    return { problems: [`${name}: no YAML documents`], documents: 0 };
  }
  const objects = documents.map((document, index) => {
    const where = `${name}: document ${index + 1}`;
    const parseProblems = [...document.errors, ...document.warnings];
    for (const problem of parseProblems) {
      problems.push(`${where}: ${parseProblem(problem)}`);
    }
    if (parseProblems.length > 0) return undefined;
    let object;
    try {
      object = document.toJS();
    } catch (error) {  // e.g. too many aliases
      problems.push(`${where}: ${error.message}`);
      return undefined;
    }
    if (object === null || object === undefined) {
      problems.push(`${where}: empty document`);
      return undefined;
    }
    for (const line of objectProblems(object, validatorFor)) problems.push(`${where} (${label(object)}): ${line}`);
    return object;
  });

  if (json !== null) {
    const { items, problem } = listItems(json.text, json.name);
    if (problem) {
      problems.push(problem);
    } else {
      if (items.length !== objects.length) {
        problems.push(`${name}: ${objects.length} YAML documents but ${items.length} items in ${json.name}`);
      }
      for (let i = 0; i < Math.min(items.length, objects.length); i++) {
        if (objects[i] === undefined) continue;  // already reported
        for (const line of differences(objects[i], items[i])) {
          problems.push(`${name}: document ${i + 1} (${label(objects[i])}) vs ${json.name} item ${i + 1}: ${line}`);
        }
      }
    }
  }
  return { problems, documents: documents.length };
}
