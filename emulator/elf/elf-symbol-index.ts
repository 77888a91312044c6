import type { ElfSection, ElfSymbol } from './elf-types';
import { SHN_LORESERVE, SHN_UNDEF } from './elf-constants';

const BIND_RANK: Record<ElfSymbol['bind'], number> = { global: 0, weak: 1, local: 2, other: 3 };

/**
 * Address and name lookup over a symbol table. Sized func/object symbols contain [value, value+size).
 * Hand-written assembly often leaves labels such as `_start` with size 0, so as a fallback an address belongs to
 * the closest zero-size code label below it within the same section.
 */
export class ElfSymbolIndex {
  private readonly sized: ElfSymbol[];
  private readonly labels: ElfSymbol[];
  private readonly names = new Map<string, ElfSymbol>();

  constructor(symbols: ElfSymbol[], private readonly sections: ElfSection[]) {
    const defined = symbols.filter((s) => s.name !== '' && s.sectionIndex !== SHN_UNDEF);
    this.sized = defined.filter((s) => (s.type === 'func' || s.type === 'object') && s.size > 0).sort((a, b) => a.value - b.value);
    this.labels = defined
      .filter((s) => (s.type === 'func' || s.type === 'notype') && s.size === 0 && s.sectionIndex < SHN_LORESERVE)
      .sort((a, b) => a.value - b.value);
    for (const s of defined) {
      const known = this.names.get(s.name);
      if (!known || BIND_RANK[s.bind] < BIND_RANK[known.bind]) this.names.set(s.name, s);
    }
  }

  at(address: number): { symbol: ElfSymbol; offset: number } | undefined {
    const a = address >>> 0;
    // The containing symbol with the highest start wins; among aliases at that start, global names win. The scan
    // back is bounded: a containing symbol far below the address would be a huge object, never a useful answer.
    let best: ElfSymbol | undefined;
    const top = this.lastAtOrBelow(this.sized, a);
    for (let i = top; i >= 0 && i > top - 64; i--) {
      const s = this.sized[i];
      if (best && s.value < best.value) break;
      if (a < s.value + s.size && (!best || BIND_RANK[s.bind] < BIND_RANK[best.bind])) best = s;
    }
    if (best) return { symbol: best, offset: a - best.value };
    const li = this.lastAtOrBelow(this.labels, a);
    if (li >= 0) {
      const label = this.labels[li];
      const sec = this.sections[label.sectionIndex];
      if (sec && sec.addr <= a && a < sec.addr + sec.size) return { symbol: label, offset: a - label.value };
    }
    return undefined;
  }

  byName(name: string): ElfSymbol | undefined {
    return this.names.get(name);
  }

  /** Index of the last symbol whose value is <= address, or -1. */
  private lastAtOrBelow(list: ElfSymbol[], address: number): number {
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid].value <= address) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }
}
