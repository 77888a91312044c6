// AT&T-syntax disassembler in the layout of GNU objdump -d (mnemonic padded to 6 characters and a space).
// Driven by the opcode table (ModRM, immediates, mnemonics, operand lists); only objdump's irregular
// spellings have custom routines here. It describes operands as text, never runs handlers.

import { simdText } from './disassembler-simd';
import { ONE_BYTE_MAP, OpcodeEntry, OpcodeSlot, TWO_BYTE_MAP } from './opcode-table';

const R32 = ['%eax', '%ecx', '%edx', '%ebx', '%esp', '%ebp', '%esi', '%edi'];
const R16 = ['%ax', '%cx', '%dx', '%bx', '%sp', '%bp', '%si', '%di'];
const R8 = ['%al', '%cl', '%dl', '%bl', '%ah', '%ch', '%dh', '%bh'];
const SREG = ['%es', '%cs', '%ss', '%ds', '%fs', '%gs', '%?', '%?'];
const SEG_PREFIX: Record<number, number> = { 0x26: 0, 0x2e: 1, 0x36: 2, 0x3e: 3, 0x64: 4, 0x65: 5 };

class Bad extends Error {}

/** Cursor and prefix state for one instruction. */
class Dis {
  /** objdump's operand layout, for the per-extension text builders. */
  readonly fmt = fmt;
  p: number;
  opsize = 4;
  adsize = 4;
  seg = -1;
  rep = 0;
  lock = false;
  /** Parsed ModRM. */
  mod = 0; reg = 0; rm = 0;
  memText = '';
  hasModrm = false;
  /** Prefix bytes in the order they appear (objdump names the unused ones in that order). */
  prefixBytes: number[] = [];
  /** The segment prefix took part in an operand (or a branch hint); unused ones are printed by name. */
  segUsed = false;
  /** The instruction ignores its 66 prefix (objdump prints it as data16). */
  opsizeIgnored = false;
  /** A near branch: an unused F2 prefix is printed as bnd (MPX), not repnz. */
  branch = false;
  /** A 3E prefix on an indirect call/jmp is CET's notrack, not a segment. */
  notrack = false;
  constructor(readonly b: Uint8Array, readonly start: number, readonly address: number) {
    this.p = start;
  }
  u8(): number {
    if (this.p >= this.b.length || this.p - this.start >= 15) throw new Bad();
    return this.b[this.p++];
  }
  s8(): number { return (this.u8() << 24) >> 24; }
  u16(): number { return this.u8() | (this.u8() << 8); }
  s32(): number { return this.u8() | (this.u8() << 8) | (this.u8() << 16) | (this.u8() << 24); }
  immV(): number { return this.opsize === 2 ? this.u16() : this.s32() >>> 0; }

  segText(): string {
    if (this.seg < 0) return '';
    this.segUsed = true;
    return SREG[this.seg] + ':';
  }
  /** The data segment register of string sources and xlat: the override if any, else %ds. */
  dataSeg(): string {
    if (this.seg < 0) return SREG[3];
    this.segUsed = true;
    return SREG[this.seg];
  }

  modrm(): void {
    const m = this.u8();
    this.hasModrm = true;
    this.mod = m >> 6; this.reg = (m >> 3) & 7; this.rm = m & 7;
    if (this.mod === 3) return;
    if (this.adsize === 2) {
      const names = ['%bx,%si', '%bx,%di', '%bp,%si', '%bp,%di', '%si', '%di', '%bp', '%bx'];
      let disp = '';
      let inner = `(${names[this.rm]})`;
      if (this.mod === 0 && this.rm === 6) { disp = hex(this.u16()); inner = ''; }
      else if (this.mod === 1) disp = shex(this.s8());
      else if (this.mod === 2) disp = shex((this.u16() << 16) >> 16);
      this.memText = this.segText() + disp + inner;
      return;
    }
    let base = this.rm, index = -1, scale = 0, disp = 0, hasDisp = false, sib = false;
    if (this.rm === 4) {
      const s = this.u8();
      sib = true;
      scale = s >> 6;
      index = (s >> 3) & 7;
      base = s & 7;
      if (base === 5 && this.mod === 0) { base = -1; disp = this.s32(); hasDisp = true; }
    } else if (this.rm === 5 && this.mod === 0) {
      base = -1; disp = this.s32(); hasDisp = true;
    }
    if (this.mod === 1) { disp = this.s8(); hasDisp = true; }
    else if (this.mod === 2) { disp = this.s32(); hasDisp = true; }
    let idx = '';
    if (sib && (index !== 4 || scale !== 0 || base !== 4)) {
      idx = `,${index === 4 ? '%eiz' : R32[index]},${1 << scale}`;
    }
    if (base < 0 && idx === '') { this.memText = this.segText() + hex(disp >>> 0); return; }
    const d = hasDisp ? (base < 0 ? shex(disp) : shex(disp)) : '';
    this.memText = `${this.segText()}${d}(${base >= 0 ? R32[base] : ''}${idx})`;
  }

