// Compares our CPU with an oracle trace: after every instruction on the single-step tier (registers, EIP, the
// defined EFLAGS bits, a checksum of all writable memory, xmm0-7, MXCSR control bits, x87 or MMX registers, and
// the fault kind), then the same stream once on the interpreted-block and once on the compiled-block tier, whose
// final state must equal the oracle's at the same retired-instruction count.
import { HOT_THRESHOLD, tiers } from '../../../emulator/cpu/basic-block';
import { Cpu, StopReason, Vector } from '../../../emulator/cpu/cpu';
import { decode } from '../../../emulator/cpu/decoder';
import { MM } from '../../../emulator/cpu/simd-state';
import { f80ToDouble } from '../../../emulator/cpu/x87';
import { FuzzCase } from './fuzz-case';
import { COMPARED_EFLAGS, flagEffect, modrmLength } from './insn-flags';
import { FuzzMachine } from './machine';
import { inHarnessMapping, OracleRecord, OracleTrace, RecordKind } from './oracle';
import { statusStoreAt, unmodelledStatusBits } from './status-stores';
import { x87PrecisionDeviation } from './x87-double-range';

const REG_NAMES = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'];

export interface LockstepResult {
  /** Instructions compared on the single-step tier. */
  steps: number;
  /** Why comparison stopped before the oracle's end, if it did. */
  truncated?: string;
  /** The first difference: tier, step, instruction bytes and what differed. */
  divergence?: { tier: string; step: number; insn: string; problems: string[] };
}

type FpuDomain = 'none' | 'x87' | 'mmx' | 'mixed';

/** What the oracle's fault (signal, si_code) means, in our CPU's terms. */
function oracleFaultKind(r: OracleRecord): string {
  switch (r.signo) {
    case 5: return r.code === 128 ? 'int3' : `sigtrap/${r.code}`;
    case 11: return r.code === 1 || r.code === 2 ? '#PF' : r.code === 128 ? '#GP-like' : `sigsegv/${r.code}`;
    case 4: return '#UD';
    case 8: return r.code === 1 ? '#DE' : `sigfpe/${r.code}`;
    case 7: return 'sigbus';
    default: return `signal ${r.signo}`;
  }
}

/** Our stop in the same terms, plus the EIP the oracle reports for it. */
function ourFaultKind(cpu: Cpu, stop: StopReason, preEip: number): { kind: string; eip: number; err?: number } {
  if (stop === StopReason.Interrupt) {
    if (cpu.vector === 3) return { kind: 'int3', eip: cpu.eip };
    if (cpu.vector === 4) return { kind: '#GP-like', eip: cpu.eip, err: 0 }; // into: Linux raises SIGSEGV after it
    return { kind: '#GP-like', eip: preEip, err: cpu.vector * 8 + 2 }; // int n through a DPL-0 gate
  }
  if (stop !== StopReason.Fault) return { kind: StopReason[stop], eip: cpu.eip };
  switch (cpu.vector) {
    case Vector.PF: return { kind: '#PF', eip: cpu.eip };
    case Vector.GP: case Vector.BR: return { kind: '#GP-like', eip: cpu.eip, err: cpu.errorCode };
    case Vector.UD: return { kind: '#UD', eip: cpu.eip };
    case Vector.DE: return { kind: '#DE', eip: cpu.eip };
    case Vector.AC: return { kind: 'sigbus', eip: cpu.eip };
    default: return { kind: `vector ${cpu.vector}`, eip: cpu.eip };
  }
}

function hex(v: number): string {
  return (v >>> 0).toString(16);
}

