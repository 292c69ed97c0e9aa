// The verbs on one resource type: get, list, create, update, patch (delete
// is delete.mjs's, watch watch.mjs's). Each takes the request context built by http.mjs
// and returns {code, body}, or throws ApiError with the Status to answer.
import { randomUUID } from "node:crypto";
import YAML from "yaml";
import { ShapeError, deepEqual, merge, prune, toFieldSet } from "./apply.mjs";
import { now } from "./clock.mjs";
import { applyDefaults, assignClusterIP } from "./defaults.mjs";
import { ignoredFields, lastApplied, readManagers, settleOwnership, stripMeta, writeManagers } from "./ownership.mjs";
import { jsonPatch, mergePatch, strategicMergePatch } from "./patch.mjs";
import { findResource } from "./resources.mjs";
import { selectorFromQuery } from "./selectors.mjs";
import { ApiError, errors, failure } from "./status.mjs";

const NAMESPACES = findResource("", "v1", "namespaces");

const mediaType = (contentType) => (contentType ?? "").split(";")[0].trim().toLowerCase();

/** The request body, parsed by its content type, which must be one of ALLOWED (else 415). */
export function decode(ctx, allowed) {
  const type = mediaType(ctx.contentType);
  if (!allowed.includes(type)) throw new ApiError(errors.unsupportedMediaType(type));
  const text = ctx.body.toString("utf8");
  try {
    // The API server reads YAML as YAML 1.1 (yes/no are booleans), as kubectl does.
    return type.endsWith("yaml") ? YAML.parse(text, { version: "1.1" }) : JSON.parse(text);
  } catch (error) {
    throw new ApiError(errors.badRequest(`error decoding ${type.endsWith("yaml") ? "YAML" : "JSON"}: ${error.message}`));
  }
}

function decodeObject(ctx, allowed) {
  const object = decode(ctx, allowed);
  if (object === null || typeof object !== "object" || Array.isArray(object)) {
    throw new ApiError(errors.badRequest("the request body must be an object"));
  }
  object.metadata ??= {};
  return object;
}

/** The object's apiVersion and kind must be those of the URL's type. */
function checkType(rt, object) {
  if (!object.apiVersion || !object.kind) {
    throw new ApiError(errors.badRequest(`Object 'Kind' is missing in '${JSON.stringify(object).slice(0, 200)}'`));
  }
  if (object.apiVersion !== rt.apiVersion || object.kind !== rt.kind) {
    throw new ApiError(errors.badRequest(
      `the API version in the data (${object.apiVersion}) does not match the expected API version (${rt.apiVersion})` +
        (object.kind !== rt.kind ? ` or kind (${object.kind} for ${rt.kind})` : "")));
  }
}

/** The URL's name and namespace are the object's; a body naming others is a 400, as on the server. */
function checkIdentity(ctx, object) {
  const { metadata } = object;
  if (ctx.name && metadata.name && metadata.name !== ctx.name) {
    throw new ApiError(errors.badRequest(`the name of the object (${metadata.name}) does not match the name on the URL (${ctx.name})`));
  }
  if (ctx.rt.namespaced && metadata.namespace && metadata.namespace !== ctx.namespace) {
    throw new ApiError(errors.badRequest("the namespace of the provided object does not match the namespace sent on the request"));
  }
  if (ctx.name) metadata.name = ctx.name;
  if (ctx.rt.namespaced) metadata.namespace = ctx.namespace;
  else delete metadata.namespace;
}

/** Whether the request is a dry run (`dryRun=All`, the only value there is). */
export function dryRun(ctx) {
  const value = ctx.query.get("dryRun");
  if (value !== null && value !== "All") {
    throw new ApiError(errors.badRequest(`dryRun: Unsupported value: "${value}": supported values: "All"`));
  }
  return value === "All";
}

/** The manager of an update: ?fieldManager=, else the user agent's product ("kubectl/v1.32" -> "kubectl"). */
function updater(ctx) {
  const manager = ctx.query.get("fieldManager") ?? (ctx.userAgent ?? "").split("/")[0].slice(0, 128);
  return { manager, operation: "Update", apiVersion: ctx.rt.apiVersion, subresource: ctx.subresource ?? "" };
}

/** The stored object the request names; 404 when there is none. */
export function live(ctx) {
  const object = ctx.state.store.get(ctx.rt, ctx.namespace, ctx.name);
  if (!object) throw new ApiError(errors.notFound(ctx.rt, ctx.name));
  return object;
}

