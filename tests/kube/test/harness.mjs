// What the self-tests share: a server per test file in a temporary directory,
// a client of it, and small helpers for the common requests.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { connect } from "../client.mjs";
import { startServer } from "../server.mjs";

/** Starts a server with fast controllers; `stop()` closes it and removes its directory. */
export async function startTestServer(settings = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "whisk-kube-test-"));
  const server = await startServer({ dir, settings: { controllerDelayMs: 20, bookmarkMs: 200, ...settings } });
  const client = connect(server);
  return {
    server, client, dir, state: server.state,
    async stop() {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** PATCH PATH with OBJECT as a server-side apply (sent as YAML) by MANAGER. */
export function apply(client, path, object, { manager = "test", force = false, dryRun = false } = {}) {
  const query = new URLSearchParams({ fieldManager: manager, ...(force ? { force: "true" } : {}), ...(dryRun ? { dryRun: "All" } : {}) });
  return client.request("PATCH", `${path}?${query}`, { body: YAML.stringify(object), contentType: "application/apply-patch+yaml" });
}

/** Resolves to CHECK's first truthy result, polling every 10 ms; rejects after TIMEOUTMS. */
export async function eventually(check, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${check}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function deployment(name, { namespace = "default", replicas = 2, image = "nginx:1.27", labels = { app: name } } = {}) {
  return {
    apiVersion: "apps/v1", kind: "Deployment",
    metadata: { name, namespace, labels },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          initContainers: [{ name: "wait-db", image: "busybox:1.36" }],
          containers: [{ name: "web", image, ports: [{ containerPort: 80 }] }],
        },
      },
    },
  };
}

export const deploymentPath = (name, namespace = "default") => `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`;