  isMem(): boolean { return this.mod !== 3; }
  /** The r/m operand as text for the given size (1, 2, 4). */
  E(size: number): string { return this.mod === 3 ? regName(this.rm, size) : this.memText; }
  G(size: number): string { return regName(this.reg, size); }
  sfx(size: number): string { return size === 1 ? 'b' : size === 2 ? 'w' : 'l'; }
  /** Mnemonic with a size suffix when the r/m operand is memory and nothing else fixes the size. */
  msfx(m: string, size: number): string { return this.isMem() ? m + this.sfx(size) : m; }
  target(rel: number): string { return ((this.address + (this.p - this.start) + rel) >>> 0).toString(16); }
}

function regName(n: number, size: number): string {
  return size === 4 ? R32[n] : size === 2 ? R16[n] : R8[n];
}
function hex(v: number): string { return '0x' + (v >>> 0).toString(16); }
function shex(v: number): string { return v < 0 ? '-0x' + (-v).toString(16) : '0x' + v.toString(16); }
function imm(v: number, size: number): string {
  const m = size === 1 ? 0xff : size === 2 ? 0xffff : 0xffffffff;
  return '$0x' + ((v & m) >>> 0).toString(16);
}
function fmt(mnemonic: string, ...ops: string[]): string {
  return ops.length === 0 ? mnemonic : `${mnemonic.padEnd(6)} ${ops.join(',')}`;
}

/** Disassembles one instruction at `bytes[offset]`, which lives at virtual `address`. */
export function disassemble(bytes: Uint8Array, offset: number, address: number): { length: number; text: string } {
  const d = new Dis(bytes, offset, address >>> 0);
  try {
    const text = decodeOne(d);
    return { length: d.p - offset, text };
  } catch (e) {
    if (e instanceof Bad) return { length: 1, text: '(bad)' };
    throw e;
  }
}

function decodeOne(d: Dis): string {
  let b: number;
  for (;;) {
    b = d.u8();
    if (b === 0x66) d.opsize = 2;
    else if (b === 0x67) d.adsize = 2;
    else if (b === 0xf0) d.lock = true;
    else if (b === 0xf2 || b === 0xf3) d.rep = b;
    else if (b in SEG_PREFIX) d.seg = SEG_PREFIX[b];
    else break;
    d.prefixBytes.push(b);
  }
  let text: string;
  if (b === 0x0f) {
    b = d.u8();
    text = cetText(d, b) ?? fromTable(d, TWO_BYTE_MAP[b], b, 0x0f00 | b);
  } else text = fromTable(d, ONE_BYTE_MAP[b], b, b);
  const prefixes = unusedPrefixNames(d, text);
  if (prefixes.length > 0) {
    const sp = text.indexOf(' ');
    const mn = sp < 0 ? text : text.slice(0, sp);
    const ops = sp < 0 ? '' : text.slice(sp).trim();
    text = ops ? fmt(`${prefixes.join(' ')} ${mn}`, ops) : `${prefixes.join(' ')} ${mn}`;
  }
  return text;
}

/**
 * objdump's names for the prefixes the instruction did not consume, in byte order: lock, repz/repnz (bnd on a
 * branch), data16 for a repeated or ignored 66, notrack, and segment names (cs, ds, ...) of unused overrides.
 */
