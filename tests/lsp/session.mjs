// `whiskc lsp` end to end through a real LSP client, vscode-jsonrpc over the server's
// stdio (ctest's lsp.session):
//   node tests/lsp/session.mjs --whiskc build/compiler/whiskc --source-dir .
// Three scripted sessions, each ending with shutdown + exit (exit code 0):
//  1. examples/openwhisk as the workspace root, with initializationOptions {values:
//     ["mycluster.yaml"]}: the capabilities, diagnostics on open (none), hover, definition
//     (within the file and into stdlib), references, completion, document symbols,
//     formatting, edits that make an error and undo it (diagnostics as `whiskc check`
//     prints them, on the same copy of the text), didClose.
//  2. A program of two files in a temporary workspace given as a workspace folder (no
//     rootUri), with {set, lib, values}: parameter values in hovers, definitions into the
//     module, diagnostics published for an imported module, formatting of a badly laid
//     out document and of one with a syntax error.
//  3. A document with non-ASCII text before its references, once in utf-16 (offered
//     nothing) and once in utf-8 (offered utf-8): every position and range in the
//     negotiated encoding.
// Every expectation of a case is in the table of that case below. Positions are found by
// searching the text (harness.mjs's positionOf/rangeOf), never by line numbers.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  CompletionRequest,
  DefinitionRequest,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  HoverRequest,
  ReferencesRequest,
} from "vscode-languageserver-protocol";
import {
  LspSession,
  ROOT,
  applyTextEdits,
  assertHealthy,
  assertSameDiagnostics,
  assertServerExists,
  check,
  checkDiagnostics,
  completionLabels,
  copyDir,
  fileUri,
  flattenSymbols,
  giveUpAfter,
  hoverText,
  indexOf,
  locations,
  note,
  positionAt,
  rangeOf,
  runWhiskc,
  sameRange,
  showRange,
  tempDir,
  textIn,
  uriPath,
  writeFiles,
} from "./harness.mjs";

// Nothing here may outlive ctest's TIMEOUT (120 s): a last resort.
giveUpAfter("session.mjs", 110);
const CASE_TIMEOUT_MS = 60_000;

// ---------------------------------------------------------------------------------------
// Session 1: examples/openwhisk.

const OPENWHISK_DIR = path.join(ROOT, "examples", "openwhisk");
const OPENWHISK = path.join(OPENWHISK_DIR, "openwhisk.ow");
const OPENWHISK_OPTIONS = { values: ["mycluster.yaml"] };
/** What `whiskc check` is given for the same program. */
const OPENWHISK_CHECK_ARGS = ["-f", "mycluster.yaml"];

// A place in a document: [needle, occurrence, offset within the needle, length] (the length
// defaults to the rest of the needle). `file` (a path relative to the repository, or a
// module's file name for one found anywhere) when it is not the document itself.
const at = (needle, occurrence, offset, length) => ({ needle, occurrence, offset, length });

const HOVERS = [
  {
    what: "the declaration of stateful controller",
    at: at("stateful controller {", 0, 9),
    includes: ["stateful", "openwhisk/controller:ef725a6", "http", "8080", "remoting", "25520", "management", "19999",
      // what it needs (by `needs` and by reading addresses) and what needs it
      "kafka", "init_couchdb", "nginx", "invoker"],
  },
  {
    what: "a reference to controller (`needs controller` in template invoker)",
    at: at("needs controller", 0, 6),
    includes: ["stateful", "openwhisk/controller:ef725a6", "8080"],
  },
  {
    what: "a reference to nginx in an interpolation (`${nginx.host}`)",
    at: at("${nginx.host}", 0, 2),
    includes: ["service", "nginx:1.21.1", "http", "80", "https", "443"],
  },
  {
    what: "the param api_host_name, given in mycluster.yaml",
    at: at("param api_host_name: string", 0, 6),
    includes: ["string", "192.168.65.3"],
  },
  {
    what: "the param controller_replicas where it is used (`replicas controller_replicas`)",
    at: at("replicas controller_replicas", 0, 9),
    includes: ["int", "1"],
  },
];

const DEFINITIONS = [
  {
    what: "`use kafka(...)` goes to stdlib/kafka.ow's template",
    from: at("use kafka(", 0, 4, 5),
    to: [{ module: "kafka.ow", ...at("template stateful kafka(", 0, 18, 5) }],
  },
  {
    what: "`import \"kafka\"` goes to the module file, at 0:0",
    from: at("import \"kafka\"", 0, 9),
    to: [{ module: "kafka.ow", start: true }],
  },
  {
    what: "`needs controller` goes to stateful controller",
    from: at("needs controller", 0, 6),
    to: [at("stateful controller {", 0, 9, 10)],
  },
  {
    what: "`needs install_packages` goes to job install_packages",
    from: at("needs install_packages", 0, 6),
    to: [at("job install_packages {", 0, 4, 16)],
  },
  {
    what: "`${controller.host}` goes to stateful controller",
    from: at("${controller.host}", 0, 4),
    to: [at("stateful controller {", 0, 9, 10)],
  },
  {
    what: "`prefer core_node` goes to role core_node",
    from: at("prefer core_node", 0, 7),
    to: [at("role core_node =", 0, 5, 9)],
  },
  {
    what: "`place core_pods` goes to both declarations of placement core_pods (the branches of `if affinity`)",
    from: at("place core_pods", 0, 6),
    to: [at("placement core_pods =", 0, 10, 9), at("placement core_pods =", 1, 10, 9)],
  },
  {
    what: "`replicas controller_replicas` goes to param controller_replicas",
    from: at("replicas controller_replicas", 0, 9),
    to: [at("param controller_replicas:", 0, 6, 19)],
  },
  {
    what: "`${openwhisk_tag}` in a string goes to param openwhisk_tag",
    from: at("${openwhisk_tag}", 0, 2),
    to: [at("param openwhisk_tag:", 0, 6, 13)],
  },
  {
    what: "`config db_config.db_host` goes to config db_config",
    from: at("config db_config.db_host", 0, 7),
    to: [at("config db_config {", 0, 7, 9)],
  },
  {
    what: "`secret db_auth.db_username` goes to secret db_auth",
    from: at("secret db_auth.db_username", 0, 7),
    to: [at("secret db_auth {", 0, 7, 7)],
  },
  {
    what: "`mount nginx_tls` goes to secret nginx_tls (made by gen_certs)",
    from: at("mount nginx_tls", 0, 6),
    to: [at("secret nginx_tls from", 0, 7, 9)],
  },
  {
    what: "`use invoker {` goes to template invoker",
    from: at("use invoker {", 0, 4),
    to: [at("template stateful invoker()", 0, 18, 7)],
  },
];

