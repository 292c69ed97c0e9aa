// Status objects as the real API server sends them for failures: clients read
// `reason`, `code` and `details` (kubectl prints `message`), so their text
// follows the real server's word for word where we know it.
import { qualifiedResource } from "./resources.mjs";

/** A failure carrying the Status to answer with; thrown by the verbs, caught by http.mjs. */
export class ApiError extends Error {
  constructor(status, headers = {}) {
    super(status.message);
    this.status = status;
    this.headers = headers;
  }
}

/** A failure Status; `details` is left out when empty, as the server does. */
export function failure(code, reason, message, details) {
  const status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason };
  if (details !== undefined) status.details = details;
  status.code = code;
  return status;
}

/** The `details` naming one object: {name, group (omitted for core), kind: the resource}. */
export function objectDetails(rt, name) {
  const details = { name };
  if (rt.group) details.group = rt.group;
  details.kind = rt.resource;
  return details;
}

export const errors = {
  notFound: (rt, name) =>
    failure(404, "NotFound", `${qualifiedResource(rt)} "${name}" not found`, objectDetails(rt, name)),
  namespaceNotFound: (name) =>
    failure(404, "NotFound", `namespaces "${name}" not found`, { name, kind: "namespaces" }),
  unknownResource: () => failure(404, "NotFound", "the server could not find the requested resource", {}),
  alreadyExists: (rt, name) =>
    failure(409, "AlreadyExists", `${qualifiedResource(rt)} "${name}" already exists`, objectDetails(rt, name)),
  conflict: (rt, name) =>
    failure(409, "Conflict",
      `Operation cannot be fulfilled on ${qualifiedResource(rt)} "${name}": the object has been modified; ` +
        "please apply your changes to the latest version and try again",
      objectDetails(rt, name)),
  badRequest: (message) => failure(400, "BadRequest", message),
  invalid: (rt, name, causes) => {
    const what = causes.map((c) => `${c.field}: ${c.message}`).join(", ");
    const message = `${rt.kind}${rt.group ? `.${rt.group}` : ""} "${name}" is invalid: ${what}`;
    return failure(422, "Invalid", message, { ...objectDetails(rt, name), kind: rt.kind, causes });
  },
  unauthorized: () => failure(401, "Unauthorized", "Unauthorized"),
  forbidden: (user, verb, rt, resourceName, namespace) => {
    const group = rt ? rt.group : "";
    const resource = rt ? rt.resource : "";
    const where = namespace ? ` in the namespace "${namespace}"` : " at the cluster scope";
    const message = `${rt ? qualifiedResource(rt) : ""}${resourceName ? ` "${resourceName}"` : ""} is forbidden: User "${user}" ` +
      `cannot ${verb} resource "${resource}" in API group "${group}"${where}`;
    const details = { kind: resource };
    if (resourceName) details.name = resourceName;
    if (group) details.group = group;
    return failure(403, "Forbidden", message, details);
  },
  // A request for a path that is no resource (discovery, /version, OpenAPI), as the real
  // authorizer words it: non-resource verbs are the lowercased HTTP method.
  forbiddenPath: (user, method, path) =>
    failure(403, "Forbidden", `forbidden: User "${user}" cannot ${method.toLowerCase()} path "${path}"`, {}),
  namespaceTerminating: (rt, name, namespace) =>
    failure(403, "Forbidden",
      `${qualifiedResource(rt)} "${name}" is forbidden: unable to create new content in namespace ${namespace} ` +
        "because it is being terminated",
      { ...objectDetails(rt, name), causes: [{ reason: "NamespaceTerminating", message: `namespace ${namespace} is being terminated`, field: "metadata.namespace" }] }),
  tooManyRequests: (seconds) =>
    failure(429, "TooManyRequests", "Too many requests, please try again later.", { retryAfterSeconds: seconds }),
  internal: (message) =>
    failure(500, "InternalError", `Internal error occurred: ${message}`, { causes: [{ message }] }),
  unavailable: (message) => failure(503, "ServiceUnavailable", message),
  unsupportedMediaType: (contentType) =>
    failure(415, "UnsupportedMediaType",
      `the body of the request was in an unknown format - accepted media types include: ` +
        `application/json, application/yaml (this test server does not decode ${contentType || "an empty content type"})`),
  methodNotAllowed: (method) => failure(405, "MethodNotAllowed", `the server does not allow this method on the requested resource (${method})`),
  gone: (message) => failure(410, "Expired", message),
};
