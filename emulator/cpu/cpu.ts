import { AddressSpace, PTE_R, PTE_W, PTE_WATCH } from './address-space';
import { BasicBlock, BlockFn, buildBlock, compileBlock, tiers } from './basic-block';
import { CodeCache } from './code-cache';
import { Insn } from './decoded-instruction';
import type { WatchHit } from './data-watches';
import { decode } from './decoder';
import { repStringBlockFn } from './rep-string-block';
import { AF, ARITH_FLAGS, CF, FlagOp, IF, OF, PARITY, PF, SF, USER_FLAGS, ZF } from './flags';
import { Fpu } from './fpu-state';
import { SimdState } from './simd-state';

import { Reg, SegReg, SegmentDescriptorLookup, StopReason, Vector } from './cpu-enums';

export { Reg, SegReg, StopReason, Vector };
export type { SegmentDescriptorLookup, WatchHit };

/** Thrown inside the run loop to abandon the current instruction; never escapes `run()`. */
class CpuStop {
  constructor(readonly what: string) {}
}
const FAULT = new CpuStop('fault');

/** r8 index of the byte registers AL CL DL BL AH CH DH BH (little-endian host). */
export const BYTE_REG = new Uint8Array([0, 4, 8, 12, 1, 5, 9, 13]);

const NO_INSNS: Array<Insn | undefined> = [];
const NO_BLOCKS: Array<BasicBlock | undefined> = [];

/**
 * An IA-32 user-mode CPU (flat protected mode, ring 3). Registers live in typed arrays: `regs` is the
 * public unsigned view; handlers use the signed view `r`, whose extra 9th element is always 0 so that
 * effective addresses need no "has base / has index" branches.
 */
export class Cpu {
  private _as!: AddressSpace;
  /** Page table, RAM views and code cache of the current address space (refreshed when `as` changes). */
  pt!: Int32Array;
  mem!: Uint8Array;
  dv!: DataView;
  code!: CodeCache;
  codeMarked!: Uint8Array;
  /** PhysicalMemory.written: every store marks its frame (time travel's snapshots copy only written frames). */
  written!: Uint8Array;

  private readonly regBuffer = new ArrayBuffer(36);
  /** The 8 GPRs in Reg order, unsigned. */
  readonly regs = new Uint32Array(this.regBuffer, 0, 8);
  /** Signed view of the GPRs plus a constant zero at index 8 (used for "no base/index"). */
  readonly r = new Int32Array(this.regBuffer, 0, 9);
  readonly r16 = new Uint16Array(this.regBuffer, 0, 16);
  readonly r8 = new Uint8Array(this.regBuffer, 0, 32);

  eip = 0;
  /** Materialised EFLAGS; the bits in `lazy` are stale and derive from the last operation. */
  flags = 0x202;
  lazy = 0;
  lop: FlagOp = FlagOp.LOGIC;
  la = 0;
  lb = 0;
  lr = 0;
  /** Operand size of the last flag-setting operation in bits (8, 16, 32). */
  lsz = 32;

  readonly sreg = new Uint16Array(6);
  private readonly segBuffer = new ArrayBuffer(24);
  readonly segBase = new Uint32Array(this.segBuffer);
  /** Signed view of segBase for address arithmetic. */
  readonly sb = new Int32Array(this.segBuffer);
  descriptorLookup: SegmentDescriptorLookup | undefined = undefined;
  tsc: () => number = () => 0;
  resumeFrom = -1;
  retired = 0;
  vector = 0;
  errorCode = 0;
  faultAddress = 0;
  /** x87 state. */
  readonly fpu = new Fpu();
  /** MMX/SSE state. */
  readonly simd = new SimdState();
  /** Set by trap(): the run ends after the current instruction with this reason. */
  private trapReason: StopReason = StopReason.Interrupt;
  private trapPending = false;
  /** The access that ended the last run with StopReason.Watchpoint. */
  watchHit: WatchHit | undefined = undefined;
  /** A watched access happened in the current instruction: stop once it completes. */
  private watchPending = false;