function unusedPrefixNames(d: Dis, text: string): string[] {
  const names: string[] = [];
  const last = (byte: number): number => d.prefixBytes.lastIndexOf(byte);
  const lastRep = Math.max(last(0xf2), last(0xf3));
  const lastSeg = Math.max(...Object.keys(SEG_PREFIX).map((k) => last(Number(k))));
  d.prefixBytes.forEach((byte, k) => {
    if (byte === 0xf0) names.push('lock');
    else if (byte === 0xf2 || byte === 0xf3) {
      if (k === lastRep && d.rep !== 0 && !text.startsWith('rep')) names.push(d.rep === 0xf2 && d.branch ? 'bnd' : d.rep === 0xf3 ? 'repz' : 'repnz');
    } else if (byte === 0x66) {
      if (k !== last(0x66) || d.opsizeIgnored) names.push('data16');
    } else if (byte in SEG_PREFIX) {
      if (k === lastSeg && d.notrack) names.push('notrack');
      else if (k !== lastSeg || !d.segUsed) names.push(SREG[SEG_PREFIX[byte]].slice(1));
    }
  });
  return names;
}

function stringOp(d: Dis, b: number): string {
  const size = b & 1 ? d.opsize : 1;
  const src = `${d.dataSeg()}:(%esi)`;
  const dst = '%es:(%edi)';
  const acc = regName(0, size);
  const cmp = b === 0xa6 || b === 0xa7 || b === 0xae || b === 0xaf;
  const rep = d.rep === 0 ? '' : cmp ? (d.rep === 0xf3 ? 'repz ' : 'repnz ') : 'rep ';
  d.rep = 0;
  switch (b & 0xfe) {
    case 0xa4: return fmt(rep + 'movs' + d.sfx(size), src, dst);
    case 0xa6: return fmt(rep + 'cmps' + d.sfx(size), dst, src);
    case 0xaa: return fmt(rep + 'stos', acc, dst);
    case 0xac: return fmt(rep + 'lods', src, acc);
    default: return fmt(rep + 'scas', dst, acc);
  }
}

/** jcc with objdump's branch-hint suffix for a 2E (,pn) or 3E (,pt) prefix. */
function jccHinted(d: Dis, m: string): string {
  if (d.seg !== 1 && d.seg !== 3) return m;
  d.segUsed = true;
  return m + (d.seg === 1 ? ',pn' : ',pt');
}

const bad = (): never => {
  throw new Bad();
};

/**
 * CET (control-flow enforcement) forms: the F3 0F 1E hint NOPs endbr32/endbr64/rdsspd, F3 0F AE incsspd/clrssbsy,
 * F3 0F 01 saveprevssp/setssbsy/rstorssp and 0F 38 F5/F6 wrussd/wrssd. Undefined when `b` is not one of them.
 */
function cetText(d: Dis, b: number): string | undefined {
  const next = d.p < d.b.length ? d.b[d.p] : -1;
  const mod3 = next >= 0xc0;
  const reg = (next >> 3) & 7;
  const take = (text: string): string => {
    d.rep = 0;
    d.opsizeIgnored = d.opsize === 2;
    return text;
  };
  if (b === 0x38) {
    const op = d.u8();
    if (op === 0xf6 && d.rep === 0 && d.opsize === 4) { d.modrm(); if (!d.isMem()) throw new Bad(); return fmt('wrssd', d.G(4), d.E(4)); }
    if (op === 0xf5 && d.rep === 0 && d.opsize === 2) { d.opsize = 4; d.modrm(); if (!d.isMem()) throw new Bad(); return fmt('wrussd', d.G(4), d.E(4)); }
    throw new Bad();
  }
  if (d.rep !== 0xf3 || next < 0) return undefined;
  if (b === 0x1e && mod3 && (next === 0xfb || next === 0xfa)) { d.u8(); return take(next === 0xfb ? 'endbr32' : 'endbr64'); }
  if (b === 0x1e && mod3 && reg === 1) { d.modrm(); return take(fmt('rdsspd', R32[d.rm])); }
  if (b === 0xae && mod3 && reg === 5) { d.modrm(); return take(fmt('incsspd', R32[d.rm])); }
  if (b === 0xae && !mod3 && reg === 6) { d.modrm(); return take(fmt('clrssbsy', d.E(4))); }
  if (b === 0x01 && (next === 0xea || next === 0xe8)) { d.u8(); return take(next === 0xea ? 'saveprevssp' : 'setssbsy'); }
  if (b === 0x01 && !mod3 && reg === 5) { d.modrm(); return take(fmt('rstorssp', d.E(4))); }
  return undefined;
}

