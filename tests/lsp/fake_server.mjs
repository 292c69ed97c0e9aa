// A stand-in for `whiskc lsp`, to test the harness of session.mjs and robustness.mjs
// without the real server (harness_selftest.mjs):
//   node fake_server.mjs [--whiskc PATH] [--mode MODE]
// It speaks the framing and the lifecycle of the contract, keeps documents with
// incremental changes in the negotiated encoding, takes its diagnostics from `whiskc check`
// run on a copy of the document's directory and its formatting from `whiskc fmt`, and
// answers hover, definition, references, completion and documentSymbol from a crude
// line-by-line reading of the program's files (enough for the sessions of session.mjs,
// nothing more). MODE makes it misbehave, for the harness to catch:
//   crash-on-garbage  kills itself with SIGSEGV on a body that is not JSON
//   sanitizer         writes an AddressSanitizer-like report to stderr on exit
//   stdout-noise      writes a log line to stdout after initialize
//   ignore-eof        keeps running when its stdin closes
//   mute              answers initialize, then nothing at all
//   wrong-encoding    negotiates utf-8 but counts utf-16 code units
//   no-hint           leaves the "did you mean" out of diagnostics
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const { values: options } = parseArgs({
  options: { whiskc: { type: "string" }, mode: { type: "string" } },
  strict: false,
  args: process.argv.slice(2).filter((a) => a !== "lsp"),
});
const WHISKC = path.resolve(options.whiskc ?? path.join(HERE, "..", "..", "build", "compiler", "whiskc"));
const STDLIB = path.join(HERE, "..", "..", "stdlib");
const MODE = options.mode ?? process.env.FAKE_LSP_MODE ?? "good";
const MAX_BODY = 64 << 20;

const log = (line) => process.stderr.write(`fake_server: ${line}\n`);

// ---------------------------------------------------------------------------------------
// Framing.

let input = Buffer.alloc(0);
process.stdin.on("data", (chunk) => {
  input = Buffer.concat([input, chunk]);
  drain();
});
process.stdin.on("end", () => {
  if (MODE === "ignore-eof") {
    setInterval(() => {}, 1000);
    return;
  }
  log("stdin closed");
  finish(1);
});

function drain() {
  for (;;) {
    const end = input.indexOf("\r\n\r\n");
    if (end < 0) {
      if (input.length > 64 * 1024) {
        log("a header over 64 KiB: giving up");
        finish(1);
      }
      return;
    }
    const header = input.subarray(0, end).toString("latin1");
    let length = null;
    let bad = false;
    for (const line of header.split("\r\n")) {
      const m = line.match(/^([A-Za-z-]+):\s*(.*)$/);
      if (!m) {
        bad = true;
        continue;
      }
      if (m[1].toLowerCase() === "content-length") length = /^\d{1,15}$/.test(m[2].trim()) ? Number(m[2].trim()) : NaN;
    }
    if (length === null || Number.isNaN(length)) {
      log(`a header without a valid Content-Length (${JSON.stringify(header.slice(0, 80))}): skipped`);
      input = input.subarray(end + 4);
      continue;
    }
    if (bad) log("garbage header lines ignored");
    if (length > MAX_BODY) {
      log(`Content-Length ${length} is too large: giving up`);
      finish(1);
      return;
    }
    if (input.length < end + 4 + length) return;
    const body = input.subarray(end + 4, end + 4 + length).toString("utf8");
    input = input.subarray(end + 4 + length);
    receive(body);
  }
}

function send(message) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...message }), "utf8");
  process.stdout.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
}

function finish(code) {
  if (MODE === "sanitizer") process.stderr.write("==1==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010\n");
  process.stdout.write("", () => process.exit(code));
}

// ---------------------------------------------------------------------------------------
// Lifecycle and dispatch.

let initialized = false;
let shutdown = false;
let encoding = "utf-16";
let root = null;
let init = {};
const docs = new Map();
const publishedFor = new Map(); // main uri -> uris of other files published with diagnostics

