// Large memory nodes in the mapping database: a map item of many pages is one node per aligned block, split in
// halves when a single page of it is mapped on, granted or unmapped. Everything the database answers must be
// what the same maps recorded page by page give, and the kernel's map and unmap paths must leave the same page
// tables and the same state hash as the page-by-page path (which the kernel takes when mapping events are watched).
import * as assert from 'assert';
import fc from 'fast-check';
import { MappingDb } from '../../emulator/kernel/mapping-db';
import { Kernel } from '../../emulator/kernel/kernel';
import { decodeFpage, mapMemory } from '../../emulator/kernel/message-items';
import { unmapFpage } from '../../emulator/kernel/task-object';
import { FPAGE_TYPE_MEMORY } from '../../emulator/kernel/abi';
import type { Task } from '../../emulator/kernel/task';

const PAGE = 4096;
const PAGES = 32;

type Op =
  | { op: 'range'; fromTask: number; from: number; toTask: number; to: number; pages: number }
  | { op: 'record' | 'move'; fromTask: number; from: number; toTask: number; to: number }
  | { op: 'forget'; task: number; index: number }
  | { op: 'forgetTask'; task: number }
  | { op: 'restore' };

/** Applies an op; the page-wise database records a range page by page. */
function apply(db: MappingDb, o: Op, pageWise: boolean): MappingDb {
  switch (o.op) {
    case 'range':
      if (pageWise) for (let i = 0; i < o.pages; i++) db.record('mem', o.fromTask, o.from + i * PAGE, o.toTask, o.to + i * PAGE);
      else db.recordRange(o.fromTask, o.from, o.toTask, o.to, o.pages);
      return db;
    case 'record':
    case 'move':
      db[o.op]('mem', o.fromTask, o.from, o.toTask, o.to);
      return db;
    case 'forget':
      db.forget('mem', o.task, o.index);
      return db;
    case 'forgetTask':
      db.forgetTask(o.task);
      return db;
    case 'restore': {
      // Time travel: a fresh database from a capture (through JSON: snapshots share no objects with it).
      const fresh = new MappingDb();
      fresh.restoreState(JSON.parse(JSON.stringify(db.captureState())), fresh.captureRevision);
      assert.deepStrictEqual(fresh.captureState(), db.captureState());
      return fresh;
    }
  }
}

const task = fc.integer({ min: 1, max: 3 });
const page = fc.integer({ min: 0, max: PAGES - 1 }).map((p) => p * PAGE);
/** A run of pages, aligned like a flexpage or not (mapMemory records runs of consecutive mapped pages). */
const range = fc.record({ fromTask: task, toTask: task, from: fc.integer({ min: 0, max: PAGES - 1 }), to: fc.integer({ min: 0, max: PAGES - 1 }), size: fc.integer({ min: 0, max: 4 }), aligned: fc.boolean() })
  .map(({ fromTask, toTask, from, to, size, aligned }) => {
    let pages = 2 ** size;
    if (aligned) {
      from -= from % pages;
      to -= to % pages;
    } else pages = Math.max(1, pages - 1);
    pages = Math.min(pages, PAGES - from, PAGES - to);
    return { op: 'range' as const, fromTask, from: from * PAGE, toTask, to: to * PAGE, pages };
  });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: range },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('record' as const), fromTask: task, from: page, toTask: task, to: page }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('move' as const), fromTask: task, from: page, toTask: task, to: page }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('forget' as const), task, index: page }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('forgetTask' as const), task }) },
  { weight: 1, arbitrary: fc.constant({ op: 'restore' as const }) },
);

/** Whether a map onto one's own ancestor made a cycle (real mappings never do; the walk order is then undefined). */
function cyclic(db: MappingDb): boolean {
  for (let t = 1; t <= 3; t++) for (let p = 0; p < PAGES; p++) {
    const seen = new Set<string>();
    for (let n = db.parentOf('mem', t, p * PAGE); n; n = db.parentOf('mem', n.taskId, n.index)) {
      const k = `${n.taskId}:${n.index}`;
      if (seen.has(k)) return true;
      seen.add(k);
    }
  }
  return false;
}

