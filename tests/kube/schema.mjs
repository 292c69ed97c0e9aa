// What structured merge needs to know of the Kubernetes schemas, without the
// schemas: which lists are associative (merged item by item, by key fields),
// which are sets of scalars, and which maps are atomic. Every other list is
// atomic (replaced whole), as most lists in the built-in types are.
//
// A type path is the list of field names from the object's root, list items
// left out: ["spec", "template", "spec", "containers", "ports"].

// [type-path suffix, key fields, key defaults]. Keys follow the `listMapKey`
// markers of k8s.io/api; a key field missing from an item takes its default,
// so a port without `protocol` is keyed by protocol "TCP", as on the server.
const POD_LISTS = [
  [["containers"], ["name"]],
  [["initContainers"], ["name"]],
  [["ephemeralContainers"], ["name"]],
  [["volumes"], ["name"]],
  [["imagePullSecrets"], ["name"]],
  [["hostAliases"], ["ip"]],
  [["resourceClaims"], ["name"]],
  [["schedulingGates"], ["name"]],
  [["topologySpreadConstraints"], ["topologyKey", "whenUnsatisfiable"]],
  [["env"], ["name"]],
  [["volumeMounts"], ["mountPath"]],
  [["volumeDevices"], ["devicePath"]],
  [["containers", "ports"], ["containerPort", "protocol"], { protocol: "TCP" }],
  [["initContainers", "ports"], ["containerPort", "protocol"], { protocol: "TCP" }],
  [["ephemeralContainers", "ports"], ["containerPort", "protocol"], { protocol: "TCP" }],
  [["metadata", "ownerReferences"], ["uid"]],
  [["status", "conditions"], ["type"]],
];

// Lists keyed only at one exact place of one kind.
const EXACT_LISTS = [
  ["Service", ["spec", "ports"], ["port", "protocol"], { protocol: "TCP" }],
];

const SET_LISTS = [["metadata", "finalizers"]];

// LabelSelector is an atomic struct and nodeSelector/Service selector atomic
// maps: changing one label of a selector replaces the whole selector.
const ATOMIC_MAPS = new Set(["selector", "podSelector", "namespaceSelector", "labelSelector", "nodeSelector"]);

const endsWith = (path, suffix) =>
  suffix.length <= path.length && suffix.every((name, i) => path[path.length - suffix.length + i] === name);

const same = (a, b) => a.length === b.length && a.every((name, i) => name === b[i]);

/**
 * How the list at TYPEPATH in an object of KIND merges:
 * {type: "map", keys, defaults} | {type: "set"} | {type: "atomic"}.
 */
export function listType(typePath, kind) {
  for (const [k, path, keys, defaults = {}] of EXACT_LISTS) {
    if (k === kind && same(typePath, path)) return { type: "map", keys, defaults };
  }
  for (const [suffix, keys, defaults = {}] of POD_LISTS) {
    if (endsWith(typePath, suffix)) return { type: "map", keys, defaults };
  }
  if (SET_LISTS.some((path) => same(typePath, path))) return { type: "set" };
  return { type: "atomic" };
}

/** Whether the map at TYPEPATH is owned and replaced as one value. */
export function isAtomicMap(typePath) {
  return typePath.length > 0 && ATOMIC_MAPS.has(typePath[typePath.length - 1]);
}
