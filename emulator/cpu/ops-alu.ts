// Integer arithmetic, logic, shifts, multiplication and division.
import type { Cpu } from './cpu';
import { Reg, Vector } from './cpu-enums';
import type { Insn } from './decoded-instruction';
import { AF, CF, FlagOp, OF, PF, SF, ZF } from './flags';
import { alu, incdec } from './alu-semantics';

export { alu };

const MASK = [0, 0xff, 0xffff, 0, -1];

/** E op= G */
export function aluEG(c: Cpu, i: Insn): void {
  const size = i.size;
  const b = c.getReg(i.reg, size);
  if (!i.mem) {
    const r = alu(c, i.op, c.getReg(i.rm, size), b, size);
    if (i.op !== 7) c.setReg(i.rm, r, size);
    return;
  }
  const va = c.ea(i);
  if (i.op === 7) {
    alu(c, 7, c.rd(va, size), b, size);
    return;
  }
  // rdw checked the destination writable, so the store after the flag update cannot fault.
  const r = alu(c, i.op, c.rdw(va, size), b, size);
  c.wr(va, r, size);
}

/** G op= E */
export function aluGE(c: Cpu, i: Insn): void {
  const size = i.size;
  const r = alu(c, i.op, c.getReg(i.reg, size), c.getE(i), size);
  if (i.op !== 7) c.setReg(i.reg, r, size);
}

/** 32-bit register-register form of G op= E (the most common ALU shape). */
export function aluGE32rr(c: Cpu, i: Insn): void {
  const r = alu(c, i.op, c.r[i.reg], c.r[i.rm], 4);
  if (i.op !== 7) c.r[i.reg] = r;
}

/** E op= imm (also AL/eAX op= imm, decoded as a register E operand). */
export function aluEI(c: Cpu, i: Insn): void {
  const size = i.size;
  if (!i.mem) {
    const r = alu(c, i.op, c.getReg(i.rm, size), i.imm, size);
    if (i.op !== 7) c.setReg(i.rm, r, size);
    return;
  }
  const va = c.ea(i);
  if (i.op === 7) {
    alu(c, 7, c.rd(va, size), i.imm, size);
    return;
  }
  const r = alu(c, i.op, c.rdw(va, size), i.imm, size);
  c.wr(va, r, size);
}

export function testEG(c: Cpu, i: Insn): void {
  alu(c, 4, c.getE(i), c.getReg(i.reg, i.size), i.size);
}

export function testEI(c: Cpu, i: Insn): void {
  alu(c, 4, c.getE(i), i.imm, i.size);
}

/** inc/dec of a 32-bit register (40-4F); op 0 inc, 1 dec. */
export function incdecR(c: Cpu, i: Insn): void {
  c.setReg(i.reg, incdec(c, c.getReg(i.reg, i.size), i.op !== 0, i.size), i.size);
}

export function incdecE(c: Cpu, i: Insn): void {
  if (!i.mem) {
    c.setReg(i.rm, incdec(c, c.getReg(i.rm, i.size), i.op !== 0, i.size), i.size);
    return;
  }
  const va = c.ea(i);
  const v = c.rdw(va, i.size);
  c.wr(va, (i.op !== 0 ? v - 1 : v + 1) & MASK[i.size], i.size);
  incdec(c, v, i.op !== 0, i.size);
}

export function notE(c: Cpu, i: Insn): void {
  if (!i.mem) {
    c.setReg(i.rm, ~c.getReg(i.rm, i.size) & MASK[i.size], i.size);
    return;
  }
  const va = c.ea(i);
  c.wr(va, ~c.rdw(va, i.size) & MASK[i.size], i.size);
}

export function negE(c: Cpu, i: Insn): void {
  const size = i.size;
  const m = MASK[size];
  if (!i.mem) {
    const v = c.getReg(i.rm, size);
    const r = (0 - v) & m;
    c.setReg(i.rm, r, size);
    c.setLazy(FlagOp.SUB, 0, v & m, r, size << 3);
    return;
  }
  const va = c.ea(i);
  const v = c.rdw(va, size);
  const r = (0 - v) & m;
  c.wr(va, r, size);
  c.setLazy(FlagOp.SUB, 0, v & m, r, size << 3);
}

