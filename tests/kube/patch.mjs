// The non-apply PATCH bodies: JSON merge patch (RFC 7386), a simple
// strategic merge patch, and JSON patch (RFC 6902).
import { isMap } from "./apply.mjs";
import { listType } from "./schema.mjs";

/** TARGET with the RFC 7386 merge patch PATCH applied. */
export function mergePatch(target, patch) {
  if (!isMap(patch)) return structuredClone(patch);
  const out = isMap(target) ? { ...target } : {};
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete out[name];
    else out[name] = mergePatch(out[name], value);
  }
  return out;
}

/**
 * TARGET with the strategic merge patch PATCH applied: like a merge patch, but
 * lists with merge keys (containers by name, ports by port...) merge item by
 * item, and items with `$patch: delete` go. Ordering directives
 * ($setElementOrder, $retainKeys) are accepted and ignored.
 */
export function strategicMergePatch(target, patch, kind, typePath = []) {
  if (!isMap(patch)) return structuredClone(patch);
  if (patch.$patch === "replace") return stripDirectives(patch);
  if (patch.$patch === "delete") return undefined;
  const out = isMap(target) ? { ...target } : {};
  for (const [name, value] of Object.entries(patch)) {
    if (name.startsWith("$")) {
      applyPrimitiveDeletion(out, name, value);
      continue;
    }
    const path = [...typePath, name];
    if (value === null) delete out[name];
    else if (Array.isArray(value) && Array.isArray(out[name])) out[name] = patchList(out[name], value, kind, path);
    else if (Array.isArray(value)) out[name] = value.filter((item) => item?.$patch !== "delete").map(stripDirectives);
    else {
      const merged = strategicMergePatch(out[name], value, kind, path);
      if (merged === undefined) delete out[name];
      else out[name] = merged;
    }
  }
  return out;
}

// `$deleteFromPrimitiveList/finalizers: [x]` removes x from a list of scalars.
function applyPrimitiveDeletion(out, directive, value) {
  const prefix = "$deleteFromPrimitiveList/";
  if (!directive.startsWith(prefix)) return;
  const name = directive.slice(prefix.length);
  if (Array.isArray(out[name])) out[name] = out[name].filter((item) => !value.includes(item));
}

function patchList(live, patch, kind, typePath) {
  const type = listType(typePath, kind);
  if (type.type !== "map") return patch.filter((item) => item?.$patch !== "delete").map(stripDirectives);
  const keyOf = (item) => JSON.stringify(type.keys.map((k) => item?.[k] ?? type.defaults[k]));
  const out = [...live];
  for (const item of patch) {
    const index = out.findIndex((existing) => keyOf(existing) === keyOf(item));
    if (item?.$patch === "delete") {
      if (index >= 0) out.splice(index, 1);
    } else if (index >= 0) {
      out[index] = strategicMergePatch(out[index], item, kind, typePath);
    } else {
      out.push(stripDirectives(item));
    }
  }
  return out;
}

function stripDirectives(value) {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isMap(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith("$")).map(([k, v]) => [k, stripDirectives(v)]));
}

/** TARGET with the RFC 6902 operations OPS applied; throws Error with the reason on a failed op. */
export function jsonPatch(target, ops) {
  if (!Array.isArray(ops)) throw new Error("a JSON patch must be a list of operations");
  let doc = structuredClone(target);
  for (const op of ops) {
    const from = op.from === undefined ? undefined : pointer(op.from);
    const path = pointer(op.path);
    switch (op.op) {
      case "add": doc = put(doc, path, structuredClone(op.value), true); break;
      case "replace": get(doc, path); doc = put(doc, path, structuredClone(op.value), false); break;
      case "remove": doc = remove(doc, path); break;
      case "move": { const value = get(doc, from); doc = put(remove(doc, from), path, value, true); break; }
      case "copy": doc = put(doc, path, structuredClone(get(doc, from)), true); break;
      case "test":
        if (JSON.stringify(get(doc, path)) !== JSON.stringify(op.value)) throw new Error(`testing value ${op.path} failed`);
        break;
      default: throw new Error(`unexpected kind: ${op.op}`);
    }
  }
  return doc;
}

const pointer = (text) => (text === "" ? [] : text.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~")));

function get(doc, path) {
  let node = doc;
  for (const token of path) {
    if (node === null || typeof node !== "object" || !(token in node)) throw new Error(`missing path: /${path.join("/")}`);
    node = node[token];
  }
  return node;
}

function put(doc, path, value, insert) {
  if (path.length === 0) return value;
  const parent = get(doc, path.slice(0, -1));
  const last = path[path.length - 1];
  if (Array.isArray(parent)) {
    const index = last === "-" ? parent.length : Number(last);
    if (!(index >= 0 && index <= parent.length)) throw new Error(`index out of range: ${last}`);
    parent.splice(index, insert ? 0 : 1, value);
  } else {
    parent[last] = value;
  }
  return doc;
}

function remove(doc, path) {
  get(doc, path);
  const parent = get(doc, path.slice(0, -1));
  const last = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete parent[last];
  return doc;
}
