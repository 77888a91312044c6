// x87 floating point (D8-DF escape opcodes). Values are JavaScript doubles: results are those of
// 64-bit (double) precision, which is what gcc's -m32 double code expects in practice.
import type { Cpu } from './cpu';
import { Reg, Vector } from './cpu-enums';
import type { DecodeState } from './decode-state';
import type { Insn } from './decoded-instruction';
import { CF, OF, PF, SF, ZF, AF } from './flags';

const C0 = 0x100, C1 = 0x200, C2 = 0x400, C3 = 0x4000;
const scratch = new ArrayBuffer(8);
const f64 = new Float64Array(scratch);
const f32 = new Float32Array(scratch);
const i32 = new Int32Array(scratch);

/** Chooses the x87 handler of opcode D8-DF once the table's decoder has read the ModRM operand. */
export function decodeX87(_d: DecodeState, i: Insn, opcode: number): void {
  const k = opcode - 0xd8;
  if (i.mem) {
    i.op = k * 8 + i.reg;
    i.fn = fpuMem;
  } else {
    i.op = k * 64 + (i.reg << 3) + i.rm;
    i.fn = fpuReg;
  }
}

function st(c: Cpu, n: number): number {
  return c.fpu.st[(c.fpu.top + n) & 7];
}
function setSt(c: Cpu, n: number, v: number): void {
  const k = (c.fpu.top + n) & 7;
  c.fpu.st[k] = v;
  c.fpu.empty[k] = 0;
}
function push(c: Cpu, v: number): void {
  const f = c.fpu;
  f.top = (f.top - 1) & 7;
  f.st[f.top] = v;
  f.empty[f.top] = 0;
}
function pop(c: Cpu): void {
  const f = c.fpu;
  f.empty[f.top] = 1;
  f.top = (f.top + 1) & 7;
}

function rdF32(c: Cpu, va: number): number {
  i32[0] = c.rd32(va);
  return f32[0];
}
function rdF64(c: Cpu, va: number): number {
  i32[0] = c.rd32(va);
  i32[1] = c.rd32((va + 4) | 0);
  return f64[0];
}
function wrF32(c: Cpu, va: number, v: number): void {
  f32[0] = v;
  c.wr32(va, i32[0]);
}
function wrF64(c: Cpu, va: number, v: number): void {
  c.checkW(va, 8);
  f64[0] = v;
  c.wr32(va, i32[0]);
  c.wr32((va + 4) | 0, i32[1]);
}
function rdI64(c: Cpu, va: number): number {
  const lo = c.rd32(va) >>> 0, hi = c.rd32((va + 4) | 0);
  return hi * 4294967296 + lo;
}
/** 80-bit extended → double (rounded). */
function rdF80(c: Cpu, va: number): number {
  const lo = c.rd32(va) >>> 0, hi = c.rd32((va + 4) | 0) >>> 0;
  return f80PartsToDouble(lo, hi, c.rd16((va + 8) | 0));
}

/**
 * The value of an 80-bit extended number as a double. Unnormals, pseudo-NaNs and pseudo-infinities (integer bit
 * clear with a non-zero exponent) are invalid operands on the 387 and later: they load as NaN. The scaling is
 * split so that values in the double's denormal range do not underflow to zero on the way.
 */
export function f80PartsToDouble(lo: number, hi: number, se: number): number {
  const sign = se & 0x8000 ? -1 : 1;
  const exp = se & 0x7fff;
  if (exp !== 0 && (hi & 0x80000000) === 0) return NaN;
  if (exp === 0x7fff) return (hi & 0x7fffffff) === 0 && lo === 0 ? sign * Infinity : NaN;
  const mant = hi * 4294967296 + lo; // rounded to double precision
  if (mant === 0) return sign * 0;
  const e = Math.max(exp, 1) - 16383 - 63;
  return sign * (e < -1000 ? mant * Math.pow(2, e + 200) * Math.pow(2, -200) : mant * Math.pow(2, e));
}
function wrF80(c: Cpu, va: number, v: number): void {
  c.checkW(va, 10);
  let se = 0, hi = 0, lo = 0;
  if (Number.isNaN(v)) { se = 0x7fff; hi = 0xc0000000; }
  else {
    if (v < 0 || Object.is(v, -0)) { se = 0x8000; v = -v; }
    if (v === Infinity) { se |= 0x7fff; hi = 0x80000000; }
    else if (v !== 0) {
      let e = Math.floor(Math.log2(v));
      let m = v / Math.pow(2, e);
      if (m >= 2) { m /= 2; e++; } else if (m < 1) { m *= 2; e--; }
      se |= (e + 16383) & 0x7fff;
      const top = m * 2147483648; // m in [1,2) → bits 63..32
      hi = Math.floor(top);
      lo = Math.round((top - hi) * 4294967296);
      if (lo >= 4294967296) { lo = 0; hi++; }
    }
  }
  c.wr32(va, lo | 0);
  c.wr32((va + 4) | 0, hi | 0);
  c.wr16((va + 8) | 0, se);
}

