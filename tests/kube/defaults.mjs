// The few defaults of the real server that clients notice: those that
// `kubectl rollout status` reads (replicas, update strategies), list keys
// (port protocols), and what Services and Namespaces always carry. The real
// server sets many more (imagePullPolicy, dnsPolicy, terminationMessagePath...);
// README.md says so.
import { isMap } from "./apply.mjs";

const setDefault = (object, name, value) => {
  if (object[name] === undefined) object[name] = value;
};

function defaultPodSpec(spec) {
  if (!isMap(spec)) return;
  for (const list of ["containers", "initContainers", "ephemeralContainers"]) {
    for (const container of spec[list] ?? []) {
      for (const port of container?.ports ?? []) setDefault(port, "protocol", "TCP");
    }
  }
}

const defaulters = {
  Deployment(spec) {
    setDefault(spec, "replicas", 1);
    setDefault(spec, "strategy", { type: "RollingUpdate" });
    if (spec.strategy.type === "RollingUpdate") setDefault(spec.strategy, "rollingUpdate", { maxUnavailable: "25%", maxSurge: "25%" });
    setDefault(spec, "revisionHistoryLimit", 10);
    setDefault(spec, "progressDeadlineSeconds", 600);
    defaultPodSpec(spec.template?.spec);
  },
  StatefulSet(spec) {
    setDefault(spec, "replicas", 1);
    setDefault(spec, "podManagementPolicy", "OrderedReady");
    setDefault(spec, "updateStrategy", { type: "RollingUpdate" });
    if (spec.updateStrategy.type === "RollingUpdate") setDefault(spec.updateStrategy, "rollingUpdate", { partition: 0 });
    setDefault(spec, "revisionHistoryLimit", 10);
    defaultPodSpec(spec.template?.spec);
  },
  DaemonSet(spec) {
    setDefault(spec, "updateStrategy", { type: "RollingUpdate" });
    if (spec.updateStrategy.type === "RollingUpdate") setDefault(spec.updateStrategy, "rollingUpdate", { maxUnavailable: 1, maxSurge: 0 });
    setDefault(spec, "revisionHistoryLimit", 10);
    defaultPodSpec(spec.template?.spec);
  },
  ReplicaSet(spec) {
    setDefault(spec, "replicas", 1);
    defaultPodSpec(spec.template?.spec);
  },
  Job(spec) {
    if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
    setDefault(spec, "parallelism", 1);
    setDefault(spec, "backoffLimit", 6);
    setDefault(spec, "completionMode", "NonIndexed");
    setDefault(spec, "suspend", false);
    defaultPodSpec(spec.template?.spec);
  },
  CronJob(spec) {
    setDefault(spec, "concurrencyPolicy", "Allow");
    setDefault(spec, "suspend", false);
    setDefault(spec, "successfulJobsHistoryLimit", 3);
    setDefault(spec, "failedJobsHistoryLimit", 1);
    defaultPodSpec(spec.jobTemplate?.spec?.template?.spec);
  },
  Pod: defaultPodSpec,
  Service(spec) {
    setDefault(spec, "type", "ClusterIP");
    setDefault(spec, "sessionAffinity", "None");
    for (const port of spec.ports ?? []) {
      setDefault(port, "protocol", "TCP");
      setDefault(port, "targetPort", port.port);
    }
  },
  PersistentVolumeClaim(spec) {
    setDefault(spec, "volumeMode", "Filesystem");
  },
  Namespace(spec) {
    setDefault(spec, "finalizers", ["kubernetes"]);
  },
};

/** Sets OBJECT's defaults in place. */
export function applyDefaults(object) {
  const defaulter = defaulters[object.kind];
  if (!defaulter) return;
  if (!isMap(object.spec)) object.spec = {};
  defaulter(object.spec);
  if (object.kind === "Namespace") {
    // The API server labels every namespace with its name.
    object.metadata.labels = { ...object.metadata.labels, "kubernetes.io/metadata.name": object.metadata.name };
    object.status = { phase: "Active", ...object.status };
  }
}

/** Gives a new Service its cluster IP (10.96.0.0/16, in order), as the API server does at creation. */
export function assignClusterIP(object, state) {
  if (object.kind !== "Service" || object.spec.type === "ExternalName") return;
  const { spec } = object;
  if (spec.clusterIP === undefined || spec.clusterIP === "") {
    const n = ++state.servicesCreated;
    spec.clusterIP = `10.96.${(n >> 8) & 255}.${n & 255}`;
  }
  setDefault(spec, "clusterIPs", [spec.clusterIP]);
  setDefault(spec, "ipFamilies", ["IPv4"]);
  setDefault(spec, "ipFamilyPolicy", "SingleStack");
  setDefault(spec, "internalTrafficPolicy", "Cluster");
}
