/**
 * The mapping database: which capability slot or page was mapped from which. It lets unmap reach every
 * mapping derived from a flexpage in other tasks (Fiasco's recursive unmap).
 *
 * One node per mapping that has a parent or children, kept per space and task: a boot maps every RAM page
 * once or twice (sigma0 → moe → programs), so nodes are plain objects in a two-level table per task (page
 * or slot number → node, like a page table), never string keys, and a dying task's nodes are found without
 * scanning the others'.
 *
 * A memory node may cover 2^order pages, aligned to its size, stored at its first page (sigma0 maps moe its
 * RAM as a few dozen large flexpages: a node per flexpage, not per page). A node's parent and children cover
 * as many pages as it does, page i deriving from page i. An operation on one page (map onto it or from it
 * with a page-sized item, grant, unmap) first splits the node's whole derivation tree in halves until the
 * page has a node of its own; queries (descendants, parents, derivations, the hash form) read pages
 * through the large nodes without splitting.
 */
export type MappingSpace = 'cap' | 'mem';

export interface MappingNode {
  space: MappingSpace;
  taskId: number;
  /** Slot number (caps) or page address (memory). */
  index: number;
}

interface Node extends MappingNode {
  /** The node covers 2^order pages (memory) from `index`; capability nodes are always one slot (0). */
  order: number;
  parent?: Node;
  /** In the order the derivations were made (unmap walks them so); an array: most pages have one child. */
  children?: Node[];
}

import { nextCaptureRevision } from '../util/capture-revision';

/**
 * A captured database: per parent, its children in order (replayed, it rebuilds the same walk order), as flat
 * lists of numbers, one per space, task and chunk of 1,024 entries: [space (0 cap, 1 mem), task, list], the list
 * holding per parent its index, order (its children's too), child count, then task and index of each child. The
 * hash form (hashState) lists every page of a large node as a parent of its own, without orders, so a state
 * hashes alike however its nodes were split. A boot maps all of RAM twice
 * (tens of thousands of parents, nearly all in sigma0 and moe): a chunk's list is kept until one of its parents
 * changes, so a capture re-serialises only the chunks changed since the last one.
 */
type MappingDbState = Array<[number, number, readonly number[]]>;
const SPACE_CODES: readonly MappingSpace[] = ['cap', 'mem'];

const view = (n: Node, offset = 0): MappingNode => ({ space: n.space, taskId: n.taskId, index: (n.index + offset) >>> 0 });

/** Index units per page: memory nodes are indexed by address, capability nodes by slot. */
const unitOf = (space: MappingSpace): number => (space === 'mem' ? 4096 : 1);

/** How far the page of `index` lies into node `n`, in index units (a page's own address, not the byte's). */
const pageOffset = (n: Node, index: number): number => (n.space === 'mem' ? ((index >>> 12) - (n.index >>> 12)) * 4096 : 0);

/** Page numbers (memory) and slot numbers (capabilities) are below 2^20: 1024 chunks of 1024 entries. */
const CHUNK_BITS = 10;
const CHUNK = 1 << CHUNK_BITS;

/** One task's nodes of one space, by page or slot number. */
class TaskNodes {
  private readonly chunks: Array<Array<Node | undefined> | undefined> = [];
  /**
   * Per chunk, the captured list of its parents (MappingDbState), until a parent in it changes: the boot's
   * page-by-page map changes sigma0's and moe's parents all over, and a capture in between then rebuilds only
   * the chunks changed since the last one, not the task's tens of thousands of parents.
   */
  private readonly captured: Array<readonly number[] | undefined> = [];

  /** The largest order of a node ever stored here: a containing-node lookup probes that many aligned slots. */
  private maxOrder = 0;

  constructor(private readonly space: MappingSpace) {}

  /** The node whose pages include `index`, if any (a node is stored at its first page, aligned to its size). */
  containing(index: number): Node | undefined {
    const k = this.slot(index);
    for (let o = 0; o <= this.maxOrder; o++) {
      const s = k & ~((1 << o) - 1);
      const n = this.chunks[s >>> CHUNK_BITS]?.[s & (CHUNK - 1)];
      if (n !== undefined && n.order >= o) return n;
      // A smaller node there ends before k; look at the next larger alignment.
    }
    return undefined;
  }

