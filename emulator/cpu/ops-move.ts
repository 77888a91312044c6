// Data movement: mov forms, extension, exchange, lea, stack, segment registers, flag transfers, setcc/cmov.
import type { Cpu } from './cpu';
import { Reg, SegReg, Vector } from './cpu-enums';
import type { Insn } from './decoded-instruction';
import { AF, CF, DF, PF, SF, ZF } from './flags';

/** mov E, G */
export function movEG(c: Cpu, i: Insn): void {
  if (!i.mem) c.setReg(i.rm, c.getReg(i.reg, i.size), i.size);
  else c.wr(c.ea(i), c.getReg(i.reg, i.size), i.size);
}

/** mov G, E */
export function movGE(c: Cpu, i: Insn): void {
  c.setReg(i.reg, c.getE(i), i.size);
}

export function movRR32(c: Cpu, i: Insn): void {
  c.r[i.rm] = c.r[i.reg];
}

export function load32(c: Cpu, i: Insn): void {
  c.r[i.reg] = c.rd32(c.ea(i));
}

export function store32(c: Cpu, i: Insn): void {
  c.wr32(c.ea(i), c.r[i.reg]);
}

/** mov E, imm (C6/C7) and mov reg, imm (B0-BF, decoded as a register E operand). */
export function movEI(c: Cpu, i: Insn): void {
  if (!i.mem) c.setReg(i.rm, i.imm, i.size);
  else c.wr(c.ea(i), i.imm, i.size);
}

/** movzx (op 0) / movsx (op 1): `size` is the source size, `imm2` the destination size. */
export function movExtend(c: Cpu, i: Insn): void {
  let v = c.getE(i);
  if (i.op === 1) v = i.size === 1 ? (v << 24) >> 24 : (v << 16) >> 16;
  c.setReg(i.reg, i.imm2 === 2 ? v & 0xffff : v, i.imm2);
}

export function lea(c: Cpu, i: Insn): void {
  const r = c.r;
  const a = (r[i.base] + (r[i.index] << i.scale) + i.disp) | 0;
  c.setReg(i.reg, i.size === 2 ? a & 0xffff : a, i.size);
}

export function xchgEG(c: Cpu, i: Insn): void {
  const size = i.size;
  const g = c.getReg(i.reg, size);
  if (!i.mem) {
    c.setReg(i.reg, c.getReg(i.rm, size), size);
    c.setReg(i.rm, g, size);
    return;
  }
  const va = c.ea(i);
  const v = c.rdw(va, size);
  c.wr(va, g, size);
  c.setReg(i.reg, v, size);
}

export function pushR(c: Cpu, i: Insn): void {
  c.push(c.getReg(i.reg, i.size), i.size);
}

export function popR(c: Cpu, i: Insn): void {
  c.setReg(i.reg, c.pop(i.size), i.size);
}

export function pushI(c: Cpu, i: Insn): void {
  c.push(i.imm, i.size);
}

export function pushE(c: Cpu, i: Insn): void {
  c.push(c.getE(i), i.size);
}

/** pop E: the address is computed with the incremented ESP, as on hardware. */
export function popE(c: Cpu, i: Insn): void {
  const sp = c.r[Reg.ESP];
  const v = c.pop(i.size);
  try {
    c.setE(i, v);
  } catch (e) {
    c.r[Reg.ESP] = sp;
    throw e;
  }
}

export function pusha(c: Cpu, i: Insn): void {
  const r = c.r;
  const size = i.size;
  const sp = r[Reg.ESP];
  c.checkW((sp - 8 * size + c.sb[SegReg.SS]) | 0, 8 * size);
  for (let n = 0; n < 8; n++) {
    const v = n === Reg.ESP ? sp : r[n];
    c.push(size === 2 ? v & 0xffff : v, size);
  }
}

export function popa(c: Cpu, i: Insn): void {
  const r = c.r;
  const size = i.size;
  const sp = r[Reg.ESP];
  const vals = [0, 0, 0, 0, 0, 0, 0, 0];
  // SDM POPA: the ESP slot is skipped, not read (so it cannot fault: CR2 is the next slot that does).
  for (let n = 7; n >= 0; n--) if (n !== Reg.ESP) vals[n] = c.rd((sp + (7 - n) * size + c.sb[SegReg.SS]) | 0, size);
  for (let n = 0; n < 8; n++) if (n !== Reg.ESP) c.setReg(n, vals[n], size);
  r[Reg.ESP] = (sp + 8 * size) | 0;
}

export function pushf(c: Cpu, i: Insn): void {
  const f = c.getEflags() & 0x00fcffff;
  c.push(i.size === 2 ? f & 0xffff : f, i.size);
}

export function popf(c: Cpu, i: Insn): void {
  const v = c.pop(i.size);
  c.setEflags(i.size === 2 ? (c.getEflags() & 0xffff0000) | v : v);
}

