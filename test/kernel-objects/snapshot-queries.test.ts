// The Capability Graph's model on a booted lecture example (capabilities): the snapshot's objects, rights and
// derivations, what a task reaches, what unmapping or deleting a capability takes away, and the dot export.
import * as assert from 'assert';
import * as path from 'path';
import { Machine } from '../../emulator/machine';
import { kernelSnapshot } from '../../debug-adapter/kernel-objects/kernel-snapshot';
import { KernelSnapshot } from '../../debug-adapter/kernel-objects/snapshot-model';
import { derivationChain, reachableFrom, revocationOf } from '../../debug-adapter/kernel-objects/snapshot-queries';
import { snapshotToDot } from '../../debug-adapter/kernel-objects/snapshot-dot';
import { memoryRevocationOf, PAGE, regionsByTaskPair, regionText } from '../../debug-adapter/kernel-objects/memory-derivations';
import { decodeFpage, mapMemory } from '../../emulator/kernel/message-items';
import { FPAGE_TYPE_MEMORY } from '../../emulator/kernel/abi';
import { layoutGraph } from '../../extension/views/capability-graph/graph-layout';

const LECTURE = path.resolve(__dirname, '..', '..', '..', 'examples', 'lecture', 'conf', 'modules.lst');

/** Boots `entry` and runs it until `ready` holds of the kernel's snapshot. */
function bootUntil(entry: string, ready: (s: KernelSnapshot) => boolean): KernelSnapshot {
  const m = Machine.boot({ modulesList: LECTURE, entry });
  for (let i = 0; i < 400; i++) {
    const s = kernelSnapshot(m.kernel, false);
    if (ready(s)) return s;
    m.runSlice(100_000);
  }
  throw new Error(`${entry} never got ready`);
}

const named = (s: KernelSnapshot, name: string) => {
  const o = s.objects.find((x) => x.name === name);
  assert.ok(o, `no object named ${name}: ${s.objects.map((x) => x.label).join(', ')}`);
  return o;
};
const capOf = (s: KernelSnapshot, task: string, object: string) => {
  const c = s.capabilities.find((x) => x.taskId === named(s, task).id && x.objectId === named(s, object).id);
  assert.ok(c, `${task} holds no capability to ${object}`);
  return c;
};