  /** The first slot in [from, to) where a node starts, or -1 (empty chunks are skipped whole). */
  nextStart(fromSlot: number, toSlot: number): number {
    for (let k = fromSlot; k < toSlot; ) {
      const chunk = this.chunks[k >>> CHUNK_BITS];
      if (!chunk) {
        k = ((k >>> CHUNK_BITS) + 1) << CHUNK_BITS;
        continue;
      }
      const end = Math.min(toSlot, ((k >>> CHUNK_BITS) + 1) << CHUNK_BITS);
      for (; k < end; k++) if (chunk[k & (CHUNK - 1)] !== undefined) return k;
    }
    return -1;
  }

  /** Whether no node covers any slot of [fromSlot, toSlot). */
  emptyRange(fromSlot: number, toSlot: number): boolean {
    return this.containing(this.space === 'mem' ? fromSlot * 4096 : fromSlot) === undefined && this.nextStart(fromSlot, toSlot) < 0;
  }

  /** Pages are numbered by their frame in the task's space; slots by themselves. */
  private slot(index: number): number {
    return this.space === 'mem' ? index >>> 12 : index;
  }

  get(index: number): Node | undefined {
    const k = this.slot(index);
    return this.chunks[k >>> CHUNK_BITS]?.[k & (CHUNK - 1)];
  }

  set(index: number, n: Node): void {
    if (n.order > this.maxOrder) this.maxOrder = n.order;
    const k = this.slot(index);
    const c = k >>> CHUNK_BITS;
    (this.chunks[c] ??= new Array<Node | undefined>(CHUNK).fill(undefined))[k & (CHUNK - 1)] = n;
    this.captured[c] = undefined;
  }

  delete(index: number): void {
    const k = this.slot(index);
    const chunk = this.chunks[k >>> CHUNK_BITS];
    if (chunk) chunk[k & (CHUNK - 1)] = undefined;
    this.captured[k >>> CHUNK_BITS] = undefined;
  }

  /** The parent at `index` changed its children: its chunk's captured list no longer holds. */
  childrenChanged(index: number): void {
    this.captured[this.slot(index) >>> CHUNK_BITS] = undefined;
  }

  /** The captured lists of the chunks that have parents, by ascending index (one list per chunk). */
  capturedLists(): Array<readonly number[]> {
    const out: Array<readonly number[]> = [];
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c];
      if (!chunk) continue;
      let list = this.captured[c];
      if (list === undefined) {
        const l: number[] = [];
        for (let i = 0; i < chunk.length; i++) {
          const kids = chunk[i]?.children;
          if (!kids) continue;
          l.push((chunk[i] as Node).index, (chunk[i] as Node).order, kids.length);
          for (let k = 0; k < kids.length; k++) l.push(kids[k].taskId, kids[k].index);
        }
        this.captured[c] = list = l;
      }
      if (list.length > 0) out.push(list);
    }
    return out;
  }

  /** A restore rebuilt this chunk's parents from `list` (its first entry is one of them): it serialises to it. */
  restoredList(list: readonly number[]): void {
    this.captured[this.slot(list[0]) >>> CHUNK_BITS] = list;
  }

  /** Calls `f` for every node, by ascending index (a plain loop: captures walk tens of thousands). */
  forEach(f: (n: Node) => void): void {
    const chunks = this.chunks;
    for (let c = 0; c < chunks.length; c++) {
      const chunk = chunks[c];
      if (!chunk) continue;
      for (let i = 0; i < chunk.length; i++) {
        const n = chunk[i];
        if (n) f(n);
      }
    }
  }

  /** Every node, by ascending index. */
  *values(): IterableIterator<Node> {
    for (const chunk of this.chunks) {
      if (!chunk) continue;
      for (const n of chunk) if (n) yield n;
    }
  }
}

export class MappingDb {
  /** space → task id → index → node. */
  private spaces = MappingDb.emptySpaces();
  /**
   * Time travel captures the database as one copy labelled with this revision (a boot maps all of RAM: tens of
   * thousands of nodes), so captures and restores while it does not change cost nothing.
   */
  captureRevision = nextCaptureRevision();