  constructor(as: AddressSpace) {
    this.as = as;
    this.sreg[SegReg.CS] = 0x1b;
    this.sreg[SegReg.DS] = this.sreg[SegReg.ES] = this.sreg[SegReg.SS] = 0x23;
  }

  get as(): AddressSpace {
    return this._as;
  }

  set as(as: AddressSpace) {
    const samePhys = this._as !== undefined && this._as.phys === as.phys;
    this._as = as;
    this.pt = as.pt;
    this.mem = as.phys.bytes;
    this.dv = as.phys.view;
    this.written = as.phys.written;
    if (!samePhys) {
      this.code = CodeCache.of(as.phys);
      this.codeMarked = this.code.marked;
    }
  }

  // ---------------------------------------------------------------- run loop

  step(): StopReason {
    return this.run(1);
  }

  run(budget: number): StopReason {
    const pt = this.pt;
    const code = this.code;
    const as = this._as;
    let n = 0;
    let start = this.eip >>> 0;
    let skipBreakpoint = this.resumeFrom;
    this.resumeFrom = -1;
    this.chainBlock = undefined;
    this.trapPending = false;
    this.watchPending = false;
    this.watchHit = undefined;
    let vpage = -1;
    let gen = -1;
    let insns = NO_INSNS;
    let blocks = NO_BLOCKS;
    /** The block being executed, if any: a fault inside it is located through `bk`. */
    let blk: BasicBlock | undefined = undefined;
    try {
      while (n < budget) {
        const eip = this.eip;
        start = eip;
        if ((eip & -4096) !== vpage || code.generation !== gen) {
          // A trap or a watched access bumps the generation, so the check costs nothing on the hot path.
          if (this.trapPending) return this.trapStop(n);
          if (this.watchPending) return this.watchStop(n);
          let e = pt[eip >>> 12];
          if ((e & PTE_R) === 0) {
            e = AddressSpace.realEntry(e); // code in a watched page: fetches are not data accesses
            if ((e & PTE_R) === 0) this.pageFault(eip, e, false, true);
          }
          const page = code.page(e >>> 12);
          insns = page.insns;
          blocks = page.blocks;
          gen = code.generation;
          vpage = eip & -4096;
        }
        // A page with breakpoints still runs whole blocks (compiled too) where no instruction of the block has
        // one (AddressSpace.blockFreeOfBreakpoints); the instruction at a breakpoint runs one checked instruction.
        const checked = as.breakpointCount !== 0 && as.pageHasBreakpoint(eip >>> 12);
        if (Cpu.blocks && (!checked || !as.hasBreakpoint(eip))) {
          let b = blocks[eip & 0xfff];
          // Blocks hold absolute addresses: a frame mapped at another virtual address needs its own block.
          if (b === undefined || b.starts[0] !== eip) {
            b = buildBlock(eip, this.decodeAt);
            if (b !== undefined) b.fn = repStringBlockFn(b);
            if (b !== undefined && code.generation === gen) blocks[eip & 0xfff] = b;
          }
          if (b !== undefined && n + b.insns.length <= budget &&
            (checked ? as.blockFreeOfBreakpoints(b) : as.breakpointCount === 0 || !as.pageHasBreakpoint((b.nexts[b.nexts.length - 1] - 1) >>> 12))) {
            blk = b;
            let fn = b.fn;
            if (fn === undefined && ++b.hits >= tiers.hotThreshold) fn = b.fn = compileBlock(b, code, blocks);
            n += fn !== undefined ? fn(this, checked ? this.blockBudget(b, budget - n) : budget - n) : this.interpretBlock(b);
            // Chained blocks stay in this page; in a page with breakpoints each is checked like this one.
            if (fn !== undefined) n = this.runChain(b, n, budget, gen, vpage, blocks, checked);
            blk = undefined;
            continue;
          }
        }
        if (checked && eip !== skipBreakpoint && as.hasBreakpoint(eip)) {
          this.retired = n;
          return StopReason.Breakpoint;
        } else skipBreakpoint = -1;
        let insn = insns[eip & 0xfff];
        if (insn === undefined) {
          insn = decode(this, eip);
          // Instructions that straddle a page are decoded afresh each time (both frames could change).
          if ((eip & 0xfff) + insn.len <= 4096 && code.generation === gen) insns[eip & 0xfff] = insn;
        }
        this.eip = (eip + insn.len) >>> 0;
        insn.fn(this, insn);
        n++;
      }
    } catch (e) {
      // The faulting or trapping instruction did not complete as a data access: no watch stop.
      this.watchPending = false;
      this.watchHit = undefined;
      if (e === FAULT) {
        if (this.chainBlock !== undefined) {
          // The fault happened in a block runChain went on to.
          blk = this.chainBlock;
          n = this.chainRetired;
          this.chainBlock = undefined;
        }
        if (blk !== undefined) {
          this.eip = blk.bodyStarts[this.bk];
          this.retired = n + this.bk + (blk.loops && blk.fn !== undefined ? this.looped : 0);
        } else {
          this.eip = start;
          this.retired = n;
        }
        return StopReason.Fault;
      }
      throw e;
    }
    if (this.trapPending) return this.trapStop(n);
    if (this.watchPending) return this.watchStop(n);
    this.retired = n;
    return StopReason.Budget;
  }

