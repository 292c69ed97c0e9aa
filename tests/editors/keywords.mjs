// editors.keywords: the word lists of the three editors against the grammar,
// so that a word added to the grammar and not to an editor fails here.
//
// The words the editors must highlight are (lib.mjs):
//   - the grammar's: every TAO_PEGTL_KEYWORD("x") and WHISK_KW("x") of
//     grammar/whisk_grammar.h and every string of the arrays of
//     grammar/keywords.h;
//   - the checker's, which the grammar reads as plain names: the parameter
//     types (compiler/check/evaluate.cpp), the units of quantities and
//     durations (compiler/check/units.cpp), the words of the checker's tables
//     (access modes, `across` keys, budget kinds, metrics) and a patch's `null`.
// Each editor file must contain every one of them in its word lists, and no
// other word there:
//   - editors/vscode/syntaxes/whisk.tmLanguage.json: the plain words of every
//     innermost group `(a|b|c)` / `(?:a|b)` of its regular expressions;
//   - editors/vim/syntax/whisk.vim: the words of its `syn keyword` lines (not
//     the to-do words of comments) and of every innermost `\%(a\|b\)` group and
//     `\<word\>` of its other lines (its patterns);
//   - editors/emacs/whisk-mode.el, from ";;;; The words" to ";;;; Indentation"
//     (the highlighting): every quoted list of strings '("a" "b") and the
//     plain words of the innermost `\\(?:a\\|b\\)` groups and `\\_<word\\_>`
//     of its regular expressions.
// The lists of the words that begin a declaration, a property or a topology
// property, by which the editors tell where one begins (and Vim and Emacs
// indent), must be those of grammar/keywords.h. sample.ow, whose scopes
// textmate.mjs snapshots, must use every word (and with --whiskc PATH, be
// clean for whiskc check and whiskc fmt --check).
import { spawnSync } from "node:child_process";
import { checkerWords, grammarTables, grammarWords, here, read } from "./lib.mjs";

const plain = /^[A-Za-z_][A-Za-z0-9_]*$/;

function wordsOfAlternatives(contents, separator) {
  const words = [];
  for (const content of contents) {
    for (const item of content.replace(/^\?:/, "").split(separator)) {
      if (plain.test(item)) words.push(item);
    }
  }
  return words;
}

// The TextMate grammar: its regular expressions' groups of plain words.
function textmateWords() {
  const grammar = JSON.parse(read("editors/vscode/syntaxes/whisk.tmLanguage.json"));
  const regexes = [];
  const walk = (node) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (["match", "begin", "end", "while"].includes(key) && typeof value === "string") regexes.push(value);
        else walk(value);
      }
    }
  };
  walk(grammar.repository);
  walk(grammar.patterns);
  const groups = [];
  for (const regex of regexes) {
    // Escapes (\( \. \b) are no group and no word.
    const masked = regex.replace(/\\./g, "\u0000");
    for (const m of masked.matchAll(/\(([^()]*)\)/g)) groups.push(m[1]);
  }
  return { words: wordsOfAlternatives(groups, "|"), sources: regexes.length };
}

// The Vim syntax file: syn keyword lines, and the groups and \<words\> of patterns.
function vimWords() {
  const lines = read("editors/vim/syntax/whisk.vim").split("\n");
  const words = [];
  const groups = [];
  let statements = 0;
  for (const raw of lines) {
    const line = raw.trim();
    if (line.startsWith('"')) continue;
    const keyword = /^syn(?:tax)?\s+keyword\s+(\w+)\s+(.*)$/.exec(line);
    if (keyword) {
      statements++;
      if (keyword[1] === "whiskTodo") continue;
      for (const token of keyword[2].split(/\s+/)) {
        if (token.includes("=") || ["contained", "skipwhite", "skipnl", "skipempty", "transparent", "display"].includes(token)) continue;
        words.push(token);
      }
      continue;
    }
    statements++;
    for (const m of line.matchAll(/\\%?\(((?:(?!\\%?\(|\\\)).)*?)\\\)/g)) groups.push(m[1]);
    for (const m of line.matchAll(/\\<(\w+)\\>/g)) words.push(m[1]);
  }
  return { words: [...words, ...wordsOfAlternatives(groups, "\\|")], sources: statements };
}