/** 80-bit extended bytes → double (fxrstor). */
/**
 * FSCALE: st(0) · 2^trunc(st(1)), with the SDM's special-case table: 0 · 2^(finite or -inf) = 0 and
 * ±inf · 2^(finite or +inf) = ±inf with the sign kept, 0 · 2^+inf and inf · 2^-inf are invalid (NaN), finite
 * nonzero · 2^±inf is ±inf / ±0. A huge finite st(1) must not turn 0 · 2^n into 0 · inf, so the exponent is
 * clamped (beyond ±2200 every finite double over- or underflows anyway) and applied in steps that stay finite.
 */
export function fscale(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (!Number.isFinite(y)) return x * Math.pow(2, y);
  let n = Math.max(-2200, Math.min(2200, Math.trunc(y)));
  let v = x;
  while (n !== 0 && v !== 0 && Number.isFinite(v)) {
    const step = Math.max(-1000, Math.min(1000, n));
    v *= Math.pow(2, step);
    n -= step;
  }
  return v;
}

export function f80ToDouble(b: Uint8Array): number {
  const dv = new DataView(b.buffer, b.byteOffset, 10);
  return f80PartsToDouble(dv.getUint32(0, true), dv.getUint32(4, true), dv.getUint16(8, true));
}

/** double → 80-bit extended bytes (fxsave); exact, since every double fits the extended format. */
export function doubleToF80(v: number, out: Uint8Array): void {
  const dv = new DataView(out.buffer, out.byteOffset, 10);
  f64[0] = v;
  const dhi = i32[1] >>> 0, dlo = i32[0] >>> 0;
  const sign = dhi >>> 31;
  const e = (dhi >>> 20) & 0x7ff;
  let m1 = ((dhi & 0xfffff) << 11) | (dlo >>> 21), m0 = (dlo << 11) >>> 0;
  let se = sign << 15;
  if (e === 0x7ff) { se |= 0x7fff; m1 |= 0x80000000; }
  else if (e !== 0) { se |= e - 1023 + 16383; m1 |= 0x80000000; }
  else if (m1 !== 0 || m0 !== 0) {
    // denormal double: normalise into the wider exponent range
    let exp = 1 - 1023 + 16383;
    while ((m1 & 0x80000000) === 0) { m1 = (m1 << 1) | (m0 >>> 31); m0 = (m0 << 1) >>> 0; exp--; }
    se |= exp;
  }
  dv.setUint32(0, m0, true);
  dv.setUint32(4, m1 >>> 0, true);
  dv.setUint16(8, se, true);
}

/** Rounds per the control word's RC field. */
function round(c: Cpu, v: number): number {
  switch ((c.fpu.cw >> 10) & 3) {
    case 0: {
      const r = Math.round(v);
      return r - v === 0.5 && (r & 1) !== 0 ? r - 1 : r; // ties to even
    }
    case 1: return Math.floor(v);
    case 2: return Math.ceil(v);
    default: return Math.trunc(v);
  }
}
/** Integer store with the "integer indefinite" value for out-of-range or NaN. */
function toInt(c: Cpu, v: number, bits: number): number {
  const r = round(c, v);
  const lim = Math.pow(2, bits - 1);
  if (!(r >= -lim && r < lim)) return -lim;
  return r;
}

function arith(op: number, a: number, b: number): number {
  switch (op) {
    case 0: return a + b;
    case 1: return a * b;
    case 4: return a - b;
    case 5: return b - a;
    case 6: return a / b;
    default: return b / a;
  }
}

function compare(c: Cpu, a: number, b: number): void {
  const f = c.fpu;
  f.sw &= ~(C0 | C2 | C3);
  if (Number.isNaN(a) || Number.isNaN(b)) f.sw |= C0 | C2 | C3;
  else if (a < b) f.sw |= C0;
  else if (a === b) f.sw |= C3;
}

function compareEflags(c: Cpu, a: number, b: number): void {
  let v = 0;
  if (Number.isNaN(a) || Number.isNaN(b)) v = ZF | PF | CF;
  else if (a < b) v = CF;
  else if (a === b) v = ZF;
  c.setFlagBits(ZF | PF | CF | OF | SF | AF, v);
}

