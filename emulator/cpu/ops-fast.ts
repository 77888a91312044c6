// Specialised handlers for the commonest 32-bit register/immediate shapes: no size switches and no
// ALU dispatch. Semantics are identical to the generic handlers they shadow.
import type { Cpu } from './cpu';
import type { Insn } from './decoded-instruction';
import { ARITH_FLAGS, FlagOp } from './flags';

function flagsOf(c: Cpu, op: FlagOp, a: number, b: number, r: number): void {
  c.lop = op;
  c.la = a;
  c.lb = b;
  c.lr = r;
  c.lsz = 32;
  c.lazy = ARITH_FLAGS;
}

type Binary = (a: number, b: number) => number;
const OPS: Array<[FlagOp, Binary] | undefined> = [
  [FlagOp.ADD, (a, b) => (a + b) | 0],
  [FlagOp.LOGIC, (a, b) => a | b],
  undefined,
  undefined,
  [FlagOp.LOGIC, (a, b) => a & b],
  [FlagOp.SUB, (a, b) => (a - b) | 0],
  [FlagOp.LOGIC, (a, b) => a ^ b],
  [FlagOp.SUB, (a, b) => (a - b) | 0],
];

// Each op gets its own functions so that every call site inside stays monomorphic.
function makeRR(op: number, dstIsRm: boolean): ((c: Cpu, i: Insn) => void) | undefined {
  switch (op) {
    case 0: return dstIsRm
      ? (c, i) => { const a = c.r[i.rm], b = c.r[i.reg], r = (a + b) | 0; c.r[i.rm] = r; flagsOf(c, FlagOp.ADD, a, b, r); }
      : (c, i) => { const a = c.r[i.reg], b = c.r[i.rm], r = (a + b) | 0; c.r[i.reg] = r; flagsOf(c, FlagOp.ADD, a, b, r); };
    case 1: return dstIsRm
      ? (c, i) => { const r = c.r[i.rm] | c.r[i.reg]; c.r[i.rm] = r; flagsOf(c, FlagOp.LOGIC, 0, 0, r); }
      : (c, i) => { const r = c.r[i.reg] | c.r[i.rm]; c.r[i.reg] = r; flagsOf(c, FlagOp.LOGIC, 0, 0, r); };
    case 4: return dstIsRm
      ? (c, i) => { const r = c.r[i.rm] & c.r[i.reg]; c.r[i.rm] = r; flagsOf(c, FlagOp.LOGIC, 0, 0, r); }
      : (c, i) => { const r = c.r[i.reg] & c.r[i.rm]; c.r[i.reg] = r; flagsOf(c, FlagOp.LOGIC, 0, 0, r); };
    case 5: return dstIsRm
      ? (c, i) => { const a = c.r[i.rm], b = c.r[i.reg], r = (a - b) | 0; c.r[i.rm] = r; flagsOf(c, FlagOp.SUB, a, b, r); }
      : (c, i) => { const a = c.r[i.reg], b = c.r[i.rm], r = (a - b) | 0; c.r[i.reg] = r; flagsOf(c, FlagOp.SUB, a, b, r); };
    case 6: return dstIsRm
      ? (c, i) => { const r = c.r[i.rm] ^ c.r[i.reg]; c.r[i.rm] = r; flagsOf(c, FlagOp.LOGIC, 0, 0, r); }
      : (c, i) => { const r = c.r[i.reg] ^ c.r[i.rm]; c.r[i.reg] = r; flagsOf(c, FlagOp.LOGIC, 0, 0, r); };
    case 7: return dstIsRm
      ? (c, i) => { const a = c.r[i.rm], b = c.r[i.reg]; flagsOf(c, FlagOp.SUB, a, b, (a - b) | 0); }
      : (c, i) => { const a = c.r[i.reg], b = c.r[i.rm]; flagsOf(c, FlagOp.SUB, a, b, (a - b) | 0); };
    default: return undefined;
  }
}

