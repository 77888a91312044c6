// MMX, SSE and SSE2: the 0F-map opcodes selected by the mandatory prefix (none, 66, F3, F2).
// Operands are byte offsets into SimdState.buf; memory operands are first copied into scratch space,
// so every operation works register-to-register. Float results follow SSE's NaN rules bit-exactly
// (first NaN operand quietened, else the default NaN) for the operations compilers emit.
import type { Cpu } from './cpu';
import { Reg, Vector } from './cpu-enums';
import type { DecodeState } from './decode-state';
import type { Insn } from './decoded-instruction';
import { AF, CF, OF, PF, SF, ZF } from './flags';
import { MM, SimdState, TMP, TMP2, XMM } from './simd-state';

/** Mandatory prefix classes, kept in bits 8-9 of Insn.op. */
const P_NONE = 0, P_66 = 1, P_F3 = 2, P_F2 = 3;

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

// ---------------------------------------------------------------- operand helpers

function xmm(n: number): number {
  return XMM + 16 * n;
}
function mm(n: number): number {
  return MM + 8 * n;
}

/**
 * MMX instructions make the whole x87 register file valid with TOP = 0 — once they complete: a faulting MMX
 * instruction leaves the x87 state unchanged, so handlers only note it and `simd` applies it at the end.
 */
let mmxPending = false;
function mmxEnter(_c: Cpu): void {
  mmxPending = true;
}

function readMem(c: Cpu, va: number, off: number, bytes: number): void {
  const s = c.simd;
  if (bytes === 2) {
    s.u16[off >> 1] = c.rd16(va);
    return;
  }
  for (let k = 0; k < bytes; k += 4) s.i32[(off + k) >> 2] = c.rd32((va + k) | 0);
}

function writeMem(c: Cpu, va: number, off: number, bytes: number): void {
  c.checkW(va, bytes);
  const s = c.simd;
  for (let k = 0; k < bytes; k += 4) c.wr32((va + k) | 0, s.i32[(off + k) >> 2]);
}

function aligned(c: Cpu, va: number): void {
  if ((va & 15) !== 0) c.fault(Vector.GP, 0);
}

/** The r/m operand of `bytes` (memory copied into TMP); `align` demands a 16-byte aligned address. */
function srcX(c: Cpu, i: Insn, bytes: number, align: boolean): number {
  if (!i.mem) return xmm(i.rm);
  const va = c.ea(i);
  if (align) aligned(c, va);
  readMem(c, va, TMP, bytes);
  return TMP;
}
function srcM(c: Cpu, i: Insn): number {
  if (!i.mem) return mm(i.rm);
  readMem(c, c.ea(i), TMP, 8);
  return TMP;
}

function copy(s: SimdState, dst: number, src: number, bytes: number): void {
  s.u8.copyWithin(dst, src, src + bytes);
}
function zero(s: SimdState, off: number, bytes: number): void {
  s.u8.fill(0, off, off + bytes);
}

// ---------------------------------------------------------------- floating point

const enum FOp { ADD, SUB, MUL, DIV, MIN, MAX, SQRT }

/** One double lane: f64 indices `d` (destination and first operand) and `s`. */
function opF64(st: SimdState, d: number, s: number, op: FOp): void {
  const f = st.f64, u = st.u32;
  const a = f[d], b = f[s];
  let r: number;
  switch (op) {
    case FOp.ADD: r = a + b; break;
    case FOp.SUB: r = a - b; break;
    case FOp.MUL: r = a * b; break;
    case FOp.DIV: r = a / b; break;
    case FOp.MIN: if (!(a < b)) { u[2 * d] = u[2 * s]; u[2 * d + 1] = u[2 * s + 1]; } return;
    case FOp.MAX: if (!(a > b)) { u[2 * d] = u[2 * s]; u[2 * d + 1] = u[2 * s + 1]; } return;
    default:
      if (b !== b) { u[2 * d] = u[2 * s]; u[2 * d + 1] = u[2 * s + 1] | 0x80000; return; }
      r = Math.sqrt(b);
      if (r !== r) { u[2 * d] = 0; u[2 * d + 1] = 0xfff80000; return; }
      f[d] = r;
      return;
  }
  if (r !== r) {
    if (a !== a) u[2 * d + 1] |= 0x80000;
    else if (b !== b) { u[2 * d] = u[2 * s]; u[2 * d + 1] = u[2 * s + 1] | 0x80000; }
    else { u[2 * d] = 0; u[2 * d + 1] = 0xfff80000; }
    return;
  }
  f[d] = r;
}

