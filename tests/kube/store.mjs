// The objects, in memory, under one global resourceVersion counter (as etcd's
// revision), with the recent history of changes that watches resume from.

/** Objects of every type; reads hand out copies, so callers may change what they get. */
export class Store {
  constructor({ historyLimit = 5000 } = {}) {
    this.historyLimit = historyLimit;
    this.listeners = new Set();
    this.reset();
  }

  /** Forgets every object and change; listeners stay, and resourceVersions keep rising. */
  reset() {
    this.objects = new Map();
    this.revision ??= 0;
    // Changes after `compacted`, oldest first: {revision, type, rt, object, previous}.
    this.history = [];
    this.compacted = this.revision;
  }

  static key(rt, namespace, name) {
    return `${rt.group}/${rt.resource}/${rt.namespaced ? namespace : ""}/${name}`;
  }

  get(rt, namespace, name) {
    const entry = this.objects.get(Store.key(rt, namespace, name));
    return entry && structuredClone(entry.object);
  }

  /** Objects of type RT (in NAMESPACE when given), sorted by namespace and name. */
  list(rt, namespace) {
    return [...this.objects.values()]
      .filter((e) => e.rt === rt && (!namespace || e.object.metadata.namespace === namespace))
      .map((e) => structuredClone(e.object))
      .sort((a, b) => compareNames(a.metadata, b.metadata));
  }

  /** Every object as {rt, object}, sorted by type, namespace and name. */
  all() {
    return [...this.objects.values()]
      .map((e) => ({ rt: e.rt, object: structuredClone(e.object) }))
      .sort((a, b) => compareText(a.rt.apiVersion + a.rt.resource, b.rt.apiVersion + b.rt.resource) ||
        compareNames(a.object.metadata, b.object.metadata));
  }

  /** Stores OBJECT under a new resourceVersion; returns the stored copy. */
  write(rt, object) {
    const key = Store.key(rt, object.metadata.namespace, object.metadata.name);
    const previous = this.objects.get(key)?.object;
    const stored = structuredClone(object);
    stored.metadata.resourceVersion = String(++this.revision);
    this.objects.set(key, { rt, object: stored });
    this.record(previous ? "MODIFIED" : "ADDED", rt, stored, previous);
    return structuredClone(stored);
  }

  /** Removes OBJECT; the DELETED event carries it under the revision of the deletion. */
  remove(rt, object) {
    const key = Store.key(rt, object.metadata.namespace, object.metadata.name);
    const previous = this.objects.get(key)?.object;
    if (!previous) return undefined;
    this.objects.delete(key);
    const gone = structuredClone(previous);
    gone.metadata.resourceVersion = String(++this.revision);
    this.record("DELETED", rt, gone, previous);
    return structuredClone(gone);
  }

  record(type, rt, object, previous) {
    const event = { revision: this.revision, type, rt, object, previous };
    this.history.push(event);
    while (this.history.length > this.historyLimit) this.compacted = this.history.shift().revision;
    for (const listener of this.listeners) listener(event);
  }

  /** Calls LISTENER with every change from now on; returns the function that stops it. */
  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The changes after REVISION, or undefined when they are no longer kept. */
  since(revision) {
    if (revision < this.compacted) return undefined;
    return this.history.filter((e) => e.revision > revision);
  }
}

const compareText = (a = "", b = "") => (a < b ? -1 : a > b ? 1 : 0);
const compareNames = (a, b) => compareText(a.namespace, b.namespace) || compareText(a.name, b.name);
