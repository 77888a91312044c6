// EFLAGS definedness per instruction, from the Intel SDM vol. 2 "Flags Affected" sections: which arithmetic
// flags an instruction leaves undefined, which it sets to defined values and which it reads. The fuzzer keeps a
// running mask of flags whose value is undefined (poisoned) and stops comparing a case when an instruction reads
// one of them (a jcc after imul may go either way on real CPUs). Also classifies x87/MMX instructions and lists
// the instructions the fuzzer does not compare (see EXCLUDED in docs/cpu-fuzzing.md).

export const CF = 0x1, PF = 0x4, AF = 0x10, ZF = 0x40, SF = 0x80, OF = 0x800;
export const ARITH = CF | PF | AF | ZF | SF | OF;
/** The EFLAGS bits compared (arithmetic, DF, NT, AC, ID); TF is the harness's, IF/IOPL are fixed. */
export const COMPARED_EFLAGS = ARITH | 0x400 | 0x4000 | 0x40000 | 0x200000;

export interface FlagEffect {
  /** Flags set to architecturally defined values. */
  defines: number;
  /** Flags left undefined. */
  undefines: number;
  /** Flags read. */
  reads: number;
  fpu: 'x87' | 'mmx' | 'none';
  /** Set when the fuzzer does not compare this instruction (the reason). */
  exclude?: string;
}

const PREFIXES = new Set([0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3]);

/** Flags read by condition code cc (jcc/setcc/cmovcc low nibble). */
export function condReads(cc: number): number {
  switch (cc >> 1) {
    case 0: return OF;
    case 1: return CF;
    case 2: return ZF;
    case 3: return CF | ZF;
    case 4: return SF;
    case 5: return PF;
    case 6: return SF | OF;
    default: return ZF | SF | OF;
  }
}

/** Length of ModRM + SIB + displacement starting at `at`. */
export function modrmLength(b: Uint8Array, at: number, addr16: boolean): number {
  const m = b[at], mod = m >> 6, rm = m & 7;
  if (mod === 3) return 1;
  if (addr16) return 1 + (mod === 1 ? 1 : mod === 2 || (mod === 0 && rm === 6) ? 2 : 0);
  let n = 1;
  if (rm === 4) {
    n++;
    if (mod === 0 && (b[at + 1] & 7) === 5) n += 4;
  }
  if (mod === 0 && rm === 5) n += 4;
  if (mod === 1) n += 1;
  if (mod === 2) n += 4;
  return n;
}

const none = (): FlagEffect => ({ defines: 0, undefines: 0, reads: 0, fpu: 'none' });
const all = (): FlagEffect => ({ defines: ARITH, undefines: 0, reads: 0, fpu: 'none' });
const logic = (): FlagEffect => ({ defines: ARITH & ~AF, undefines: AF, reads: 0, fpu: 'none' });

/**
 * Flag effect of the instruction in `b` (bytes at EIP), given CL for shift counts. Unknown or faulting encodings
 * report no effect (a fault ends the case anyway).
 */
