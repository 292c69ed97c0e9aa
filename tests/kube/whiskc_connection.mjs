// How whiskc finds and uses its cluster, end to end against the test API server (ctest's
// kube.whiskc_connection):
//   node tests/kube/whiskc_connection.mjs --whiskc build/compiler/whiskc --source-dir .
// Starts the server in this process, in a temporary directory, writes kubeconfig variants
// next to it and runs the real whiskc (mostly `whiskc diff examples/webapp/webapp.ow`, which
// only reads and dry-runs) with each, as kubectl would read them: a bearer token; a client
// certificate as *-data and as files relative to the kubeconfig; a tokenFile; no CA with
// insecure-skip-tls-verify and a wrong CA; $KUBECONFIG's files merged (the first definition
// wins, relative paths per file) and --kubeconfig alone; a --context that does not exist;
// the context's namespace, --namespace and the topology's own namespace; and what -v says.
// Every run is checked for its exit status, the user the server saw for each request
// (/__control/log) and that no secret (token, client key, token file) is printed, with and
// without -v. Prints what it checked at the end. Closes its server and removes its
// directory; whiskc runs are killed (by their PID, through execFile) after WHISKC_TIMEOUT_MS.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import YAML from "yaml";
import { connect } from "./client.mjs";
import { startServer } from "./server.mjs";
import { makeCertificates } from "./tls.mjs";
import { childEnv, lastResort, run, WHISKC } from "./whiskc_process.mjs";

const TEST_TIMEOUT_MS = 60_000;
// Nothing here may outlive ctest's TIMEOUT (180 s).
lastResort("whiskc_connection.mjs", 170_000);

const WEBAPP = "examples/webapp/webapp.ow";
// The server's users (server.mjs) and one this test adds for the tokenFile cases.
const ADMIN = "whisk-admin";
const CERT_ADMIN = "whisk-cert-admin";
const FILE_USER = "whisk-file-user";
const UNAUTHENTICATED = "(unauthenticated)";

// What was checked, and what looked odd, for the summary at the end.
const checked = [];
const findings = [];
process.on("exit", () => {
  const lines = [`\nChecked (${checked.length}):`, ...checked.map((line) => `  - ${line}`)];
  if (findings.length) lines.push("\nNoted (not failures):", ...findings.map((line) => `  - ${line}`));
  fs.writeSync(1, `${lines.join("\n")}\n`);
});


/** The kubeconfig's parts by name. */
const userIn = (config, name) => config.users.find((u) => u.name === name).user;
const contextIn = (config, name) => config.contexts.find((c) => c.name === name).context;
const clusterIn = (config) => config.clusters[0].cluster;
/** STDERR's lines, for a finding. */
const oneLine = (text) => text.trimEnd().split("\n").join(" | ");

