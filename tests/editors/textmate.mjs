// editors.textmate: the VS Code grammar (editors/vscode/syntaxes/whisk.tmLanguage.json)
// under the engine VS Code itself uses, vscode-textmate with the Oniguruma of
// vscode-oniguruma.
//
// 1. Every examples/**/*.ow and stdlib/*.ow file and tests/editors/sample.ow
//    is tokenised, and:
//    - no token but whitespace is left with the root scope `source.whisk` alone;
//    - no `invalid.*` scope appears (these files are valid whisk);
//    - every word has a scope of a known family (keyword, storage.type,
//      entity.name, variable, constant, support, string, comment);
//    - every word scoped as a keyword (keyword.*, storage.type.*,
//      constant.language.*, support.constant.*, support.type.primitive/list)
//      is a word of the grammar or the checker (lib.mjs), never a name;
//    - a declaration, kind, property or topology keyword that begins a line
//      (and is not a key followed by `:` or `=`) has a keyword scope, as the
//      grammar reads it.
// 2. The scopes of every token of sample.ow equal the golden snapshot
//    sample.tokens.txt (`LINE:COL "TEXT" SCOPES`, the root scope left out).
//    WHISK_UPDATE_GOLDEN=1 rewrites it, as for the golden tests.
// 3. The positions of expect.txt have the scope of their class.
//
//   node textmate.mjs             run the checks
//   node textmate.mjs --dump FILE print FILE's tokens as in the snapshot
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import vsctm from "vscode-textmate";
import oniguruma from "vscode-oniguruma";
import { checkerWords, expectations, grammarWords, here, root, whiskFiles } from "./lib.mjs";

const require = createRequire(import.meta.url);
const grammarPath = join(root, "editors/vscode/syntaxes/whisk.tmLanguage.json");

async function loadGrammar() {
  const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === "source.whisk" ? vsctm.parseRawGrammar(readFileSync(grammarPath, "utf8"), grammarPath) : null,
  });
  const grammar = await registry.loadGrammar("source.whisk");
  if (!grammar) throw new Error(`cannot load ${grammarPath}`);
  return grammar;
}

// The tokens of a file: { line, col (1-based), text, scopes (root left out) }.
function tokenize(grammar, text) {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const tokens = [];
  let stack = vsctm.INITIAL;
  lines.forEach((line, index) => {
    const result = grammar.tokenizeLine(line, stack, 10000);
    if (result.stoppedEarly) throw new Error(`line ${index + 1}: tokenising stopped early`);
    for (const token of result.tokens) {
      const piece = line.slice(token.startIndex, Math.min(token.endIndex, line.length));
      if (piece === "") continue;
      tokens.push({ line: index + 1, col: token.startIndex + 1, text: piece, scopes: token.scopes.slice(1) });
    }
    stack = result.ruleStack;
  });
  return tokens;
}

const snapshotLine = (t) => `${t.line}:${t.col} ${JSON.stringify(t.text)} ${t.scopes.join(" ")}`;

function snapshot(tokens) {
  return tokens.filter((t) => t.text.trim() !== "").map(snapshotLine).join("\n") + "\n";
}

const grammar = await loadGrammar();

if (process.argv[2] === "--dump") {
  process.stdout.write(snapshot(tokenize(grammar, readFileSync(process.argv[3], "utf8"))));
  process.exit(0);
}

let failures = 0;
const fail = (message) => {
  failures++;
  if (failures <= 60) console.error(`FAIL: ${message}`);
};

const grammarSet = new Set(grammarWords());
const checker = checkerWords();
const keywordLike = new Set([...grammarSet, ...checker.types, ...checker.named]);
const lineKeywords = new Set(
  [...read("grammar/keywords.h").matchAll(/"([a-z_]+)"/g)].map((m) => m[1]),
);
function read(path) {
  return readFileSync(join(root, path), "utf8");
}

const families = ["keyword.", "storage.type.", "entity.name.", "variable.", "constant.", "support.", "string.", "comment."];
const isKeywordScope = (s) =>
  (s.startsWith("keyword.") && !/^keyword\.(operator\.(range|comparison|assignment)|other\.unit)\b/.test(s)) ||
  s.startsWith("storage.type.") ||
  s.startsWith("constant.language.") ||
  s.startsWith("support.constant.") ||
  s.startsWith("support.type.primitive.") ||
  s.startsWith("support.type.list.");