  private static emptySpaces(): Map<MappingSpace, Map<number, TaskNodes>> {
    return new Map<MappingSpace, Map<number, TaskNodes>>([['cap', new Map()], ['mem', new Map()]]);
  }

  private changed(): void {
    this.captureRevision = nextCaptureRevision();
  }

  /** Canonical: spaces in a fixed order, tasks by id, nodes by index, children in derivation order. */
  captureState(): MappingDbState {
    const out: MappingDbState = [];
    for (const [space, tasks] of this.spaces) {
      const code = SPACE_CODES.indexOf(space);
      for (const [task, nodes] of [...tasks].sort((x, y) => x[0] - y[0])) {
        for (const list of nodes.capturedLists()) out.push([code, task, list]);
      }
    }
    return out;
  }

  /**
   * The form state hashes are computed from: per space and task (by id) one list, per parent page ascending its
   * index, child count, then task and index of each child, a large node listed page by page. Equal mappings
   * hash alike whatever the chunking and however large nodes were split.
   */
  hashState(): MappingDbState {
    const out: MappingDbState = [];
    for (const [space, tasks] of this.spaces) {
      const code = SPACE_CODES.indexOf(space);
      const unit = unitOf(space);
      for (const [task, nodes] of [...tasks].sort((x, y) => x[0] - y[0])) {
        const list: number[] = [];
        nodes.forEach((n) => {
          const kids = n.children;
          if (!kids) return;
          for (let i = 0, pages = 2 ** n.order; i < pages; i++) {
            const off = i * unit;
            list.push((n.index + off) >>> 0, kids.length);
            for (let k = 0; k < kids.length; k++) list.push(kids[k].taskId, (kids[k].index + off) >>> 0);
          }
        });
        if (list.length > 0) out.push([code, task, list]);
      }
    }
    return out;
  }

  restoreState(state: unknown, revision: number): void {
    this.spaces = MappingDb.emptySpaces();
    for (const [code, task, list] of state as MappingDbState) {
      const space = SPACE_CODES[code];
      for (let i = 0; i < list.length; ) {
        const order = list[i + 1];
        const parent = this.exactNode(space, task, list[i], order);
        const count = list[i + 2];
        i += 3;
        for (let k = 0; k < count; k++, i += 2) this.attach(parent, this.exactNode(space, list[i], list[i + 1], order));
      }
    }
    // The rebuilt tables serialise to exactly these lists (same parents, ascending, children in order).
    for (const [code, task, list] of state as MappingDbState) this.spaces.get(SPACE_CODES[code])!.get(task)!.restoredList(list);
    this.captureRevision = revision;
  }

  /** The node of `order` at `index` (a restore's), made if missing. */
  private exactNode(space: MappingSpace, taskId: number, index: number, order: number): Node {
    const nodes = this.taskNodes(space, taskId);
    let n = nodes.get(index);
    if (!n) nodes.set(index, (n = { space, taskId, index, order, parent: undefined, children: undefined }));
    return n;
  }

  private taskNodes(space: MappingSpace, taskId: number): TaskNodes {
    const tasks = this.spaces.get(space)!;
    let nodes = tasks.get(taskId);
    if (!nodes) tasks.set(taskId, (nodes = new TaskNodes(space)));
    return nodes;
  }