/** Objects may only be created in namespaces that exist and are not being deleted. */
function requireNamespace(ctx) {
  if (!ctx.rt.namespaced) return;
  const namespace = ctx.state.store.get(NAMESPACES, undefined, ctx.namespace);
  if (!namespace) throw new ApiError(errors.namespaceNotFound(ctx.namespace));
  if (namespace.metadata.deletionTimestamp) throw new ApiError(errors.namespaceTerminating(ctx.rt, ctx.name, ctx.namespace));
}

const shapeErrors = (fn) => {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ShapeError) throw new ApiError(errors.badRequest(`failed to create typed patch object: ${error.message}`));
    throw error;
  }
};

const withoutMetaAndStatus = ({ metadata, status, ...rest }) => rest;
const withoutManaged = (object) => ({ ...object, metadata: { ...object.metadata, managedFields: undefined } });

/**
 * The managers an update starts from: the stored ones, unless the update
 * rewrites managedFields itself (kubectl does, migrating client-side-apply
 * ownership), or resets them with a single empty entry; an empty list changes
 * nothing, as on the real server.
 */
function startingManagers(previous, next, actor) {
  const given = next.metadata.managedFields;
  const stored = previous?.metadata.managedFields;
  if (actor.operation === "Apply" || !Array.isArray(given) || given.length === 0 || deepEqual(given, stored)) {
    return readManagers(previous);
  }
  if (given.length === 1 && Object.keys(given[0] ?? {}).length === 0) return [];
  return readManagers(next);
}

/** NEXT with ownership settled and timestamps set; throws on apply conflicts. */
function own(ctx, previous, next, actor, force) {
  const managers = shapeErrors(() => settleOwnership({
    live: previous, next, managers: startingManagers(previous, next, actor), actor, kind: ctx.rt.kind,
    ignored: ignoredFields(ctx.rt, ctx.subresource), force,
  }));
  const changed = !previous || !deepEqual(withoutManaged(previous), withoutManaged(next));
  const entry = managers[managers.length - 1];
  if (changed || !entry.time) entry.time = now();
  const managedFields = writeManagers(managers);
  if (managedFields.length > 0) next.metadata.managedFields = managedFields;
  else delete next.metadata.managedFields;
  return next;
}

/** Stores NEXT, unless this is a dry run; either way answers with what would be stored. */
export function commit(ctx, next, code) {
  if (dryRun(ctx)) return { code, body: next };
  return { code, body: ctx.state.store.write(ctx.rt, next) };
}

