// DELETE of one object or a collection, as the real server answers it: a
// Status, or the object for the types whose registries return it; objects
// held by finalizers (foreground or orphan deletion, namespaces) are marked
// and go later (simulate.mjs).
import { now } from "./clock.mjs";
import { findResource } from "./resources.mjs";
import { selectorFromQuery } from "./selectors.mjs";
import { ApiError, errors, failure } from "./status.mjs";
import { commit, decode, dryRun, live } from "./verbs.mjs";

const NAMESPACES = findResource("", "v1", "namespaces");

/** DeleteOptions from the body or the query. */
function deleteOptions(ctx) {
  const options = ctx.body.length > 0 ? decode({ ...ctx, contentType: ctx.contentType || "application/json" }, ["application/json", "application/yaml"]) ?? {} : {};
  const policy = ctx.query.get("propagationPolicy");
  if (policy) options.propagationPolicy = policy;
  if ((options.dryRun ?? []).includes("All")) ctx.query.set("dryRun", "All");
  return options;
}

const GC_FINALIZERS = { Foreground: "foregroundDeletion", Orphan: "orphan" };

export function remove(ctx) {
  const options = deleteOptions(ctx);
  const previous = live(ctx);
  const { uid, resourceVersion } = options.preconditions ?? {};
  if ((uid && uid !== previous.metadata.uid) || (resourceVersion && resourceVersion !== previous.metadata.resourceVersion)) {
    throw new ApiError(errors.conflict(ctx.rt, ctx.name));
  }
  if (ctx.rt === NAMESPACES) return beginNamespaceDeletion(ctx, previous);
  const policy = options.propagationPolicy ?? (options.orphanDependents ? "Orphan" : "Background");
  const finalizers = [...(previous.metadata.finalizers ?? [])];
  if (GC_FINALIZERS[policy] && !finalizers.includes(GC_FINALIZERS[policy])) finalizers.push(GC_FINALIZERS[policy]);
  if (finalizers.length > 0) {
    // Finalizers hold the object: it is marked, and goes when they are cleared (simulate.mjs clears the GC's).
    if (previous.metadata.deletionTimestamp) return { code: 200, body: previous };
    const next = structuredClone(previous);
    Object.assign(next.metadata, { deletionTimestamp: now(), deletionGracePeriodSeconds: 0, finalizers });
    return commit(ctx, next, 200);
  }
  const gone = dryRun(ctx) ? previous : ctx.state.store.remove(ctx.rt, previous);
  if (ctx.rt.returnsDeleted) return { code: 200, body: gone };
  const details = { name: ctx.name, ...(ctx.rt.group ? { group: ctx.rt.group } : {}), kind: ctx.rt.resource, uid: previous.metadata.uid };
  return { code: 200, body: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", details } };
}

// The namespace is marked Terminating; simulate.mjs deletes its content, then it.
function beginNamespaceDeletion(ctx, previous) {
  if (previous.metadata.deletionTimestamp) {
    throw new ApiError(failure(409, "Conflict",
      `Operation cannot be fulfilled on namespaces "${ctx.name}": The system is ensuring all content is removed from this namespace.  ` +
        "Upon completion, this namespace will automatically be purged by the system.",
      { name: ctx.name, kind: "namespaces" }));
  }
  const next = structuredClone(previous);
  next.metadata.deletionTimestamp = now();
  next.status = { ...next.status, phase: "Terminating" };
  return commit(ctx, next, 200);
}

export function removeCollection(ctx) {
  const matches = selectorFromQuery(ctx.query);
  const deleted = [];
  for (const object of ctx.state.store.list(ctx.rt, ctx.namespace).filter(matches)) {
    const { body } = remove({ ...ctx, name: object.metadata.name, body: Buffer.alloc(0) });
    deleted.push(body.kind === "Status" ? object : body);
  }
  return {
    code: 200,
    body: { kind: `${ctx.rt.kind}List`, apiVersion: ctx.rt.apiVersion, metadata: { resourceVersion: String(ctx.state.store.revision) }, items: deleted },
  };
}