const REFERENCES = [
  {
    what: "component controller: its needs site and every interpolation of its address, name or selector",
    from: at("stateful controller {", 0, 9),
    declaration: at("stateful controller {", 0, 9, 10),
    sites: [at("needs controller", 0, 6, 10), at("${controller.host}", 0, 2, 10),
      at("${controller.port.http}", 0, 2, 10), at("${controller.selector}", 0, 2, 10)],
    exact: true,
  },
  {
    what: "param openwhisk_tag, from a use: every `${openwhisk_tag}`",
    from: at("${openwhisk_tag}", 3, 2),
    declaration: at("param openwhisk_tag:", 0, 6, 13),
    sites: Array.from({ length: 10 }, (_, i) => at("${openwhisk_tag}", i, 2, 13)),
    exact: true,
  },
  {
    what: "component kafka (declared as an external and as a use, under `if external_kafka`): its needs sites and addresses",
    from: at("needs kafka, init_couchdb", 0, 6),
    sites: [at("needs kafka, init_couchdb", 0, 6, 5), at("needs kafka, init_couchdb", 1, 6, 5),
      at("${kafka.host}", 0, 2, 5), at("${kafka.port.broker}", 0, 2, 5)],
    declarations: [at("external kafka {", 0, 9, 5), at(") as kafka {", 0, 5, 5)],
    exact: true,
  },
];

// Completions: at `cursor` (a place), or after `insert`ing TEXT just before the place
// `before` (one incremental change), with the cursor after `cursorAfter` (the start of
// TEXT) within it; the insertion is undone afterwards (and the diagnostics are [] again).
const COMPLETIONS = [
  {
    what: "at the start of an empty line in a new service block: its properties",
    insert: { before: at("service apigateway {", 0, 0), text: "service scratch {\n  \n}\n\n", cursorAfter: "service scratch {\n  " },
    includes: ["image", "env", "needs", "port", "replicas", "ready", "mount", "place", "expose"],
    excludes: ["schedule", "service", "param"],
  },
  {
    what: "at the start of an empty line in service nginx (which has its image already)",
    insert: { before: at("  replicas nginx_replicas", 0, 0), text: "  \n", cursorAfter: "  " },
    includes: ["env", "needs", "port", "mount"],
    excludes: ["schedule"],
  },
  {
    what: "at the start of an empty line in a new cron block: `schedule` too",
    insert: { before: at("service apigateway {", 0, 0), text: "cron nightly {\n  \n}\n\n", cursorAfter: "cron nightly {\n  " },
    includes: ["schedule", "image", "retries", "env"],
    excludes: ["service"],
  },
  {
    what: "after `needs ` on a new line of service wskadmin: component names",
    insert: { before: at("  env WHISK_LOGS_DIR = \"/var/log\"", 0, 0), text: "  needs \n", cursorAfter: "  needs " },
    includes: ["controller", "couchdb", "kafka", "nginx", "init_couchdb", "invoker", "redis", "apigateway"],
    excludes: ["controller_replicas", "db_config", "core_pods", "core_node", "image"],
  },
  {
    what: "after `controller.port.` inside `${...}`: controller's ports",
    cursor: at("${controller.port.http}", 0, 18),
    includes: ["http", "remoting", "management"],
    excludes: ["https", "api", "rpc"],
  },
  {
    what: "after `nginx.port.` inside `${...}` of a config value: nginx's ports",
    cursor: at("\"${nginx.port.http}\"", 0, 14),
    includes: ["http", "https"],
    excludes: ["remoting", "management"],
  },
  {
    what: "at the start of an empty line at top level: declaration keywords",
    insert: { before: at("service apigateway {", 0, 0), text: "\n", cursorAfter: "" },
    includes: ["service", "stateful", "daemon", "job", "cron", "external", "param", "config", "secret", "template", "use", "role", "placement"],
    excludes: ["image", "replicas", "schedule"],
  },
];

const SYMBOLS = {
  // Names somewhere in the tree (components inside `if` may sit under it or at the top).
  names: ["owdev", "api_host_name", "controller_replicas", "core_node", "core_pods", "db_auth", "whisk_config",
    "controller", "nginx", "apigateway", "wskadmin", "init_couchdb", "invoker", "kafka", "couchdb", "redis", "scheduler"],
  // Components and the ports that must be their children.
  ports: { controller: ["http", "remoting", "management"], nginx: ["http", "https"], apigateway: ["management", "api"] },
  // selectionRange of a symbol: its declared name.
  selection: { controller: at("stateful controller {", 0, 9, 10), owdev: at("topology owdev {", 0, 9, 5) },
};