function opF32(st: SimdState, d: number, s: number, op: FOp): void {
  const f = st.f32, u = st.u32;
  const a = f[d], b = f[s];
  let r: number;
  switch (op) {
    case FOp.ADD: r = a + b; break;
    case FOp.SUB: r = a - b; break;
    case FOp.MUL: r = a * b; break;
    case FOp.DIV: r = a / b; break;
    case FOp.MIN: if (!(a < b)) u[d] = u[s]; return;
    case FOp.MAX: if (!(a > b)) u[d] = u[s]; return;
    default:
      if (b !== b) { u[d] = u[s] | 0x400000; return; }
      r = Math.sqrt(b);
      if (r !== r) { u[d] = 0xffc00000; return; }
      f[d] = r;
      return;
  }
  if (r !== r) {
    if (a !== a) u[d] |= 0x400000;
    else if (b !== b) u[d] = u[s] | 0x400000;
    else u[d] = 0xffc00000;
    return;
  }
  f[d] = r; // the double result of float operands rounds correctly to float
}

const ARITH_OPS: Record<number, FOp> = { 0x51: FOp.SQRT, 0x58: FOp.ADD, 0x59: FOp.MUL, 0x5c: FOp.SUB, 0x5d: FOp.MIN, 0x5e: FOp.DIV, 0x5f: FOp.MAX };

function cmpPredicate(a: number, b: number, p: number): boolean {
  switch (p & 7) {
    case 0: return a === b;
    case 1: return a < b;
    case 2: return a <= b;
    case 3: return a !== a || b !== b;
    case 4: return !(a === b);
    case 5: return !(a < b);
    case 6: return !(a <= b);
    default: return a === a && b === b;
  }
}

/** float/double → int32 per the rounding mode (or truncating); NaN and overflow give 0x80000000. */
function toInt32(c: Cpu, v: number, truncate: boolean): number {
  let r: number;
  if (truncate) r = Math.trunc(v);
  else {
    switch ((c.simd.mxcsr >> 13) & 3) {
      case 0: {
        r = Math.round(v);
        if (r - v === 0.5 && (r & 1) !== 0) r -= 1; // ties to even
        break;
      }
      case 1: r = Math.floor(v); break;
      case 2: r = Math.ceil(v); break;
      default: r = Math.trunc(v); break;
    }
  }
  return r >= -2147483648 && r <= 2147483647 ? r | 0 : -2147483648;
}

function f32ToF64(st: SimdState, dIdx64: number, sIdx32: number): void {
  const v = st.f32[sIdx32];
  if (v !== v) {
    const bits = st.u32[sIdx32] | 0x400000;
    st.u32[2 * dIdx64 + 1] = (bits & 0x80000000) | 0x7ff00000 | ((bits & 0x7fffff) >>> 3);
    st.u32[2 * dIdx64] = (bits & 7) << 29;
    return;
  }
  st.f64[dIdx64] = v;
}

function f64ToF32(st: SimdState, dIdx32: number, sIdx64: number): void {
  const v = st.f64[sIdx64];
  if (v !== v) {
    const hi = st.u32[2 * sIdx64 + 1], lo = st.u32[2 * sIdx64];
    st.u32[dIdx32] = ((hi & 0x80000000) | 0x7fc00000 | ((hi & 0xfffff) << 3) | (lo >>> 29)) >>> 0;
    return;
  }
  st.f32[dIdx32] = v;
}

