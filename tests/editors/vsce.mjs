// editors.vsce: the VS Code extension (editors/vscode) as it is shipped.
//
// 1. `vsce package` (@vscode/vsce of this directory's package-lock.json) in a
//    temporary copy of editors/vscode, with the node_modules that
//    `npm ci --prefix editors/vscode` installed there: it must succeed without
//    a warning, and the .vsix must hold the manifest, extension.js, the
//    language configuration, the grammar (as in the repository), the bundled
//    language client with its licenses, the README, CHANGELOG and LICENSE, and
//    nothing else (no node_modules, no sources of the bundle); the bundle
//    loads and has what extension.js needs. The copy and the .vsix are
//    removed afterwards.
// 2. extension.js under a stand-in `vscode` module and language client: without
//    a whiskc it logs one line and starts nothing; with a whiskc that has no
//    `lsp` command, the same; with one that has, on PATH or in the setting
//    whisk.serverPath, it starts `whiskc lsp` over stdio for whisk documents.
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import Module from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { inflateRawSync } from "node:zlib";
import { root } from "./lib.mjs";

const require = createRequire(import.meta.url);
const extensionDir = join(root, "editors/vscode");
let failures = 0;
const fail = (message) => {
  failures++;
  console.error(`FAIL: ${message}`);
};
const ok = (message) => console.log(`ok ${message}`);

