// Operand plumbing shared by the integer (MMX/SSE2) and float (SSE/SSE2) SIMD handlers. Operands are byte offsets
// into SimdState.buf; memory operands are first copied into scratch space, so every operation works
// register-to-register.
import type { Cpu } from './cpu';
import { Vector } from './cpu-enums';
import type { Insn } from './decoded-instruction';
import { MM, SimdState, TMP, TMP2, XMM } from './simd-state';

/** Mandatory prefix classes, kept in bits 8-9 of Insn.op. */
export const P_NONE = 0, P_66 = 1, P_F3 = 2, P_F2 = 3;

export function xmm(n: number): number {
  return XMM + 16 * n;
}
export function mm(n: number): number {
  return MM + 8 * n;
}

/**
 * MMX instructions make the whole x87 register file valid with TOP = 0 — once they complete: a faulting MMX
 * instruction leaves the x87 state unchanged, so handlers only note it and `simd` applies it at the end.
 */
export const mmxState = { pending: false };
export function mmxEnter(_c: Cpu): void {
  mmxState.pending = true;
}

export function readMem(c: Cpu, va: number, off: number, bytes: number): void {
  const s = c.simd;
  if (bytes === 2) {
    s.u16[off >> 1] = c.rd16(va);
    return;
  }
  for (let k = 0; k < bytes; k += 4) s.i32[(off + k) >> 2] = c.rd32((va + k) | 0);
}

export function writeMem(c: Cpu, va: number, off: number, bytes: number): void {
  c.checkW(va, bytes);
  const s = c.simd;
  for (let k = 0; k < bytes; k += 4) c.wr32((va + k) | 0, s.i32[(off + k) >> 2]);
}

export function aligned(c: Cpu, va: number): void {
  if ((va & 15) !== 0) c.fault(Vector.GP, 0);
}

/** The r/m operand of `bytes` (memory copied into TMP); `align` demands a 16-byte aligned address. */
export function srcX(c: Cpu, i: Insn, bytes: number, align: boolean): number {
  if (!i.mem) return xmm(i.rm);
  const va = c.ea(i);
  if (align) aligned(c, va);
  readMem(c, va, TMP, bytes);
  return TMP;
}
export function srcM(c: Cpu, i: Insn): number {
  if (!i.mem) return mm(i.rm);
  readMem(c, c.ea(i), TMP, 8);
  return TMP;
}

export function copy(s: SimdState, dst: number, src: number, bytes: number): void {
  s.u8.copyWithin(dst, src, src + bytes);
}
export function zero(s: SimdState, off: number, bytes: number): void {
  s.u8.fill(0, off, off + bytes);
}

export function ud(c: Cpu): never {
  return c.fault(Vector.UD);
}

/** punpckl/h: interleave the low (high) halves of d and s in lanes of `esz` bytes. */
export function unpack(st: SimdState, d: number, s: number, bytes: number, esz: number, high: boolean): void {
  const half = bytes >> 1;
  const base = high ? half : 0;
  const out = TMP2;
  for (let k = 0; k < half / esz; k++) {
    copy(st, out + 2 * k * esz, d + base + k * esz, esz);
    copy(st, out + (2 * k + 1) * esz, s + base + k * esz, esz);
  }
  copy(st, d, out, bytes);
}

