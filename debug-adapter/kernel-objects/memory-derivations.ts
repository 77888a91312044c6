// The memory side of the mapping database for the Capability Graph: page derivations (page of task A mapped from
// page of task B) summarised into regions, and what an unmap of a region would take away. Unlike object
// capabilities, Fiasco's memory unmap is recursive: every page mapped from an unmapped page goes too, transitively.
import type { KernelSnapshot, MemoryDerivation } from './snapshot-model';

export const PAGE = 4096;

/** One recorded page derivation. */
export interface PageDerivation {
  fromTaskId: number;
  fromAddress: number;
  toTaskId: number;
  toAddress: number;
  rightsText: string;
}

/** Merges page derivations into regions: same tasks, same rights, source and receiver pages both consecutive. */
export function summariseRegions(pages: readonly PageDerivation[]): MemoryDerivation[] {
  // Pages of one region share the distance between source and receiving address: sorted by it, they are adjacent
  // (one source page mapped to two places belongs to two regions).
  const shift = (p: { fromAddress: number; toAddress: number }) => p.toAddress - p.fromAddress;
  const sorted = [...pages].sort((a, b) => a.fromTaskId - b.fromTaskId || a.toTaskId - b.toTaskId || shift(a) - shift(b) || a.fromAddress - b.fromAddress);
  const out: MemoryDerivation[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && last.fromTaskId === p.fromTaskId && last.toTaskId === p.toTaskId && last.rightsText === p.rightsText
      && p.fromAddress === last.fromAddress + last.pages * PAGE && p.toAddress === last.toAddress + last.pages * PAGE) {
      last.pages++;
      continue;
    }
    out.push({ fromTaskId: p.fromTaskId, fromAddress: p.fromAddress, toTaskId: p.toTaskId, toAddress: p.toAddress, pages: 1, rightsText: p.rightsText });
  }
  return out.sort((a, b) => a.fromTaskId - b.fromTaskId || a.toTaskId - b.toTaskId || a.fromAddress - b.fromAddress || a.toAddress - b.toAddress);
}

/** A range of pages of one task. */
export interface PageRange {
  taskId: number;
  address: number;
  pages: number;
}

/**
 * The regions an unmap of `range` (in its task, other spaces included) would take away: those mapped from
 * it, and those mapped from them, transitively; each cut to the part that derives from the range.
 */
export function memoryRevocationOf(s: KernelSnapshot, range: PageRange): MemoryDerivation[] {
  const out: MemoryDerivation[] = [];
  const work: PageRange[] = [range];
  const seen = new Set<string>();
  while (work.length) {
    const r = work.shift()!;
    for (const d of s.memoryDerivations) {
      if (d.fromTaskId !== r.taskId) continue;
      const lo = Math.max(d.fromAddress, r.address);
      const hi = Math.min(d.fromAddress + d.pages * PAGE, r.address + r.pages * PAGE);
      if (lo >= hi) continue;
      const part: MemoryDerivation = { ...d, fromAddress: lo, toAddress: d.toAddress + (lo - d.fromAddress), pages: (hi - lo) / PAGE };
      const key = `${part.toTaskId}:${part.toAddress}:${part.pages}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(part);
      work.push({ taskId: part.toTaskId, address: part.toAddress, pages: part.pages });
    }
  }
  return out;
}

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/** `0x08048000..0x0804afff → 0x10000000 (3 pages, r-x)` */
export function regionText(d: MemoryDerivation): string {
  return `${hex(d.fromAddress)}..${hex(d.fromAddress + d.pages * PAGE - 1)} → ${hex(d.toAddress)} (${d.pages} page${d.pages === 1 ? '' : 's'}, ${d.rightsText})`;
}

/** The regions of each (source task, receiving task) pair, pairs in order of first appearance. */
export function regionsByTaskPair(s: KernelSnapshot): Array<{ fromTaskId: number; toTaskId: number; regions: MemoryDerivation[]; pages: number }> {
  const pairs = new Map<string, { fromTaskId: number; toTaskId: number; regions: MemoryDerivation[]; pages: number }>();
  for (const d of s.memoryDerivations) {
    const k = `${d.fromTaskId}>${d.toTaskId}`;
    let p = pairs.get(k);
    if (!p) pairs.set(k, (p = { fromTaskId: d.fromTaskId, toTaskId: d.toTaskId, regions: [], pages: 0 }));
    p.regions.push(d);
    p.pages += d.pages;
  }
  return [...pairs.values()];
}
