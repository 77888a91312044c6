// The mapping database against a model of its meaning: random sequences of map, grant, unmap and task
// deletion, after each of which every node's parent and descendants must be what a plain child → parent
// table says. The database keeps nodes per task for speed; the model has nothing but the table.
import * as assert from 'assert';
import fc from 'fast-check';
import { MappingDb, MappingSpace } from '../../emulator/kernel/mapping-db';

type Op =
  | { op: 'record' | 'move'; space: MappingSpace; fromTask: number; from: number; toTask: number; to: number }
  | { op: 'forget'; space: MappingSpace; task: number; index: number }
  | { op: 'forgetTask'; task: number };

const key = (space: MappingSpace, task: number, index: number): string => `${space}:${task}:${index}`;

/** child → parent, nothing else. */
class Model {
  readonly parent = new Map<string, string>();

  apply(o: Op): void {
    if (o.op === 'forgetTask') {
      for (const space of ['cap', 'mem'] as const) for (let i = 0; i < 4; i++) this.forget(key(space, o.task, i * 0x1000));
      return;
    }
    if (o.op === 'forget') return this.forget(key(o.space, o.task, o.index));
    const from = key(o.space, o.fromTask, o.from);
    const to = key(o.space, o.toTask, o.to);
    if (from === to) return;
    if (o.op === 'record') {
      this.parent.set(to, from);
      return;
    }
    // move: `to` takes `from`'s place (its parent and its children); `from` is no mapping any more.
    const p = this.parent.get(from);
    const kids = [...this.parent].filter(([, v]) => v === from).map(([k]) => k);
    this.forget(from);
    this.parent.delete(to);
    if (p !== undefined) this.parent.set(to, p);
    for (const k of kids) this.parent.set(k, to);
  }

  forget(k: string): void {
    this.parent.delete(k);
    for (const [c, p] of [...this.parent]) if (p === k) this.parent.delete(c);
  }

  descendants(k: string): Set<string> {
    const out = new Set<string>();
    const walk = (n: string): void => {
      for (const [c, p] of this.parent) if (p === n && !out.has(c)) {
        out.add(c);
        walk(c);
      }
    };
    walk(k);
    return out;
  }
}

const space = fc.constantFrom<MappingSpace>('cap', 'mem');
const task = fc.integer({ min: 1, max: 3 });
const index = fc.integer({ min: 0, max: 3 }).map((i) => i * 0x1000);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('record' as const), space, fromTask: task, from: index, toTask: task, to: index }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('move' as const), space, fromTask: task, from: index, toTask: task, to: index }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('forget' as const), space, task, index }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('forgetTask' as const), task }) },
);

/** Whether the model's table has a cycle (a map onto one's own ancestor): the walk order is then undefined. */
function cyclic(m: Model): boolean {
  for (const start of m.parent.keys()) {
    const seen = new Set<string>();
    for (let n: string | undefined = start; n !== undefined; n = m.parent.get(n)) {
      if (seen.has(n)) return true;
      seen.add(n);
    }
  }
  return false;
}

