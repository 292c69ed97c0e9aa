// Shared by the editor tests: the repository's paths, the keyword lists of the
// grammar and the checker, and the expected highlighting of tests/editors/sample.ow
// (expect.txt). See README.md here.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, "..", "..");

export const read = (path) => readFileSync(join(root, path), "utf8");

// Every `*.ow` file of examples/ (recursively) and stdlib/, as paths
// relative to the repository root, in name order.
export function whiskFiles() {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(join(root, dir)).sort()) {
      const path = join(dir, name);
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else if (name.endsWith(".ow")) out.push(path);
    }
  };
  walk("examples");
  walk("stdlib");
  return out;
}

function uniqueSorted(words) {
  return [...new Set(words)].sort();
}

function need(list, what, min) {
  if (list.length < min) {
    throw new Error(`found only ${list.length} ${what}; has the file changed shape? (see tests/editors/lib.mjs)`);
  }
  return list;
}

// The words of the grammar: every TAO_PEGTL_KEYWORD("x") and WHISK_KW("x") of
// grammar/whisk_grammar.h and every string of the arrays of grammar/keywords.h.
export function grammarWords() {
  const grammar = read("grammar/whisk_grammar.h");
  const fromGrammar = [...grammar.matchAll(/\b(?:TAO_PEGTL_KEYWORD|WHISK_KW)\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1]);
  const header = read("grammar/keywords.h");
  const fromTables = [];
  for (const table of header.matchAll(/std::array<std::string_view,\s*\d+>\s+(\w+)\s*=\s*\{([^}]*)\}/g)) {
    fromTables.push(...[...table[2].matchAll(/"([^"]+)"/g)].map((m) => m[1]));
  }
  need(fromGrammar, "keywords in grammar/whisk_grammar.h", 50);
  need(fromTables, "words in the arrays of grammar/keywords.h", 30);
  return uniqueSorted([...fromGrammar, ...fromTables]);
}

// The arrays of grammar/keywords.h by name: kDeclarationKeywords (words that
// start a declaration), kPropertyKeywords (a component property, `if`
// included) and kTopologyKeywords (a topology property).
export function grammarTables() {
  const header = read("grammar/keywords.h");
  const tables = {};
  for (const table of header.matchAll(/std::array<std::string_view,\s*\d+>\s+(\w+)\s*=\s*\{([^}]*)\}/g)) {
    tables[table[1]] = [...table[2].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  }
  for (const name of ["kDeclarationKeywords", "kPropertyKeywords", "kTopologyKeywords"]) {
    if (!tables[name]?.length) throw new Error(`grammar/keywords.h has no array ${name}`);
  }
  return tables;
}

// Words the grammar reads as plain names and the checker gives a meaning
// (compiler/check): the parameter types, the unit suffixes of quantities and
// durations, the words of its "did you mean" tables (access modes, `across`
// keys, budget kinds, autoscale metrics) and the `null` of a patch.
export function checkerWords() {
  const evaluate = read("compiler/check/evaluate.cpp");
  const types = need([...evaluate.matchAll(/\{"(\w+)",\s*Type::\w+\}/g)].map((m) => m[1]), "type names in compiler/check/evaluate.cpp", 7);
  const unitsSource = read("compiler/check/units.cpp");
  const quantityUnits = [...unitsSource.matchAll(/\{"([A-Za-z]+)",\s*[-0-9.e]+L\}/g)].map((m) => m[1]);
  const durationUnits = [...unitsSource.matchAll(/starts_with\("([A-Za-z]+)"\)/g)].map((m) => m[1]);
  need(quantityUnits, "quantity units in compiler/check/units.cpp", 10);
  need(durationUnits, "duration units in compiler/check/units.cpp", 3);
  const named = [];
  for (const file of ["compiler/check/placement.cpp", "compiler/check/properties.cpp"]) {
    const source = read(file);
    for (const table of source.matchAll(/static constexpr std::string_view k\w+\[\]\s*=\s*\{([^}]*)\}/g)) {
      named.push(...[...table[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]));
    }
  }
  need(named, "words in the tables of compiler/check", 8);
  const properties = read("compiler/check/properties.cpp");
  const patchWords = [...properties.matchAll(/case NodeKind::Path:\s*if \(ast\.source\(node\) == "(\w+)"\)/g)].map((m) => m[1]);
  need(patchWords, "the patch's `null` in compiler/check/properties.cpp", 1);
  return {
    types: uniqueSorted(types),
    units: uniqueSorted([...quantityUnits, ...durationUnits]),
    named: uniqueSorted([...named, ...patchWords]),
  };
}

// tests/editors/expect.txt: the classes of highlighting, each with what the
// three editors call it, and positions of sample.ow with their class.
export function expectations() {
  const text = readFileSync(join(here, "expect.txt"), "utf8");
  const classes = new Map();
  const positions = [];
  text.split("\n").forEach((line, index) => {
    line = line.replace(/\s+$/, "");
    if (line === "" || line.startsWith("#")) return;
    const fields = line.split(/\s+/);
    if (fields[0] === "class") {
      const [, name, textmate, vim, emacs] = fields;
      classes.set(name, { textmate, vim, emacs });
      return;
    }
    const at = /^(\d+):(\d+)$/.exec(fields[0]);
    if (!at || fields.length !== 3) throw new Error(`expect.txt:${index + 1}: not LINE:COL TEXT CLASS: ${line}`);
    positions.push({ line: +at[1], col: +at[2], text: fields[1], cls: fields[2], where: `expect.txt:${index + 1}` });
  });
  for (const p of positions) {
    if (!classes.has(p.cls)) throw new Error(`${p.where}: unknown class ${p.cls}`);
  }
  return { classes, positions };
}