describe('kernel object snapshot (capabilities example)', () => {
  let s: KernelSnapshot;
  before(function () {
    this.timeout(60000);
    // The example's own objects exist once its main thread waits on the gate (sigma0 and moe wait from the start).
    s = bootUntil('capabilities', (x) => x.derivations.length >= 3 && x.objects.some((o) => o.name === 'capabilities:main' && o.state.startsWith('receiving')));
  });

  it('has the objects with their kinds, states and quota', () => {
    assert.strictEqual(named(s, 'service').kind, 'IpcGate');
    assert.match(named(s, 'service').state, /→ capabilities:main/);
    assert.strictEqual(named(s, 'lock').kind, 'Semaphore');
    assert.deepStrictEqual(named(s, 'quota').quota, { used: 0, limit: 64 * 1024 });
    assert.deepStrictEqual(named(s, 'sandbox').threadIds, []);
    const main = named(s, 'capabilities:main');
    assert.strictEqual(main.taskId, named(s, 'capabilities').id);
    // The task's threads: the program's main thread and l4re's, which runs in the program's task.
    const own = s.objects.filter((o) => o.kind === 'Thread' && o.taskId === named(s, 'capabilities').id).map((o) => o.id);
    assert.deepStrictEqual(named(s, 'capabilities').threadIds, own);
    assert.ok(own.includes(main.id));
  });

  it('has one edge per capability with its rights, and the derivations', () => {
    assert.strictEqual(capOf(s, 'capabilities', 'service').rightsText, 'rwsd');
    assert.strictEqual(capOf(s, 'sandbox', 'service').rightsText, 'rw-');
    assert.strictEqual(capOf(s, 'sandbox', 'lock').rightsText, 'r--');
    assert.strictEqual(capOf(s, 'guest', 'service').slot, 4);
    const owner = capOf(s, 'capabilities', 'service').id;
    assert.deepStrictEqual(derivationChain(s, capOf(s, 'guest', 'service').id), [owner, capOf(s, 'sandbox', 'service').id, capOf(s, 'guest', 'service').id]);
    assert.ok(s.derivations.some((d) => d.from === owner && d.to === capOf(s, 'sandbox', 'service').id));
  });

  it('reaches through the gate a task can call into the task that serves it', () => {
    const r = reachableFrom(s, named(s, 'guest').id);
    // guest holds only the gate; its server is capabilities:main, so capabilities' objects are reachable.
    for (const name of ['service', 'capabilities', 'capabilities:main', 'lock', 'quota', 'sandbox']) assert.ok(r.objects.has(named(s, name).id), `guest reaches ${name}`);
    assert.ok(r.capabilities.has(capOf(s, 'capabilities', 'quota').id));
    // sandbox without the gate would reach only itself and the semaphore.
    const noGate: KernelSnapshot = { ...s, capabilities: s.capabilities.filter((c) => c.id !== capOf(s, 'sandbox', 'service').id) };
    const r2 = reachableFrom(noGate, named(s, 'sandbox').id);
    assert.deepStrictEqual([...r2.objects].sort((a, b) => a - b), [named(s, 'lock').id, named(s, 'sandbox').id].sort((a, b) => a - b));
  });

  it('tells what an unmap or a delete of a capability would revoke', () => {
    const owner = capOf(s, 'capabilities', 'service');
    const r = revocationOf(s, owner.id);
    assert.deepStrictEqual(r.unmap, [owner.id]);
    assert.deepStrictEqual(r.derivedStay, [capOf(s, 'sandbox', 'service').id, capOf(s, 'guest', 'service').id]);
    assert.deepStrictEqual(r.deleteObject, [owner.id, capOf(s, 'sandbox', 'service').id, capOf(s, 'guest', 'service').id].sort());
    // sandbox's copy has no d right: it cannot delete the gate.
    assert.strictEqual(revocationOf(s, capOf(s, 'sandbox', 'service').id).deleteObject, undefined);
    // Deleting a task takes its capability table along.
    const task = revocationOf(s, capOf(s, 'capabilities', 'sandbox').id);
    assert.ok(task.deleteObject!.includes(capOf(s, 'sandbox', 'lock').id));
  });

  it('exports Graphviz dot with clusters, rights and derivation edges', () => {
    const dot = snapshotToDot(s);
    assert.match(dot, /^digraph "capabilities" \{/);
    assert.match(dot, new RegExp(`subgraph cluster_${named(s, 'sandbox').id} \\{`));
    assert.ok(dot.includes(`o${named(s, 'sandbox').id} -> o${named(s, 'service').id} [label="4: rw-"];`), dot);
    assert.ok(dot.includes(`o${named(s, 'sandbox').id} -> o${named(s, 'guest').id} [style=dashed, color=blue, label="mapped 4 → 4 (service)"];`), dot);
    assert.ok(dot.includes(`o${named(s, 'service').id} -> o${named(s, 'capabilities:main').id} [style=dotted, label="bound"];`));
    assert.strictEqual(snapshotToDot(s), dot, 'deterministic');
    // One edge per capability, derivation, bound gate or IRQ, and pair of tasks with pages mapped (sigma0 → moe …).
    const bound = s.objects.filter((o) => o.boundThreadId !== undefined).length;
    assert.strictEqual((dot.match(/ -> /g) ?? []).length, s.capabilities.length + s.derivations.length + bound + regionsByTaskPair(s).length);
  });

  it('lays the graph out deterministically without overlapping boxes', () => {
    const a = layoutGraph(s);
    const b = layoutGraph(JSON.parse(JSON.stringify(s)) as KernelSnapshot);
    assert.deepStrictEqual([...a.boxOf.entries()], [...b.boxOf.entries()]);
    const boxes = [...a.tasks, ...a.objects];
    for (const x of boxes) for (const y of boxes) {
      if (x === y) continue;
      const overlap = x.x < y.x + y.w && y.x < x.x + x.w && x.y < y.y + y.h && y.y < x.y + x.h;
      assert.ok(!overlap, 'boxes overlap');
    }
    assert.strictEqual(a.boxOf.size, s.objects.length, 'every object is drawn');
  });
});

describe('memory derivations and IRQs in the Capability Graph', () => {
  /** A flexpage word: memory, 2^order bytes at `address`, rights (R 4, W 2, X 1). */
  const memFpage = (address: number, order: number, rights: number) => decodeFpage((address | (order << 6) | (FPAGE_TYPE_MEMORY << 4) | rights) >>> 0);

  it('summarises page mappings between tasks per region, and tells what an unmap would revoke', function () {
    this.timeout(60000);
    const m = Machine.boot({ modulesList: LECTURE, entry: 'capabilities' });
    for (let i = 0; i < 400 && !m.kernel.tasks.some((t) => t.name === 'guest'); i++) m.runSlice(100_000);
    const task = (name: string) => m.kernel.tasks.find((t) => t.name === name)!;
    const [owner, sandbox, guest] = [task('capabilities'), task('sandbox'), task('guest')];
    // Four consecutive pages of the owner's own (its first mapped run), read-only, through the kernel's map path.
    const pages = owner.as.mappedPages().map((p) => p.va).sort((a, b) => a - b);
    const run = pages.find((va) => [1, 2, 3].every((k) => pages.includes(va + k * PAGE)))!;
    assert.ok(run !== undefined, 'the owner has four consecutive pages');
    assert.strictEqual(mapMemory(m.kernel, owner, memFpage(run, 14, 4), sandbox, 0x40000000, false), 4);
    // One more page elsewhere: a region of its own; then the sandbox passes two of its pages on to the guest.
    assert.strictEqual(mapMemory(m.kernel, owner, memFpage(run, 12, 4), sandbox, 0x50000000, false), 1);
    assert.strictEqual(mapMemory(m.kernel, sandbox, memFpage(0x40002000, 13, 4), guest, 0x60000000, false), 2);
    const s = kernelSnapshot(m.kernel, false);
    // Only the mappings among the three tasks (sigma0, moe and the example's loader map pages too).
    const ours = new Set([owner.id, sandbox.id, guest.id]);
    const texts = s.memoryDerivations.filter((d) => ours.has(d.fromTaskId) && ours.has(d.toTaskId)).map((d) => `${d.fromTaskId === owner.id ? 'owner' : 'sandbox'} → ${d.toTaskId === sandbox.id ? 'sandbox' : 'guest'}: ${regionText(d)}`);
    const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;
    assert.deepStrictEqual(texts, [
      `owner → sandbox: ${hex(run)}..${hex(run + 4 * PAGE - 1)} → 0x40000000 (4 pages, r--)`,
      `owner → sandbox: ${hex(run)}..${hex(run + PAGE - 1)} → 0x50000000 (1 page, r--)`,
      'sandbox → guest: 0x40002000..0x40003fff → 0x60000000 (2 pages, r--)',
    ].sort((a, b) => (a.startsWith('sandbox') ? 1 : 0) - (b.startsWith('sandbox') ? 1 : 0) || 0));

    // Unmapping the owner's last page takes the sandbox's copy of it and the guest's copy of that.
    const gone = memoryRevocationOf(s, { taskId: owner.id, address: run + 3 * PAGE, pages: 1 }).map((d) => `${d.toTaskId === sandbox.id ? 'sandbox' : 'guest'} ${hex(d.toAddress)} ${d.pages}`);
    assert.deepStrictEqual(gone, ['sandbox 0x40003000 1', 'guest 0x60001000 1']);
    // The first page: both sandbox copies go, the guest keeps its pages (mapped from other pages).
    assert.deepStrictEqual(memoryRevocationOf(s, { taskId: owner.id, address: run, pages: 1 }).map((d) => hex(d.toAddress)).sort(), ['0x40000000', '0x50000000']);

    const dot = snapshotToDot(s);
    assert.ok(dot.includes(`o${owner.id} -> o${sandbox.id} [style=dashed, color=darkgreen, label="pages mapped: 2 regions, 5 pages\\n${hex(run)}..`), dot);
    assert.ok(dot.includes(`o${sandbox.id} -> o${guest.id} [style=dashed, color=darkgreen, label="pages mapped: 1 region, 2 pages\\n0x40002000..0x40003fff → 0x60000000 (2 pages, r--)"];`), dot);
  });

  it('reaches through an IRQ a task can trigger into the task of the thread it is bound to', () => {
    const obj = (id: number, kind: string, extra: Partial<KernelSnapshot['objects'][number]> = {}) => ({ id, kind, name: `${kind}${id}`, label: `${kind}${id}`, state: '', details: [], ...extra });
    const cap = (taskId: number, slot: number, objectId: number) => ({ id: `${taskId}:${slot}`, taskId, slot, objectId, rights: 3, rightsText: 'rw-' });
    const s: KernelSnapshot = {
      clock: 0, running: false, derivations: [], memoryDerivations: [],
      objects: [obj(1, 'Task', { threadIds: [] }), obj(2, 'Task', { threadIds: [3] }), obj(3, 'Thread', { taskId: 2 }), obj(4, 'Irq', { boundThreadId: 3 }), obj(5, 'Semaphore')],
      capabilities: [cap(1, 4, 4), cap(2, 4, 5)],
    };
    const r = reachableFrom(s, 1);
    assert.deepStrictEqual([...r.objects].sort(), [1, 2, 3, 4, 5], 'the IRQ, its thread\'s task and what that task holds');
    assert.ok(r.capabilities.has('2:4'));
  });
});
