// The Capability Graph's model on a booted lecture example (capabilities): the snapshot's objects, rights and
// derivations, what a task reaches, what unmapping or deleting a capability takes away, and the dot export.
import * as assert from 'assert';
import * as path from 'path';
import { Machine } from '../../emulator/machine';
import { kernelSnapshot } from '../../debug-adapter/kernel-objects/kernel-snapshot';
import { KernelSnapshot } from '../../debug-adapter/kernel-objects/snapshot-model';
import { derivationChain, reachableFrom, revocationOf } from '../../debug-adapter/kernel-objects/snapshot-queries';
import { snapshotToDot } from '../../debug-adapter/kernel-objects/snapshot-dot';
import { layoutGraph } from '../../extension/views/capability-graph/graph-layout';

const LECTURE = path.resolve(__dirname, '..', '..', '..', 'examples', 'lecture', 'conf', 'modules.lst');

/** Boots `entry` and runs it until `ready` holds of the kernel's snapshot. */
function bootUntil(entry: string, ready: (s: KernelSnapshot) => boolean): KernelSnapshot {
  const m = Machine.boot({ modulesList: LECTURE, entry });
  for (let i = 0; i < 200; i++) {
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
    s = bootUntil('capabilities', (x) => x.derivations.length >= 3 && x.objects.some((o) => o.kind === 'Thread' && o.state.startsWith('receiving')));
  });

  it('has the objects with their kinds, states and quota', () => {
    assert.strictEqual(named(s, 'service').kind, 'IpcGate');
    assert.match(named(s, 'service').state, /→ capabilities:main/);
    assert.strictEqual(named(s, 'lock').kind, 'Semaphore');
    assert.deepStrictEqual(named(s, 'quota').quota, { used: 0, limit: 64 * 1024 });
    assert.deepStrictEqual(named(s, 'sandbox').threadIds, []);
    const main = named(s, 'capabilities:main');
    assert.strictEqual(main.taskId, named(s, 'capabilities').id);
    assert.deepStrictEqual(named(s, 'capabilities').threadIds, [main.id]);
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
    assert.strictEqual((dot.match(/ -> /g) ?? []).length, s.capabilities.length + s.derivations.length + 1);
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