function fpuMem(c: Cpu, i: Insn): void {
  const va = c.ea(i);
  const f = c.fpu;
  const k = i.op >> 3, reg = i.op & 7;
  if (k === 0 || k === 2 || k === 4 || k === 6) {
    // arithmetic with a memory operand: m32fp, m32int, m64fp, m16int
    const m = k === 0 ? rdF32(c, va) : k === 2 ? c.rd32(va) : k === 4 ? rdF64(c, va) : (c.rd16(va) << 16) >> 16;
    if (reg === 2 || reg === 3) {
      compare(c, st(c, 0), m);
      if (reg === 3) pop(c);
    } else setSt(c, 0, arith(reg, st(c, 0), m));
    return;
  }
  switch (i.op) {
    case 8: push(c, rdF32(c, va)); return; // flds
    case 10: wrF32(c, va, st(c, 0)); return;
    case 11: wrF32(c, va, st(c, 0)); pop(c); return;
    case 12: loadEnv(c, va); return; // fldenv
    case 13: f.cw = c.rd16(va); return; // fldcw
    case 14: storeEnv(c, va); f.cw |= 0x3f; return; // fnstenv (then masks all exceptions)
    case 15: c.wr16(va, f.cw); return; // fnstcw
    case 24: push(c, c.rd32(va)); return; // fildl
    case 25: c.wr32(va, toIntTrunc(st(c, 0), 32)); pop(c); return; // fisttpl
    case 26: c.wr32(va, toInt(c, st(c, 0), 32)); return;
    case 27: c.wr32(va, toInt(c, st(c, 0), 32)); pop(c); return;
    case 29: push(c, rdF80(c, va)); return; // fldt
    case 31: wrF80(c, va, st(c, 0)); pop(c); return; // fstpt
    case 40: push(c, rdF64(c, va)); return; // fldl
    case 41: wrI64(c, va, toIntTrunc(st(c, 0), 64)); pop(c); return;
    case 42: wrF64(c, va, st(c, 0)); return;
    case 43: wrF64(c, va, st(c, 0)); pop(c); return;
    case 44: { // frstor
      const regs: number[] = [];
      for (let k = 0; k < 8; k++) regs.push(rdF80(c, (va + 28 + 10 * k) | 0));
      loadEnv(c, va);
      for (let k = 0; k < 8; k++) f.st[(f.top + k) & 7] = regs[k];
      return;
    }
    case 46: { // fnsave, then fninit
      c.checkW(va, 108);
      storeEnv(c, va);
      const out = new Uint8Array(10);
      for (let k = 0; k < 8; k++) {
        doubleToF80(st(c, k), out);
        for (let b = 0; b < 10; b++) c.wr8((va + 28 + 10 * k + b) | 0, out[b]);
      }
      f.reset();
      return;
    }
    case 47: c.wr16(va, f.statusWord()); return; // fnstsw m16
    case 56: push(c, (c.rd16(va) << 16) >> 16); return; // filds
    case 57: c.wr16(va, toIntTrunc(st(c, 0), 16) & 0xffff); pop(c); return;
    case 58: c.wr16(va, toInt(c, st(c, 0), 16) & 0xffff); return;
    case 59: c.wr16(va, toInt(c, st(c, 0), 16) & 0xffff); pop(c); return;
    case 61: push(c, rdI64(c, va)); return; // fildll
    case 63: wrI64(c, va, toInt(c, st(c, 0), 64)); pop(c); return; // fistpll
    default: c.fault(Vector.UD);
  }
}

/** The 2-bit tag of physical register k: 0 valid, 1 zero, 2 special, 3 empty. */
function tagOf(c: Cpu, k: number): number {
  const f = c.fpu;
  if (f.empty[k]) return 3;
  const v = f.st[k];
  if (v === 0) return 1;
  return Number.isFinite(v) && Math.abs(v) >= 2.2250738585072014e-308 ? 0 : 2;
}

/** fnstenv's 28-byte protected-mode image (instruction and operand pointers are not tracked: zero). */
function storeEnv(c: Cpu, va: number): void {
  const f = c.fpu;
  c.checkW(va, 28);
  let tags = 0;
  for (let k = 0; k < 8; k++) tags |= tagOf(c, k) << (2 * k);
  const words = [0xffff0000 | f.cw, 0xffff0000 | f.statusWord(), 0xffff0000 | tags, 0, 0, 0, 0xffff0000];
  for (let k = 0; k < 7; k++) c.wr32((va + 4 * k) | 0, words[k]);
}