  /** The trapping instruction completed (EIP after it, counted in n): the kernel takes over. */
  private trapStop(n: number): StopReason {
    this.trapPending = false;
    this.watchPending = false;
    this.watchHit = undefined;
    this.retired = n;
    return this.trapReason;
  }

  /**
   * Block chaining: after compiled block `b`, follows its successor links to further compiled blocks of the same
   * page without the dispatcher's page and cache checks (`checked`: the page has breakpoints, and each block is
   * checked for one; breakpoints cannot change during a run). A link is made the first time a successor is found compiled in the page's block array; links
   * stay inside one page (so they hold for every space that maps the frame there) and are followed only while
   * the code generation is `gen` (a store into code, a watch hit or a trap ends the chain). Returns the new
   * retired count; `blk` tracking for faults goes through `chainBlock`.
   */
  private runChain(b: BasicBlock, n: number, budget: number, gen: number, vpage: number, blocks: Array<BasicBlock | undefined>, checked: boolean): number {
    const code = this.code;
    const as = this._as;
    for (;;) {
      const to = this.eip;
      if (code.generation !== gen || (to & -4096) !== vpage) break;
      let next = to === b.succA ? b.linkA : to === b.succB ? b.linkB : undefined;
      if (next === undefined) {
        next = blocks[to & 0xfff];
        if (next === undefined || next.fn === undefined || next.starts[0] !== to) break;
        b.link(to, next);
      }
      if (n + next.insns.length > budget || (checked && !as.blockFreeOfBreakpoints(next))) break;
      this.chainBlock = next;
      this.chainRetired = n;
      n += (next.fn as BlockFn)(this, checked ? this.blockBudget(next, budget - n) : budget - n);
      b = next;
    }
    this.chainBlock = undefined;
    return n;
  }

  /**
   * The budget compiled block `b` may use in a page with breakpoints (`b` itself has none): a loop function with
   * a breakpoint in one of its other blocks gets just enough to run `b`, and returns before the next block.
   */
  private blockBudget(b: BasicBlock, left: number): number {
    return b.folded === undefined || this._as.blockFreeOfBreakpoints(b.folded) ? left : b.count;
  }

  private watchStop(n: number): StopReason {
    this.watchPending = false;
    this.retired = n;
    return StopReason.Watchpoint;
  }

  /** Basic-block execution (off: one decoded instruction per dispatch), for tier comparisons and diagnosis. */
  static blocks = true;

  /** Index of the executing instruction inside the current block (set before anything that may fault). */
  bk = 0;
  /** Instructions of the finished iterations of a looping compiled block (see BlockFn). */
  looped = 0;
  /** The chained block running inside runChain (undefined outside), and the run's retired count before it. */
  private chainBlock: BasicBlock | undefined = undefined;
  private chainRetired = 0;

