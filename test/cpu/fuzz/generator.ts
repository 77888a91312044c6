// Seeded generators of fuzz cases: well-formed random instructions over the one-byte, 0F, x87, MMX and SSE maps
// with every prefix and ModRM/SIB form, string instructions with every rep form, flag-heavy ALU chains,
// self-modifying code, faults at page edges, and raw random bytes. Deterministic for a given seed.
import { CODE_BYTES, CODE_VA, DATA_BYTES, DATA_VA, FLAG_MMX_INIT, FuzzCase, RO_VA, STACK_VA } from './fuzz-case';

/** xorshift32: the same seed gives the same cases on every host. */
export class Rng {
  private s: number;
  constructor(seed: number) { this.s = (seed >>> 0) || 0x9e3779b9; }
  next(): number {
    let x = this.s;
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    this.s = x;
    return x;
  }
  below(n: number): number { return this.next() % n; }
  pick<T>(xs: readonly T[]): T { return xs[this.below(xs.length)]; }
  chance(p: number): boolean { return this.next() / 4294967296 < p; }
}

const EDGES = [0, 1, 2, 3, 7, 8, 15, 16, 31, 32, 33, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000,
  0x80000001, 0xfffffffe, 0xffffffff];
const FLOATS = [0, -0, 1, -1, 1.5, 0.1, -2.5, 3.5, 1e30, -1e-30, 65536.75, 2147483647.5, -2147483648.4, 4294967296, 1e-310, Infinity,
  -Infinity, NaN, 0.5, 2.5, 1e300, -7];

function edgeOrRandom(r: Rng): number {
  switch (r.below(5)) {
    case 0: case 1: return r.pick(EDGES);
    case 2: return r.next() & 0xff;
    case 3: return r.next() & 0xffff;
    default: return r.next();
  }
}

/** A pointer the stream can use: mostly inside the data pages, sometimes at their edges or elsewhere. */
function pointer(r: Rng): number {
  switch (r.below(8)) {
    case 0: return DATA_VA + DATA_BYTES - 1 - r.below(16); // the unmapped page follows
    case 1: return RO_VA + r.below(4096); // read-only
    case 2: return STACK_VA + r.below(4096);
    case 3: return DATA_VA + 4096 - 8 + r.below(16); // straddles the two data pages
    default: return DATA_VA + r.below(DATA_BYTES);
  }
}

function xmmBytes(r: Rng): string {
  const b = Buffer.alloc(128);
  for (let k = 0; k < 8; k++) {
    const mode = r.below(4);
    for (let o = 0; o < 16; o += mode === 2 ? 8 : 4) {
      if (mode === 0) b.writeUInt32LE(r.next(), 16 * k + o);
      else if (mode === 3) b.writeUInt32LE(edgeOrRandom(r) >>> 0, 16 * k + o);
      else {
        const f = r.chance(0.4) ? r.pick(FLOATS) : ((r.next() | 0) / (1 + r.below(1000)));
        if (mode === 1) b.writeFloatLE(f, 16 * k + o);
        else b.writeDoubleLE(f, 16 * k + o);
      }
    }
  }
  return b.toString('hex');
}

function randomState(r: Rng, code: Buffer, codeOff: number): FuzzCase {
  const regs: number[] = [];
  for (let k = 0; k < 8; k++) regs.push(k === 4 ? 0 : r.chance(0.5) ? pointer(r) : edgeOrRandom(r));
  regs[4] = r.chance(0.9) ? STACK_VA + 0x800 + 4 * (r.below(64) - 32) : r.chance(0.5) ? STACK_VA + r.below(16) : pointer(r);
  if (r.chance(0.5)) regs[1] = r.below(6); // ECX: small rep and shift counts
  const mmx = r.chance(0.3);
  const x87: number[] = [];
  if (!mmx) for (let k = r.below(9); k > 0; k--) x87.push(r.chance(0.5) ? r.pick(FLOATS) : (r.next() | 0) / (1 + r.below(100000)));
  const mm = Buffer.alloc(64);
  for (let k = 0; k < 16; k++) mm.writeUInt32LE(edgeOrRandom(r) >>> 0, 4 * k);
  return {
    codeOff, code: code.toString('hex'), memSeed: r.next(), flags: mmx ? FLAG_MMX_INIT : 0, maxSteps: 48, regs,
    // Arithmetic flags and DF random; IF set as in user mode.
    eflags: 0x202 | (r.next() & 0xcd5), mxcsr: 0x1f80, fpuCw: 0x27f, x87, xmm: xmmBytes(r), mm: mm.toString('hex'),
  };
}

