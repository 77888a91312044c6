// The Capability Graph webview in a real VS Code: what it drew for a running example (nodes, capability edges
// with rights, the derivation main -> sandbox -> guest) and a task's reach after "Reveal in Capability Graph".
'use strict';
const { vscode, assert, test, waitFor } = require('./harness');
const { kernelViews, stoppedAt } = require('./kernel-views-helpers');

test('Capability Graph draws tasks, objects, rights and derivations, and highlights what a task reaches', async () => {
  const api = await kernelViews();
  await stoppedAt('capabilities', 'capabilities', 'tag = l4_ipc_wait(', async () => {
    await vscode.commands.executeCommand('fiasco.capabilityGraph.focus');
    const g = await waitFor('the graph of the capabilities example', async () => {
      await api.refreshKernelViews();
      const r = api.capabilityGraphRendered();
      return r && r.nodes.includes('guest') ? r : undefined;
    }, 30000);
    console.log(`ok - graph: ${g.nodes.length} nodes, ${g.edges.length} edges, derivations ${JSON.stringify(g.derivations)}`);
    for (const n of ['sigma0', 'moe', 'capabilities', 'capabilities:main', 'capabilities:#capabilities', 'sandbox', 'guest', 'service', 'lock', 'quota']) assert.ok(g.nodes.includes(n), `node ${n} in ${g.nodes}`);
    for (const e of ['sandbox → service [rw-]', 'sandbox → lock [r--]', 'guest → service [rw-]', 'capabilities → service [rwsd]']) assert.ok(g.edges.includes(e), `edge ${e} in ${g.edges}`);
    // The example's own derivations; every other one is moe's loader giving the example its environment
    // (its task and l4re's thread, the log, the scheduler, the factory, moe's objects).
    const own = g.derivations.filter((d) => !d.startsWith('moe → capabilities ('));
    assert.deepStrictEqual(own.sort(), ['capabilities → sandbox (lock)', 'capabilities → sandbox (service)', 'sandbox → guest (service)']);
    for (const d of ['capabilities', 'capabilities:#capabilities', 'log', 'scheduler', 'root factory']) assert.ok(g.derivations.includes(`moe → capabilities (${d})`), `derivation moe → capabilities (${d}) in ${g.derivations}`);

    const snapshot = await vscode.debug.activeDebugSession.customRequest('fiasco/kernelObjects/snapshot');
    const guest = snapshot.objects.find((o) => o.name === 'guest');
    await vscode.commands.executeCommand('fiasco.kernelObjects.revealInGraph', { type: 'object', object: guest });
    // The render after the selection (a live refresh may render once more before it).
    const sel = await waitFor('guest selected in the graph', () => {
      const r = api.capabilityGraphRendered();
      return r && r.selected === 'task guest' ? r : undefined;
    }, 15000);
    // guest holds only the gate; through its server (capabilities:main) it reaches what capabilities holds.
    for (const n of ['service', 'capabilities', 'capabilities:main', 'lock', 'quota', 'sandbox']) assert.ok(sel.highlighted.includes(n), `guest reaches ${n}: ${sel.highlighted}`);
  });
});
