// The harness of the lsp tests, tested without `whiskc lsp` (ctest's lsp.harness):
//   node tests/lsp/harness_selftest.mjs --whiskc build/compiler/whiskc --source-dir .
// 1. harness.mjs's positions against known strings, and against the byte columns that the
//    real `whiskc check` prints for a line with non-ASCII text, in utf-16 and utf-8.
// 2. session.mjs and robustness.mjs run against fake_server.mjs, a stand-in that keeps the
//    contract (they must pass), and against the same stand-in made to misbehave (each run
//    must fail, naming the fault): a SIGSEGV, a sanitizer report, a log line on stdout, no
//    exit at end of input, no answers at all, utf-8 negotiated but utf-16 counted, no "did
//    you mean", and a server that exits at once (as `whiskc lsp` did before it existed).
//    These runs are parallel, each bounded; what each printed is shown when it surprises.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import {
  HERE,
  ROOT,
  WHISKC,
  applyTextEdits,
  check,
  checkDiagnostics,
  giveUpAfter,
  lineStarts,
  offsetAt,
  positionOf,
  rangeOf,
  tempDir,
  writeFiles,
} from "./harness.mjs";

giveUpAfter("harness_selftest.mjs", 110);
const RUN_TIMEOUT_MS = 100_000;

describe("positions", () => {
  it("positionOf, offsetAt, rangeOf and applyTextEdits in utf-16 and utf-8", () => {
    const text = "a😀é = x\nxyz\r\nq\rlast";
    assert.deepEqual(lineStarts(text), [0, 9, 14, 16]);
    assert.deepEqual(positionOf(text, "é", 0, 0, "utf-16"), { line: 0, character: 3 });
    assert.deepEqual(positionOf(text, "é", 0, 0, "utf-8"), { line: 0, character: 5 });
    assert.deepEqual(positionOf(text, "= x", 0, 2, "utf-16"), { line: 0, character: 7 });
    assert.deepEqual(positionOf(text, "= x", 0, 2, "utf-8"), { line: 0, character: 10 });
    assert.deepEqual(positionOf(text, "yz", 0, 1, "utf-8"), { line: 1, character: 2 });
    assert.deepEqual(positionOf(text, "last", 0, 0, "utf-16"), { line: 3, character: 0 });
    assert.deepEqual(positionOf("x x x", "x", 2), { line: 0, character: 4 });
    assert.throws(() => positionOf(text, "é", 1), /fewer than 2 times/);
    assert.equal(offsetAt(text, { line: 0, character: 5 }, "utf-8"), 3);
    assert.equal(offsetAt(text, { line: 0, character: 100 }, "utf-16"), 8, "past the line's end: its end");
    assert.equal(offsetAt(text, { line: 1, character: 100 }, "utf-16"), 12, "the end is before \\r\\n");
    assert.equal(offsetAt(text, { line: 99, character: 0 }, "utf-16"), text.length);
    assert.throws(() => offsetAt(text, { line: 0, character: 2 }, "utf-16"), /inside a character/);
    assert.throws(() => offsetAt(text, { line: 0, character: 3 }, "utf-8"), /inside a character/);
    assert.deepEqual(rangeOf(text, "a😀é", 0, 1, 2, "utf-8"), { start: { line: 0, character: 1 }, end: { line: 0, character: 5 } });
    const edits = [
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }, newText: "XYZ" },
      { range: { start: { line: 0, character: 5 }, end: { line: 0, character: 7 } }, newText: "è" },
    ];
    assert.equal(applyTextEdits(text, edits, "utf-8"), "a😀è = x\nXYZ\r\nq\rlast");
    assert.throws(() => applyTextEdits(text, [edits[0], edits[0]], "utf-8"), /overlapping/);
    check("positions: positionOf/offsetAt/rangeOf/applyTextEdits in utf-16 and utf-8, \\n, \\r\\n and \\r line ends, past-the-end clamping, positions inside a character refused");
  });

  it("whiskc check's byte columns read as LSP ranges", async () => {
    assert.ok(fs.existsSync(WHISKC), `no whiskc at ${WHISKC}`);
    const dir = tempDir("selftest");
    const text = "topology t {\n  namespace \"t\"\n}\n\nservice api {\n  image \"a/b:1\"\n  env G = \"é😀\", U = \"${dbx.host}\"\n}\n";
    writeFiles(dir, { "t.ow": text });
    for (const encoding of ["utf-16", "utf-8"]) {
      const diagnostics = (await checkDiagnostics(path.join(dir, "t.ow"), [], encoding)).get(path.join(dir, "t.ow"));
      assert.equal(diagnostics?.length, 1, JSON.stringify(diagnostics));
      assert.equal(diagnostics[0].code, "E0201");
      assert.deepEqual(diagnostics[0].range, rangeOf(text, "${dbx.host}", 0, 2, 8, encoding), encoding);
    }
    check("whiskc check's span of `dbx.host` after \"é😀\" is rangeOf's range in utf-16 and in utf-8");
  });
});

