// Field paths and sets of them, in the forms of the real server's
// managedFields: a path is a list of elements spelled as in FieldsV1
// ("f:spec", 'k:{"name":"web"}', 'v:"x"', "i:0"), and a set holds the paths
// that are members. Parents of members are implied, as in structured-merge-diff.

const SEP = "\u0001";

/** The FieldsV1 element of field NAME. */
export const field = (name) => `f:${name}`;

/** The element of an associative-list item with these key fields (sorted, as the real server writes them). */
export function keyElement(keys) {
  const sorted = Object.fromEntries(Object.keys(keys).sort().map((k) => [k, keys[k]]));
  return `k:${JSON.stringify(sorted)}`;
}

/** The element of a set-list item. */
export const valueElement = (value) => `v:${JSON.stringify(value)}`;

/** A path as kubectl shows it in conflicts: .spec.containers[name="web"].image */
export function describePath(path) {
  return path.map((element) => {
    const body = element.slice(2);
    switch (element[0]) {
      case "f": return `.${body}`;
      case "k": return `[${Object.entries(JSON.parse(body)).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(",")}]`;
      case "v": return `[=${body}]`;
      default: return `[${body}]`;
    }
  }).join("");
}

/** A set of paths (arrays of elements); the set operations return new sets. */
export class FieldSet {
  constructor(paths = []) {
    this.paths = new Map();
    for (const path of paths) this.add(path);
  }

  add(path) {
    this.paths.set(path.join(SEP), path);
    return this;
  }

  has(path) {
    return this.paths.has(path.join(SEP));
  }

  get size() {
    return this.paths.size;
  }

  /** Whether a member lies strictly below PATH. */
  hasBelow(path) {
    const prefix = path.join(SEP) + SEP;
    for (const key of this.paths.keys()) if (key.startsWith(prefix)) return true;
    return false;
  }

  union(other) {
    return new FieldSet([...this.paths.values(), ...other.paths.values()]);
  }

  difference(other) {
    return new FieldSet([...this.paths.values()].filter((p) => !other.has(p)));
  }

  intersection(other) {
    return new FieldSet([...this.paths.values()].filter((p) => other.has(p)));
  }

  /** The members for which PREDICATE is false. */
  without(predicate) {
    return new FieldSet([...this.paths.values()].filter((p) => !predicate(p)));
  }

  /** Members in the order the real server sorts them (field names, then keys, values, indexes). */
  sorted() {
    return [...this.paths.values()].sort(comparePaths);
  }

  /** The FieldsV1 object: children by element, "." when a node is itself a member and has children. */
  toFieldsV1() {
    const root = {};
    for (const path of this.sorted()) {
      let node = root;
      path.forEach((element, i) => {
        node[element] ??= {};
        node = node[element];
        if (i === path.length - 1) node["."] = true;
      });
    }
    return render(root);
  }

  static fromFieldsV1(fieldsV1) {
    const set = new FieldSet();
    const walk = (node, path) => {
      const children = Object.keys(node ?? {}).filter((k) => k !== ".");
      if (path.length > 0 && (children.length === 0 || "." in node)) set.add(path);
      for (const child of children) walk(node[child], [...path, child]);
    };
    walk(fieldsV1, []);
    return set;
  }
}

/** Turns the build tree (with "." marking members) into FieldsV1, keys in sorted order. */
function render(node) {
  const out = {};
  const children = Object.keys(node).filter((k) => k !== ".").sort(compareElements);
  if (node["."] && children.length > 0) out["."] = {};
  for (const child of children) out[child] = render(node[child]);
  return out;
}

const RANK = { f: 0, k: 1, v: 2, i: 3 };

function compareElements(a, b) {
  if (a[0] !== b[0]) return RANK[a[0]] - RANK[b[0]];
  if (a[0] === "i") return Number(a.slice(2)) - Number(b.slice(2));
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePaths(a, b) {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareElements(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}