const X87_MEM: string[][] = [
  ['fadds', 'fmuls', 'fcoms', 'fcomps', 'fsubs', 'fsubrs', 'fdivs', 'fdivrs'],
  ['flds', '', 'fsts', 'fstps', 'fldenv', 'fldcw', 'fnstenv', 'fnstcw'],
  ['fiaddl', 'fimull', 'ficoml', 'ficompl', 'fisubl', 'fisubrl', 'fidivl', 'fidivrl'],
  ['fildl', 'fisttpl', 'fistl', 'fistpl', '', 'fldt', '', 'fstpt'],
  ['faddl', 'fmull', 'fcoml', 'fcompl', 'fsubl', 'fsubrl', 'fdivl', 'fdivrl'],
  ['fldl', 'fisttpll', 'fstl', 'fstpl', 'frstor', '', 'fnsave', 'fnstsw'],
  ['fiadds', 'fimuls', 'ficoms', 'ficomps', 'fisubs', 'fisubrs', 'fidivs', 'fidivrs'],
  ['filds', 'fisttps', 'fists', 'fistps', 'fbld', 'fildll', 'fbstp', 'fistpll'],
];
const D9_NOARG: Record<number, string> = {
  0xd0: 'fnop', 0xe0: 'fchs', 0xe1: 'fabs', 0xe4: 'ftst', 0xe5: 'fxam', 0xe8: 'fld1', 0xe9: 'fldl2t', 0xea: 'fldl2e',
  0xeb: 'fldpi', 0xec: 'fldlg2', 0xed: 'fldln2', 0xee: 'fldz', 0xf0: 'f2xm1', 0xf1: 'fyl2x', 0xf2: 'fptan',
  0xf3: 'fpatan', 0xf4: 'fxtract', 0xf5: 'fprem1', 0xf6: 'fdecstp', 0xf7: 'fincstp', 0xf8: 'fprem', 0xf9: 'fyl2xp1',
  0xfa: 'fsqrt', 0xfb: 'fsincos', 0xfc: 'frndint', 0xfd: 'fscale', 0xfe: 'fsin', 0xff: 'fcos',
};
const ARITH = ['fadd', 'fmul', 'fcom', 'fcomp', 'fsub', 'fsubr', 'fdiv', 'fdivr'];

