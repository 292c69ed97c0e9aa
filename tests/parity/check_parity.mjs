// Checks the flagship example against the facts of the OpenWhisk Helm chart.
//   node tests/parity/check_parity.mjs --whiskc PATH_TO_WHISKC --root REPO_ROOT [--facts FILE]
// Compiles the example of the facts file (openwhisk-facts.json beside this
// script unless --facts says otherwise) with its values file, instance and
// namespace, as a JSON v1 List, and prints one line per fact the output breaks,
// then a summary. Exit 0 when every fact holds, 1 on any mismatch or when
// whiskc fails, 2 on a usage error. README.md describes the facts.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runWhiskc } from "../lib/run_whiskc.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"]);
const CLUSTER_KINDS = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass"]);

// ---- reading whiskc's output --------------------------------------------------

/** Runs whiskc without a shell; returns { list } or { failure }. */
function compile(whiskc, root, facts) {
  const args = [
    "compile", path.join(root, facts.example),
    ...(facts.values ? ["-f", path.join(root, facts.values)] : []),
    "--instance", facts.instance, "--namespace", facts.namespace, "--format", "json",
  ];
  const run = runWhiskc(whiskc, args);
  if (run.failure) return { failure: run.failure };
  const command = `whiskc ${args.join(" ")}`;
  let list;
  try {
    list = JSON.parse(run.stdout);
  } catch (error) {
    return { failure: `${command}: output is not JSON: ${error.message}` };
  }
  if (list?.apiVersion !== "v1" || list?.kind !== "List" || !Array.isArray(list.items)) {
    return { failure: `${command}: output is not a v1 List` };
  }
  return { list };
}

/** The output's objects by "Kind name". */
function indexObjects(items) {
  const index = new Map();
  for (const item of items) index.set(`${item.kind} ${item.metadata?.name}`, item);
  return index;
}

function podTemplate(object) {
  if (object.kind === "CronJob") return object.spec?.jobTemplate?.spec?.template ?? {};
  return object.spec?.template ?? {};
}

/** The main container: the one named after the component, else the first. */
function mainContainer(object, component) {
  const containers = podTemplate(object).spec?.containers ?? [];
  return containers.find((c) => c.name === component) ?? containers[0] ?? {};
}

// ---- small helpers --------------------------------------------------------------

const sorted = (values) => [...new Set(values)].sort();
const sameSet = (a, b) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
const listed = (values) => (values.length === 0 ? "none" : sorted(values).join(", "));
const shorten = (text, limit = 100) => (text.length > limit ? `${text.slice(0, limit)}...` : text);

/** "expected X, got Y" for two sets, with what is missing and what is extra (each with a prefix). */
function setDifference(what, expected, got, prefix = "") {
  const missing = sorted(expected).filter((x) => !got.includes(x)).map((x) => prefix + x);
  const extra = sorted(got).filter((x) => !expected.includes(x)).map((x) => prefix + x);
  const parts = [];
  if (missing.length > 0) parts.push(`missing ${missing.join(", ")}`);
  if (extra.length > 0) parts.push(`unexpected ${extra.join(", ")}`);
  return `${what} ${listed(expected)} expected, got ${listed(got)} (${parts.join("; ")})`;
}

/** Whether a label selector ({matchLabels, matchExpressions}) picks a pod with these labels. */
function selects(selector, labels) {
  if (!selector) return true;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, key);
    if (operator === "In" && !(has && values.includes(labels[key]))) return false;
    if (operator === "NotIn" && has && values.includes(labels[key])) return false;
    if (operator === "Exists" && !has) return false;
    if (operator === "DoesNotExist" && has) return false;
  }
  return true;
}

function portNumber(port, container) {
  if (typeof port === "number") return port;
  const named = (container.ports ?? []).find((p) => p.name === port);
  return named ? named.containerPort : port;
}

function envSource(variable) {
  const from = variable.valueFrom;
  if (!from) return "a literal value";
  if (from.secretKeyRef) return `secret ${from.secretKeyRef.name}/${from.secretKeyRef.key}`;
  if (from.configMapKeyRef) return `config ${from.configMapKeyRef.name}/${from.configMapKeyRef.key}`;
  if (from.fieldRef) return `field ${from.fieldRef.fieldPath}`;
  return `${Object.keys(from)[0]}`;
}