// ---------------------------------------------------------------- instruction building

/** Opcodes a well-formed random instruction never uses (system calls; see also insn-flags.ts EXCLUDED_*). */
const AVOID_ONE = new Set([0x06, 0x07, 0x0e, 0x0f, 0x16, 0x17, 0x1e, 0x1f, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2,
  0xf3, 0x8c, 0x8e, 0xc4, 0xc5, 0x9a, 0xea, 0xca, 0xcb, 0xcf, 0x9c, 0x63, 0xf1]);
const AVOID_0F = new Set([0x00, 0x01, 0x02, 0x03, 0x05, 0x07, 0x31, 0x33, 0x34, 0x35, 0xa2, 0xa0, 0xa1, 0xa8, 0xa9, 0xb2, 0xb4, 0xb5, 0x0f,
  0x38, 0x3a]);

/** ModRM (+SIB +displacement) with the register field `reg`; memory operands mostly land near the base pointer. */
/** When set, memory operands use EBX/ESI/EDI (pointers into the middle of the data pages) with small displacements. */
let safeMemory = false;

function modrm(r: Rng, reg: number, addr16: boolean, regOnly = false): number[] {
  if (safeMemory && !regOnly && !addr16 && r.chance(0.9)) {
    const base = r.pick([3, 6, 7]);
    return r.chance(0.5) ? [(reg << 3) | base] : [0x40 | (reg << 3) | base, r.below(64) * 4 - 128 & 0xff];
  }
  const mod = regOnly || r.chance(0.35) ? 3 : r.below(3);
  const rm = r.below(8);
  const out = [(mod << 6) | (reg << 3) | rm];
  if (mod === 3) return out;
  const disp8 = (): number[] => [r.chance(0.5) ? r.below(16) : r.next() & 0xff];
  if (addr16) {
    if (mod === 0 && rm === 6) return [...out, r.next() & 0xff, r.next() & 0xff];
    if (mod === 1) return [...out, ...disp8()];
    if (mod === 2) return [...out, r.next() & 0xff, r.next() & 0xff];
    return out;
  }
  const abs = (): number[] => {
    const a = r.chance(0.7) ? pointer(r) : r.chance(0.5) ? CODE_VA + r.below(CODE_BYTES) : r.next();
    return [a & 0xff, (a >>> 8) & 0xff, (a >>> 16) & 0xff, a >>> 24];
  };
  if (rm === 4) {
    // SIB: half the time without an index (4), so that most addresses stay near the base pointer.
    const sib = r.chance(0.5) ? (r.below(4) << 6) | (4 << 3) | r.below(8) : r.next() & 0xff;
    out.push(sib);
    if (mod === 0 && (sib & 7) === 5) out.push(...abs());
  }
  if (mod === 0 && rm === 5) out.push(...abs());
  if (mod === 1) out.push(...disp8());
  if (mod === 2) {
    const d = r.chance(0.7) ? r.below(64) - 32 : r.next();
    out.push(d & 0xff, (d >>> 8) & 0xff, (d >>> 16) & 0xff, (d >>> 24) & 0xff);
  }
  return out;
}

function imm(r: Rng, n: number): number[] {
  const v = r.chance(0.5) ? edgeOrRandom(r) : r.next();
  return Array.from({ length: n }, (_, k) => (v >>> (8 * k)) & 0xff);
}

/** Immediate bytes that follow ModRM for one-byte opcodes (0 when none). */
function oneByteImm(op: number, reg: number, opsize16: boolean): number {
  const z = opsize16 ? 2 : 4;
  if (op < 0x40 && (op & 7) === 4) return 1;
  if (op < 0x40 && (op & 7) === 5) return z;
  if (op === 0x68) return z;
  if (op === 0x69 || op === 0x81 || op === 0xc7) return z;
  if (op === 0x6a || op === 0x6b || op === 0x80 || op === 0x82 || op === 0x83 || op === 0xc0 || op === 0xc1 || op === 0xc6) return 1;
  if (op >= 0x70 && op < 0x80) return 1;
  if (op >= 0xb0 && op < 0xb8) return 1;
  if (op >= 0xb8 && op < 0xc0) return z;
  if (op === 0xa8 || op === 0xcd || op === 0xd4 || op === 0xd5 || (op >= 0xe0 && op <= 0xe7) || op === 0xeb) return 1;
  if (op === 0xa9 || op === 0xe8 || op === 0xe9) return op === 0xa9 ? z : 4;
  if (op === 0xc2 || op === 0xca) return 2;
  if (op === 0xc8) return 3;
  if (op >= 0xa0 && op <= 0xa3) return 4;
  if (op === 0xf6 && reg <= 1) return 1;
  if (op === 0xf7 && reg <= 1) return z;
  return 0;
}