export function flagEffect(b: Uint8Array, cl: number): FlagEffect {
  let p = 0, opsize = 32, addr16 = false, rep = 0;
  while (p < 15 && PREFIXES.has(b[p])) {
    if (b[p] === 0x66) opsize = 16;
    if (b[p] === 0x67) addr16 = true;
    if (b[p] === 0xf2 || b[p] === 0xf3) rep = b[p];
    p++;
  }
  const op = b[p];
  const reg = (b[p + 1] >> 3) & 7;
  const why = EXCLUDED_ONE_BYTE.get(op) ?? (op === 0xff && (reg === 3 || reg === 5) ? 'far call/jmp: segment state' : undefined);
  if (why !== undefined) return { ...none(), exclude: why };
  const immAfterModrm = (): number => b[p + 1 + modrmLength(b, p + 1, addr16)];
  if (op < 0x40 && (op & 7) < 6) {
    const kind = op >> 3; // add or adc sbb and sub xor cmp
    const e = kind === 1 || kind === 4 || kind === 6 ? logic() : all();
    if (kind === 2 || kind === 3) e.reads = CF;
    return e;
  }
  if (op === 0x27 || op === 0x2f) return { defines: CF | AF | SF | ZF | PF, undefines: OF, reads: CF | AF, fpu: 'none' }; // daa das
  if (op === 0x37 || op === 0x3f) return { defines: CF | AF, undefines: OF | SF | ZF | PF, reads: AF, fpu: 'none' }; // aaa aas
  if (op >= 0x40 && op < 0x50) return { defines: ARITH & ~CF, undefines: 0, reads: 0, fpu: 'none' };
  if ((op >= 0x70 && op < 0x80)) return { ...none(), reads: condReads(op & 15) };
  if (op >= 0x80 && op <= 0x83) {
    const e = reg === 1 || reg === 4 || reg === 6 ? logic() : all();
    if (reg === 2 || reg === 3) e.reads = CF;
    return e;
  }
  if (op === 0x84 || op === 0x85 || op === 0xa8 || op === 0xa9) return logic();
  if (op === 0x69 || op === 0x6b) return { defines: CF | OF, undefines: SF | ZF | AF | PF, reads: 0, fpu: 'none' };
  if (op === 0x9d) return all();
  if (op === 0x9e) return { defines: SF | ZF | AF | PF | CF, undefines: 0, reads: 0, fpu: 'none' }; // sahf
  if (op === 0x9f) return { ...none(), reads: SF | ZF | AF | PF | CF }; // lahf
  if (op === 0xa6 || op === 0xa7 || op === 0xae || op === 0xaf) {
    // cmps/scas: with rep and ECX = 0 nothing changes; a rep also reads ZF between iterations (it sets it itself).
    return all();
  }
  if (op === 0xd4 || op === 0xd5) return { defines: SF | ZF | PF, undefines: OF | AF | CF, reads: 0, fpu: 'none' }; // aam aad
  if (op === 0xd6) return { ...none(), reads: CF }; // salc
  if (op === 0xcd && b[p + 1] === 0x80) return { ...none(), exclude: 'int $0x80: a system call' };
  if (op === 0xce) return { ...none(), reads: OF };
  if (op === 0xe0 || op === 0xe1) return { ...none(), reads: ZF }; // loopnz loopz
  if (op === 0xf5) return { defines: CF, undefines: 0, reads: CF, fpu: 'none' };
  if (op === 0xf8 || op === 0xf9) return { defines: CF, undefines: 0, reads: 0, fpu: 'none' };
  if (op === 0xc0 || op === 0xc1 || (op >= 0xd0 && op <= 0xd3)) {
    const size = (op & 1) === 0 ? 8 : opsize;
    const raw = op >= 0xd2 ? cl : op >= 0xd0 ? 1 : immAfterModrm();
    const count = raw & 31;
    if (count === 0) return none();
    if (reg <= 3) {
      // rol ror rcl rcr: CF and OF only; OF defined for a masked count of 1.
      return { defines: count === 1 ? CF | OF : CF, undefines: count === 1 ? 0 : OF, reads: reg >= 2 ? CF : 0, fpu: 'none' };
    }
    const e: FlagEffect = { defines: CF | SF | ZF | PF | OF, undefines: AF, reads: 0, fpu: 'none' };
    if (count !== 1) { e.defines &= ~OF; e.undefines |= OF; }
    if (reg !== 7 && count >= size) { e.defines &= ~CF; e.undefines |= CF; } // shl/shr: CF undefined when count ≥ size
    return e;
  }
  if (op === 0xf6 || op === 0xf7) {
    if (reg <= 1) return logic();
    if (reg === 2) return none();
    if (reg === 3) return all();
    if (reg <= 5) return { defines: CF | OF, undefines: SF | ZF | AF | PF, reads: 0, fpu: 'none' };
    return { defines: 0, undefines: ARITH, reads: 0, fpu: 'none' };
  }
  if (op === 0xfe || op === 0xff) return reg <= 1 ? { defines: ARITH & ~CF, undefines: 0, reads: 0, fpu: 'none' } : none();
  if (op >= 0xd8 && op <= 0xdf) return x87Effect(op, b[p + 1]);
  if (op === 0x0f) return twoByte(b, p + 1, opsize, addr16, rep, cl);
  return none();
}

