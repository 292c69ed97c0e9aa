// The harness of the `whiskc lsp` tests (session.mjs, robustness.mjs): the command line,
// positions in utf-16 or utf-8 as negotiated, `whiskc check` as the oracle of diagnostics,
// a server driven through vscode-jsonrpc (LspSession) and one driven by hand-written frames
// (RawServer), and the checks every case ends with (no signal, no sanitizer report, stdout
// holding only well-formed frames).
//
// Every child process is started here, remembered by its PID, and killed (SIGKILL, by that
// PID) when a case is done with it, when a wait times out, and when this process exits.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { ResponseError, StreamMessageReader, StreamMessageWriter, createMessageConnection } from "vscode-jsonrpc/node";
import {
  ExitNotification,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
} from "vscode-languageserver-protocol";

export const HERE = path.dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------------------
// Command line: --whiskc (the binary), --source-dir (the repository), and --server-command
// (a JSON array, the whole command that starts a server instead of `WHISKC lsp`; only for
// testing this harness against another server).

const { values: options } = parseArgs({
  options: {
    whiskc: { type: "string" },
    "source-dir": { type: "string" },
    "server-command": { type: "string" },
  },
  strict: false,
});
export const ROOT = path.resolve(options["source-dir"] ?? path.join(HERE, "..", ".."));
export const WHISKC = path.resolve(options.whiskc ?? path.join(ROOT, "build", "compiler", "whiskc"));
// Words of --server-command that name existing files are taken relative to the current directory.
export const SERVER_COMMAND = options["server-command"]
  ? JSON.parse(options["server-command"]).map((word) => (fs.existsSync(word) ? path.resolve(word) : word))
  : [WHISKC, "lsp"];

/** How long one request, one wait for a notification, and one wait for an exit may take. */
export const REQUEST_TIMEOUT_MS = 10_000;
export const EXIT_TIMEOUT_MS = 5_000;

// ---------------------------------------------------------------------------------------
// What was checked, and what looked odd, printed at the end (as tests/kube/*.mjs do).

export const checked = [];
export const findings = [];
/** Records LINE as checked (after the assertions before it passed). */
export const check = (line) => checked.push(line);
/** Records something odd that is not a failure. */
export const note = (line) => findings.push(line);

const children = new Set();
process.on("exit", () => {
  for (const child of children) killChild(child);
  const lines = [`\nChecked (${checked.length}):`, ...checked.map((line) => `  - ${line}`)];
  if (findings.length) lines.push("\nNoted (not failures):", ...findings.map((line) => `  - ${line}`));
  fs.writeSync(1, `${lines.join("\n")}\n`);
});

/** A last resort under ctest's TIMEOUT: kills the servers and fails after SECONDS. */
export function giveUpAfter(script, seconds) {
  setTimeout(() => {
    console.error(`${script}: still running after ${seconds} s; giving up`);
    process.exit(1);
  }, seconds * 1000).unref();
}

