import { PhysicalMemory, PAGE_SIZE } from './physical-memory';
import { DataWatch, DataWatchSet, WatchKind } from './data-watches';
import { PageIndex } from './page-index';

export const PROT_R = 1, PROT_W = 2, PROT_X = 4;

/**
 * Page-table entry bits (low 12 bits of an entry; the high bits are the frame address).
 * PTE_R is set for every accessible page (on IA-32 write and execute imply read).
 */
export const PTE_R = 1, PTE_W = 2, PTE_X = 4, PTE_PRESENT = 8;
/**
 * A watched page: PTE_R and/or PTE_W are cleared so that the CPU's fast paths take the slow path, which
 * checks the watch ranges; the page's real R/W/X bits are kept at PTE_SAVED_SHIFT.
 */
export const PTE_WATCH = 16;
const PTE_SAVED_SHIFT = 5;
const PTE_LOW_BITS = 0xff;

/** Page-table entries per written-map chunk (4 KiB of `pt`, time travel's chunk size). */
const PT_CHUNK_SHIFT = 10;
const PT_CHUNKS = (1 << 20) >>> PT_CHUNK_SHIFT;

/**
 * A software MMU: one flat 4 GiB virtual space in 4 KiB pages. `pt` has one entry per virtual page
 * (frame address | PTE_* bits, 0 when unmapped) and is read directly by the CPU's fast paths. Pages with
 * data watchpoints carry PTE_WATCH with some rights hidden (read `pt` through `realEntry` elsewhere).
 */
export class AddressSpace {
  readonly phys: PhysicalMemory;
  readonly pt = new Int32Array(1 << 20);
  /**
   * One byte per 4 KiB chunk of `pt` (1024 entries), set by every write of `pt` and cleared by whoever keeps
   * snapshots (PhysicalMemory.written's counterpart): a capture compares only the marked chunks of a 4 MiB table.
   */
  readonly ptWritten = new Uint8Array(PT_CHUNKS);
  /** False until ptWritten is first cleared: until then an unmarked chunk still holds the table's zero fill. */
  private ptWrittenCleared = false;
  private readonly breakpoints = new Set<number>();
  /** Breakpoints per virtual page number. */
  private readonly breakpointPages = new Map<number, number>();
  /** Number of breakpoints; the run loop only looks them up when non-zero. */
  breakpointCount = 0;
  /**
   * Names this space's breakpoint set: new after every change, never shared with another space (one counter for
   * all), so a block that checked its instructions against a stamp knows the answer still holds when it matches.
   */
  breakpointStamp = AddressSpace.nextBreakpointStamp();
  private static breakpointStamps = 0;
  private static nextBreakpointStamp(): number {
    return ++AddressSpace.breakpointStamps;
  }
  private mapped = 0;
  /** Virtual page numbers with an entry. */
  private readonly vpns = new PageIndex();
  private readonly watches = new DataWatchSet();
  /** Number of data watchpoints; the CPU's slow paths only look them up when non-zero. */
  watchCount = 0;
  /**
   * Called after every write through `write`/`writeU32` (the kernel copying a message into a UTCB, the
   * loader, the debugger), which the CPU's watchpoints do not see. For the debugger; one observer.
   */
  writeObserver: ((va: number, length: number) => void) | undefined = undefined;
  /** Called after every read through `read`/`readU32` (the kernel reading a UTCB, the debugger's views). */
  readObserver: ((va: number, length: number) => void) | undefined = undefined;

  constructor(phys: PhysicalMemory) {
    this.phys = phys;
  }

  map(va: number, pa: number, prot: number): void {
    if (va % PAGE_SIZE !== 0 || pa % PAGE_SIZE !== 0) {
      throw new RangeError(`map: addresses must be page aligned (va 0x${(va >>> 0).toString(16)}, pa 0x${(pa >>> 0).toString(16)})`);
    }
    if (pa < 0 || pa >= this.phys.sizeBytes) throw new RangeError(`map: physical address 0x${pa.toString(16)} is outside RAM`);
    const vpn = (va >>> 12) & 0xfffff;
    const old = this.pt[vpn];
    if (old === 0) {
      this.mapped++;
      this.vpns.add(vpn);
    }
    this.phys.hold(pa);
    if (old !== 0) this.phys.drop(AddressSpace.realEntry(old) & -PAGE_SIZE);
    let bits = PTE_PRESENT;
    if (prot & (PROT_R | PROT_W | PROT_X)) bits |= PTE_R;
    if (prot & PROT_W) bits |= PTE_W;
    if (prot & PROT_X) bits |= PTE_X;
    this.pt[vpn] = this.watchedEntry(vpn, pa | bits);
    this.ptWritten[vpn >>> PT_CHUNK_SHIFT] = 1;
  }

