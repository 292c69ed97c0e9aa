// Structured merge on plain JSON objects, after kubernetes-sigs/
// structured-merge-diff: the field set of a value, merging an applied
// configuration into a live object, comparing two objects field by field, and
// pruning fields an applier stopped applying. Who owns what is ownership.mjs's.
import { FieldSet, field, keyElement, valueElement } from "./fieldpath.mjs";
import { isAtomicMap, listType } from "./schema.mjs";

/** A structural problem of a value (duplicate or keyless list items); the verbs answer 400. */
export class ShapeError extends Error {}

export const isMap = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

const isEmpty = (v) => (Array.isArray(v) ? v.length === 0 : isMap(v) && Object.keys(v).length === 0);

export function deepEqual(a, b) {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (!isMap(a) || !isMap(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
}

/** The path element of ITEM in a non-atomic list of type TYPE. */
function itemElement(type, item, where) {
  if (type.type === "set") return valueElement(item);
  const keys = {};
  for (const name of type.keys) {
    const value = isMap(item) && item[name] !== undefined ? item[name] : type.defaults[name];
    if (value === undefined) {
      throw new ShapeError(`${where}: associative list with keys has an element that omits key field "${name}" (and doesn't have default value)`);
    }
    keys[name] = value;
  }
  return keyElement(keys);
}

/** [[element, item]...] of LIST; duplicate keys are an error unless ALLOWDUPLICATES (then the first wins). */
function indexItems(list, type, typePath, allowDuplicates = false) {
  const seen = new Set();
  const out = [];
  for (const item of list) {
    const element = itemElement(type, item, `.${typePath.join(".")}`);
    if (seen.has(element)) {
      if (allowDuplicates) continue;
      throw new ShapeError(`.${typePath.join(".")}: duplicate entries for key ${element.slice(2)}`);
    }
    seen.add(element);
    out.push([element, item]);
  }
  return out;
}

/** The fields VALUE sets, as structured-merge-diff's ToFieldSet counts them. */
export function toFieldSet(object, kind) {
  const set = new FieldSet();
  const visitMap = (map, path, typePath) => {
    for (const [name, value] of Object.entries(map)) visit(value, [...path, field(name)], [...typePath, name]);
  };
  const visit = (value, path, typePath) => {
    if (Array.isArray(value)) {
      const type = listType(typePath, kind);
      if (type.type === "atomic") return void set.add(path);
      for (const [element, item] of indexItems(value, type, typePath)) {
        set.add([...path, element]);
        if (type.type === "map" && isMap(item)) visitMap(item, [...path, element], typePath);
      }
    } else if (isMap(value) && !isAtomicMap(typePath) && !isEmpty(value)) {
      visitMap(value, path, typePath);
    } else {
      set.add(path);
    }
  };
  visitMap(object, [], []);
  return set;
}

/** LHS with RHS merged in: RHS wins for scalars and atomic values; null in RHS removes the field. */
export function merge(lhs, rhs, kind, typePath = []) {
  if (rhs === undefined) return lhs;
  if (isMap(lhs) && isMap(rhs) && !isAtomicMap(typePath)) {
    const out = { ...lhs };
    for (const [name, value] of Object.entries(rhs)) {
      if (value === null) delete out[name];
      else out[name] = merge(lhs[name], value, kind, [...typePath, name]);
    }
    return out;
  }
  if (Array.isArray(lhs) && Array.isArray(rhs)) {
    const type = listType(typePath, kind);
    if (type.type !== "atomic") return mergeList(lhs, rhs, type, kind, typePath);
  }
  return structuredClone(rhs);
}

// Items take the applied order; a live-only item stays just before the shared
// item it preceded (structured-merge-diff's order).
function mergeList(lhs, rhs, type, kind, typePath) {
  const left = indexItems(lhs, type, typePath, true);
  const right = indexItems(rhs, type, typePath);
  const leftItems = new Map(left);
  const rightItems = new Map(right);
  // The shared items in applied order; `next` is the one due now.
  const shared = right.map(([element]) => element).filter((element) => leftItems.has(element));
  const merged = new Set();
  const out = [];
  const take = (element) => {
    out.push(type.type === "set" ? rightItems.get(element) : merge(leftItems.get(element), rightItems.get(element), kind, typePath));
    merged.add(element);
    if (shared[0] === element) shared.shift();
  };
  let l = 0;
  let r = 0;
  while (l < left.length || r < right.length) {
    const element = left[l]?.[0];
    if (l < left.length && r < right.length) {
      if (element === right[r][0]) {
        take(element);
        l++;
        r++;
        continue;
      }
      // A shared item that comes later in the applied order: it is taken there.
      if (rightItems.has(element) && shared[0] !== element) {
        l++;
        continue;
      }
    }
    if (l < left.length) {
      if (!rightItems.has(element)) {
        out.push(left[l][1]);
        l++;
        continue;
      }
      if (merged.has(element)) l++;
    }
    if (r < right.length) take(right[r++][0]);
  }
  return out;
}

/** {added, modified, removed}: the fields that differ from LHS to RHS. */
export function compare(lhs, rhs, kind) {
  const result = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  const leaf = (l, r, path) => {
    if (l === undefined) result.added.add(path);
    else if (r === undefined) result.removed.add(path);
    else if (!deepEqual(l, r)) result.modified.add(path);
  };
  const presence = (l, r, path) => {
    if (l === undefined) result.added.add(path);
    else if (r === undefined) result.removed.add(path);
  };
  const maps = (l, r, path, typePath) => {
    for (const name of new Set([...Object.keys(l), ...Object.keys(r)])) {
      value(l[name], r[name], [...path, field(name)], [...typePath, name]);
    }
  };
  const lists = (l, r, type, path, typePath) => {
    const left = new Map(indexItems(l, type, typePath, true));
    const right = new Map(indexItems(r, type, typePath, true));
    for (const element of new Set([...left.keys(), ...right.keys()])) {
      const [li, ri] = [left.get(element), right.get(element)];
      const itemPath = [...path, element];
      presence(li, ri, itemPath);
      if (type.type === "map" && (isMap(li) || li === undefined) && (isMap(ri) || ri === undefined)) {
        maps(li ?? {}, ri ?? {}, itemPath, typePath);
      } else if (li !== undefined && ri !== undefined) {
        leaf(li, ri, itemPath);
      }
    }
  };
  const value = (l, r, path, typePath) => {
    if (l === undefined && r === undefined) return;
    // Both empty or absent: a leaf, which keeps the empty/absent distinction.
    const bothEmpty = (l === undefined || isEmpty(l)) && (r === undefined || isEmpty(r));
    const asList = (Array.isArray(l) || l === undefined) && (Array.isArray(r) || r === undefined);
    const asMap = (isMap(l) || l === undefined) && (isMap(r) || r === undefined);
    if (!bothEmpty && asList && (Array.isArray(l) || Array.isArray(r))) {
      const type = listType(typePath, kind);
      if (type.type !== "atomic") {
        presence(l, r, path);
        return lists(l ?? [], r ?? [], type, path, typePath);
      }
    } else if (!bothEmpty && asMap && !isAtomicMap(typePath)) {
      presence(l, r, path);
      return maps(l ?? {}, r ?? {}, path, typePath);
    }
    leaf(l, r, path);
  };
  maps(lhs, rhs, [], []);
  return result;
}

/** Where PATH leads in OBJECT: {parent, key, value}, or undefined when it leads nowhere. */
function locate(object, path, kind) {
  let parent;
  let key;
  let current = object;
  const typePath = [];
  for (const element of path) {
    if (element.startsWith("f:")) {
      if (!isMap(current)) return undefined;
      key = element.slice(2);
      typePath.push(key);
    } else if (element.startsWith("i:")) {
      key = Number(element.slice(2));
    } else {
      if (!Array.isArray(current)) return undefined;
      const type = listType(typePath, kind);
      key = current.findIndex((item) => itemElement(type, item, "") === element);
    }
    if (current[key] === undefined || key === -1) return undefined;
    parent = current;
    current = current[key];
  }
  return { parent, key, value: current };
}

function removeAt(object, path, kind) {
  const at = locate(object, path, kind);
  if (!at) return;
  if (Array.isArray(at.parent)) at.parent.splice(at.key, 1);
  else delete at.parent[at.key];
}

// A key field of a kept list item must stay, or the item would lose its identity.
function isKeyField(path) {
  const item = path[path.length - 2];
  return item !== undefined && item.startsWith("k:") && path[path.length - 1].slice(2) in JSON.parse(item.slice(2));
}

/**
 * OBJECT without the fields of LASTSET that nobody keeps (KEEP: the applier's
 * new set and everyone else's), and without the maps and lists that removal
 * left empty.
 */
export function prune(object, lastSet, keep, kind) {
  const out = structuredClone(object);
  const kept = (path) => keep.has(path) || keep.hasBelow(path);
  const doomed = lastSet.sorted().filter((path) => !kept(path) && !isKeyField(path));
  for (const path of doomed.sort((a, b) => b.length - a.length)) {
    removeAt(out, path, kind);
    for (let parent = path.slice(0, -1); parent.length > 0; parent = parent.slice(0, -1)) {
      const at = locate(out, parent, kind);
      if (!at || !isEmpty(at.value) || kept(parent)) break;
      removeAt(out, parent, kind);
    }
  }
  return out;
}