/** High 32 bits of the unsigned 64-bit product a*b. */
export function mulHighU32(a: number, b: number): number {
  const al = a & 0xffff, ah = a >>> 16, bl = b & 0xffff, bh = b >>> 16;
  const p0 = al * bl, p1 = al * bh, p2 = ah * bl, p3 = ah * bh;
  const mid = (p0 >>> 16) + (p1 & 0xffff) + (p2 & 0xffff);
  return (p3 + (p1 >>> 16) + (p2 >>> 16) + (mid >>> 16)) | 0;
}

/** High 32 bits of the signed 64-bit product a*b. */
export function mulHighS32(a: number, b: number): number {
  let h = mulHighU32(a, b);
  if (a < 0) h = (h - b) | 0;
  if (b < 0) h = (h - a) | 0;
  return h;
}

/** F6/F7 /4 mul, /5 imul (one operand). */
export function mulE(c: Cpu, i: Insn): void {
  const v = c.getE(i);
  const signed = i.op === 5;
  const r = c.r;
  if (i.size === 1) {
    const a = c.r8[0];
    const p = signed ? ((a << 24) >> 24) * ((v << 24) >> 24) : a * v;
    c.r16[0] = p & 0xffff;
    const over = signed ? p !== ((p << 24) >> 24) : (p >>> 8) !== 0;
    c.setResultFlags(p & 0xff, 8, over ? 1 : 0, over ? 1 : 0);
  } else if (i.size === 2) {
    const a = c.r16[0];
    const p = signed ? ((a << 16) >> 16) * ((v << 16) >> 16) : a * v;
    c.r16[0] = p & 0xffff;
    c.r16[Reg.EDX << 1] = (p >> 16) & 0xffff;
    const over = signed ? p !== ((p << 16) >> 16) : (p >>> 16) !== 0;
    c.setResultFlags(p & 0xffff, 16, over ? 1 : 0, over ? 1 : 0);
  } else {
    const a = r[Reg.EAX];
    const lo = Math.imul(a, v);
    const hi = signed ? mulHighS32(a, v) : mulHighU32(a >>> 0, v >>> 0);
    r[Reg.EAX] = lo;
    r[Reg.EDX] = hi;
    const over = signed ? hi !== (lo >> 31) : hi !== 0;
    c.setResultFlags(lo, 32, over ? 1 : 0, over ? 1 : 0);
  }
}

/** Two- and three-operand imul: G = E * (G or imm). `op` 1 → use imm. */
export function imulGE(c: Cpu, i: Insn): void {
  const b = c.getE(i);
  const a = i.op === 1 ? i.imm : c.getReg(i.reg, i.size);
  if (i.size === 2) {
    const p = ((a << 16) >> 16) * ((b << 16) >> 16);
    const over = p !== ((p << 16) >> 16);
    c.setReg(i.reg, p & 0xffff, 2);
    c.setResultFlags(p & 0xffff, 16, over ? 1 : 0, over ? 1 : 0);
    return;
  }
  const lo = Math.imul(a, b);
  const over = mulHighS32(a | 0, b | 0) !== (lo >> 31);
  c.r[i.reg] = lo;
  c.setResultFlags(lo, 32, over ? 1 : 0, over ? 1 : 0);
}

/**
 * Unsigned (hi:lo) / d for hi < d, so the quotient fits 32 bits. Done in two 16-bit steps so every
 * intermediate stays below 2^53 and is exact in a double. Returns quotient; remainder in DIV_REM.
 */
let DIV_REM = 0;
function divU64by32(hi: number, lo: number, d: number): number {
  let rem = hi;
  let x = rem * 65536 + (lo >>> 16);
  const q1 = Math.floor(x / d);
  rem = x - q1 * d;
  x = rem * 65536 + (lo & 0xffff);
  const q0 = Math.floor(x / d);
  DIV_REM = x - q0 * d;
  return q1 * 65536 + q0;
}