/** Creates OBJECT (name and namespace already checked) on behalf of ACTOR. */
function createObject(ctx, object, actor) {
  requireNamespace(ctx);
  if (ctx.state.store.get(ctx.rt, ctx.namespace, object.metadata.name)) {
    throw new ApiError(errors.alreadyExists(ctx.rt, object.metadata.name));
  }
  const next = structuredClone(object);
  const { metadata } = next;
  for (const name of ["resourceVersion", "managedFields", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"]) {
    delete metadata[name];
  }
  metadata.uid = randomUUID();
  metadata.creationTimestamp = now();
  if (ctx.rt.generation) metadata.generation = 1;
  if (ctx.rt.status) delete next.status;
  applyDefaults(next);
  assignClusterIP(next, ctx.state);
  return commit(ctx, own(ctx, undefined, next, actor, true), 201);
}

/** Replaces LIVE by NEXT on behalf of ACTOR: system metadata kept, generation bumped on spec changes. */
function updateObject(ctx, previous, next, actor, force = true) {
  const { metadata } = previous;
  next.metadata = { ...next.metadata };
  for (const name of ["name", "namespace", "uid", "creationTimestamp", "resourceVersion", "generation",
    "deletionTimestamp", "deletionGracePeriodSeconds"]) {
    if (metadata[name] === undefined) delete next.metadata[name];
    else next.metadata[name] = metadata[name];
  }
  applyDefaults(next);
  if (ctx.rt.generation && !deepEqual(withoutMetaAndStatus(previous), withoutMetaAndStatus(next))) {
    next.metadata.generation = (metadata.generation ?? 0) + 1;
  }
  own(ctx, previous, next, actor, force);
  // Same bytes as stored: nothing is written, no resourceVersion, no event.
  if (deepEqual(previous, next)) return { code: 200, body: previous };
  if (next.metadata.deletionTimestamp && !(next.metadata.finalizers ?? []).length && !dryRun(ctx)) {
    return { code: 200, body: ctx.state.store.remove(ctx.rt, next) };
  }
  return commit(ctx, next, 200);
}

/** NEXT with the status of LIVE (main resource) or only the status of NEXT (/status). */
function keepStatus(ctx, previous, next) {
  if (ctx.subresource === "status") return { ...previous, status: next.status };
  if (ctx.rt.status) {
    const out = { ...next };
    if (previous.status === undefined) delete out.status;
    else out.status = previous.status;
    return out;
  }
  return next;
}

function checkResourceVersion(ctx, previous, object) {
  const wanted = object.metadata?.resourceVersion;
  if (wanted && wanted !== previous.metadata.resourceVersion) throw new ApiError(errors.conflict(ctx.rt, ctx.name));
}

export function get(ctx) {
  return { code: 200, body: live(ctx) };
}

export function list(ctx) {
  const matches = selectorFromQuery(ctx.query);
  // The real server leaves apiVersion and kind out of list items.
  const items = ctx.state.store.list(ctx.rt, ctx.namespace).filter(matches).map(({ apiVersion, kind, ...item }) => item);
  return {
    code: 200,
    body: { kind: `${ctx.rt.kind}List`, apiVersion: ctx.rt.apiVersion, metadata: { resourceVersion: String(ctx.state.store.revision) }, items },
  };
}

export function create(ctx) {
  const object = decodeObject(ctx, ["application/json", "application/yaml"]);
  checkType(ctx.rt, object);
  const { metadata } = object;
  if (!metadata.name && metadata.generateName) metadata.name = metadata.generateName + randomUUID().slice(0, 5);
  if (!metadata.name) {
    throw new ApiError(errors.invalid(ctx.rt, "", [{ reason: "FieldValueRequired", message: "Required value: name or generateName is required", field: "metadata.name" }]));
  }
  checkIdentity({ ...ctx, name: undefined }, object);
  return createObject({ ...ctx, name: metadata.name }, object, updater(ctx));
}

export function update(ctx) {
  const object = decodeObject(ctx, ["application/json", "application/yaml"]);
  checkType(ctx.rt, object);
  checkIdentity(ctx, object);
  const previous = live(ctx);
  checkResourceVersion(ctx, previous, object);
  return updateObject(ctx, previous, keepStatus(ctx, previous, object), updater(ctx));
}

const PATCHES = {
  "application/merge-patch+json": (ctx, target, body) => mergePatch(target, body),
  "application/strategic-merge-patch+json": (ctx, target, body) => strategicMergePatch(target, body, ctx.rt.kind),
  "application/json-patch+json": (ctx, target, body) => {
    try {
      return jsonPatch(target, body);
    } catch (error) {
      throw new ApiError(failure(422, "Invalid", `the server rejected our request due to an error in our request: ${error.message}`));
    }
  },
};

export function patch(ctx) {
  const type = mediaType(ctx.contentType);
  if (type === "application/apply-patch+yaml") return apply(ctx);
  const body = decode(ctx, Object.keys(PATCHES));
  const previous = live(ctx);
  const patched = PATCHES[type](ctx, previous, body);
  checkResourceVersion(ctx, previous, patched);
  return updateObject(ctx, previous, keepStatus(ctx, previous, patched), updater(ctx));
}

/** Server-side apply: create, or merge the configuration in, prune what the manager dropped, settle ownership. */
function apply(ctx) {
  const manager = ctx.query.get("fieldManager");
  if (!manager) throw new ApiError(errors.badRequest("fieldManager is required for apply requests"));
  const config = decodeObject(ctx, ["application/apply-patch+yaml"]);
  checkType(ctx.rt, config);
  if (config.metadata.managedFields !== undefined) throw new ApiError(errors.badRequest("metadata.managedFields must be nil"));
  checkIdentity(ctx, config);
  const previous = ctx.state.store.get(ctx.rt, ctx.namespace, ctx.name);
  if (previous) checkResourceVersion(ctx, previous, config);
  for (const name of ["resourceVersion", "uid", "creationTimestamp", "generation", "selfLink"]) delete config.metadata[name];

  const ignored = ignoredFields(ctx.rt, ctx.subresource);
  const applied = shapeErrors(() => stripMeta(toFieldSet(config, ctx.rt.kind)).without(ignored));
  const actor = { manager, operation: "Apply", apiVersion: ctx.rt.apiVersion, subresource: ctx.subresource ?? "", set: applied };
  if (!previous) {
    if (ctx.subresource) throw new ApiError(errors.notFound(ctx.rt, ctx.name));
    return createObject(ctx, config, actor);
  }
  const { last, keep } = lastApplied(readManagers(previous), actor);
  const merged = shapeErrors(() => merge(previous, config, ctx.rt.kind));
  const next = last ? shapeErrors(() => prune(merged, last, keep, ctx.rt.kind)) : merged;
  return updateObject(ctx, previous, keepStatus(ctx, previous, next), actor, ctx.query.get("force") === "true");
}