class RpcError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function receive(body) {
  let message;
  try {
    message = JSON.parse(body);
  } catch {
    if (MODE === "crash-on-garbage") process.kill(process.pid, "SIGSEGV");
    send({ id: null, error: { code: -32700, message: "parse error" } });
    return;
  }
  if (!message || typeof message !== "object" || Array.isArray(message) || typeof message.method !== "string") {
    send({ id: message?.id ?? null, error: { code: -32600, message: "invalid request" } });
    return;
  }
  const isRequest = "id" in message;
  const { method, params } = message;
  if (MODE === "mute" && initialized) return;
  if (method === "exit") {
    finish(shutdown ? 0 : 1);
    return;
  }
  if (!isRequest) {
    if (!initialized) return;
    try {
      notification(method, params);
    } catch (error) {
      log(`${method}: ${error.message}`);
    }
    return;
  }
  if (!initialized && method !== "initialize") {
    send({ id: message.id, error: { code: -32002, message: "not initialized" } });
    return;
  }
  if (shutdown) {
    send({ id: message.id, error: { code: -32600, message: "shut down" } });
    return;
  }
  try {
    send({ id: message.id, result: request(method, params) ?? null });
  } catch (error) {
    send({ id: message.id, error: { code: error.code ?? -32603, message: error.message } });
  }
}

function request(method, params) {
  switch (method) {
    case "initialize":
      return initialize(params);
    case "shutdown":
      shutdown = true;
      return null;
    case "textDocument/hover":
      return hover(params);
    case "textDocument/definition":
      return definition(params);
    case "textDocument/references":
      return references(params);
    case "textDocument/completion":
      return completion(params);
    case "textDocument/documentSymbol":
      return documentSymbol(params);
    case "textDocument/formatting":
      return formatting(params);
    default:
      throw new RpcError(-32601, `unknown method ${method}`);
  }
}

function notification(method, params) {
  switch (method) {
    case "initialized":
      return;
    case "textDocument/didOpen":
      docs.set(params.textDocument.uri, { text: params.textDocument.text, version: params.textDocument.version });
      return publish(params.textDocument.uri);
    case "textDocument/didChange": {
      const doc = docs.get(params.textDocument.uri);
      if (!doc) {
        log(`didChange of ${params.textDocument.uri}, never opened`);
        return;
      }
      for (const change of params.contentChanges) {
        if (!change.range) doc.text = change.text;
        else {
          const start = toIndex(doc.text, change.range.start);
          const end = toIndex(doc.text, change.range.end);
          doc.text = doc.text.slice(0, start) + change.text + doc.text.slice(end);
        }
      }
      doc.version = params.textDocument.version;
      return publish(params.textDocument.uri);
    }
    case "textDocument/didClose":
      docs.delete(params.textDocument.uri);
      send({ method: "textDocument/publishDiagnostics", params: { uri: params.textDocument.uri, diagnostics: [] } });
      return;
    default:
      return;
  }
}

function initialize(params) {
  if (initialized) throw new RpcError(-32600, "initialize twice");
  initialized = true;
  const offered = params?.capabilities?.general?.positionEncodings ?? [];
  encoding = offered.includes("utf-8") ? "utf-8" : "utf-16";
  const rootUri = params?.rootUri ?? params?.workspaceFolders?.[0]?.uri ?? null;
  root = rootUri?.startsWith("file:") ? fileURLToPath(rootUri) : null;
  init = params?.initializationOptions ?? {};
  if (MODE === "stdout-noise") setTimeout(() => process.stdout.write("fake_server: initialized\n"), 10);
  return {
    capabilities: {
      positionEncoding: encoding,
      textDocumentSync: { openClose: true, change: 2 },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      completionProvider: { triggerCharacters: ["."] },
      documentSymbolProvider: true,
      documentFormattingProvider: true,
    },
    serverInfo: { name: "whiskc", version: execFileSync(WHISKC, ["--version"], { encoding: "utf8" }).trim().split(" ").pop() },
  };
}

// ---------------------------------------------------------------------------------------
// Positions, counted independently of harness.mjs.

function lineOffsets(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  return starts;
}

function units(str) {
  if (encoding === "utf-8" && MODE !== "wrong-encoding") return new TextEncoder().encode(str).length;
  return str.length;
}

function toIndex(text, position) {
  const starts = lineOffsets(text);
  if (position.line >= starts.length) return text.length;
  const lineStart = starts[position.line];
  const lineStop = position.line + 1 < starts.length ? starts[position.line + 1] - 1 : text.length;
  let i = lineStart;
  let n = 0;
  while (i < lineStop && n < position.character) {
    const ch = String.fromCodePoint(text.codePointAt(i));
    n += units(ch);
    i += ch.length;
  }
  return i;
}

