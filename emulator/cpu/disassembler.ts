// AT&T-syntax disassembler in the layout of GNU objdump -d (mnemonic padded to 6 characters and a space).
// Independent of the executing decoder: it describes operands as text, not as handlers.

import { simdText } from './disassembler-simd';

const R32 = ['%eax', '%ecx', '%edx', '%ebx', '%esp', '%ebp', '%esi', '%edi'];
const R16 = ['%ax', '%cx', '%dx', '%bx', '%sp', '%bp', '%si', '%di'];
const R8 = ['%al', '%cl', '%dl', '%bl', '%ah', '%ch', '%dh', '%bh'];
const SREG = ['%es', '%cs', '%ss', '%ds', '%fs', '%gs', '%?', '%?'];
const CC = ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'p', 'np', 'l', 'ge', 'le', 'g'];
const ALU = ['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp'];
const SHIFT = ['rol', 'ror', 'rcl', 'rcr', 'shl', 'shr', 'shl', 'sar'];
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
  let text = b === 0x0f ? two(d, d.u8()) : one(d, b);
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

function one(d: Dis, b: number): string {
  const v = d.opsize;
  if (b < 0x40 && (b & 7) < 6) {
    const op = ALU[b >> 3];
    switch (b & 7) {
      case 0: d.modrm(); return fmt(op, d.G(1), d.E(1));
      case 1: d.modrm(); return fmt(op, d.G(v), d.E(v));
      case 2: d.modrm(); return fmt(op, d.E(1), d.G(1));
      case 3: d.modrm(); return fmt(op, d.E(v), d.G(v));
      case 4: return fmt(op, imm(d.u8(), 1), '%al');
      default: return fmt(op, imm(d.immV(), v), regName(0, v));
    }
  }
  if (b < 0x40) {
    const misc: Record<number, string> = {
      0x06: 'push   %es', 0x07: 'pop    %es', 0x0e: 'push   %cs', 0x16: 'push   %ss', 0x17: 'pop    %ss',
      0x1e: 'push   %ds', 0x1f: 'pop    %ds', 0x27: 'daa', 0x2f: 'das', 0x37: 'aaa', 0x3f: 'aas',
    };
    if (b in misc) return misc[b];
    throw new Bad();
  }
  if (b < 0x60) {
    const r = regName(b & 7, v);
    return fmt(['inc', 'dec', 'push', 'pop'][(b - 0x40) >> 3], r);
  }
  if (b >= 0x70 && b < 0x80) {
    const rel = d.s8();
    d.branch = true;
    return fmt(jccHinted(d, b), d.target(rel));
  }
  if (b >= 0x91 && b < 0x98) return fmt('xchg', regName(0, v), regName(b & 7, v));
  if (b >= 0xb0 && b < 0xb8) return fmt('mov', imm(d.u8(), 1), R8[b & 7]);
  if (b >= 0xb8 && b < 0xc0) return fmt('mov', imm(d.immV(), v), regName(b & 7, v));
  if (b >= 0xd8 && b < 0xe0) return x87(d, b);
  switch (b) {
    case 0x60: return v === 2 ? 'pushaw' : 'pusha';
    case 0x61: return v === 2 ? 'popaw' : 'popa';
    case 0x62: d.modrm(); if (!d.isMem()) throw new Bad(); return fmt('bound', d.G(v), d.E(v));
    case 0x63: d.modrm(); return fmt('arpl', d.G(2), d.E(2));
    case 0x68: return fmt(v === 2 ? 'pushw' : 'push', imm(d.immV(), v));
    case 0x6a: return fmt(v === 2 ? 'pushw' : 'push', imm(d.s8(), v));
    case 0x69: { d.modrm(); const i = d.immV(); return fmt('imul', imm(i, v), d.E(v), d.G(v)); }
    case 0x6b: { d.modrm(); const i = d.s8(); return fmt('imul', imm(i, v), d.E(v), d.G(v)); }
    case 0x6c: return fmt('insb', '(%dx)', '%es:(%edi)');
    case 0x6d: return fmt('ins' + d.sfx(v), '(%dx)', '%es:(%edi)');
    case 0x6e: return fmt('outsb', `${d.dataSeg()}:(%esi)`, '(%dx)');
    case 0x6f: return fmt('outs' + d.sfx(v), `${d.dataSeg()}:(%esi)`, '(%dx)');
    case 0x80: case 0x82: { d.modrm(); const i = d.u8(); return fmt(d.msfx(ALU[d.reg], 1), imm(i, 1), d.E(1)); }
    case 0x81: { d.modrm(); const i = d.immV(); return fmt(d.msfx(ALU[d.reg], v), imm(i, v), d.E(v)); }
    case 0x83: { d.modrm(); const i = d.s8(); return fmt(d.msfx(ALU[d.reg], v), imm(i, v), d.E(v)); }
    case 0x84: d.modrm(); return fmt('test', d.G(1), d.E(1));
    case 0x85: d.modrm(); return fmt('test', d.G(v), d.E(v));
    case 0x86: d.modrm(); return fmt('xchg', d.G(1), d.E(1));
    case 0x87: d.modrm(); return fmt('xchg', d.G(v), d.E(v));
    case 0x88: d.modrm(); return fmt('mov', d.G(1), d.E(1));
    case 0x89: d.modrm(); return fmt('mov', d.G(v), d.E(v));
    case 0x8a: d.modrm(); return fmt('mov', d.E(1), d.G(1));
    case 0x8b: d.modrm(); return fmt('mov', d.E(v), d.G(v));
    case 0x8c: d.modrm(); if (d.reg > 5) throw new Bad(); return fmt('mov', SREG[d.reg], d.isMem() ? d.E(2) : d.E(v));
    case 0x8d: d.modrm(); if (!d.isMem()) throw new Bad(); return fmt('lea', d.E(v), d.G(v));
    case 0x8e: d.modrm(); if (d.reg > 5 || d.reg === 1) throw new Bad(); return fmt('mov', d.isMem() ? d.E(2) : d.E(4), SREG[d.reg]);
    case 0x8f: d.modrm(); if (d.reg !== 0) throw new Bad(); return fmt(v === 2 ? d.msfx('pop', 2) : 'pop', d.E(v));
    case 0x90: return d.rep === 0xf3 ? (d.rep = 0, 'pause') : v === 2 ? fmt('xchg', '%ax', '%ax') : 'nop';
    case 0x98: return v === 2 ? 'cbtw' : 'cwtl';
    case 0x99: return v === 2 ? 'cwtd' : 'cltd';
    case 0x9a: case 0xea: {
      const off = d.immV(), sel = d.u16();
      return fmt(b === 0x9a ? 'lcall' : 'ljmp', imm(sel, 2), imm(off, v));
    }
    case 0x9b: return 'fwait';
    case 0x9c: return v === 2 ? 'pushfw' : 'pushf';
    case 0x9d: return v === 2 ? 'popfw' : 'popf';
    case 0x9e: return 'sahf';
    case 0x9f: return 'lahf';
    case 0xa0: case 0xa1: case 0xa2: case 0xa3: {
      const size = b & 1 ? v : 1;
      const addr = d.segText() + hex(d.adsize === 2 ? d.u16() : d.s32());
      return b < 0xa2 ? fmt('mov', addr, regName(0, size)) : fmt('mov', regName(0, size), addr);
    }
    case 0xa8: return fmt('test', imm(d.u8(), 1), '%al');
    case 0xa9: return fmt('test', imm(d.immV(), v), regName(0, v));
    case 0xa4: case 0xa5: case 0xa6: case 0xa7: case 0xaa: case 0xab: case 0xac: case 0xad: case 0xae: case 0xaf:
      return stringOp(d, b);
    case 0xc0: case 0xc1: case 0xd0: case 0xd1: case 0xd2: case 0xd3: {
      const size = b & 1 ? v : 1;
      d.modrm();
      const m = d.msfx(SHIFT[d.reg], size);
      if (b <= 0xc1) return fmt(m, imm(d.u8(), 1), d.E(size));
      if (b <= 0xd1) return fmt(m, d.E(size));
      return fmt(m, '%cl', d.E(size));
    }
    case 0xc2: d.branch = true; return fmt('ret', imm(d.u16(), 2));
    case 0xc3: d.branch = true; return 'ret';
    case 0xc4: case 0xc5: d.modrm(); if (!d.isMem()) throw new Bad(); return fmt(b === 0xc4 ? 'les' : 'lds', d.E(v), d.G(v));
    case 0xc6: { d.modrm(); if (d.reg !== 0) throw new Bad(); const i = d.u8(); return fmt(d.msfx('mov', 1), imm(i, 1), d.E(1)); }
    case 0xc7: { d.modrm(); if (d.reg !== 0) throw new Bad(); const i = d.immV(); return fmt(d.msfx('mov', v), imm(i, v), d.E(v)); }
    case 0xc8: { const a = d.u16(); const l = d.u8(); return fmt('enter', imm(a, 2), imm(l, 1)); }
    case 0xc9: return 'leave';
    case 0xca: return fmt('lret', imm(d.u16(), 2));
    case 0xcb: return 'lret';
    case 0xcc: return 'int3';
    case 0xcd: return fmt('int', imm(d.u8(), 1));
    case 0xce: return 'into';
    case 0xcf: return 'iret';
    case 0xd4: return fmt('aam', imm(d.u8(), 1));
    case 0xd5: return fmt('aad', imm(d.u8(), 1));
    case 0xd7: return fmt('xlat', `${d.dataSeg()}:(%ebx)`);
    case 0xe0: case 0xe1: case 0xe2: case 0xe3: {
      const rel = d.s8();
      return fmt(['loopne', 'loope', 'loop', 'jecxz'][b - 0xe0], d.target(rel));
    }
    case 0xe4: return fmt('in', imm(d.u8(), 1), '%al');
    case 0xe5: return fmt('in', imm(d.u8(), 1), regName(0, v));
    case 0xe6: return fmt('out', '%al', imm(d.u8(), 1));
    case 0xe7: return fmt('out', regName(0, v), imm(d.u8(), 1));
    case 0xe8: { const rel = v === 2 ? (d.u16() << 16) >> 16 : d.s32(); d.branch = true; return fmt('call', d.target(rel)); }
    case 0xe9: { const rel = v === 2 ? (d.u16() << 16) >> 16 : d.s32(); d.branch = true; return fmt('jmp', d.target(rel)); }
    case 0xeb: { const rel = d.s8(); d.branch = true; return fmt('jmp', d.target(rel)); }
    case 0xec: return fmt('in', '(%dx)', '%al');
    case 0xed: return fmt('in', '(%dx)', regName(0, v));
    case 0xee: return fmt('out', '%al', '(%dx)');
    case 0xef: return fmt('out', regName(0, v), '(%dx)');
    case 0xf1: return 'int1';
    case 0xf4: return 'hlt';
    case 0xf5: return 'cmc';
    case 0xf6: case 0xf7: {
      const size = b === 0xf6 ? 1 : v;
      d.modrm();
      const names = ['test', 'test', 'not', 'neg', 'mul', 'imul', 'div', 'idiv'];
      const m = d.msfx(names[d.reg], size);
      if (d.reg < 2) return fmt(m, imm(size === 1 ? d.u8() : d.immV(), size), d.E(size));
      return fmt(m, d.E(size));
    }
    case 0xf8: return 'clc';
    case 0xf9: return 'stc';
    case 0xfa: return 'cli';
    case 0xfb: return 'sti';
    case 0xfc: return 'cld';
    case 0xfd: return 'std';
    case 0xfe: d.modrm(); if (d.reg > 1) throw new Bad(); return fmt(d.msfx(d.reg === 0 ? 'inc' : 'dec', 1), d.E(1));
    case 0xff: {
      // Indirect call/jmp (/2, /4) with 3E: CET's notrack marker, not a %ds override of the operand.
      const reg = d.p < d.b.length ? (d.b[d.p] >> 3) & 7 : -1;
      if (reg === 2 || reg === 4) {
        d.branch = true;
        if (d.seg === 3) { d.notrack = true; d.seg = -1; }
      }
      d.modrm();
      switch (d.reg) {
        case 0: return fmt(d.msfx('inc', v), d.E(v));
        case 1: return fmt(d.msfx('dec', v), d.E(v));
        case 2: return fmt(v === 2 && !d.notrack ? 'callw' : 'call', '*' + d.E(v));
        case 3: if (!d.isMem()) throw new Bad(); return fmt('lcall', '*' + d.E(v));
        case 4: return fmt(v === 2 && !d.notrack ? 'jmpw' : 'jmp', '*' + d.E(v));
        case 5: if (!d.isMem()) throw new Bad(); return fmt('ljmp', '*' + d.E(v));
        case 6: return fmt(v === 2 ? d.msfx('push', 2) : 'push', d.E(v));
        default: throw new Bad();
      }
    }
    default: throw new Bad();
  }
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
function jccHinted(d: Dis, b: number): string {
  const m = 'j' + CC[b & 15];
  if (d.seg !== 1 && d.seg !== 3) return m;
  d.segUsed = true;
  return m + (d.seg === 1 ? ',pn' : ',pt');
}

export type DisCursor = Dis;
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

function two(d: Dis, b: number): string {
  const cet = cetText(d, b);
  if (cet !== undefined) return cet;
  const simd = simdText(d, b, bad);
  if (simd !== undefined) return simd;
  const v = d.opsize;
  if (b >= 0x40 && b < 0x50) { d.modrm(); return fmt('cmov' + CC[b & 15], d.E(v), d.G(v)); }
  if (b >= 0x80 && b < 0x90) {
    const rel = v === 2 ? (d.u16() << 16) >> 16 : d.s32();
    d.branch = true;
    return fmt(jccHinted(d, b), d.target(rel));
  }
  if (b >= 0x90 && b < 0xa0) { d.modrm(); return fmt('set' + CC[b & 15], d.E(1)); }
  if (b >= 0xc8 && b < 0xd0) return fmt('bswap', R32[b & 7]);
  switch (b) {
    case 0x0b: return 'ud2';
    case 0x05: return 'syscall';
    case 0x06: return 'clts';
    case 0x08: return 'invd';
    case 0x09: return 'wbinvd';
    case 0x0d: d.modrm(); if (!d.isMem()) throw new Bad(); return fmt(d.reg === 1 ? 'prefetchw' : 'prefetch', d.E(1));
    case 0x18: {
      d.modrm();
      if (!d.isMem() || d.reg > 3) return fmt('nop' + d.sfx(v), d.E(v));
      return fmt(['prefetchnta', 'prefetcht0', 'prefetcht1', 'prefetcht2'][d.reg], d.E(1));
    }
    case 0x19: case 0x1a: case 0x1b: case 0x1c: case 0x1d: case 0x1e: case 0x1f:
      d.modrm();
      return d.isMem() ? fmt('nop' + d.sfx(v), d.E(v)) : fmt('nop', d.E(v));
    case 0x30: return 'wrmsr';
    case 0x31: return 'rdtsc';
    case 0x32: return 'rdmsr';
    case 0x33: return 'rdpmc';
    case 0x34: return 'sysenter';
    case 0x35: return 'sysexit';
    case 0xa0: return fmt('push', '%fs');
    case 0xa1: return fmt('pop', '%fs');
    case 0xa8: return fmt('push', '%gs');
    case 0xa9: return fmt('pop', '%gs');
    case 0xa2: return 'cpuid';
    case 0xa3: case 0xab: case 0xb3: case 0xbb: {
      d.modrm();
      return fmt({ 0xa3: 'bt', 0xab: 'bts', 0xb3: 'btr', 0xbb: 'btc' }[b] as string, d.G(v), d.E(v));
    }
    case 0xa4: case 0xac: { d.modrm(); const i = d.u8(); return fmt(b === 0xa4 ? 'shld' : 'shrd', imm(i, 1), d.G(v), d.E(v)); }
    case 0xa5: case 0xad: d.modrm(); return fmt(b === 0xa5 ? 'shld' : 'shrd', '%cl', d.G(v), d.E(v));
    case 0xae: {
      d.modrm();
      if (!d.isMem()) {
        if (d.reg >= 5) return ['lfence', 'mfence', 'sfence'][d.reg - 5];
        throw new Bad();
      }
      const names = ['fxsave', 'fxrstor', 'ldmxcsr', 'stmxcsr', 'xsave', 'xrstor', 'xsaveopt', 'clflush'];
      return fmt(names[d.reg], d.E(4));
    }
    case 0xaf: d.modrm(); return fmt('imul', d.E(v), d.G(v));
    case 0xb0: d.modrm(); return fmt('cmpxchg', d.G(1), d.E(1));
    case 0xb1: d.modrm(); return fmt('cmpxchg', d.G(v), d.E(v));
    case 0xb2: case 0xb4: case 0xb5:
      d.modrm(); if (!d.isMem()) throw new Bad();
      return fmt({ 0xb2: 'lss', 0xb4: 'lfs', 0xb5: 'lgs' }[b] as string, d.E(v), d.G(v));
    case 0xb6: case 0xb7: case 0xbe: case 0xbf: {
      d.modrm();
      const src = b & 1 ? 2 : 1;
      const m = (b < 0xbe ? 'movz' : 'movs') + d.sfx(src) + d.sfx(v);
      return fmt(m, d.E(src), d.G(v));
    }
    case 0xba: {
      d.modrm();
      if (d.reg < 4) throw new Bad();
      const i = d.u8();
      return fmt(d.msfx(['bt', 'bts', 'btr', 'btc'][d.reg - 4], v), imm(i, 1), d.E(v));
    }
    case 0xbc: d.modrm(); return fmt(d.rep === 0xf3 ? (d.rep = 0, 'tzcnt') : 'bsf', d.E(v), d.G(v));
    case 0xbd: d.modrm(); return fmt(d.rep === 0xf3 ? (d.rep = 0, 'lzcnt') : 'bsr', d.E(v), d.G(v));
    case 0xc0: d.modrm(); return fmt('xadd', d.G(1), d.E(1));
    case 0xc1: d.modrm(); return fmt('xadd', d.G(v), d.E(v));
    case 0xc7: d.modrm(); if (d.reg !== 1 || !d.isMem()) throw new Bad(); return fmt('cmpxchg8b', d.E(4));
    case 0xb9: d.modrm(); return fmt('ud1', d.E(v), d.G(v));
    case 0xff: d.modrm(); return fmt('ud0', d.E(v), d.G(v));
    default: throw new Bad();
  }
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
  d.modrm();
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