// Edits that make an error, then are undone: CODE at the range of the text put in, with
// a "did you mean" naming SUGGESTION.
const ERRORS = [
  {
    what: "`replicas` renamed to `replica` in stateful controller",
    replace: at("replicas controller_replicas", 0, 7, 1),
    with: "",
    code: "E0105",
    range: at("replica controller_replicas", 0, 0, 7),
    suggestion: "replicas",
  },
  {
    what: "`needs kafka` misspelt `needs kafak` in stateful controller",
    replace: at("needs kafka, init_couchdb", 0, 6, 5),
    with: "kafak",
    code: "E0201",
    range: at("needs kafak, init_couchdb", 0, 6, 5),
    suggestion: "kafka",
  },
];

// ---------------------------------------------------------------------------------------
// Helpers over the tables.

/** The JS index and length of place P in TEXT. */
function indexAt(text, p) {
  const start = indexOf(text, p.needle, p.occurrence ?? 0) + (p.offset ?? 0);
  return { start, length: p.length ?? p.needle.length - (p.offset ?? 0) };
}

/** The range of place P in TEXT, in ENCODING. */
const rangeAt = (text, p, encoding) => rangeOf(text, p.needle, p.occurrence ?? 0, p.offset ?? 0, p.length, encoding);

/** The text of the module file NAME that a location points into, checked to be that module. */
function moduleText(location, name) {
  assert.ok(location.uri.startsWith("file://"), `${location.uri} is not a file URI`);
  assert.equal(path.basename(uriPath(location.uri)), name, `points into ${location.uri}, not ${name}`);
  return fs.readFileSync(uriPath(location.uri), "utf8");
}

/** Asserts that LOCATION is place TO (of DOCURI's text, or of a module file). */
function assertLocation(session, docUri, location, to, what) {
  if (to.module) {
    const text = moduleText(location, to.module);
    if (to.start) {
      assert.deepEqual(location.range.start, { line: 0, character: 0 }, `${what}: ${showRange(location.range)} in ${to.module}, expected 0:0`);
      return;
    }
    const expected = rangeAt(text, to, session.encoding);
    assert.ok(sameRange(location.range, expected), `${what}: ${showRange(location.range)} in ${to.module}, expected ${showRange(expected)}`);
    return;
  }
  assert.equal(location.uri, docUri, `${what}: points into ${location.uri}`);
  const expected = rangeAt(session.text(docUri), to, session.encoding);
  assert.ok(sameRange(location.range, expected),
    `${what}: ${showRange(location.range)} (${JSON.stringify(textIn(session.text(docUri), location.range, session.encoding))}), expected ${showRange(expected)}`);
}

/** Whether LOCATION is place TO (same document). */
function isAt(session, docUri, location, to) {
  return location.uri === docUri && sameRange(location.range, rangeAt(session.text(docUri), to, session.encoding));
}

/** Asserts the published DIAGNOSTICS of DOCURI are what `whiskc check` says of its current text. */
async function assertLikeCheck(session, docUri, published, { dir, file, args }, what) {
  const copy = copyDir(dir, "oracle");
  const copyFile = path.join(copy, path.basename(file));
  fs.writeFileSync(copyFile, session.text(docUri));
  const oracle = await checkDiagnostics(copyFile, args, session.encoding);
  assert.ok(published, `${what}: nothing published`);
  assertSameDiagnostics(published.diagnostics, oracle.get(copyFile) ?? [], what);
  return oracle;
}

const placePosition = (session, uri, p) => rangeAt(session.text(uri), p, session.encoding).start;
const textDocumentPosition = (session, uri, p) => ({ textDocument: { uri }, position: placePosition(session, uri, p) });

/**
 * Inserts an edit's text before its place; resolves to {at: the JS index of the inserted
 * text, undo: a function that removes it and resolves to the diagnostics then published}.
 */
async function insertFor(session, uri, insert) {
  const start = indexAt(session.text(uri), insert.before).start;
  await session.edit(uri, start, 0, insert.text);
  return { at: start, undo: () => session.edit(uri, start, insert.text.length, "") };
}

// ---------------------------------------------------------------------------------------