describe('kernel: mapping database with large memory nodes', function () {
  this.timeout(120_000);

  it('answers as the same maps recorded page by page, after any sequence of range maps, maps, grants, unmaps, task deletions and restores', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        let ranged = new MappingDb();
        let pageWise = new MappingDb();
        for (const o of ops) {
          ranged = apply(ranged, o, false);
          pageWise = apply(pageWise, o, true);
          if (cyclic(pageWise)) return;
          const at = JSON.stringify(ops);
          assert.deepStrictEqual(ranged.derivations('mem'), pageWise.derivations('mem'), at);
          for (let t = 1; t <= 3; t++) for (let p = 0; p < PAGES; p++) {
            assert.deepStrictEqual(ranged.parentOf('mem', t, p * PAGE), pageWise.parentOf('mem', t, p * PAGE), at);
            // In the same order: unmap revokes in this order.
            assert.deepStrictEqual(ranged.descendants('mem', t, p * PAGE), pageWise.descendants('mem', t, p * PAGE), at);
          }
          assert.deepStrictEqual(ranged.hashState(), pageWise.hashState(), `hash form after ${at}`);
        }
      }),
      { numRuns: 1000, seed: 17 },
    );
  });

  it('keeps a 256-page map as one node per side until a page of it is used on its own', () => {
    const db = new MappingDb();
    db.recordRange(1, 0x100000, 2, 0x100000, 256);
    assert.deepStrictEqual(db.captureState(), [[1, 1, [0x100000, 8, 1, 2, 0x100000]]]);
    db.record('mem', 2, 0x105000, 3, 0x40000000); // one page on to a third task: halves down to that page
    const lists = (db.captureState() as Array<[number, number, number[]]>).filter((e) => e[1] === 1).flatMap((e) => e[2]);
    const parents: Array<[number, number]> = [];
    for (let i = 0; i < lists.length; i += 5) parents.push([lists[i], lists[i + 1]]);
    // 8 halvings: blocks of 128, 64, ..., 1 pages around page 5, and page 5 itself.
    assert.strictEqual(parents.length, 9);
    assert.deepStrictEqual(parents.find((p) => p[0] === 0x105000), [0x105000, 0]);
    assert.deepStrictEqual(db.descendants('mem', 1, 0x105000), [{ space: 'mem', taskId: 2, index: 0x105000 }, { space: 'mem', taskId: 3, index: 0x40000000 }]);
    assert.deepStrictEqual(db.descendants('mem', 1, 0x1ff000), [{ space: 'mem', taskId: 2, index: 0x1ff000 }]);
    // An address inside a page names the page, as for one-page nodes.
    assert.deepStrictEqual(db.descendants('mem', 1, 0x1fe123), [{ space: 'mem', taskId: 2, index: 0x1fe000 }]);
    assert.deepStrictEqual(db.parentOf('mem', 2, 0x1fe123), { space: 'mem', taskId: 1, index: 0x1fe000 });
  });
});

