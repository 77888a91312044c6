// The Kernel Objects tree in a real VS Code: its items on a running example, and a thread item selecting its
// thread in the Call Stack.
'use strict';
const { vscode, assert, test, waitFor } = require('./harness');
const { kernelViews, stoppedAt } = require('./kernel-views-helpers');

test('Kernel Objects lists tasks, threads, the gate with its server, the semaphore and the factory quota', async () => {
  const api = await kernelViews();
  await stoppedAt('capabilities', 'capabilities', 'tag = l4_ipc_wait(', async () => {
    await vscode.commands.executeCommand('fiasco.kernelObjects.focus');
    const labels = await waitFor('the tree items', async () => {
      await api.refreshKernelViews();
      const l = await api.kernelObjectsTreeLabels(3);
      return l.some((x) => x.startsWith('  guest')) ? l : undefined;
    }, 30000);
    console.log(`ok - tree:\n${labels.join('\n')}`);
    // On our user-level servers: sigma0 and moe besides the example's tasks; the example's task runs its main
    // thread and l4re's (#capabilities), its slots are l4re's capability allocator's (the gate at 284); moe
    // serves its objects through 13 gates of its own besides the example's service.
    for (const want of [/^Tasks — 5$/, /^  sigma0 — 1 thread$/, /^  moe — 1 thread$/, /^  capabilities — 2 threads$/, /^    capabilities:main — /,
      /^    capabilities:#capabilities — receiving/, /^    cap 284 — service \(IpcGate\) rwsd$/, /^    cap 285 — lock \(Semaphore\) rwsd$/, /^  sandbox — 0 threads$/,
      /^    cap 4 — service \(IpcGate\) rw-$/, /^    cap 5 — lock \(Semaphore\) r--$/, /^  guest — 0 threads$/, /^IPC Gates — 14$/, /^  service — → capabilities:main$/,
      /^    bound to: capabilities:main — /, /^Semaphores — 1$/, /^  lock — count 0$/, /^Factories — /, /^  quota — 0 B of 64 KiB$/]) {
      assert.ok(labels.some((l) => want.test(l)), `no tree item ${want} in\n${labels.join('\n')}`);
    }
  });
});

test('clicking a thread in Kernel Objects selects it in the Call Stack', async () => {
  const api = await kernelViews();
  await stoppedAt('counter-race', 'counter-race', 'counter = counter + 1;', async () => {
    const stoppedOn = await waitFor('a focused thread', () => vscode.debug.activeStackItem, 30000);
    await vscode.commands.executeCommand('fiasco.kernelObjects.focus');
    await api.refreshKernelViews();
    const labels = await api.kernelObjectsTreeLabels(3);
    assert.ok(labels.some((l) => /^    counter-race:main — /.test(l)), labels.join('\n'));
    const threads = (await vscode.debug.activeDebugSession.customRequest('fiasco/kernelObjects/snapshot')).objects.filter((o) => o.kind === 'Thread');
    const main = threads.find((t) => t.name === 'counter-race:main');
    assert.ok(main && main.id !== stoppedOn.threadId, `stopped on ${stoppedOn.threadId}, main is ${main && main.id}`);
    // What the tree item's command does (the item carries the thread's node).
    await vscode.commands.executeCommand('fiasco.kernelObjects.focusThread', { type: 'object', object: main });
    const now = await waitFor('the Call Stack on main', () => vscode.debug.activeStackItem && vscode.debug.activeStackItem.threadId === main.id && vscode.debug.activeStackItem, 15000);
    console.log(`ok - Call Stack focus moved from thread ${stoppedOn.threadId} to ${now.threadId} (${main.name})`);
  });
});
