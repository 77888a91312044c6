// SSE and SSE2 floating point of the 0F map: the mandatory prefix picks packed single (none), packed double (66),
// scalar single (F3) or scalar double (F2). Results follow SSE's NaN rules bit-exactly (first NaN operand
// quietened, else the default NaN) for the operations compilers emit.
import type { Cpu } from './cpu';
import { Vector } from './cpu-enums';
import type { Insn } from './decoded-instruction';
import { AF, CF, OF, PF, SF, ZF } from './flags';
import { SimdState, TMP, TMP2, XMM } from './simd-state';
import { aligned, copy, mm, mmxEnter, P_66, P_F2, P_F3, P_NONE, readMem, srcM, srcX, ud, unpack, writeMem, xmm, zero } from './simd-operands';

const enum FOp { ADD, SUB, MUL, DIV, MIN, MAX, SQRT }

/** Lane layout of a float width in SimdState.u32: words per lane, the quiet bit and the default NaN of the top word. */
interface FloatWidth {
  words: 1 | 2;
  quiet: number;
  defaultNaN: number;
}
const F32: FloatWidth = { words: 1, quiet: 0x400000, defaultNaN: 0xffc00000 };
const F64: FloatWidth = { words: 2, quiet: 0x80000, defaultNaN: 0xfff80000 };

/** Copies lane `s` to lane `d` (u32 words), quietening it when `quiet`. */
function copyLane(u: Uint32Array, w: FloatWidth, d: number, s: number, quiet: boolean): void {
  const n = w.words;
  for (let k = 0; k < n; k++) u[n * d + k] = u[n * s + k];
  if (quiet) u[n * d + n - 1] |= w.quiet;
}

function defaultNaN(u: Uint32Array, w: FloatWidth, d: number): void {
  const n = w.words;
  for (let k = 0; k < n - 1; k++) u[n * d + k] = 0;
  u[n * d + n - 1] = w.defaultNaN;
}

/**
 * One lane of a float operation, for either width: `f` is st.f32 or st.f64 and `d`/`s` are lane indices into it
 * (`d` is the destination and first operand). For float lanes the double result rounds correctly to float.
 */
function opFloat(st: SimdState, w: FloatWidth, d: number, s: number, op: FOp): void {
  const f = w.words === 2 ? st.f64 : st.f32, u = st.u32;
  const a = f[d], b = f[s];
  let r: number;
  switch (op) {
    case FOp.ADD: r = a + b; break;
    case FOp.SUB: r = a - b; break;
    case FOp.MUL: r = a * b; break;
    case FOp.DIV: r = a / b; break;
    case FOp.MIN: if (!(a < b)) copyLane(u, w, d, s, false); return;
    case FOp.MAX: if (!(a > b)) copyLane(u, w, d, s, false); return;
    default:
      if (b !== b) { copyLane(u, w, d, s, true); return; }
      r = Math.sqrt(b);
      if (r !== r) { defaultNaN(u, w, d); return; }
      f[d] = r;
      return;
  }
  if (r !== r) {
    if (a !== a) u[w.words * d + w.words - 1] |= w.quiet;
    else if (b !== b) copyLane(u, w, d, s, true);
    else defaultNaN(u, w, d);
    return;
  }
  f[d] = r;
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

/** The 0F 10-2F, 50-5F, C2, C3, C6 float forms and the E6 conversions. */
export function floatOp(c: Cpu, st: SimdState, i: Insn, b: number, p: number): void {
  const d = xmm(i.reg);
  const fop = ARITH_OPS[b];
  if (fop !== undefined) {
    if (p === P_NONE || p === P_66) {
      const s = srcX(c, i, 16, true);
      if (p === P_NONE) for (let k = 0; k < 4; k++) opFloat(st, F32, (d >> 2) + k, (s >> 2) + k, fop);
      else for (let k = 0; k < 2; k++) opFloat(st, F64, (d >> 3) + k, (s >> 3) + k, fop);
    } else if (p === P_F3) opFloat(st, F32, d >> 2, srcX(c, i, 4, false) >> 2, fop);
    else opFloat(st, F64, d >> 3, srcX(c, i, 8, false) >> 3, fop);
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
    case 0xe6: { // cvttpd2dq (66), cvtdq2pd (F3), cvtpd2dq (F2)
      if (p === P_NONE) ud(c);
      const d = xmm(i.reg);
      if (p === P_F3) {
        const s = srcX(c, i, 8, false);
        const a = st.i32[s >> 2], x = st.i32[(s >> 2) + 1];
        st.f64[d >> 3] = a;
        st.f64[(d >> 3) + 1] = x;
        return;
      }
      const s = srcX(c, i, 16, true);
      const a = toInt32(c, st.f64[s >> 3], p === P_66), x = toInt32(c, st.f64[(s >> 3) + 1], p === P_66);
      zero(st, d, 16);
      st.i32[d >> 2] = a;
      st.i32[(d >> 2) + 1] = x;
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

