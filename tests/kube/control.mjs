// The control API under /__control/ (same TLS and bearer tokens as the rest):
// the request log, the object store, fault rules, hidden types, users,
// workload states and settings. See README.md for each endpoint.
import { RESOURCES } from "./resources.mjs";
import { ApiError, errors } from "./status.mjs";

function parse(body) {
  try {
    return body.length ? JSON.parse(body.toString("utf8")) : {};
  } catch (error) {
    throw new ApiError(errors.badRequest(`control: the body is not JSON: ${error.message}`));
  }
}

const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"];
const MODES = ["ready", "stuck", "failing"];

function setWorkload(state, request) {
  const rt = RESOURCES.find((r) => r.kind === request.kind && WORKLOAD_KINDS.includes(r.kind));
  if (!rt || !request.name || !MODES.includes(request.state)) {
    throw new ApiError(errors.badRequest(`control: workloads takes {kind: ${WORKLOAD_KINDS.join("|")}, namespace, name, state: ${MODES.join("|")}}`));
  }
  const { kind, namespace = "default", name, ...mode } = request;
  state.controllers.setMode(rt, namespace, name, mode);
  return { kind, namespace, name, ...mode };
}

function hide(state, { group = "", resource }) {
  if (!RESOURCES.some((rt) => rt.group === group && rt.resource === resource)) {
    throw new ApiError(errors.badRequest(`control: no type ${resource} in group "${group}"`));
  }
  state.hidden.add(`${group}/${resource}`);
  return { hidden: [...state.hidden] };
}

function addUser(state, { name, token, groups = [] }) {
  if (!name || !token) throw new ApiError(errors.badRequest("control: users takes {name, token, groups?}"));
  state.users.set(token, { name, groups });
  return { name, groups };
}

const SETTINGS = ["controllerDelayMs", "bookmarkMs", "nodes"];

function changeSettings(state, changes) {
  for (const [name, value] of Object.entries(changes)) {
    if (!SETTINGS.includes(name) || typeof value !== "number") {
      throw new ApiError(errors.badRequest(`control: settings are numbers named ${SETTINGS.join(", ")}`));
    }
    state.settings[name] = value;
  }
  return state.settings;
}

/** The routes: "METHOD /name" -> (state, body) => answer. */
const ROUTES = {
  "GET /log": (state) => ({ items: state.log }),
  "DELETE /log": (state) => { state.log.length = 0; return {}; },
  "GET /objects": (state) => ({ items: state.store.all().map(({ object }) => object) }),
  "POST /reset": (state) => { state.reset(); return {}; },
  "GET /faults": (state) => ({ items: state.faults.list() }),
  "POST /faults": (state, body) => state.faults.add(body),
  "DELETE /faults": (state) => { state.faults.clear(); return {}; },
  "GET /hidden": (state) => ({ hidden: [...state.hidden] }),
  "POST /hidden": hide,
  "DELETE /hidden": (state) => { state.hidden.clear(); return {}; },
  "GET /users": (state) => ({ items: [...state.users.values()] }),
  "POST /users": addUser,
  "POST /workloads": setWorkload,
  "GET /settings": (state) => state.settings,
  "PUT /settings": changeSettings,
};

/** The answer to METHOD /__control/... with BODY; throws ApiError for unknown routes and bad bodies. */
export function control(state, method, pathname, body) {
  const route = ROUTES[`${method} ${pathname.slice("/__control".length)}`];
  if (!route) throw new ApiError(errors.unknownResource());
  return route(state, parse(body));
}
