// Everything one server instance holds, and its reset to the starting state:
// the namespaces a new cluster has, the admin user, no faults, no log.
import { randomUUID } from "node:crypto";
import { applyDefaults } from "./defaults.mjs";
import { Faults } from "./faults.mjs";
import { findResource } from "./resources.mjs";
import { Controllers } from "./simulate.mjs";
import { Store } from "./store.mjs";
import { now } from "./clock.mjs";

const NAMESPACES = findResource("", "v1", "namespaces");
const INITIAL_NAMESPACES = ["default", "kube-node-lease", "kube-public", "kube-system"];

/** The state of a server whose admin (group system:masters) authenticates with TOKEN. */
export function createState({ token, adminName, settings }) {
  const state = {
    store: new Store(),
    faults: new Faults(),
    // "group/resource" of types that fault injection made disappear.
    hidden: new Set(),
    users: new Map(),
    log: [],
    // The functions that end open watches, for closing the server.
    watches: new Set(),
    settings: { ...settings },
    servicesCreated: 0,
    port: 0,
    reset() {
      state.store.reset();
      state.faults.clear();
      state.hidden.clear();
      state.log.length = 0;
      state.controllers.reset();
      state.users = new Map([[token, { name: adminName, groups: ["system:masters"] }]]);
      state.settings = { ...settings };
      for (const name of INITIAL_NAMESPACES) {
        const namespace = { apiVersion: "v1", kind: "Namespace", metadata: { name, uid: randomUUID(), creationTimestamp: now() } };
        applyDefaults(namespace);
        state.store.write(NAMESPACES, namespace);
      }
    },
  };
  state.controllers = new Controllers(state);
  state.reset();
  return state;
}
