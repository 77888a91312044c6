// MMX and SSE2 packed-integer operations of the 0F map: the no-prefix form works on MMX registers (8 bytes),
// the 66 form on XMM registers (16 bytes); a few opcodes have F2/F3 forms of their own.
import type { Cpu } from './cpu';
import { Reg } from './cpu-enums';
import type { Insn } from './decoded-instruction';
import { SimdState, TMP2 } from './simd-state';
import { aligned, copy, mm, mmxEnter, P_66, P_F2, P_F3, srcM, srcX, unpack, writeMem, xmm, zero } from './simd-operands';

function sat(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Element-wise op on `n` lanes of `esz` bytes; signed views when `signed`. */
function lanes(st: SimdState, d: number, s: number, bytes: number, esz: number, signed: boolean,
  f: (a: number, b: number) => number): void {
  const view = esz === 1 ? (signed ? st.i8 : st.u8) : esz === 2 ? (signed ? st.i16 : st.u16) : (signed ? st.i32 : st.u32);
  const shift = esz === 1 ? 0 : esz === 2 ? 1 : 2;
  const dd = d >> shift, ss = s >> shift, n = bytes >> shift;
  for (let k = 0; k < n; k++) view[dd + k] = f(view[dd + k], view[ss + k]);
}

type LaneOp = [number, boolean, (a: number, b: number) => number];
const LANE_OPS: Record<number, LaneOp> = {
  0x64: [1, true, (a, b) => (a > b ? -1 : 0)],
  0x65: [2, true, (a, b) => (a > b ? -1 : 0)],
  0x66: [4, true, (a, b) => (a > b ? -1 : 0)],
  0x74: [1, false, (a, b) => (a === b ? 0xff : 0)],
  0x75: [2, false, (a, b) => (a === b ? 0xffff : 0)],
  0x76: [4, false, (a, b) => (a === b ? 0xffffffff : 0)],
  0xd5: [2, false, (a, b) => Math.imul(a, b)],
  0xd8: [1, false, (a, b) => sat(a - b, 0, 0xff)],
  0xd9: [2, false, (a, b) => sat(a - b, 0, 0xffff)],
  0xda: [1, false, (a, b) => (a < b ? a : b)],
  0xdb: [4, false, (a, b) => a & b],
  0xdc: [1, false, (a, b) => sat(a + b, 0, 0xff)],
  0xdd: [2, false, (a, b) => sat(a + b, 0, 0xffff)],
  0xde: [1, false, (a, b) => (a > b ? a : b)],
  0xdf: [4, false, (a, b) => ~a & b],
  0xe0: [1, false, (a, b) => (a + b + 1) >> 1],
  0xe3: [2, false, (a, b) => (a + b + 1) >> 1],
  0xe4: [2, false, (a, b) => (a * b) >>> 16],
  0xe5: [2, true, (a, b) => (a * b) >> 16],
  0xe8: [1, true, (a, b) => sat(a - b, -128, 127)],
  0xe9: [2, true, (a, b) => sat(a - b, -32768, 32767)],
  0xea: [2, true, (a, b) => (a < b ? a : b)],
  0xeb: [4, false, (a, b) => a | b],
  0xec: [1, true, (a, b) => sat(a + b, -128, 127)],
  0xed: [2, true, (a, b) => sat(a + b, -32768, 32767)],
  0xee: [2, true, (a, b) => (a > b ? a : b)],
  0xef: [4, false, (a, b) => a ^ b],
  0xf8: [1, false, (a, b) => a - b],
  0xf9: [2, false, (a, b) => a - b],
  0xfa: [4, false, (a, b) => a - b],
  0xfc: [1, false, (a, b) => a + b],
  0xfd: [2, false, (a, b) => a + b],
  0xfe: [4, false, (a, b) => a + b],
};

/** Shift every `esz`-byte lane of `d` by `count`: kind 0 logical right, 1 arithmetic right, 2 left. */
function shiftLanes(st: SimdState, d: number, bytes: number, esz: number, kind: number, count: number): void {
  const bits = esz * 8;
  if (esz === 8) {
    for (let k = d >> 3; k < (d + bytes) >> 3; k++) {
      if (count >= 64) st.u64[k] = 0n;
      else st.u64[k] = kind === 2 ? st.u64[k] << BigInt(count) : st.u64[k] >> BigInt(count);
    }
    return;
  }
  if (kind === 1) {
    const n = count >= bits ? bits - 1 : count;
    lanes(st, d, d, bytes, esz, true, (a) => a >> n);
    return;
  }
  if (count >= bits) { zero(st, d, bytes); return; }
  lanes(st, d, d, bytes, esz, false, kind === 2 ? (a) => a << count : (a) => a >>> count);
}

/** The shift count of a register/memory operand: its low 64 bits, saturated. */
function countOf(st: SimdState, s: number): number {
  return st.u32[(s >> 2) + 1] !== 0 ? 255 : Math.min(st.u32[s >> 2], 255);
}

function pack(st: SimdState, d: number, s: number, bytes: number, b: number): void {
  // Source lanes (twice the width) from d then s, saturated into TMP2, then copied back.
  const wide = b === 0x6b ? 4 : 2;
  const n = bytes / wide;
  const out = TMP2;
  for (let k = 0; k < 2 * n; k++) {
    const from = k < n ? d : s;
    const idx = k < n ? k : k - n;
    const v = wide === 2 ? st.i16[(from >> 1) + idx] : st.i32[(from >> 2) + idx];
    if (b === 0x63) st.i8[out + k] = sat(v, -128, 127);
    else if (b === 0x67) st.u8[out + k] = sat(v, 0, 255);
    else st.i16[(out >> 1) + k] = sat(v, -32768, 32767);
  }
  copy(st, d, out, bytes);
}

/** The regular packed-integer forms: none = MMX (8 bytes), 66 = XMM (16 bytes). Returns false if not one. */
export function packedIntOp(c: Cpu, st: SimdState, i: Insn, b: number, wide: boolean): boolean {
  const bytes = wide ? 16 : 8;
  const d = wide ? xmm(i.reg) : mm(i.reg);
  const src = (): number => (wide ? srcX(c, i, 16, true) : srcM(c, i));
  const op = LANE_OPS[b];
  if (op !== undefined) {
    if (!wide) mmxEnter(c);
    const s = src();
    lanes(st, d, s, bytes, op[0], op[1], op[2]);
    return true;
  }
  switch (b) {
    case 0x60: case 0x61: case 0x62: case 0x68: case 0x69: case 0x6a: {
      if (!wide) mmxEnter(c);
      const s = src();
      unpack(st, d, s, bytes, 1 << ((b & 7) % 4), b >= 0x68);
      return true;
    }
    case 0x6c: case 0x6d:
      if (!wide) return false;
      unpack(st, d, src(), 16, 8, b === 0x6d);
      return true;
    case 0x63: case 0x67: case 0x6b:
      if (!wide) mmxEnter(c);
      pack(st, d, src(), bytes, b);
      return true;
    case 0xd4: case 0xfb: { // paddq / psubq
      if (!wide) mmxEnter(c);
      const s = src();
      for (let k = 0; k < bytes / 8; k++) {
        const a = st.u64[(d >> 3) + k], x = st.u64[(s >> 3) + k];
        st.u64[(d >> 3) + k] = b === 0xd4 ? a + x : a - x;
      }
      return true;
    }
    case 0xf4: { // pmuludq
      if (!wide) mmxEnter(c);
      const s = src();
      for (let k = 0; k < bytes / 8; k++) {
        st.u64[(d >> 3) + k] = BigInt(st.u32[(d >> 2) + 2 * k]) * BigInt(st.u32[(s >> 2) + 2 * k]);
      }
      return true;
    }
    case 0xf5: { // pmaddwd
      if (!wide) mmxEnter(c);
      const s = src();
      for (let k = 0; k < bytes / 4; k++) {
        const x = (d >> 1) + 2 * k, y = (s >> 1) + 2 * k;
        st.i32[(d >> 2) + k] = (st.i16[x] * st.i16[y] + st.i16[x + 1] * st.i16[y + 1]) | 0;
      }
      return true;
    }
    case 0xf6: { // psadbw
      if (!wide) mmxEnter(c);
      const s = src();
      for (let q = 0; q < bytes / 8; q++) {
        let sum = 0;
        for (let k = 0; k < 8; k++) sum += Math.abs(st.u8[d + 8 * q + k] - st.u8[s + 8 * q + k]);
        zero(st, d + 8 * q, 8);
        st.u16[(d + 8 * q) >> 1] = sum;
      }
      return true;
    }
    case 0xd1: case 0xd2: case 0xd3: case 0xe1: case 0xe2: case 0xf1: case 0xf2: case 0xf3: {
      if (!wide) mmxEnter(c);
      const count = countOf(st, src());
      const esz = [0, 2, 4, 8][b & 3];
      const kind = b < 0xe0 ? 0 : b < 0xf0 ? 1 : 2;
      shiftLanes(st, d, bytes, esz, kind, count);
      return true;
    }
    case 0x71: case 0x72: case 0x73: {
      if (i.mem) return false;
      if (!wide) mmxEnter(c);
      const r = wide ? xmm(i.rm) : mm(i.rm);
      const esz = b === 0x71 ? 2 : b === 0x72 ? 4 : 8;
      switch (i.reg) {
        case 2: shiftLanes(st, r, bytes, esz, 0, i.imm); return true;
        case 4: if (b === 0x73) return false; shiftLanes(st, r, bytes, esz, 1, i.imm); return true;
        case 6: shiftLanes(st, r, bytes, esz, 2, i.imm); return true;
        case 3: case 7: {
          if (b !== 0x73 || !wide) return false;
          const n = Math.min(i.imm, 16);
          copy(st, TMP2, r, 16);
          zero(st, r, 16);
          if (i.reg === 3) copy(st, r, TMP2 + n, 16 - n);
          else copy(st, r + n, TMP2, 16 - n);
          return true;
        }
        default: return false;
      }
    }
    case 0x6e: { // movd mm/xmm, r/m32
      if (!wide) mmxEnter(c);
      const v = i.mem ? c.rd32(c.ea(i)) : c.r[i.rm];
      zero(st, d, bytes);
      st.i32[d >> 2] = v;
      return true;
    }
    case 0x7e: { // movd r/m32, mm/xmm
      if (!wide) mmxEnter(c);
      const v = st.i32[d >> 2];
      if (i.mem) c.wr32(c.ea(i), v);
      else c.r[i.rm] = v;
      return true;
    }
    case 0x6f: // movq mm, mm/m64; movdqa xmm, xmm/m128
      if (!wide) mmxEnter(c);
      copy(st, d, src(), bytes);
      return true;
    case 0x7f:
      if (!wide) mmxEnter(c);
      if (i.mem) {
        const va = c.ea(i);
        if (wide) aligned(c, va);
        writeMem(c, va, d, bytes);
      } else copy(st, wide ? xmm(i.rm) : mm(i.rm), d, bytes);
      return true;
    case 0x70: { // pshufw / pshufd
      if (!wide) mmxEnter(c);
      const s = src();
      const esz = wide ? 4 : 2;
      copy(st, TMP2, s, bytes);
      for (let k = 0; k < 4; k++) copy(st, d + k * esz, TMP2 + ((i.imm >> (2 * k)) & 3) * esz, esz);
      return true;
    }
    case 0xc4: { // pinsrw
      if (!wide) mmxEnter(c);
      const v = i.mem ? c.rd16(c.ea(i)) : c.r16[i.rm << 1];
      st.u16[(d >> 1) + (i.imm & (wide ? 7 : 3))] = v;
      return true;
    }
    case 0xc5: { // pextrw r32, mm/xmm, imm
      if (!i.mem) {
        if (!wide) mmxEnter(c);
        const s = wide ? xmm(i.rm) : mm(i.rm);
        c.r[i.reg] = st.u16[(s >> 1) + (i.imm & (wide ? 7 : 3))];
        return true;
      }
      return false;
    }
    case 0xd7: { // pmovmskb
      if (i.mem) return false;
      if (!wide) mmxEnter(c);
      const s = wide ? xmm(i.rm) : mm(i.rm);
      let m = 0;
      for (let k = 0; k < bytes; k++) m |= (st.u8[s + k] >> 7) << k;
      c.r[i.reg] = m;
      return true;
    }
    case 0xe7: { // movntq / movntdq
      if (!i.mem) return false;
      if (!wide) mmxEnter(c);
      const va = c.ea(i);
      if (wide) aligned(c, va);
      writeMem(c, va, d, bytes);
      return true;
    }
    case 0xf7: { // maskmovq / maskmovdqu: store bytes of reg selected by rm's sign bits at DS:EDI
      if (i.mem) return false;
      if (!wide) mmxEnter(c);
      const m = wide ? xmm(i.rm) : mm(i.rm);
      const base = (c.r[Reg.EDI] + c.sb[i.seg]) | 0;
      for (let k = 0; k < bytes; k++) if (st.u8[m + k] & 0x80) c.wr8((base + k) | 0, st.u8[d + k]);
      return true;
    }
    case 0x77:
      if (wide) return false;
      c.fpu.empty.fill(1); // emms
      return true;
    default:
      return false;
  }
}

/** Packed-integer-map opcodes with F2/F3 forms (and 66 D6). */
export function specialIntOp(c: Cpu, st: SimdState, i: Insn, b: number, p: number): boolean {
  switch (b) {
    case 0x6f: case 0x7f: { // movdqu
      if (p !== P_F3) return false;
      const d = xmm(i.reg);
      if (b === 0x6f) copy(st, d, srcX(c, i, 16, false), 16);
      else if (i.mem) writeMem(c, c.ea(i), d, 16);
      else copy(st, xmm(i.rm), d, 16);
      return true;
    }
    case 0x7e: { // movq xmm, xmm/m64
      if (p !== P_F3) return false;
      const s = srcX(c, i, 8, false);
      copy(st, TMP2, s, 8);
      zero(st, xmm(i.reg), 16);
      copy(st, xmm(i.reg), TMP2, 8);
      return true;
    }
    case 0x70: { // pshufhw (F3) / pshuflw (F2)
      if (p !== P_F3 && p !== P_F2) return false;
      const s = srcX(c, i, 16, true);
      const d = xmm(i.reg);
      copy(st, TMP2, s, 16);
      const half = p === P_F3 ? 8 : 0;
      copy(st, d + (8 - half), TMP2 + (8 - half), 8);
      for (let k = 0; k < 4; k++) copy(st, d + half + 2 * k, TMP2 + half + 2 * ((i.imm >> (2 * k)) & 3), 2);
      return true;
    }
    case 0xd6:
      if (p === P_66) { // movq xmm/m64, xmm
        const d = xmm(i.reg);
        if (i.mem) writeMem(c, c.ea(i), d, 8);
        else { copy(st, TMP2, d, 8); zero(st, xmm(i.rm), 16); copy(st, xmm(i.rm), TMP2, 8); }
        return true;
      }
      if (i.mem) return false;
      mmxEnter(c);
      if (p === P_F3) { zero(st, xmm(i.reg), 16); copy(st, xmm(i.reg), mm(i.rm), 8); return true; } // movq2dq
      if (p === P_F2) { copy(st, mm(i.reg), xmm(i.rm), 8); return true; } // movdq2q
      return false;
    default:
      return false;
  }
}

