// The objects whiskc may emit: each (apiVersion, kind) pair and the
// kubernetes-types module that declares it. A pair missing here is an error in
// a manifest (e.g. policy/v1beta1 PodDisruptionBudget, gone since 1.25), so a
// new kind in the compiler's output needs a line here first.
export const KINDS = [
  ["v1", "Namespace", "core/v1"],
  ["v1", "ServiceAccount", "core/v1"],
  ["v1", "ConfigMap", "core/v1"],
  ["v1", "Secret", "core/v1"],
  ["v1", "PersistentVolumeClaim", "core/v1"],
  ["v1", "Service", "core/v1"],
  ["v1", "Pod", "core/v1"],
  ["apps/v1", "Deployment", "apps/v1"],
  ["apps/v1", "StatefulSet", "apps/v1"],
  ["apps/v1", "DaemonSet", "apps/v1"],
  ["batch/v1", "Job", "batch/v1"],
  ["batch/v1", "CronJob", "batch/v1"],
  ["rbac.authorization.k8s.io/v1", "Role", "rbac/v1"],
  ["rbac.authorization.k8s.io/v1", "RoleBinding", "rbac/v1"],
  ["rbac.authorization.k8s.io/v1", "ClusterRole", "rbac/v1"],
  ["rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "rbac/v1"],
  ["policy/v1", "PodDisruptionBudget", "policy/v1"],
  ["autoscaling/v2", "HorizontalPodAutoscaler", "autoscaling/v2"],
  ["networking.k8s.io/v1", "NetworkPolicy", "networking/v1"],
  ["networking.k8s.io/v1", "Ingress", "networking/v1"],
].map(([apiVersion, kind, module]) => ({ apiVersion, kind, module }));

/** "apps/v1 Deployment": the key of a pair in the schemas and in messages. */
export function kindKey(apiVersion, kind) {
  return `${apiVersion} ${kind}`;
}