function killChild(child) {
  if (child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  children.delete(child);
}

/** The server's binary must exist (the real one; a --server-command is taken as it is). */
export function assertServerExists() {
  if (!options["server-command"]) assert.ok(fs.existsSync(WHISKC), `no whiskc at ${WHISKC} (pass --whiskc)`);
}

// ---------------------------------------------------------------------------------------
// Time.

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** PROMISE, or a rejection naming WHAT after MS milliseconds. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The time to wait for an answer or a notification: MS, but once a wait has timed out in
 * this run (a server that hangs) at most 3 s, and after three at most 1 s, so that a
 * hanging server fails every case quickly rather than each after the full wait, within
 * ctest's TIMEOUT.
 */
let answersTimedOut = 0;
export function answerTimeout(ms) {
  if (answersTimedOut >= 3) return Math.min(ms, 1000);
  return answersTimedOut ? Math.min(ms, 3000) : ms;
}

/** withTimeout for an answer from a server: its timeout is counted (answerTimeout). */
export async function awaitAnswer(promise, ms, what) {
  try {
    return await withTimeout(promise, answerTimeout(ms), what);
  } catch (error) {
    if (error.message.startsWith("timed out")) answersTimedOut++;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------
// Positions. LSP counts a line's characters in the negotiated encoding: "utf-16" (code
// units, as JS strings do) or "utf-8" (bytes). Lines end at \n, \r\n or \r. Offsets here
// are JS string indices.

/** The JS index where each line of TEXT starts. */
export function lineStarts(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

/** The length of STR in characters of ENCODING. */
export function charLength(str, encoding) {
  if (encoding === "utf-16") return str.length;
  if (encoding === "utf-8") return Buffer.byteLength(str, "utf8");
  throw new Error(`unknown position encoding ${encoding}`);
}

/** The end of line LINE's content (before its line break). */
function lineEnd(text, starts, line) {
  let end = line + 1 < starts.length ? starts[line + 1] : text.length;
  if (end > starts[line] && text[end - 1] === "\n") end--;
  if (end > starts[line] && text[end - 1] === "\r") end--;
  return end;
}

/** The position of the JS index OFFSET of TEXT. */
export function positionAt(text, offset, encoding) {
  assert.ok(offset >= 0 && offset <= text.length, `offset ${offset} outside the text (length ${text.length})`);
  const starts = lineStarts(text);
  let line = starts.length - 1;
  while (starts[line] > offset) line--;
  return { line, character: charLength(text.slice(starts[line], offset), encoding) };
}

/**
 * The JS index of POSITION in TEXT; a character past the line's end means its end (as
 * LSP says), one inside a character's encoding is an error.
 */
export function offsetAt(text, position, encoding) {
  const starts = lineStarts(text);
  if (position.line >= starts.length) return text.length;
  const start = starts[position.line];
  const end = lineEnd(text, starts, position.line);
  let units = 0;
  let i = start;
  while (i < end && units < position.character) {
    const cp = text.codePointAt(i);
    const js = cp > 0xffff ? 2 : 1;
    units += charLength(String.fromCodePoint(cp), encoding);
    i += js;
  }
  assert.ok(units === position.character || i === end,
    `${JSON.stringify(position)} falls inside a character in ${encoding}`);
  return i;
}

/** The JS index of the OCCURRENCE-th (from 0) NEEDLE in TEXT. */
export function indexOf(text, needle, occurrence = 0) {
  let at = -1;
  for (let n = 0; n <= occurrence; n++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `${JSON.stringify(needle)} occurs fewer than ${occurrence + 1} times in the text`);
  }
  return at;
}

/**
 * The position OFFSETWITHINNEEDLE (a JS index into NEEDLE) into the OCCURRENCE-th NEEDLE
 * in TEXT, its character counted in ENCODING. Find positions by searching with enough
 * context to be unique, never by line numbers: positionOf(text, "needs controller", 0, 6).
 */
export function positionOf(text, needle, occurrence = 0, offsetWithinNeedle = 0, encoding = "utf-16") {
  return positionAt(text, indexOf(text, needle, occurrence) + offsetWithinNeedle, encoding);
}

/**
 * The range of LENGTH JS characters (the rest of NEEDLE by default) from OFFSETWITHINNEEDLE
 * into the OCCURRENCE-th NEEDLE in TEXT: rangeOf(text, "needs controller", 0, 6) is the
 * range of `controller` there.
 */
export function rangeOf(text, needle, occurrence = 0, offsetWithinNeedle = 0, length = undefined, encoding = "utf-16") {
  const start = indexOf(text, needle, occurrence) + offsetWithinNeedle;
  const end = start + (length ?? needle.length - offsetWithinNeedle);
  return { start: positionAt(text, start, encoding), end: positionAt(text, end, encoding) };
}

/** TEXT with LSP TextEdits applied (ranges in ENCODING, all against the original text). */
export function applyTextEdits(text, edits, encoding) {
  const spans = edits.map((edit) => ({
    start: offsetAt(text, edit.range.start, encoding),
    end: offsetAt(text, edit.range.end, encoding),
    newText: edit.newText,
  }));
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < spans.length; i++) {
    assert.ok(spans[i].start >= spans[i - 1].end, `overlapping text edits: ${JSON.stringify(edits)}`);
  }
  let out = "";
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + span.newText;
    at = span.end;
  }
  return out + text.slice(at);
}

/** The range of a `whiskc check` JSON span (1-based line, 1-based byte column, end exclusive). */
export function spanToRange(text, span, encoding) {
  const toPosition = (line, byteColumn) => {
    const starts = lineStarts(text);
    const lineText = text.slice(starts[line - 1], lineEnd(text, starts, line - 1));
    const prefix = Buffer.from(lineText, "utf8").subarray(0, byteColumn - 1).toString("utf8");
    return { line: line - 1, character: charLength(prefix, encoding) };
  };
  return { start: toPosition(span.line, span.column), end: toPosition(span.end_line, span.end_column) };
}

export const showRange = (r) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
export const sameRange = (a, b) =>
  a.start.line === b.start.line && a.start.character === b.start.character &&
  a.end.line === b.end.line && a.end.character === b.end.character;

/** The text of TEXT within RANGE (in ENCODING). */
export function textIn(text, range, encoding) {
  return text.slice(offsetAt(text, range.start, encoding), offsetAt(text, range.end, encoding));
}

// ---------------------------------------------------------------------------------------
// URIs and files.

export const fileUri = (file) => pathToFileURL(file).href;
export const uriPath = (uri) => fileURLToPath(uri);

const tempDirs = [];
process.on("exit", () => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed when this process exits. */
export function tempDir(label) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `whisk-lsp-${label}-`));
  tempDirs.push(dir);
  return dir;
}