function setCompareFlags(c: Cpu, a: number, b: number): void {
  let v = 0;
  if (a !== a || b !== b) v = ZF | PF | CF;
  else if (a < b) v = CF;
  else if (a === b) v = ZF;
  c.setFlagBits(ZF | PF | CF | OF | SF | AF, v);
}

// ---------------------------------------------------------------- packed integers

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

/** punpckl/h: interleave the low (high) halves of d and s in lanes of `esz` bytes. */
function unpack(st: SimdState, d: number, s: number, bytes: number, esz: number, high: boolean): void {
  const half = bytes >> 1;
  const base = high ? half : 0;
  const out = TMP2;
  for (let k = 0; k < half / esz; k++) {
    copy(st, out + 2 * k * esz, d + base + k * esz, esz);
    copy(st, out + (2 * k + 1) * esz, s + base + k * esz, esz);
  }
  copy(st, d, out, bytes);
}

// ---------------------------------------------------------------- execution

function ud(c: Cpu): never {
  return c.fault(Vector.UD);
}

export function simd(c: Cpu, i: Insn): void {
  mmxPending = false;
  simdOp(c, i);
  if (mmxPending) {
    c.fpu.top = 0;
    c.fpu.empty.fill(0);
  }
}

function simdOp(c: Cpu, i: Insn): void {
  const st = c.simd;
  const b = i.op & 0xff, p = i.op >> 8;
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

/** The regular packed-integer forms: none = MMX (8 bytes), 66 = XMM (16 bytes). Returns false if not one. */
function packedIntOp(c: Cpu, st: SimdState, i: Insn, b: number, wide: boolean): boolean {
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
function specialIntOp(c: Cpu, st: SimdState, i: Insn, b: number, p: number): boolean {
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
    case 0xe6: { // cvttpd2dq (66), cvtdq2pd (F3), cvtpd2dq (F2)
      if (p === P_NONE) return false;
      const d = xmm(i.reg);
      if (p === P_F3) {
        const s = srcX(c, i, 8, false);
        const a = st.i32[s >> 2], x = st.i32[(s >> 2) + 1];
        st.f64[d >> 3] = a;
        st.f64[(d >> 3) + 1] = x;
        return true;
      }
      const s = srcX(c, i, 16, true);
      const a = toInt32(c, st.f64[s >> 3], p === P_66), x = toInt32(c, st.f64[(s >> 3) + 1], p === P_66);
      zero(st, d, 16);
      st.i32[d >> 2] = a;
      st.i32[(d >> 2) + 1] = x;
      return true;
    }
    default:
      return false;
  }
}

/** The 0F 10-2F, 50-5F, C2, C3, C6 float forms. */
function floatOp(c: Cpu, st: SimdState, i: Insn, b: number, p: number): void {
  const d = xmm(i.reg);
  const fop = ARITH_OPS[b];
  if (fop !== undefined) {
    if (p === P_NONE || p === P_66) {
      const s = srcX(c, i, 16, true);
      if (p === P_NONE) for (let k = 0; k < 4; k++) opF32(st, (d >> 2) + k, (s >> 2) + k, fop);
      else for (let k = 0; k < 2; k++) opF64(st, (d >> 3) + k, (s >> 3) + k, fop);
    } else if (p === P_F3) opF32(st, d >> 2, srcX(c, i, 4, false) >> 2, fop);
    else opF64(st, d >> 3, srcX(c, i, 8, false) >> 3, fop);
    return;
  }
  switch (b) {
    case 0x10: case 0x11: {
      const load = b === 0x10;
      if (p === P_NONE || p === P_66) {
        if (load) copy(st, d, srcX(c, i, 16, false), 16);
        else if (i.mem) writeMem(c, c.ea(i), d, 16);
        else copy(st, xmm(i.rm), d, 16);
        return;
      }
      const n = p === P_F3 ? 4 : 8;
      if (load) {
        if (i.mem) { readMem(c, c.ea(i), TMP, n); zero(st, d, 16); copy(st, d, TMP, n); }
        else copy(st, d, xmm(i.rm), n);
      } else if (i.mem) writeMem(c, c.ea(i), d, n);
      else copy(st, xmm(i.rm), d, n);
      return;
    }
    case 0x12: case 0x16: { // movlps/movlpd/movhlps, movhps/movhpd/movlhps
      if (p === P_F3 || p === P_F2) ud(c);
      const high = b === 0x16;
      if (i.mem) { readMem(c, c.ea(i), TMP, 8); copy(st, d + (high ? 8 : 0), TMP, 8); return; }
      if (p === P_66) ud(c);
      if (high) copy(st, d + 8, xmm(i.rm), 8); // movlhps
      else copy(st, d, xmm(i.rm) + 8, 8); // movhlps
      return;
    }
    case 0x13: case 0x17:
      if (!i.mem || p === P_F3 || p === P_F2) ud(c);
      writeMem(c, c.ea(i), d + (b === 0x17 ? 8 : 0), 8);
      return;
    case 0x14: case 0x15:
      if (p !== P_NONE && p !== P_66) ud(c);
      unpack(st, d, srcX(c, i, 16, true), 16, p === P_NONE ? 4 : 8, b === 0x15);
      return;
    case 0x28: case 0x29:
      if (p !== P_NONE && p !== P_66) ud(c);
      if (b === 0x28) copy(st, d, srcX(c, i, 16, true), 16);
      else if (i.mem) { const va = c.ea(i); aligned(c, va); writeMem(c, va, d, 16); }
      else copy(st, xmm(i.rm), d, 16);
      return;
    case 0x2b: case 0xc3: {
      if (!i.mem) ud(c);
      const va = c.ea(i);
      if (b === 0xc3) { if (p !== P_NONE) ud(c); c.wr32(va, c.r[i.reg]); return; } // movnti
      if (p !== P_NONE && p !== P_66) ud(c);
      aligned(c, va);
      writeMem(c, va, d, 16);
      return;
    }
    case 0x2a:
      if (p === P_F3 || p === P_F2) {
        const v = i.mem ? c.rd32(c.ea(i)) : c.r[i.rm];
        if (p === P_F3) st.f32[d >> 2] = v;
        else st.f64[d >> 3] = v;
        return;
      }
      {
        mmxEnter(c);
        const s = srcM(c, i);
        const a = st.i32[s >> 2], x = st.i32[(s >> 2) + 1];
        if (p === P_NONE) { st.f32[d >> 2] = a; st.f32[(d >> 2) + 1] = x; } else { st.f64[d >> 3] = a; st.f64[(d >> 3) + 1] = x; }
      }
      return;
    case 0x2c: case 0x2d: {
      const trunc = b === 0x2c;
      if (p === P_F3) { c.r[i.reg] = toInt32(c, st.f32[srcX(c, i, 4, false) >> 2], trunc); return; }
      if (p === P_F2) { c.r[i.reg] = toInt32(c, st.f64[srcX(c, i, 8, false) >> 3], trunc); return; }
      mmxEnter(c);
      const m = mm(i.reg);
      if (p === P_NONE) {
        const s = srcX(c, i, 8, false);
        const a = toInt32(c, st.f32[s >> 2], trunc), x = toInt32(c, st.f32[(s >> 2) + 1], trunc);
        st.i32[m >> 2] = a; st.i32[(m >> 2) + 1] = x;
      } else {
        const s = srcX(c, i, 16, true);
        const a = toInt32(c, st.f64[s >> 3], trunc), x = toInt32(c, st.f64[(s >> 3) + 1], trunc);
        st.i32[m >> 2] = a; st.i32[(m >> 2) + 1] = x;
      }
      return;
    }
    case 0x2e: case 0x2f:
      if (p === P_NONE) setCompareFlags(c, st.f32[d >> 2], st.f32[srcX(c, i, 4, false) >> 2]);
      else if (p === P_66) setCompareFlags(c, st.f64[d >> 3], st.f64[srcX(c, i, 8, false) >> 3]);
      else ud(c);
      return;
    case 0x50: {
      if (i.mem || (p !== P_NONE && p !== P_66)) ud(c);
      const s = xmm(i.rm);
      c.r[i.reg] = p === P_NONE
        ? (st.u32[s >> 2] >>> 31) | ((st.u32[(s >> 2) + 1] >>> 31) << 1) | ((st.u32[(s >> 2) + 2] >>> 31) << 2) | ((st.u32[(s >> 2) + 3] >>> 31) << 3)
        : (st.u32[(s >> 2) + 1] >>> 31) | ((st.u32[(s >> 2) + 3] >>> 31) << 1);
      return;
    }
    case 0x52: case 0x53: { // rsqrtps/ss, rcpps/ss: exact values rounded to float (hardware approximates)
      if (p !== P_NONE && p !== P_F3) ud(c);
      const s = srcX(c, i, p === P_NONE ? 16 : 4, p === P_NONE);
      const n = p === P_NONE ? 4 : 1;
      for (let k = 0; k < n; k++) {
        const v = st.f32[(s >> 2) + k];
        st.f32[(d >> 2) + k] = b === 0x52 ? 1 / Math.sqrt(v) : 1 / v;
      }
      return;
    }
    case 0x54: case 0x55: case 0x56: case 0x57: {
      if (p !== P_NONE && p !== P_66) ud(c);
      const s = srcX(c, i, 16, true);
      for (let k = 0; k < 4; k++) {
        const a = st.u32[(d >> 2) + k], x = st.u32[(s >> 2) + k];
        st.u32[(d >> 2) + k] = b === 0x54 ? a & x : b === 0x55 ? ~a & x : b === 0x56 ? a | x : a ^ x;
      }
      return;
    }
    case 0x5a: {
      if (p === P_NONE) { // cvtps2pd
        const s = srcX(c, i, 8, false);
        copy(st, TMP2, s, 8);
        f32ToF64(st, d >> 3, TMP2 >> 2);
        f32ToF64(st, (d >> 3) + 1, (TMP2 >> 2) + 1);
      } else if (p === P_66) { // cvtpd2ps
        const s = srcX(c, i, 16, true);
        copy(st, TMP2, s, 16);
        zero(st, d, 16);
        f64ToF32(st, d >> 2, TMP2 >> 3);
        f64ToF32(st, (d >> 2) + 1, (TMP2 >> 3) + 1);
      } else if (p === P_F3) f32ToF64(st, d >> 3, srcX(c, i, 4, false) >> 2);
      else f64ToF32(st, d >> 2, srcX(c, i, 8, false) >> 3);
      return;
    }
    case 0x5b: {
      if (p === P_F2) ud(c);
      const s = srcX(c, i, 16, true);
      for (let k = 0; k < 4; k++) {
        if (p === P_NONE) st.f32[(d >> 2) + k] = st.i32[(s >> 2) + k];
        else st.i32[(d >> 2) + k] = toInt32(c, st.f32[(s >> 2) + k], p === P_F3);
      }
      return;
    }
    case 0xc2: {
      if (p === P_NONE || p === P_66) {
        const s = srcX(c, i, 16, true);
        if (p === P_NONE) for (let k = 0; k < 4; k++) st.u32[(d >> 2) + k] = cmpPredicate(st.f32[(d >> 2) + k], st.f32[(s >> 2) + k], i.imm) ? 0xffffffff : 0;
        else for (let k = 0; k < 2; k++) {
          const m = cmpPredicate(st.f64[(d >> 3) + k], st.f64[(s >> 3) + k], i.imm) ? 0xffffffff : 0;
          st.u32[(d >> 2) + 2 * k] = m; st.u32[(d >> 2) + 2 * k + 1] = m;
        }
      } else if (p === P_F3) {
        const s = srcX(c, i, 4, false);
        st.u32[d >> 2] = cmpPredicate(st.f32[d >> 2], st.f32[s >> 2], i.imm) ? 0xffffffff : 0;
      } else {
        const s = srcX(c, i, 8, false);
        const m = cmpPredicate(st.f64[d >> 3], st.f64[s >> 3], i.imm) ? 0xffffffff : 0;
        st.u32[d >> 2] = m; st.u32[(d >> 2) + 1] = m;
      }
      return;
    }
    case 0xc6: {
      if (p !== P_NONE && p !== P_66) ud(c);
      const s = srcX(c, i, 16, true);
      copy(st, TMP2, d, 16);
      copy(st, TMP2 + 16, s, 16);
      if (p === P_NONE) {
        for (let k = 0; k < 4; k++) copy(st, d + 4 * k, TMP2 + (k >= 2 ? 16 : 0) + 4 * ((i.imm >> (2 * k)) & 3), 4);
      } else {
        copy(st, d, TMP2 + 8 * (i.imm & 1), 8);
        copy(st, d + 8, TMP2 + 16 + 8 * ((i.imm >> 1) & 1), 8);
      }
      return;
    }
    default:
      ud(c);
  }
}

// ---------------------------------------------------------------- 0F AE: fxsave, fxrstor, ldmxcsr, stmxcsr

export function mxcsrOp(c: Cpu, i: Insn): void {
  const va = c.ea(i);
  if (i.reg === 2) {
    const v = c.rd32(va);
    if ((v & 0xffff0000) !== 0) c.fault(Vector.GP, 0);
    c.simd.mxcsr = v & 0xffbf;
  } else c.wr32(va, c.simd.mxcsr);
}

/** fxsave (op 0) / fxrstor (op 1) of the 512-byte area: x87 control state, MXCSR, ST0-7 and XMM0-7. */
export function fxsaveOp(c: Cpu, i: Insn, toF80: (v: number, out: Uint8Array) => void, fromF80: (b: Uint8Array) => number): void {
  const va = c.ea(i);
  if ((va & 15) !== 0) c.fault(Vector.GP, 0);
  const f = c.fpu, st = c.simd;
  const img = new Uint8Array(512);
  const dv = new DataView(img.buffer);
  if (i.reg === 0) {
    c.checkW(va, 512);
    dv.setUint16(0, f.cw, true);
    dv.setUint16(2, f.statusWord(), true);
    let tags = 0;
    for (let k = 0; k < 8; k++) if (f.empty[k] === 0) tags |= 1 << k;
    img[4] = tags;
    dv.setUint32(24, st.mxcsr, true);
    dv.setUint32(28, 0xffbf, true);
    const reg = new Uint8Array(10);
    for (let k = 0; k < 8; k++) {
      toF80(f.st[(f.top + k) & 7], reg);
      img.set(reg, 32 + 16 * k);
    }
    img.set(st.u8.subarray(XMM, XMM + 128), 160);
    for (let k = 0; k < 512; k += 4) c.wr32((va + k) | 0, dv.getInt32(k, true));
    return;
  }
  for (let k = 0; k < 512; k += 4) dv.setInt32(k, c.rd32((va + k) | 0), true);
  const mx = dv.getUint32(24, true);
  if ((mx & 0xffff0000) !== 0) c.fault(Vector.GP, 0);
  f.cw = dv.getUint16(0, true);
  const sw = dv.getUint16(2, true);
  f.top = (sw >> 11) & 7;
  f.sw = sw & ~0x3800;
  for (let k = 0; k < 8; k++) {
    f.empty[k] = (img[4] >> k) & 1 ? 0 : 1;
    f.st[(f.top + k) & 7] = fromF80(img.subarray(32 + 16 * k, 42 + 16 * k));
  }
  st.mxcsr = mx & 0xffbf;
  st.u8.set(img.subarray(160, 288), XMM);
}
