// The pods of a workload marked "stuck" or "failing", and their status as a
// kubelet would report it: a pod stuck in Init (one init container running or
// waiting) or one container in CrashLoopBackOff. Times derive from the pod's
// creation so that the status is the same each time it is computed.
import { createHash } from "node:crypto";

/** A short stable hash in the alphabet of generated names, as in pod-template-hash. */
export function shortHash(value, length = 10) {
  const alphabet = "bcdfghjklmnpqrstvwxz2456789";
  const bytes = createHash("sha256").update(JSON.stringify(value)).digest();
  return [...bytes.subarray(0, length)].map((b) => alphabet[b % alphabet.length]).join("");
}

// Enough pods to show the state; a real rollout's hundreds would add nothing.
const MAX_PODS = 3;

function podName(owner, index, templateHash) {
  const { name, uid } = owner.metadata;
  if (owner.kind === "StatefulSet") return `${name}-${index}`;
  const suffix = shortHash([uid, index], 5);
  return owner.kind === "Deployment" ? `${name}-${templateHash}-${suffix}` : `${name}-${suffix}`;
}

/** The pods a stuck or failing OWNER shows, without status. */
export function podsFor(owner) {
  const template = owner.spec.template ?? {};
  const count = ["DaemonSet", "Job"].includes(owner.kind) ? 1 : Math.min(owner.spec.replicas ?? 1, MAX_PODS);
  const templateHash = shortHash(template, 9);
  const labels = { ...template.metadata?.labels, ...(owner.kind === "Deployment" ? { "pod-template-hash": templateHash } : {}) };
  return Array.from({ length: count }, (_, index) => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: podName(owner, index, templateHash),
      namespace: owner.metadata.namespace,
      labels,
      ownerReferences: [{
        apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid,
        controller: true, blockOwnerDeletion: true,
      }],
    },
    spec: { ...template.spec, nodeName: "whisk-test-node" },
  }));
}

const waiting = (c, reason, message) => ({
  name: c.name, state: { waiting: { reason, ...(message ? { message } : {}) } }, ready: false, restartCount: 0, image: c.image, imageID: "", started: false,
});
const running = (c, since, ready) => ({
  name: c.name, state: { running: { startedAt: since } }, ready, restartCount: 0, image: c.image, imageID: "", started: true,
});
const completed = (c, since) => ({
  name: c.name, state: { terminated: { exitCode: 0, reason: "Completed", startedAt: since, finishedAt: since } },
  ready: true, restartCount: 0, image: c.image, imageID: "", started: false,
});

const condition = (type, status, since, reason, message) => ({
  type, status, lastProbeTime: null, lastTransitionTime: since, ...(reason ? { reason, message } : {}),
});

/** The status of POD for MODE {state: "stuck"|"failing", initContainer?, initState?, reason?, container?}. */
export function podStatus(pod, mode) {
  const since = pod.metadata.creationTimestamp;
  const inits = pod.spec.initContainers ?? [];
  const containers = pod.spec.containers ?? [];
  const names = (list) => `[${list.map((c) => c.name).join(" ")}]`;
  const base = { hostIP: "192.0.2.10", podIP: `10.244.0.${(parseInt(pod.metadata.uid.slice(0, 2), 16) % 250) + 2}`, startTime: since, qosClass: "BestEffort" };

  if (mode.state === "stuck") {
    const at = Math.max(0, inits.findIndex((c) => c.name === mode.initContainer));
    const initStatuses = inits.map((c, i) => {
      if (i < at) return completed(c, since);
      if (i > at) return waiting(c, "PodInitializing");
      return mode.initState === "waiting" ? waiting(c, mode.reason ?? "PodInitializing", mode.message) : running(c, since, false);
    });
    const blocked = inits.length > 0 ? inits.slice(at) : [];
    return {
      phase: "Pending",
      conditions: [
        condition("PodReadyToStartContainers", "True", since),
        condition("Initialized", blocked.length ? "False" : "True", since, blocked.length ? "ContainersNotInitialized" : undefined, `containers with incomplete status: ${names(blocked)}`),
        condition("Ready", "False", since, "ContainersNotReady", `containers with unready status: ${names(containers)}`),
        condition("ContainersReady", "False", since, "ContainersNotReady", `containers with unready status: ${names(containers)}`),
        condition("PodScheduled", "True", since),
      ],
      ...base,
      ...(inits.length ? { initContainerStatuses: initStatuses } : {}),
      containerStatuses: containers.map((c) => waiting(c, inits.length ? "PodInitializing" : "ContainerCreating")),
    };
  }

  const failing = containers.find((c) => c.name === mode.container) ?? containers[0];
  const crashing = {
    ...waiting(failing, "CrashLoopBackOff",
      `back-off 5m0s restarting failed container=${failing.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`),
    lastState: { terminated: { exitCode: 1, reason: "Error", startedAt: since, finishedAt: since } },
    restartCount: 5,
  };
  return {
    phase: "Running",
    conditions: [
      condition("PodReadyToStartContainers", "True", since),
      condition("Initialized", "True", since),
      condition("Ready", "False", since, "ContainersNotReady", `containers with unready status: [${failing.name}]`),
      condition("ContainersReady", "False", since, "ContainersNotReady", `containers with unready status: [${failing.name}]`),
      condition("PodScheduled", "True", since),
    ],
    ...base,
    ...(inits.length ? { initContainerStatuses: inits.map((c) => completed(c, since)) } : {}),
    containerStatuses: containers.map((c) => (c === failing ? crashing : running(c, since, true))),
  };
}
