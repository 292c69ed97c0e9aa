// `npm run vscode:prepublish`, which `vsce package` runs: bundles
// vscode-languageclient and what it needs into dist/languageclient.js, and
// writes the licenses of the bundled packages to dist/THIRD-PARTY-NOTICES.txt.
"use strict";

const fs = require("fs");
const path = require("path");
const esbuild = require("esbuild");

const here = __dirname;
const top = path.join(here, "..");
const dist = path.join(top, "dist");

const result = esbuild.buildSync({
  entryPoints: [path.join(here, "languageclient.js")],
  outfile: path.join(dist, "languageclient.js"),
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node18",
  external: ["vscode"],
  minify: true,
  metafile: true,
  logLevel: "warning",
});

// The packages whose files went into the bundle, by their node_modules folder.
const packages = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input.split(path.sep).join("/"));
  if (match) packages.add(match[1]);
}

let notices = "The file languageclient.js bundles these packages from npm, under their licenses:\n";
for (const name of [...packages].sort()) {
  const folder = path.join(top, "node_modules", name);
  const { version, license } = JSON.parse(fs.readFileSync(path.join(folder, "package.json"), "utf8"));
  const file = fs.readdirSync(folder).find((f) => /^(licen[cs]e|copying)/i.test(f));
  if (!file) throw new Error(`${name} has no license file to copy into the notices`);
  notices += `\n${"=".repeat(78)}\n${name} ${version} (${license})\n${"=".repeat(78)}\n\n`;
  notices += fs.readFileSync(path.join(folder, file), "utf8").trim() + "\n";
}
fs.writeFileSync(path.join(dist, "THIRD-PARTY-NOTICES.txt"), notices);
console.log(`dist/languageclient.js: ${packages.size} packages bundled: ${[...packages].sort().join(", ")}`);
