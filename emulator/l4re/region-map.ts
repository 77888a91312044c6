import { PAGE_SIZE } from '../cpu/physical-memory';
import { PROT_W } from '../cpu/address-space';
import { hex32 } from '../util/hex';
import type { Dataspace } from './dataspace';

/** Where a region's contents come from: zeros, or bytes of a file image (zero-filled past `fileSize`). */
export type RegionBacking =
  | { kind: 'anonymous' }
  /** File bytes [fileOffset, fileOffset + fileSize) appear at [vaddr, vaddr + fileSize); the rest reads as zero. */
  | { kind: 'image'; bytes: Uint8Array; fileOffset: number; fileSize: number; vaddr: number }
  /**
   * A dataspace attached at the region's start from `offset` on: its frames are mapped, not copied.
   * `clientCap` is the selector the attaching program named it by (find and detach hand it back).
   */
  | { kind: 'dataspace'; ds: Dataspace; offset: number; clientCap?: number };

export interface Region {
  start: number;
  /** Exclusive, page-aligned. */
  end: number;
  prot: number;
  name: string;
  backing: RegionBacking;
}

/** An address range kept free of ordinary attachments (`l4re_rm_reserve_area`); regions attach into it only on request. */
export interface Area {
  start: number;
  /** Exclusive, page-aligned. */
  end: number;
}

/** A task's virtual memory layout as the region manager (moe's `Rm`) knows it. */
export class RegionMap {
  private readonly regions: Region[] = [];
  private readonly areas: Area[] = [];

  /** Adds a region; start/end are rounded out to pages. Throws on overlap (the caller names the file). */
  attach(region: Region): Region {
    const r = { ...region, start: region.start & ~(PAGE_SIZE - 1), end: roundUp(region.end) };
    for (const o of this.regions) {
      if (r.start < o.end && o.start < r.end) {
        throw new Error(`region ${r.name} ${hex32(r.start)}-${hex32(r.end)} overlaps ${o.name} ${hex32(o.start)}-${hex32(o.end)}`);
      }
    }
    this.regions.push(r);
    this.regions.sort((a, b) => a.start - b.start);
    if (r.backing.kind === 'dataspace') r.backing.ds.attachments++;
    return r;
  }

  /** Removes the region that contains `address`; returns it. */
  detach(address: number): Region | undefined {
    const i = this.regions.findIndex((r) => address >= r.start && address < r.end);
    if (i < 0) return undefined;
    const r = this.regions.splice(i, 1)[0];
    if (r.backing.kind === 'dataspace') {
      r.backing.ds.attachments--;
      r.backing.ds.releaseIfUnused();
    }
    return r;
  }

  /** Removes every region (the task is gone). */
  detachAll(): void {
    while (this.regions.length > 0) this.detach(this.regions[0].start);
  }

  /**
   * True if [start, end) is free of regions and, unless `inArea`, of reserved areas; with `inArea` the range
   * must lie inside one reserved area instead.
   */
  isFree(start: number, end: number, inArea = false): boolean {
    if (this.regions.some((r) => start < r.end && r.start < end)) return false;
    if (inArea) return this.areas.some((a) => a.start <= start && end <= a.end);
    return !this.areas.some((a) => start < a.end && a.start < end);
  }

  /** Reserves [start, end) (page-aligned) if nothing else is there; returns the area or undefined. */
  reserveArea(start: number, end: number): Area | undefined {
    if (!this.isFree(start, end)) return undefined;
    const a = { start, end };
    this.areas.push(a);
    this.areas.sort((x, y) => x.start - y.start);
    return a;
  }

  /** Frees the reserved area that contains `address`; regions attached inside it stay. */
  freeArea(address: number): Area | undefined {
    const i = this.areas.findIndex((a) => address >= a.start && address < a.end);
    return i < 0 ? undefined : this.areas.splice(i, 1)[0];
  }

  listAreas(): readonly Area[] {
    return this.areas;
  }

  find(address: number): Region | undefined {
    return this.regions.find((r) => address >= r.start && address < r.end);
  }

  /** The first region that overlaps [start, end). */
  findOverlapping(start: number, end: number): Region | undefined {
    return this.regions.find((r) => start < r.end && r.start < end);
  }

  /** The first reserved area that overlaps [start, end). */
  findArea(start: number, end: number): Area | undefined {
    return this.areas.find((a) => start < a.end && a.start < end);
  }

  list(): readonly Region[] {
    return this.regions;
  }

  /** Fills a page frame with the region's contents for the page at `pageVa`. */
  static fillPage(region: Region, pageVa: number, frame: Uint8Array): void {
    frame.fill(0);
    const b = region.backing;
    if (b.kind !== 'image') return;
    const from = Math.max(pageVa, b.vaddr);
    const to = Math.min(pageVa + PAGE_SIZE, b.vaddr + b.fileSize);
    if (to <= from) return;
    const src = b.fileOffset + (from - b.vaddr);
    frame.set(b.bytes.subarray(src, src + (to - from)), from - pageVa);
  }
}

function roundUp(a: number): number {
  return Math.ceil(a / PAGE_SIZE) * PAGE_SIZE;
}

export function isWritable(r: Region): boolean {
  return (r.prot & PROT_W) !== 0;
}