/** Differences between our state and an oracle record (empty when equal). */
function compareState(m: FuzzMachine, r: OracleRecord, poison: number, domain: FpuDomain, ccDefined = true): string[] {
  const cpu = m.cpu;
  const out: string[] = [];
  if (cpu.eip >>> 0 !== r.eip) out.push(`eip ${hex(cpu.eip)} ≠ ${hex(r.eip)}`);
  for (let k = 0; k < 8; k++) if (cpu.regs[k] !== r.regs[k]) out.push(`${REG_NAMES[k]} ${hex(cpu.regs[k])} ≠ ${hex(r.regs[k])}`);
  const mask = COMPARED_EFLAGS & ~poison;
  const ours = cpu.getEflags() & mask, theirs = r.eflags & mask;
  if (ours !== theirs) out.push(`eflags ${hex(ours)} ≠ ${hex(theirs)} (mask ${hex(mask)})`);
  const sum = m.memsum();
  if (sum !== r.memsum) out.push(`memory checksum ${hex(sum)} ≠ ${hex(r.memsum)}`);
  const xmm = Buffer.from(cpu.simd.u8.subarray(0, 128));
  for (let k = 0; k < 8; k++) {
    const a = xmm.subarray(16 * k, 16 * k + 16), b = r.xmm.subarray(16 * k, 16 * k + 16);
    if (!a.equals(b)) out.push(`xmm${k} ${a.toString('hex')} ≠ ${b.toString('hex')}`);
  }
  // MXCSR: control bits only (our SSE never sets the exception status bits; documented).
  if ((cpu.simd.mxcsr & 0xffc0) !== (r.mxcsr & 0xffc0)) out.push(`mxcsr ${hex(cpu.simd.mxcsr)} ≠ ${hex(r.mxcsr)}`);
  if (domain === 'mixed') return out;
  const fs = r.fsave;
  const sw = fs.readUInt16LE(4), tagWord = fs.readUInt16LE(8);
  const top = (sw >> 11) & 7;
  if (cpu.fpu.top !== top) out.push(`x87 TOP ${cpu.fpu.top} ≠ ${top}`);
  for (let phys = 0; phys < 8; phys++) {
    const emptyTheirs = ((tagWord >> (2 * phys)) & 3) === 3;
    const stIndex = (phys - top) & 7;
    const bytes = fs.subarray(28 + 10 * stIndex, 38 + 10 * stIndex);
    if (domain === 'mmx') {
      const ourMm = Buffer.from(cpu.simd.u8.subarray(MM + 8 * phys, MM + 8 * phys + 8));
      if (!ourMm.equals(bytes.subarray(0, 8))) out.push(`mm${phys} ${ourMm.toString('hex')} ≠ ${Buffer.from(bytes.subarray(0, 8)).toString('hex')}`);
      continue;
    }
    if ((cpu.fpu.empty[phys] === 1) !== emptyTheirs) out.push(`x87 R${phys} empty ${cpu.fpu.empty[phys] === 1} ≠ ${emptyTheirs}`);
    else if (!emptyTheirs) {
      const a = cpu.fpu.st[phys], b = f80ToDouble(bytes);
      if (!(Number.isNaN(a) && Number.isNaN(b)) && !Object.is(a, b)) out.push(`x87 R${phys} ${a} ≠ ${b} (${Buffer.from(bytes).toString('hex')})`);
    }
  }
  if (domain !== 'mmx' && ccDefined) {
    // Condition codes C0 C2 C3 (C1 and the exception flags are not modelled exactly; documented).
    const cc = cpu.fpu.statusWord() & 0x4500, theirCc = sw & 0x4500;
    if (cc !== theirCc) out.push(`x87 C3/C2/C0 ${hex(cc)} ≠ ${hex(theirCc)}`);
  }
  return out;
}

/**
 * F2/F3 on an MMX opcode (defined without them) is a reserved encoding (SDM vol. 2 §2.1.1: "use of repeat prefixes
 * ... with instructions that do not support them is reserved and may cause unpredictable behavior").
 */
/**
 * How an x87 instruction treats C0/C2/C3 (SDM "FPU Flags Affected"): compares, ftst, fxam set them; fninit clears
 * them; fnstsw/fnstcw/fnstenv/fnsave read or keep them; everything else leaves them undefined.
 */