/** Writes FILES ({relative path: text}) under DIR. */
export function writeFiles(dir, files) {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

// ---------------------------------------------------------------------------------------
// The oracle: what `whiskc check` says of a program, as LSP diagnostics per file.

/** Runs `whiskc ARGS` in CWD; resolves to {code, stdout, stderr}. */
export function runWhiskc(args, { cwd = ROOT, input } = {}) {
  return new Promise((resolve) => {
    const child = execFile(WHISKC, args, { cwd, timeout: REQUEST_TIMEOUT_MS, killSignal: "SIGKILL", maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      });
    if (input !== undefined) child.stdin.end(input);
  });
}

/**
 * `whiskc check FILE --diagnostic-format=json ARGS` run in FILE's directory: a Map from
 * each file's absolute path to its diagnostics as {code, severity (1|2), message, range}
 * with ranges in ENCODING (the file's text read from disk, or TEXTS[path]).
 */
export async function checkDiagnostics(file, args, encoding) {
  const r = await runWhiskc(["check", file, "--diagnostic-format=json", "--color=never", ...args], { cwd: path.dirname(file) });
  assert.ok(r.code === 0 || r.code === 1, `whiskc check ${file} exited ${r.code}:\n${r.stderr}`);
  const byFile = new Map();
  for (const line of `${r.stdout}\n${r.stderr}`.split("\n")) {
    if (!line.startsWith("{")) continue;
    const d = JSON.parse(line);
    // A span in something that is no file (`--set`) is kept under its name, its columns
    // taken as characters.
    const where = fs.existsSync(path.resolve(path.dirname(file), d.span.file)) ? path.resolve(path.dirname(file), d.span.file) : d.span.file;
    const text = path.isAbsolute(where) ? fs.readFileSync(where, "utf8") : " ".repeat(d.span.end_column + 1);
    if (!byFile.has(where)) byFile.set(where, []);
    byFile.get(where).push({
      code: d.code,
      severity: d.severity === "error" ? 1 : 2,
      message: d.message,
      range: spanToRange(text, d.span, encoding),
    });
  }
  return byFile;
}

/** Copies the directory FROM to a fresh temporary one (for the oracle to check an edited copy). */
export function copyDir(from, label) {
  const dir = tempDir(label);
  fs.cpSync(from, dir, { recursive: true });
  return dir;
}

/**
 * Asserts that the LSP diagnostics ACTUAL of a file are EXPECTED (from checkDiagnostics): the
 * same codes, severities and ranges, in any order, each with source "whiskc" and a message
 * that contains the CLI's (a "did you mean" hint may instead be in relatedInformation).
 */
export function assertSameDiagnostics(actual, expected, what) {
  const show = (list) => list.map((d) => `${d.code} ${d.severity} ${showRange(d.range)} ${d.message}`).join("\n    ") || "(none)";
  const context = `${what}\n  published:\n    ${show(actual)}\n  whiskc check:\n    ${show(expected)}`;
  const key = (d) => `${d.code}@${showRange(d.range)}#${d.severity}`;
  assert.deepEqual(actual.map(key).sort(), expected.map(key).sort(), `diagnostics differ: ${context}`);
  for (const d of actual) {
    assert.equal(d.source, "whiskc", `source of ${key(d)}: ${context}`);
    const cli = expected.find((e) => key(e) === key(d));
    const related = (d.relatedInformation ?? []).map((r) => r.message).join("\n");
    const [head, hint] = cli.message.split(/; (?=did you mean)/);
    assert.ok(d.message.includes(head), `message of ${key(d)} lacks ${JSON.stringify(head)}: ${context}`);
    if (hint) {
      assert.ok(d.message.includes(hint) || related.includes(hint),
        `${key(d)} has the hint ${JSON.stringify(hint)} neither in its message nor in relatedInformation: ${context}`);
    }
  }
}

// ---------------------------------------------------------------------------------------
// The health of a finished server process.

const SANITIZER_REPORT = /ERROR: AddressSanitizer|ERROR: LeakSanitizer|ERROR: ThreadSanitizer|WARNING: ThreadSanitizer|ERROR: MemorySanitizer|runtime error:|SUMMARY: \w+Sanitizer|UndefinedBehaviorSanitizer/;

/** Asserts that the server ended without a signal and with no sanitizer report on stderr. */
export function assertHealthy({ code, signal, stderr }, what) {
  assert.equal(signal, null, `${what}: the server was killed by ${signal} (exit code ${code})\n--- stderr\n${stderr}`);
  const report = stderr.match(SANITIZER_REPORT);
  assert.ok(!report, `${what}: a sanitizer report on stderr (${report?.[0]})\n--- stderr\n${stderr}`);
}

/**
 * The directory servers run in: an empty one, so that a server that resolved relative
 * paths against its working directory rather than the workspace root would find nothing.
 */
let neutralDir;
function serverCwd() {
  neutralDir ??= tempDir("cwd");
  return neutralDir;
}

/** TMPDIR of the servers: removed with this process, whatever a killed server left there. */
let serverTmp;
function serverTmpDir() {
  serverTmp ??= tempDir("tmp");
  return serverTmp;
}

/** Starts COMMAND (SERVER_COMMAND by default) with pipes, remembered for killing. */
function startChild(command = SERVER_COMMAND) {
  const child = spawn(command[0], command.slice(1), {
    cwd: serverCwd(),
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", TMPDIR: serverTmpDir() },
  });
  children.add(child);
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  // Writing to a server that is gone is the server's failure, reported by the waits.
  child.stdin.on("error", () => {});
  const exited = new Promise((resolve) => {
    // 'close' comes once stdout and stderr are drained too; a process that leaves a
    // descendant holding them open is taken as ended a second after its exit.
    child.on("exit", (code, signal) => {
      setTimeout(() => resolve({ code, signal, stderr }), 1000).unref();
    });
    child.on("close", (code, signal) => resolve({ code, signal, stderr }));
    child.on("error", (error) => resolve({ code: null, signal: null, stderr: `${stderr}\nspawn failed: ${error.message}` }));
  });
  return { child, exited, stderr: () => stderr };
}

/**
 * Waits up to MS for the server to exit; if it does not, kills it (by its PID) and fails
 * with WHAT. Resolves to {code, signal, stderr}.
 */
async function awaitExit(started, ms, what) {
  try {
    return await withTimeout(started.exited, ms, what);
  } catch (error) {
    killChild(started.child);
    const stderr = started.stderr();
    throw new Error(`${error.message}: the server did not exit (killed it)\n--- stderr\n${stderr}`);
  } finally {
    children.delete(started.child);
  }
}

// ---------------------------------------------------------------------------------------
// A server driven through vscode-jsonrpc.

/** Whether ERROR is vscode-jsonrpc's own (a write that failed, a closed connection), not an answer. */
const isConnectionFailure = (error) => error.code >= -32099 && error.code <= -32096;

/**
 * A `whiskc lsp` session: started, initialized (initialize + initialized) with ROOT as
 * rootUri, the client offering POSITIONENCODINGS (none: not offered) and
 * INITIALIZATIONOPTIONS. session.encoding is what the server chose.
 */
export class LspSession {
  static async start({ root, initializationOptions, positionEncodings, workspaceFolders } = {}) {
    const session = new LspSession(root);
    await session.initialize({ initializationOptions, positionEncodings, workspaceFolders });
    return session;
  }

  constructor(root) {
    this.root = root;
    this.started = startChild();
    this.child = this.started.child;
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    /** Every publishDiagnostics, in order: {seq, uri, version, diagnostics}. */
    this.published = [];
    this.waiters = [];
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.push({ seq: this.published.length, ...params });
      for (const waiter of [...this.waiters]) waiter();
    });
    // What a server may ask of its client.
    this.connection.onRequest("workspace/configuration", (params) => params.items.map(() => null));
    this.connection.onRequest("client/registerCapability", () => null);
    this.connection.onRequest("client/unregisterCapability", () => null);
    this.connection.onRequest("window/workDoneProgress/create", () => null);
    this.connection.onRequest("window/showMessageRequest", () => null);
    this.connection.onRequest("workspace/applyEdit", () => ({ applied: false }));
    this.connection.onNotification("window/logMessage", () => {});
    this.connection.onNotification("window/showMessage", () => {});
    this.connection.onNotification("$/progress", () => {});
    this.connection.onNotification("telemetry/event", () => {});
    // Output that is not JSON-RPC, or a connection that closes before shutdown, ends the
    // session: every request waiting or to come fails at once with why.
    this.failure = null;
    this.failed = new Promise((_, reject) => {
      this.rejectFailed = reject;
    });
    this.failed.catch(() => {});
    this.shuttingDown = false;
    this.connection.onError(([error]) => this.fail(`the server's output is not JSON-RPC: ${error?.message}`));
    this.connection.onClose(async () => {
      if (this.shuttingDown) return;
      const end = await Promise.race([this.started.exited, sleep(1000)]);
      this.fail(end ? `the server exited (code ${end.code}, signal ${end.signal}) in the session` : "the server closed its stdout");
    });
    this.connection.listen();
    this.encoding = "utf-16";
    this.versions = new Map();
    this.texts = new Map();
  }

  async initialize({ initializationOptions, positionEncodings, workspaceFolders }) {
    const general = positionEncodings ? { positionEncodings } : {};
    const params = {
      processId: process.pid,
      clientInfo: { name: "whisk-lsp-tests", version: "1" },
      rootUri: this.root ? fileUri(this.root) : null,
      capabilities: {
        general,
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: false },
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          hover: { contentFormat: ["markdown", "plaintext"] },
          definition: { linkSupport: false },
          references: {},
          completion: { completionItem: { snippetSupport: false } },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          formatting: {},
        },
        workspace: { workspaceFolders: true, configuration: false },
      },
      initializationOptions,
      workspaceFolders: workspaceFolders ?? (this.root ? [{ uri: fileUri(this.root), name: path.basename(this.root) }] : null),
    };
    this.initializeResult = await this.request(InitializeRequest.type, params);
    this.capabilities = this.initializeResult?.capabilities ?? {};
    this.encoding = this.capabilities.positionEncoding ?? "utf-16";
    await this.connection.sendNotification(InitializedNotification.type, {});
    return this.initializeResult;
  }

  /** Marks the session failed for WHY (the first reason is kept). */
  fail(why) {
    if (this.failure) return;
    this.failure = new Error(`${why}\n--- the server's stderr (last 2000 characters)\n${this.stderr().slice(-2000)}`);
    this.rejectFailed(this.failure);
  }

  /**
   * Sends a request and waits (bounded) for its answer; an error answer rejects, and so
   * does the server's exit before it answers. A request unanswered in time fails the
   * session: what follows fails at once rather than waiting in turn.
   */
  async request(type, params, ms = REQUEST_TIMEOUT_MS) {
    const method = typeof type === "string" ? type : type.method;
    if (this.failure) throw new Error(`${method} not sent: the session failed before: ${this.failure.message}`);
    const gone = this.started.exited.then(({ code, signal, stderr }) => {
      throw new Error(`the server exited (code ${code}, signal ${signal}) before it answered ${method}\n--- stderr\n${stderr}`);
    });
    const answer = this.connection.sendRequest(type, params).catch(async (error) => {
      if (error instanceof ResponseError && !isConnectionFailure(error)) throw error;
      // A write to a server that is gone: say that it is gone, if it is.
      await Promise.race([gone, sleep(1000)]);
      throw error;
    });
    try {
      return await awaitAnswer(Promise.race([answer, gone, this.failed]), ms, `the answer to ${method}`);
    } catch (error) {
      if (!(error instanceof ResponseError)) this.fail(error.message.split("\n")[0]);
      throw error;
    }
  }

  /** Sends a request; resolves to {result} or {error} (a ResponseError), bounded. */
  async settle(type, params, ms = REQUEST_TIMEOUT_MS) {
    try {
      return { result: await this.request(type, params, ms) };
    } catch (error) {
      if (error instanceof ResponseError && !isConnectionFailure(error)) return { error };
      throw error;
    }
  }

  notify(type, params) {
    return this.connection.sendNotification(type, params);
  }

  /** The sequence number the next publishDiagnostics will have. */
  mark() {
    return this.published.length;
  }

  /**
   * The diagnostics published for URI after mark AFTER (of VERSION or later, when the
   * server says which version it publishes for): waits (bounded) for the first one, then
   * SETTLEMS more for later ones, and returns the last (a server may publish twice).
   */
  async diagnosticsAfter(uri, after, { version, settleMs = 200, ms = REQUEST_TIMEOUT_MS } = {}) {
    const find = () => this.published.filter((p) => p.seq >= after && p.uri === uri &&
      (version === undefined || p.version === undefined || p.version === null || p.version >= version));
    if (this.failure) throw new Error(`no wait for diagnostics: the session failed before: ${this.failure.message}`);
    // Once a publication did not come, later waits are short: one missing is enough to fail.
    if (this.diagnosticsMissing) ms = Math.min(ms, 3000);
    ms = answerTimeout(ms);
    if (!find().length) {
      const gone = this.started.exited.then(({ code, signal, stderr }) => {
        throw new Error(`the server exited (code ${code}, signal ${signal}) before it published diagnostics for ${uri}\n--- stderr\n${stderr}`);
      });
      await withTimeout(Promise.race([gone, this.failed, new Promise((resolve) => {
        const waiter = () => {
          if (find().length) {
            this.waiters = this.waiters.filter((w) => w !== waiter);
            resolve();
          }
        };
        this.waiters.push(waiter);
      })]), ms, `publishDiagnostics for ${uri}`).catch((error) => {
        this.diagnosticsMissing = true;
        const stderr = this.stderr();
        throw new Error(`${error.message}\n--- the server's stderr (last 2000 characters)\n${stderr.slice(-2000)}`);
      });
    }
    await sleep(settleMs);
    const list = find();
    return list[list.length - 1];
  }

  /** Opens URI with TEXT; resolves to the diagnostics published for it. */
  async open(uri, text, languageId = "whisk") {
    const mark = this.mark();
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    await this.notify("textDocument/didOpen", { textDocument: { uri, languageId, version: 1, text } });
    return this.diagnosticsAfter(uri, mark);
  }

  /** The text of URI as this client has it. */
  text(uri) {
    return this.texts.get(uri);
  }

  /**
   * Replaces LENGTH JS characters at the JS index AT of URI's text with NEWTEXT as one
   * incremental change (its range in the negotiated encoding); resolves to the diagnostics
   * published after it.
   */
  async edit(uri, at, length, newText) {
    const text = this.texts.get(uri);
    const range = { start: positionAt(text, at, this.encoding), end: positionAt(text, at + length, this.encoding) };
    const version = this.versions.get(uri) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text.slice(0, at) + newText + text.slice(at + length));
    const mark = this.mark();
    await this.notify("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: [{ range, text: newText }],
    });
    return this.diagnosticsAfter(uri, mark, { version });
  }

  /** Closes URI; resolves to the diagnostics published after it. */
  async close(uri) {
    const mark = this.mark();
    await this.notify("textDocument/didClose", { textDocument: { uri } });
    this.texts.delete(uri);
    return this.diagnosticsAfter(uri, mark);
  }

  /** positionOf in URI's current text, in the negotiated encoding. */
  positionOf(uri, needle, occurrence = 0, offsetWithinNeedle = 0) {
    return positionOf(this.texts.get(uri), needle, occurrence, offsetWithinNeedle, this.encoding);
  }

  /** rangeOf in URI's current text, in the negotiated encoding. */
  rangeOf(uri, needle, occurrence = 0, offsetWithinNeedle = 0, length = undefined) {
    return rangeOf(this.texts.get(uri), needle, occurrence, offsetWithinNeedle, length, this.encoding);
  }

  /** `shutdown` then `exit`; resolves to {code, signal, stderr}. */
  async shutdownAndExit() {
    const result = await this.request(ShutdownRequest.type, undefined);
    this.shuttingDown = true;
    assert.equal(result, null, `shutdown answered ${JSON.stringify(result)}, not null`);
    await this.notify(ExitNotification.type);
    const end = await awaitExit(this.started, EXIT_TIMEOUT_MS, "exit after shutdown");
    this.connection.dispose();
    return end;
  }

  /** Ends the server whatever its state (kills it if it does not exit when its stdin closes). */
  async dispose() {
    this.shuttingDown = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      this.connection.dispose();
      return this.started.exited;
    }
    this.connection.dispose();
    this.child.stdin.end();
    try {
      return await awaitExit(this.started, EXIT_TIMEOUT_MS, "exit after stdin closed");
    } catch (error) {
      note(`a session's server did not exit after its stdin closed: ${error.message.split("\n")[0]}`);
      return this.started.exited;
    }
  }

  stderr() {
    return this.started.stderr();
  }
}

