// startServer(): the test API server in this process, with its certificates,
// kubeconfig and server.json written into a directory. Listens on 127.0.0.1
// only.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import YAML from "yaml";
import { createHandler } from "./http.mjs";
import { createState } from "./state.mjs";
import { makeCertificates } from "./tls.mjs";

const ADMIN = "whisk-admin";
const CERT_ADMIN = "whisk-cert-admin";

const DEFAULT_SETTINGS = { controllerDelayMs: 200, bookmarkMs: 10_000, nodes: 1 };

function writeKubeconfig(file, url, token, certs) {
  const base64 = (name) => fs.readFileSync(name).toString("base64");
  const config = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "whisk-test", cluster: { server: url, "certificate-authority-data": base64(certs.ca) } }],
    users: [
      { name: ADMIN, user: { token } },
      { name: CERT_ADMIN, user: { "client-certificate-data": base64(certs.clientCert), "client-key-data": base64(certs.clientKey) } },
    ],
    contexts: [
      { name: "whisk-test", context: { cluster: "whisk-test", user: ADMIN, namespace: "default" } },
      { name: "whisk-test-cert", context: { cluster: "whisk-test", user: CERT_ADMIN, namespace: "default" } },
    ],
    "current-context": "whisk-test",
    preferences: {},
  };
  fs.writeFileSync(file, YAML.stringify(config), { mode: 0o600 });
}

/**
 * Starts a server writing into DIR (created if needed): ca.crt, the server's
 * and a client's certificates, kubeconfig and server.json. PORT 0 picks a
 * free port. SETTINGS override controllerDelayMs, bookmarkMs and nodes.
 * Resolves to {url, port, token, kubeconfig, caFile, state, close()}.
 */
export async function startServer({ dir, port = 0, token = randomBytes(16).toString("hex"), settings = {} }) {
  fs.mkdirSync(dir, { recursive: true });
  const certs = makeCertificates(dir, CERT_ADMIN);
  const state = createState({ token, adminName: ADMIN, settings: { ...DEFAULT_SETTINGS, ...settings } });
  const server = https.createServer({
    key: fs.readFileSync(certs.serverKey), cert: fs.readFileSync(certs.serverCert), ca: fs.readFileSync(certs.ca),
    // Client certificates are optional: asked for, checked against the CA, not required.
    requestCert: true, rejectUnauthorized: false,
  }, createHandler(state));
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  state.port = server.address().port;
  const url = `https://127.0.0.1:${state.port}`;
  const kubeconfig = path.join(dir, "kubeconfig");
  writeKubeconfig(kubeconfig, url, token, certs);
  fs.writeFileSync(path.join(dir, "server.json"),
    `${JSON.stringify({ url, port: state.port, pid: process.pid, token, ca: certs.ca, kubeconfig }, null, 2)}\n`);

  const close = () => new Promise((resolve) => {
    state.controllers.stop();
    for (const end of [...state.watches]) end();
    server.close(() => resolve());
    server.closeAllConnections();
  });
  return { url, port: state.port, token, kubeconfig, caFile: certs.ca, state, close };
}
