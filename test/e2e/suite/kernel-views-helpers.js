// Shared by kernel-objects.e2e.js and capability-graph.e2e.js: a debug session of a lecture example (from the
// extension's own examples/lecture) stopped at a source line, and the extension's kernel-views API.
'use strict';
const { vscode, assert, path, EXTENSION_ID, waitFor, folder, debugSession } = require('./harness');

const lecture = () => path.join(vscode.extensions.getExtension(EXTENSION_ID).extensionPath, 'examples', 'lecture');
const kernelViews = async () => (await vscode.extensions.getExtension(EXTENSION_ID).activate()).kernelViews;

/** Debugs `entry` of the lecture examples until the first stop at the line of `pkg`'s main.c containing `text`. */
async function stoppedAt(entry, pkg, text, whileStopped) {
  const fs = require('node:fs');
  const file = path.join(lecture(), 'pkg', pkg, 'server', 'src', 'main.c');
  const line = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.ok(line >= 0, `${file} has no line with ${text}`);
  const bp = new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(file), new vscode.Position(line, 0)));
  vscode.debug.addBreakpoints([bp]);
  try {
    await debugSession({ type: 'fiasco', request: 'launch', name: `kernel views: ${entry}`, modulesList: path.join(lecture(), 'conf', 'modules.lst'), entry, stopOnEntry: false }, async (seen) => {
      await waitFor(`the stop at ${pkg}/main.c:${line + 1}`, () => seen.some((m) => m.type === 'event' && m.event === 'stopped'), 60000);
      await whileStopped(seen);
    });
  } finally {
    vscode.debug.removeBreakpoints([bp]);
  }
}

module.exports = { lecture, kernelViews, stoppedAt, folder };