describe('kernel: a large map item through the kernel, against the page-by-page path', () => {
  const MiB = 1 << 20;
  const memFpage = (address: number, order: number, rights: number) => decodeFpage((address | (order << 6) | (FPAGE_TYPE_MEMORY << 4) | rights) >>> 0);

  /** sigma0 (RAM 1:1), moe and a program; `watched`: a mapping listener makes the kernel map page by page. */
  function world(watched: boolean): { k: Kernel; sigma0: Task; moe: Task; app: Task; events: number } {
    const k = new Kernel({ memoryBytes: 16 * MiB, instructionsPerMicrosecond: 100 });
    const w = { k, sigma0: k.createTask('sigma0'), moe: k.createTask('moe'), app: k.createTask('app'), events: 0 };
    w.sigma0.identityMapped = true;
    if (watched) k.events.on('mapping', () => w.events++);
    return w;
  }

  const pagesOf = (t: Task) => t.as.mappedPages();
  /** The hash form with task names for ids (object ids count on across kernels). */
  const namedHash = (k: Kernel): string => {
    const name = (id: number) => k.tasks.find((t) => t.id === id)!.name;
    return JSON.stringify(k.mappings.hashState().map(([code, task, list]) => {
      const out: Array<number | string> = [];
      for (let i = 0; i < list.length; ) {
        const count = list[i + 1];
        out.push(list[i], count);
        for (let c = 0; c < count; c++) out.push(name(list[i + 2 + 2 * c]), list[i + 3 + 2 * c]);
        i += 2 + 2 * count;
      }
      return [code, name(task), out];
    }));
  };

  it('maps 4 MiB, passes part on, reduces rights on part and unmaps a sub-range exactly as page by page; captures restore to equal hashes', () => {
    const run = (watched: boolean) => {
      const w = world(watched);
      const { k, sigma0, moe, app } = w;
      assert.strictEqual(mapMemory(k, sigma0, memFpage(4 * MiB, 22, 7), moe, 4 * MiB, false), 1024);
      assert.strictEqual(mapMemory(k, moe, memFpage(4 * MiB + 64 * 1024, 16, 6), app, 0x40000000, false), 16);
      assert.strictEqual(mapMemory(k, moe, memFpage(4 * MiB + 0x3000, 12, 4), app, 0x50000000, false), 1);
      // No more write access to 8 pages of moe's (and so of the app's copies of them).
      unmapFpage(k, moe, memFpage(4 * MiB + 64 * 1024, 15, 2), false, false);
      // sigma0 takes back 16 KiB in the middle of moe's 4 MiB, with the app's page among them.
      unmapFpage(k, sigma0, memFpage(4 * MiB, 14, 7), false, false);
      const hash = namedHash(k);
      const restored = new (k.mappings.constructor as typeof MappingDb)();
      restored.restoreState(JSON.parse(JSON.stringify(k.mappings.captureState())), restored.captureRevision);
      assert.deepStrictEqual(restored.hashState(), k.mappings.hashState(), 'a restored capture hashes alike');
      const parents = k.mappings.descendants('mem', sigma0.id, 4 * MiB + 0x5000).map((d) => `${k.tasks.find((t) => t.id === d.taskId)!.name} ${d.index.toString(16)}`);
      const tables = [sigma0, moe, app].map((t) => Buffer.from(t.as.pt.buffer).toString('base64'));
      const refs = Array.from({ length: 1024 }, (_, i) => k.phys.references(4 * MiB + i * 4096));
      return { hash, moe: pagesOf(moe), app: pagesOf(app), sigma0: pagesOf(sigma0).length, events: w.events, parents, tables, refs };
    };
    const fast = run(false), pageWise = run(true);
    assert.ok(pageWise.events > 1000, 'the watched kernel reported every page');
    assert.strictEqual(fast.hash, pageWise.hash);
    assert.deepStrictEqual(fast.moe, pageWise.moe);
    assert.deepStrictEqual(fast.app, pageWise.app);
    assert.strictEqual(fast.sigma0, pageWise.sigma0);
    assert.ok(fast.tables.every((t, i) => t === pageWise.tables[i]), 'the same page-table entries');
    assert.deepStrictEqual(fast.refs, pageWise.refs, 'the same frame references');
    assert.deepStrictEqual(fast.parents, pageWise.parents);
    // What the page tables say (the kernel's syscall page and KIP aside): moe lost its first 4 pages, the app its
    // 0x50000000 page; 8 app pages are read-only.
    const moeRam = fast.moe.filter((p) => p.va >= 4 * MiB && p.va < 8 * MiB);
    assert.strictEqual(moeRam.length, 1020);
    assert.strictEqual(moeRam[0].va, 4 * MiB + 0x4000);
    const appPages = fast.app.filter((p) => p.va >= 0x40000000 && p.va < 0x60000000);
    assert.deepStrictEqual(appPages.map((p) => p.va >>> 12), Array.from({ length: 16 }, (_, i) => 0x40000 + i));
    assert.deepStrictEqual(appPages.map((p) => (p.prot & 2 ? 'w' : 'r')).join(''), 'rrrrrrrrwwwwwwww');
    assert.deepStrictEqual(fast.parents, ['moe 405000']);
  });
});
