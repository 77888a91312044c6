// Specialised handlers for the commonest 32-bit register/immediate shapes: no size switches. Semantics are
// identical to the generic handlers they shadow. The ALU family's fast handlers are generated from its single
// definition in alu-semantics.ts.
import type { Cpu } from './cpu';
import type { Insn } from './decoded-instruction';

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
