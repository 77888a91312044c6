// Extension-host test suite (the extensionTestsPath contract: export run(): Promise<void>), run inside a real
// VS Code (code-server) with the examples/hello workspace open. Each *.e2e.js file here registers its tests
// (in file-name order) through harness.js; this file runs them all. Plain JS: loaded as is, not compiled.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { tests } = require('./harness');

// E2E_ONLY=a,b (names without .e2e.js) runs only those files, for iterating on one area.
const only = (process.env.E2E_ONLY || '').split(',').filter(Boolean);
for (const f of fs.readdirSync(__dirname).filter((n) => n.endsWith('.e2e.js')).sort()) {
  if (only.length === 0 || only.includes(f.replace(/\.e2e\.js$/, ''))) require(path.join(__dirname, f));
}

exports.run = async function run() {
  console.log(`env: vscode ${vscode.version}, node ${process.version}, remoteName ${vscode.env.remoteName}`);
  let passed = 0, failed = 0;
  for (const t of tests) {
    const t0 = Date.now();
    try { await t.fn(); passed++; console.log(`ok - ${t.name} (${Date.now() - t0} ms)`); }
    catch (e) { failed++; console.log(`not ok - ${t.name}: ${(e && e.stack) || e}`); }
  }
  console.log(`${passed} passed, ${failed} failed`);
  if (failed) throw new Error(`${failed} test(s) failed`);
};
