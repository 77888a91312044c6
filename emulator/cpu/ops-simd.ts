// MMX, SSE and SSE2: the 0F-map opcodes selected by the mandatory prefix (none, 66, F3, F2). This file only
// dispatches: packed integers live in ops-simd-int.ts, floating point in ops-simd-float.ts.
import type { Cpu } from './cpu';
import type { DecodeState } from './decode-state';
import type { Insn } from './decoded-instruction';
import { floatOp } from './ops-simd-float';
import { packedIntOp, specialIntOp } from './ops-simd-int';
import { mmxState, P_66, P_F2, P_F3, P_NONE, ud } from './simd-operands';

export { fxsaveOp, mxcsrOp } from './ops-simd-float';

/** Opcodes of the 0F map handled here. */
export const SIMD_OPCODES: number[] = [
  0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f,
  ...range(0x50, 0x7f), 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, ...range(0xd1, 0xff),
].filter((b) => b !== 0x78 && b !== 0x79 && b !== 0x7a && b !== 0x7b && b !== 0x7c && b !== 0x7d);

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let k = a; k <= b; k++) out.push(k);
  return out;
}

/** SIMD opcodes followed by an 8-bit immediate (after the ModRM operand). */
export const SIMD_WITH_IMM8: readonly number[] = [0x70, 0x71, 0x72, 0x73, 0xc2, 0xc4, 0xc5, 0xc6];

/** Picks the form by the mandatory prefix once the table's decoder has read the operands. */
export function decodeSimd(d: DecodeState, i: Insn, b: number): void {
  // The last of 66/F2/F3 selects the form; F2/F3 win over 66 as on hardware.
  const pfx = d.rep === 0xf3 ? P_F3 : d.rep === 0xf2 ? P_F2 : d.opsize === 2 ? P_66 : P_NONE;
  i.op = b | (pfx << 8);
  i.rep = 0;
  i.fn = simd;
}

export function simd(c: Cpu, i: Insn): void {
  mmxState.pending = false;
  simdOp(c, i);
  if (mmxState.pending) {
    c.fpu.top = 0;
    c.fpu.empty.fill(0);
  }
}

function simdOp(c: Cpu, i: Insn): void {
  const st = c.simd;
  const b = i.op & 0xff, p = i.op >> 8;
  if (b === 0xe6) return floatOp(c, st, i, b, p); // cvt(t)pd2dq, cvtdq2pd: conversions in the integer rows
  const packedInt = (b >= 0x60 && b <= 0x7f) || b >= 0xd0 || b === 0xc4 || b === 0xc5;
  if (packedInt) {
    if (p === P_NONE || p === P_66) {
      if (packedIntOp(c, st, i, b, p === P_66)) return;
    }
    if (specialIntOp(c, st, i, b, p)) return;
    ud(c);
  }
  floatOp(c, st, i, b, p);
}
