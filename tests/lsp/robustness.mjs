// `whiskc lsp` fed malformed and hostile input, frames written by hand to its stdin (not
// through the LSP library) (ctest's lsp.robustness):
//   node tests/lsp/robustness.mjs --whiskc build/compiler/whiskc --source-dir .
// Each case starts a server of its own and ends by checking that it was not killed by a
// signal (no SIGSEGV, SIGABRT, ...), that stderr holds no sanitizer report, and that its
// stdout held nothing but well-formed frames with JSON bodies. Every wait is bounded
// (harness.mjs): an answer 10 s, an exit 5 s; a server that overstays is killed by its PID.
//
// "Recovers or exits cleanly" (garbage headers, a wrong Content-Length): after the bad
// bytes the case sends an empty header block (a chance to resynchronise) and a probe
// request; the server must answer the probe (then shut down cleanly) or exit by itself
// within 5 s without a signal. Waiting silently for more is a hang.
import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import {
  EXIT_TIMEOUT_MS,
  RawServer,
  ROOT,
  assertHealthy,
  answerTimeout,
  assertServerExists,
  awaitAnswer,
  check,
  fileUri,
  frame,
  giveUpAfter,
  note,
  sleep,
} from "./harness.mjs";

giveUpAfter("robustness.mjs", 110);
const CASE_TIMEOUT_MS = 30_000;

// JSON-RPC and LSP error codes.
const PARSE_ERROR = -32700;
const METHOD_NOT_FOUND = -32601;
const SERVER_NOT_INITIALIZED = -32002;

const DOC_URI = fileUri(path.join(ROOT, "examples", "webapp", "scratch-robustness.ow"));
const DOC_TEXT = `topology scratch {
  namespace "scratch"
}

service web {
  image "nginx:1.25.3"
  port http 80
}
`;

/** A request frame's object. */
const requestObject = (id, method, params) => ({ jsonrpc: "2.0", id, method, ...(params === undefined ? {} : { params }) });

/** Whether MESSAGE is an error response with CODE. */
const isError = (message, code) => message && !("method" in message) && message.error?.code === code;

/**
 * Sends a probe (a request of an unknown method) and waits up to EXIT_TIMEOUT_MS for its
 * answer or for the server's exit. Resolves to "answered" or "exited"; rejects on neither.
 */
async function probe(server, what) {
  const id = server.request("whisk/probe", {});
  // waitFor also rejects when the server exits: then it is an exit (if it comes in time).
  const answered = server.waitFor((m) => m.id === id && !("method" in m), `the probe after ${what}`, EXIT_TIMEOUT_MS)
    .then(() => "answered", (error) => (server.running() ? Promise.reject(error) : server.started.exited.then(() => "exited")));
  const exited = server.started.exited.then(() => "exited");
  const ms = answerTimeout(EXIT_TIMEOUT_MS);
  try {
    return await awaitAnswer(Promise.race([answered, exited]), ms, `an answer to the probe after ${what}, or an exit`);
  } catch (error) {
    if (!error.message.startsWith("timed out")) throw error;
    throw new Error(`after ${what} the server neither answered a request nor exited within ${ms} ms (a hang)\n${error.message}`);
  }
}

/** Asserts that the server answers a probe after WHAT (and says how it ended if it did not). */
async function assertStillServing(server, what) {
  if ((await probe(server, what)) === "answered") return;
  const end = await server.exit(EXIT_TIMEOUT_MS, what);
  assertHealthy(end, what);
  assert.fail(`after ${what} the server exited (code ${end.code}) instead of serving on\n--- stderr\n${end.stderr}`);
}

/** shutdown (answered null) then exit; the server must exit 0. */
async function shutdownCleanly(server, what) {
  const answer = await server.call("shutdown");
  assert.ok("result" in answer && answer.result === null, `${what}: shutdown answered ${JSON.stringify(answer)}`);
  server.notify("exit");
  const end = await server.exit(EXIT_TIMEOUT_MS, `${what}: exit after shutdown`);
  assert.equal(end.code, 0, `${what}: exit code after shutdown + exit\n${end.stderr}`);
  return end;
}

/**
 * Runs one case: BODY(server) with a fresh server, then the checks every case ends with.
 * BODY resolves to the server's end ({code, signal, stderr}) or to nothing, in which case
 * the server is shut down cleanly here. Records LINE as checked.
 */