const files = [...whiskFiles(), "tests/editors/sample.ow"];
let tokenCount = 0;
let wordCount = 0;
let lineCount = 0;
for (const file of files) {
  const text = read(file);
  const tokens = tokenize(grammar, text);
  lineCount += text.split("\n").length - 1;
  const lines = text.split("\n");
  for (const t of tokens) {
    if (t.text.trim() === "") continue;
    tokenCount++;
    const where = `${file}:${t.line}:${t.col} ${JSON.stringify(t.text)}`;
    if (t.scopes.length === 0) fail(`${where} has no scope but source.whisk`);
    const invalid = t.scopes.find((s) => s.startsWith("invalid."));
    if (invalid) fail(`${where} is ${invalid}`);
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(t.text)) {
      wordCount++;
      const inner = t.scopes.at(-1) ?? "";
      if (!families.some((f) => inner.startsWith(f) || t.scopes.some((s) => s.startsWith(f)))) {
        fail(`${where} has no scope of a known family: ${t.scopes.join(" ")}`);
      }
      const keywordScope = t.scopes.find(isKeywordScope);
      const inText = t.scopes.some((s) => s.startsWith("string.") || s.startsWith("comment."));
      if (keywordScope && !inText && !keywordLike.has(t.text)) {
        fail(`${where} is ${keywordScope} but is no word of the grammar or the checker`);
      }
      const lineText = lines[t.line - 1];
      const first = /^\s*/.exec(lineText)[0].length + 1 === t.col;
      const rest = lineText.slice(t.col - 1 + t.text.length);
      if (first && !inText && lineKeywords.has(t.text) && !/^\s*[:=]/.test(rest) && !keywordScope) {
        fail(`${where} begins a line but has no keyword scope: ${t.scopes.join(" ")}`);
      }
    }
  }
}

// 2. the golden snapshot of sample.ow
const sampleTokens = tokenize(grammar, read("tests/editors/sample.ow"));
const goldenPath = join(here, "sample.tokens.txt");
const actual = snapshot(sampleTokens);
if (process.env.WHISK_UPDATE_GOLDEN) {
  writeFileSync(goldenPath, actual);
  console.log("wrote tests/editors/sample.tokens.txt");
} else {
  let expected = "";
  try {
    expected = readFileSync(goldenPath, "utf8");
  } catch {
    fail("tests/editors/sample.tokens.txt is missing (WHISK_UPDATE_GOLDEN=1 writes it)");
  }
  if (expected && expected !== actual) {
    const e = expected.split("\n");
    const a = actual.split("\n");
    let shown = 0;
    for (let i = 0; i < Math.max(e.length, a.length) && shown < 20; i++) {
      if (e[i] !== a[i]) {
        console.error(`  snapshot line ${i + 1}:\n    expected ${e[i]}\n    actual   ${a[i]}`);
        shown++;
      }
    }
    fail("the tokens of sample.ow differ from sample.tokens.txt (WHISK_UPDATE_GOLDEN=1 rewrites it after a review)");
  }
}

// 3. the positions of expect.txt
const { classes, positions } = expectations();
const sampleLines = read("tests/editors/sample.ow").split("\n");
for (const p of positions) {
  const at = `${p.where}: sample.ow:${p.line}:${p.col}`;
  if (!sampleLines[p.line - 1]?.startsWith(p.text, p.col - 1)) {
    fail(`${at}: the text there is not ${JSON.stringify(p.text)}`);
    continue;
  }
  const token = sampleTokens.find((t) => t.line === p.line && t.col <= p.col && p.col < t.col + t.text.length);
  const wanted = classes.get(p.cls).textmate;
  const alternatives = wanted.split("|");
  if (!token || !token.scopes.some((s) => alternatives.some((a) => s === a || s.startsWith(a + ".")))) {
    fail(`${at} ${JSON.stringify(p.text)}: expected a scope ${wanted} (${p.cls}), got ${token ? token.scopes.join(" ") : "no token"}`);
  }
}

console.log(
  `textmate: ${files.length} files, ${lineCount} lines, ${tokenCount} tokens (${wordCount} words) tokenised; ` +
    `${sampleTokens.filter((t) => t.text.trim() !== "").length} tokens of sample.ow in the snapshot; ${positions.length} positions checked`,
);
if (failures > 0) {
  console.error(`${failures} failures`);
  process.exit(1);
}
console.log("textmate: ok");