  /**
   * `pages` consecutive memory pages from `from` in one task were mapped to `to` (one map item): as `record`
   * page by page, but one node per aligned block of the range. Falls back to pages when the destination
   * already holds mappings (their replacement and the children they keep are the page-wise rules).
   */
  recordRange(fromTask: number, from: number, toTask: number, to: number, pages: number): void {
    from >>>= 0;
    to >>>= 0;
    if (fromTask === toTask && from === to) return;
    const fromSlot = from >>> 12, toSlot = to >>> 12;
    const overlap = fromTask === toTask && fromSlot < toSlot + pages && toSlot < fromSlot + pages;
    const dest = this.spaces.get('mem')!.get(toTask);
    const wraps = fromSlot + pages > 1 << 20 || toSlot + pages > 1 << 20;
    if (pages === 1 || overlap || wraps || (dest && !dest.emptyRange(toSlot, toSlot + pages))) {
      for (let i = 0; i < pages; i++) this.record('mem', fromTask, from + i * 4096, toTask, to + i * 4096);
      return;
    }
    this.changed();
    const src = this.taskNodes('mem', fromTask);
    const dst = this.taskNodes('mem', toTask);
    for (let off = 0; off < pages; ) {
      const s = fromSlot + off, d = toSlot + off;
      // The largest block both ends are aligned to that fits in what is left.
      let order = 0;
      while (order < 20 && ((s | d) & ((2 << order) - 1)) === 0 && off + (2 << order) <= pages) order++;
      let p = src.containing(s * 4096);
      if (p) {
        // A larger source node is halved until the block's part of it is a node (it then starts at s).
        while (p.order > order) {
          this.split(p);
          p = src.containing(s * 4096)!;
        }
        order = p.order;
      } else {
        // No source node here: a new one, short of the next node that starts inside the block.
        const next = src.nextStart(s + 1, s + 2 ** order);
        if (next >= 0) while (2 ** order > next - s) order--;
        src.set(s * 4096, (p = { space: 'mem', taskId: fromTask, index: s * 4096, order, parent: undefined, children: undefined }));
      }
      const c: Node = { space: 'mem', taskId: toTask, index: d * 4096, order, parent: undefined, children: undefined };
      dst.set(c.index, c);
      this.attach(p, c);
      off += 2 ** order;
    }
  }

  /**
   * Halves a large node and, with it, every node of its derivation tree (all of one size): each keeps its
   * first half and a new node takes the second, linked as the first halves are.
   */
  private split(n: Node): void {
    let root = n;
    while (root.parent) root = root.parent;
    const order = root.order - 1;
    const half = 2 ** order * unitOf(root.space);
    const splitTree = (x: Node, upperParent: Node | undefined): void => {
      x.order = order;
      const y: Node = { space: x.space, taskId: x.taskId, index: (x.index + half) >>> 0, order, parent: upperParent, children: undefined };
      const nodes = this.taskNodes(x.space, x.taskId);
      nodes.set(y.index, y);
      nodes.childrenChanged(x.index); // x's order is in its chunk's captured list
      if (upperParent) (upperParent.children ??= []).push(y);
      if (x.children) for (const c of x.children) splitTree(c, y);
    };
    splitTree(root, undefined);
  }

  /** `to` was mapped from `from`. A mapping that already existed at `to` is detached from its old parent. */
  record(space: MappingSpace, fromTask: number, from: number, toTask: number, to: number): void {
    this.changed();
    from >>>= 0;
    to >>>= 0;
    if (fromTask === toTask && from === to) return;
    const c = this.node(space, toTask, to, true)!;
    const p = this.node(space, fromTask, from, true)!;
    if (c.parent === p) return;
    // Detaching drops a bare old parent, never `p` (not c's parent): both stay in their maps.
    this.detachFromParent(c);
    this.attach(p, c);
  }

  /** A grant moved the mapping: the node keeps its parent and children under its new place. */
  move(space: MappingSpace, fromTask: number, from: number, toTask: number, to: number): void {
    this.changed();
    from >>>= 0;
    to >>>= 0;
    if (fromTask === toTask && from === to) return;
    const old = this.node(space, fromTask, from, false);
    const parent = old?.parent;
    const kids = old?.children;
    if (old) {
      this.detachFromParent(old);
      this.childrenChanged(old);
      old.children = undefined;
      this.drop(old);
    }
    // What was mapped at `to` is replaced: it no longer derives from its old parent.
    const now = this.node(space, toTask, to, true)!;
    this.detachFromParent(now);
    if (parent) {
      this.keep(parent); // detaching `old` may have dropped it
      this.attach(parent, now);
    }
    if (kids) for (const k of kids) this.attach(now, k);
    this.dropIfBare(now);
  }

  /** All mappings derived from this one, depth first. */
  descendants(space: MappingSpace, taskId: number, index: number): MappingNode[] {
    const out: MappingNode[] = [];
    const start = this.spaces.get(space)!.get(taskId)?.containing(index >>> 0);
    if (!start) return out;
    // The same page of each descendant: as far into its node as `index`'s page is into `start`.
    const offset = pageOffset(start, index >>> 0);
    const walk = (n: Node): void => {
      if (!n.children) return;
      for (const c of n.children) {
        out.push(view(c, offset));
        walk(c);
      }
    };
    walk(start);
    return out;
  }