function serverCase(what, body, line = what) {
  it(what, { timeout: CASE_TIMEOUT_MS }, async () => {
    assertServerExists();
    const server = new RawServer();
    try {
      const end = (await body(server)) ?? (await shutdownCleanly(server, what));
      assertHealthy(end, what);
      assert.deepEqual(server.stdoutErrors, [], `${what}: stdout held more than frames`);
      check(typeof line === "function" ? line() : line);
    } finally {
      server.kill();
    }
  });
}

/**
 * A case of bad bytes after which the server must recover (answer a probe, and shut down
 * cleanly) or exit by itself without a signal.
 */
function recoverOrExitCase(what, badBytes, { initialize = true } = {}) {
  let outcome = "";
  serverCase(`recovers or exits cleanly: ${what}`, async (server) => {
    if (initialize) await server.initialize();
    server.write(badBytes);
    server.write("\r\n\r\n");
    const result = await probe(server, what);
    if (result === "exited") {
      outcome = "exited by itself";
      return server.exit(EXIT_TIMEOUT_MS, what);
    }
    outcome = "recovered: answered a request, then shut down cleanly";
    if (!initialize) await server.initialize();
    return undefined;
  }, () => `${what}: ${outcome}, no signal, no sanitizer report`);
}

// ---------------------------------------------------------------------------------------

