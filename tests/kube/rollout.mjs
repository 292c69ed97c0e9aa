// The status the controller manager would give a workload once its rollout
// is over: all replicas updated, ready and available (what `kubectl rollout
// status` and `kubectl wait` look for), or none ready when it is stuck or
// failing. Zero counts are left out, as the real controllers' omitempty does.
// Times already in the status are kept, so computing it again changes nothing.
import { shortHash } from "./pods.mjs";
import { now } from "./clock.mjs";

/** A condition that keeps its lastTransitionTime while its status stays. */
function condition(previous, type, status, reason, message, extraTimes = []) {
  const old = (previous?.conditions ?? []).find((c) => c.type === type);
  const since = old && old.status === status ? old.lastTransitionTime : now();
  const times = Object.fromEntries(extraTimes.map((name) => [name, old && old.status === status ? old[name] : since]));
  return { type, status, ...times, lastTransitionTime: since, reason, message };
}

const counts = (fields) => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== 0));

function deployment(object, ready) {
  const { generation, name } = object.metadata;
  const replicas = object.spec.replicas ?? 1;
  const replicaSet = `${name}-${shortHash(object.spec.template ?? {}, 9)}`;
  const previous = object.status;
  return {
    observedGeneration: generation,
    ...counts({ replicas, updatedReplicas: replicas, readyReplicas: ready ? replicas : 0, availableReplicas: ready ? replicas : 0, unavailableReplicas: ready ? 0 : replicas }),
    conditions: [
      ready
        ? condition(previous, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", ["lastUpdateTime"])
        : condition(previous, "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", ["lastUpdateTime"]),
      ready
        ? condition(previous, "Progressing", "True", "NewReplicaSetAvailable", `ReplicaSet "${replicaSet}" has successfully progressed.`, ["lastUpdateTime"])
        : condition(previous, "Progressing", "True", "ReplicaSetUpdated", `ReplicaSet "${replicaSet}" is progressing.`, ["lastUpdateTime"]),
    ],
  };
}

function statefulSet(object, ready) {
  const replicas = object.spec.replicas ?? 1;
  const revision = `${object.metadata.name}-${shortHash(object.spec.template ?? {}, 10)}`;
  return {
    observedGeneration: object.metadata.generation,
    ...counts({ replicas, readyReplicas: ready ? replicas : 0, currentReplicas: replicas, updatedReplicas: replicas, availableReplicas: ready ? replicas : 0 }),
    currentRevision: revision,
    updateRevision: revision,
    collisionCount: 0,
  };
}

function daemonSet(object, ready, nodes) {
  return {
    observedGeneration: object.metadata.generation,
    currentNumberScheduled: nodes, numberMisscheduled: 0, desiredNumberScheduled: nodes,
    ...counts({ numberReady: ready ? nodes : 0, updatedNumberScheduled: nodes, numberAvailable: ready ? nodes : 0, numberUnavailable: ready ? 0 : nodes }),
  };
}

function replicaSet(object, ready) {
  const replicas = object.spec.replicas ?? 1;
  return {
    ...counts({ replicas, fullyLabeledReplicas: replicas, readyReplicas: ready ? replicas : 0, availableReplicas: ready ? replicas : 0 }),
    observedGeneration: object.metadata.generation,
  };
}

function job(object, mode) {
  const previous = object.status ?? {};
  const startTime = previous.startTime ?? now();
  if (mode?.state === "stuck") return { startTime, active: 1, ready: 0, uncountedTerminatedPods: {} };
  if (mode?.state === "failing") {
    const message = "Job has reached the specified backoff limit";
    return {
      conditions: [
        condition(previous, "FailureTarget", "True", "BackoffLimitExceeded", message, ["lastProbeTime"]),
        condition(previous, "Failed", "True", "BackoffLimitExceeded", message, ["lastProbeTime"]),
      ],
      startTime, failed: (object.spec.backoffLimit ?? 6) + 1, ready: 0, terminating: 0, uncountedTerminatedPods: {},
    };
  }
  const message = "Reached expected number of succeeded pods";
  return {
    conditions: [
      condition(previous, "SuccessCriteriaMet", "True", "CompletionsReached", message, ["lastProbeTime"]),
      condition(previous, "Complete", "True", "CompletionsReached", message, ["lastProbeTime"]),
    ],
    startTime, completionTime: previous.completionTime ?? now(),
    succeeded: object.spec.completions ?? 1, ready: 0, terminating: 0, uncountedTerminatedPods: {},
  };
}

function claim(object) {
  const storage = object.spec.resources?.requests?.storage;
  return { phase: "Bound", accessModes: object.spec.accessModes, ...(storage ? { capacity: { storage } } : {}) };
}

/** OBJECT's status in MODE (undefined: ready); SETTINGS.nodes is how many nodes a DaemonSet runs on. */
export function workloadStatus(object, mode, settings) {
  const ready = !mode;
  switch (object.kind) {
    case "Deployment": return deployment(object, ready);
    case "StatefulSet": return statefulSet(object, ready);
    case "DaemonSet": return daemonSet(object, ready, settings.nodes);
    case "ReplicaSet": return replicaSet(object, ready);
    case "Job": return job(object, mode);
    case "PersistentVolumeClaim": return claim(object);
    default: return object.status;
  }
}
