// Unit tests of the structured merge (apply.mjs), field sets (fieldpath.mjs)
// and ownership (ownership.mjs), without a server.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compare, merge, prune, toFieldSet } from "../apply.mjs";
import { FieldSet, describePath } from "../fieldpath.mjs";
import { settleOwnership, stripMeta } from "../ownership.mjs";
import { ApiError } from "../status.mjs";
import { Store } from "../store.mjs";

const pod = (containers) => ({ spec: { containers } });

describe("field sets", () => {
  it("write FieldsV1 as the server does: keys sorted, list items keyed, '.' for members with children", () => {
    const set = toFieldSet({
      metadata: { labels: { app: "web" } },
      spec: { containers: [{ name: "web", image: "nginx", ports: [{ containerPort: 80 }] }], selector: { matchLabels: { app: "web" } } },
    }, "Pod");
    assert.deepEqual(set.toFieldsV1(), {
      "f:metadata": { "f:labels": { "f:app": {} } },
      "f:spec": {
        "f:containers": {
          'k:{"name":"web"}': {
            ".": {}, "f:image": {}, "f:name": {},
            "f:ports": { 'k:{"containerPort":80,"protocol":"TCP"}': { ".": {}, "f:containerPort": {} } },
          },
        },
        "f:selector": {},
      },
    });
  });

  it("read FieldsV1 back to the same set", () => {
    const fieldsV1 = { "f:data": { ".": {}, "f:a": {} }, "f:metadata": { "f:labels": { "f:x": {} } } };
    const set = FieldSet.fromFieldsV1(fieldsV1);
    assert.equal(set.size, 3);
    assert.deepEqual(set.toFieldsV1(), fieldsV1);
  });

  it("name paths as conflict messages do", () => {
    assert.equal(describePath(["f:spec", "f:containers", 'k:{"name":"web"}', "f:image"]), '.spec.containers[name="web"].image');
    assert.equal(describePath(["f:spec", "f:ports", 'k:{"port":80,"protocol":"TCP"}']), '.spec.ports[port=80,protocol="TCP"]');
    assert.equal(describePath(["f:metadata", "f:finalizers", 'v:"a"']), '.metadata.finalizers[="a"]');
  });

  it("leave server-owned metadata out", () => {
    const set = stripMeta(toFieldSet({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "y", labels: { a: "b" } } }, "ConfigMap"));
    assert.deepEqual(set.toFieldsV1(), { "f:metadata": { "f:labels": { "f:a": {} } } });
  });

  it("reject duplicate keys in associative lists", () => {
    assert.throws(() => toFieldSet(pod([{ name: "a" }, { name: "a" }]), "Pod"), /duplicate entries for key/);
  });
});

describe("merge", () => {
  it("merges list items by key and keeps live-only items in place", () => {
    const live = pod([{ name: "a", image: "1" }, { name: "side", image: "s" }, { name: "b", image: "1" }]);
    const merged = merge(live, pod([{ name: "b", image: "2" }, { name: "a", image: "2" }, { name: "c", image: "3" }]), "Pod");
    assert.deepEqual(merged.spec.containers.map((c) => `${c.name}:${c.image}`), ["side:s", "b:2", "a:2", "c:3"]);
  });

  it("replaces atomic lists and selectors whole", () => {
    const live = { spec: { selector: { matchLabels: { a: "1", b: "2" } }, template: { spec: { containers: [{ name: "x", command: ["a", "b"] }] } } } };
    const merged = merge(live, { spec: { selector: { matchLabels: { a: "1" } }, template: { spec: { containers: [{ name: "x", command: ["c"] }] } } } }, "Deployment");
    assert.deepEqual(merged.spec.selector, { matchLabels: { a: "1" } });
    assert.deepEqual(merged.spec.template.spec.containers[0].command, ["c"]);
  });
});

describe("compare", () => {
  it("reports leaves, and added maps as members", () => {
    const diff = compare({ spec: { replicas: 1, x: 1 } }, { spec: { replicas: 2, labels: { a: "b" } } }, "Deployment");
    assert.deepEqual(diff.modified.sorted(), [["f:spec", "f:replicas"]]);
    assert.deepEqual(diff.added.sorted(), [["f:spec", "f:labels"], ["f:spec", "f:labels", "f:a"]]);
    assert.deepEqual(diff.removed.sorted(), [["f:spec", "f:x"]]);
  });
});

describe("prune", () => {
  it("removes what the applier dropped unless someone keeps it, and the maps left empty", () => {
    const live = { metadata: { labels: { a: "1", b: "2" } }, spec: { resources: { limits: { cpu: "1" } }, keep: 1 } };
    const last = toFieldSet(live, "X");
    const keep = new FieldSet([["f:metadata", "f:labels", "f:b"], ["f:spec", "f:keep"]]);
    assert.deepEqual(prune(live, last, keep, "X"), { metadata: { labels: { b: "2" } }, spec: { keep: 1 } });
  });
});

describe("ownership", () => {
  const managers = [{ manager: "a", operation: "Apply", apiVersion: "apps/v1", subresource: "", set: new FieldSet([["f:spec", "f:replicas"]]) }];
  const settle = (actor, force) => settleOwnership({
    live: { spec: { replicas: 1 } }, next: { spec: { replicas: 3 } }, managers, kind: "Deployment", ignored: () => false, force,
    actor: { apiVersion: "apps/v1", subresource: "", ...actor },
  });

  it("makes an apply that changes another's field a conflict", () => {
    assert.throws(() => settle({ manager: "b", operation: "Apply", set: new FieldSet([["f:spec", "f:replicas"]]) }, false), (error) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.status.message, 'Apply failed with 1 conflict: conflict with "a": .spec.replicas');
      assert.deepEqual(error.status.details.causes, [{ reason: "FieldManagerConflict", message: 'conflict with "a"', field: ".spec.replicas" }]);
      return true;
    });
  });

  it("hands the field over on force, and always on update", () => {
    for (const [actor, force] of [[{ manager: "b", operation: "Apply", set: new FieldSet([["f:spec", "f:replicas"]]) }, true], [{ manager: "b", operation: "Update" }, false]]) {
      const result = settle(actor, force);
      assert.equal(result.find((m) => m.manager === "a").set.size, 0);
      assert.ok(result.find((m) => m.manager === "b").set.has(["f:spec", "f:replicas"]));
    }
  });
});

describe("store", () => {
  it("forgets changes beyond its history, so old watches get 410", () => {
    const store = new Store({ historyLimit: 2 });
    const rt = { group: "", resource: "configmaps", namespaced: true };
    for (const name of ["a", "b", "c"]) store.write(rt, { metadata: { name, namespace: "n" } });
    assert.equal(store.since(0), undefined);
    assert.deepEqual(store.since(1).map((e) => e.object.metadata.name), ["b", "c"]);
  });
});