function x87(d: Dis, b: number): string {
  const k = b - 0xd8;
  if (d.isMem()) {
    const m = X87_MEM[k][d.reg];
    if (m === '') throw new Bad();
    return fmt(m, d.E(4));
  }
  const st = `%st(${d.rm})`;
  const modrm = 0xc0 | (d.reg << 3) | d.rm;
  switch (k) {
    case 0: return d.reg === 2 || d.reg === 3 ? fmt(ARITH[d.reg], st) : fmt(ARITH[d.reg], st, '%st');
    case 1:
      if (d.reg === 0) return fmt('fld', st);
      if (d.reg === 1) return fmt('fxch', st);
      if (modrm in D9_NOARG) return D9_NOARG[modrm];
      throw new Bad();
    case 2:
      if (modrm === 0xe9) return 'fucompp';
      if (d.reg < 4) return fmt(['fcmovb', 'fcmove', 'fcmovbe', 'fcmovu'][d.reg], st, '%st');
      throw new Bad();
    case 3:
      if (modrm === 0xe2) return 'fnclex';
      if (modrm === 0xe3) return 'fninit';
      if (d.reg < 4) return fmt(['fcmovnb', 'fcmovne', 'fcmovnbe', 'fcmovnu'][d.reg], st, '%st');
      if (d.reg === 5) return fmt('fucomi', st, '%st');
      if (d.reg === 6) return fmt('fcomi', st, '%st');
      throw new Bad();
    case 4:
      if (d.reg === 2 || d.reg === 3) throw new Bad();
      return fmt(ARITH[d.reg], '%st', st);
    case 5: {
      const names = ['ffree', '', 'fst', 'fstp', 'fucom', 'fucomp', '', ''];
      if (names[d.reg] === '') throw new Bad();
      return fmt(names[d.reg], st);
    }
    case 6:
      if (modrm === 0xd9) return 'fcompp';
      if (d.reg === 2 || d.reg === 3) throw new Bad();
      return fmt(['faddp', 'fmulp', '', '', 'fsubp', 'fsubrp', 'fdivp', 'fdivrp'][d.reg], '%st', st);
    default:
      if (modrm === 0xe0) return fmt('fnstsw', '%ax');
      if (d.reg === 0) return fmt('ffreep', st);
      if (d.reg === 5) return fmt('fucomip', st, '%st');
      if (d.reg === 6) return fmt('fcomip', st, '%st');
      throw new Bad();
  }
}

// ---------------------------------------------------------------- table-driven text

/** The immediate the entry describes (enter, far and moffs are read by their custom routines). */
function immediate(d: Dis, e: OpcodeEntry): number {
  switch (e.imm) {
    case 'ib': return d.u8();
    case 'sb': case 'rel8': return d.s8();
    case 'iw': return d.u16();
    case 'iv': return d.immV();
    case 'relv': return d.opsize === 2 ? (d.u16() << 16) >> 16 : d.s32();
    default: return 0;
  }
}

function fromTable(d: Dis, slot: OpcodeSlot, b: number, opcode: number): string {
  if (opcode === 0xff) indirectPrefixes(d);
  if (slot.modrm) d.modrm();
  const e = slot.byReg !== undefined ? slot.byReg[d.reg] : slot.entry;
  if (e === undefined || e.mnemonic === '' || (e.memOnly === true && !d.isMem())) throw new Bad();
  if (e.nearBranch === true) d.branch = true;
  const value = immediate(d, e);
  if (e.text !== undefined) {
    const text = CUSTOM[e.text](d, e, b, value);
    if (text !== undefined) return text;
    if (e.operands === undefined) throw new Bad();
  }
  const size = sizeOf(d, e);
  let m = d.opsize === 2 && e.mnemonic16 !== undefined ? e.mnemonic16 : e.mnemonic;
  if (e.suffix === true) m = d.msfx(m, size);
  if (e.operands === undefined) return m;
  return fmt(m, ...e.operands.split(',').map((t) => operand(d, t, size, value, b)));
}

function sizeOf(d: Dis, e: OpcodeEntry): number {
  return e.size === 'b' ? 1 : e.size === 'v' ? d.opsize : e.size === 'w' ? 2 : 4;
}

const SIZE_LETTER: Record<string, number> = { b: 1, w: 2, d: 4 };

/** One operand of the table's list (see OpcodeEntry.operands). */
function operand(d: Dis, t: string, size: number, value: number, b: number): string {
  if (t[0] === '*') return '*' + operand(d, t.slice(1), size, value, b);
  const sz = t.length === 2 && t[1] in SIZE_LETTER ? SIZE_LETTER[t[1]] : size;
  switch (t[0]) {
    case 'E': return d.E(sz);
    case 'G': return d.G(sz);
    case 'I': return imm(value, sz);
    case 'A': return regName(0, sz);
    case 'Z': return regName(b & 7, sz);
    case 'J': return d.target(value);
    default: return t;
  }
}

/** FF /2 and /4 are near branches, and a 3E prefix on them is CET's notrack, not a %ds override of the operand. */
function indirectPrefixes(d: Dis): void {
  const reg = d.p < d.b.length ? (d.b[d.p] >> 3) & 7 : -1;
  if (reg === 2 || reg === 4) {
    d.branch = true;
    if (d.seg === 3) { d.notrack = true; d.seg = -1; }
  }
}

