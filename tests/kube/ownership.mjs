// Who owns which fields: the managedFields entries of an object, and how an
// Apply or an Update changes them (after structured-merge-diff's Updater and
// the API server's field manager). A field another manager owns that an apply
// changes is a conflict; force, and every Update, takes it over instead.
import { compare } from "./apply.mjs";
import { FieldSet, describePath } from "./fieldpath.mjs";
import { ApiError, failure } from "./status.mjs";

// Fields the server keeps itself; nobody owns them (the API server's stripMeta).
const SERVER_META = new Set(["f:name", "f:namespace", "f:creationTimestamp", "f:selfLink", "f:uid",
  "f:clusterName", "f:generation", "f:managedFields", "f:resourceVersion"]);

export function stripMeta(set) {
  return set.without((p) =>
    p[0] === "f:apiVersion" || p[0] === "f:kind" ||
    (p[0] === "f:metadata" && (p.length === 1 || SERVER_META.has(p[1]))));
}

/** The fields a write through SUBRESOURCE may not own: status for the main resource, all but status for /status. */
export function ignoredFields(rt, subresource) {
  if (subresource === "status") return (p) => p[0] !== "f:status" && p[0] !== "f:metadata";
  return rt.status ? (p) => p[0] === "f:status" : () => false;
}

/** The entries of OBJECT's managedFields, each with its FieldSet. */
export function readManagers(object) {
  return (object?.metadata?.managedFields ?? []).map((entry) => ({
    manager: entry.manager,
    operation: entry.operation,
    apiVersion: entry.apiVersion,
    time: entry.time,
    subresource: entry.subresource ?? "",
    set: FieldSet.fromFieldsV1(entry.fieldsV1),
  }));
}

/** The managedFields for ENTRIES: empty sets dropped, sorted as the real server sorts them. */
export function writeManagers(entries) {
  const seconds = (e) => (e.time ? Date.parse(e.time) : 0);
  return entries
    .filter((e) => e.set.size > 0)
    .sort((p, q) =>
      compareStrings(p.operation, q.operation) || seconds(p) - seconds(q) || compareStrings(p.manager, q.manager) ||
      compareStrings(p.apiVersion, q.apiVersion) || compareStrings(p.subresource, q.subresource))
    .map((e) => {
      const entry = { manager: e.manager, operation: e.operation, apiVersion: e.apiVersion, time: e.time,
        fieldsType: "FieldsV1", fieldsV1: e.set.toFieldsV1() };
      if (e.subresource) entry.subresource = e.subresource;
      return entry;
    });
}

const compareStrings = (a = "", b = "") => (a < b ? -1 : a > b ? 1 : 0);

// Appliers are one manager whatever the apiVersion they apply with; updaters are one per apiVersion.
function sameManager(a, b) {
  return a.manager === b.manager && a.operation === b.operation && a.subresource === b.subresource &&
    (a.operation === "Apply" || a.apiVersion === b.apiVersion);
}

/** How conflict messages name a manager: "kubectl", or "other" using apps/v1 for an updater. */
function printManager(m) {
  let name = JSON.stringify(m.manager);
  if (m.subresource) name += ` with subresource ${JSON.stringify(m.subresource)}`;
  return m.operation === "Update" ? `${name} using ${m.apiVersion}` : name;
}

function conflictError(conflicts) {
  const causes = conflicts.map(({ manager, path }) => ({
    reason: "FieldManagerConflict", message: `conflict with ${printManager(manager)}`, field: describePath(path),
  }));
  let message;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0].manager)}: ${causes[0].field}`;
  } else {
    const lines = [];
    let last;
    for (const { manager, path } of conflicts) {
      if (manager !== last) lines.push(`conflicts with ${printManager(manager)}:`);
      lines.push(`- ${describePath(path)}`);
      last = manager;
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join("\n")}`;
  }
  return new ApiError(failure(409, "Conflict", message, { causes }));
}

/**
 * For an apply by ACTOR: what it applied last time (`last`, undefined when it
 * never applied) and the fields that must survive pruning (`keep`: its new set
 * and everyone else's).
 */
export function lastApplied(managers, actor) {
  const mine = managers.find((m) => sameManager(m, actor));
  const keep = managers.filter((m) => m !== mine).reduce((set, m) => set.union(m.set), actor.set);
  return { last: mine?.set, keep };
}

/**
 * The managers after ACTOR turned LIVE into NEXT. ACTOR: {manager, operation,
 * apiVersion, subresource, set?}; for an Apply, `set` is what it applied. An
 * Apply whose changes touch fields others own throws a 409 unless FORCE.
 */
export function settleOwnership({ live, next, managers, actor, kind, ignored, force }) {
  const diff = compare(live ?? {}, next, kind);
  const relevant = (set) => stripMeta(set).without(ignored);
  const changed = relevant(diff.modified.union(diff.added));
  const removed = diff.removed;
  const mine = managers.find((m) => sameManager(m, actor));
  const others = managers.filter((m) => m !== mine);

  const conflicts = [];
  for (const m of others) {
    for (const path of m.set.intersection(changed).sorted()) conflicts.push({ manager: m, path });
  }
  if (conflicts.length > 0 && actor.operation === "Apply" && !force) {
    const key = (m) => JSON.stringify([m.manager, m.operation, m.apiVersion, m.subresource]);
    conflicts.sort((a, b) => compareStrings(key(a.manager), key(b.manager)));
    throw conflictError(conflicts);
  }
  const result = others.map((m) => ({ ...m, set: m.set.difference(changed).difference(removed) }));
  const set = actor.operation === "Apply"
    ? actor.set
    : relevant((mine?.set ?? new FieldSet()).difference(removed).union(changed));
  result.push({ ...actor, time: mine?.time, set });
  return result;
}
