// The whisk extension: highlighting comes from the grammar alone
// (syntaxes/whisk.tmLanguage.json); this starts `whiskc lsp` as a language
// server over stdio when a whiskc is found, and otherwise only says so, once,
// in the "Whisk" output channel.
"use strict";

const fs = require("fs");
const path = require("path");
const childProcess = require("child_process");
const vscode = require("vscode");

let client;

// The first executable `name` on PATH (with PATHEXT's suffixes on Windows), or "".
function findOnPath(name, env = process.env) {
  const suffixes = process.platform === "win32" ? (env.PATHEXT || ".EXE;.CMD;.BAT").split(";") : [""];
  for (const dir of (env.PATH || "").split(path.delimiter)) {
    if (!dir) continue;
    for (const suffix of suffixes) {
      const candidate = path.join(dir, name + suffix);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return "";
}

// Whether `whiskc --help` mentions the `lsp` command (whiskc before it has none).
function hasLsp(command) {
  const result = childProcess.spawnSync(command, ["--help"], { encoding: "utf8", timeout: 5000 });
  return !result.error && result.status === 0 && /\blsp\b/.test(result.stdout);
}

// The client library: bundled into dist/ by `vsce package`, else (a checkout
// linked into the extensions folder after `npm install`) from node_modules.
function loadClientLibrary() {
  try {
    return require("./dist/languageclient.js");
  } catch {
    return require("vscode-languageclient/node");
  }
}

async function activate(context) {
  const output = vscode.window.createOutputChannel("Whisk");
  context.subscriptions.push(output);
  const configured = vscode.workspace.getConfiguration("whisk").get("serverPath", "");
  const command = configured || findOnPath("whiskc");
  if (!command) {
    output.appendLine("whiskc is not on PATH and whisk.serverPath is not set: highlighting only, no language server");
    return;
  }
  if (!hasLsp(command)) {
    output.appendLine(`${command} has no \`lsp\` command: highlighting only, no language server`);
    return;
  }
  let library;
  try {
    library = loadClientLibrary();
  } catch (error) {
    output.appendLine(`vscode-languageclient is missing (run \`npm install\` in the extension's folder): ${error.message}`);
    return;
  }
  const { LanguageClient, TransportKind } = library;
  client = new LanguageClient(
    "whisk",
    "whiskc lsp",
    { command, args: ["lsp"], transport: TransportKind.stdio },
    { documentSelector: [{ language: "whisk" }], outputChannel: output },
  );
  try {
    await client.start();
  } catch (error) {
    output.appendLine(`${command} lsp did not start: ${error.message}`);
    client = undefined;
  }
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate, findOnPath };