function loadEnv(c: Cpu, va: number): void {
  const f = c.fpu;
  const cw = c.rd16(va), sw = c.rd16((va + 4) | 0), tags = c.rd16((va + 8) | 0);
  f.cw = cw;
  f.top = (sw >> 11) & 7;
  f.sw = sw & ~0x3800;
  for (let k = 0; k < 8; k++) f.empty[k] = ((tags >> (2 * k)) & 3) === 3 ? 1 : 0;
}

function toIntTrunc(v: number, bits: number): number {
  const r = Math.trunc(v);
  const lim = Math.pow(2, bits - 1);
  return r >= -lim && r < lim ? r : -lim;
}

function wrI64(c: Cpu, va: number, v: number): void {
  c.checkW(va, 8);
  const hi = Math.floor(v / 4294967296);
  const lo = v - hi * 4294967296;
  c.wr32(va, lo | 0);
  c.wr32((va + 4) | 0, hi | 0);
}

const CONSTANTS: Record<number, number> = {
  0x28: 1, 0x29: Math.log2(10), 0x2a: Math.LOG2E, 0x2b: Math.PI, 0x2c: Math.log10(2), 0x2d: Math.LN2, 0x2e: 0,
};

function fpuReg(c: Cpu, i: Insn): void {
  const f = c.fpu;
  const k = i.op >> 6, reg = (i.op >> 3) & 7, n = i.op & 7, low = i.op & 63;
  switch (k) {
    case 0:
      if (reg === 2 || reg === 3) {
        compare(c, st(c, 0), st(c, n));
        if (reg === 3) pop(c);
      } else setSt(c, 0, arith(reg, st(c, 0), st(c, n)));
      return;
    case 1:
      if (reg === 0) { push(c, 0); fixFld(c, n); return; }
      if (reg === 1) { fxch(c, n); return; }
      if (reg === 3) { setSt(c, n, st(c, 0)); pop(c); return; } // D9 D8+i: fstp1, an alias of fstp st(i)
      if (low in CONSTANTS) { push(c, CONSTANTS[low]); return; }
      switch (low) {
        case 0x10: return; // fnop
        case 0x34: { // fxtract: ST0 → exponent, then push the significand
          const v = st(c, 0);
          if (v === 0) { setSt(c, 0, -Infinity); push(c, v); f.sw |= 0x4; return; }
          if (!Number.isFinite(v)) { setSt(c, 0, Number.isNaN(v) ? v : Infinity); push(c, v); return; }
          let e = Math.floor(Math.log2(Math.abs(v)));
          let m = v / Math.pow(2, e);
          if (Math.abs(m) >= 2) { m /= 2; e++; } else if (Math.abs(m) < 1) { m *= 2; e--; }
          setSt(c, 0, e);
          push(c, m);
          return;
        }
        case 0x20: setSt(c, 0, -st(c, 0)); return;
        case 0x21: setSt(c, 0, Math.abs(st(c, 0))); return;
        case 0x24: compare(c, st(c, 0), 0); return; // ftst
        case 0x25: fxam(c); return;
        case 0x30: setSt(c, 0, Math.pow(2, st(c, 0)) - 1); return;
        case 0x31: setSt(c, 1, st(c, 1) * Math.log2(st(c, 0))); pop(c); return;
        case 0x32: setSt(c, 0, Math.tan(st(c, 0))); push(c, 1); return;
        case 0x33: setSt(c, 1, Math.atan2(st(c, 1), st(c, 0))); pop(c); return;
        case 0x36: f.top = (f.top - 1) & 7; return;
        case 0x37: f.top = (f.top + 1) & 7; return;
        case 0x38: case 0x35: { // fprem / fprem1
          const a = st(c, 0), b = st(c, 1);
          const q = low === 0x38 ? Math.trunc(a / b) : Math.round(a / b);
          setSt(c, 0, a - q * b);
          f.sw &= ~(C0 | C1 | C2 | C3);
          return;
        }
        case 0x39: setSt(c, 1, st(c, 1) * Math.log2(st(c, 0) + 1)); pop(c); return;
        case 0x3a: setSt(c, 0, Math.sqrt(st(c, 0))); return;
        case 0x3b: { const a = st(c, 0); setSt(c, 0, Math.sin(a)); push(c, Math.cos(a)); return; }
        case 0x3c: setSt(c, 0, round(c, st(c, 0))); return;
        case 0x3d: setSt(c, 0, fscale(st(c, 0), st(c, 1))); return;
        case 0x3e: setSt(c, 0, Math.sin(st(c, 0))); f.sw &= ~C2; return;
        case 0x3f: setSt(c, 0, Math.cos(st(c, 0))); f.sw &= ~C2; return;
        default: c.fault(Vector.UD);
      }
      return;
    case 2:
      if (low === 0x29) { compare(c, st(c, 0), st(c, 1)); pop(c); pop(c); return; } // fucompp
      if (reg < 4) { if (fcmovCond(c, reg)) setSt(c, 0, st(c, n)); return; }
      c.fault(Vector.UD);
      return;
    case 3:
      if (low === 0x22) { f.sw &= C0 | C1 | C2 | C3; return; } // fnclex
      if (low === 0x23) { f.reset(); return; } // fninit
      if (low === 0x20 || low === 0x21 || low === 0x24) return; // fneni, fndisi, fsetpm: no-ops since the 387
      if (reg < 4) { if (!fcmovCond(c, reg)) setSt(c, 0, st(c, n)); return; }
      if (reg === 5 || reg === 6) { compareEflags(c, st(c, 0), st(c, n)); return; }
      c.fault(Vector.UD);
      return;
    case 4:
    case 6:
      if (k === 6 && low === 0x19) { compare(c, st(c, 0), st(c, 1)); pop(c); pop(c); return; } // fcompp
      if (k === 6 && reg === 3) c.fault(Vector.UD); // DE D8-DF other than fcompp (D9) are reserved (SDM Table A-10)
      if (reg === 2 || reg === 3) {
        compare(c, st(c, 0), st(c, n));
        if (reg === 3 || k === 6) pop(c);
        return;
      }
      // DC/DE register forms: st(i) = st(i) op st(0), with sub/div operand order reversed from D8.
      setSt(c, n, arith(reg ^ (reg >= 4 ? 1 : 0), st(c, n), st(c, 0)));
      if (k === 6) pop(c);
      return;
    case 5:
      switch (reg) {
        case 0: f.empty[(f.top + n) & 7] = 1; return; // ffree
        case 1: fxch(c, n); return; // DD C8+i: fxch4, an alias of fxch
        case 2: setSt(c, n, st(c, 0)); return;
        case 3: setSt(c, n, st(c, 0)); pop(c); return;
        case 4: compare(c, st(c, 0), st(c, n)); return;
        case 5: compare(c, st(c, 0), st(c, n)); pop(c); return;
        default: c.fault(Vector.UD);
      }
      return;
    default:
      if (low === 0x20) { c.r16[Reg.EAX << 1] = f.statusWord(); return; } // fnstsw ax
      if (reg === 0) { f.empty[(f.top + n) & 7] = 1; pop(c); return; } // ffreep
      if (reg === 1) { fxch(c, n); return; } // DF C8+i: fxch7, an alias of fxch
      if (reg === 2 || reg === 3) { setSt(c, n, st(c, 0)); pop(c); return; } // DF D0+i/D8+i: fstp8/fstp9 aliases
      if (reg === 5 || reg === 6) { compareEflags(c, st(c, 0), st(c, n)); pop(c); return; }
      c.fault(Vector.UD);
  }
}