function x87ConditionCodes(b: Uint8Array): 'defines' | 'undefines' | 'keeps' | 'reads' {
  let p = 0;
  while (p < 14 && [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x9b].includes(b[p])) p++;
  const op = b[p], m = b[p + 1], reg = (m >> 3) & 7;
  if (m < 0xc0) {
    if ((op === 0xd8 || op === 0xdc || op === 0xda || op === 0xde) && (reg === 2 || reg === 3)) return 'defines';
    if (op === 0xdd && reg === 7) return 'reads'; // fnstsw m16
    if (op === 0xd9 && reg === 7) return 'keeps'; // fnstcw
    return 'undefines';
  }
  if ((op === 0xd8 || op === 0xdc) && reg >= 2 && reg <= 3) return 'defines';
  if ((op === 0xde && (reg === 2 || m === 0xd9)) || (op === 0xdd && (reg === 4 || reg === 5)) || (op === 0xda && m === 0xe9)) return 'defines';
  if (op === 0xd9 && (m === 0xe4 || m === 0xe5)) return 'defines';
  if (op === 0xdb && m === 0xe3) return 'defines'; // fninit clears them
  if (op === 0xdf && m === 0xe0) return 'reads'; // fnstsw ax
  return 'undefines';
}

function isEmms(b: Uint8Array): boolean {
  return opcodeAfterPrefixes(b) === 0x0f77;
}

function opcodeAfterPrefixes(b: Uint8Array): number {
  let p = 0;
  while (p < 14 && [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3].includes(b[p])) p++;
  return b[p] === 0x0f ? 0x0f00 | b[p + 1] : b[p];
}

/**
 * An x87 instruction that reads an empty register or pushes onto a full stack: the architecture raises a stack
 * fault (masked: QNaN indefinite, SF and IE set); qemu 7.2 computes with the stale register instead, and our CPU
 * does not model it either (documented), so comparison stops there.
 */
function x87StackFault(b: Uint8Array, cpu: Cpu): string | undefined {
  let p = 0;
  while (p < 14 && [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x9b].includes(b[p])) p++;
  const op = b[p], m = b[p + 1], reg = (m >> 3) & 7, n = m & 7, isReg = m >= 0xc0;
  const f = cpu.fpu;
  const empty = (i: number): boolean => f.empty[(f.top + i) & 7] === 1;
  const full = (): boolean => !f.empty[(f.top - 1) & 7];
  const pushes = isReg ? op === 0xd9 && (reg === 0 || (m >= 0xe8 && m <= 0xee) || m === 0xf4 || m === 0xfb || m === 0xf2)
    : (op === 0xd9 && reg === 0) || (op === 0xdd && reg === 0) || (op === 0xdb && (reg === 0 || reg === 5)) || (op === 0xdf && (reg === 0 || reg === 4 || reg === 5)) ||
      (op === 0xda && false);
  if (pushes && full()) return 'x87 stack overflow (not modelled)';
  // Instructions that read neither st(0) nor st(i): control, loads from memory, stack-pointer moves, ffree.
  const noRead = isReg
    ? (op === 0xd9 && (m === 0xd0 || (m >= 0xe8 && m <= 0xee) || m === 0xf6 || m === 0xf7)) || (op === 0xdb && m >= 0xe0 && m <= 0xe4) ||
      (op === 0xdd && reg === 0) || (op === 0xdf && (reg === 0 || m === 0xe0))
    : (op === 0xd9 && reg !== 2 && reg !== 3) || (op === 0xdb && (reg === 0 || reg === 5)) || (op === 0xdd && reg !== 1 && reg !== 2 && reg !== 3) ||
      (op === 0xdf && (reg === 0 || reg === 4 || reg === 5));
  const readsSt0 = !noRead && !(isReg && op === 0xd9 && reg === 0);
  if (readsSt0 && empty(0)) return 'x87 stack underflow (not modelled)';
  const readsStN = isReg && !noRead && !(op === 0xdd && (reg === 2 || reg === 3)) && !(op === 0xdf && (reg === 2 || reg === 3)) &&
    !(op === 0xd9 && reg === 3) && !(op === 0xd9 && reg >= 4);
  if (readsStN && empty(n)) return 'x87 stack underflow (not modelled)';
  return undefined;
}

