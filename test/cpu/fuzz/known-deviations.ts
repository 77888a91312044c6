// Divergences where qemu-i386 (7.2) is wrong, not our CPU: each entry names the instruction, the manual's
// definition and what qemu does instead. A divergence matching an entry is counted, not reported.
import { FuzzCase } from './fuzz-case';
import { LockstepResult } from './lockstep';

export interface KnownDeviation {
  name: string;
  /** The Intel SDM / AMD APM definition and qemu's behaviour. */
  evidence: string;
  matches(c: FuzzCase, r: LockstepResult): boolean;
}

/** First opcode byte after the prefixes, and the ModRM byte after it. */
function opcodeOf(code: Buffer, at: number): { op: number; two: boolean; modrm: number } {
  let p = at;
  while (p < code.length && [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3].includes(code[p])) p++;
  if (code[p] === 0x0f) return { op: code[p + 1], two: true, modrm: code[p + 2] };
  return { op: code[p], two: false, modrm: code[p + 1] };
}

function divergentInsn(r: LockstepResult): Buffer | undefined {
  const d = r.divergence;
  return d === undefined || d.tier !== 'single-step' || d.step === 0 ? undefined : Buffer.from(d.insn, 'hex');
}

export const KNOWN_QEMU_DEVIATIONS: KnownDeviation[] = [
  {
    name: 'F6/F7 /1 (TEST alias) raises #UD in qemu',
    evidence: 'Intel SDM vol. 2 Table A-6 leaves Group 3 /1 unassigned, but Intel and AMD processors decode F6 /1 and F7 /1 ' +
      'as TEST Eb,Ib / Ev,Iz (sandpile.org opcode map: "TEST alias"); our CPU does the same. qemu 7.2 raises #UD.',
    matches(_c, r) {
      const b = divergentInsn(r);
      if (b === undefined) return false;
      const o = opcodeOf(b, 0);
      return !o.two && (o.op === 0xf6 || o.op === 0xf7) && ((o.modrm >> 3) & 7) === 1 &&
        r.divergence!.problems.some((p) => p.includes('oracle stopped with #UD'));
    },
  },
  {
    name: 'legacy SSE 16-byte memory operand not aligned: no #GP in qemu',
    evidence: 'Intel SDM vol. 2 (e.g. ADDPS, PSRAW xmm, m128; Table 2-18 "Exceptions Type 4"): #GP(0) "for an ' +
      'unaligned memory reference" when the legacy-SSE 128-bit operand is not 16-byte aligned (movups/movdqu/lddqu ' +
      'excepted). qemu 7.2 does not check: the access proceeds (or faults #PF on an unmapped page).',
    matches(_c, r) {
      const d = r.divergence;
      return d !== undefined && d.problems.some((p) => p.startsWith('fault #GP-like ≠') || p.startsWith('we stopped with #GP-like')) &&
        d.problems.some((p) => p.includes('misaligned m128'));
    },
  },
  {
    name: 'fcomi/fucomi(p) leave OF, SF, AF unchanged in qemu',
    evidence: 'Intel SDM vol. 2 FCOMI/FCOMIP/FUCOMI/FUCOMIP: "The FCOMI/FCOMIP and FUCOMI/FUCOMIP instructions set the ' +
      'OF, SF and AF flags to zero in the EFLAGS register (regardless of whether an invalid-operation exception is ' +
      'detected)." qemu 7.2 only writes ZF, PF and CF.',
    matches(_c, r) {
      const b = divergentInsn(r);
      if (b === undefined) return false;
      const o = opcodeOf(b, 0);
      if (o.two || (o.op !== 0xdb && o.op !== 0xdf) || o.modrm < 0xe8 || o.modrm > 0xf7) return false;
      const p = r.divergence!.problems;
      const m = p.length === 1 ? /^eflags ([0-9a-f]+) ≠ ([0-9a-f]+)/.exec(p[0]) : null;
      if (m === null) return false;
      const ours = parseInt(m[1], 16), theirs = parseInt(m[2], 16);
      return ((ours ^ theirs) & ~0x890) === 0 && (ours & 0x890) === 0;
    },
  },
  {
    name: 'ret imm16 sign-extends the immediate in qemu',
    evidence: 'Intel SDM vol. 2 RET: "imm16 ... number of bytes to release", Operation "ESP := ESP + SRC" with the ' +
      'unsigned 16-bit count (C2 iw: "Near return ... and pop imm16 bytes from stack"). qemu 7.2 loads the immediate ' +
      'with a signed 16-bit load, so counts ≥ 0x8000 move ESP down by 0x10000 - n instead of up by n.',
    matches(_c, r) {
      const b = divergentInsn(r);
      if (b === undefined) return false;
      const o = opcodeOf(b, 0);
      if (o.two || o.op !== 0xc2) return false;
      const p = r.divergence!.problems;
      const m = p.length === 1 ? /^esp ([0-9a-f]+) ≠ ([0-9a-f]+)$/.exec(p[0]) : null;
      return m !== null && ((parseInt(m[1], 16) - parseInt(m[2], 16)) >>> 0) === 0x10000;
    },
  },
  {
    name: 'C6/C7/8F/FE/FF/0F BA with a reserved ModRM.reg execute in qemu',
    evidence: 'Intel SDM vol. 2 Table A-6: Group 11 (C6, C7) defines only /0 (MOV; C6 F8 / C7 F8 are XABORT/XBEGIN ' +
      'with RTM), Group 1A (8F) only /0 (POP), Group 4 (FE) /0-/1, Group 5 (FF) /0-/6 and Group 8 (0F BA) /4-/7; the other encodings are ' +
      'reserved and raise #UD on processors (our CPU does). qemu 7.2 executes some of them (mov/pop/push).',
    matches(_c, r) {
      const b = divergentInsn(r);
      if (b === undefined) return false;
      const o = opcodeOf(b, 0);
      const reg = (o.modrm >> 3) & 7;
      const reserved = o.two ? o.op === 0xba && reg < 4
        : o.op === 0xc6 || o.op === 0xc7 || o.op === 0x8f ? reg !== 0 : o.op === 0xfe ? reg >= 2 : o.op === 0xff && reg === 7;
      return reserved &&
        r.divergence!.problems.some((p) => p.startsWith('fault #UD ≠') || p.startsWith('we stopped with #UD'));
    },
  },
  {
    name: 'invalid or privileged instruction straddling into an unmapped page: qemu raises #UD/#GP before fetching the rest',
    evidence: 'Intel SDM vol. 3 §6.9, Table 6-2 (priority among simultaneous exceptions): "faults from fetching the next ' +
      'instruction" (code page fault, priority 7) come before "faults from decoding the next instruction" (#UD, ' +
      'priority 8) and execution faults (#GP for a privileged instruction). Our CPU fetches the whole instruction first ' +
      '(#PF at the page end); qemu 7.2 stops decoding at the first invalid byte or privileged opcode.',
    matches(_c, r) {
      const p = r.divergence?.problems ?? [];
      return p.some((x) => x === 'fault #PF ≠ #UD' || x === 'fault #PF ≠ #GP-like') && p.includes('instruction fetch crosses into an unmapped page');
    },
  },
  {
    name: 'LOCK on a non-lockable instruction or a register destination: no #UD in qemu',
    evidence: 'Intel SDM vol. 2 LOCK: "The LOCK prefix can be prepended only to the following instructions and only to ' +
      'those forms of the instructions where the destination operand is a memory operand: ADD, ADC, AND, BTC, BTR, BTS, ' +
      'CMPXCHG, CMPXCHG8B, ... XCHG. ... An undefined opcode exception will also be generated if the LOCK prefix is used ' +
      'with any instruction not in the above list." qemu 7.2 ignores the prefix on most other instructions.',
    matches(_c, r) {
      const b = divergentInsn(r);
      if (b === undefined) return false;
      let p = 0, lock = false;
      while (p < b.length && [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3].includes(b[p])) { if (b[p] === 0xf0) lock = true; p++; }
      return lock && r.divergence!.problems.some((x) => x.startsWith('fault #UD ≠') || x.startsWith('we stopped with #UD'));
    },
  },
  {
    name: 'fst/fstp st(i) into an empty register leaves it tagged empty in qemu',
    evidence: 'Intel SDM vol. 1 §8.1.7 (x87 FPU Tag Word): the tag of a register reflects its contents and is updated ' +
      'whenever the register is written; FST/FSTP ST(i) ("ST(i) := ST(0)") makes ST(i) valid. qemu 7.2 tracks tags ' +
      'only on push/pop/ffree, so the destination stays tagged empty.',
    matches(_c, r) {
      const b = divergentInsn(r);
      if (b === undefined) return false;
      let p = 0;
      while (p < b.length && (b[p] === 0x9b || [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf2, 0xf3].includes(b[p]))) p++;
      const op = b[p], m = b[p + 1];
      const fst = (op === 0xdd && m >= 0xd0 && m <= 0xdf) || (op === 0xd9 && m >= 0xd8 && m <= 0xdf) || (op === 0xdf && m >= 0xd0 && m <= 0xdf);
      return fst && r.divergence!.problems.every((x) => /^x87 R\d empty false ≠ true$/.test(x));
    },
  },
  {
    name: 'memory-only SIMD forms (movnt*, movlpd/movhpd, movlps/movhps stores) with a register operand execute in qemu',
    evidence: 'Intel SDM vol. 2 MOVNTQ (0F E7), MOVNTPS (0F 2B), MOVNTDQ (66 0F E7), MOVLPD/MOVHPD (66 0F 12/13/16/17), ' +
      'MOVLPS/MOVHPS stores (0F 13/17): the operand is m64/m128 only; the register form (ModRM.mod = 11) is not an ' +
      'encoding of these instructions and raises #UD (our CPU does). qemu 7.2 performs a register move.',
    matches(_c, r) {
      const b = divergentInsn(r);
      if (b === undefined) return false;
      const o = opcodeOf(b, 0);
      let o16 = false;
      for (let p = 0; p < b.length && [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3].includes(b[p]); p++) if (b[p] === 0x66) o16 = true;
      const memOnly = o.op === 0xe7 || o.op === 0x2b || o.op === 0x13 || o.op === 0x17 || (o16 && (o.op === 0x12 || o.op === 0x16));
      return o.two && memOnly && o.modrm >= 0xc0 && r.divergence!.problems.some((x) => x.startsWith('we stopped with #UD'));
    },
  },
  {
    name: 'ldmxcsr with reserved MXCSR bits set: no #GP in qemu',
    evidence: 'Intel SDM vol. 2 LDMXCSR, Protected Mode Exceptions: "#GP(0) ... For an attempt to set reserved bits in ' +
      'MXCSR." (our CPU raises it). qemu 7.2 loads the value without the check.',
    matches(_c, r) {
      const b = divergentInsn(r);
      if (b === undefined) return false;
      const o = opcodeOf(b, 0);
      return o.two && o.op === 0xae && o.modrm < 0xc0 && ((o.modrm >> 3) & 7) === 2 &&
        r.divergence!.problems.some((x) => x.startsWith('we stopped with #GP-like'));
    },
  },
  {
    name: 'cvtdq2pd xmm, m64 reads 16 bytes in qemu',
    evidence: 'Intel SDM vol. 2 CVTDQ2PD: "F3 0F E6 /r CVTDQ2PD xmm1, xmm2/m64" converts two packed doublewords from ' +
      'a 64-bit memory operand. qemu 7.2 loads 128 bits, so an operand whose last 8 bytes end a mapped page faults #PF.',
    matches(_c, r) {
      const b = divergentInsn(r);
      if (b === undefined) return false;
      let p = 0;
      let rep = false;
      while (p < b.length && [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x67, 0xf0, 0xf3].includes(b[p])) { if (b[p] === 0xf3) rep = true; p++; }
      return rep && b[p] === 0x0f && b[p + 1] === 0xe6 && b[p + 2] < 0xc0 &&
        r.divergence!.problems.some((q) => q.includes('the oracle stopped with #PF'));
    },
  },
];

export function isKnownDeviation(c: FuzzCase, r: LockstepResult): string | undefined {
  return KNOWN_QEMU_DEVIATIONS.find((d) => d.matches(c, r))?.name;
}
