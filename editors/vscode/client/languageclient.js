// What extension.js takes from vscode-languageclient. `vsce package` bundles it
// with its dependencies into dist/languageclient.js (client/build.js),
// so that the .vsix holds one file instead of a node_modules tree.
module.exports = require("vscode-languageclient/node");
