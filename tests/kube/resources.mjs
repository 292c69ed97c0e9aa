// The resource types this server serves: what discovery announces and what the
// verbs need to know about each (scope, status subresource, generation).

const ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

/**
 * One resource type. `generation`: the real server keeps metadata.generation
 * for it (workloads and policies; not ConfigMaps, Services or RBAC).
 * `returnsDeleted`: DELETE answers with the object rather than a Status, as the
 * real registries of these types do.
 */
function type(groupVersion, resource, kind, options = {}) {
  const [group, version] = groupVersion.includes("/") ? groupVersion.split("/") : ["", groupVersion];
  return {
    group,
    version,
    apiVersion: groupVersion,
    resource,
    kind,
    singular: kind.toLowerCase(),
    namespaced: options.namespaced ?? true,
    shortNames: options.shortNames ?? [],
    categories: options.categories ?? [],
    status: options.status ?? false,
    generation: options.generation ?? false,
    returnsDeleted: options.returnsDeleted ?? false,
    verbs: options.verbs ?? ALL_VERBS,
  };
}

const ALL = ["all"];

export const RESOURCES = [
  type("v1", "namespaces", "Namespace", {
    namespaced: false, shortNames: ["ns"], status: true, returnsDeleted: true,
    verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
  }),
  type("v1", "configmaps", "ConfigMap", { shortNames: ["cm"] }),
  type("v1", "secrets", "Secret"),
  type("v1", "services", "Service", { shortNames: ["svc"], categories: ALL, status: true, returnsDeleted: true }),
  type("v1", "serviceaccounts", "ServiceAccount", { shortNames: ["sa"], returnsDeleted: true }),
  type("v1", "persistentvolumeclaims", "PersistentVolumeClaim", { shortNames: ["pvc"], status: true }),
  type("v1", "pods", "Pod", { shortNames: ["po"], categories: ALL, status: true, returnsDeleted: true }),
  type("v1", "endpoints", "Endpoints", { shortNames: ["ep"] }),
  type("v1", "events", "Event", { shortNames: ["ev"] }),
  type("apps/v1", "deployments", "Deployment", { shortNames: ["deploy"], categories: ALL, status: true, generation: true }),
  type("apps/v1", "statefulsets", "StatefulSet", { shortNames: ["sts"], categories: ALL, status: true, generation: true }),
  type("apps/v1", "daemonsets", "DaemonSet", { shortNames: ["ds"], categories: ALL, status: true, generation: true }),
  type("apps/v1", "replicasets", "ReplicaSet", { shortNames: ["rs"], categories: ALL, status: true, generation: true }),
  type("batch/v1", "jobs", "Job", { categories: ALL, status: true, generation: true }),
  type("batch/v1", "cronjobs", "CronJob", { shortNames: ["cj"], categories: ALL, status: true, generation: true }),
  type("rbac.authorization.k8s.io/v1", "roles", "Role"),
  type("rbac.authorization.k8s.io/v1", "rolebindings", "RoleBinding"),
  type("rbac.authorization.k8s.io/v1", "clusterroles", "ClusterRole", { namespaced: false }),
  type("rbac.authorization.k8s.io/v1", "clusterrolebindings", "ClusterRoleBinding", { namespaced: false }),
  type("policy/v1", "poddisruptionbudgets", "PodDisruptionBudget", { shortNames: ["pdb"], status: true, generation: true }),
  type("autoscaling/v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", {
    shortNames: ["hpa"], categories: ALL, status: true,
  }),
  type("networking.k8s.io/v1", "networkpolicies", "NetworkPolicy", { shortNames: ["netpol"], generation: true }),
  type("networking.k8s.io/v1", "ingresses", "Ingress", { shortNames: ["ing"], status: true, generation: true }),
  type("discovery.k8s.io/v1", "endpointslices", "EndpointSlice", { generation: true }),
];

/** The type served at GROUP/VERSION/RESOURCE, or undefined. */
export function findResource(group, version, resource) {
  return RESOURCES.find((rt) => rt.group === group && rt.version === version && rt.resource === resource);
}

/** The type of objects with this apiVersion and kind, or undefined. */
export function findKind(apiVersion, kind) {
  return RESOURCES.find((rt) => rt.apiVersion === apiVersion && rt.kind === kind);
}

/** "deployments.apps", or "configmaps" for the core group: how Status messages name a type. */
export function qualifiedResource(rt) {
  return rt.group ? `${rt.resource}.${rt.group}` : rt.resource;
}

/** The groups in the order discovery lists them, core ("") first, each with its one version. */
export function groupVersions() {
  const seen = new Map();
  for (const rt of RESOURCES) seen.set(rt.apiVersion, { group: rt.group, version: rt.version });
  return [...seen.values()];
}