describe("whiskc lsp: malformed JSON-RPC", { timeout: 100_000 }, () => {
  serverCase("a body that is not JSON → -32700 with id null, and the server answers what follows", async (server) => {
    await server.initialize();
    server.write(frame("{this is not json"));
    const error = await server.waitFor((m) => isError(m, PARSE_ERROR), "the -32700 error response");
    assert.equal(error.id, null, `the parse error's id: ${JSON.stringify(error)}`);
    const answer = await server.call("shutdown");
    assert.equal(answer.result, null, `shutdown after the parse error: ${JSON.stringify(answer)}`);
    server.notify("exit");
    const end = await server.exit();
    assert.equal(end.code, 0, "exit code after shutdown + exit");
    return end;
  }, "a body that is not JSON: error -32700 with id null; the next request (shutdown) answered; exit code 0");

  serverCase("a body that is not JSON before initialize → -32700, and initialize works after it", async (server) => {
    server.write(frame("not json at all"));
    await server.waitFor((m) => isError(m, PARSE_ERROR), "the -32700 error response");
    await server.initialize();
  }, "a body that is not JSON before initialize: -32700; initialize then answered");

  serverCase("an unknown request method → -32601 (also a $/ one); an unknown notification is ignored", async (server) => {
    await server.initialize();
    const unknown = await server.call("whisk/noSuchMethod", { x: 1 });
    assert.ok(isError(unknown, METHOD_NOT_FOUND), `whisk/noSuchMethod answered ${JSON.stringify(unknown)}`);
    const dollar = await server.call("$/noSuchRequest", {});
    assert.ok(isError(dollar, METHOD_NOT_FOUND), `$/noSuchRequest answered ${JSON.stringify(dollar)}`);
    const before = server.messages.length;
    server.notify("whisk/noSuchNotification", { y: 2 });
    server.notify("$/noSuchNotification", {});
    server.notify("$/cancelRequest", { id: 12345 });
    const after = await server.call("whisk/anotherUnknown");
    assert.ok(isError(after, METHOD_NOT_FOUND), `the request after unknown notifications answered ${JSON.stringify(after)}`);
    const extra = server.messages.slice(before).filter((m) => m.id !== after.id && !("method" in m));
    assert.deepEqual(extra, [], "responses to notifications");
  }, "unknown request methods (whisk/…, $/…): -32601; unknown notifications and a $/cancelRequest of no request: no response, still serving");

  serverCase("requests before initialize → -32002; notifications before it are dropped; initialize then works", async (server) => {
    const hover = await server.call("textDocument/hover", { textDocument: { uri: DOC_URI }, position: { line: 0, character: 0 } });
    assert.ok(isError(hover, SERVER_NOT_INITIALIZED), `hover before initialize answered ${JSON.stringify(hover)}`);
    const shutdown = await server.call("shutdown");
    assert.ok(isError(shutdown, SERVER_NOT_INITIALIZED), `shutdown before initialize answered ${JSON.stringify(shutdown)}`);
    server.notify("textDocument/didOpen", { textDocument: { uri: DOC_URI, languageId: "whisk", version: 1, text: DOC_TEXT } });
    await server.initialize();
    const late = server.messages.filter((m) => m.method === "textDocument/publishDiagnostics" && m.params?.uri === DOC_URI);
    if (late.length) note("a didOpen sent before initialize was not dropped: diagnostics were published for it");
  }, "hover and shutdown before initialize: -32002; a didOpen before it dropped; initialize answered after");

  serverCase("a JSON body that is no request (an array, null, a number, a response to nothing, jsonrpc 1.0) → an error or nothing, and still serving", async (server) => {
    await server.initialize();
    const from = server.messages.length;
    for (const body of ["[]", "null", "42", "\"text\"", JSON.stringify({ jsonrpc: "2.0", id: 999, result: null }),
      JSON.stringify({ jsonrpc: "1.0", id: 7000, method: "whisk/noSuchMethod" }), JSON.stringify({ jsonrpc: "2.0", id: 7001 }),
      JSON.stringify({ jsonrpc: "2.0", id: { nested: true }, method: "whisk/noSuchMethod" }), JSON.stringify({ jsonrpc: "2.0", method: 42 }),
      JSON.stringify({ jsonrpc: "2.0", id: 7002, method: "whisk/noSuchMethod", params: 5 })]) {
      server.write(frame(body));
    }
    await assertStillServing(server, "JSON bodies that are no requests");
    const answers = server.messages.slice(from).filter((m) => !("method" in m));
    for (const m of answers) assert.ok(m.error, `a body that is no valid request was answered with a result: ${JSON.stringify(m)}`);
  }, "bodies [], null, 42, a string, a response to no request, jsonrpc 1.0, no method, an object id, a numeric method, scalar params: error answers or none; still serving");

  serverCase("requests with invalid params (none, a string, a position that is no position) → answered", async (server) => {
    await server.initialize();
    const cases = [
      ["textDocument/hover", undefined],
      ["textDocument/hover", "a string"],
      ["textDocument/hover", { textDocument: { uri: DOC_URI } }],
      ["textDocument/hover", { textDocument: { uri: DOC_URI }, position: { line: "zero", character: null } }],
      ["textDocument/definition", { textDocument: {}, position: { line: 0, character: 0 } }],
      ["textDocument/references", { textDocument: { uri: 5 }, position: { line: 0, character: 0 } }],
      ["textDocument/completion", []],
      ["textDocument/documentSymbol", { textDocument: null }],
      ["textDocument/formatting", { textDocument: { uri: DOC_URI } }],
    ];
    for (const [method, params] of cases) {
      const answer = await server.call(method, params);
      assert.ok(answer.error || "result" in answer, `${method} with params ${JSON.stringify(params)} answered ${JSON.stringify(answer)}`);
      if (!answer.error) note(`${method} with invalid params ${JSON.stringify(params)} was answered with a result, not an error: ${JSON.stringify(answer.result)?.slice(0, 100)}`);
    }
    // Notifications with invalid params: no answer, no crash.
    server.notify("textDocument/didOpen", { textDocument: { uri: DOC_URI } });
    server.notify("textDocument/didChange", { textDocument: { uri: DOC_URI }, contentChanges: "nope" });
    server.notify("textDocument/didClose", 17);
    await assertStillServing(server, "notifications with invalid params");
  }, "hover, definition, references, completion, documentSymbol and formatting with invalid params: answered; didOpen/didChange/didClose with invalid params: no crash");

  serverCase("a body nested 100000 levels deep → an answer (error or not), no stack overflow", async (server) => {
    await server.initialize();
    const depth = 100_000;
    server.write(frame(`{"jsonrpc":"2.0","id":4242,"method":"whisk/deep","params":${"[".repeat(depth)}${"]".repeat(depth)}}`));
    server.write(frame(`${"[".repeat(depth)}`));
    await assertStillServing(server, "a deeply nested body");
  }, "bodies nested 100000 deep (closed and unclosed): still serving");

  serverCase("a body whose bytes are not UTF-8 → an error or nothing, and still serving", async (server) => {
    await server.initialize();
    const bad = Buffer.concat([Buffer.from("{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"whisk/x\",\"params\":\""), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from("\"}")]);
    server.write(Buffer.concat([Buffer.from(`Content-Length: ${bad.length}\r\n\r\n`), bad]));
    await assertStillServing(server, "a body that is not UTF-8");
  }, "a body with bytes that are not UTF-8: still serving");
});