const HAS_MODRM_ONE = (op: number): boolean =>
  (op < 0x40 && (op & 7) < 4) || op === 0x62 || op === 0x69 || op === 0x6b || (op >= 0x80 && op <= 0x8f) || op === 0xc0 || op === 0xc1 ||
  op === 0xc6 || op === 0xc7 || (op >= 0xd0 && op <= 0xd3) || (op >= 0xd8 && op <= 0xdf) || op === 0xf6 || op === 0xf7 || op === 0xfe ||
  op === 0xff;

function prefixes(r: Rng, sse: boolean): number[] {
  const out: number[] = [];
  if (r.chance(0.15)) out.push(r.pick([0x2e, 0x3e, 0x26, 0x36]));
  if (!sse && r.chance(0.25)) out.push(0x66);
  if (r.chance(0.03)) out.push(0x67);
  if (!sse && r.chance(0.08)) out.push(r.pick([0xf2, 0xf3]));
  if (r.chance(0.02)) out.push(0xf0);
  return out;
}

function oneByteInsn(r: Rng): number[] {
  let op: number;
  do op = r.below(256); while (AVOID_ONE.has(op));
  if (op === 0xcd && r.chance(0.9)) op = 0x90; // int n: a few
  const pre = prefixes(r, false);
  const addr16 = pre.includes(0x67), o16 = pre.includes(0x66);
  const out = [...pre, op];
  let reg = r.below(8);
  if (op === 0xff && (reg === 3 || reg === 5)) reg = 6; // no far forms
  if (op === 0xcd) return [...out, r.below(256) === 0x80 ? 0x81 : r.below(256)];
  if (HAS_MODRM_ONE(op)) out.push(...modrm(r, reg, addr16));
  const n = oneByteImm(op, reg, o16);
  if (op >= 0x70 && op < 0x80 || op === 0xeb || (op >= 0xe0 && op <= 0xe3)) return [...out, r.below(12)]; // short forward jumps
  if (op === 0xe8 || op === 0xe9) return [...out, r.below(12), 0, 0, 0];
  if (op >= 0xa0 && op <= 0xa3) { const a = pointer(r); return [...out, a & 0xff, (a >>> 8) & 0xff, (a >>> 16) & 0xff, a >>> 24]; }
  return [...out, ...imm(r, n)];
}

/** 0F opcodes that take a ModRM byte (most of the map); the rest are single bytes. */
const NO_MODRM_0F = new Set([0x06, 0x08, 0x09, 0x0b, 0x30, 0x32, 0x77, 0xa2, 0xaa, 0x0e]);

function twoByteInsn(r: Rng): number[] {
  let op: number;
  do op = r.below(256); while (AVOID_0F.has(op));
  const mand = r.pick([[], [], [0x66], [0xf3], [0xf2]]);
  const pre = [...prefixes(r, true), ...mand];
  const addr16 = pre.includes(0x67);
  const out = [...pre, 0x0f, op];
  if (op >= 0x80 && op < 0x90) return [...out, r.below(12), 0, 0, 0];
  if (op >= 0xc8 && op < 0xd0) return out; // bswap
  if (NO_MODRM_0F.has(op)) return out;
  const reg = r.below(8);
  // fxsave/fxrstor only rarely (excluded from comparison); ldmxcsr with a valid value comes from the data pages.
  out.push(...modrm(r, reg, addr16, op === 0xae && reg >= 5));
  if (op === 0x70 || op === 0x71 || op === 0x72 || op === 0x73 || op === 0xa4 || op === 0xac || op === 0xba || op === 0xc2 ||
    op === 0xc4 || op === 0xc5 || op === 0xc6) out.push(r.next() & 0xff);
  return out;
}

function x87Insn(r: Rng): number[] {
  const op = 0xd8 + r.below(8);
  const reg = r.below(8);
  const pre = r.chance(0.1) ? [0x9b] : [];
  if (r.chance(0.5)) return [...pre, op, 0xc0 | (reg << 3) | r.below(8)];
  return [...pre, op, ...modrm(r, reg, false)];
}

const STRING_OPS = [0xa4, 0xa5, 0xa6, 0xa7, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf];

function stringInsn(r: Rng): number[] {
  const pre: number[] = [];
  if (r.chance(0.7)) pre.push(r.pick([0xf3, 0xf2]));
  if (r.chance(0.3)) pre.push(0x66);
  if (r.chance(0.1)) pre.push(r.pick([0x2e, 0x26, 0x36, 0x3e]));
  return [...pre, r.pick(STRING_OPS)];
}

