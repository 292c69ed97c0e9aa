// Simulated controllers: what the controller manager and the kubelets would
// make of the objects, after a delay (settings.controllerDelayMs). Workloads
// report a finished rollout, Jobs complete, claims bind; a workload marked
// "stuck" or "failing" through the control API gets pods that show it.
// Deleted namespaces are emptied, and objects held by the garbage collector's
// finalizers (foreground or orphan deletion) go.
import { findResource, RESOURCES } from "./resources.mjs";
import { ApiError } from "./status.mjs";
import { remove } from "./delete.mjs";
import { create, update } from "./verbs.mjs";
import { podsFor, podStatus } from "./pods.mjs";
import { workloadStatus } from "./rollout.mjs";

const PODS = findResource("", "v1", "pods");
const NAMESPACES = findResource("", "v1", "namespaces");
const GC_FINALIZERS = new Set(["foregroundDeletion", "orphan"]);
const WORKLOADS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "PersistentVolumeClaim"]);

/** A request context for acting as a controller through the verbs (so managedFields record it). */
function controllerContext(state, rt, namespace, name, extra = {}) {
  return {
    state, rt, namespace, name, subresource: extra.subresource,
    query: new URLSearchParams({ fieldManager: "kube-controller-manager" }),
    body: Buffer.from(JSON.stringify(extra.body ?? {})), contentType: "application/json",
    userAgent: "kube-controller-manager/v1.32.0", user: "system:kube-controller-manager",
  };
}

const storeKey = (rt, object) => `${rt.resource}/${object.metadata.namespace ?? ""}/${object.metadata.name}`;

export class Controllers {
  constructor(state) {
    this.state = state;
    this.timers = new Map();
    // Workload key -> {state: "stuck"|"failing", initContainer?, container?, initState?}.
    this.modes = new Map();
    state.store.subscribe((event) => this.observe(event));
  }

  /** Marks a workload as "ready" (the default), "stuck" in an init container, or "failing" (CrashLoopBackOff). */
  setMode(rt, namespace, name, mode) {
    const key = `${rt.resource}/${namespace ?? ""}/${name}`;
    if (mode.state === "ready") this.modes.delete(key);
    else this.modes.set(key, mode);
    this.schedule(key, () => this.reconcile(rt, namespace, name), 0);
  }

  reset() {
    this.modes.clear();
    this.stop();
  }

  stop() {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  schedule(key, work, delay = this.state.settings.controllerDelayMs) {
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      try {
        work();
      } catch (error) {
        // A client changed the object in between: the next event reschedules.
        if (!(error instanceof ApiError)) throw error;
      }
    }, delay));
  }

  observe({ type, rt, object }) {
    const key = storeKey(rt, object);
    if (type === "DELETED") {
      if (object.metadata.uid) this.schedule(`gc/${object.metadata.uid}`, () => this.deleteDependents(object.metadata.uid));
      return;
    }
    if (object.metadata.deletionTimestamp) {
      if (rt === NAMESPACES) this.schedule(key, () => this.finalizeNamespace(object.metadata.name));
      else if ((object.metadata.finalizers ?? []).every((f) => GC_FINALIZERS.has(f))) {
        this.schedule(key, () => this.finishDeletion(rt, object));
      }
      return;
    }
    if (WORKLOADS.has(rt.kind)) this.schedule(key, () => this.reconcile(rt, object.metadata.namespace, object.metadata.name));
  }

  reconcile(rt, namespace, name) {
    const object = this.state.store.get(rt, namespace, name);
    if (!object || object.metadata.deletionTimestamp) return;
    const mode = this.modes.get(`${rt.resource}/${namespace ?? ""}/${name}`);
    if (rt.kind !== "PersistentVolumeClaim") this.syncPods(rt, object, mode);
    const status = workloadStatus(object, mode, this.state.settings);
    if (JSON.stringify(status) === JSON.stringify(object.status ?? {})) return;
    const body = { ...object, status };
    update(controllerContext(this.state, rt, namespace, name, { subresource: "status", body }));
  }

  /** Pods exist only for stuck or failing workloads, to show why they are not ready. */
  syncPods(rt, owner, mode) {
    const wanted = mode ? podsFor(owner, mode) : [];
    const { namespace } = owner.metadata;
    const existing = this.state.store.list(PODS, namespace)
      .filter((pod) => (pod.metadata.ownerReferences ?? []).some((ref) => ref.uid === owner.metadata.uid));
    for (const pod of existing) {
      if (!wanted.some((w) => w.metadata.name === pod.metadata.name)) {
        remove(controllerContext(this.state, PODS, namespace, pod.metadata.name));
      }
    }
    for (const pod of wanted) {
      const current = existing.find((p) => p.metadata.name === pod.metadata.name);
      if (!current) create(controllerContext(this.state, PODS, namespace, undefined, { body: pod }));
      const live = this.state.store.get(PODS, namespace, pod.metadata.name);
      const status = podStatus(live, mode);
      if (JSON.stringify(status) !== JSON.stringify(live.status ?? {})) {
        update(controllerContext(this.state, PODS, namespace, live.metadata.name, { subresource: "status", body: { ...live, status } }));
      }
    }
  }

  deleteDependents(uid) {
    for (const { rt, object } of this.state.store.all()) {
      if ((object.metadata.ownerReferences ?? []).some((ref) => ref.uid === uid)) this.state.store.remove(rt, object);
    }
  }

  finishDeletion(rt, object) {
    const live = this.state.store.get(rt, object.metadata.namespace, object.metadata.name);
    if (!live) return;
    if (live.metadata.finalizers.includes("foregroundDeletion")) this.deleteDependents(live.metadata.uid);
    live.metadata.finalizers = live.metadata.finalizers.filter((f) => !GC_FINALIZERS.has(f));
    if (live.metadata.finalizers.length === 0) this.state.store.remove(rt, live);
    else this.state.store.write(rt, live);
  }

  finalizeNamespace(name) {
    for (const rt of RESOURCES.filter((r) => r.namespaced)) {
      for (const object of this.state.store.list(rt, name)) this.state.store.remove(rt, object);
    }
    const namespace = this.state.store.get(NAMESPACES, undefined, name);
    if (namespace) this.state.store.remove(NAMESPACES, namespace);
  }
}