  /**
   * `map` of `pages` consecutive pages (va + i pages → pa + i pages), in one loop over the table: a map item of
   * many pages (sigma0 hands moe its RAM in a few large flexpages). Same effect as mapping page by page.
   */
  mapRange(va: number, pa: number, pages: number, prot: number): void {
    const first = (va >>> 12) & 0xfffff;
    // Watched pages need their marks page by page; a range past 4 GiB wraps page by page too.
    if (pages <= 1 || this.watchCount > 0 || first + pages > 1 << 20 || va % PAGE_SIZE !== 0 || pa % PAGE_SIZE !== 0 || pa < 0 || pa + pages * PAGE_SIZE > this.phys.sizeBytes) {
      for (let i = 0; i < pages; i++) this.map((va + i * PAGE_SIZE) >>> 0, pa + i * PAGE_SIZE, prot);
      return;
    }
    let bits = PTE_PRESENT;
    if (prot & (PROT_R | PROT_W | PROT_X)) bits |= PTE_R;
    if (prot & PROT_W) bits |= PTE_W;
    if (prot & PROT_X) bits |= PTE_X;
    const pt = this.pt, phys = this.phys;
    for (let i = 0; i < pages; i++) {
      const vpn = first + i;
      const frame = pa + i * PAGE_SIZE;
      const old = pt[vpn];
      if (old === 0) this.mapped++;
      // As `map`: the new frame is held before the old one is dropped (the same frame stays referenced).
      phys.hold(frame);
      if (old !== 0) phys.drop(AddressSpace.realEntry(old) & -PAGE_SIZE);
      pt[vpn] = frame | bits;
    }
    this.vpns.addRange(first, pages);
    this.ptWritten.fill(1, first >>> PT_CHUNK_SHIFT, ((first + pages - 1) >>> PT_CHUNK_SHIFT) + 1);
  }

  /** Clears the page-table written map (a snapshot keeper starts a new interval). */
  clearPtWritten(): void {
    this.ptWritten.fill(0);
    this.ptWrittenCleared = true;
  }

  /** The chunks of `pt` written since the space was made (the others are zero), while ptWritten still says so. */
  get ptWrittenSinceCreation(): Uint8Array | undefined {
    return this.ptWrittenCleared ? undefined : this.ptWritten;
  }

  unmap(va: number): void {
    const vpn = (va >>> 12) & 0xfffff;
    const old = this.pt[vpn];
    if (old === 0) return;
    this.mapped--;
    this.vpns.delete(vpn);
    this.pt[vpn] = 0;
    this.ptWritten[vpn >>> PT_CHUNK_SHIFT] = 1;
    this.phys.drop(AddressSpace.realEntry(old) & -PAGE_SIZE);
  }

  lookup(va: number): { pa: number; prot: number } | undefined {
    const e = AddressSpace.realEntry(this.pt[(va >>> 12) & 0xfffff]);
    if (e === 0) return undefined;
    return { pa: e & -PAGE_SIZE, prot: AddressSpace.protOf(e) };
  }

  /** The page-table entry of `va` with a watch marking's hidden rights restored; 0 when unmapped (no object). */
  entryAt(va: number): number {
    return AddressSpace.realEntry(this.pt[(va >>> 12) & 0xfffff]);
  }

  /** The PROT_* rights of a real page-table entry (entryAt). */
  static protOfEntry(e: number): number {
    return AddressSpace.protOf(e);
  }

  /** The mapped pages in address order; costs time in proportion to the pages mapped, not to the space. */
  mappedPages(): Array<{ va: number; pa: number; prot: number }> {
    const out: Array<{ va: number; pa: number; prot: number }> = [];
    for (const vpn of this.vpns.values().sort((a, b) => a - b)) {
      const e = AddressSpace.realEntry(this.pt[vpn]);
      out.push({ va: vpn * PAGE_SIZE, pa: e & -PAGE_SIZE, prot: AddressSpace.protOf(e) });
    }
    return out;
  }

  /** Number of mapped pages. */
  get mappedCount(): number {
    return this.mapped;
  }

  private static protOf(e: number): number {
    // Pages mapped readable report R|X: IA-32 without NX cannot forbid execution.
    let prot = 0;
    if (e & PTE_R) prot |= PROT_R;
    if (e & PTE_W) prot |= PROT_W;
    if (e & PTE_X) prot |= PROT_X;
    return prot;
  }

  /** Physical address of `va` if mapped (any rights), else -1. */
  translate(va: number): number {
    const e = this.pt[(va >>> 12) & 0xfffff];
    if (e === 0) return -1;
    return (e & -PAGE_SIZE) + (va & (PAGE_SIZE - 1));
  }