describe("whiskc lsp: examples/openwhisk in utf-16", { timeout: 100_000 }, () => {
  let session;
  const uri = fileUri(OPENWHISK);
  const text = fs.readFileSync(OPENWHISK, "utf8");
  const oracleOf = { dir: OPENWHISK_DIR, file: OPENWHISK, args: OPENWHISK_CHECK_ARGS };

  before(async () => {
    assertServerExists();
    session = await LspSession.start({ root: OPENWHISK_DIR, initializationOptions: OPENWHISK_OPTIONS });
  });
  after(async () => {
    await session?.dispose();
  });

  it("initialize answers the contract's capabilities and serverInfo", { timeout: CASE_TIMEOUT_MS }, async () => {
    const { capabilities: c, serverInfo } = session.initializeResult;
    const sync = c.textDocumentSync;
    assert.equal(typeof sync, "object", `textDocumentSync ${JSON.stringify(sync)} is not an object`);
    assert.equal(sync.openClose, true, "textDocumentSync.openClose");
    assert.equal(sync.change, 2, "textDocumentSync.change (2: incremental)");
    for (const name of ["hoverProvider", "definitionProvider", "referencesProvider", "documentSymbolProvider", "documentFormattingProvider"]) {
      assert.ok(c[name], `${name} is ${JSON.stringify(c[name])}`);
    }
    assert.ok(c.completionProvider?.triggerCharacters?.includes("."), `completionProvider ${JSON.stringify(c.completionProvider)}`);
    if (JSON.stringify(c.completionProvider.triggerCharacters) !== JSON.stringify(["."])) {
      note(`completion trigger characters are ${JSON.stringify(c.completionProvider.triggerCharacters)} (the contract says ["."])`);
    }
    assert.equal(c.positionEncoding, "utf-16", "positionEncoding when the client offers none");
    assert.equal(serverInfo?.name, "whiskc", `serverInfo ${JSON.stringify(serverInfo)}`);
    assert.ok(typeof serverInfo.version === "string" && serverInfo.version, `serverInfo.version ${JSON.stringify(serverInfo.version)}`);
    const version = await runWhiskc(["--version"]);
    assert.ok(version.stdout.includes(serverInfo.version), `serverInfo.version ${serverInfo.version} is not in \`whiskc --version\`: ${version.stdout}`);
    check(`initialize: textDocumentSync {openClose, change 2}, hover, definition, references, completion (trigger "."), documentSymbol, formatting, positionEncoding utf-16, serverInfo whiskc ${serverInfo.version}`);
  });

  it("didOpen of openwhisk.ow publishes what whiskc check says: nothing (values from mycluster.yaml, relative to rootUri)", { timeout: CASE_TIMEOUT_MS }, async () => {
    const published = await session.open(uri, text);
    await assertLikeCheck(session, uri, published, oracleOf, "openwhisk.ow on open");
    assert.deepEqual(published.diagnostics, [], "openwhisk.ow with mycluster.yaml has no diagnostics");
    const errors = session.published.filter((p) => p.diagnostics.some((d) => d.severity === 1));
    assert.deepEqual(errors.map((p) => p.uri), [], "no file of the program has errors");
    check("didOpen openwhisk.ow: publishDiagnostics [] as `whiskc check -f mycluster.yaml` (so no E0306 for api_host_name: the values file was found relative to rootUri, the server running elsewhere)");
  });

  for (const c of HOVERS) {
    it(`hover on ${c.what}`, { timeout: CASE_TIMEOUT_MS }, async () => {
      const hover = await session.request(HoverRequest.type, textDocumentPosition(session, uri, c.at));
      assert.ok(hover, `no hover on ${c.what}`);
      assert.equal(hover.contents?.kind, "markdown", `hover contents ${JSON.stringify(hover.contents)} are not MarkupContent markdown`);
      const shown = hoverText(hover);
      for (const word of c.includes) assert.ok(shown.includes(word), `the hover on ${c.what} lacks ${JSON.stringify(word)}:\n${shown}`);
      if (hover.range) {
        const name = rangeAt(session.text(uri), { ...c.at, length: undefined }, session.encoding);
        assert.equal(hover.range.start.line, name.start.line, `hover range ${showRange(hover.range)} is not on the name's line`);
      }
      check(`hover on ${c.what}: markdown with ${c.includes.join(", ")}`);
    });
  }

  for (const c of DEFINITIONS) {
    it(`definition: ${c.what}`, { timeout: CASE_TIMEOUT_MS }, async () => {
      const found = locations(await session.request(DefinitionRequest.type, textDocumentPosition(session, uri, c.from)));
      assert.ok(found.length, `no definition for ${c.what}`);
      assert.equal(found.length, c.to.length, `${c.what}: ${JSON.stringify(found)}`);
      found.forEach((location, i) => assertLocation(session, uri, location, c.to[i], c.what));
      check(`definition: ${c.what}`);
    });
  }

  for (const c of REFERENCES) {
    for (const includeDeclaration of [true, false]) {
      it(`references (includeDeclaration ${includeDeclaration}) of ${c.what}`, { timeout: CASE_TIMEOUT_MS }, async () => {
        const found = locations(await session.request(ReferencesRequest.type,
          { ...textDocumentPosition(session, uri, c.from), context: { includeDeclaration } }));
        const doc = session.text(uri);
        const show = found.map((l) => `${path.basename(l.uri)} ${showRange(l.range)}`).join(", ");
        for (const site of c.sites) {
          assert.ok(found.some((l) => isAt(session, uri, l, site)),
            `${c.what}: ${site.needle} (#${site.occurrence}) is missing from [${show}]`);
        }
        const word = c.sites[0].needle.substr(c.sites[0].offset, c.sites[0].length);
        for (const l of found.filter((l) => l.uri === uri)) {
          assert.equal(textIn(doc, l.range, session.encoding), word, `${c.what}: a location ${showRange(l.range)} is not the name`);
        }
        // A name declared in both branches of an `if` has both declarations.
        const declarations = c.declarations ?? (c.declaration ? [c.declaration] : []);
        for (const declaration of declarations) {
          const hasDeclaration = found.some((l) => isAt(session, uri, l, declaration));
          assert.equal(hasDeclaration, includeDeclaration, `${c.what}: the declaration ${declaration.needle} is ${hasDeclaration ? "" : "not "}among [${show}]`);
        }
        if (c.exact) {
          assert.equal(found.length, c.sites.length + (includeDeclaration ? Math.max(1, declarations.length) : 0), `${c.what}: [${show}]`);
        }
        check(`references (includeDeclaration ${includeDeclaration}) of ${c.what}: ${found.length} locations${c.exact ? ", exactly the expected ones" : ""}`);
      });
    }
  }

  for (const c of COMPLETIONS) {
    it(`completion ${c.what}`, { timeout: CASE_TIMEOUT_MS }, async () => {
      let undo = null;
      let cursor;
      if (c.insert) {
        const inserted = await insertFor(session, uri, c.insert);
        undo = inserted.undo;
        cursor = positionAt(session.text(uri), inserted.at + c.insert.cursorAfter.length, session.encoding);
      } else {
        cursor = placePosition(session, uri, c.cursor);
      }
      let labels = null;
      try {
        labels = completionLabels(await session.request(CompletionRequest.type, { textDocument: { uri }, position: cursor }));
      } finally {
        // Undone whatever the answer, so that the cases after this one see the example.
        if (undo) {
          const published = await undo();
          assert.equal(session.text(uri), text, "the text is back as it was");
          assert.deepEqual(published.diagnostics, [], `diagnostics after undoing the edit of completion ${c.what}`);
        }
      }
      for (const label of c.includes) assert.ok(labels.includes(label), `completion ${c.what} lacks ${label}: [${labels.join(", ")}]`);
      for (const label of c.excludes) assert.ok(!labels.includes(label), `completion ${c.what} offers ${label}: [${labels.join(", ")}]`);
      check(`completion ${c.what}: has ${c.includes.join(", ")}; not ${c.excludes.join(", ")}`);
    });
  }

  it("documentSymbol: a DocumentSymbol tree with the declarations, ports under their components", { timeout: CASE_TIMEOUT_MS }, async () => {
    const symbols = await session.request(DocumentSymbolRequest.type, { textDocument: { uri } });
    assert.ok(Array.isArray(symbols) && symbols.length, `documentSymbol answered ${JSON.stringify(symbols)}`);
    assert.ok(symbols.every((s) => "selectionRange" in s && "range" in s && !("location" in s)), "hierarchical DocumentSymbol[], not SymbolInformation[]");
    const all = flattenSymbols(symbols);
    const names = new Set(all.map(({ symbol }) => symbol.name));
    for (const name of SYMBOLS.names) assert.ok(names.has(name), `no symbol ${name} among [${[...names].join(", ")}]`);
    for (const [component, ports] of Object.entries(SYMBOLS.ports)) {
      const symbol = all.find(({ symbol: s }) => s.name === component && (s.children ?? []).length)?.symbol;
      assert.ok(symbol, `no symbol ${component} with children`);
      const children = symbol.children.map((s) => s.name);
      for (const port of ports) assert.ok(children.includes(port), `${component}'s children [${children.join(", ")}] lack the port ${port}`);
    }
    const doc = session.text(uri);
    for (const [name, place] of Object.entries(SYMBOLS.selection)) {
      const symbol = all.find(({ symbol: s }) => s.name === name).symbol;
      const expected = rangeAt(doc, place, session.encoding);
      assert.ok(sameRange(symbol.selectionRange, expected), `${name}'s selectionRange ${showRange(symbol.selectionRange)}, expected ${showRange(expected)}`);
      const inside = (a, b) => (a.start.line < b.start.line || (a.start.line === b.start.line && a.start.character <= b.start.character)) &&
        (a.end.line > b.end.line || (a.end.line === b.end.line && a.end.character >= b.end.character));
      assert.ok(inside(symbol.range, symbol.selectionRange), `${name}'s range ${showRange(symbol.range)} does not hold its selectionRange`);
    }
    check(`documentSymbol: ${all.length} symbols, with ${SYMBOLS.names.join(", ")}; ports under ${Object.keys(SYMBOLS.ports).join(", ")}; selectionRange = the name`);
  });

  it("formatting of the (formatted) example: []", { timeout: CASE_TIMEOUT_MS }, async () => {
    const edits = await session.request(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    assert.deepEqual(edits, [], `formatting of a formatted document answered ${JSON.stringify(edits)?.slice(0, 500)}`);
    check("formatting of openwhisk.ow (formatted): []");
  });

  for (const c of ERRORS) {
    it(`an edit that makes an error, then its undoing: ${c.what}`, { timeout: CASE_TIMEOUT_MS }, async () => {
      const place = indexAt(session.text(uri), c.replace);
      const removed = session.text(uri).substr(place.start, place.length);
      const published = await session.edit(uri, place.start, place.length, c.with);
      await assertLikeCheck(session, uri, published, oracleOf, c.what);
      const expected = rangeAt(session.text(uri), c.range, session.encoding);
      const hit = published.diagnostics.find((d) => d.code === c.code);
      assert.ok(hit, `no ${c.code} after ${c.what}: ${JSON.stringify(published.diagnostics)}`);
      assert.equal(hit.severity, 1, `${c.code}'s severity`);
      assert.ok(sameRange(hit.range, expected), `${c.code} at ${showRange(hit.range)}, expected ${showRange(expected)}`);
      const hint = [hit.message, ...(hit.relatedInformation ?? []).map((r) => r.message)].join("\n");
      assert.match(hint, new RegExp(`did you mean \`${c.suggestion}\``), `${c.code} has no "did you mean \`${c.suggestion}\`"`);
      const undone = await session.edit(uri, place.start, c.with.length, removed);
      assert.equal(session.text(uri), text, "the text is back as it was");
      assert.deepEqual(undone.diagnostics, [], `diagnostics once ${c.what} is undone`);
      check(`didChange (incremental) ${c.what}: ${c.code} at ${showRange(expected)} with "did you mean \`${c.suggestion}\`", as whiskc check says; undone: []`);
    });
  }

  it("didClose publishes [] for the document", { timeout: CASE_TIMEOUT_MS }, async () => {
    const closed = await session.close(uri);
    assert.deepEqual(closed.diagnostics, [], "diagnostics published on didClose");
    check("didClose: publishDiagnostics []");
  });

  it("shutdown + exit: exit code 0", { timeout: CASE_TIMEOUT_MS }, async () => {
    const end = await session.shutdownAndExit();
    assertHealthy(end, "openwhisk session");
    assert.equal(end.code, 0, `exit code after shutdown + exit\n${end.stderr}`);
    check("openwhisk session: shutdown → null, exit → exit code 0, no signal, no sanitizer report");
  });
});

// ---------------------------------------------------------------------------------------
// Session 2: a program of two files, with set, lib and values, found from the workspace
// folder (rootUri null).

const MULTI = {
  "main.ow": `// multi: a program of two files, its module found through \`lib\`.
import "helpers"

topology multi {
  namespace "multi"
}

param greeting: string
param color: string = "blue"

placement spread_out = spread

use echo_server(text = greeting) as echo

service web {
  image "nginx:1.25.3"
  port http 80
  env ECHO = "http://\${echo.host}:\${echo.port.http}", COLOR = color
  place spread_out
}
`,
  "lib/helpers.ow": `// helpers: an echo server.
template service echo_server(text: string = "hello") {
  image "hashicorp/http-echo:1.0.0"
  args "-text" "\${text}"
  port http 5678
  ready tcp http
}
`,
  "lib/broken.ow": `// broken: a module with a mistake of its own.
template service broken_server() {
  image "nginx:1.25.3"
  replica 2
}
`,
  "values.yaml": "color: red\n",
  // Programs of their own for formatting (declaring the params that set and values give:
  // where a values key naming no parameter would be reported is not the point here).
  "messy.ow": `topology   messy {
namespace "messy"
}
param greeting: string
param  color: string = "blue"
service  web {
     image   "nginx:1.25.3"
  port http 80 ,  https 443
  env GREETING = greeting, COLOR =color
}
`,
  "unclosed.ow": `topology unclosed {
  namespace "unclosed"
}

param greeting: string
param color: string = "blue"

service web {
  image "nginx:1.25.3"
`,
};
const MULTI_OPTIONS = { set: ["greeting=hola"], lib: ["lib"], values: ["values.yaml"] };
const MULTI_CHECK_ARGS = ["--set", "greeting=hola", "--lib", "lib", "-f", "values.yaml"];

const MULTI_HOVERS = [
  { what: "param color (default blue, red in values.yaml)", at: at("param color:", 0, 6), includes: ["string", "blue", "red"] },
  { what: "param greeting (no default, hola by set)", at: at("text = greeting", 0, 7), includes: ["string", "hola"] },
  { what: "component echo (a use of a template in the module)", at: at("${echo.host}", 0, 2), includes: ["service", "hashicorp/http-echo:1.0.0", "5678", "web"] },
];
const MULTI_DEFINITIONS = [
  { what: "`import \"helpers\"` goes to lib/helpers.ow at 0:0", from: at("import \"helpers\"", 0, 9), to: [{ module: "helpers.ow", start: true }] },
  { what: "`use echo_server(` goes to the template in lib/helpers.ow", from: at("use echo_server(", 0, 4), to: [{ module: "helpers.ow", ...at("template service echo_server(", 0, 17, 11) }] },
  { what: "`COLOR = color` goes to param color", from: at("COLOR = color", 0, 8), to: [at("param color:", 0, 6, 5)] },
  // A placement declared once (openwhisk's are declared in both branches of an `if`).
  { what: "`place spread_out` goes to placement spread_out", from: at("place spread_out", 0, 6), to: [at("placement spread_out =", 0, 10, 10)] },
];

describe("whiskc lsp: a program of two files, {set, lib, values} relative to the workspace folder", { timeout: 100_000 }, () => {
  let session;
  let root;
  let uri;

  before(async () => {
    assertServerExists();
    root = tempDir("multi");
    writeFiles(root, MULTI);
    uri = fileUri(path.join(root, "main.ow"));
    session = await LspSession.start({
      root: null,
      workspaceFolders: [{ uri: fileUri(root), name: "multi" }],
      initializationOptions: MULTI_OPTIONS,
    });
  });
  after(async () => {
    await session?.dispose();
  });

  it("didOpen of main.ow: nothing published (the module found through lib, greeting set, values read)", { timeout: CASE_TIMEOUT_MS }, async () => {
    const published = await session.open(uri, MULTI["main.ow"]);
    await assertLikeCheck(session, uri, published, { dir: root, file: path.join(root, "main.ow"), args: MULTI_CHECK_ARGS }, "main.ow on open");
    assert.deepEqual(published.diagnostics, [], "main.ow");
    check("rootUri null, the workspace folder as root: didOpen main.ow publishes [] (lib, set and values applied: no E0204, no E0306)");
  });

  for (const c of MULTI_HOVERS) {
    it(`hover on ${c.what}`, { timeout: CASE_TIMEOUT_MS }, async () => {
      const shown = hoverText(await session.request(HoverRequest.type, textDocumentPosition(session, uri, c.at)));
      for (const word of c.includes) assert.ok(shown.includes(word), `the hover on ${c.what} lacks ${JSON.stringify(word)}:\n${shown}`);
      check(`hover on ${c.what}: ${c.includes.join(", ")}`);
    });
  }

  for (const c of MULTI_DEFINITIONS) {
    it(`definition: ${c.what}`, { timeout: CASE_TIMEOUT_MS }, async () => {
      const found = locations(await session.request(DefinitionRequest.type, textDocumentPosition(session, uri, c.from)));
      assert.equal(found.length, 1, `${c.what}: ${JSON.stringify(found)}`);
      assertLocation(session, uri, found[0], c.to[0], c.what);
      if (c.to[0].module) assert.equal(path.dirname(uriPath(found[0].uri)), path.join(root, "lib"), `${c.what}: not the lib directory's file`);
      check(`definition: ${c.what}`);
    });
  }

  it("an import of a module with an error publishes its diagnostics for the module's file", { timeout: CASE_TIMEOUT_MS }, async () => {
    const brokenUri = fileUri(path.join(root, "lib", "broken.ow"));
    const mark = session.mark();
    const start = indexOf(session.text(uri), "import \"helpers\"\n") + "import \"helpers\"\n".length;
    const inserted = "import \"broken\"\n";
    const mainPublished = await session.edit(uri, start, 0, inserted);
    const brokenPublished = await session.diagnosticsAfter(brokenUri, mark);
    const oracle = await assertLikeCheck(session, uri, mainPublished, { dir: root, file: path.join(root, "main.ow"), args: MULTI_CHECK_ARGS }, "main.ow importing broken");
    const expected = [...oracle.entries()].find(([file]) => file.endsWith(path.join("lib", "broken.ow")))?.[1];
    assert.ok(expected?.length, "whiskc check reports lib/broken.ow's error");
    assertSameDiagnostics(brokenPublished.diagnostics, expected, "lib/broken.ow");
    const mark2 = session.mark();
    const undone = await session.edit(uri, start, inserted.length, "");
    assert.deepEqual(undone.diagnostics, [], "main.ow once the import is gone");
    const cleared = session.published.filter((p) => p.seq >= mark2 && p.uri === brokenUri);
    if (!cleared.some((p) => p.diagnostics.length === 0)) note("lib/broken.ow's diagnostics were not cleared once no file imported it");
    check("import \"broken\" added by didChange: lib/broken.ow gets E0105 published at its own URI, as whiskc check says; removed: main.ow []");
  });

  it("a warning (an image without a tag): severity 2, as whiskc check says; undone: []", { timeout: CASE_TIMEOUT_MS }, async () => {
    const place = indexOf(session.text(uri), "image \"nginx:1.25.3\"") + "image \"nginx".length;
    const published = await session.edit(uri, place, ":1.25.3".length, "");
    await assertLikeCheck(session, uri, published, { dir: root, file: path.join(root, "main.ow"), args: MULTI_CHECK_ARGS }, "main.ow with an untagged image");
    const warning = published.diagnostics.find((d) => d.code === "W0312");
    assert.ok(warning, `no W0312: ${JSON.stringify(published.diagnostics)}`);
    assert.equal(warning.severity, 2, "W0312's severity");
    assert.ok(sameRange(warning.range, session.rangeOf(uri, "\"nginx\"")), `W0312 at ${showRange(warning.range)}`);
    const undone = await session.edit(uri, place, 0, ":1.25.3");
    assert.equal(session.text(uri), MULTI["main.ow"]);
    assert.deepEqual(undone.diagnostics, [], "undone");
    check(`image "nginx" (untagged) by didChange: W0312 with severity 2 at ${showRange(warning.range)}, as whiskc check says; undone: []`);
  });

  it("formatting of a badly laid out document: edits that make it what whiskc fmt prints", { timeout: CASE_TIMEOUT_MS }, async () => {
    const messyUri = fileUri(path.join(root, "messy.ow"));
    await session.open(messyUri, MULTI["messy.ow"]);
    const expected = await runWhiskc(["fmt"], { input: MULTI["messy.ow"] });
    assert.equal(expected.code, 0, `whiskc fmt of messy.ow: ${expected.stderr}`);
    assert.notEqual(expected.stdout, MULTI["messy.ow"], "messy.ow is badly laid out");
    const edits = await session.request(DocumentFormattingRequest.type, { textDocument: { uri: messyUri }, options: { tabSize: 2, insertSpaces: true } });
    assert.ok(Array.isArray(edits) && edits.length, `formatting answered ${JSON.stringify(edits)}`);
    assert.equal(applyTextEdits(MULTI["messy.ow"], edits, session.encoding), expected.stdout, "the edits applied give whiskc fmt's output");
    check(`formatting of messy.ow: ${edits.length} edit(s) that give whiskc fmt's output`);
  });

  it("formatting of a document with a syntax error: null or an error response", { timeout: CASE_TIMEOUT_MS }, async () => {
    const unclosedUri = fileUri(path.join(root, "unclosed.ow"));
    const published = await session.open(unclosedUri, MULTI["unclosed.ow"]);
    assert.ok(published.diagnostics.some((d) => d.code === "E0102"), `unclosed.ow: ${JSON.stringify(published.diagnostics)}`);
    const answer = await session.settle(DocumentFormattingRequest.type, { textDocument: { uri: unclosedUri }, options: { tabSize: 2, insertSpaces: true } });
    assert.ok(answer.error || answer.result === null, `formatting of a document with a syntax error answered ${JSON.stringify(answer.result)}`);
    check(`formatting of unclosed.ow (E0102): ${answer.error ? `error ${answer.error.code}` : "null"}`);
  });

  it("shutdown + exit: exit code 0", { timeout: CASE_TIMEOUT_MS }, async () => {
    const end = await session.shutdownAndExit();
    assertHealthy(end, "two-file session");
    assert.equal(end.code, 0, `exit code\n${end.stderr}`);
    check("two-file session: shutdown + exit → exit code 0");
  });
});

// ---------------------------------------------------------------------------------------
// Session 3: non-ASCII text before references, in both encodings.

const UNICODE = `// Grüße aus Köln 😀: a comment before every reference
topology unicode {
  namespace "unicode"
}

param db_port: port = 5432

service db {
  image "postgres:16.4"
  port sql db_port
  ready tcp sql
}

// 𝔘𝔫𝔦𝔠𝔬𝔡𝔢, the api
service api {
  image "shop/api:1.4.2"
  env GREETING = "héllo 😀 wörld", URL = "\${db.host}:\${db.port.sql}" // ✓ ünïcödé
  env NOTE = "日本語 🎌", PORT = db_port
  needs db
}
`;
const UNICODE_CASES = {
  hover: { at: at("\"${db.host}", 0, 3), includes: ["service", "postgres:16.4"] },
  definitions: [
    { what: "`${db.host}` after `héllo 😀 wörld` goes to service db", from: at("\"${db.host}", 0, 3), to: at("service db {", 0, 8, 2) },
    { what: "`db_port` after `日本語 🎌` goes to param db_port", from: at("PORT = db_port", 0, 7), to: at("param db_port:", 0, 6, 7) },
  ],
  references: {
    from: at("service db {", 0, 8),
    sites: [at("\"${db.host}", 0, 3, 2), at("${db.port.sql}", 0, 2, 2), at("needs db", 0, 6, 2)],
  },
  completion: { at: at("${db.port.sql}", 0, 10), includes: ["sql"] },
  // whiskc check's span of an unknown component in an interpolation: `dbx.host`.
  error: { replace: at("\"${db.host}", 0, 3, 2), with: "dbx", code: "E0201", range: at("\"${dbx.host}", 0, 3, 8) },
  symbol: { name: "api", selection: at("service api {", 0, 8, 3) },
};

for (const offered of [undefined, ["utf-8", "utf-16"]]) {
  const expectedEncoding = offered ? "utf-8" : "utf-16";
  describe(`whiskc lsp: non-ASCII text before references, ${expectedEncoding} (client offers ${JSON.stringify(offered ?? "nothing")})`, { timeout: 100_000 }, () => {
    let session;
    let root;
    let uri;
    const oracleOf = () => ({ dir: root, file: path.join(root, "unicode.ow"), args: [] });

    before(async () => {
      assertServerExists();
      root = tempDir("unicode");
      writeFiles(root, { "unicode.ow": UNICODE });
      uri = fileUri(path.join(root, "unicode.ow"));
      session = await LspSession.start({ root, positionEncodings: offered });
    });
    after(async () => {
      await session?.dispose();
    });

    it(`positionEncoding ${expectedEncoding}; didOpen publishes nothing`, { timeout: CASE_TIMEOUT_MS }, async () => {
      assert.equal(session.capabilities.positionEncoding, expectedEncoding, "the negotiated positionEncoding");
      const published = await session.open(uri, UNICODE);
      await assertLikeCheck(session, uri, published, oracleOf(), "unicode.ow on open");
      assert.deepEqual(published.diagnostics, []);
      check(`${expectedEncoding}: positionEncoding ${expectedEncoding} negotiated; unicode.ow opens clean`);
    });

    it(`${expectedEncoding}: hover, definitions, references and completion after non-ASCII text`, { timeout: CASE_TIMEOUT_MS }, async () => {
      const doc = session.text(uri);
      const hover = await session.request(HoverRequest.type, textDocumentPosition(session, uri, UNICODE_CASES.hover.at));
      const shown = hoverText(hover);
      for (const word of UNICODE_CASES.hover.includes) assert.ok(shown.includes(word), `hover on \`db\` in \`\${db.host}\` lacks ${word}:\n${shown}`);
      if (hover.range) {
        const expected = rangeAt(doc, { ...UNICODE_CASES.hover.at, offset: 3, length: 2 }, session.encoding);
        assert.ok(sameRange(hover.range, expected), `hover range ${showRange(hover.range)}, expected ${showRange(expected)}`);
      }
      for (const c of UNICODE_CASES.definitions) {
        const found = locations(await session.request(DefinitionRequest.type, textDocumentPosition(session, uri, c.from)));
        assert.equal(found.length, 1, `${c.what}: ${JSON.stringify(found)}`);
        assertLocation(session, uri, found[0], c.to, c.what);
      }
      const refs = locations(await session.request(ReferencesRequest.type,
        { ...textDocumentPosition(session, uri, UNICODE_CASES.references.from), context: { includeDeclaration: false } }));
      for (const site of UNICODE_CASES.references.sites) {
        const expected = rangeAt(doc, site, session.encoding);
        assert.ok(refs.some((l) => l.uri === uri && sameRange(l.range, expected)),
          `references of db lack ${showRange(expected)} (${site.needle}): [${refs.map((l) => showRange(l.range)).join(", ")}]`);
      }
      const labels = completionLabels(await session.request(CompletionRequest.type, textDocumentPosition(session, uri, UNICODE_CASES.completion.at)));
      for (const label of UNICODE_CASES.completion.includes) assert.ok(labels.includes(label), `completion after db.port. lacks ${label}: [${labels.join(", ")}]`);
      const symbols = flattenSymbols(await session.request(DocumentSymbolRequest.type, { textDocument: { uri } }));
      const api = symbols.find(({ symbol }) => symbol.name === UNICODE_CASES.symbol.name)?.symbol;
      assert.ok(api, "a symbol api");
      assert.ok(sameRange(api.selectionRange, rangeAt(doc, UNICODE_CASES.symbol.selection, session.encoding)), `api's selectionRange ${showRange(api.selectionRange)}`);
      check(`${expectedEncoding}: hover/definition at \`db\` after "héllo 😀 wörld", definition of db_port after "日本語 🎌", references of db (exact ranges), completion after \`db.port.\`, api's selectionRange under a 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 comment`);
    });

    it(`${expectedEncoding}: an incremental edit after non-ASCII text, its diagnostic's range, and its undoing`, { timeout: CASE_TIMEOUT_MS }, async () => {
      const c = UNICODE_CASES.error;
      const place = indexAt(session.text(uri), c.replace);
      const removed = session.text(uri).substr(place.start, place.length);
      const published = await session.edit(uri, place.start, place.length, c.with);
      await assertLikeCheck(session, uri, published, oracleOf(), `${expectedEncoding}: db renamed dbx`);
      const expected = rangeAt(session.text(uri), c.range, session.encoding);
      const hit = published.diagnostics.find((d) => d.code === c.code);
      assert.ok(hit && sameRange(hit.range, expected), `${c.code} expected at ${showRange(expected)}: ${JSON.stringify(published.diagnostics)}`);
      const undone = await session.edit(uri, place.start, c.with.length, removed);
      assert.equal(session.text(uri), UNICODE);
      assert.deepEqual(undone.diagnostics, [], "undone");
      const end = await session.shutdownAndExit();
      assertHealthy(end, `${expectedEncoding} session`);
      assert.equal(end.code, 0, `exit code\n${end.stderr}`);
      check(`${expectedEncoding}: \`\${db.host}\` → \`\${dbx.host}\` by a range change after non-ASCII text: ${c.code} at ${showRange(expected)} as whiskc check says; undone: []; shutdown + exit → 0`);
    });
  });
}