function toPosition(text, index) {
  const starts = lineOffsets(text);
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1] <= index) line++;
  return { line, character: units(text.slice(starts[line], index)) };
}

const range = (text, start, end) => ({ start: toPosition(text, start), end: toPosition(text, end) });

// ---------------------------------------------------------------------------------------
// Diagnostics and formatting through the real whiskc.

function checkArgs() {
  const args = [];
  const abs = (p) => (path.isAbsolute(p) || !root ? p : path.join(root, p));
  for (const v of init.values ?? []) args.push("-f", abs(v));
  for (const s of init.set ?? []) args.push("--set", s);
  for (const l of init.lib ?? []) args.push("--lib", abs(l));
  return args;
}

function publish(uri) {
  const doc = docs.get(uri);
  if (!uri.startsWith("file:")) {
    send({ method: "textDocument/publishDiagnostics", params: { uri, diagnostics: [] } });
    return;
  }
  const file = fileURLToPath(uri);
  const dir = path.dirname(file);
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "whisk-fake-lsp-"));
  try {
    if (fs.existsSync(dir)) fs.cpSync(dir, copy, { recursive: true });
    fs.writeFileSync(path.join(copy, path.basename(file)), doc.text);
    const r = spawnSync(WHISKC, ["check", path.basename(file), "--diagnostic-format=json", ...checkArgs()], { cwd: copy, encoding: "utf8" });
    const byUri = new Map([[uri, []]]);
    for (const line of `${r.stdout}\n${r.stderr}`.split("\n")) {
      if (!line.startsWith("{")) continue;
      const d = JSON.parse(line);
      let where = path.resolve(copy, d.span.file);
      if (where.startsWith(copy + path.sep)) where = path.join(dir, path.relative(copy, where));
      if (!fs.existsSync(where) && where !== file) {
        log(`a diagnostic in ${d.span.file}, no file: dropped`);
        continue;
      }
      const target = where === file ? uri : pathToFileURL(where).href;
      const text = target === uri ? doc.text : fs.readFileSync(where, "utf8");
      const lines = text.split("\n");
      const at = (l, c) => {
        const prefix = Buffer.from(lines[l - 1] ?? "", "utf8").subarray(0, c - 1).toString("utf8");
        return { line: l - 1, character: units(prefix) };
      };
      if (!byUri.has(target)) byUri.set(target, []);
      byUri.get(target).push({
        range: { start: at(d.span.line, d.span.column), end: at(d.span.end_line, d.span.end_column) },
        severity: d.severity === "error" ? 1 : 2,
        code: d.code,
        source: "whiskc",
        message: MODE === "no-hint" ? d.message.replace(/; did you mean.*$/, "") : d.message,
      });
    }
    for (const old of publishedFor.get(uri) ?? []) if (!byUri.has(old)) byUri.set(old, []);
    publishedFor.set(uri, [...byUri.keys()].filter((u) => u !== uri && byUri.get(u).length));
    for (const [target, diagnostics] of byUri) send({ method: "textDocument/publishDiagnostics", params: { uri: target, version: target === uri ? doc.version : undefined, diagnostics } });
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

function formatting(params) {
  const doc = docs.get(params.textDocument.uri);
  if (!doc) throw new RpcError(-32602, "unknown document");
  const r = spawnSync(WHISKC, ["fmt"], { input: doc.text, encoding: "utf8" });
  if (r.status !== 0) return null;
  if (r.stdout === doc.text) return [];
  return [{ range: range(doc.text, 0, doc.text.length), newText: r.stdout }];
}

// ---------------------------------------------------------------------------------------
// A crude reading of the program: declarations line by line.

const KINDS = ["service", "stateful", "daemon", "job", "cron", "external"];
const PROPERTIES = ["image", "run", "args", "port", "env", "cpu", "memory", "ready", "live", "storage", "files", "mount",
  "scratch", "needs", "replicas", "place", "autoscale", "budget", "expose", "can", "spawns", "schedule", "retries", "patch", "host", "if"];
const NOT_FOR = {
  replicas: ["daemon", "job", "cron", "external"], autoscale: ["daemon", "job", "cron", "external"],
  budget: ["job", "cron", "external"], expose: ["job", "cron", "external"], ready: ["job", "cron"],
  schedule: ["service", "stateful", "daemon", "job", "external"], retries: ["service", "stateful", "daemon", "external"],
  host: ["service", "stateful", "daemon", "job", "cron"],
};
const DECLARATIONS = ["topology", "import", "param", "role", "placement", "config", "secret", ...KINDS, "template", "use", "if"];

/** The code of a line: comments dropped (a `//` outside a string). */
function code(line) {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === "\\") i++;
    else if (line[i] === "\"") inString = !inString;
    else if (!inString && line[i] === "/" && line[i + 1] === "/") return line.slice(0, i);
  }
  return line;
}

