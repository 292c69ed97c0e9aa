// Discovery as kubectl 1.32 reads it: /version, aggregated discovery (v2 and
// v2beta1) on /api and /apis when the Accept header asks for it, the legacy
// group and resource lists, and OpenAPI v3 documents whose PATCH operations
// say which kind they patch and that they take `fieldValidation` (without
// that, `kubectl apply` fails with "failed to download openapi"). Schemas are
// empty objects: this server validates nothing against them.
import { createHash } from "node:crypto";
import { RESOURCES, groupVersions } from "./resources.mjs";

export const VERSION = {
  major: "1", minor: "32", gitVersion: "v1.32.0-whisk-test", gitCommit: "0000000000000000000000000000000000000000",
  gitTreeState: "clean", buildDate: "2025-01-01T00:00:00Z", goVersion: "go1.23.0", compiler: "gc", platform: "linux/amd64",
};

const STATUS_VERBS = ["get", "patch", "update"];

/** The resource types of GROUP/VERSION that are not hidden by a fault rule. */
function served(state, group, version) {
  return RESOURCES.filter((rt) => rt.group === group && rt.version === version && !state.hidden.has(`${rt.group}/${rt.resource}`));
}

const gvk = (rt) => ({ group: rt.group, version: rt.version, kind: rt.kind });

function aggregatedResource(rt) {
  const entry = {
    resource: rt.resource, responseKind: gvk(rt), scope: rt.namespaced ? "Namespaced" : "Cluster",
    singularResource: rt.singular, verbs: rt.verbs,
  };
  if (rt.shortNames.length) entry.shortNames = rt.shortNames;
  if (rt.categories.length) entry.categories = rt.categories;
  if (rt.status) entry.subresources = [{ subresource: "status", responseKind: gvk(rt), verbs: STATUS_VERBS }];
  return entry;
}

/**
 * The body and content type for /api or /apis (CORE: which of the two) given
 * the request's Accept header: aggregated discovery when asked for, else legacy.
 */
export function rootDiscovery(state, core, accept, serverAddress) {
  const wanted = /g=apidiscovery\.k8s\.io;\s*v=(v2beta1|v2);\s*as=APIGroupDiscoveryList/.exec(accept ?? "");
  const gvs = groupVersions().filter((gv) => (gv.group === "") === core && served(state, gv.group, gv.version).length > 0);
  if (wanted) {
    const version = /g=apidiscovery\.k8s\.io;\s*v=v2;/.test(accept) ? "v2" : "v2beta1";
    const items = gvs.map((gv) => ({
      metadata: { ...(gv.group ? { name: gv.group } : {}), creationTimestamp: null },
      versions: [{ version: gv.version, resources: served(state, gv.group, gv.version).map(aggregatedResource), freshness: "Current" }],
    }));
    return {
      contentType: `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`,
      body: { kind: "APIGroupDiscoveryList", apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items },
    };
  }
  const body = core
    ? { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }] }
    : { kind: "APIGroupList", apiVersion: "v1", groups: gvs.map(apiGroup) };
  return { contentType: "application/json", body };
}

function apiGroup(gv) {
  const version = { groupVersion: `${gv.group}/${gv.version}`, version: gv.version };
  return { name: gv.group, versions: [version], preferredVersion: version };
}

/** /apis/GROUP: the legacy APIGroup document, or undefined for an unknown group. */
export function groupDocument(state, group) {
  const gv = groupVersions().find((g) => g.group === group && served(state, g.group, g.version).length > 0);
  return gv && { kind: "APIGroup", apiVersion: "v1", ...apiGroup(gv) };
}

/** /api/v1 or /apis/GROUP/VERSION: the legacy APIResourceList, or undefined. */
export function resourceList(state, group, version) {
  const types = served(state, group, version);
  if (types.length === 0) return undefined;
  const resources = [];
  for (const rt of types) {
    const entry = { name: rt.resource, singularName: rt.singular, namespaced: rt.namespaced, kind: rt.kind, verbs: rt.verbs };
    if (rt.shortNames.length) entry.shortNames = rt.shortNames;
    if (rt.categories.length) entry.categories = rt.categories;
    resources.push(entry);
    if (rt.status) resources.push({ name: `${rt.resource}/status`, singularName: "", namespaced: rt.namespaced, kind: rt.kind, verbs: STATUS_VERBS });
  }
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: group ? `${group}/${version}` : version, resources };
}

const gvPath = (gv) => (gv.group ? `apis/${gv.group}/${gv.version}` : `api/${gv.version}`);

const queryParameter = (name, type, description) => ({ name, in: "query", description, schema: { type, uniqueItems: true } });

const WRITE_PARAMETERS = [
  queryParameter("dryRun", "string", "When present, indicates that modifications should not be persisted."),
  queryParameter("fieldManager", "string", "A name associated with the actor or entity that is making these changes."),
  queryParameter("fieldValidation", "string", "Ignore, Warn or Strict: what to do with unknown or duplicate fields."),
];

/** The OpenAPI v3 document of one group-version: its paths, with GVK-tagged operations. */
export function openapiDocument(state, gv) {
  const paths = {};
  const schemas = {};
  for (const rt of served(state, gv.group, gv.version)) {
    const schemaName = `io.k8s.whisk.${rt.group || "core"}.${rt.version}.${rt.kind}`;
    schemas[schemaName] = { type: "object", "x-kubernetes-group-version-kind": [gvk(rt)] };
    const ref = { $ref: `#/components/schemas/${schemaName}` };
    const content = { "application/json": { schema: ref } };
    const operation = (action, parameters = []) => ({
      operationId: `${action}${rt.kind}`, "x-kubernetes-action": action, "x-kubernetes-group-version-kind": gvk(rt),
      parameters, responses: { 200: { description: "OK", content } },
    });
    const scope = rt.namespaced ? "/namespaces/{namespace}" : "";
    const collection = `/${gvPath(gv)}${scope}/${rt.resource}`;
    paths[collection] = { get: operation("list"), post: operation("post", WRITE_PARAMETERS) };
    paths[`${collection}/{name}`] = {
      get: operation("get"),
      put: operation("put", WRITE_PARAMETERS),
      delete: operation("delete", [WRITE_PARAMETERS[0]]),
      patch: { ...operation("patch", [...WRITE_PARAMETERS, queryParameter("force", "boolean", "Force is going to \"force\" Apply requests.")]), requestBody: { content } },
    };
  }
  return { openapi: "3.0.0", info: { title: "Kubernetes", version: VERSION.gitVersion }, paths, components: { schemas } };
}

/** /openapi/v3: each group-version's document, addressed with a hash of its content as the real server does. */
export function openapiRoot(state) {
  const paths = {};
  for (const gv of groupVersions()) {
    const hash = createHash("sha256").update(JSON.stringify(openapiDocument(state, gv))).digest("hex").toUpperCase();
    paths[gvPath(gv)] = { serverRelativeURL: `/openapi/v3/${gvPath(gv)}?hash=${hash}` };
  }
  return { paths };
}

/** The group-version of /openapi/v3/api/v1 or /openapi/v3/apis/GROUP/VERSION, or undefined. */
export function openapiGroupVersion(path) {
  return groupVersions().find((gv) => path === `/openapi/v3/${gvPath(gv)}`);
}