  private readonly decodeAt = (va: number): Insn => decode(this, va);

  /** Runs a block that is not compiled yet, one handler call per instruction. */
  private interpretBlock(b: BasicBlock): number {
    const code = this.code;
    const g = code.generation;
    const insns = b.insns, nexts = b.nexts;
    const last = insns.length - 1;
    for (let k = 0; k <= last; k++) {
      const i = insns[k];
      this.bk = k;
      this.eip = nexts[k];
      i.fn(this, i);
      if (k < last && code.generation !== g) return k + 1;
    }
    // Where the block went, for the choice of loops to compile as one function (block-loops.ts).
    b.runs++;
    if (this.eip !== nexts[last]) b.taken++;
    return last + 1;
  }

  // ---------------------------------------------------------------- stops

  fault(vector: number, errorCode = 0): never {
    this.vector = vector;
    this.errorCode = errorCode;
    throw FAULT;
  }

  /**
   * Ends the run after the current instruction (eip already points after it). Only for instructions that end
   * their block (int, into, sysenter: boundary 'always'), so nothing runs after them: no exception is thrown
   * (throwing cost ~10 % of an IPC round trip); bumping the code generation sends the run loop to its slow
   * path, which sees `trapPending`.
   */
  trap(reason: StopReason, vector: number): void {
    this.trapReason = reason;
    this.vector = vector;
    this.trapPending = true;
    this.code.generation++;
  }

  pageFault(va: number, pte: number, write: boolean, fetch: boolean): never {
    this.faultAddress = va >>> 0;
    this.vector = Vector.PF;
    this.errorCode = 4 | (pte !== 0 ? 1 : 0) | (write ? 2 : 0) | (fetch ? 16 : 0);
    throw FAULT;
  }

  // ---------------------------------------------------------------- memory

  /** Effective (linear) address of a memory operand. */
  ea(i: Insn): number {
    const r = this.r;
    return (r[i.base] + (r[i.index] << i.scale) + i.disp + this.sb[i.seg]) | 0;
  }

  fetch8(va: number): number {
    let e = this.pt[va >>> 12];
    if ((e & PTE_R) === 0) {
      e = AddressSpace.realEntry(e);
      if ((e & PTE_R) === 0) this.pageFault(va, e, false, true);
    }
    return this.mem[(e & -4096) | (va & 0xfff)];
  }

  rd8(va: number): number {
    const e = this.pt[va >>> 12];
    if ((e & PTE_R) === 0) return this.rdSlow(va, 1);
    return this.mem[(e & -4096) | (va & 0xfff)];
  }

  rd16(va: number): number {
    const e = this.pt[va >>> 12];
    if ((e & PTE_R) !== 0 && (va & 0xfff) !== 0xfff) return this.dv.getUint16((e & -4096) | (va & 0xfff), true);
    return this.rdSlow(va, 2);
  }

  rd32(va: number): number {
    const e = this.pt[va >>> 12];
    if ((e & PTE_R) !== 0 && (va & 0xfff) <= 0xffc) return this.dv.getInt32((e & -4096) | (va & 0xfff), true);
    return this.rdSlow(va, 4);
  }

  /**
   * Reads that left the fast path: unreadable (#PF at the first unreadable byte), straddling a page end, or
   * in a watched page. Same result as the fast path: unsigned for 1 and 2 bytes, int32 for 4.
   */
  private rdSlow(va: number, size: number): number {
    const pt = this.pt;
    let v = 0, watched = 0;
    for (let k = 0; k < size; k++) {
      const a = (va + k) | 0;
      let e = pt[a >>> 12];
      watched |= e;
      if ((e & PTE_R) === 0) {
        e = AddressSpace.realEntry(e);
        if ((e & PTE_R) === 0) this.pageFault(a, e, false, false);
      }
      v |= this.mem[(e & -4096) | (a & 0xfff)] << (8 * k);
    }
    if ((watched & PTE_WATCH) !== 0) this.noteAccess(va, size, false, v);
    return v;
  }