/** The variables a container gets from whole ConfigMaps and Secrets (`envFrom`) of the output. */
function envFromNames(container, index) {
  return (container.envFrom ?? []).flatMap((source) => {
    const ref = source.configMapRef ? `ConfigMap ${source.configMapRef.name}` : `Secret ${source.secretRef?.name}`;
    const object = index.get(ref);
    const keys = [...Object.keys(object?.data ?? {}), ...Object.keys(object?.stringData ?? {})];
    return keys.map((key) => `${source.prefix ?? ""}${key}`);
  });
}

// ---- the wait graph -------------------------------------------------------------

/** Component name of a workload fact: its whisk name without "<instance>-". */
function componentOf(fact, instance) {
  const name = fact.whisk_name ?? fact.name;
  return name.startsWith(`${instance}-`) ? name.slice(instance.length + 1) : name;
}

/** The facts' wait edges after transitive reduction, and the edges it dropped. */
function reducedWaits(workloads, instance) {
  const edges = new Map(workloads.map((f) => [componentOf(f, instance), f.waits_for ?? []]));
  const reaches = (from, to, seen = new Set()) => {
    if (from === to) return true;
    if (seen.has(from)) return false;
    seen.add(from);
    return (edges.get(from) ?? []).some((next) => reaches(next, to, seen));
  };
  const reduced = new Map();
  const dropped = [];
  for (const [component, targets] of edges) {
    const kept = targets.filter((target) => !targets.some((other) => other !== target && reaches(other, target)));
    for (const target of targets) if (!kept.includes(target)) dropped.push(`${component} -> ${target}`);
    reduced.set(component, kept);
  }
  return { reduced, dropped };
}

// ---- per-fact checks; each returns a list of problems ---------------------------

function probeWanted(fact) {
  if (fact.http !== undefined) return `http GET ${fact.http} on ${fact.port}`;
  if (fact.tcp !== undefined) return `tcp ${fact.tcp}`;
  return `exec containing "${fact.exec}"`;
}

function probeGot(probe, container) {
  if (!probe) return "none";
  if (probe.httpGet) return `http GET ${probe.httpGet.path} on ${portNumber(probe.httpGet.port, container)}`;
  if (probe.tcpSocket) return `tcp ${portNumber(probe.tcpSocket.port, container)}`;
  if (probe.exec) return `exec "${shorten((probe.exec.command ?? []).join(" "), 60)}"`;
  return Object.keys(probe).join(", ");
}

function probeMatches(fact, probe, container) {
  if (!probe) return false;
  if (fact.http !== undefined) {
    return probe.httpGet?.path === fact.http && portNumber(probe.httpGet.port, container) === fact.port;
  }
  if (fact.tcp !== undefined) {
    return probe.tcpSocket !== undefined && portNumber(probe.tcpSocket.port, container) === fact.tcp;
  }
  return probe.exec !== undefined && (probe.exec.command ?? []).join(" ").includes(fact.exec);
}

function checkMount(mount, object, container) {
  const mounts = container.volumeMounts ?? [];
  const directory = path.posix.dirname(mount.path);
  const used = mounts.find((m) => m.mountPath === mount.path) ??
    (mount.file ? mounts.find((m) => m.mountPath === directory) : undefined);
  if (!used) return [`nothing mounted at ${mount.path}${mount.file ? ` or ${directory}` : ""}`];
  const volume = (podTemplate(object).spec?.volumes ?? []).find((v) => v.name === used.name);
  const template = (object.spec?.volumeClaimTemplates ?? []).find((t) => t.metadata?.name === used.name);
  const got = volume?.persistentVolumeClaim ? `claim ${volume.persistentVolumeClaim.claimName}`
    : volume?.configMap ? `config ${volume.configMap.name}`
    : volume?.secret ? `secret ${volume.secret.secretName}`
    : volume?.emptyDir ? "scratch"
    : template ? `claim template ${template.metadata.name}`
    : "no volume";
  const wanted = mount.claim ? `claim ${mount.claim}` : mount.config ? `config ${mount.config}`
    : mount.secret ? `secret ${mount.secret}` : "scratch";
  const ok = mount.claim ? got === wanted || (template !== undefined && object.kind === "StatefulSet") : got === wanted;
  return ok ? [] : [`${used.mountPath}: ${wanted} expected, got ${got}`];
}

