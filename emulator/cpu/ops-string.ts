// String instructions. A rep-prefixed instruction runs one iteration per dispatch and then points EIP back
// at itself while ECX is non-zero, so each iteration retires as one instruction, the budget can stop it
// between iterations, and a fault leaves the completed iterations committed.
import type { Cpu } from './cpu';
import { Reg, SegReg } from './cpu-enums';
import type { Insn } from './decoded-instruction';
import { alu } from './ops-alu';
import { DF } from './flags';

/** Returns false when a rep prefix and ECX = 0 make the instruction a no-op. */
function repStart(c: Cpu, i: Insn): boolean {
  return i.rep === 0 || c.r[Reg.ECX] !== 0;
}

/** After one iteration: decrement ECX and repeat while it is non-zero (and, for cmps/scas, ZF allows). */
function repEnd(c: Cpu, i: Insn, checkZf: boolean): void {
  if (i.rep === 0) return;
  const n = (c.r[Reg.ECX] - 1) | 0;
  c.r[Reg.ECX] = n;
  if (n === 0) return;
  if (checkZf && c.getZF() !== (i.rep === 0xf3)) return;
  c.eip = (c.eip - i.len) >>> 0;
}

function step(c: Cpu, size: number): number {
  return (c.flags & DF) !== 0 ? -size : size;
}

export function movs(c: Cpu, i: Insn): void {
  if (!repStart(c, i)) return;
  const r = c.r;
  const size = i.size;
  const v = c.rd((r[Reg.ESI] + c.sb[i.seg]) | 0, size);
  c.wr((r[Reg.EDI] + c.sb[SegReg.ES]) | 0, v, size);
  const d = step(c, size);
  r[Reg.ESI] = (r[Reg.ESI] + d) | 0;
  r[Reg.EDI] = (r[Reg.EDI] + d) | 0;
  repEnd(c, i, false);
}

export function stos(c: Cpu, i: Insn): void {
  if (!repStart(c, i)) return;
  const r = c.r;
  const size = i.size;
  c.wr((r[Reg.EDI] + c.sb[SegReg.ES]) | 0, c.getReg(Reg.EAX, size), size);
  r[Reg.EDI] = (r[Reg.EDI] + step(c, size)) | 0;
  repEnd(c, i, false);
}

export function lods(c: Cpu, i: Insn): void {
  if (!repStart(c, i)) return;
  const r = c.r;
  const size = i.size;
  c.setReg(Reg.EAX, c.rd((r[Reg.ESI] + c.sb[i.seg]) | 0, size), size);
  r[Reg.ESI] = (r[Reg.ESI] + step(c, size)) | 0;
  repEnd(c, i, false);
}

export function cmps(c: Cpu, i: Insn): void {
  if (!repStart(c, i)) return;
  const r = c.r;
  const size = i.size;
  const a = c.rd((r[Reg.ESI] + c.sb[i.seg]) | 0, size);
  const b = c.rd((r[Reg.EDI] + c.sb[SegReg.ES]) | 0, size);
  alu(c, 7, a, b, size);
  const d = step(c, size);
  r[Reg.ESI] = (r[Reg.ESI] + d) | 0;
  r[Reg.EDI] = (r[Reg.EDI] + d) | 0;
  repEnd(c, i, true);
}

export function scas(c: Cpu, i: Insn): void {
  if (!repStart(c, i)) return;
  const r = c.r;
  const size = i.size;
  const b = c.rd((r[Reg.EDI] + c.sb[SegReg.ES]) | 0, size);
  alu(c, 7, c.getReg(Reg.EAX, size), b, size);
  r[Reg.EDI] = (r[Reg.EDI] + step(c, size)) | 0;
  repEnd(c, i, true);
}