/** F6/F7 /6 div, /7 idiv. Flags are undefined afterwards; they are left unchanged. */
export function divE(c: Cpu, i: Insn): void {
  const v = c.getE(i);
  const signed = i.op === 7;
  if (i.size === 1) {
    const a = c.r16[0];
    if (v === 0) c.fault(Vector.DE);
    let q: number, rm: number;
    if (signed) {
      const n = (a << 16) >> 16, d = (v << 24) >> 24;
      q = Math.trunc(n / d);
      rm = n - q * d;
      if (q > 127 || q < -128) c.fault(Vector.DE);
    } else {
      q = Math.floor(a / v);
      rm = a - q * v;
      if (q > 255) c.fault(Vector.DE);
    }
    c.r8[0] = q & 0xff;
    c.r8[1] = rm & 0xff;
    return;
  }
  if (i.size === 2) {
    const a = ((c.r16[Reg.EDX << 1] << 16) | c.r16[0]) >>> 0;
    if (v === 0) c.fault(Vector.DE);
    let q: number, rm: number;
    if (signed) {
      const n = a | 0, d = (v << 16) >> 16;
      q = Math.trunc(n / d);
      rm = n - q * d;
      if (q > 32767 || q < -32768) c.fault(Vector.DE);
    } else {
      q = Math.floor(a / v);
      rm = a - q * v;
      if (q > 0xffff) c.fault(Vector.DE);
    }
    c.r16[0] = q & 0xffff;
    c.r16[Reg.EDX << 1] = rm & 0xffff;
    return;
  }
  const r = c.r;
  const hi = r[Reg.EDX], lo = r[Reg.EAX];
  if (v === 0) c.fault(Vector.DE);
  if (!signed) {
    const d = v >>> 0;
    if ((hi >>> 0) >= d) c.fault(Vector.DE);
    const q = divU64by32(hi >>> 0, lo >>> 0, d);
    r[Reg.EAX] = q;
    r[Reg.EDX] = DIV_REM;
    return;
  }
  const neg = hi < 0;
  let mhi = hi >>> 0, mlo = lo >>> 0;
  if (neg) {
    mlo = (-lo) >>> 0;
    mhi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
  }
  const dneg = v < 0;
  const d = dneg ? (-v) >>> 0 : v >>> 0;
  if (mhi >= d) c.fault(Vector.DE);
  const q = divU64by32(mhi, mlo, d);
  const qneg = neg !== dneg;
  if (q > (qneg ? 0x80000000 : 0x7fffffff)) c.fault(Vector.DE);
  r[Reg.EAX] = qneg ? -q | 0 : q | 0;
  r[Reg.EDX] = neg ? -DIV_REM | 0 : DIV_REM | 0;
}

/** Shift/rotate group: op 0 rol, 1 ror, 2 rcl, 3 rcr, 4 shl, 5 shr, 6 sal, 7 sar. */
export function shiftOp(c: Cpu, op: number, v: number, count: number, size: number): number {
  const bits = size << 3;
  const m = MASK[size];
  v &= m;
  const msb = bits - 1;
  let r: number;
  switch (op) {
    case 0: {
      const n = count % bits;
      r = n === 0 ? v : ((v << n) | (v >>> (bits - n))) & m;
      const cf = r & 1;
      c.setFlagBits(CF | OF, cf | ((((r >>> msb) & 1) ^ cf) ? OF : 0));
      return r;
    }
    case 1: {
      const n = count % bits;
      r = n === 0 ? v : ((v >>> n) | (v << (bits - n))) & m;
      const cf = (r >>> msb) & 1;
      c.setFlagBits(CF | OF, cf | ((cf ^ ((r >>> (msb - 1)) & 1)) ? OF : 0));
      return r;
    }
    case 2:
    case 3: {
      const n = count % (bits + 1);
      let cf = c.getCF();
      r = v;
      for (let k = 0; k < n; k++) {
        if (op === 2) {
          const out = (r >>> msb) & 1;
          r = ((r << 1) | cf) & m;
          cf = out;
        } else {
          const out = r & 1;
          r = ((r >>> 1) | (cf << msb)) & m;
          cf = out;
        }
      }
      const of = op === 2 ? ((r >>> msb) & 1) ^ cf : ((r >>> msb) ^ (r >>> (msb - 1))) & 1;
      c.setFlagBits(CF | OF, cf | (of ? OF : 0));
      return r;
    }
    case 4:
    case 6: {
      r = count >= 32 ? 0 : (v << count) & m;
      const cf = count > bits ? 0 : (v >>> (bits - count)) & 1;
      c.setResultFlags(r, bits, cf, ((r >>> msb) & 1) ^ cf);
      return r;
    }
    case 5: {
      r = v >>> count;
      const cf = count > bits ? 0 : (v >>> (count - 1)) & 1;
      c.setResultFlags(r, bits, cf, (v >>> msb) & 1);
      return r;
    }
    default: {
      const sv = (v << (32 - bits)) >> (32 - bits);
      const n = count > msb ? msb : count;
      r = (sv >> n) & m;
      const cf = (sv >> (count > bits ? msb : count - 1)) & 1;
      c.setResultFlags(r, bits, cf, 0);
      return r;
    }
  }
}