/** A flag producer followed by a flag consumer (the fused shapes of the compiled tier). */
function flagChain(r: Rng): number[][] {
  const alu = (): number[] => {
    const op = r.pick([0x00, 0x01, 0x08, 0x09, 0x10, 0x11, 0x18, 0x19, 0x20, 0x21, 0x28, 0x29, 0x30, 0x31, 0x38, 0x39, 0x84, 0x85]);
    return [...(r.chance(0.3) ? [0x66] : []), op, 0xc0 | (r.below(8) << 3) | r.below(8)];
  };
  const consumer = (): number[] => {
    const cc = r.below(16);
    switch (r.below(6)) {
      case 0: return [0x70 | cc, r.below(4)];
      case 1: return [0x0f, 0x90 | cc, 0xc0 | r.below(8)];
      case 2: return [0x0f, 0x40 | cc, 0xc0 | (r.below(8) << 3) | r.below(8)];
      case 3: return [r.pick([0x10, 0x11, 0x18, 0x19]), 0xc0 | (r.below(8) << 3) | r.below(8)]; // adc/sbb
      case 4: return [0x9f]; // lahf
      default: return [r.pick([0x40, 0x48]) | r.below(8)]; // inc/dec keep CF
    }
  };
  const out: number[][] = [];
  for (let k = 1 + r.below(4); k > 0; k--) {
    out.push(r.chance(0.8) ? alu() : [0x83, 0xc0 | (r.below(8) << 3) | r.below(8), r.next() & 0xff]);
    out.push(consumer());
  }
  return out;
}

/** A store into the instruction stream followed by the instruction it modifies. */
function selfModifying(r: Rng, codeOff: number, before: number): number[][] {
  // mov byte [abs], imm8 patches the opcode or immediate of the next instruction (a mov to eax: b8 imm32).
  const target = CODE_VA + codeOff + before + 7 + r.below(5);
  const patch = r.pick([0x90, 0x40, 0x41, 0xcc, r.next() & 0xff, 0x05]);
  return [[0xc6, 0x05, target & 0xff, (target >>> 8) & 0xff, (target >>> 16) & 0xff, target >>> 24, patch], [0xb8, ...imm(r, 4)]];
}

/** Integer instructions that rarely fault: long straight-line runs through the ALU, shifts, multiply, bit ops, moves. */
const INTEGER_ONE = [0x00, 0x01, 0x02, 0x03, 0x08, 0x09, 0x0a, 0x0b, 0x10, 0x11, 0x12, 0x13, 0x18, 0x19, 0x1a, 0x1b, 0x20, 0x21, 0x22,
  0x23, 0x28, 0x29, 0x2a, 0x2b, 0x30, 0x31, 0x32, 0x33, 0x38, 0x39, 0x3a, 0x3b, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8d,
  0x69, 0x6b, 0x80, 0x81, 0x83, 0xc0, 0xc1, 0xd0, 0xd1, 0xd2, 0xd3, 0xf6, 0xf7, 0xfe, 0x0f];
const INTEGER_0F = [0xa3, 0xab, 0xb3, 0xbb, 0xba, 0xbc, 0xbd, 0xa4, 0xa5, 0xac, 0xad, 0xaf, 0xb0, 0xb1, 0xb6, 0xb7, 0xbe, 0xbf, 0xc0,
  0xc1, ...Array.from({ length: 16 }, (_, k) => 0x40 + k), ...Array.from({ length: 16 }, (_, k) => 0x90 + k)];

function integerInsn(r: Rng): number[] {
  const op = r.pick(INTEGER_ONE);
  const pre = r.chance(0.25) ? [0x66] : [];
  if (op === 0x0f) {
    const op2 = r.pick(INTEGER_0F);
    const out = [...pre, 0x0f, op2, ...modrm(r, op2 === 0xba ? 4 + r.below(4) : r.below(8), false)];
    if (op2 === 0xa4 || op2 === 0xac || op2 === 0xba) out.push(r.below(40));
    return out;
  }
  let reg = r.below(8);
  if (op === 0xf6 || op === 0xf7) reg = r.pick([0, 2, 3, 4, 5, 6, 7]); // no reserved /1; div only sometimes faults
  if (op === 0xfe) reg = r.below(2);
  if (op === 0xc0 || op === 0xc1 || op === 0xd0 || op === 0xd1 || op === 0xd2 || op === 0xd3) reg = r.below(8);
  const out = [...pre, op, ...modrm(r, reg, false)];
  const n = oneByteImm(op, reg, pre.length > 0);
  if (op === 0xc0 || op === 0xc1) return [...out, r.chance(0.5) ? r.below(3) : r.below(40)];
  return [...out, ...imm(r, n)];
}