// The Emacs mode: its quoted lists of strings, and the groups and \_<words\_> of its regexps.
function emacsWords() {
  const whole = read("editors/emacs/whisk-mode.el");
  const start = whole.indexOf(";;;; The words");
  const end = whole.indexOf(";;;; Indentation");
  if (start < 0 || end < start) throw new Error("whisk-mode.el has no sections ;;;; The words ... ;;;; Indentation");
  const source = whole
    .slice(start, end)
    .split("\n")
    .filter((line) => !/^\s*;/.test(line))
    .join("\n");
  const words = [];
  let lists = 0;
  for (const m of source.matchAll(/'\(((?:\s*"[^"]*")+)\s*\)/g)) {
    lists++;
    for (const s of m[1].matchAll(/"([^"]*)"/g)) words.push(s[1]);
  }
  const groups = [];
  for (const m of source.matchAll(/\\\\\(((?:(?!\\\\\(|\\\\\)).)*?)\\\\\)/g)) groups.push(m[1]);
  for (const m of source.matchAll(/\\\\_<(\w+)\\\\_>/g)) words.push(m[1]);
  return { words: [...words, ...wordsOfAlternatives(groups, "\\\\|")], sources: lists };
}

const grammar = grammarWords();
const checker = checkerWords();
const expected = new Set([...grammar, ...checker.types, ...checker.units, ...checker.named]);
console.log(
  `keywords: ${grammar.length} words of the grammar, ${checker.types.length} types, ` +
    `${checker.units.length} units and ${checker.named.length} other words of the checker ` +
    `(${expected.size} distinct)`,
);

let failures = 0;
for (const [name, extract] of [
  ["editors/vscode/syntaxes/whisk.tmLanguage.json", textmateWords],
  ["editors/vim/syntax/whisk.vim", vimWords],
  ["editors/emacs/whisk-mode.el", emacsWords],
]) {
  const { words, sources } = extract();
  const found = new Set(words);
  const missing = [...expected].filter((w) => !found.has(w)).sort();
  const extra = [...found].filter((w) => !expected.has(w)).sort();
  if (missing.length > 0) {
    failures++;
    console.error(`FAIL: ${name} lacks ${missing.length} words of the grammar or the checker: ${missing.join(" ")}`);
  }
  if (extra.length > 0) {
    failures++;
    console.error(`FAIL: ${name} lists ${extra.length} words that are no word of the grammar or the checker: ${extra.join(" ")}`);
  }
  if (missing.length === 0 && extra.length === 0) {
    console.log(`ok ${name}: all ${expected.size} words, and no other (read from ${sources} ${name.endsWith(".json") ? "regular expressions" : name.endsWith(".vim") ? "lines" : "lists"})`);
  }
}

// The words that begin a line, by kind, as grammar/keywords.h has them: the
// editors decide by them where a declaration or a property begins (and so how
// the words after it are highlighted, and how Vim and Emacs indent).
const tables = grammarTables();
const same = (a, b) => JSON.stringify([...new Set(a)].sort()) === JSON.stringify([...new Set(b)].sort());
const describe = (a, b) => {
  const missing = b.filter((w) => !a.includes(w));
  const extra = a.filter((w) => !b.includes(w));
  return `${missing.length ? `lacks ${missing.join(" ")}` : ""}${missing.length && extra.length ? "; " : ""}${extra.length ? `has also ${extra.join(" ")}` : ""}`;
};
const checkList = (where, actual, wanted, from) => {
  if (same(actual, wanted)) {
    console.log(`ok ${where}: the ${wanted.length} words of ${from}`);
  } else {
    failures++;
    console.error(`FAIL: ${where} differs from ${from}: ${describe(actual, wanted)}`);
  }
};
const withIf = (words) => [...new Set([...words, "if", "else"])];

{
  // TextMate: the words that begin the declaration and property rules.
  const grammar = JSON.parse(read("editors/vscode/syntaxes/whisk.tmLanguage.json"));
  const beginWords = (keys) =>
    keys.flatMap((key) => {
      const begin = grammar.repository[key]?.begin ?? grammar.repository[key]?.match;
      if (!begin) throw new Error(`the TextMate grammar has no rule ${key}`);
      return [...begin.matchAll(/\\b\(((?:\w+\|)*\w+)\)\\b/g)][0][1].split("|");
    });
  checkList(
    "the TextMate declaration rules",
    beginWords(["import", "topology", "param", "role", "placement", "data", "template", "use", "component"]),
    tables.kDeclarationKeywords,
    "kDeclarationKeywords",
  );
  const propertyRules = Object.keys(grammar.repository).filter((key) => key.startsWith("prop-"));
  checkList(
    "the TextMate property rules (and property-if)",
    [...beginWords(propertyRules), ...beginWords(["property-if"])],
    tables.kPropertyKeywords,
    "kPropertyKeywords",
  );
}
{
  // Vim: the lists of indent/whisk.vim.
  const indent = read("editors/vim/indent/whisk.vim").replace(/\n\s*\\/g, " ");
  const list = (name) => {
    const m = new RegExp(`let s:${name} = \\[([^\\]]*)\\]`).exec(indent);
    if (!m) throw new Error(`editors/vim/indent/whisk.vim has no s:${name}`);
    return [...m[1].matchAll(/'([^']*)'/g)].map((w) => w[1]);
  };
  checkList("s:declaration_words of the Vim indent file", list("declaration_words"), withIf(tables.kDeclarationKeywords), "kDeclarationKeywords, if and else");
  checkList("s:property_words of the Vim indent file", list("property_words"), withIf(tables.kPropertyKeywords), "kPropertyKeywords and else");
  checkList("s:topology_words of the Vim indent file", list("topology_words"), tables.kTopologyKeywords, "kTopologyKeywords");
}
{
  // Emacs: the lists of whisk-mode.el.
  const mode = read("editors/emacs/whisk-mode.el");
  const list = (name) => {
    const m = new RegExp(`\\(defconst ${name}\\s+'\\(([^)]*)\\)`).exec(mode);
    if (!m) throw new Error(`editors/emacs/whisk-mode.el has no ${name}`);
    return [...m[1].matchAll(/"([^"]*)"/g)].map((w) => w[1]);
  };
  checkList(
    "whisk-import-keywords, whisk-declaration-keywords and whisk-kinds of whisk-mode.el",
    [...list("whisk-import-keywords"), ...list("whisk-declaration-keywords"), ...list("whisk-kinds")],
    tables.kDeclarationKeywords,
    "kDeclarationKeywords",
  );
  checkList("whisk-property-keywords of whisk-mode.el, with if", [...list("whisk-property-keywords"), "if"], tables.kPropertyKeywords, "kPropertyKeywords");
  checkList("whisk-topology-keywords of whisk-mode.el", list("whisk-topology-keywords"), tables.kTopologyKeywords, "kTopologyKeywords");
}

// The sample uses every word, so that the snapshot and the engine tests see them.
const sample = read("tests/editors/sample.ow");
const tokens = new Set(sample.match(/[A-Za-z_][A-Za-z0-9_]*|%/g));
for (const m of sample.matchAll(/\d(%|[A-Za-z][A-Za-z0-9]*)/g)) {
  // units, split like the grammar's durations: 1h30m has h and m
  for (const unit of m[1].match(/%|[A-Za-z]+/g)) tokens.add(unit);
}
const unused = [...expected].filter((w) => !tokens.has(w)).sort();
if (unused.length > 0) {
  failures++;
  console.error(`FAIL: tests/editors/sample.ow does not use ${unused.join(" ")}`);
} else {
  console.log(`ok tests/editors/sample.ow uses all ${expected.size} words`);
}

// With --whiskc PATH: the sample is whisk that whiskc checks without a
// diagnostic, laid out as whiskc fmt lays it out (the indentation tests rely
// on that).
const whiskcAt = process.argv.indexOf("--whiskc");
if (whiskcAt > 0) {
  const whiskc = process.argv[whiskcAt + 1];
  for (const args of [["check", "--color=never", "sample.ow"], ["fmt", "--check", "sample.ow"]]) {
    const result = spawnSync(whiskc, args, { cwd: here, encoding: "utf8", timeout: 60000 });
    const output = `${result.stdout}${result.stderr}`.trim();
    if (result.status !== 0 || output !== "") {
      failures++;
      console.error(`FAIL: whiskc ${args.join(" ")} exited ${result.status ?? result.error}: ${output}`);
    } else {
      console.log(`ok whiskc ${args.join(" ")}: no diagnostic`);
    }
  }
}

if (failures > 0) {
  console.error(`${failures} failures`);
  process.exit(1);
}
console.log("keywords: ok");