function readProgram(uri) {
  const files = [];
  const seen = new Set();
  const load = (fileUri, text) => {
    if (seen.has(fileUri)) return;
    seen.add(fileUri);
    files.push({ uri: fileUri, text });
    const dir = fileUri.startsWith("file:") ? path.dirname(fileURLToPath(fileUri)) : null;
    for (const m of text.matchAll(/^import "([^"]+)"/gm)) {
      const found = moduleFile(m[1], dir);
      if (found) load(pathToFileURL(found).href, docs.get(pathToFileURL(found).href)?.text ?? fs.readFileSync(found, "utf8"));
    }
  };
  load(uri, docs.get(uri).text);
  const decls = [];
  for (const file of files) {
    const lines = file.text.split("\n");
    const starts = lineOffsets(file.text);
    let open = null;
    let depth = 0;
    lines.forEach((raw, l) => {
      const line = code(raw);
      const add = (kind, name, extra = {}) => {
        const nameAt = extra.nameAt ?? line.search(new RegExp(`\\b${name}\\b`));
        const decl = { kind, name, file, line: l, start: starts[l] + nameAt, end: starts[l] + nameAt + name.length, first: l, last: l, body: [], ...extra };
        decls.push(decl);
        if (line.includes("{")) open = { decl, depth };
      };
      let m;
      if ((m = line.match(/^\s*topology (\w+)/))) add("topology", m[1]);
      else if ((m = line.match(/^\s*param (\w+)\s*:\s*(.+?)(?:\s*=\s*(.+?))?\s*$/))) add("param", m[1], { type: m[2], default: m[3] });
      else if ((m = line.match(/^\s*(role|placement) (\w+)/))) add(m[1], m[2]);
      else if ((m = line.match(/^\s*(config|secret) (\w+)/))) add(m[1], m[2]);
      else if ((m = line.match(/^\s*(service|stateful|daemon|job|cron|external) (\w+)/))) add(m[1], m[2], { component: true });
      else if ((m = line.match(/^\s*template (\w+) (\w+)/))) add("template", m[2], { templateKind: m[1], nameAt: line.indexOf(m[2], line.indexOf(m[1]) + m[1].length) });
      else if ((m = line.match(/^\s*use (\w+)(?:\(.*?\))?(?:\s+as(?:\s+(service|stateful|daemon|job|cron|external))?\s+(\w+))?/))) {
        const name = m[3] ?? m[1];
        const nameAt = m[3] ? line.lastIndexOf(m[3]) : line.indexOf(m[1]);
        add("use", name, { component: true, template: m[1], asKind: m[2], nameAt });
      }
      if (open) open.decl.body.push(line);
      for (const ch of line.replace(/"(?:\\.|[^"\\])*"/g, "")) {
        if (ch === "{") depth++;
        else if (ch === "}") {
          depth--;
          if (open && depth === open.depth) {
            open.decl.last = l;
            open = null;
          }
        }
      }
      if (open) open.decl.last = l;
    });
  }
  return { files, decls };
}

function moduleFile(name, dir) {
  const file = name.endsWith(".ow") ? name : `${name}.ow`;
  const abs = (p) => (path.isAbsolute(p) || !root ? p : path.join(root, p));
  for (const d of [dir, ...(init.lib ?? []).map(abs), STDLIB]) {
    if (d && fs.existsSync(path.join(d, file))) return path.join(d, file);
  }
  return null;
}