// The undocumented aliases (fxch4/fxch7, fstp1/fstp8/fstp9) behave as their documented forms on Intel and AMD
// processors; compilers do not emit them, but hand-written and fuzzed code does.
function fxch(c: Cpu, n: number): void {
  const a = st(c, 0);
  setSt(c, 0, st(c, n));
  setSt(c, n, a);
}

/** fld st(i): the value was read before the push moved TOP, so re-read relative to the old TOP. */
function fixFld(c: Cpu, n: number): void {
  const f = c.fpu;
  f.st[f.top] = f.st[(f.top + 1 + n) & 7];
}

function fcmovCond(c: Cpu, reg: number): boolean {
  switch (reg) {
    case 0: return c.getCF() !== 0;
    case 1: return c.getZF();
    case 2: return c.getCF() !== 0 || c.getZF();
    default: return c.getPF();
  }
}

function fxam(c: Cpu): void {
  const f = c.fpu;
  const v = st(c, 0);
  let bits = 0;
  if (f.empty[f.top]) bits = C3 | C0;
  else if (Number.isNaN(v)) bits = C0;
  else if (!Number.isFinite(v)) bits = C2 | C0;
  else if (v === 0) bits = C3;
  else if (Math.abs(v) < 2.2250738585072014e-308) bits = C3 | C2;
  else bits = C2;
  if (v < 0 || Object.is(v, -0)) bits |= C1;
  f.sw = (f.sw & ~(C0 | C1 | C2 | C3)) | bits;
}