  private allMapped(va: number, length: number): boolean {
    if (length <= 0) return true;
    const first = va >>> 12;
    const last = ((va + length - 1) >>> 0) >>> 12;
    if (last < first) return false; // wraps past 4 GiB
    for (let p = first; p <= last; p++) if (this.pt[p] === 0) return false;
    return true;
  }

  read(va: number, length: number): Uint8Array | undefined {
    va >>>= 0;
    if (!this.allMapped(va, length)) return undefined;
    if (this.readObserver !== undefined) this.readObserver(va, length);
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const a = va + done;
      const chunk = Math.min(length - done, PAGE_SIZE - (a & (PAGE_SIZE - 1)));
      const pa = this.translate(a);
      out.set(this.phys.bytes.subarray(pa, pa + chunk), done);
      done += chunk;
    }
    return out;
  }

  write(va: number, data: Uint8Array): boolean {
    va >>>= 0;
    if (!this.allMapped(va, data.length)) return false;
    let done = 0;
    while (done < data.length) {
      const a = va + done;
      const chunk = Math.min(data.length - done, PAGE_SIZE - (a & (PAGE_SIZE - 1)));
      const pa = this.translate(a);
      this.phys.bytes.set(data.subarray(done, done + chunk), pa);
      this.phys.frameChanged(pa >>> 12);
      done += chunk;
    }
    if (this.writeObserver !== undefined) this.writeObserver(va, data.length);
    return true;
  }

  /** A little-endian word; undefined when unmapped. Allocation-free when the word is inside one page (the UTCB case). */
  readU32(va: number): number | undefined {
    va >>>= 0;
    if ((va & (PAGE_SIZE - 1)) > PAGE_SIZE - 4) {
      const b = this.read(va, 4);
      return b === undefined ? undefined : (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
    }
    const e = this.pt[va >>> 12];
    if (e === 0) return undefined;
    if (this.readObserver !== undefined) this.readObserver(va, 4);
    return this.phys.view.getUint32((e & -PAGE_SIZE) | (va & (PAGE_SIZE - 1)), true);
  }

  writeU32(va: number, value: number): boolean {
    va >>>= 0;
    if ((va & (PAGE_SIZE - 1)) > PAGE_SIZE - 4) return this.write(va, Uint8Array.of(value, value >>> 8, value >>> 16, value >>> 24));
    const e = this.pt[va >>> 12];
    if (e === 0) return false;
    const pa = (e & -PAGE_SIZE) | (va & (PAGE_SIZE - 1));
    this.phys.view.setUint32(pa, value >>> 0, true);
    this.phys.frameChanged(pa >>> 12);
    if (this.writeObserver !== undefined) this.writeObserver(va, 4);
    return true;
  }

  /**
   * Copies `length` bytes from `srcVa` in this space to `dstVa` in `dst` frame to frame, without an
   * intermediate buffer (the kernel's message copy). Same effect as `dst.write(dstVa, this.read(srcVa, length))`
   * including the observers; false when a source byte is unmapped (nothing copied) or a destination byte is.
   */
  copyTo(dst: AddressSpace, dstVa: number, srcVa: number, length: number): boolean {
    srcVa >>>= 0;
    dstVa >>>= 0;
    if (!this.allMapped(srcVa, length)) return false;
    if (this.readObserver !== undefined) this.readObserver(srcVa, length);
    if (!dst.allMapped(dstVa, length)) return false;
    const from = this.phys.bytes, to = dst.phys.bytes;
    let done = 0;
    while (done < length) {
      const s = srcVa + done, d = dstVa + done;
      const chunk = Math.min(length - done, PAGE_SIZE - (s & (PAGE_SIZE - 1)), PAGE_SIZE - (d & (PAGE_SIZE - 1)));
      const sp = this.translate(s), dp = dst.translate(d);
      if (from === to) to.copyWithin(dp, sp, sp + chunk);
      else to.set(from.subarray(sp, sp + chunk), dp);
      dst.phys.frameChanged(dp >>> 12);
      done += chunk;
    }
    if (dst.writeObserver !== undefined) dst.writeObserver(dstVa, length);
    return true;
  }

  readCString(va: number, max: number): string | undefined {
    const chars: number[] = [];
    for (let i = 0; i < max; i++) {
      const pa = this.translate((va + i) >>> 0);
      if (pa < 0) return undefined;
      const c = this.phys.bytes[pa];
      if (c === 0) break;
      chars.push(c);
    }
    let s = '';
    for (const c of chars) s += String.fromCharCode(c);
    return s;
  }

  addBreakpoint(va: number): void {
    va >>>= 0;
    if (this.breakpoints.has(va)) return;
    this.breakpoints.add(va);
    this.breakpointCount = this.breakpoints.size;
    this.breakpointStamp = AddressSpace.nextBreakpointStamp();
    this.breakpointPages.set(va >>> 12, (this.breakpointPages.get(va >>> 12) ?? 0) + 1);
  }

  removeBreakpoint(va: number): void {
    va >>>= 0;
    if (!this.breakpoints.delete(va)) return;
    this.breakpointCount = this.breakpoints.size;
    this.breakpointStamp = AddressSpace.nextBreakpointStamp();
    const n = (this.breakpointPages.get(va >>> 12) ?? 1) - 1;
    if (n > 0) this.breakpointPages.set(va >>> 12, n);
    else this.breakpointPages.delete(va >>> 12);
  }

  hasBreakpoint(va: number): boolean {
    return this.breakpoints.has(va >>> 0);
  }

  /** Whether any breakpoint lies in virtual page `vpn` (address >>> 12): code elsewhere can run as blocks. */
  pageHasBreakpoint(vpn: number): boolean {
    return this.breakpointPages.has(vpn);
  }

  /**
   * Whether none of block `b`'s instructions starts at a breakpoint: such a block runs whole (compiled too) in a
   * page that has breakpoints elsewhere. The answer is kept on the block until this space's breakpoints change.
   */
  blockFreeOfBreakpoints(b: { starts: number[]; breakpointStamp: number; breakpointFree: boolean }): boolean {
    if (b.breakpointStamp === this.breakpointStamp) return b.breakpointFree;
    let free = true;
    for (const a of b.starts) if (this.breakpoints.has(a)) free = false;
    b.breakpointStamp = this.breakpointStamp;
    return (b.breakpointFree = free);
  }

  clearBreakpoints(): void {
    this.breakpoints.clear();
    this.breakpointPages.clear();
    this.breakpointCount = 0;
    this.breakpointStamp = AddressSpace.nextBreakpointStamp();
  }

  // ---------------------------------------------------------------- data watchpoints

  /**
   * Watches guest accesses of `length` bytes at `va`: a CPU access that overlaps them ends Cpu.run() with
   * StopReason.Watchpoint after the accessing instruction. Returns the handle for removeWatch.
   */
  addWatch(va: number, length: number, kind: WatchKind): DataWatch {
    if (!(length >= 1)) throw new RangeError(`addWatch: length must be at least 1 (got ${length})`);
    const w: DataWatch = { address: va >>> 0, length, kind };
    this.remark(this.watches.add(w));
    return w;
  }

  removeWatch(w: DataWatch): void {
    this.remark(this.watches.remove(w));
  }

  clearWatches(): void {
    this.remark(this.watches.clear());
  }

  watchList(): readonly DataWatch[] {
    return this.watches.list();
  }

  /** The watch (if any) a CPU access of `size` bytes at `va` hits. */
  watchAt(va: number, size: number, write: boolean): DataWatch | undefined {
    return this.watches.match(va, size, write);
  }

  /**
   * Re-encodes every entry for the watches armed now (a restored page table carries the marks of its time).
   * Nothing to do in a space that never had a watch.
   */
  rewatchAll(): void {
    if (this.watchMarks) this.remark(this.vpns.values());
  }

  /** Some page-table entry may carry a watch marking (a watch was armed once): the debugger's, never restored. */
  private watchMarks = false;

  /** Re-encodes the page-table entries of pages whose watches changed. */
  private remark(pages: number[]): void {
    this.watchCount = this.watches.size;
    if (this.watchCount > 0) this.watchMarks = true;
    for (const vpn of pages) {
      const e = this.pt[vpn];
      if (e === 0) continue;
      const now = this.watchedEntry(vpn, AddressSpace.realEntry(e));
      if (now === e) continue;
      this.pt[vpn] = now;
      this.ptWritten[vpn >>> PT_CHUNK_SHIFT] = 1;
    }
  }

  /** The entry to store for page `vpn` whose real entry is `e`: marked when the page has watches. */
  private watchedEntry(vpn: number, e: number): number {
    if (this.watchCount === 0) return e;
    const mode = this.watches.pageMode(vpn);
    if (mode === 0) return e;
    // Reads stay fast on a page with write watches only; writes (and read-modify-write) always trap.
    const hide = mode === 'write' ? PTE_W : PTE_R | PTE_W;
    return (e & ~hide) | PTE_WATCH | ((e & 7) << PTE_SAVED_SHIFT);
  }

  /** A page-table entry with the rights a watch marking hides restored (entries without PTE_WATCH as they are). */
  static realEntry(e: number): number {
    if ((e & PTE_WATCH) === 0) return e;
    return (e & ~PTE_LOW_BITS) | PTE_PRESENT | ((e >>> PTE_SAVED_SHIFT) & 7);
  }
}