  /** Writes that left the fast path (see rdSlow); nothing is written unless every byte is writable. */
  private wrSlow(va: number, v: number, size: number): void {
    this.checkW(va, size);
    const pt = this.pt;
    let watched = 0;
    for (let k = 0; k < size; k++) {
      const a = (va + k) | 0;
      const raw = pt[a >>> 12];
      watched |= raw;
      const pa = (AddressSpace.realEntry(raw) & -4096) | (a & 0xfff);
      this.written[pa >>> 12] = 1;
      if (this.codeMarked[pa >>> 12] !== 0) this.code.invalidateFrame(pa >>> 12);
      this.mem[pa] = v >>> (8 * k);
    }
    if ((watched & PTE_WATCH) !== 0) this.noteAccess(va, size, true, v);
  }

  /**
   * A CPU access in a watched page: when it overlaps a watch, remember it (the first of the instruction) and
   * bump the code generation, which makes blocks return after the current instruction and the run loop stop.
   */
  private noteAccess(va: number, size: number, write: boolean, value: number): void {
    if (this.watchPending) return;
    const w = this._as.watchAt(va, size, write);
    if (w === undefined) return;
    this.watchPending = true;
    this.watchHit = { address: va >>> 0, length: size, kind: write ? 'write' : 'read', value: size === 4 ? value >>> 0 : value & (size === 2 ? 0xffff : 0xff), watch: w };
    this.code.generation++;
  }

  rd(va: number, size: number): number {
    return size === 4 ? this.rd32(va) : size === 2 ? this.rd16(va) : this.rd8(va);
  }

  /** Faults unless all `len` bytes at `va` are writable (so a following multi-byte store cannot half-commit). */
  checkW(va: number, len: number): void {
    const pt = this.pt;
    let e = pt[va >>> 12];
    if ((e & PTE_W) === 0) {
      e = AddressSpace.realEntry(e);
      if ((e & PTE_W) === 0) this.pageFault(va, e, true, false);
    }
    const last = (va + len - 1) | 0;
    if ((last ^ va) >>> 12 !== 0) {
      let e2 = pt[last >>> 12];
      if ((e2 & PTE_W) === 0) {
        e2 = AddressSpace.realEntry(e2);
        if ((e2 & PTE_W) === 0) this.pageFault(last & -4096, e2, true, false);
      }
    }
  }

  wr8(va: number, v: number): void {
    const e = this.pt[va >>> 12];
    if ((e & PTE_W) === 0) return this.wrSlow(va, v, 1);
    const pa = (e & -4096) | (va & 0xfff);
    this.written[pa >>> 12] = 1;
    if (this.codeMarked[pa >>> 12] !== 0) this.code.invalidateFrame(pa >>> 12);
    this.mem[pa] = v;
  }

  wr16(va: number, v: number): void {
    const e = this.pt[va >>> 12];
    if ((e & PTE_W) !== 0 && (va & 0xfff) !== 0xfff) {
      const pa = (e & -4096) | (va & 0xfff);
      this.written[pa >>> 12] = 1;
      if (this.codeMarked[pa >>> 12] !== 0) this.code.invalidateFrame(pa >>> 12);
      this.dv.setUint16(pa, v, true);
      return;
    }
    this.wrSlow(va, v, 2);
  }

  wr32(va: number, v: number): void {
    const e = this.pt[va >>> 12];
    if ((e & PTE_W) !== 0 && (va & 0xfff) <= 0xffc) {
      const pa = (e & -4096) | (va & 0xfff);
      this.written[pa >>> 12] = 1;
      if (this.codeMarked[pa >>> 12] !== 0) this.code.invalidateFrame(pa >>> 12);
      this.dv.setInt32(pa, v, true);
      return;
    }
    this.wrSlow(va, v, 4);
  }

  wr(va: number, v: number, size: number): void {
    if (size === 4) this.wr32(va, v);
    else if (size === 2) this.wr16(va, v);
    else this.wr8(va, v);
  }