describe("whiskc connects to a cluster as kubectl reads kubeconfig", () => {
  let server;
  let api;
  let dir;
  let env;
  /** label -> a value that must never be printed. */
  const secrets = new Map();

  before(async () => {
    assert.ok(fs.existsSync(WHISKC), `no whiskc at ${WHISKC} (pass --whiskc)`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "whisk-connection-"));
    const home = path.join(dir, "home");
    fs.mkdirSync(home);
    env = childEnv(home);
    server = await startServer({ dir: path.join(dir, "server"), settings: { controllerDelayMs: 20 } });
    api = connect(server);
    const keyData = userIn(baseConfig(), CERT_ADMIN)["client-key-data"];
    secrets.set("the admin's token", server.token);
    secrets.set("client-key-data", keyData);
    Buffer.from(keyData, "base64").toString("utf8").split("\n")
      .filter((line) => line && !line.startsWith("-----"))
      .forEach((line, i) => secrets.set(`line ${i + 1} of the client key's PEM body`, line));
  });

  after(async () => {
    await server?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    ok(await api.request("POST", "/__control/reset"));
  });

  // -------------------------------------------------------------------------------------
  // Helpers.

  const ok = (r) => assert.ok(r.status >= 200 && r.status < 300, `${r.status} ${JSON.stringify(r.body)}`);
  const control = async (method, route, body) => {
    const r = await api.request(method, `/__control/${route}`, body === undefined ? {} : { body });
    ok(r);
    return r.body;
  };
  const clearLog = () => control("DELETE", "log");
  const requests = async () => (await control("GET", "log")).items;
  /** A new secret value under LABEL. */
  const newSecret = (label) => {
    const value = `${label.replace(/\W+/g, "-")}-${randomBytes(12).toString("hex")}`;
    secrets.set(label, value);
    return value;
  };

  /** The server's own kubeconfig, parsed anew. */
  function baseConfig() {
    return YAML.parse(fs.readFileSync(server.kubeconfig, "utf8"));
  }

  /**
   * Writes a kubeconfig at NAME (a path under the test's kubeconfigs/ directory, which may
   * have subdirectories): the server's, changed by MUTATE(config, beside) (which may also
   * return a whole new config instead). beside(FILE, CONTENT) writes CONTENT as FILE next
   * to the kubeconfig and returns FILE, the relative name to put into it. Returns the
   * kubeconfig's absolute path.
   */
  function kubeconfigVariant(name, mutate = () => {}) {
    const file = path.join(dir, "kubeconfigs", name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const beside = (relative, content) => {
      fs.writeFileSync(path.join(path.dirname(file), relative), content, { mode: 0o600 });
      return relative;
    };
    const config = baseConfig();
    const written = mutate(config, beside) ?? config;
    fs.writeFileSync(file, YAML.stringify(written), { mode: 0o600 });
    return file;
  }

  /** Turns CONFIG's cluster CA and the cert user's certificate and key from *-data into files next to it. */
  function certificatesAsFiles(config, beside) {
    const cluster = clusterIn(config);
    const user = userIn(config, CERT_ADMIN);
    const pem = (data) => Buffer.from(data, "base64");
    cluster["certificate-authority"] = beside("ca.crt", pem(cluster["certificate-authority-data"]));
    user["client-certificate"] = beside("client.crt", pem(user["client-certificate-data"]));
    user["client-key"] = beside("client.key", pem(user["client-key-data"]));
    delete cluster["certificate-authority-data"];
    delete user["client-certificate-data"];
    delete user["client-key-data"];
  }

  /** Asserts that R's stdout and stderr hold none of the secrets. */
  function noSecrets(r) {
    for (const [label, value] of secrets) {
      assert.ok(!r.stdout.includes(value), `${label} is printed on stdout\n${r.text}`);
      assert.ok(!r.stderr.includes(value), `${label} is printed on stderr\n${r.text}`);
    }
  }

  /** The -v line that says which server, context and user. */
  function verboseLine(r) {
    const line = r.stderr.split("\n").find((l) => l.startsWith("whiskc: server "));
    assert.ok(line, `no "whiskc: server ..." line with -v\n${r.text}`);
    return line;
  }

  /**
   * Runs `whiskc COMMAND FILE ARGS` without and then with -v. Each run must exit with
   * CODE (a number, or a list of acceptable ones), print no secret, and each request
   * the server logged must have come as USER (UNAUTHENTICATED: without a user the server
   * knows, answered 401); USER null: no request at all reached the server.
   * Resolves to {plain, verbose, log}: the runs and the -v run's requests.
   */
  async function connects(args, { user, code = 1, env: runEnv = env, command = "diff", file = WEBAPP }) {
    const runs = [];
    let log = [];
    for (const verbose of [[], ["-v"]]) {
      await clearLog();
      const r = await run([command, file, ...args, ...verbose], runEnv);
      if (Array.isArray(code)) assert.ok(code.includes(r.code), `exit ${r.code}, not ${code.join(" or ")}\n${r.text}`);
      else assert.equal(r.code, code, r.text);
      noSecrets(r);
      log = await requests();
      if (user === null) {
        assert.deepEqual(log.map((e) => `${e.method} ${e.path} ${e.status}`), [], `requests reached the server\n${r.text}`);
      } else {
        assert.ok(log.length > 0, `no request reached the server\n${r.text}`);
        assert.deepEqual([...new Set(log.map((e) => e.user ?? UNAUTHENTICATED))], [user], r.text);
        if (user === UNAUTHENTICATED) assert.ok(log.every((e) => e.status === 401), JSON.stringify(log.map((e) => e.status)));
      }
      runs.push(r);
    }
    return { plain: runs[0], verbose: runs[1], log };
  }

  // -------------------------------------------------------------------------------------
  // 1. The baseline.

  it("1. a bearer token (the server's own kubeconfig): every request as whisk-admin", { timeout: TEST_TIMEOUT_MS }, async () => {
    const { log } = await connects(["--kubeconfig", server.kubeconfig], { user: ADMIN });
    const status = await connects(["--kubeconfig", server.kubeconfig], { user: ADMIN, command: "status" });
    assert.match(status.plain.stdout, /^api\s+Deployment\s+shop-api\s+not found$/m, status.plain.text);
    checked.push(`bearer token: diff exit 1 (${log.length} requests) and status exit 1 ("not found"), every request as ${ADMIN}, ` +
      "no secret printed, with and without -v");
  });

  // -------------------------------------------------------------------------------------
  // 2. Client certificates.

  it("2. --context whisk-test-cert: a client certificate, as *-data and as files relative to the kubeconfig", { timeout: TEST_TIMEOUT_MS }, async () => {
    await connects(["--kubeconfig", server.kubeconfig, "--context", "whisk-test-cert"], { user: CERT_ADMIN });

    // The same certificate, key and CA as files next to a kubeconfig in a subdirectory, named
    // relatively: they must be found relative to the kubeconfig, not to whiskc's working
    // directory (the source tree).
    const file = kubeconfigVariant("cert-files/sub/config", (config, beside) => {
      certificatesAsFiles(config, beside);
      config["current-context"] = "whisk-test-cert";
    });
    await connects(["--kubeconfig", file], { user: CERT_ADMIN });
    checked.push(`client certificate: --context whisk-test-cert with client-certificate-data/client-key-data, and a current context ` +
      `with client-certificate, client-key and certificate-authority as relative file names next to the kubeconfig in a subdirectory: ` +
      `exit 1, every request as ${CERT_ADMIN}, neither client-key-data nor the key's PEM lines printed, with and without -v`);
  });

  // -------------------------------------------------------------------------------------
  // 3. tokenFile.

  it("3. tokenFile instead of token, with and without a trailing newline", { timeout: TEST_TIMEOUT_MS }, async () => {
    const token = newSecret("the token file's token");
    await control("POST", "users", { name: FILE_USER, token });
    for (const [name, content] of [["token-file/config", token], ["token-file-newline/config", `${token}\n`]]) {
      const file = kubeconfigVariant(name, (config, beside) => {
        const user = userIn(config, ADMIN);
        delete user.token;
        user.tokenFile = beside("token", content);
      });
      await connects(["--kubeconfig", file], { user: FILE_USER });
    }
    checked.push(`tokenFile (a relative name next to the kubeconfig, holding the token of another user, ${FILE_USER}), ` +
      `without and with a trailing newline: exit 1, every request as ${FILE_USER}, the file's token not printed, with and without -v`);
  });

  // -------------------------------------------------------------------------------------
  // 4. Server verification.

  it("4. insecure-skip-tls-verify without a CA works; a wrong CA fails before any request", { timeout: TEST_TIMEOUT_MS }, async () => {
    const insecure = kubeconfigVariant("insecure/config", (config) => {
      const cluster = clusterIn(config);
      delete cluster["certificate-authority-data"];
      cluster["insecure-skip-tls-verify"] = true;
    });
    await connects(["--kubeconfig", insecure], { user: ADMIN });

    const otherDir = path.join(dir, "other-ca");
    fs.mkdirSync(otherDir);
    const otherCa = fs.readFileSync(makeCertificates(otherDir, "nobody").ca).toString("base64");
    const wrongCas = {
      "a self-signed CA made with openssl that did not sign the server's certificate": otherCa,
      "the client certificate as CA": userIn(baseConfig(), CERT_ADMIN)["client-certificate-data"],
    };
    for (const [i, [what, data]] of Object.entries(wrongCas).entries()) {
      const file = kubeconfigVariant(`wrong-ca-${i}/config`, (config) => {
        clusterIn(config)["certificate-authority-data"] = data;
      });
      const { plain, verbose } = await connects(["--kubeconfig", file], { user: null, code: 3 });
      for (const r of [plain, verbose]) {
        assert.match(r.stderr, /TLS/, `${what}\n${r.text}`);
        assert.match(r.stderr, /certificate/i, `${what}\n${r.text}`);
      }
      findings.push(`wrong CA (${what}): ${oneLine(plain.stderr)}`);
    }
    checked.push(`insecure-skip-tls-verify: true without certificate-authority(-data): exit 1, every request as ${ADMIN}; ` +
      `a wrong CA (${Object.keys(wrongCas).join("; ")}): exit 3, stderr names TLS and the certificate, no request reached the server`);
  });

  // -------------------------------------------------------------------------------------
  // 5. $KUBECONFIG: several files merged; --kubeconfig alone.

  it("5. $KUBECONFIG's files merged as kubectl merges them; --kubeconfig wins over $KUBECONFIG", { timeout: TEST_TIMEOUT_MS }, async () => {
    const withKubeconfig = (...files) => childEnv(env.HOME, { KUBECONFIG: files.join(path.delimiter) });

    // A holds only current-context; B, in another directory, has everything else (its own
    // current-context is another one) with the certificate files named relative to B.
    const onlyCurrent = kubeconfigVariant("merge/a/config", () => ({ apiVersion: "v1", kind: "Config", "current-context": "whisk-test-cert" }));
    const everything = kubeconfigVariant("merge/b/config", (config, beside) => {
      certificatesAsFiles(config, beside);
      config["current-context"] = "whisk-test";
    });
    await connects([], { user: CERT_ADMIN, env: withKubeconfig(onlyCurrent, everything) });

    // The same user name in both: the first file's definition wins, whatever the second says.
    const wrongToken = newSecret("a wrong token");
    const rightUser = kubeconfigVariant("same-user/right", (config) => ({ apiVersion: "v1", kind: "Config", users: [{ name: ADMIN, user: { token: userIn(config, ADMIN).token } }] }));
    const wrongUser = kubeconfigVariant("same-user/wrong", (config) => {
      userIn(config, ADMIN).token = wrongToken;
    });
    await connects([], { user: ADMIN, env: withKubeconfig(rightUser, wrongUser) });
    const swapped = await connects([], { user: UNAUTHENTICATED, code: 3, env: withKubeconfig(wrongUser, rightUser) });
    assert.match(swapped.plain.stderr, /401/, swapped.plain.text);
    findings.push(`the wrong token first in $KUBECONFIG: ${oneLine(swapped.plain.stderr)}`);

    // --kubeconfig X: X alone, $KUBECONFIG ignored. With the server's kubeconfig the token user
    // (not $KUBECONFIG's cert user); with A alone, its current context is nowhere: no request.
    await connects(["--kubeconfig", server.kubeconfig], { user: ADMIN, env: withKubeconfig(onlyCurrent, everything) });
    const alone = await connects(["--kubeconfig", onlyCurrent], { user: null, code: [2, 3], env: withKubeconfig(everything) });
    assert.match(alone.plain.stderr, /whisk-test-cert/, alone.plain.text);

    // Neither: ~/.kube/config.
    const home = path.join(dir, "home-with-config");
    fs.mkdirSync(path.join(home, ".kube"), { recursive: true });
    fs.copyFileSync(server.kubeconfig, path.join(home, ".kube", "config"));
    await connects([], { user: ADMIN, env: childEnv(home) });

    checked.push(`KUBECONFIG=A${path.delimiter}B with A only current-context: whisk-test-cert and B (another directory, current-context ` +
      `whisk-test) the rest with relative certificate files: every request as ${CERT_ADMIN}; the same user in both files: the first ` +
      `file's token wins (right first: exit 1 as ${ADMIN}; wrong first: exit 3, 401, the wrong token not printed); --kubeconfig X with ` +
      `KUBECONFIG set uses X alone (the server's kubeconfig: as ${ADMIN}; A alone: exit ${alone.plain.code} naming whisk-test-cert, no ` +
      `request); neither given: ~/.kube/config, as ${ADMIN}`);
  });

  // -------------------------------------------------------------------------------------
  // 6. A context that is not there.

  it("6. --context naming a context that does not exist: one line naming it, no request", { timeout: TEST_TIMEOUT_MS }, async () => {
    const { plain, verbose } = await connects(["--kubeconfig", server.kubeconfig, "--context", "no-such-context"], { user: null, code: [2, 3] });
    for (const r of [plain, verbose]) {
      assert.equal(r.stdout, "", r.text);
      assert.equal(r.stderr.trimEnd().split("\n").length, 1, `not one line\n${r.text}`);
      assert.match(r.stderr, /no-such-context/, r.text);
    }
    findings.push(`--context no-such-context (exit ${plain.code}): ${oneLine(plain.stderr)}`);
    checked.push(`--context no-such-context: exit ${plain.code}, stdout empty, one stderr line naming the context, no request, with and without -v`);
  });

  // -------------------------------------------------------------------------------------
  // 7. The namespace: the context's, --namespace's, the topology's.

  describe("7. the namespace: --namespace, then the topology's, then the context's", () => {
    const TEAM = "team-a";
    let tiny; // a topology without a namespace
    let tinyOwn; // the same with namespace "team-x"
    let teamConfig; // the current context's namespace is team-a

    /** Where the tiny topology's Service and Deployment are, as "Kind namespace/name". */
    const placed = async () => (await control("GET", "objects")).items
      .filter((o) => o.metadata.labels?.["app.kubernetes.io/instance"] === "tiny" && ["Service", "Deployment"].includes(o.kind))
      .map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`).sort();
    const at = (ns) => [`Deployment ${ns}/tiny-web`, `Service ${ns}/tiny-web`];

    before(async () => {
      const topologies = path.join(dir, "topologies");
      fs.mkdirSync(topologies);
      const service = ["", "service web {", '  image "nginx:1.25.3"', "  port http 80", "}", ""];
      tiny = path.join(topologies, "tiny.ow");
      fs.writeFileSync(tiny, ["topology tiny {", "}", ...service].join("\n"));
      tinyOwn = path.join(topologies, "tiny-own.ow");
      fs.writeFileSync(tinyOwn, ["topology tiny {", '  namespace "team-x"', "}", ...service].join("\n"));
      for (const file of [tiny, tinyOwn]) {
        const r = await run(["compile", file], env);
        assert.equal(r.code, 0, r.text);
      }
      teamConfig = kubeconfigVariant("team-a/config", (config) => {
        contextIn(config, "whisk-test").namespace = TEAM;
      });
    });

    beforeEach(async () => {
      // The context's namespace exists already, as kubectl expects it to.
      ok(await api.request("POST", "/api/v1/namespaces", { body: { apiVersion: "v1", kind: "Namespace", metadata: { name: TEAM } } }));
    });

    /** Applies FILE with ARGS and the team-a kubeconfig; every request as the admin. */
    async function applyTiny(file, args = []) {
      const r = await run(["apply", file, "--kubeconfig", teamConfig, ...args], env);
      assert.equal(r.code, 0, r.text);
      noSecrets(r);
      assert.deepEqual([...new Set((await requests()).map((e) => e.user))], [ADMIN], r.text);
      return r;
    }

    it("--namespace wins over the context's namespace", { timeout: TEST_TIMEOUT_MS }, async () => {
      await applyTiny(tiny, ["--namespace", "other"]);
      assert.deepEqual(await placed(), at("other"));
      checked.push(`a topology without a namespace, a context with namespace ${TEAM}, --namespace other: applied into other`);
    });

    it("the topology's own namespace wins over the context's (as a manifest's does with kubectl)", { timeout: TEST_TIMEOUT_MS }, async () => {
      await applyTiny(tinyOwn);
      assert.deepEqual(await placed(), at("team-x"));
      const verbose = await run(["diff", tinyOwn, "--kubeconfig", teamConfig, "-v"], env);
      assert.ok(!verboseLine(verbose).includes(`namespace ${TEAM}`), `-v names the context's namespace, which is not used\n${verbose.text}`);
      checked.push(`a topology with namespace "team-x", a context with namespace ${TEAM}: applied into team-x`);
    });

    it("a topology without a namespace goes to the context's namespace", { timeout: TEST_TIMEOUT_MS }, async () => {
      await applyTiny(tiny);
      assert.deepEqual(await placed(), at(TEAM), "not applied into the current context's namespace");
      // As with kubectl, the context's namespace is the user's: not applied, not labelled, and so
      // never deleted by `whiskc delete`.
      const namespace = (await control("GET", "objects")).items.find((o) => o.kind === "Namespace" && o.metadata.name === TEAM);
      assert.equal(namespace.metadata.labels?.["app.kubernetes.io/instance"], undefined, JSON.stringify(namespace.metadata));
      assert.ok(!(namespace.metadata.managedFields ?? []).some((f) => f.manager === "whiskc"), JSON.stringify(namespace.metadata.managedFields));
      const removed = await run(["delete", tiny, "--kubeconfig", teamConfig], env);
      assert.equal(removed.code, 0, removed.text);
      assert.ok((await control("GET", "objects")).items.some((o) => o.kind === "Namespace" && o.metadata.name === TEAM), `delete took ${TEAM}\n${removed.text}`);
      assert.deepEqual(await placed(), [], removed.text);
      checked.push(`a topology without a namespace, a context with namespace ${TEAM}: applied into ${TEAM}, which whiskc neither labels nor ` +
        "owns a field of, and whiskc delete leaves it");
    });
  });

  // -------------------------------------------------------------------------------------
  // 8. What -v says.

  it("8. -v names the server, context, user and kind of credentials, never their values", { timeout: TEST_TIMEOUT_MS }, async () => {
    const cases = [
      { args: ["--kubeconfig", server.kubeconfig], context: "whisk-test", user: ADMIN, kind: /bearer token/ },
      { args: ["--kubeconfig", server.kubeconfig, "--context", "whisk-test-cert"], context: "whisk-test-cert", user: CERT_ADMIN, kind: /client certificate/ },
    ];
    const lines = [];
    for (const c of cases) {
      const { plain, verbose } = await connects(c.args, { user: c.user });
      assert.ok(!plain.stderr.includes("whiskc: server "), `the server line without -v\n${plain.text}`);
      const line = verboseLine(verbose);
      assert.ok(line.includes(`server ${server.url}`), line);
      assert.ok(line.includes(`context ${c.context}`), line);
      assert.ok(line.includes(`user ${c.user}`), line);
      assert.match(line, c.kind);
      lines.push(line);
    }
    checked.push(`-v: "${lines.join('"; "')}" (server URL, context, user and credential kind; no token, client-key-data or key PEM line); ` +
      "not printed without -v; a basic-auth user is not tested (the test server has none)");
  });
});