// The entries of a zip file: name -> { method, data (compressed) }.
function readZip(buffer) {
  let end = buffer.length - 22;
  while (end >= 0 && buffer.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error("not a zip file: no end of central directory");
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error("bad central directory entry");
    const method = buffer.readUInt16LE(at + 10);
    const compressedSize = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.toString("utf8", at + 46, at + 46 + nameLength);
    const dataStart = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    entries.set(name, { method, data: buffer.subarray(dataStart, dataStart + compressedSize) });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const contents = (entry) => (entry.method === 8 ? inflateRawSync(entry.data) : entry.data).toString("utf8");

// ---------------------------------------------------------------- 1. vsce package
if (!existsSync(join(extensionDir, "node_modules/.package-lock.json"))) {
  fail("editors/vscode/node_modules is missing: run `npm ci --prefix editors/vscode` from the repository root (dev/test does it)");
} else {
  const temp = mkdtempSync(join(tmpdir(), "whisk-vsce-"));
  try {
    const copy = join(temp, "whisk");
    cpSync(extensionDir, copy, {
      recursive: true,
      verbatimSymlinks: true,
      filter: (source) => !/\/(dist|[^/]*\.vsix)$/.test(source),
    });
    const vsce = join(dirname(require.resolve("@vscode/vsce/package.json")), "vsce");
    const env = { ...process.env };
    delete env.GITHUB_ACTIONS;
    env.PATH = `${dirname(process.execPath)}:${env.PATH}`;
    const result = spawnSync(process.execPath, [vsce, "package", "--allow-missing-repository", "--out", "whisk.vsix"], {
      cwd: copy,
      env,
      encoding: "utf8",
      timeout: 120000,
    });
    const output = `${result.stdout}${result.stderr}`;
    console.log(output.replace(/\n+$/, "").replace(/^/gm, "  | "));
    if (result.status !== 0) fail(`vsce package exited ${result.status ?? result.signal}`);
    const warnings = output.split("\n").filter((line) => /warn|is large|deprecat/i.test(line));
    if (warnings.length > 0) fail(`vsce package warned:\n${warnings.join("\n")}`);
    else ok("vsce package: no warning");

    const vsixPath = join(copy, "whisk.vsix");
    if (existsSync(vsixPath)) {
      const entries = readZip(readFileSync(vsixPath));
      const expected = [
        "[Content_Types].xml",
        "extension.vsixmanifest",
        "extension/package.json",
        "extension/extension.js",
        "extension/language-configuration.json",
        "extension/syntaxes/whisk.tmLanguage.json",
        "extension/dist/languageclient.js",
        "extension/dist/THIRD-PARTY-NOTICES.txt",
        "extension/readme.md",
        "extension/changelog.md",
        "extension/LICENSE.txt",
      ];
      const names = [...entries.keys()];
      const missing = expected.filter((name) => !entries.has(name));
      const extra = names.filter((name) => !expected.includes(name));
      if (missing.length > 0) fail(`the .vsix lacks ${missing.join(", ")}`);
      if (extra.length > 0) fail(`the .vsix holds files it should not: ${extra.join(", ")}`);
      if (missing.length === 0 && extra.length === 0) ok(`the .vsix holds exactly ${names.length} files: ${names.join(", ")}`);

      const manifest = JSON.parse(contents(entries.get("extension/package.json")));
      const language = manifest.contributes?.languages?.find((l) => l.id === "whisk");
      const grammar = manifest.contributes?.grammars?.find((g) => g.language === "whisk");
      if (!language?.extensions?.includes(".ow")) fail("the packaged package.json does not register .ow");
      else if (grammar?.scopeName !== "source.whisk") fail("the packaged package.json has no grammar source.whisk");
      else if (!manifest.activationEvents?.includes("onLanguage:whisk")) fail("the extension is not activated by onLanguage:whisk");
      else ok(`the packaged package.json registers ${language.extensions.join(" ")} as ${language.aliases.join("/")} with the grammar ${grammar.scopeName}`);
      const packagedGrammar = contents(entries.get("extension/syntaxes/whisk.tmLanguage.json"));
      if (packagedGrammar !== readFileSync(join(extensionDir, "syntaxes/whisk.tmLanguage.json"), "utf8")) {
        fail("the packaged grammar differs from editors/vscode/syntaxes/whisk.tmLanguage.json");
      } else ok("the packaged grammar is the repository's");
      const notices = contents(entries.get("extension/dist/THIRD-PARTY-NOTICES.txt"));
      if (!notices.includes("vscode-languageclient")) fail("THIRD-PARTY-NOTICES.txt does not name vscode-languageclient");

      // The bundle loads (under a stand-in `vscode` that answers every name)
      // and gives what extension.js takes from it.
      const bundle = join(temp, "languageclient.cjs");
      writeFileSync(bundle, contents(entries.get("extension/dist/languageclient.js")));
      const anything = new Proxy(function () {}, { get: (_, key) => (key === "__esModule" ? false : anything) });
      const load = Module._load;
      Module._load = function (request, parent, isMain) {
        return request === "vscode" ? anything : load.call(this, request, parent, isMain);
      };
      try {
        const library = require(bundle);
        if (typeof library.LanguageClient !== "function" || library.TransportKind?.stdio === undefined) {
          fail("the bundled dist/languageclient.js has no LanguageClient or TransportKind.stdio");
        } else ok("the bundled dist/languageclient.js loads and has LanguageClient and TransportKind.stdio");
      } catch (error) {
        fail(`the bundled dist/languageclient.js does not load: ${error.message}`);
      } finally {
        Module._load = load;
      }
    } else {
      fail("vsce package wrote no whisk.vsix");
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- 2. extension.js
const temp = mkdtempSync(join(tmpdir(), "whisk-extension-"));
try {
  const makeWhiskc = (dir, help) => {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, "whiskc");
    writeFileSync(path, `#!/bin/sh\nprintf '%s\\n' ${JSON.stringify(help)}\n`);
    chmodSync(path, 0o755);
    return path;
  };
  const withLsp = makeWhiskc(join(temp, "a"), "Usage:\n  whiskc check FILE\n  whiskc lsp    a language server on stdio");
  const withoutLsp = makeWhiskc(join(temp, "b"), "Usage:\n  whiskc check FILE");

  // The stand-ins: what the extension logs and which clients it starts.
  let lines = [];
  let clients = [];
  let settings = {};
  const vscode = {
    window: { createOutputChannel: () => ({ appendLine: (line) => lines.push(line), dispose() {} }) },
    workspace: { getConfiguration: () => ({ get: (key, fallback) => settings[key] ?? fallback }) },
  };
  class LanguageClient {
    constructor(id, name, server, client) {
      this.args = { id, name, server, client };
      this.started = false;
      clients.push(this);
    }
    async start() {
      this.started = true;
    }
    async stop() {}
  }
  const library = { LanguageClient, TransportKind: { stdio: 0, ipc: 1 } };
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    if (request === "vscode") return vscode;
    if (request === "vscode-languageclient/node" || request === "./dist/languageclient.js") return library;
    return load.call(this, request, parent, isMain);
  };
  const extension = require(join(extensionDir, "extension.js"));

  const run = async (name, path, serverPath, check) => {
    lines = [];
    clients = [];
    settings = serverPath ? { serverPath } : {};
    const saved = process.env.PATH;
    process.env.PATH = path;
    try {
      await extension.activate({ subscriptions: [] });
    } finally {
      process.env.PATH = saved;
    }
    const problem = check();
    if (problem) fail(`extension.js, ${name}: ${problem} (logged ${JSON.stringify(lines)})`);
    else ok(`extension.js, ${name}`);
    await extension.deactivate();
  };
  const empty = join(temp, "empty");
  mkdirSync(empty);
  const oneLineNoClient = () =>
    lines.length !== 1 ? `${lines.length} lines logged, expected 1` : clients.length > 0 ? "a client was started" : "";
  const startedWith = (command) => () => {
    if (clients.length !== 1) return `${clients.length} clients, expected 1`;
    const { server, client } = clients[0].args;
    if (server.command !== command) return `the server is ${server.command}, expected ${command}`;
    if (JSON.stringify(server.args) !== '["lsp"]') return `the server's arguments are ${JSON.stringify(server.args)}`;
    if (server.transport !== library.TransportKind.stdio) return "the transport is not stdio";
    if (client.documentSelector?.[0]?.language !== "whisk") return "the client does not serve whisk documents";
    if (!clients[0].started) return "the client was not started";
    return "";
  };
  await run("no whiskc on PATH: one line, no server", empty, "", oneLineNoClient);
  await run("a whiskc without `lsp` on PATH: one line, no server", dirname(withoutLsp), "", oneLineNoClient);
  await run("a whiskc with `lsp` on PATH: starts `whiskc lsp` over stdio", `${empty}:${dirname(withLsp)}`, "", startedWith(withLsp));
  await run("whisk.serverPath: starts it without a whiskc on PATH", empty, withLsp, startedWith(withLsp));
  Module._load = load;
} finally {
  rmSync(temp, { recursive: true, force: true });
}

if (failures > 0) {
  console.error(`editors.vsce: ${failures} failures`);
  process.exit(1);
}
console.log("editors.vsce: ok");
