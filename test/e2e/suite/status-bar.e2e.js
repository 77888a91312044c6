// The status bar item of a Fiasco session (extension/status-bar.ts), with the inline and the process adapter:
// while stopped it shows the adapter's thread count and retired instructions; without a session it is hidden.
'use strict';
const { vscode, assert, EXTENSION_ID, test, waitFor, folder, debugSession } = require('./harness');

const grouped = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

for (const mode of ['inline', 'process']) {
  test(`status bar (${mode} adapter): while stopped it shows the adapter's threads and instructions, then hides`, async () => {
    const api = vscode.extensions.getExtension(EXTENSION_ID).exports;
    await vscode.workspace.getConfiguration('fiasco').update('debugAdapter', mode, vscode.ConfigurationTarget.Workspace);
    try {
      assert.strictEqual(api.statusBarText(), undefined, 'hidden before any session');
      await debugSession(
        { type: 'fiasco', request: 'launch', name: `e2e status ${mode}`, modulesList: '${workspaceFolder}/conf/modules.lst', entry: 'hello', stopOnEntry: true },
        async (seen) => {
          await waitFor('the stop at main', () => seen.find((m) => m.event === 'stopped'), 60000);
          const text = await waitFor('the status bar item while stopped', () => /L4 stopped/.test(api.statusBarText() ?? '') && api.statusBarText(), 20000);
          const snap = await vscode.debug.activeDebugSession.customRequest('fiasco/status/get');
          console.log(`ok - status bar: ${text} | adapter: ${JSON.stringify(snap)}`);
          assert.ok(snap.instructions > 0 && snap.threads.total > 0, JSON.stringify(snap));
          assert.ok(text.includes(`${snap.threads.total} thread${snap.threads.total === 1 ? '' : 's'} (${snap.threads.ready} ready, ${snap.threads.blocked} blocked)`), text);
          assert.ok(text.includes(`${grouped(snap.instructions)} instr`), `${text} vs ${snap.instructions}`);
        });
      await waitFor('the item to hide after the session', () => api.statusBarText() === undefined, 10000);
    } finally {
      await vscode.workspace.getConfiguration('fiasco').update('debugAdapter', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
}

test('status bar: the actions command is registered and the setting switches the item off', async () => {
  const all = await vscode.commands.getCommands(true);
  assert.ok(all.includes('fiasco.statusActions'));
  const api = vscode.extensions.getExtension(EXTENSION_ID).exports;
  await vscode.workspace.getConfiguration('fiasco.statusBar').update('enabled', false, vscode.ConfigurationTarget.Workspace);
  try {
    await debugSession(
      { type: 'fiasco', request: 'launch', name: 'e2e status off', modulesList: '${workspaceFolder}/conf/modules.lst', entry: 'hello', stopOnEntry: true },
      async (seen) => {
        await waitFor('the stop at main', () => seen.find((m) => m.event === 'stopped'), 60000);
        await new Promise((r) => setTimeout(r, 1000));
        assert.strictEqual(api.statusBarText(), undefined, 'switched off');
      });
  } finally {
    await vscode.workspace.getConfiguration('fiasco.statusBar').update('enabled', undefined, vscode.ConfigurationTarget.Workspace);
  }
  void folder;
});