export function lahf(c: Cpu, _i: Insn): void {
  c.r8[1] = (c.getEflags() & (SF | ZF | AF | PF | CF)) | 2;
}

export function sahf(c: Cpu, _i: Insn): void {
  c.setFlagBits(SF | ZF | AF | PF | CF, c.r8[1]);
}

/** cmc (op 0), clc (1), stc (2), cld (3), std (4). */
export function flagOp(c: Cpu, i: Insn): void {
  switch (i.op) {
    case 0: c.setFlagBits(CF, c.getCF() ^ 1); break;
    case 1: c.setFlagBits(CF, 0); break;
    case 2: c.setFlagBits(CF, CF); break;
    case 3: c.flags &= ~DF; break;
    default: c.flags |= DF; break;
  }
}

/** cbw/cwde (op 0), cwd/cdq (op 1). */
export function convert(c: Cpu, i: Insn): void {
  if (i.op === 0) {
    if (i.size === 4) c.r[Reg.EAX] = (c.r[Reg.EAX] << 16) >> 16;
    else c.r16[0] = ((c.r8[0] << 24) >> 24) & 0xffff;
  } else if (i.size === 4) {
    c.r[Reg.EDX] = c.r[Reg.EAX] >> 31;
  } else {
    c.r16[Reg.EDX << 1] = (c.r16[0] & 0x8000) !== 0 ? 0xffff : 0;
  }
}

export function setcc(c: Cpu, i: Insn): void {
  const v = c.cond(i.op) ? 1 : 0;
  if (!i.mem) c.r8[BYTE_INDEX[i.rm]] = v;
  else c.wr8(c.ea(i), v);
}
const BYTE_INDEX = [0, 4, 8, 12, 1, 5, 9, 13];

export function cmov(c: Cpu, i: Insn): void {
  const v = c.getE(i); // the source is read (and may fault) whatever the condition
  if (c.cond(i.op)) c.setReg(i.reg, v, i.size);
}

export function bswap(c: Cpu, i: Insn): void {
  const v = c.r[i.reg];
  c.r[i.reg] = ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
}

export function xlat(c: Cpu, i: Insn): void {
  c.r8[0] = c.rd8((c.r[Reg.EBX] + c.r8[0] + c.sb[i.seg]) | 0);
}

/** Loads a segment register from a selector, consulting the kernel's descriptor table. */
export function loadSegment(c: Cpu, seg: number, selector: number): void {
  selector &= 0xffff;
  if (seg === SegReg.CS) c.fault(Vector.UD);
  if ((selector & 0xfffc) === 0) {
    if (seg === SegReg.SS) c.fault(Vector.GP, 0);
    c.sreg[seg] = selector;
    c.segBase[seg] = 0;
    return;
  }
  if ((selector & 3) !== 3) c.fault(Vector.GP, selector & 0xfffc);
  const d = c.descriptorLookup !== undefined ? c.descriptorLookup(selector) : undefined;
  if (d === undefined) c.fault(Vector.GP, selector & 0xfffc);
  c.sreg[seg] = selector;
  c.segBase[seg] = d.base >>> 0;
}

/** mov Ew, Sreg */
export function movFromSeg(c: Cpu, i: Insn): void {
  if (i.reg > 5) c.fault(Vector.UD);
  const v = c.sreg[i.reg];
  if (!i.mem) c.setReg(i.rm, v, i.size === 2 ? 2 : 4);
  else c.wr16(c.ea(i), v);
}

/** mov Sreg, Ew */
export function movToSeg(c: Cpu, i: Insn): void {
  if (i.reg > 5 || i.reg === SegReg.CS) c.fault(Vector.UD);
  const v = i.mem ? c.rd16(c.ea(i)) : c.r16[i.rm << 1];
  loadSegment(c, i.reg, v);
}

/** push Sreg (`reg` = segment). */
export function pushSeg(c: Cpu, i: Insn): void {
  c.push(c.sreg[i.reg], i.size);
}

export function popSeg(c: Cpu, i: Insn): void {
  const sp = c.r[Reg.ESP];
  const v = c.pop(i.size);
  try {
    loadSegment(c, i.reg, v & 0xffff);
  } catch (e) {
    c.r[Reg.ESP] = sp;
    throw e;
  }
}

/** lds/les/lfs/lgs/lss: `op` = segment register, m16:32 operand. */
export function loadFarPointer(c: Cpu, i: Insn): void {
  if (!i.mem) c.fault(Vector.UD);
  const va = c.ea(i);
  const off = c.rd(va, i.size);
  const sel = c.rd16((va + i.size) | 0);
  loadSegment(c, i.op, sel);
  c.setReg(i.reg, off, i.size);
}
