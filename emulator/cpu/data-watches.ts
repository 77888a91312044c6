// Data watchpoints of one address space: exact (address, length, kind) ranges, indexed by virtual page so
// that the CPU's slow memory path finds the ranges of a page without scanning all of them. The page table
// marks watched pages (see AddressSpace.watchedEntry) so that only accesses to those pages leave the fast
// paths; accesses through AddressSpace.read/write (the kernel, the debugger) are never watched.

/** What a watchpoint reacts to: 'access' is read or write (x86 debug registers' RW=11). */
export type WatchKind = 'read' | 'write' | 'access';

export interface DataWatch {
  readonly address: number;
  readonly length: number;
  readonly kind: WatchKind;
}

/** What the CPU saw: the access (not the watch) that hit, with the value read or written. */
export interface WatchHit {
  /** Linear address and size of the access (the whole operand, e.g. 4 for a 32-bit push). */
  address: number;
  length: number;
  kind: 'read' | 'write';
  /** The value read or written (unsigned; for accesses wider than 4 bytes, the 4-byte part that hit). */
  value: number;
  /** The watch that matched. */
  watch: DataWatch;
}

export class DataWatchSet {
  private readonly all: DataWatch[] = [];
  /** Watches touching each virtual page number. */
  private readonly byPage = new Map<number, DataWatch[]>();

  get size(): number {
    return this.all.length;
  }

  list(): readonly DataWatch[] {
    return this.all;
  }

  /** Adds a watch; returns the virtual page numbers whose marking may have changed. */
  add(w: DataWatch): number[] {
    this.all.push(w);
    const pages = DataWatchSet.pagesOf(w);
    for (const p of pages) {
      const l = this.byPage.get(p);
      if (l) l.push(w);
      else this.byPage.set(p, [w]);
    }
    return pages;
  }

  remove(w: DataWatch): number[] {
    const k = this.all.indexOf(w);
    if (k < 0) return [];
    this.all.splice(k, 1);
    const pages = DataWatchSet.pagesOf(w);
    for (const p of pages) {
      const l = this.byPage.get(p);
      if (!l) continue;
      const j = l.indexOf(w);
      if (j >= 0) l.splice(j, 1);
      if (l.length === 0) this.byPage.delete(p);
    }
    return pages;
  }

  clear(): number[] {
    const pages = [...this.byPage.keys()];
    this.all.length = 0;
    this.byPage.clear();
    return pages;
  }

  /** How page `vpn` must be marked: 0 not watched, 'write' only writes trap, 'any' reads and writes trap. */
  pageMode(vpn: number): 0 | 'write' | 'any' {
    const l = this.byPage.get(vpn);
    if (!l) return 0;
    return l.some((w) => w.kind !== 'write') ? 'any' : 'write';
  }

  /** The first watch that an access of `size` bytes at `va` (a read or a write) hits. */
  match(va: number, size: number, write: boolean): DataWatch | undefined {
    va >>>= 0;
    const end = va + size;
    const first = va >>> 12, last = ((end - 1) >>> 0) >>> 12;
    for (let p = first; ; p = (p + 1) & 0xfffff) {
      const l = this.byPage.get(p);
      if (l) {
        for (const w of l) {
          if (w.kind === (write ? 'read' : 'write')) continue;
          if (va < w.address + w.length && w.address < end) return w;
        }
      }
      if (p === last) break;
    }
    return undefined;
  }

  private static pagesOf(w: DataWatch): number[] {
    const out: number[] = [];
    if (w.length <= 0) return out;
    const first = (w.address >>> 0) >>> 12;
    const last = ((w.address + w.length - 1) >>> 0) >>> 12;
    for (let p = first; ; p = (p + 1) & 0xfffff) {
      out.push(p);
      if (p === last) break;
    }
    return out;
  }
}