describe("whiskc lsp: framing", { timeout: 100_000 }, () => {
  serverCase("a Content-Type header with the Content-Length is read as LSP has it", async (server) => {
    await server.initialize();
    const body = Buffer.from(JSON.stringify(requestObject(31, "whisk/noSuchMethod", {})));
    server.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n`), body]));
    const answer = await server.response(31);
    assert.ok(isError(answer, METHOD_NOT_FOUND), `answered ${JSON.stringify(answer)}`);
  }, "a frame with Content-Length and Content-Type headers: answered");

  serverCase("fifty requests in one write, and one request written a byte at a time", async (server) => {
    await server.initialize();
    const ids = Array.from({ length: 50 }, (_, i) => 1000 + i);
    server.write(Buffer.concat(ids.map((id) => frame(requestObject(id, "whisk/noSuchMethod")))));
    for (const id of ids) assert.ok(isError(await server.response(id), METHOD_NOT_FOUND), `request ${id}`);
    const bytes = frame(requestObject(2000, "whisk/noSuchMethod"));
    for (const byte of bytes) {
      server.write(Buffer.from([byte]));
      await sleep(1);
    }
    assert.ok(isError(await server.response(2000), METHOD_NOT_FOUND), "the request written a byte at a time");
  }, "fifty frames in one write: fifty answers; a frame written a byte at a time: answered");

  serverCase("a document of 4 MiB opened and hovered", async (server) => {
    await server.initialize();
    const big = `${DOC_TEXT}${"// padding padding padding padding padding padding padding padding padding\n".repeat(56_000)}`;
    server.notify("textDocument/didOpen", { textDocument: { uri: DOC_URI, languageId: "whisk", version: 1, text: big } });
    const hover = await server.call("textDocument/hover", { textDocument: { uri: DOC_URI }, position: { line: 4, character: 9 } }, 30_000);
    assert.ok(hover.error || "result" in hover, `hover answered ${JSON.stringify(hover)}`);
  }, "a 4 MiB document: opened and a hover answered");

  serverCase("a huge Content-Length, then stdin closed → exits by itself", async (server) => {
    await server.initialize();
    server.write("Content-Length: 9999999999999\r\n\r\n{\"jsonrpc\":\"2.0\"");
    await sleep(200);
    server.closeStdin();
    return server.exit(EXIT_TIMEOUT_MS, "exit after a huge Content-Length and stdin closed");
  }, "Content-Length 9999999999999 then stdin closed: exited within 5 s, no signal");

  serverCase("a Content-Length past 2^64, then stdin closed → exits by itself", async (server) => {
    await server.initialize();
    server.write("Content-Length: 99999999999999999999999999\r\n\r\n{}");
    await sleep(200);
    server.closeStdin();
    return server.exit(EXIT_TIMEOUT_MS, "exit after an overflowing Content-Length and stdin closed");
  }, "Content-Length 99999999999999999999999999 then stdin closed: exited within 5 s, no signal");

  recoverOrExitCase("a header line without a colon before the Content-Length",
    Buffer.concat([Buffer.from("X-Garbage-Line-Without-Colon\r\n"), frame(requestObject(50, "whisk/noSuchMethod"))]));
  recoverOrExitCase("a Content-Length that is no number", Buffer.from("Content-Length: abc\r\n\r\n{\"jsonrpc\":\"2.0\"}"));
  recoverOrExitCase("a negative Content-Length", Buffer.from("Content-Length: -5\r\n\r\n{}"));
  recoverOrExitCase("a header block without a Content-Length", Buffer.from("Content-Type: application/vscode-jsonrpc\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":51,\"method\":\"whisk/x\"}"));
  recoverOrExitCase("a Content-Length smaller than the body", (() => {
    const body = JSON.stringify(requestObject(52, "whisk/noSuchMethod", { padding: "x".repeat(40) }));
    return Buffer.from(`Content-Length: 10\r\n\r\n${body}`);
  })());
  recoverOrExitCase("binary junk and lines without \\r", Buffer.from([0x00, 0xff, 0xfe, 0x0a, 0x41, 0x3a, 0x0a, 0x0d, 0x0a, 0x80, 0x81]));
  recoverOrExitCase("a lowercase content-length header", Buffer.from("content-length: 2\r\n\r\n{}"));
  recoverOrExitCase("a header of 1 MiB", Buffer.from(`X-Long: ${"a".repeat(1 << 20)}\r\nContent-Length: 2\r\n\r\n{}`));
  recoverOrExitCase("garbage before initialize", Buffer.from("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"), { initialize: false });
});

describe("whiskc lsp: lifecycle", { timeout: 100_000 }, () => {
  serverCase("shutdown then exit → exit code 0, a request between them answered", async (server) => {
    await server.initialize();
    const answer = await server.call("shutdown");
    assert.equal(answer.result, null, `shutdown answered ${JSON.stringify(answer)}`);
    // LSP: requests after shutdown "should error with InvalidRequest"; the contract is silent.
    const after = await server.call("textDocument/hover", { textDocument: { uri: DOC_URI }, position: { line: 0, character: 0 } });
    if (after.error?.code !== -32600) note(`a request after shutdown was answered ${JSON.stringify(after.error ?? after.result)} (LSP says error InvalidRequest, -32600)`);
    server.notify("exit");
    const end = await server.exit();
    assert.equal(end.code, 0, "exit code");
    return end;
  }, "shutdown → null; a request after it answered; exit → exit code 0");

  serverCase("exit without shutdown → exit code 1", async (server) => {
    await server.initialize();
    server.notify("exit");
    const end = await server.exit();
    assert.equal(end.code, 1, "exit code after exit without shutdown");
    return end;
  }, "exit without shutdown (after initialize): exit code 1");

  serverCase("exit before initialize → exit code 1", async (server) => {
    server.notify("exit");
    const end = await server.exit();
    assert.equal(end.code, 1, "exit code after exit before initialize");
    return end;
  }, "exit before initialize: exit code 1");

  serverCase("stdin closed mid-session (a document open) → exits within 5 s", async (server) => {
    await server.initialize();
    server.notify("textDocument/didOpen", { textDocument: { uri: DOC_URI, languageId: "whisk", version: 1, text: DOC_TEXT } });
    await server.waitFor((m) => m.method === "textDocument/publishDiagnostics", "diagnostics of the opened document");
    server.closeStdin();
    return server.exit(EXIT_TIMEOUT_MS, "exit after stdin closed");
  }, "stdin closed after didOpen: exited within 5 s, no signal");

  serverCase("stdin closed in the middle of a header → exits within 5 s", async (server) => {
    await server.initialize();
    server.write("Content-Len");
    await sleep(100);
    server.closeStdin();
    return server.exit(EXIT_TIMEOUT_MS, "exit after stdin closed mid-header");
  }, "stdin closed in the middle of a header: exited within 5 s, no signal");

  serverCase("stdin closed in the middle of a body → exits within 5 s", async (server) => {
    await server.initialize();
    server.write("Content-Length: 100\r\n\r\n{\"jsonrpc\":\"2.0\",");
    await sleep(100);
    server.closeStdin();
    return server.exit(EXIT_TIMEOUT_MS, "exit after stdin closed mid-body");
  }, "stdin closed in the middle of a body: exited within 5 s, no signal");

  serverCase("stdin closed before anything → exits within 5 s", async (server) => {
    server.closeStdin();
    return server.exit(EXIT_TIMEOUT_MS, "exit after stdin closed at once");
  }, "stdin closed before any input: exited within 5 s, no signal");
});

describe("whiskc lsp: documents it cannot know", { timeout: 100_000 }, () => {
  const positions = (uri, position) => [
    ["textDocument/hover", { textDocument: { uri }, position }],
    ["textDocument/definition", { textDocument: { uri }, position }],
    ["textDocument/references", { textDocument: { uri }, position, context: { includeDeclaration: true } }],
    ["textDocument/completion", { textDocument: { uri }, position }],
    ["textDocument/documentSymbol", { textDocument: { uri } }],
    ["textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }],
  ];
  /** Every request of POSITIONS(uri, position) must be answered (a result or an error). */
  async function allAnswered(server, uri, position, what) {
    for (const [method, params] of positions(uri, position)) {
      const answer = await server.call(method, params);
      assert.ok("result" in answer || answer.error, `${method} ${what} answered ${JSON.stringify(answer)}`);
    }
  }

  for (const uri of ["untitled:Untitled-1", "https://example.com/topology.ow", "file:///nonexistent-dir-whisk/a.ow", "not a uri at all"]) {
    serverCase(`a document whose URI is ${JSON.stringify(uri)}`, async (server) => {
      await server.initialize();
      server.notify("textDocument/didOpen", { textDocument: { uri, languageId: "whisk", version: 1, text: DOC_TEXT } });
      await allAnswered(server, uri, { line: 4, character: 9 }, `on ${uri}`);
      server.notify("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 5, character: 2 }, end: { line: 5, character: 7 } }, text: "imag" }] });
      await allAnswered(server, uri, { line: 5, character: 3 }, `on ${uri} after a change`);
      server.notify("textDocument/didClose", { textDocument: { uri } });
      await assertStillServing(server, `didClose of ${uri}`);
    }, `a document at ${JSON.stringify(uri)}: opened, hover/definition/references/completion/documentSymbol/formatting answered, changed, closed; no crash`);
  }

  serverCase("didChange and didClose of a document never opened, then requests on it", async (server) => {
    await server.initialize();
    server.notify("textDocument/didChange", { textDocument: { uri: DOC_URI, version: 5 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, text: "x" }] });
    server.notify("textDocument/didChange", { textDocument: { uri: DOC_URI, version: 6 }, contentChanges: [{ text: DOC_TEXT }] });
    server.notify("textDocument/didClose", { textDocument: { uri: DOC_URI } });
    await allAnswered(server, DOC_URI, { line: 0, character: 0 }, "on a document never opened");
  }, "didChange (range and full) and didClose of a document never opened, requests on it: answered, no crash");

  serverCase("positions beyond the end of the document, and changes there", async (server) => {
    await server.initialize();
    server.notify("textDocument/didOpen", { textDocument: { uri: DOC_URI, languageId: "whisk", version: 1, text: DOC_TEXT } });
    for (const position of [{ line: 10_000, character: 0 }, { line: 0, character: 10_000 }, { line: 8, character: 0 },
      { line: 2 ** 31 - 1, character: 2 ** 31 - 1 }, { line: -1, character: -1 }, { line: 1.5, character: 0 }]) {
      await allAnswered(server, DOC_URI, position, `at ${JSON.stringify(position)}`);
    }
    // A change whose range lies past the end, one whose end is before its start, and one
    // that splits a line: the server may clamp or refuse, never crash.
    const changes = [
      { range: { start: { line: 500, character: 0 }, end: { line: 600, character: 5 } }, text: "// appended\n" },
      { range: { start: { line: 3, character: 4 }, end: { line: 1, character: 0 } }, text: "x" },
      { range: { start: { line: 0, character: 99 }, end: { line: 0, character: 120 } }, text: "\n" },
    ];
    changes.forEach((change, i) => server.notify("textDocument/didChange", { textDocument: { uri: DOC_URI, version: 2 + i }, contentChanges: [change] }));
    await allAnswered(server, DOC_URI, { line: 0, character: 0 }, "after changes past the end");
  }, "hover, definition, references, completion, documentSymbol and formatting at lines/characters past the end, negative and fractional: answered; changes past the end or reversed: no crash");

  serverCase("a document with NUL bytes, lone surrogates and CR line ends", async (server) => {
    await server.initialize();
    const text = `topology t {\r  namespace "t"\r}\r\u0000\uD800\r\nservice web {\r\n  image "nginx:1.25.3\uDFFF"\r\n}\r\n`;
    server.notify("textDocument/didOpen", { textDocument: { uri: DOC_URI, languageId: "whisk", version: 1, text } });
    await allAnswered(server, DOC_URI, { line: 5, character: 3 }, "in an odd document");
  }, "a document with NUL, lone surrogates, CR and CRLF line ends: opened, requests answered");
});