// ---------------------------------------------------------------------------------------

const FAKE = path.join(HERE, "fake_server.mjs");
const fakeCommand = JSON.stringify([process.execPath, FAKE, "--whiskc", WHISKC]);

// Each run: SCRIPT against the fake in MODE (tests whose names match PATTERN only);
// `passes`, or `fails` with output matching FAILS (and not matching NOTFAILS).
const RUNS = [
  { script: "session.mjs", mode: "good", passes: true },
  { script: "robustness.mjs", mode: "good", passes: true },
  { script: "session.mjs", mode: "exits-at-once", command: JSON.stringify([process.execPath, "-e", "process.stderr.write('unknown command `lsp`\\n'); process.exit(2)"]),
    fails: /the server exited \(code 2, signal null\)[^]*unknown command `lsp`/ },
  { script: "robustness.mjs", mode: "crash-on-garbage", pattern: "a body that is not JSON", fails: /signal SIGSEGV/ },
  { script: "robustness.mjs", mode: "sanitizer", pattern: "exit without shutdown", fails: /a sanitizer report on stderr \(ERROR: AddressSanitizer\)/ },
  { script: "robustness.mjs", mode: "stdout-noise", pattern: "an unknown request method", fails: /stdout is not framed JSON-RPC/ },
  { script: "robustness.mjs", mode: "ignore-eof", pattern: "stdin closed before anything", fails: /the server did not exit \(killed it\)/ },
  { script: "robustness.mjs", mode: "mute", pattern: "an unknown request method", fails: /timed out after \d+ ms: the response to request/ },
  { script: "session.mjs", mode: "stdout-noise", fails: /the server's output is not JSON-RPC/ },
  { script: "session.mjs", mode: "wrong-encoding", fails: /not ok \d+ - utf-8: /, notFails: /not ok \d+ - (utf-16: |initialize|didOpen|hover|definition|references|completion)/ },
  { script: "session.mjs", mode: "no-hint", fails: /neither in its message nor in relatedInformation/ },
];

function runScript(run) {
  const args = [path.join(HERE, run.script), "--whiskc", WHISKC, "--source-dir", ROOT, "--server-command", run.command ?? fakeCommand];
  const nodeArgs = run.pattern ? [`--test-name-pattern=${run.pattern}`] : [];
  return new Promise((resolve) => {
    execFile(process.execPath, [...nodeArgs, ...args], {
      cwd: HERE, timeout: RUN_TIMEOUT_MS, killSignal: "SIGKILL", maxBuffer: 64 << 20,
      env: { ...process.env, FAKE_LSP_MODE: run.mode },
    }, (error, stdout, stderr) => resolve({ code: error ? error.code ?? error.signal : 0, output: `${stdout}\n${stderr}` }));
  });
}

describe("session.mjs and robustness.mjs against fake_server.mjs", () => {
  // All at once; each `it` waits for its own.
  const results = new Map();
  const all = () => {
    if (!results.size) for (const run of RUNS) results.set(run, runScript(run));
    return results;
  };

  for (const run of RUNS) {
    const what = `${run.script} against a server that ${run.passes ? "keeps the contract" : `misbehaves (${run.mode})`}${run.pattern ? `, tests "${run.pattern}…"` : ""}`;
    it(what, { timeout: RUN_TIMEOUT_MS + 5000 }, async () => {
      const { code, output } = await all().get(run);
      const tail = `\n--- its output (last 3000 characters)\n${output.slice(-3000)}`;
      const count = Number(output.match(/^# pass (\d+)$/m)?.[1] ?? 0);
      if (run.passes) {
        assert.equal(code, 0, `${what}: exit ${code}${tail}`);
        assert.ok(count > 0 && !/^# fail [1-9]/m.test(output), `${what}: no passing tests${tail}`);
        check(`${what}: passes (${count} tests)`);
      } else {
        assert.notEqual(code, 0, `${what}: passed${tail}`);
        assert.match(output, run.fails, `${what}: failed, but not naming the fault${tail}`);
        if (run.notFails) assert.doesNotMatch(output, run.notFails, `${what}: failed where the fault is not${tail}`);
        check(`${what}: fails, naming it (${run.fails.source.slice(0, 60)})`);
      }
    });
  }
});