/**
 * A shift/rotate of a memory operand (C0/C1/D2/D3) whose masked count is 0. The SDM and APM define only that the
 * operand and flags are unchanged; whether the processor still writes the operand back (and so faults on a
 * read-only page) is not specified. Ours only reads it, qemu writes it back (docs/cpu-fuzzing.md).
 */
function memoryShiftByZero(b: Uint8Array, cl: number): boolean {
  let p = 0;
  while (p < 14 && [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3].includes(b[p])) p++;
  const op = b[p];
  if (![0xc0, 0xc1, 0xd2, 0xd3].includes(op) || b[p + 1] >= 0xc0) return false;
  const count = op >= 0xd2 ? cl : b[p + 1 + modrmLength(b, p + 1, hasPrefix(b, 0x67))];
  return (count & 31) === 0;
}

function hasPrefix(b: Uint8Array, prefix: number): boolean {
  for (let p = 0; p < 14 && [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3].includes(b[p]); p++) if (b[p] === prefix) return true;
  return false;
}

function reservedSimdPrefix(b: Uint8Array): string | undefined {
  let p = 0, rep = false, o16 = false;
  while (p < 14 && [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3].includes(b[p])) {
    if (b[p] === 0xf2 || b[p] === 0xf3) rep = true;
    if (b[p] === 0x66) o16 = true;
    p++;
  }
  if (b[p] !== 0x0f) return undefined;
  const op = b[p + 1];
  if (op === 0x77 && (rep || o16)) return 'prefixed emms: reserved encoding';
  if (op === 0xc3 && (rep || o16)) return 'prefixed movnti: reserved encoding';
  if (!rep) return undefined;
  const mmxOnly = (op >= 0x60 && op <= 0x6b) || (op >= 0x71 && op <= 0x76) || (op >= 0xd1 && op <= 0xd5) || (op >= 0xd8 && op <= 0xef && op !== 0xe6) ||
    (op >= 0xf1 && op <= 0xfe) || op === 0x0d || op === 0x77 || op === 0xc4 || op === 0xc5 || op === 0xd7 || op === 0xc3;
  return mmxOnly ? 'F2/F3 prefix on an MMX/movnti opcode: reserved encoding' : undefined;
}

/** "misaligned m128 at X" when the SIMD instruction at `eip` has a memory operand that is not 16-byte aligned. */
function misalignedSimdOperand(cpu: Cpu, eip: number): string | undefined {
  try {
    const i = decode(cpu, eip);
    const op = i.opcode & 0xff;
    const simd = (i.opcode >> 8) === 0x0f && ((op >= 0x10 && op <= 0x17) || (op >= 0x28 && op <= 0x2f) || (op >= 0x50 && op <= 0x7f) ||
      (op >= 0xc2 && op <= 0xc6) || op >= 0xd0);
    if (!simd || !i.mem) return undefined;
    const ea = cpu.ea(i) >>> 0;
    return (ea & 15) !== 0 ? `misaligned m128 at ${hex(ea)}` : undefined;
  } catch {
    return undefined;
  }
}

function insnBytes(m: FuzzMachine): Uint8Array {
  const b = m.as.read(m.cpu.eip >>> 0, 16);
  if (b !== undefined) return b;
  const out = new Uint8Array(16);
  for (let k = 0; k < 16; k++) out[k] = m.as.read((m.cpu.eip + k) >>> 0, 1)?.[0] ?? 0;
  return out;
}

function initialDomain(c: FuzzCase): FpuDomain {
  return (c.flags & 1) !== 0 ? 'mmx' : c.x87.length > 0 ? 'x87' : 'none';
}