describe('kernel: mapping database', function () {
  this.timeout(60_000);
  it('parents, descendants and derivations match a plain child → parent table after any sequence of map, grant, unmap and task deletion', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const db = new MappingDb();
        const model = new Model();
        for (const o of ops) {
          if (o.op === 'forget') db.forget(o.space, o.task, o.index);
          else if (o.op === 'forgetTask') db.forgetTask(o.task);
          else db[o.op](o.space, o.fromTask, o.from, o.toTask, o.to);
          model.apply(o);
          // Real mappings never form cycles (a page is mapped from where it already is); stop comparing there.
          if (cyclic(model)) return;
          for (const s of ['cap', 'mem'] as const) {
            const derived = db.derivations(s).map((d) => `${key(d.from.space, d.from.taskId, d.from.index)} -> ${key(d.to.space, d.to.taskId, d.to.index)}`).sort();
            const expected = [...model.parent].filter(([c]) => c.startsWith(s)).map(([c, p]) => `${p} -> ${c}`).sort();
            assert.deepStrictEqual(derived, expected, JSON.stringify(ops));
            for (let t = 1; t <= 3; t++) for (let i = 0; i < 4; i++) {
              const k = key(s, t, i * 0x1000);
              const p = db.parentOf(s, t, i * 0x1000);
              assert.strictEqual(p && key(p.space, p.taskId, p.index), model.parent.get(k), `parent of ${k} after ${JSON.stringify(ops)}`);
              const d = new Set(db.descendants(s, t, i * 0x1000).map((n) => key(n.space, n.taskId, n.index)));
              assert.deepStrictEqual(d, model.descendants(k), `descendants of ${k} after ${JSON.stringify(ops)}`);
            }
          }
        }
      }),
      { numRuns: 500, seed: 13 },
    );
  });

  it('descendants come depth first, children in the order they were mapped', () => {
    const db = new MappingDb();
    db.record('mem', 1, 0x1000, 2, 0x1000);
    db.record('mem', 1, 0x1000, 3, 0x5000);
    db.record('mem', 2, 0x1000, 4, 0x2000);
    assert.deepStrictEqual(db.descendants('mem', 1, 0x1000).map((n) => `${n.taskId}:${n.index.toString(16)}`), ['2:1000', '4:2000', '3:5000']);
  });

  it('forgetting a task with many pages mapped leaves the other tasks\' mappings', () => {
    const db = new MappingDb();
    for (let p = 0; p < 1 << 16; p += 1) db.record('mem', 1, p * 4096, 2, p * 4096);
    db.record('mem', 3, 0, 4, 0);
    db.forgetTask(2);
    assert.strictEqual(db.derivations('mem').length, 1);
    assert.deepStrictEqual(db.descendants('mem', 3, 0), [{ space: 'mem', taskId: 4, index: 0 }]);
    assert.deepStrictEqual(db.descendants('mem', 1, 4096), []);
  });

  it('a captured state restores the same derivations and walk order after later changes (time travel)', () => {
    const db = new MappingDb();
    db.record('mem', 1, 0x1000, 2, 0x1000);
    db.record('mem', 1, 0x1000, 3, 0x5000);
    db.record('mem', 2, 0x1000, 4, 0x2000);
    db.record('cap', 1, 7, 2, 9);
    const before = JSON.stringify([db.derivations('mem'), db.derivations('cap'), db.descendants('mem', 1, 0x1000)]);
    const state = db.captureState();
    const revision = db.captureRevision;
    db.forgetTask(2);
    db.record('mem', 3, 0x5000, 4, 0x9000);
    assert.notStrictEqual(db.captureRevision, revision);
    db.restoreState(state, revision);
    assert.strictEqual(JSON.stringify([db.derivations('mem'), db.derivations('cap'), db.descendants('mem', 1, 0x1000)]), before);
    assert.strictEqual(db.captureRevision, revision);
  });

  it('a capture re-serialises only the tasks whose parents changed, and always equals a fresh serialisation', () => {
    const db = new MappingDb();
    for (let p = 0; p < 8; p++) db.record('mem', 1, p << 12, 2, p << 12); // "sigma0" → "moe"
    db.record('mem', 2, 0x1000, 3, 0x5000);
    const first = db.captureState() as Array<[number, number, readonly number[]]>;
    db.record('mem', 2, 0x2000, 3, 0x6000); // a parent of task 2 gains a child; task 1 is unchanged
    const second = db.captureState() as Array<[number, number, readonly number[]]>;
    const listOf = (st: typeof first, task: number): readonly number[] | undefined => st.find((e) => e[1] === task)?.[2];
    assert.strictEqual(listOf(second, 1), listOf(first, 1), "task 1's list is shared, not rebuilt");
    assert.notStrictEqual(listOf(second, 2), listOf(first, 2));
    const fresh = new MappingDb();
    fresh.restoreState(JSON.parse(JSON.stringify(second)), fresh.captureRevision);
    db.forget('mem', 2, 0x1000); // children of task 2's parent go: its list changes again
    fresh.forget('mem', 2, 0x1000);
    assert.deepStrictEqual(db.captureState(), fresh.captureState());
    assert.deepStrictEqual(listOf(db.captureState() as typeof first, 2), [0x2000, 0, 1, 3, 0x6000]);
  });

  // The boot maps all of RAM page by page from sigma0 to moe: captures in between must not rebuild the whole
  // task's list each time, only the 1,024-page chunks whose parents changed.
  it('a capture re-serialises only the chunks (1,024 entries) whose parents changed; hashing sees one list per task', () => {
    const db = new MappingDb();
    const pages = [0, 1, 1024, 2048, 2049]; // three chunks of task 1
    for (const p of pages) db.record('mem', 1, p << 12, 2, p << 12);
    const first = db.captureState() as Array<[number, number, readonly number[]]>;
    assert.deepStrictEqual(first.map((e) => e[1]), [1, 1, 1], 'task 1: one list per chunk with parents');
    db.record('mem', 1, 2049 << 12, 3, 0x7000); // a parent in the third chunk gains a child
    const second = db.captureState() as Array<[number, number, readonly number[]]>;
    assert.strictEqual(second[0][2], first[0][2], 'the first chunk\'s list is shared, not rebuilt');
    assert.strictEqual(second[1][2], first[1][2], 'the second chunk\'s list is shared, not rebuilt');
    assert.notStrictEqual(second[2][2], first[2][2]);
    assert.deepStrictEqual(second[2][2], [2048 << 12, 0, 1, 2, 2048 << 12, 2049 << 12, 0, 2, 2, 2049 << 12, 3, 0x7000]);
    // A restore keeps the lists it was given; the rebuilt tables serialise to exactly them.
    const fresh = new MappingDb();
    fresh.restoreState(second, fresh.captureRevision);
    const again = fresh.captureState() as typeof second;
    assert.deepStrictEqual(again, second);
    again.forEach((e, i) => assert.strictEqual(e[2], second[i][2], `list ${i} is the restored one`));
    fresh.forget('mem', 2, 1024 << 12); // the second chunk's only parent loses its child
    const fromScratch = new MappingDb();
    for (const p of [0, 1, 2048, 2049]) fromScratch.record('mem', 1, p << 12, 2, p << 12);
    fromScratch.record('mem', 1, 2049 << 12, 3, 0x7000);
    assert.deepStrictEqual(fresh.captureState(), fromScratch.captureState());
    // The state hash's form: each task's lists joined, as if there were no chunks, without the nodes' orders.
    const withoutOrders = (list: readonly number[]): number[] => {
      const out: number[] = [];
      for (let i = 0; i < list.length; ) {
        const count = list[i + 2];
        out.push(list[i], count, ...list.slice(i + 3, i + 3 + 2 * count));
        i += 3 + 2 * count;
      }
      return out;
    };
    assert.deepStrictEqual(db.hashState(), [[1, 1, second.flatMap((e) => withoutOrders(e[2]))]]);
  });
});