function checkPlacement(profile, object, name) {
  const problems = [];
  const spec = podTemplate(object).spec ?? {};
  const labels = podTemplate(object).metadata?.labels ?? {};
  const affinity = spec.affinity ?? {};
  const term = (e, weight) => `${e.key} ${e.operator} ${(e.values ?? []).join("|")}${weight ? ` (${weight})` : ""}`;
  const preferred = (affinity.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
    .flatMap((t) => (t.preference?.matchExpressions ?? []).map((e) => term(e, t.weight)));
  const required = (affinity.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [])
    .flatMap((t) => (t.matchExpressions ?? []).map((e) => term(e)));
  const wantPreferred = profile.prefer.map(([key, operator, values, w]) => term({ key, operator, values }, w));
  const wantRequired = profile.require.map(([key, operator, values]) => term({ key, operator, values }));
  if (!sameSet(preferred, wantPreferred)) {
    problems.push(setDifference(`preferred node affinity (${name})`, wantPreferred, preferred));
  }
  if (!sameSet(required, wantRequired)) {
    problems.push(setDifference(`required node affinity (${name})`, wantRequired, required));
  }
  const spread = (affinity.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [])
    .some((t) => t.topologyKey === "kubernetes.io/hostname" && selects(t.labelSelector, labels));
  if (spread !== profile.spread) {
    problems.push(profile.spread
      ? `at most one pod per node expected (required pod anti-affinity on kubernetes.io/hostname), got none (${name})`
      : `no required pod anti-affinity on kubernetes.io/hostname expected, got one (${name})`);
  }
  const tolerations = (spec.tolerations ?? []).map((t) => `${t.key}=${t.value ?? ""}:${t.effect ?? ""}`);
  const wantTolerations = profile.tolerate.map(([key, value, effect]) => `${key}=${value}:${effect}`);
  if (!sameSet(tolerations, wantTolerations)) {
    problems.push(setDifference(`tolerations (${name})`, wantTolerations, tolerations));
  }
  return problems;
}

function checkWorkload(fact, object, context) {
  const problems = [];
  const component = componentOf(fact, context.instance);
  const container = mainContainer(object, component);
  const spec = podTemplate(object).spec ?? {};

  if (fact.image !== undefined && container.image !== fact.image) {
    problems.push(`image ${fact.image} expected, got ${container.image ?? "none"}`);
  }
  if (fact.ports !== undefined) {
    const ports = (container.ports ?? []).map((p) => p.containerPort);
    if (!sameSet(ports, fact.ports)) {
      problems.push(setDifference("container ports", fact.ports.map(String), ports.map(String)));
    }
  }
  if (fact.replicas !== undefined && (object.spec?.replicas ?? 1) !== fact.replicas) {
    problems.push(`replicas ${fact.replicas} expected, got ${object.spec?.replicas ?? 1}`);
  }
  if (fact.strategy !== undefined && (object.spec?.strategy?.type ?? "RollingUpdate") !== fact.strategy) {
    problems.push(`update strategy ${fact.strategy} expected, got ${object.spec?.strategy?.type ?? "RollingUpdate"}`);
  }
  if (fact.backoff_limit !== undefined && (object.spec?.backoffLimit ?? 6) !== fact.backoff_limit) {
    problems.push(`backoffLimit ${fact.backoff_limit} expected, got ${object.spec?.backoffLimit ?? 6}`);
  }
  if (fact.service_name !== undefined && object.spec?.serviceName !== fact.service_name) {
    problems.push(`serviceName ${fact.service_name} expected, got ${object.spec?.serviceName ?? "none"}`);
  }
  if (fact.runs !== undefined) {
    const text = [...(container.command ?? []), ...(container.args ?? [])].join(" ");
    if (!text.includes(fact.runs)) problems.push(`command should contain "${fact.runs}", got "${shorten(text)}"`);
  }
  const env = container.env ?? [];
  const names = [...env.map((e) => e.name), ...envFromNames(container, context.index)];
  const missing = (fact.env ?? []).filter((n) => !names.includes(n));
  if (missing.length > 0) problems.push(`env variables missing: ${missing.join(", ")}`);
  for (const [variable, ref] of Object.entries(fact.env_secret ?? {})) {
    const found = env.find((e) => e.name === variable);
    if (!found) { if (!missing.includes(variable)) problems.push(`env variables missing: ${variable}`); continue; }
    if (envSource(found) !== `secret ${ref}`) {
      problems.push(`env ${variable}: secret ${ref} expected, got ${envSource(found)}`);
    }
  }
  for (const [variable, field] of Object.entries(fact.env_field ?? {})) {
    const found = env.find((e) => e.name === variable);
    if (!found) { if (!missing.includes(variable)) problems.push(`env variables missing: ${variable}`); continue; }
    if (envSource(found) !== `field ${field}`) {
      problems.push(`env ${variable}: field ${field} expected, got ${envSource(found)}`);
    }
  }
  for (const mount of fact.mounts ?? []) problems.push(...checkMount(mount, object, container));
  for (const [key, label, field] of [["ready", "readiness", "readinessProbe"], ["live", "liveness", "livenessProbe"]]) {
    if (!fact[key]) continue;
    if (!probeMatches(fact[key], container[field], container)) {
      problems.push(`${label} probe ${probeWanted(fact[key])} expected, got ${probeGot(container[field], container)}`);
    }
  }
  if (fact.placement !== undefined) {
    const profile = context.facts.placements[fact.placement];
    if (!profile) problems.push(`facts: unknown placement ${fact.placement}`);
    else problems.push(...checkPlacement(profile, object, fact.placement));
  }
  if (fact.service_account !== undefined && spec.serviceAccountName !== fact.service_account) {
    problems.push(`service account ${fact.service_account} expected, got ${spec.serviceAccountName ?? "the default"}`);
  }
  if (fact.waits_for !== undefined) {
    const waits = (spec.initContainers ?? []).filter((c) => c.name.startsWith("wait-")).map((c) => c.name.slice(5));
    const expected = context.waits.get(component) ?? [];
    if (!sameSet(waits, expected)) problems.push(setDifference("waits for", expected, waits, "wait-"));
  }
  return problems;
}

function checkService(fact, object, context) {
  const problems = [];
  const spec = object.spec ?? {};
  const type = spec.type ?? "ClusterIP";
  if (fact.type !== undefined && type !== fact.type) problems.push(`type ${fact.type} expected, got ${type}`);
  const headless = spec.clusterIP === "None";
  if (fact.headless !== undefined && headless !== fact.headless) {
    problems.push(fact.headless
      ? "headless (clusterIP None) expected, got a cluster IP"
      : "a cluster IP expected, got headless (clusterIP None)");
  }
  for (const port of fact.ports ?? []) {
    const found = (spec.ports ?? []).find((p) => p.port === port.port);
    if (!found) {
      problems.push(`port ${port.port} missing (has ${listed((spec.ports ?? []).map((p) => String(p.port)))})`);
    } else if (port.nodePort !== undefined && found.nodePort !== port.nodePort) {
      problems.push(`port ${port.port}: node port ${port.nodePort} expected, got ${found.nodePort ?? "none"}`);
    }
  }
  if (fact.selects !== undefined) {
    const workload = context.index.get(fact.selects);
    const labels = workload ? podTemplate(workload).metadata?.labels ?? {} : null;
    // A missing workload is reported by its own fact.
    if (workload && (!spec.selector || !selects({ matchLabels: spec.selector }, labels))) {
      problems.push(`selector ${JSON.stringify(spec.selector ?? {})} does not pick the pods of ${fact.selects}`);
    }
  }
  return problems;
}

function checkKeys(fact, object) {
  const problems = [];
  const keys = [object.data, object.binaryData, object.stringData].flatMap((entries) => Object.keys(entries ?? {}));
  if (fact.keys !== undefined && !sameSet(keys, fact.keys)) problems.push(setDifference("keys", fact.keys, keys));
  if (fact.type !== undefined && (object.type ?? "Opaque") !== fact.type) {
    problems.push(`type ${fact.type} expected, got ${object.type ?? "Opaque"}`);
  }
  return problems;
}

function checkClaimSpec(fact, spec, where) {
  const problems = [];
  const size = spec?.resources?.requests?.storage;
  if (fact.size !== undefined && size !== fact.size) {
    problems.push(`${where}size ${fact.size} expected, got ${size ?? "none"}`);
  }
  const access = spec?.accessModes ?? [];
  if (fact.access !== undefined && !sameSet(access, fact.access)) {
    problems.push(setDifference(`${where}access modes`, fact.access, access));
  }
  return problems;
}

/** A claim the output lacks may be a claim template of its StatefulSet (whisk's per-replica claim). */
function checkMissingClaim(fact, context) {
  const owner = fact.template_of && context.index.get(fact.template_of.workload);
  if (!owner) return null;
  const container = mainContainer(owner, componentOf({ name: owner.metadata.name }, context.instance));
  const mount = (container.volumeMounts ?? []).find((m) => m.mountPath === fact.template_of.path);
  const template = mount && (owner.spec?.volumeClaimTemplates ?? []).find((t) => t.metadata?.name === mount.name);
  if (!template) return null;
  const where = `claim template ${template.metadata.name} of ${fact.template_of.workload}: `;
  return checkClaimSpec(fact, template.spec, where);
}

/** "verb resource[.group] [names]" for every (verb, resource) a grant or rule gives. */
function grantTriples(grant) {
  const groups = grant.apiGroups ?? [grant.group ?? ""];
  const names = grant.resourceNames ?? grant.names ?? null;
  return groups.flatMap((group) => (grant.resources ?? []).flatMap((resource) => (grant.verbs ?? []).map((verb) => ({
    key: `${verb} ${resource}${group ? `.${group}` : ""}`, names,
  }))));
}
const shownGrant = (t) => `${t.key}${t.names ? ` (${t.names.join(", ")})` : ""}`;

function checkRole(fact, object) {
  const problems = [];
  const granted = (object.rules ?? []).flatMap(grantTriples);
  for (const want of (fact.must ?? []).flatMap(grantTriples)) {
    const covered = granted.some((g) => g.key === want.key &&
      (g.names === null || (want.names ?? []).every((n) => g.names.includes(n))));
    if (!covered) problems.push(`must grant ${shownGrant(want)}, does not`);
  }
  const may = (fact.may === "must" ? fact.must : fact.may);
  if (may !== undefined) {
    const allowed = may.flatMap(grantTriples);
    for (const got of granted) {
      const covered = allowed.some((a) => a.key === got.key &&
        (a.names === null || (got.names !== null && got.names.every((n) => a.names.includes(n)))));
      if (!covered) problems.push(`grants ${shownGrant(got)}: more than least privilege allows`);
    }
  }
  return problems;
}

function checkRoleBinding(fact, object, context) {
  const problems = [];
  const ref = object.roleRef ?? {};
  if (fact.role !== undefined && (ref.kind !== "Role" || ref.name !== fact.role)) {
    problems.push(`binds Role ${fact.role} expected, got ${ref.kind ?? "?"} ${ref.name ?? "?"}`);
  }
  if (fact.service_account !== undefined) {
    const found = (object.subjects ?? []).some((s) => s.kind === "ServiceAccount" && s.name === fact.service_account &&
      (s.namespace === undefined || s.namespace === context.namespace));
    if (!found) problems.push(`subject ServiceAccount ${fact.service_account} missing`);
  }
  return problems;
}

function checkObjectFact(fact, context) {
  const kind = fact.whisk_kind ?? fact.kind;
  const name = fact.whisk_name ?? fact.name;
  const renamed = kind !== fact.kind || name !== fact.name;
  const label = `${kind} ${name}${renamed ? ` (chart: ${fact.kind} ${fact.name})` : ""}`;
  const object = context.index.get(`${kind} ${name}`);
  let problems;
  if (!object) {
    problems = (kind === "PersistentVolumeClaim" && checkMissingClaim(fact, context)) || ["missing"];
  } else if (WORKLOAD_KINDS.has(kind)) problems = checkWorkload(fact, object, context);
  else if (kind === "Service") problems = checkService(fact, object, context);
  else if (kind === "ConfigMap" || kind === "Secret") problems = checkKeys(fact, object);
  else if (kind === "PersistentVolumeClaim") problems = checkClaimSpec(fact, object.spec, "");
  else if (kind === "Role") problems = checkRole(fact, object);
  else if (kind === "RoleBinding") problems = checkRoleBinding(fact, object, context);
  else problems = [];
  return problems.map((problem) => `${label}: ${problem}`);
}

// ---- network policies, by what they admit ---------------------------------------

function ingressPolicies(items) {
  return items.filter((o) => o.kind === "NetworkPolicy" && (o.spec?.policyTypes ?? ["Ingress"]).includes("Ingress"));
}
const openToAll = (rule) => !rule.from || rule.from.length === 0;
const coversPort = (rule, port) => !rule.ports || rule.ports.length === 0 ||
  rule.ports.some((p) => p.port === port || (p.endPort !== undefined && p.port <= port && port <= p.endPort));

/** Whether a rule admits a pod of this namespace with these labels. */
function admits(rule, labels) {
  if (openToAll(rule)) return true;
  return rule.from.some((peer) => peer.ipBlock !== undefined ||
    (peer.podSelector ? selects(peer.podSelector, labels) : peer.namespaceSelector !== undefined));
}

function checkNetworkPolicies(context) {
  const section = context.facts.network_policies;
  if (!section) return [];
  const policies = ingressPolicies(context.items);
  const userAction = section.user_action_pod ?? {};
  const userActionText = Object.entries(userAction).map(([k, v]) => `${k}=${v}`).join(",");
  const workloads = context.items.filter((o) => WORKLOAD_KINDS.has(o.kind));
  const labelsOf = (object) => podTemplate(object).metadata?.labels ?? {};
  const selecting = (labels) => policies.filter((p) => selects(p.spec?.podSelector ?? {}, labels));
  const problems = [];

  for (const fact of section.facts ?? []) {
    const label = `NetworkPolicy (chart: ${fact.chart_name})`;
    const say = (problem) => problems.push(`${label}: ${problem}`);
    // A workload the output lacks is reported by its own fact; here it is skipped.
    const workload = (name) => context.index.get(name);
    if (fact.check === "isolated") {
      for (const object of workloads) {
        if (selecting(labelsOf(object)).length === 0) {
          say(`no policy restricts ingress to the pods of ${object.kind} ${object.metadata.name}`);
        }
      }
      if (selecting(userAction).length === 0) {
        say(`no policy restricts ingress to user-action pods (${userActionText})`);
      }
    } else if (fact.check === "closed_to_user_actions") {
      for (const name of fact.workloads) {
        const object = workload(name);
        if (!object) continue;
        for (const policy of selecting(labelsOf(object))) {
          for (const rule of policy.spec?.ingress ?? []) {
            const through = `through NetworkPolicy ${policy.metadata.name}`;
            if (openToAll(rule)) say(`${name} admits anyone ${through}`);
            else if (admits(rule, userAction)) say(`${name} admits user-action pods ${through}`);
          }
        }
      }
    } else if (fact.check === "open_to_all") {
      for (const target of fact.targets) {
        const object = workload(target.workload);
        if (!object) continue;
        const rules = selecting(labelsOf(object)).flatMap((p) => p.spec?.ingress ?? []);
        for (const port of target.ports) {
          if (!rules.some((rule) => openToAll(rule) && coversPort(rule, port))) {
            say(`${target.workload} port ${port} is not open to all`);
          }
        }
      }
    } else if (fact.check === "actions_only_from") {
      const source = workload(fact.from);
      if (!source) continue;
      const others = workloads.filter((o) => o !== source);
      const guarding = selecting(userAction);
      const rules = guarding.flatMap((p) => (p.spec?.ingress ?? []).map((rule) => ({ policy: p.metadata.name, rule })));
      if (guarding.length === 0) say(`no policy selects user-action pods (${userActionText})`);
      else if (!rules.some(({ rule }) => admits(rule, labelsOf(source)))) {
        say(`user-action pods do not admit the pods of ${fact.from}`);
      }
      for (const { policy, rule } of rules) {
        if (openToAll(rule)) { say(`user-action pods admit anyone through NetworkPolicy ${policy}`); continue; }
        const also = others.filter((o) => admits(rule, labelsOf(o))).map((o) => `${o.kind} ${o.metadata.name}`);
        if (rule.from.some((peer) => !peer.podSelector)) {
          say(`user-action pods admit sources beyond pods through NetworkPolicy ${policy}`);
        }
        else if (also.length > 0) say(`user-action pods admit ${also.join(", ")} through NetworkPolicy ${policy}`);
      }
    } else {
      say(`facts: unknown check ${fact.check}`);
    }
  }
  return problems;
}

// ---- checks that hold for every object ------------------------------------------

function checkEverywhere(context) {
  const problems = [];
  const { items, index } = context;
  const workloads = items.filter((o) => WORKLOAD_KINDS.has(o.kind));
  for (const object of items) {
    const label = `${object.kind} ${object.metadata?.name}`;
    if (!CLUSTER_KINDS.has(object.kind) && object.metadata?.namespace !== context.namespace) {
      problems.push(`${label}: namespace ${context.namespace} expected, got ${object.metadata?.namespace ?? "none"}`);
    }
    if (object.kind === "ClusterRole" || object.kind === "ClusterRoleBinding") {
      problems.push(`${label}: no cluster-wide RBAC expected`);
    }
    if (object.kind === "RoleBinding" && object.roleRef?.kind === "ClusterRole") {
      problems.push(`${label}: binds ClusterRole ${object.roleRef.name}; a Role of least privilege expected`);
    }
    if (object.kind === "PodDisruptionBudget" && object.apiVersion !== "policy/v1") {
      problems.push(`${label}: policy/v1 expected, got ${object.apiVersion}`);
    }
    const picks = (w) => selects({ matchLabels: object.spec.selector }, podTemplate(w).metadata?.labels ?? {});
    if (object.kind === "Service" && !(object.spec?.selector && workloads.some(picks))) {
      problems.push(`${label}: selects no pod`);
    }
    if (object.kind === "StatefulSet" && !index.has(`Service ${object.spec?.serviceName}`)) {
      problems.push(`${label}: serviceName ${object.spec?.serviceName ?? "none"} names no Service`);
    }
  }
  for (const gone of context.facts.not_reproduced ?? []) {
    if (index.has(`${gone.kind} ${gone.name}`)) {
      problems.push(`${gone.kind} ${gone.name}: deliberately not reproduced, but present`);
    }
  }
  return problems;
}

// ---- main -----------------------------------------------------------------------

function usage(message) {
  if (message) console.error(`check_parity: ${message}`);
  console.error("usage: node check_parity.mjs --whiskc PATH_TO_WHISKC --root REPO_ROOT [--facts FILE]");
  process.exit(2);
}

function main() {
  let options;
  try {
    const strings = { whiskc: { type: "string" }, root: { type: "string" }, facts: { type: "string" } };
    ({ values: options } = parseArgs({ options: strings }));
  } catch (error) {
    usage(error.message);
  }
  if (!options.whiskc || !options.root) usage();
  const factsFile = options.facts ?? path.join(HERE, "openwhisk-facts.json");
  let facts;
  try {
    facts = JSON.parse(fs.readFileSync(factsFile, "utf8"));
  } catch (error) {
    usage(`cannot read facts: ${error.message}`);
  }

  const { list, failure } = compile(options.whiskc, options.root, facts);
  if (failure) {
    console.log(failure);
    console.log("parity: whiskc failed; nothing checked");
    process.exit(1);
  }
  const workloadFacts = facts.objects.filter((f) => WORKLOAD_KINDS.has(f.whisk_kind ?? f.kind));
  const { reduced, dropped } = reducedWaits(workloadFacts, facts.instance);
  for (const edge of dropped) console.log(`note: the facts' wait ${edge} is implied by a longer chain; not expected`);
  const context = {
    facts, items: list.items, index: indexObjects(list.items), waits: reduced,
    instance: facts.instance, namespace: facts.namespace,
  };
  const problems = [
    ...facts.objects.flatMap((fact) => checkObjectFact(fact, context)),
    ...checkNetworkPolicies(context),
    ...checkEverywhere(context),
  ];
  for (const problem of problems) console.log(problem);
  const factCount = facts.objects.length + (facts.network_policies?.facts ?? []).length;
  const count = `${problems.length} mismatch${problems.length === 1 ? "" : "es"}`;
  const verdict = problems.length === 0 ? "all hold" : count;
  const gone = (facts.not_reproduced ?? []).length;
  console.log(`parity: ${factCount} facts, ${gone} not reproduced, against ${list.items.length} objects: ${verdict}`);
  process.exit(problems.length === 0 ? 0 : 1);
}

main();