export type Strategy = 'structured' | 'x87' | 'simd' | 'string' | 'flags' | 'smc' | 'page-edge' | 'random-bytes' | 'integer';
export const STRATEGIES: Strategy[] = ['structured', 'x87', 'simd', 'string', 'flags', 'smc', 'page-edge', 'random-bytes', 'integer', 'integer'];

/** Byte pairs that would reach the host kernel if executed (the harness also refuses them). */
function unsafe(b: number[]): boolean {
  for (let k = 0; k + 1 < b.length; k++) {
    if (b[k] === 0xcd && b[k + 1] === 0x80) return true;
    if (b[k] === 0x0f && [0x34, 0x35, 0x05, 0x07].includes(b[k + 1])) return true;
  }
  return false;
}

/** One case from strategy `s`. */
export function generateCase(r: Rng, s: Strategy): FuzzCase {
  const insns: number[][] = [];
  let codeOff = r.below(64);
  safeMemory = (s === 'integer' || s === 'x87' || s === 'simd' || s === 'flags') && r.chance(0.8);
  const count = 1 + r.below(12);
  switch (s) {
    case 'structured':
      for (let k = 0; k < count; k++) insns.push(r.chance(0.7) ? oneByteInsn(r) : twoByteInsn(r));
      break;
    case 'x87':
      for (let k = 0; k < count; k++) insns.push(r.chance(0.8) ? x87Insn(r) : oneByteInsn(r));
      break;
    case 'simd':
      for (let k = 0; k < count; k++) insns.push(twoByteInsn(r));
      break;
    case 'string':
      for (let k = 0; k < 1 + r.below(4); k++) insns.push(r.chance(0.8) ? stringInsn(r) : oneByteInsn(r));
      break;
    case 'flags':
      insns.push(...flagChain(r));
      break;
    case 'smc': {
      for (let k = r.below(3); k > 0; k--) insns.push(oneByteInsn(r));
      const before = insns.reduce((n, i) => n + i.length, 0);
      insns.push(...selfModifying(r, codeOff, before));
      break;
    }
    case 'page-edge': {
      for (let k = 0; k < 1 + r.below(3); k++) insns.push(r.chance(0.7) ? oneByteInsn(r) : twoByteInsn(r));
      break;
    }
    case 'integer':
      for (let k = 0; k < 2 * count; k++) insns.push(integerInsn(r));
      break;
    case 'random-bytes': {
      const b: number[] = [];
      for (let k = 1 + r.below(24); k > 0; k--) b.push(r.next() & 0xff);
      insns.push(b);
      break;
    }
  }
  let code = insns.flat();
  for (let k = 0; k + 1 < code.length; k++) {
    if ((code[k] === 0xcd && code[k + 1] === 0x80) || (code[k] === 0x0f && [0x34, 0x35, 0x05, 0x07].includes(code[k + 1]))) code[k + 1] = 0x90;
  }
  if (unsafe(code)) throw new Error('generator: unsafe bytes left in the stream');
  if (code.length > 256) code = code.slice(0, 256);
  if (s === 'page-edge') codeOff = CODE_BYTES - code.length + r.below(Math.min(code.length, 8)); // the tail runs off the mapped code
  if (codeOff + code.length > CODE_BYTES) code = code.slice(0, CODE_BYTES - codeOff);
  const c = randomState(r, Buffer.from(code), codeOff);
  if (s === 'x87') {
    // A partly filled stack (no MMX state): fewer stack faults, which neither side models.
    c.flags = 0;
    c.x87 = Array.from({ length: 4 + r.below(4) }, () => (r.chance(0.5) ? r.pick(FLOATS) : (r.next() | 0) / (1 + r.below(100000))));
  }
  if (safeMemory) for (const k of [3, 6, 7]) c.regs[k] = DATA_VA + 0x800 + 16 * r.below(256) + (r.chance(0.2) ? r.below(16) : 0);
  if (s === 'string') {
    c.regs[1] = r.chance(0.8) ? r.below(8) : edgeOrRandom(r) & 0xffff;
    c.regs[6] = pointer(r);
    c.regs[7] = pointer(r);
  }
  return c;
}

/** `n` cases for `seed`, cycling through every strategy. */
export function generateCases(seed: number, n: number): FuzzCase[] {
  const r = new Rng(seed);
  return Array.from({ length: n }, (_, k) => generateCase(r, STRATEGIES[k % STRATEGIES.length]));
}