  /** Read for read-modify-write: faults as a write if the destination is not writable. */
  rdw(va: number, size: number): number {
    const e = this.pt[va >>> 12];
    if ((e & PTE_W) !== 0 && (va & 0xfff) <= 4096 - size) {
      const pa = (e & -4096) | (va & 0xfff);
      return size === 4 ? this.dv.getInt32(pa, true) : size === 2 ? this.dv.getUint16(pa, true) : this.mem[pa];
    }
    this.checkW(va, size);
    return this.rdSlow(va, size);
  }

  push32(v: number): void {
    const sp = (this.r[Reg.ESP] - 4) | 0;
    this.wr32((sp + this.sb[SegReg.SS]) | 0, v);
    this.r[Reg.ESP] = sp;
  }

  pop32(): number {
    const sp = this.r[Reg.ESP];
    const v = this.rd32((sp + this.sb[SegReg.SS]) | 0);
    this.r[Reg.ESP] = (sp + 4) | 0;
    return v;
  }

  push(v: number, size: number): void {
    if (size === 4) return this.push32(v);
    const sp = (this.r[Reg.ESP] - 2) | 0;
    this.wr16((sp + this.sb[SegReg.SS]) | 0, v);
    this.r[Reg.ESP] = sp;
  }

  pop(size: number): number {
    if (size === 4) return this.pop32();
    const sp = this.r[Reg.ESP];
    const v = this.rd16((sp + this.sb[SegReg.SS]) | 0);
    this.r[Reg.ESP] = (sp + 2) | 0;
    return v;
  }

  // ---------------------------------------------------------------- operands

  /** Register operand of the given size (byte registers use the AL..BH numbering). */
  getReg(n: number, size: number): number {
    return size === 4 ? this.r[n] : size === 2 ? this.r16[n << 1] : this.r8[BYTE_REG[n]];
  }

  setReg(n: number, v: number, size: number): void {
    if (size === 4) this.r[n] = v;
    else if (size === 2) this.r16[n << 1] = v;
    else this.r8[BYTE_REG[n]] = v;
  }

  /** The ModRM r/m operand (zero-extended for 8/16 bits, signed int32 for 32). */
  getE(i: Insn): number {
    if (!i.mem) return this.getReg(i.rm, i.size);
    return this.rd(this.ea(i), i.size);
  }

  setE(i: Insn, v: number): void {
    if (!i.mem) this.setReg(i.rm, v, i.size);
    else this.wr(this.ea(i), v, i.size);
  }

  // ---------------------------------------------------------------- flags

  setLazy(op: FlagOp, a: number, b: number, res: number, bits: number): void {
    this.lop = op;
    this.la = a;
    this.lb = b;
    this.lr = res;
    this.lsz = bits;
    this.lazy = ARITH_FLAGS;
  }

  /** Result flags (ZF SF PF) from `res`, with CF and OF given and AF cleared. */
  setResultFlags(res: number, bits: number, cf: number, of: number): void {
    this.flags = (this.flags & ~(ARITH_FLAGS)) | (cf & 1) | (of !== 0 ? OF : 0);
    this.lop = FlagOp.LOGIC;
    this.lr = res;
    this.lsz = bits;
    this.lazy = PF | ZF | SF;
  }

  /** Replaces the given arithmetic flags with explicit values (bits outside `mask` untouched). */
  setFlagBits(mask: number, values: number): void {
    this.materialize();
    this.flags = (this.flags & ~mask) | (values & mask);
  }

  getCF(): number {
    if ((this.lazy & CF) === 0) return this.flags & CF;
    switch (this.lop) {
      case FlagOp.ADD: return (this.lr >>> 0) < (this.la >>> 0) ? 1 : 0;
      case FlagOp.ADC: return (this.lr >>> 0) <= (this.la >>> 0) ? 1 : 0;
      case FlagOp.SUB: return (this.la >>> 0) < (this.lb >>> 0) ? 1 : 0;
      case FlagOp.SBB: return (this.la >>> 0) <= (this.lb >>> 0) ? 1 : 0;
      default: return 0;
    }
  }