function componentInfo(program, decl) {
  const template = decl.kind === "use" ? program.decls.find((d) => d.kind === "template" && d.name === decl.template) : null;
  const body = [...(template?.body ?? []), ...decl.body];
  const kind = decl.kind === "use" ? decl.asKind ?? template?.templateKind : decl.kind;
  const image = body.map((l) => l.match(/^\s*image "(.*)"/)?.[1]).find(Boolean);
  const ports = [];
  for (const l of body) {
    const m = l.match(/^\s*port (.*)$/);
    if (m) for (const item of m[1].split(",")) {
      const [name, number] = item.trim().split(/\s+/);
      ports.push({ name, number });
    }
  }
  const needs = new Set();
  for (const l of body) {
    const m = l.match(/^\s*needs (.*)$/);
    if (m) for (const n of m[1].split(",")) needs.add(n.trim().split(/\s+/)[0]);
    for (const r of l.matchAll(/\$\{(\w+)\.(host|port)/g)) if (r[1] !== decl.name) needs.add(r[1]);
  }
  return { kind, image: image && interpolate(program, image), ports, needs: [...needs] };
}

function paramValue(program, name) {
  const decl = program.decls.find((d) => d.kind === "param" && d.name === name);
  for (const s of init.set ?? []) if (s.startsWith(`${name}=`)) return s.slice(name.length + 1);
  for (const v of init.values ?? []) {
    const file = path.isAbsolute(v) || !root ? v : path.join(root, v);
    const m = fs.existsSync(file) && fs.readFileSync(file, "utf8").match(new RegExp(`^${name}:\\s*(.*)$`, "m"));
    if (m) return m[1].trim();
  }
  return decl?.default?.replace(/^"(.*)"$/, "$1");
}

const interpolate = (program, s) => s.replace(/\$\{(\w+)\}/g, (all, name) => paramValue(program, name) ?? all);

/** The word at POSITION of URI and what stands before it on its line. */
function wordAt(uri, position) {
  const text = docs.get(uri)?.text;
  if (text === undefined) throw new RpcError(-32602, "unknown document");
  const index = toIndex(text, position);
  let start = index;
  let end = index;
  while (start > 0 && /\w/.test(text[start - 1])) start--;
  while (end < text.length && /\w/.test(text[end])) end++;
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  return { word: text.slice(start, end), before: text.slice(lineStart, start), after: text.slice(end, end + 2), text, index };
}

/** The declarations the word at POSITION names. */
function resolve(uri, position) {
  const program = readProgram(uri);
  const { word, before, after } = wordAt(uri, position);
  if (!word) return { program, decls: [] };
  const imported = before.match(/^import "$/);
  if (imported) return { program, module: moduleFile(word, path.dirname(fileURLToPath(uri))), decls: [] };
  let decls = program.decls.filter((d) => d.name === word);
  if (/\buse $/.test(before) || /^\s*template \w+ $/.test(before)) decls = decls.filter((d) => d.kind === "template");
  else if (/\$\{$/.test(before) && after[0] === ".") decls = decls.filter((d) => d.component || d.kind === "config" || d.kind === "secret");
  else if (/\bneeds [\w, ]*$/.test(before)) decls = decls.filter((d) => d.component);
  else decls = decls.filter((d) => d.kind !== "template");
  return { program, decls, word };
}

const location = (d) => ({ uri: d.file.uri, range: range(d.file.text, d.start, d.end) });

function hover(params) {
  const { program, decls } = resolve(params.textDocument.uri, params.position);
  const decl = decls.find((d) => d.component) ?? decls[0];
  if (!decl) return null;
  let value;
  if (decl.component) {
    const info = componentInfo(program, decl);
    const neededBy = program.decls.filter((d) => d.component && d !== decl && componentInfo(program, d).needs.includes(decl.name)).map((d) => d.name);
    // Components made of a template that needs this one.
    for (const t of program.decls.filter((d) => d.kind === "template" && d.body.some((l) => new RegExp(`needs .*\\b${decl.name}\\b`).test(l)))) {
      neededBy.push(...program.decls.filter((d) => d.kind === "use" && d.template === t.name).map((d) => d.name));
    }
    value = [`**${info.kind}** \`${decl.name}\``, `image \`${info.image}\``,
      `ports: ${info.ports.map((p) => `${p.name} ${p.number}`).join(", ")}`,
      `needs: ${info.needs.join(", ")}`, `needed by: ${[...new Set(neededBy)].join(", ")}`].join("\n\n");
  } else if (decl.kind === "param") {
    value = `**param** \`${decl.name}\`: ${decl.type}\n\ndefault: ${decl.default ?? "(none)"}\n\nvalue: ${paramValue(program, decl.name) ?? "(none)"}`;
  } else {
    value = `**${decl.kind}** \`${decl.name}\``;
  }
  return { contents: { kind: "markdown", value } };
}

function definition(params) {
  const { decls, module } = resolve(params.textDocument.uri, params.position);
  if (module) return { uri: pathToFileURL(module).href, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  if (!decls.length) return null;
  return decls.map(location);
}

function references(params) {
  const { program, decls, word } = resolve(params.textDocument.uri, params.position);
  if (!decls.length) return [];
  const decl = decls[0];
  const out = [];
  for (const file of program.files) {
    const starts = lineOffsets(file.text);
    file.text.split("\n").forEach((raw, l) => {
      const line = code(raw);
      for (const m of line.matchAll(new RegExp(`\\b${word}\\b`, "g"))) {
        const before = line.slice(0, m.index);
        const quotes = (before.match(/(?<!\\)"/g) ?? []).length;
        if (quotes % 2 === 1 && !before.endsWith("${")) continue; // inside a string, not interpolated
        if (/^\s*import "$/.test(before)) continue;
        const isTemplate = /\buse $/.test(before) || /^\s*template \w+ $/.test(before);
        if (isTemplate !== (decl.kind === "template")) continue;
        const start = starts[l] + m.index;
        const isDecl = decls.some((d) => d.file === file && d.start === start);
        if (isDecl && !params.context?.includeDeclaration) continue;
        out.push({ uri: file.uri, range: range(file.text, start, start + word.length) });
      }
    });
  }
  return out;
}

function completion(params) {
  const uri = params.textDocument.uri;
  const program = readProgram(uri);
  const { text, index } = wordAt(uri, params.position);
  const lineStart = text.lastIndexOf("\n", index - 1) + 1;
  const before = text.slice(lineStart, index);
  const items = (labels) => labels.map((label) => ({ label }));
  let m;
  if ((m = before.match(/(\w+)\.port\.\w*$/))) {
    const decl = program.decls.find((d) => d.component && d.name === m[1]);
    return items(decl ? componentInfo(program, decl).ports.map((p) => p.name) : []);
  }
  if (/^\s*needs [\w, ]*$/.test(before)) return items([...new Set(program.decls.filter((d) => d.component).map((d) => d.name))]);
  const line = text.slice(0, lineStart).split("\n").length - 1;
  const block = program.decls.find((d) => d.file.uri === uri && d.body.length && d.first < line && d.last > line);
  if (!block) return items(DECLARATIONS);
  if (!block.component && block.kind !== "template") return [];
  const kind = block.kind === "template" ? block.templateKind : componentInfo(program, block).kind;
  return items(PROPERTIES.filter((p) => !(NOT_FOR[p] ?? []).includes(kind)));
}

function documentSymbol(params) {
  const uri = params.textDocument.uri;
  const program = readProgram(uri);
  const KIND = { topology: 2, param: 13, role: 10, placement: 10, config: 19, secret: 19, template: 5, use: 5 };
  return program.decls.filter((d) => d.file.uri === uri).map((d) => {
    const text = d.file.text;
    const starts = lineOffsets(text);
    const full = { start: toPosition(text, starts[d.first]), end: toPosition(text, (starts[d.last + 1] ?? text.length + 1) - 1) };
    const symbol = { name: d.name, kind: KIND[d.kind] ?? 5, range: full, selectionRange: range(text, d.start, d.end) };
    if (d.component) {
      symbol.children = [];
      d.body.forEach((l, i) => {
        const m = l.match(/^\s*port (.*)$/);
        if (!m) return;
        let offset = starts[d.first + i] + l.indexOf(m[1]);
        for (const item of m[1].split(",")) {
          const name = item.trim().split(/\s+/)[0];
          const at = text.indexOf(name, offset);
          const r = range(text, at, at + name.length);
          symbol.children.push({ name, kind: 7, range: r, selectionRange: r });
          offset = at + item.trim().length;
        }
      });
    }
    return symbol;
  });
}
