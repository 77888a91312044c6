// Shared helpers of the extension-host suite: each *.e2e.js file in this folder registers its tests with `test`.
// Plain JS: loaded as is inside code-server's extension host, not compiled.
'use strict';
const vscode = require('vscode');
const assert = require('node:assert');
const path = require('node:path');

const EXTENSION_ID = 'fiasco-studio.fiasco-studio';
const tests = [];
const test = (name, fn) => tests.push({ name, fn });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitFor(what, pred, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await pred();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
const folder = () => vscode.workspace.workspaceFolders[0];
const modulesList = () => path.join(folder().uri.fsPath, 'conf', 'modules.lst');

/** Runs one debug session of `config`, recording every message the adapter sends. */
async function debugSession(config, whileRunning) {
  const seen = [];
  const tracker = vscode.debug.registerDebugAdapterTrackerFactory('fiasco', {
    createDebugAdapterTracker: () => ({ onDidSendMessage: (m) => seen.push(m), onError: (e) => seen.push({ type: 'error', error: String(e) }) }),
  });
  let terminated = false;
  const onEnd = vscode.debug.onDidTerminateDebugSession(() => { terminated = true; });
  try {
    assert.ok(await vscode.debug.startDebugging(folder(), config), 'startDebugging returned false');
    await whileRunning(seen, () => terminated);
  } finally {
    if (!terminated && vscode.debug.activeDebugSession) {
      // A failure above is the news: a rejected stop (VS Code answers "Canceled") must not replace it.
      await Promise.resolve(vscode.debug.stopDebugging(vscode.debug.activeDebugSession)).catch((e) => console.log(`# stopDebugging: ${e}`));
      await waitFor('session end', () => terminated, 10000).catch(() => undefined);
    }
    onEnd.dispose();
    tracker.dispose();
  }
  return seen;
}
const outputText = (seen) => seen.filter((m) => m.type === 'event' && m.event === 'output').map((m) => m.body.output).join('');

module.exports = { vscode, assert, path, EXTENSION_ID, tests, test, sleep, waitFor, folder, modulesList, debugSession, outputText };