/** C0/C1/D0-D3: shift E by imm (imm already 1 for D0/D1) or CL (op2 === 1). */
export function shiftE(c: Cpu, i: Insn): void {
  const count = (i.imm2 === 1 ? c.r8[4] : i.imm) & 31;
  if (count === 0) {
    if (i.mem) c.rd(c.ea(i), i.size); // still faults on an unreadable operand
    return;
  }
  if (!i.mem) {
    c.setReg(i.rm, shiftOp(c, i.op, c.getReg(i.rm, i.size), count, i.size), i.size);
    return;
  }
  const va = c.ea(i);
  const v = c.rdw(va, i.size);
  const r = shiftOp(c, i.op, v, count, i.size);
  c.wr(va, r, i.size);
}

/** shld (op 0) / shrd (op 1) E, G by imm or CL (imm2 === 1). */
export function shiftDouble(c: Cpu, i: Insn): void {
  const count = (i.imm2 === 1 ? c.r8[4] : i.imm) & 31;
  const size = i.size;
  const va = i.mem ? c.ea(i) : 0;
  const dst = i.mem ? c.rdw(va, size) : c.getReg(i.rm, size);
  if (count === 0) return;
  const src = c.getReg(i.reg, size);
  let r: number, cf: number;
  if (size === 4) {
    if (i.op === 0) {
      r = (dst << count) | (src >>> (32 - count));
      cf = (dst >>> (32 - count)) & 1;
    } else {
      r = (dst >>> count) | (src << (32 - count));
      cf = (dst >>> (count - 1)) & 1;
    }
    r |= 0;
  } else {
    // 16-bit: shift the 32-bit concatenation; counts above 16 are undefined on hardware.
    if (i.op === 0) {
      const cat = ((dst << 16) | src) >>> 0;
      r = (cat << count) >>> 16 & 0xffff;
      if (count > 16) r = ((src << (count - 16)) | (dst >>> (32 - count))) & 0xffff;
      cf = count <= 16 ? (dst >>> (16 - count)) & 1 : (src >>> (32 - count)) & 1;
    } else {
      const cat = ((src << 16) | dst) >>> 0;
      r = (cat >>> count) & 0xffff;
      cf = (cat >>> (count - 1)) & 1;
    }
  }
  const bits = size << 3;
  const of = ((r ^ dst) >>> (bits - 1)) & 1;
  if (i.mem) c.wr(va, r, size);
  else c.setReg(i.rm, r, size);
  c.setResultFlags(r, bits, cf, of);
}

/** bt/bts/btr/btc: op 0 bt, 1 bts, 2 btr, 3 btc; bit offset from G (imm2 0) or imm (imm2 1). */
export function bitTest(c: Cpu, i: Insn): void {
  const size = i.size;
  const bits = size << 3;
  let off = i.imm2 === 1 ? i.imm : c.getReg(i.reg, size);
  let v: number, va = 0;
  if (!i.mem) {
    off &= bits - 1;
    v = c.getReg(i.rm, size);
  } else {
    va = c.ea(i);
    if (i.imm2 === 1) off &= bits - 1;
    else {
      const signedOff = size === 2 ? (off << 16) >> 16 : off | 0;
      va = (va + (signedOff >> (size === 2 ? 4 : 5)) * size) | 0;
      off = signedOff & (bits - 1);
    }
    v = i.op === 0 ? c.rd(va, size) : c.rdw(va, size);
  }
  const bit = (v >>> off) & 1;
  if (i.op !== 0) {
    const mask = 1 << off;
    const nv = (i.op === 1 ? v | mask : i.op === 2 ? v & ~mask : v ^ mask) & MASK[size];
    if (i.mem) c.wr(va, nv, size);
    else c.setReg(i.rm, nv, size);
  }
  c.setFlagBits(CF, bit);
}