/** Runs one case on every tier and compares it with the oracle's trace. */
export function lockstep(m: FuzzMachine, c: FuzzCase, trace: OracleTrace): LockstepResult {
  const recs = trace.records;
  const result: LockstepResult = { steps: 0 };
  if (trace.oracleCrash !== undefined) return { steps: 0, truncated: `qemu-i386 aborted (${trace.oracleCrash.slice(0, 80)})` };
  if (recs.length === 0 || recs[0].kind !== RecordKind.Step) {
    result.truncated = recs.length > 0 && recs[0].kind === RecordKind.Unsafe ? 'oracle declined the first instruction' : 'no initial record';
    return result;
  }
  const savedBlocks = Cpu.blocks;
  try {
    Cpu.blocks = false;
    tiers.hotThreshold = HOT_THRESHOLD;
    m.load(c);
    const cpu = m.cpu;
    let poison = 0;
    let domain = initialDomain(c);
    /** The x87 condition codes C0/C2/C3 hold defined values (most x87 instructions leave them undefined). */
    let ccDefined = true;
    let problems = compareState(m, recs[0], poison, domain);
    if (problems.length > 0) {
      result.divergence = { tier: 'single-step', step: 0, insn: '(initial state)', problems };
      return result;
    }
    /** Oracle records this far are comparable (each tier's final state is checked against them). */
    let comparable = 0;
    /** Flag poison and FPU domain after each compared step, for the block tiers' final comparison. */
    const poisonAt: number[] = [0], domainAt: FpuDomain[] = [domain], ccAt: boolean[] = [true];
    let ended = false;
    for (let i = 1; i < recs.length && !ended; i++) {
      const rec = recs[i];
      if (rec.kind === RecordKind.StepCap || rec.kind === RecordKind.Unsafe) {
        if (rec.kind === RecordKind.Unsafe) result.truncated = 'oracle declined the next instruction';
        break;
      }
      const bytes = insnBytes(m);
      const insn = Buffer.from(bytes).toString('hex');
      const fx = flagEffect(bytes, cpu.regs[1] & 0xff);
      if (fx.exclude !== undefined) { result.truncated = fx.exclude; break; }
      if ((fx.reads & poison) !== 0) { result.truncated = `reads an undefined flag (${hex(fx.reads & poison)})`; break; }
      const cc = fx.fpu === 'x87' ? x87ConditionCodes(bytes) : 'keeps';
      if (cc === 'reads' && !ccDefined) { result.truncated = 'fnstsw reads undefined x87 condition codes'; break; }
      if ((fx.fpu === 'x87' && domain === 'mmx') || (fx.fpu === 'mmx' && domain === 'x87')) {
        result.truncated = 'x87 and MMX registers alias (kept apart in our CPU, documented)';
        break;
      }
      if (rec.kind === RecordKind.Step && fx.fpu === 'x87') {
        // Our x87 does not model stack faults or invalid-operation results (documented in emulator/cpu/README.md):
        // stop where the oracle's status word newly shows one.
        const after = rec.fsave.readUInt16LE(4);
        if ((after & 0x41) !== 0) { result.truncated = (after & 0x40) !== 0 ? 'x87 stack fault (not modelled)' : 'x87 invalid operation (not modelled)'; break; }
      }
      if (opcodeAfterPrefixes(bytes) === 0x90 && hasPrefix(bytes, 0xf3)) {
        // qemu 7.2 leaves the translation block after pause without raising the pending single-step trap, so its
        // trace has no record for this instruction (a qemu defect; docs/cpu-fuzzing.md).
        result.truncated = 'pause: qemu delivers no single-step trap after it';
        break;
      }
      if (hasPrefix(bytes, 0x67)) { result.truncated = '67 prefix: 16-bit addressing is not modelled (documented)'; break; }
      if (fx.fpu === 'x87') {
        const why = x87StackFault(bytes, cpu);
        if (why !== undefined) { result.truncated = why; break; }
      }
      const reserved = reservedSimdPrefix(bytes);
      if (reserved !== undefined) { result.truncated = reserved; break; }
      const preEip = cpu.eip >>> 0;
      const statusStore = statusStoreAt(cpu, bytes);
      const shiftByZero = memoryShiftByZero(bytes, cpu.regs[1] & 0xff);
      const before = recs[i - 1];
      const stop = cpu.run(1);
      if (stop === StopReason.Budget) {
        if (rec.kind !== RecordKind.Step && shiftByZero && oracleFaultKind(rec) === '#PF') {
          result.truncated = 'memory shift/rotate by a masked count of 0: write-back not specified by SDM/APM (qemu writes, we do not)';
          break;
        }
        if (rec.kind !== RecordKind.Step) {
          result.divergence = { tier: 'single-step', step: i, insn, problems: [`we completed the instruction; the oracle stopped with ${oracleFaultKind(rec)} at ${hex(rec.eip)}`] };
          return result;
        }
        poison = (poison & ~fx.defines) | fx.undefines;
        if (cc === 'defines') ccDefined = true;
        if (cc === 'undefines') ccDefined = false;
        if (fx.fpu === 'x87') domain = 'x87';
        if (fx.fpu === 'mmx') domain = isEmms(bytes) ? 'none' : 'mmx';
        problems = compareState(m, rec, poison, domain, ccDefined);
        if (problems.length > 0 && statusStore !== undefined && problems.every((q) => q.startsWith('memory checksum'))) {
          const why = unmodelledStatusBits(m, statusStore, rec, ccDefined);
          if (why !== undefined) { result.truncated = why; break; }
        }
        if (problems.length > 0 && opcodeAfterPrefixes(bytes) === 0xdf && bytes[bytes.indexOf(0xdf) + 1] === 0xe0 && problems.every((q) => q.startsWith('eax'))) {
          // fnstsw ax: AX gets the status word, whose C1/exception bits we do not model (like fnstsw m16).
          const modelled = 0xffff0000 | 0x3800 | (ccDefined ? 0x4500 : 0);
          if (((cpu.regs[0] ^ rec.regs[0]) & modelled) === 0) { result.truncated = 'fnstsw ax stores x87 C1/exception bits (not modelled, documented)'; break; }
        }
        if (problems.length > 0 && fx.fpu === 'x87' && problems.every((q) => q.startsWith('x87 R') || q.startsWith('memory checksum') || q.startsWith('x87 C3/C2/C0'))) {
          const why = x87PrecisionDeviation(before, rec);
          if (why !== undefined) { result.truncated = why; break; }
        }
        if (problems.length > 0) {
          result.divergence = { tier: 'single-step', step: i, insn, problems };
          return result;
        }
        result.steps = i;
        comparable = i;
        poisonAt.push(poison);
        domainAt.push(domain);
        ccAt.push(ccDefined);
      } else {
        const ours = ourFaultKind(cpu, stop, preEip);
        const theirs = oracleFaultKind(rec);
        const p: string[] = [];
        const nextPage = ((preEip & ~0xfff) + 0x1000) >>> 0;
        if (ours.kind === '#UD' && theirs === '#PF' && rec.cr2 === nextPage) {
          result.truncated = 'undefined opcode at a page end: its length (and so a fetch fault) is not architectural';
          break;
        }
        const op = opcodeAfterPrefixes(bytes);
        if (ours.kind === '#PF' && theirs === '#PF' && (op === 0xa6 || op === 0xa7) && cpu.faultAddress >>> 0 !== rec.cr2) {
          result.truncated = 'cmps with both operands faulting: which access faults first is not architectural';
          break;
        }
        if (ours.kind === '#PF' && (rec.kind !== RecordKind.Signal || theirs !== '#PF' || rec.cr2 !== cpu.faultAddress >>> 0) && inHarnessMapping(cpu.faultAddress >>> 0)) {
          result.truncated = 'the access reaches a page of the oracle process (qemu-user maps its own pages in the guest space)';
          break;
        }
        if (rec.kind !== RecordKind.Signal) p.push(`we stopped with ${ours.kind}; the oracle completed the instruction`);
        else {
          if (ours.kind !== theirs) p.push(`fault ${ours.kind} ≠ ${theirs}`);
          if (ours.eip >>> 0 !== rec.eip) p.push(`fault eip ${hex(ours.eip)} ≠ ${hex(rec.eip)}`);
          // The #PF error code is not compared: qemu-user reports a read-modify-write that faults as a read.
          if (theirs === '#PF' && cpu.faultAddress >>> 0 !== rec.cr2) p.push(`cr2 ${hex(cpu.faultAddress)} ≠ ${hex(rec.cr2)}`);
          if (theirs === '#GP-like' && ours.err !== undefined && ours.err !== rec.err) p.push(`error code ${hex(ours.err)} ≠ ${hex(rec.err)}`);
          // Registers and memory are unchanged by a fault (our fault state must equal the last step's).
          const regs = compareState(m, { ...recs[i - 1], eip: cpu.eip >>> 0 }, poison, domain, ccDefined).filter((s) => !s.startsWith('eip'));
          p.push(...regs.map((s) => `at the fault: ${s}`));
        }
        if (p.length > 0) {
          if (ours.kind === '#GP-like' && ours.err === 0) {
            const note = misalignedSimdOperand(cpu, preEip);
            if (note !== undefined) p.push(note);
          }
          if (ours.kind === '#PF' && cpu.faultAddress >>> 0 === ((preEip & ~0xfff) + 0x1000) >>> 0) p.push('instruction fetch crosses into an unmapped page');
          result.divergence = { tier: 'single-step', step: i, insn, problems: p };
          return result;
        }
        comparable = i; // the fault itself is the comparable end
        poisonAt.push(poison);
        domainAt.push(domain);
        ccAt.push(ccDefined);
        ended = true;
      }
    }
    // Block tiers: the same stream as interpreted and compiled blocks, compared where single-stepping stopped.
    for (const [tier, threshold] of [['block', 1e9], ['compiled', 1]] as Array<[string, number]>) {
      if (comparable === 0) break;
      Cpu.blocks = true;
      tiers.hotThreshold = threshold;
      m.load(c);
      const lastRec = recs[comparable];
      const budget = lastRec.kind === RecordKind.Signal ? comparable + 1 : comparable;
      const stop = m.cpu.run(budget);
      const p: string[] = [];
      if (lastRec.kind === RecordKind.Signal) {
        const ours = ourFaultKind(m.cpu, stop, m.cpu.eip);
        if (stop === StopReason.Budget) p.push(`ran ${budget} instructions; the oracle stopped with ${oracleFaultKind(lastRec)}`);
        else {
          if (ours.kind !== oracleFaultKind(lastRec)) p.push(`fault ${ours.kind} ≠ ${oracleFaultKind(lastRec)}`);
          const retiredAt = stop === StopReason.Fault ? m.cpu.retired : m.cpu.retired - 1;
          if (retiredAt !== comparable - 1) p.push(`stopped after ${retiredAt} instructions, the oracle after ${comparable - 1}`);
          // A trap-like stop (int3, into) reports EIP after the instruction, like the oracle.
          if (stop === StopReason.Fault && m.cpu.eip >>> 0 !== lastRec.eip) p.push(`fault eip ${hex(m.cpu.eip)} ≠ ${hex(lastRec.eip)}`);
          p.push(...compareState(m, { ...recs[comparable - 1], eip: m.cpu.eip >>> 0 }, poisonAt[comparable - 1], domainAt[comparable - 1], ccAt[comparable - 1])
            .filter((s) => !s.startsWith('eip')));
        }
      } else {
        if (stop !== StopReason.Budget) p.push(`stopped (${StopReason[stop]}, vector ${m.cpu.vector}) after ${m.cpu.retired} of ${budget} instructions`);
        else p.push(...compareState(m, lastRec, poisonAt[comparable], domainAt[comparable], ccAt[comparable]));
      }
      if (p.length > 0) {
        result.divergence = { tier, step: budget, insn: c.code, problems: p };
        return result;
      }
    }
    return result;
  } finally {
    Cpu.blocks = savedBlocks;
    tiers.hotThreshold = HOT_THRESHOLD;
  }
}