function makeRI(op: number): ((c: Cpu, i: Insn) => void) | undefined {
  switch (op) {
    case 0: return (c, i) => { const a = c.r[i.rm], b = i.imm, r = (a + b) | 0; c.r[i.rm] = r; flagsOf(c, FlagOp.ADD, a, b, r); };
    case 1: return (c, i) => { const r = c.r[i.rm] | i.imm; c.r[i.rm] = r; flagsOf(c, FlagOp.LOGIC, 0, 0, r); };
    case 4: return (c, i) => { const r = c.r[i.rm] & i.imm; c.r[i.rm] = r; flagsOf(c, FlagOp.LOGIC, 0, 0, r); };
    case 5: return (c, i) => { const a = c.r[i.rm], b = i.imm, r = (a - b) | 0; c.r[i.rm] = r; flagsOf(c, FlagOp.SUB, a, b, r); };
    case 6: return (c, i) => { const r = c.r[i.rm] ^ i.imm; c.r[i.rm] = r; flagsOf(c, FlagOp.LOGIC, 0, 0, r); };
    case 7: return (c, i) => { const a = c.r[i.rm], b = i.imm; flagsOf(c, FlagOp.SUB, a, b, (a - b) | 0); };
    default: return undefined;
  }
}

/** ALU op (0-7) → specialised 32-bit handlers, or undefined for adc/sbb (which need CF). */
export const ALU32_EG_RR = OPS.map((_, op) => makeRR(op, true));
export const ALU32_GE_RR = OPS.map((_, op) => makeRR(op, false));
export const ALU32_EI_R = OPS.map((_, op) => makeRI(op));

/** cmp r32, [mem] and cmp [mem], imm: the loop-condition shapes. */
export function cmp32RM(c: Cpu, i: Insn): void {
  const a = c.r[i.reg], b = c.rd32(c.ea(i));
  flagsOf(c, FlagOp.SUB, a, b, (a - b) | 0);
}
export function cmp32MI(c: Cpu, i: Insn): void {
  const a = c.rd32(c.ea(i)), b = i.imm;
  flagsOf(c, FlagOp.SUB, a, b, (a - b) | 0);
}

export function test32RR(c: Cpu, i: Insn): void {
  flagsOf(c, FlagOp.LOGIC, 0, 0, c.r[i.rm] & c.r[i.reg]);
}

export function inc32(c: Cpu, i: Insn): void {
  const cf = c.getCF();
  const a = c.r[i.reg], r = (a + 1) | 0;
  c.r[i.reg] = r;
  flagsOf(c, FlagOp.ADD, a, 1, r);
  c.flags = (c.flags & ~1) | cf;
  c.lazy = ARITH_FLAGS & ~1;
}

export function dec32(c: Cpu, i: Insn): void {
  const cf = c.getCF();
  const a = c.r[i.reg], r = (a - 1) | 0;
  c.r[i.reg] = r;
  flagsOf(c, FlagOp.SUB, a, 1, r);
  c.flags = (c.flags & ~1) | cf;
  c.lazy = ARITH_FLAGS & ~1;
}

export function movzxByteLoad(c: Cpu, i: Insn): void {
  c.r[i.reg] = c.rd8(c.ea(i));
}

export function storeByteImm(c: Cpu, i: Insn): void {
  c.wr8(c.ea(i), i.imm);
}

export function storeByteReg(c: Cpu, i: Insn): void {
  c.wr8(c.ea(i), c.r8[BYTE_REG_INDEX[i.reg]]);
}
const BYTE_REG_INDEX = [0, 4, 8, 12, 1, 5, 9, 13];

export function push32R(c: Cpu, i: Insn): void {
  c.push32(c.r[i.reg]);
}
export function pop32R(c: Cpu, i: Insn): void {
  const v = c.pop32();
  c.r[i.reg] = v;
}
export function movRI32(c: Cpu, i: Insn): void {
  c.r[i.rm] = i.imm;
}
export function lea32(c: Cpu, i: Insn): void {
  const r = c.r;
  r[i.reg] = (r[i.base] + (r[i.index] << i.scale) + i.disp) | 0;
}
export function movGR32(c: Cpu, i: Insn): void {
  c.r[i.reg] = c.r[i.rm];
}