  getZF(): boolean {
    if ((this.lazy & ZF) === 0) return (this.flags & ZF) !== 0;
    return this.lr === 0;
  }

  getSF(): boolean {
    if ((this.lazy & SF) === 0) return (this.flags & SF) !== 0;
    return ((this.lr >>> (this.lsz - 1)) & 1) !== 0;
  }

  getPF(): boolean {
    if ((this.lazy & PF) === 0) return (this.flags & PF) !== 0;
    return PARITY[this.lr & 0xff] !== 0;
  }

  getAF(): boolean {
    if ((this.lazy & AF) === 0) return (this.flags & AF) !== 0;
    return this.lop !== FlagOp.LOGIC && ((this.la ^ this.lb ^ this.lr) & 0x10) !== 0;
  }

  getOF(): boolean {
    if ((this.lazy & OF) === 0) return (this.flags & OF) !== 0;
    const s = this.lsz - 1;
    switch (this.lop) {
      case FlagOp.ADD:
      case FlagOp.ADC:
        return (((this.la ^ this.lr) & (this.lb ^ this.lr)) >>> s & 1) !== 0;
      case FlagOp.SUB:
      case FlagOp.SBB:
        return (((this.la ^ this.lb) & (this.la ^ this.lr)) >>> s & 1) !== 0;
      default:
        return false;
    }
  }

  /** Folds the lazy flags into `flags`. */
  materialize(): void {
    const lazy = this.lazy;
    if (lazy === 0) return;
    let f = this.flags & ~lazy;
    if (lazy & CF) f |= this.getCF();
    if ((lazy & PF) && this.getPF()) f |= PF;
    if ((lazy & AF) && this.getAF()) f |= AF;
    if ((lazy & ZF) && this.getZF()) f |= ZF;
    if ((lazy & SF) && this.getSF()) f |= SF;
    if ((lazy & OF) && this.getOF()) f |= OF;
    this.flags = f;
    this.lazy = 0;
  }

  getEflags(): number {
    this.materialize();
    return (this.flags | 2) >>> 0;
  }

  setEflags(v: number): void {
    this.materialize();
    this.flags = (this.flags & ~USER_FLAGS) | (v & USER_FLAGS) | IF | 2;
  }

  /** Evaluates condition code `cc` (0..15, the low nibble of Jcc/SETcc/CMOVcc). */
  cond(cc: number): boolean {
    if (this.lop === FlagOp.SUB && this.lazy === ARITH_FLAGS) {
      // After cmp/sub the relation between the operands answers most conditions directly.
      const sh = 32 - this.lsz;
      switch (cc) {
        case 2: return ((this.la << sh) >>> 0) < ((this.lb << sh) >>> 0);
        case 3: return ((this.la << sh) >>> 0) >= ((this.lb << sh) >>> 0);
        case 4: return this.lr === 0;
        case 5: return this.lr !== 0;
        case 6: return ((this.la << sh) >>> 0) <= ((this.lb << sh) >>> 0);
        case 7: return ((this.la << sh) >>> 0) > ((this.lb << sh) >>> 0);
        case 12: return (this.la << sh) < (this.lb << sh);
        case 13: return (this.la << sh) >= (this.lb << sh);
        case 14: return (this.la << sh) <= (this.lb << sh);
        case 15: return (this.la << sh) > (this.lb << sh);
        default: break;
      }
    }
    let t: boolean;
    switch (cc >> 1) {
      case 0: t = this.getOF(); break;
      case 1: t = this.getCF() !== 0; break;
      case 2: t = this.getZF(); break;
      case 3: t = this.getCF() !== 0 || this.getZF(); break;
      case 4: t = this.getSF(); break;
      case 5: t = this.getPF(); break;
      case 6: t = this.getSF() !== this.getOF(); break;
      default: t = this.getZF() || this.getSF() !== this.getOF(); break;
    }
    return (cc & 1) !== 0 ? !t : t;
  }
}