type Custom = (d: Dis, e: OpcodeEntry, b: number, value: number) => string | undefined;

/** objdump's spellings that the generic operand list cannot express, by the table's `text` name. */
const CUSTOM: Record<string, Custom> = {
  insOuts: (d, e, b) => {
    const m = e.mnemonic + d.sfx(sizeOf(d, e));
    return b < 0x6e ? fmt(m, '(%dx)', '%es:(%edi)') : fmt(m, `${d.dataSeg()}:(%esi)`, '(%dx)');
  },
  jcc: (d, e, _b, rel) => fmt(jccHinted(d, e.mnemonic), d.target(rel)),
  movSreg: (d, _e, b) => {
    if (b === 0x8c) {
      if (d.reg > 5) throw new Bad();
      return fmt('mov', SREG[d.reg], d.isMem() ? d.E(2) : d.E(d.opsize));
    }
    if (d.reg > 5 || d.reg === 1) throw new Bad();
    return fmt('mov', d.isMem() ? d.E(2) : d.E(4), SREG[d.reg]);
  },
  popE: (d, e) => fmt(d.opsize === 2 ? d.msfx(e.mnemonic, 2) : e.mnemonic, d.E(d.opsize)),
  nop90: (d) => (d.rep === 0xf3 ? (d.rep = 0, 'pause') : d.opsize === 2 ? fmt('xchg', '%ax', '%ax') : 'nop'),
  far: (d, e) => {
    const off = d.immV(), sel = d.u16();
    return fmt(e.mnemonic, imm(sel, 2), imm(off, d.opsize));
  },
  moffs: (d, e, b) => {
    const size = sizeOf(d, e);
    const addr = d.segText() + hex(d.adsize === 2 ? d.u16() : d.s32());
    return b < 0xa2 ? fmt('mov', addr, regName(0, size)) : fmt('mov', regName(0, size), addr);
  },
  string: (d, _e, b) => stringOp(d, b),
  enter: (d) => {
    const a = d.u16(), l = d.u8();
    return fmt('enter', imm(a, 2), imm(l, 1));
  },
  xlat: (d) => fmt('xlat', `${d.dataSeg()}:(%ebx)`),
  x87: (d, _e, b) => x87(d, b),
  indirect: (d, e) => fmt(d.opsize === 2 && !d.notrack ? e.mnemonic + 'w' : e.mnemonic, '*' + d.E(d.opsize)),
  prefetch: (d) => {
    if (!d.isMem()) throw new Bad();
    return fmt(d.reg === 1 ? 'prefetchw' : 'prefetch', d.E(1));
  },
  hintNop: (d, _e, b) => {
    const v = d.opsize;
    if (b === 0x18 && d.isMem() && d.reg <= 3) return fmt(['prefetchnta', 'prefetcht0', 'prefetcht1', 'prefetcht2'][d.reg], d.E(1));
    return d.isMem() || b === 0x18 ? fmt('nop' + d.sfx(v), d.E(v)) : fmt('nop', d.E(v));
  },
  group15: (d) => {
    if (!d.isMem()) {
      if (d.reg >= 5) return ['lfence', 'mfence', 'sfence'][d.reg - 5];
      throw new Bad();
    }
    return fmt(['fxsave', 'fxrstor', 'ldmxcsr', 'stmxcsr', 'xsave', 'xrstor', 'xsaveopt', 'clflush'][d.reg], d.E(4));
  },
  extend: (d, e, b) => {
    const src = b & 1 ? 2 : 1;
    return fmt(e.mnemonic + d.sfx(src) + d.sfx(d.opsize), d.E(src), d.G(d.opsize));
  },
  bitScan: (d, e, b) => {
    const m = d.rep === 0xf3 ? (d.rep = 0, b === 0xbc ? 'tzcnt' : 'lzcnt') : e.mnemonic;
    return fmt(m, d.E(d.opsize), d.G(d.opsize));
  },
  simd: (d, _e, b, value) => simdText(d, b, value, bad),
};