const SEGMENTS = 'segment registers: the harness runs with Linux selectors, our CPU with Fiasco ones';
/** One-byte opcodes the fuzzer does not compare, with the reason (docs/cpu-fuzzing.md). */
const EXCLUDED_ONE_BYTE = new Map<number, string>([
  [0x06, SEGMENTS], [0x07, SEGMENTS], [0x0e, SEGMENTS], [0x16, SEGMENTS], [0x17, SEGMENTS], [0x1e, SEGMENTS], [0x1f, SEGMENTS],
  [0x8c, SEGMENTS], [0x8e, SEGMENTS], [0xc4, SEGMENTS], [0xc5, SEGMENTS], [0x9a, SEGMENTS], [0xea, SEGMENTS], [0xca, SEGMENTS],
  [0xcb, SEGMENTS], [0xcf, SEGMENTS],
  [0x9c, 'pushf: the oracle runs with TF set, which pushf stores'],
  [0x63, 'arpl: #UD in our CPU (documented), executed by the oracle'],
  [0xf1, 'icebp (int1): a debug trap the harness cannot tell from single-step traps'],
]);
const EXCLUDED_0F = new Map<number, string>([
  [0x00, 'sldt/str/lldt/ltr/verr/verw: #GP/#UD in our CPU (UMIP-like, documented)'],
  [0x01, 'sgdt/sidt/smsw/lgdt: #GP in our CPU (UMIP-like, documented)'],
  [0x02, 'lar: #UD in our CPU (documented)'], [0x03, 'lsl: #UD in our CPU (documented)'],
  [0x31, 'rdtsc: time differs by design'], [0x33, 'rdpmc'], [0xa2, 'cpuid: our CPUID differs from the qemu model by design'],
  [0xa0, SEGMENTS], [0xa1, SEGMENTS], [0xa8, SEGMENTS], [0xa9, SEGMENTS], [0xb2, SEGMENTS], [0xb4, SEGMENTS], [0xb5, SEGMENTS],
  [0x0d, 'prefetch/nop group: valid or #UD depending on the CPU model'],
  [0x34, 'sysenter: a system call'], [0x35, 'sysexit'], [0x05, 'syscall'], [0x07, 'sysret'],
]);

function x87Effect(op: number, m: number): FlagEffect {
  const reg = (m >> 3) & 7, isReg = m >= 0xc0;
  const e: FlagEffect = { ...none(), fpu: 'x87' };
  if (op === 0xda && isReg && reg <= 3) e.reads = reg === 0 ? CF : reg === 1 ? ZF : reg === 2 ? CF | ZF : PF; // fcmovb/e/be/u
  if (op === 0xdb && isReg && reg <= 3) e.reads = reg === 0 ? CF : reg === 1 ? ZF : reg === 2 ? CF | ZF : PF;
  if ((op === 0xdb || op === 0xdf) && isReg && (reg === 5 || reg === 6)) e.defines = ARITH; // fucomi fcomi: ZF PF CF, OF SF AF cleared
  if (isReg && op === 0xd9 && [0xf0, 0xf1, 0xf2, 0xf3, 0xf5, 0xf8, 0xf9, 0xfb, 0xfe, 0xff].includes(m)) {
    e.exclude = 'x87 transcendental/partial-remainder instruction: double-precision approximation (documented)';
  }
  if (isReg && op === 0xd9 && m >= 0xe9 && m <= 0xed) e.exclude = 'fldl2t/fldl2e/fldpi/fldlg2/fldln2: 80-bit constants rounded to double (documented)';
  if (!isReg && op === 0xd9 && (reg === 4 || reg === 6)) e.exclude = 'fldenv/fnstenv: our environment image stores zero instruction/operand pointers';
  if (!isReg && op === 0xdd && (reg === 4 || reg === 6)) e.exclude = 'frstor/fnsave: our save image stores zero pointers and double-precision registers';
  if (!isReg && op === 0xdf && (reg === 4 || reg === 6)) e.exclude = 'fbld/fbstp: not implemented (#UD), documented';
  return e;
}

