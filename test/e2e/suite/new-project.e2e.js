// "Fiasco: New Project from Example" in a real VS Code: the command creates a standalone project folder.
'use strict';
const { vscode, assert, path, test } = require('./harness');
const fs = require('node:fs');
const os = require('node:os');

test('New Project from Example creates a folder with the lecture program, its boot list and its sources', async () => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-e2e-new-'));
  const dest = path.join(parent, 'counter-race');
  try {
    const made = await vscode.commands.executeCommand('fiasco.newProjectFromExample', 'lecture/counter-race', dest, { open: false });
    assert.strictEqual(made, dest);
    for (const f of ['conf/modules.lst', 'conf/Makeconf.boot', 'bin/counter-race', 'pkg/counter-race/server/src/main.c']) {
      assert.ok(fs.existsSync(path.join(dest, f)), `${f} missing in ${dest}`);
    }
    const list = fs.readFileSync(path.join(dest, 'conf', 'modules.lst'), 'utf8');
    assert.deepStrictEqual([...list.matchAll(/^entry\s+(\S+)/gm)].map((m) => m[1]), ['counter-race']);
    // A second time into the same folder: refused, nothing overwritten.
    const again = await vscode.commands.executeCommand('fiasco.newProjectFromExample', 'lecture/counter-race', dest, { open: false });
    assert.strictEqual(again, undefined);
  } finally {
    fs.rmSync(parent, { recursive: true, force: true });
  }
});