/** bsf (op 0) / bsr (op 1). */
export function bitScan(c: Cpu, i: Insn): void {
  const v = c.getE(i);
  if (v === 0) {
    c.setFlagBits(ZF | CF | OF | SF | AF | PF, ZF);
    return;
  }
  const u = v >>> 0;
  const idx = i.op === 0 ? 31 - Math.clz32(u & -u) : 31 - Math.clz32(u);
  c.setReg(i.reg, idx, i.size);
  c.setFlagBits(ZF | CF | OF | SF | AF | PF, 0);
}

export function xadd(c: Cpu, i: Insn): void {
  const size = i.size;
  const src = c.getReg(i.reg, size);
  if (!i.mem) {
    const dst = c.getReg(i.rm, size);
    const r = alu(c, 0, dst, src, size);
    c.setReg(i.reg, dst, size);
    c.setReg(i.rm, r, size);
    return;
  }
  const va = c.ea(i);
  const dst = c.rdw(va, size);
  const r = alu(c, 0, dst, src, size);
  c.wr(va, r, size);
  c.setReg(i.reg, dst, size);
}

export function cmpxchg(c: Cpu, i: Insn): void {
  const size = i.size;
  const va = i.mem ? c.ea(i) : 0;
  const dst = i.mem ? c.rdw(va, size) : c.getReg(i.rm, size);
  const acc = c.getReg(Reg.EAX, size);
  alu(c, 7, acc, dst, size);
  if (c.lr === 0) {
    const src = c.getReg(i.reg, size);
    if (i.mem) c.wr(va, src, size);
    else c.setReg(i.rm, src, size);
  } else {
    if (i.mem) c.wr(va, dst, size);
    c.setReg(Reg.EAX, dst, size);
  }
}

export function cmpxchg8b(c: Cpu, i: Insn): void {
  if (!i.mem) c.fault(Vector.UD);
  const va = c.ea(i);
  c.checkW(va, 8);
  const lo = c.rd32(va), hi = c.rd32((va + 4) | 0);
  const r = c.r;
  if (lo === r[Reg.EAX] && hi === r[Reg.EDX]) {
    c.wr32(va, r[Reg.EBX]);
    c.wr32((va + 4) | 0, r[Reg.ECX]);
    c.setFlagBits(ZF, ZF);
  } else {
    c.wr32(va, lo);
    c.wr32((va + 4) | 0, hi);
    r[Reg.EAX] = lo;
    r[Reg.EDX] = hi;
    c.setFlagBits(ZF, 0);
  }
}

// ---- BCD adjust instructions (rare, but cheap to have right)

export function daaDas(c: Cpu, i: Insn): void {
  const das = i.op === 1;
  let al = c.r8[0];
  const oldAl = al, oldCf = c.getCF();
  let cf = 0, af = 0;
  if ((al & 0xf) > 9 || c.getAF()) {
    al = das ? al - 6 : al + 6;
    cf = oldCf | (das ? (oldAl < 6 ? 1 : 0) : (al > 0xff ? 1 : 0));
    af = AF;
  }
  if (oldAl > 0x99 || oldCf) {
    al = das ? al - 0x60 : al + 0x60;
    cf = 1;
  }
  al &= 0xff;
  c.r8[0] = al;
  c.setResultFlags(al, 8, cf, 0);
  c.materialize();
  c.flags |= af;
}

export function aaaAas(c: Cpu, i: Insn): void {
  let ax = c.r16[0];
  let f = 0;
  if ((ax & 0xf) > 9 || c.getAF()) {
    ax = i.op === 1 ? (((ax - 6) & 0xffff) - 0x100) & 0xffff : (ax + 0x106) & 0xffff;
    f = AF | CF;
  }
  c.r16[0] = ax & 0xff0f;
  c.setFlagBits(AF | CF, f);
}

export function aam(c: Cpu, i: Insn): void {
  const base = i.imm & 0xff;
  if (base === 0) c.fault(Vector.DE);
  const al = c.r8[0];
  c.r8[1] = Math.floor(al / base);
  c.r8[0] = al % base;
  c.setResultFlags(c.r8[0], 8, 0, 0);
}

export function aad(c: Cpu, i: Insn): void {
  const base = i.imm & 0xff;
  const al = (c.r8[0] + c.r8[1] * base) & 0xff;
  c.r16[0] = al;
  c.setResultFlags(al, 8, 0, 0);
}