// ---------------------------------------------------------------------------------------
// A server driven by hand-written frames.

/** One frame: `Content-Length` and the UTF-8 body of OBJECT (or of the string BODY). */
export function frame(body) {
  const bytes = Buffer.from(typeof body === "string" ? body : JSON.stringify(body), "utf8");
  return Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`, "ascii"), bytes]);
}

/**
 * A server whose stdin this test writes byte by byte. Its stdout is parsed strictly as
 * frames: anything that is not a well-formed frame with a JSON body is recorded in
 * stdoutErrors (a server must log on stderr only).
 */
export class RawServer {
  constructor({ command } = {}) {
    this.started = startChild(command);
    this.child = this.started.child;
    this.messages = [];
    this.stdoutErrors = [];
    this.waiters = [];
    this.pending = Buffer.alloc(0);
    this.nextId = 1;
    this.child.stdout.on("data", (chunk) => {
      this.pending = Buffer.concat([this.pending, chunk]);
      this.parse();
    });
  }

  parse() {
    for (;;) {
      const headerEnd = this.pending.indexOf("\r\n\r\n");
      if (headerEnd < 0) {
        if (this.pending.length > 4096) this.garbage(`no header end in ${this.pending.length} bytes`);
        return;
      }
      const header = this.pending.subarray(0, headerEnd).toString("latin1");
      let length = null;
      let bad = null;
      for (const line of header.split("\r\n")) {
        const m = line.match(/^([A-Za-z-]+): *(.*)$/);
        const name = m?.[1].toLowerCase();
        if (!m) bad = `a header line ${JSON.stringify(line)}`;
        else if (name === "content-length" && /^\d+$/.test(m[2])) length = Number(m[2]);
        else if (name === "content-length") bad = `a Content-Length ${JSON.stringify(m[2])}`;
        else if (name !== "content-type") bad = `a header ${JSON.stringify(line)}`;
        if (bad) break;
      }
      if (!bad && length === null) bad = "a header without a Content-Length";
      if (bad) {
        this.garbage(bad);
        continue;
      }
      if (this.pending.length < headerEnd + 4 + length) return;
      const body = this.pending.subarray(headerEnd + 4, headerEnd + 4 + length).toString("utf8");
      this.pending = this.pending.subarray(headerEnd + 4 + length);
      try {
        this.messages.push(JSON.parse(body));
      } catch {
        this.stdoutErrors.push(`a frame whose body is not JSON: ${JSON.stringify(body.slice(0, 200))}`);
      }
      for (const waiter of [...this.waiters]) waiter();
    }
  }

  /** Records garbage on stdout and skips to the next Content-Length (if any) to read on. */
  garbage(what) {
    this.stdoutErrors.push(`stdout is not framed JSON-RPC: ${what}: ${JSON.stringify(this.pending.subarray(0, 200).toString("latin1"))}`);
    const next = this.pending.indexOf("Content-Length:", 1);
    this.pending = next < 0 ? Buffer.alloc(0) : this.pending.subarray(next);
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Writes BYTES (a Buffer or a string) to the server's stdin as they are. */
  write(bytes) {
    if (!this.child.stdin.writable) return;
    this.child.stdin.write(bytes);
  }

  /** Writes one frame of OBJECT. */
  send(object) {
    this.write(frame(object));
  }

  /** Sends a request; returns its id. */
  request(method, params) {
    const id = this.nextId++;
    this.send({ jsonrpc: "2.0", id, method, ...(params === undefined ? {} : { params }) });
    return id;
  }

  notify(method, params) {
    this.send({ jsonrpc: "2.0", method, ...(params === undefined ? {} : { params }) });
  }

  /**
   * The first message matching PREDICATE, waited for (bounded); WHAT names it on timeout.
   * Garbage on stdout fails the wait at once.
   */
  async waitFor(predicate, what, ms = REQUEST_TIMEOUT_MS) {
    const found = () => this.messages.find(predicate);
    if (found()) return found();
    const garbled = () => (this.stdoutErrors.length ? new Error(`${this.stdoutErrors[0]} (waiting for ${what})`) : null);
    try {
      if (garbled()) throw garbled();
      await awaitAnswer(new Promise((resolve, reject) => {
        const waiter = () => {
          if (found()) {
            this.waiters = this.waiters.filter((w) => w !== waiter);
            resolve();
          } else if (garbled()) {
            this.waiters = this.waiters.filter((w) => w !== waiter);
            reject(garbled());
          }
        };
        this.waiters.push(waiter);
        this.child.once("exit", (code, signal) => {
          if (!found()) reject(new Error(`the server exited (code ${code}, signal ${signal}) before ${what}`));
        });
      }), ms, what);
    } catch (error) {
      throw new Error(`${error.message}\n--- received\n${this.messages.map((m) => JSON.stringify(m).slice(0, 300)).join("\n")}\n--- stderr\n${this.stderr()}`);
    }
    return found();
  }

  /** The response to request ID (waited for). */
  response(id, ms = REQUEST_TIMEOUT_MS) {
    return this.waitFor((m) => m.id === id && !("method" in m), `the response to request ${id}`, ms);
  }

  /** Sends a request and waits for its response. */
  async call(method, params, ms = REQUEST_TIMEOUT_MS) {
    return this.response(this.request(method, params), ms);
  }

  /** initialize + initialized; resolves to the initialize response. */
  async initialize(rootUri = fileUri(ROOT)) {
    const answer = await this.call("initialize", { processId: process.pid, rootUri, capabilities: {} });
    assert.ok(answer.result?.capabilities, `initialize answered ${JSON.stringify(answer)}`);
    this.notify("initialized", {});
    return answer;
  }

  /** Whether the server is still running. */
  running() {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Closes the server's stdin. */
  closeStdin() {
    this.child.stdin.end();
  }

  /** Waits up to MS for the server to exit by itself (killing it and failing if it does not). */
  exit(ms = EXIT_TIMEOUT_MS, what = "the server's exit") {
    return awaitExit(this.started, ms, what);
  }

  stderr() {
    return this.started.stderr();
  }

  /** Kills the server if it still runs (cleanup). */
  kill() {
    killChild(this.child);
  }
}

/** A whisk document's markdown/plaintext hover contents as one string. */
export function hoverText(hover) {
  if (!hover) return "";
  const part = (c) => (typeof c === "string" ? c : c.value ?? "");
  return Array.isArray(hover.contents) ? hover.contents.map(part).join("\n") : part(hover.contents);
}

/** A definition answer (Location | Location[] | LocationLink[] | null) as [{uri, range}]. */
export function locations(answer) {
  if (!answer) return [];
  return (Array.isArray(answer) ? answer : [answer]).map((l) =>
    "targetUri" in l ? { uri: l.targetUri, range: l.targetSelectionRange ?? l.targetRange } : { uri: l.uri, range: l.range });
}

/** A completion answer (CompletionItem[] | CompletionList | null) as its labels. */
export function completionLabels(answer) {
  const items = Array.isArray(answer) ? answer : answer?.items ?? [];
  return items.map((item) => (typeof item.label === "string" ? item.label : item.label?.label));
}

/** Every DocumentSymbol of a tree, depth first, as {symbol, parent}. */
export function flattenSymbols(symbols, parent = null, out = []) {
  for (const symbol of symbols ?? []) {
    out.push({ symbol, parent });
    flattenSymbols(symbol.children, symbol, out);
  }
  return out;
}
