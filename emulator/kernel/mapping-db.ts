import { nextCaptureRevision } from '../util/capture-revision';

/**
 * The mapping database: which capability slot or page was mapped from which. It lets unmap reach every
 * mapping derived from a flexpage in other tasks (Fiasco's recursive unmap).
 */
export type MappingSpace = 'cap' | 'mem';

export interface MappingNode {
  space: MappingSpace;
  taskId: number;
  /** Slot number (caps) or page address (memory). */
  index: number;
}

const key = (space: MappingSpace, taskId: number, index: number): string => `${space}:${taskId}:${index >>> 0}`;

function parseKey(k: string): MappingNode {
  const [space, taskId, index] = k.split(':');
  return { space: space as MappingSpace, taskId: Number(taskId), index: Number(index) };
}

interface MappingDbState {
  children: Array<[string, string[]]>;
  parents: Map<string, string>;
}

export class MappingDb {
  private children = new Map<string, Set<string>>();
  private parents = new Map<string, string>();
  /**
   * Time travel captures the database as one copy labelled with this revision (a real boot's sigma0 maps all of
   * RAM: tens of thousands of entries), so captures and restores while it does not change cost nothing.
   */
  captureRevision = nextCaptureRevision();

  private changed(): void {
    this.captureRevision = nextCaptureRevision();
  }

  captureState(): MappingDbState {
    return { children: [...this.children].map(([k, set]) => [k, [...set]]), parents: new Map(this.parents) };
  }

  restoreState(state: unknown, revision: number): void {
    const s = state as MappingDbState;
    this.children = new Map(s.children.map(([k, kids]) => [k, new Set(kids)]));
    this.parents = new Map(s.parents);
    this.captureRevision = revision;
  }

  /** `to` was mapped from `from`. A mapping that already existed at `to` is detached from its old parent. */
  record(space: MappingSpace, fromTask: number, from: number, toTask: number, to: number): void {
    const p = key(space, fromTask, from);
    const c = key(space, toTask, to);
    if (p === c) return;
    this.changed();
    this.detachFromParent(c);
    this.parents.set(c, p);
    let set = this.children.get(p);
    if (!set) this.children.set(p, (set = new Set()));
    set.add(c);
  }

  /** A grant moved the mapping: the node keeps its parent and children under its new place. */
  move(space: MappingSpace, fromTask: number, from: number, toTask: number, to: number): void {
    const old = key(space, fromTask, from);
    const now = key(space, toTask, to);
    this.changed();
    const parent = this.parents.get(old);
    const kids = this.children.get(old);
    this.detachFromParent(old);
    this.children.delete(old);
    if (parent) {
      this.parents.set(now, parent);
      let set = this.children.get(parent);
      if (!set) this.children.set(parent, (set = new Set()));
      set.add(now);
    }
    if (kids) {
      this.children.set(now, kids);
      for (const k of kids) this.parents.set(k, now);
    }
  }

  /** All mappings derived from this one, depth first. */
  descendants(space: MappingSpace, taskId: number, index: number): MappingNode[] {
    const out: MappingNode[] = [];
    const walk = (k: string): void => {
      for (const c of this.children.get(k) ?? []) {
        out.push(parseKey(c));
        walk(c);
      }
    };
    walk(key(space, taskId, index));
    return out;
  }

  /** Every recorded derivation of a space, parent → child, for the views (read-only). */
  derivations(space: MappingSpace): Array<{ from: MappingNode; to: MappingNode }> {
    const out: Array<{ from: MappingNode; to: MappingNode }> = [];
    for (const [child, parent] of this.parents) {
      const to = parseKey(child);
      if (to.space === space) out.push({ from: parseKey(parent), to });
    }
    return out;
  }

  /** The mapping this one was mapped from, if it was mapped (read-only). */
  parentOf(space: MappingSpace, taskId: number, index: number): MappingNode | undefined {
    const p = this.parents.get(key(space, taskId, index));
    return p === undefined ? undefined : parseKey(p);
  }

  /** The mapping is gone: its children are now roots of their own. */
  forget(space: MappingSpace, taskId: number, index: number): void {
    const k = key(space, taskId, index);
    this.changed();
    this.detachFromParent(k);
    for (const c of this.children.get(k) ?? []) this.parents.delete(c);
    this.children.delete(k);
  }

  /** Forgets everything of a task (it was destroyed). */
  forgetTask(taskId: number): void {
    const prefixCap = `cap:${taskId}:`;
    const prefixMem = `mem:${taskId}:`;
    for (const k of [...this.parents.keys(), ...this.children.keys()]) {
      if (k.startsWith(prefixCap) || k.startsWith(prefixMem)) {
        const n = parseKey(k);
        this.forget(n.space, n.taskId, n.index);
      }
    }
  }

  private detachFromParent(k: string): void {
    const p = this.parents.get(k);
    if (p === undefined) return;
    this.parents.delete(k);
    const set = this.children.get(p);
    set?.delete(k);
    if (set && set.size === 0) this.children.delete(p);
  }
}