const MMX_0F = new Set<number>([
  0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77,
  0x7e, 0x7f, 0xc4, 0xc5, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd7, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xe1, 0xe2, 0xe3,
  0xe4, 0xe5, 0xe7, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb,
  0xfc, 0xfd, 0xfe, 0x2a, 0x2c, 0x2d]);

function twoByte(b: Uint8Array, p: number, opsize: number, addr16: boolean, rep: number, cl: number): FlagEffect {
  const op = b[p];
  const reg = (b[p + 1] >> 3) & 7;
  const why = EXCLUDED_0F.get(op);
  if (why !== undefined) return { ...none(), exclude: why };
  if (op === 0x18 && b[p + 1] >= 0xc0) return { ...none(), exclude: 'prefetch with a register operand: hint space, valid or #UD by CPU model' };
  if (op === 0x52 || op === 0x53) return { ...none(), exclude: 'rcp/rsqrt: hardware returns a 12-bit approximation, ours the exact value (documented)' };
  const sse = opsize === 16 || rep !== 0;
  if (op >= 0x80 && op < 0x90) return { ...none(), reads: condReads(op & 15) };
  if (op >= 0x90 && op < 0xa0) return { ...none(), reads: condReads(op & 15) };
  if (op >= 0x40 && op < 0x50) return { ...none(), reads: condReads(op & 15) };
  if (op === 0xaf) return { defines: CF | OF, undefines: SF | ZF | AF | PF, reads: 0, fpu: 'none' };
  if (op === 0xa3 || op === 0xab || op === 0xb3 || op === 0xbb || op === 0xba) {
    return { defines: CF, undefines: OF | SF | AF | PF, reads: 0, fpu: 'none' };
  }
  if (op === 0xbc || op === 0xbd) return { defines: ZF, undefines: CF | OF | SF | AF | PF, reads: 0, fpu: 'none' };
  if (op === 0xa4 || op === 0xa5 || op === 0xac || op === 0xad) {
    const raw = op === 0xa5 || op === 0xad ? cl : b[p + 1 + modrmLength(b, p + 1, addr16)];
    const count = raw & 31;
    if (count === 0) return none();
    const e: FlagEffect = { defines: CF | SF | ZF | PF | OF, undefines: AF, reads: 0, fpu: 'none' };
    if (count !== 1) { e.defines &= ~OF; e.undefines |= OF; }
    if (count > opsize) return { defines: 0, undefines: ARITH, reads: 0, fpu: 'none', exclude: 'shld/shrd with count > operand size: result undefined' };
    return e;
  }
  if (op === 0xb0 || op === 0xb1 || op === 0xc0 || op === 0xc1) return all(); // cmpxchg xadd
  if (op === 0xc7 && reg === 1) return { defines: ZF, undefines: 0, reads: 0, fpu: 'none' }; // cmpxchg8b
  if (op === 0x2e || op === 0x2f) return all(); // (u)comiss/sd
  if (op === 0xae && (b[p + 1] >> 6) !== 3 && (reg === 0 || reg === 1)) {
    return { ...none(), exclude: 'fxsave/fxrstor: our image holds double-precision x87 registers and zero pointers' };
  }
  const e = none();
  if (MMX_0F.has(op) && !sse) e.fpu = 'mmx';
  if (op === 0xd6 && rep !== 0) e.fpu = 'mmx'; // movq2dq movdq2q
  if (op === 0x2a && opsize === 16) e.fpu = 'mmx'; // cvtpi2pd reads an MMX register
  if ((op === 0x2c || op === 0x2d) && opsize === 16) e.fpu = 'mmx'; // cvt(t)pd2pi
  return e;
}
