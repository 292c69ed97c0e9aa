// The HTTPS request handler: reads and logs the request, authenticates it,
// applies fault rules, and routes it to discovery, the verbs, a watch or the
// control API.
import { control } from "./control.mjs";
import {
  VERSION, groupDocument, openapiDocument, openapiGroupVersion, openapiRoot, resourceList, rootDiscovery,
} from "./discovery.mjs";
import { faultStatus } from "./faults.mjs";
import { findResource } from "./resources.mjs";
import { ApiError, errors } from "./status.mjs";
import { remove, removeCollection } from "./delete.mjs";
import * as verbs from "./verbs.mjs";
import { watch } from "./watch.mjs";

// The real server's limit on request bodies.
const MAX_BODY = 3 * 1024 * 1024;

/** The (req, res) listener of an https.Server serving STATE. */
export function createHandler(state) {
  return (req, res) => {
    handle(state, req, res).catch((error) => {
      const status = error instanceof ApiError ? error.status : errors.internal(String(error?.stack ?? error));
      if (!(error instanceof ApiError)) process.stderr.write(`kube test server: ${error?.stack ?? error}\n`);
      if (!res.headersSent) sendJson(res, status.code, status, error.headers);
      else res.end();
    });
  };
}

export function sendJson(res, code, body, headers = {}, contentType = "application/json") {
  const text = JSON.stringify(body);
  res.writeHead(code, { "Content-Type": contentType, "Cache-Control": "no-cache, private", ...headers });
  res.end(text);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) reject(new ApiError(errors.badRequest("the request body is too large")));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** The body as the log shows it: parsed JSON when it is JSON, text when it is text, else base64. */
function loggedBody(body) {
  if (body.length === 0) return {};
  const text = body.toString("utf8");
  if (!Buffer.from(text, "utf8").equals(body)) return { body: body.toString("base64"), bodyEncoding: "base64" };
  try {
    return { body: JSON.parse(text) };
  } catch {
    return { body: text };
  }
}

/** The user of the request: a known bearer token, else a client certificate signed by the test CA. */
function authenticate(state, req) {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
  if (bearer && state.users.has(bearer[1])) return state.users.get(bearer[1]);
  if (req.socket.authorized) {
    const { subject } = req.socket.getPeerCertificate();
    if (subject?.CN) return { name: subject.CN, groups: [subject.O ?? []].flat() };
  }
  return undefined;
}

async function handle(state, req, res) {
  const url = new URL(req.url, "https://127.0.0.1");
  const body = await readBody(req);
  const user = authenticate(state, req);
  if (url.pathname.startsWith("/__control/")) {
    if (!user) return sendJson(res, 401, errors.unauthorized());
    return sendJson(res, 200, control(state, req.method, url.pathname, body));
  }

  const entry = {
    method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), contentType: req.headers["content-type"],
    accept: req.headers.accept, userAgent: req.headers["user-agent"], user: user?.name, ...loggedBody(body),
  };
  state.log.push(entry);
  res.on("finish", () => { entry.status = res.statusCode; });
  if (!user) return sendJson(res, 401, errors.unauthorized());

  const route = parseRoute(state, req.method, url);
  const ctx = { ...route, state, user: user.name, method: req.method, path: url.pathname, query: url.searchParams, body, contentType: req.headers["content-type"], userAgent: req.headers["user-agent"] };
  const rule = state.faults.take({ method: req.method, path: url.pathname, rawQuery: url.search.slice(1), user: user.name });
  if (rule) {
    const { then } = rule;
    if (then.delayMs) await new Promise((resolve) => setTimeout(resolve, then.delayMs));
    if (then.closeConnection) return void req.socket.destroy();
    if (then.status) {
      const headers = then.retryAfter !== undefined ? { "Retry-After": String(then.retryAfter) } : {};
      return sendJson(res, then.status, faultStatus(then, ctx), headers);
    }
  }
  if (route.error) throw new ApiError(route.error);
  if (route.discovery) return serveDiscovery(state, req, res, url);
  if (ctx.verb === "watch") return watch(ctx, res);
  const { code, body: answer } = VERBS[ctx.verb](ctx);
  sendJson(res, code, answer);
}

const VERBS = {
  get: verbs.get, list: verbs.list, create: verbs.create, update: verbs.update, patch: verbs.patch,
  delete: remove, deletecollection: removeCollection,
};

const METHOD_VERBS = { POST: "create", PUT: "update", PATCH: "patch" };

/**
 * What the request is for: {discovery: true}, or {rt, namespace, name,
 * subresource, verb}, or {error} (a Status) when no such resource is served.
 */
function parseRoute(state, method, url) {
  const segments = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  let group;
  let version;
  let rest;
  if (segments[0] === "api" && segments.length >= 3) [group, version, rest] = ["", segments[1], segments.slice(2)];
  else if (segments[0] === "apis" && segments.length >= 4) [group, version, rest] = [segments[1], segments[2], segments.slice(3)];
  else return { discovery: true };

  let namespace;
  // namespaces/NS/TYPE/... is a namespaced type; namespaces/NAME[/status] is a namespace.
  if (rest[0] === "namespaces" && rest.length >= 3 && findResource(group, version, rest[2])?.namespaced) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, subresource, ...more] = rest;
  const rt = findResource(group, version, resource);
  const known = rt && !state.hidden.has(`${group}/${resource}`) && more.length === 0 &&
    (subresource === undefined || (subresource === "status" && rt.status)) && (rt.namespaced || namespace === undefined) &&
    (name === undefined || !rt.namespaced || namespace !== undefined);
  if (!known) return { error: errors.unknownResource() };

  const isWatch = ["1", "true"].includes(url.searchParams.get("watch"));
  let verb;
  if (method === "GET") verb = name ? "get" : isWatch ? "watch" : "list";
  else if (method === "DELETE") verb = name ? "delete" : "deletecollection";
  else if (METHOD_VERBS[method] && (name !== undefined) === (method !== "POST")) verb = METHOD_VERBS[method];
  const allowed = verb && (subresource ? ["get", "update", "patch"].includes(verb) : rt.verbs.includes(verb));
  const route = { rt, namespace, name, subresource, verb };
  return allowed ? route : { ...route, error: errors.methodNotAllowed(method) };
}

function serveDiscovery(state, req, res, url) {
  if (req.method !== "GET") throw new ApiError(errors.methodNotAllowed(req.method));
  const path = url.pathname.replace(/\/+$/, "") || "/";
  const segments = path.split("/").filter(Boolean);
  if (["/healthz", "/livez", "/readyz"].includes(path)) {
    res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" });
    return void res.end("ok");
  }
  if (path === "/version") return sendJson(res, 200, VERSION);
  if (path === "/api" || path === "/apis") {
    const { body, contentType } = rootDiscovery(state, path === "/api", req.headers.accept, `127.0.0.1:${state.port}`);
    return sendJson(res, 200, body, { Vary: "Accept" }, contentType);
  }
  let document;
  if (path === "/openapi/v3") document = openapiRoot(state);
  else if (segments[0] === "openapi" && segments[1] === "v3") {
    const gv = openapiGroupVersion(path);
    document = gv && openapiDocument(state, gv);
  } else if (segments[0] === "api" && segments.length === 2) document = resourceList(state, "", segments[1]);
  else if (segments[0] === "apis" && segments.length === 2) document = groupDocument(state, segments[1]);
  else if (segments[0] === "apis" && segments.length === 3) document = resourceList(state, segments[1], segments[2]);
  if (!document) throw new ApiError(errors.unknownResource());
  sendJson(res, 200, document);
}
