// A block that is one `rep stos` or `rep movs` (where such a loop goes round after its first iteration) runs
// many iterations per dispatch. Each iteration still retires as one instruction, and no more than the run's
// budget allows, so counts, slicing and time travel see exactly what one iteration per dispatch gives; only
// iterations that cannot fault, hit a watch or write decoded code are done in bulk (plain pages, forward
// direction, up to the page end). Anything else is one iteration through the instruction's own handler.
// Half of the hello boot's instructions are `rep stos` iterations (zeroing memory).
import { PTE_R, PTE_W } from './address-space';
import type { BasicBlock, BlockFn } from './basic-block';
import type { Cpu } from './cpu';
import { Reg, SegReg } from './cpu-enums';
import type { Insn } from './decoded-instruction';
import { DF } from './flags';
import { movs, stos } from './ops-string';

/** The BlockFn for `b` when it is a lone `rep stos`/`rep movs`, else undefined. */
export function repStringBlockFn(b: BasicBlock): BlockFn | undefined {
  if (b.insns.length !== 1) return undefined;
  const i = b.insns[0];
  if (i.rep === 0) return undefined;
  const next = b.nexts[0];
  if (i.fn === stos) return (c, left) => runStos(c, i, next, left);
  if (i.fn === movs) return (c, left) => runMovs(c, i, next, left);
  return undefined;
}

/** One iteration as the interpreter runs it (it may fault: nothing of this call was retired then). */
function oneIteration(c: Cpu, i: Insn, next: number): number {
  c.bk = 0;
  c.eip = next;
  i.fn(c, i);
  return 1;
}

/** Iterations of `size` bytes that fit between `va` and its page end. */
function inPage(va: number, size: number): number {
  return ((4096 - (va & 0xfff)) / size) | 0;
}

/** After k bulk iterations: ECX counted down, EIP past the instruction once it is zero (else still at it). */
function finish(c: Cpu, k: number, next: number, len: number): number {
  const left = (c.r[Reg.ECX] - k) | 0;
  c.r[Reg.ECX] = left;
  c.eip = left === 0 ? next : (next - len) >>> 0;
  return k;
}

function runStos(c: Cpu, i: Insn, next: number, budget: number): number {
  const r = c.r, size = i.size;
  const va = (r[Reg.EDI] + c.sb[SegReg.ES]) | 0;
  const e = c.pt[va >>> 12];
  const k = Math.min(r[Reg.ECX] >>> 0, budget, inPage(va, size));
  // PTE_W clear: unmapped, read-only or watched; a frame with decoded code must see each store.
  if (k < 2 || (c.flags & DF) !== 0 || (e & PTE_W) === 0 || c.codeMarked[e >>> 12] !== 0) return oneIteration(c, i, next);
  const pa = (e & -4096) | (va & 0xfff);
  const v = c.getReg(Reg.EAX, size);
  const mem = c.mem;
  if (size === 1 || (size === 2 ? (v & 0xff) === (v >>> 8) : v === (v & 0xff) * 0x01010101)) mem.fill(v & 0xff, pa, pa + k * size);
  else for (let p = pa, end = pa + k * size; p < end; p += size) size === 4 ? c.dv.setInt32(p, v, true) : c.dv.setUint16(p, v, true);
  c.written[pa >>> 12] = 1;
  r[Reg.EDI] = (r[Reg.EDI] + k * size) | 0;
  return finish(c, k, next, i.len);
}

function runMovs(c: Cpu, i: Insn, next: number, budget: number): number {
  const r = c.r, size = i.size;
  const src = (r[Reg.ESI] + c.sb[i.seg]) | 0;
  const dst = (r[Reg.EDI] + c.sb[SegReg.ES]) | 0;
  const es = c.pt[src >>> 12], ed = c.pt[dst >>> 12];
  const k = Math.min(r[Reg.ECX] >>> 0, budget, inPage(src, size), inPage(dst, size));
  // PTE_R clear on the source: unmapped or read-watched; see runStos for the destination.
  if (k < 2 || (c.flags & DF) !== 0 || (es & PTE_R) === 0 || (ed & PTE_W) === 0 || c.codeMarked[ed >>> 12] !== 0) return oneIteration(c, i, next);
  const ps = (es & -4096) | (src & 0xfff), pd = (ed & -4096) | (dst & 0xfff);
  const mem = c.mem, bytes = k * size;
  if (pd <= ps || pd >= ps + bytes) mem.copyWithin(pd, ps, ps + bytes);
  // A destination just above the source repeats a pattern (unlike memmove): byte by byte in order gives what
  // the iterations give when they are at least an element apart; closer, each iteration runs by itself.
  else if (pd - ps < size) return oneIteration(c, i, next);
  else for (let n = 0; n < bytes; n++) mem[pd + n] = mem[ps + n];
  c.written[pd >>> 12] = 1;
  r[Reg.ESI] = (r[Reg.ESI] + bytes) | 0;
  r[Reg.EDI] = (r[Reg.EDI] + bytes) | 0;
  return finish(c, k, next, i.len);
}