  /** Every recorded derivation of a space, parent → child, for the views (read-only), by task id, then index. */
  derivations(space: MappingSpace): Array<{ from: MappingNode; to: MappingNode }> {
    const out: Array<{ from: MappingNode; to: MappingNode }> = [];
    const tasks = [...this.spaces.get(space)!].sort((x, y) => x[0] - y[0]);
    const unit = unitOf(space);
    for (const [, nodes] of tasks) {
      for (const n of nodes.values()) {
        if (!n.parent) continue;
        for (let i = 0, pages = 2 ** n.order; i < pages; i++) out.push({ from: view(n.parent, i * unit), to: view(n, i * unit) });
      }
    }
    return out;
  }

  /** The mapping this one was mapped from, if it was mapped (read-only). */
  parentOf(space: MappingSpace, taskId: number, index: number): MappingNode | undefined {
    const n = this.spaces.get(space)!.get(taskId)?.containing(index >>> 0);
    return n?.parent && view(n.parent, pageOffset(n, index >>> 0));
  }

  /** The mapping is gone: its children are now roots of their own. */
  forget(space: MappingSpace, taskId: number, index: number): void {
    this.changed();
    const n = this.node(space, taskId, index >>> 0, false);
    if (n) this.forgetNode(n);
  }

  /** Forgets everything of a task (it was destroyed). */
  forgetTask(taskId: number): void {
    this.changed();
    for (const tasks of this.spaces.values()) {
      const nodes = tasks.get(taskId);
      if (!nodes) continue;
      for (const n of [...nodes.values()]) this.forgetNode(n);
      tasks.delete(taskId);
    }
  }

  private forgetNode(n: Node): void {
    this.detachFromParent(n);
    if (n.children) {
      for (const c of n.children) {
        c.parent = undefined;
        this.dropIfBare(c);
      }
      this.childrenChanged(n);
      n.children = undefined;
    }
    this.drop(n);
  }

  /** The one-page node at `index` (a large node covering it is split down first), made if missing and `create`. */
  private node(space: MappingSpace, taskId: number, index: number, create: boolean): Node | undefined {
    const tasks = this.spaces.get(space)!;
    let nodes = tasks.get(taskId);
    if (!nodes) {
      if (!create) return undefined;
      tasks.set(taskId, (nodes = new TaskNodes(space)));
    }
    let n = nodes.containing(index);
    while (n && n.order > 0) {
      this.split(n);
      n = nodes.containing(index);
    }
    if (!n && create) nodes.set(index, (n = { space, taskId, index, order: 0, parent: undefined, children: undefined }));
    return n;
  }

  /** `child` derives from `parent` (both in their maps). */
  private attach(parent: Node, child: Node): void {
    this.childrenChanged(parent);
    child.parent = parent;
    if (parent.children) parent.children.push(child);
    else parent.children = [child];
  }

  /** Puts a node back into its map (a detach drops nodes left without parent and children). */
  private keep(n: Node): void {
    const tasks = this.spaces.get(n.space)!;
    let nodes = tasks.get(n.taskId);
    if (!nodes) tasks.set(n.taskId, (nodes = new TaskNodes(n.space)));
    if (nodes.get(n.index) !== n) nodes.set(n.index, n);
  }

  private detachFromParent(n: Node): void {
    const p = n.parent;
    if (!p) return;
    n.parent = undefined;
    const kids = p.children;
    this.childrenChanged(p);
    if (kids) {
      const i = kids.indexOf(n);
      if (i >= 0) kids.splice(i, 1);
      if (kids.length === 0) p.children = undefined;
    }
    this.dropIfBare(p);
    // n itself stays: the caller gives it a new parent or drops it.
  }

  /** `n`'s children change: its task's captured list no longer holds. */
  private childrenChanged(n: Node): void {
    this.spaces.get(n.space)!.get(n.taskId)?.childrenChanged(n.index);
  }

  /** A node with neither parent nor children holds nothing. */
  private dropIfBare(n: Node): void {
    if (!n.parent && !n.children) this.drop(n);
  }

  private drop(n: Node): void {
    const nodes = this.spaces.get(n.space)!.get(n.taskId);
    if (nodes?.get(n.index) === n) nodes.delete(n.index);
  }
}
