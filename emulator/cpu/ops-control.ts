// Control transfer, software interrupts, system instructions a ring-3 program may execute.
import type { Cpu } from './cpu';
import { Reg, SegReg, StopReason, Vector } from './cpu-enums';
import type { Insn } from './decoded-instruction';

export function jmpRel(c: Cpu, i: Insn): void {
  c.eip = (c.eip + i.imm) >>> 0;
}

/** Near jump with a 16-bit operand size truncates EIP. */
export function jmpRel16(c: Cpu, i: Insn): void {
  c.eip = (c.eip + i.imm) & 0xffff;
}

export function jcc(c: Cpu, i: Insn): void {
  if (c.cond(i.op)) c.eip = (c.eip + i.imm) >>> 0;
}

/** Jcc with a 16-bit operand size (66): a taken branch truncates EIP to 16 bits (SDM Jcc "Operation"). */
export function jcc16(c: Cpu, i: Insn): void {
  if (c.cond(i.op)) c.eip = (c.eip + i.imm) & 0xffff;
}

/** call rel16 (66 E8): pushes the 16-bit return IP and truncates EIP to 16 bits (SDM CALL, OperandSize = 16). */
export function callRel16(c: Cpu, i: Insn): void {
  c.push(c.eip & 0xffff, 2);
  c.eip = (c.eip + i.imm) & 0xffff;
}

export function callRel(c: Cpu, i: Insn): void {
  c.push32(c.eip);
  c.eip = (c.eip + i.imm) >>> 0;
}

export function callE(c: Cpu, i: Insn): void {
  const target = c.getE(i);
  c.push(c.eip, i.size);
  c.eip = i.size === 2 ? target & 0xffff : target >>> 0;
}

export function jmpE(c: Cpu, i: Insn): void {
  const target = c.getE(i);
  c.eip = i.size === 2 ? target & 0xffff : target >>> 0;
}

/** ret / ret imm16 */
export function ret(c: Cpu, i: Insn): void {
  const sp = c.r[Reg.ESP];
  const target = c.rd((sp + c.sb[SegReg.SS]) | 0, i.size);
  c.r[Reg.ESP] = (sp + i.size + i.imm) | 0;
  c.eip = target >>> 0;
}

/** loopne (op 0), loope (1), loop (2), jecxz (3). */
export function loop(c: Cpu, i: Insn): void {
  if (loopTaken(c, i)) c.eip = (c.eip + i.imm) >>> 0;
}

/** loop/jecxz with a 16-bit operand size (66): a taken branch truncates EIP to 16 bits. */
export function loop16(c: Cpu, i: Insn): void {
  if (loopTaken(c, i)) c.eip = (c.eip + i.imm) & 0xffff;
}

function loopTaken(c: Cpu, i: Insn): boolean {
  const r = c.r;
  if (i.op === 3) return r[Reg.ECX] === 0;
  const n = (r[Reg.ECX] - 1) | 0;
  r[Reg.ECX] = n;
  return n !== 0 && (i.op === 2 || c.getZF() === (i.op === 1));
}

export function leave(c: Cpu, i: Insn): void {
  const r = c.r;
  const bp = r[Reg.EBP];
  const v = c.rd((bp + c.sb[SegReg.SS]) | 0, i.size);
  r[Reg.ESP] = (bp + i.size) | 0;
  c.setReg(Reg.EBP, v, i.size);
}

/**
 * enter imm16 (frame size, in imm), imm8 (nesting level, in imm2). The SDM's order is: push EBP, then for each
 * outer level read [EBP - l·size] and push it, then push the frame pointer. Every access is checked in that order
 * first (so the first one that faults names CR2) and only then written: a fault commits nothing.
 */
export function enter(c: Cpu, i: Insn): void {
  const r = c.r;
  const size = i.size;
  const level = i.imm2 & 31;
  const sp0 = r[Reg.ESP];
  const ss = c.sb[SegReg.SS];
  const bp0 = r[Reg.EBP];
  const slot = (n: number): number => (sp0 - n * size + ss) | 0; // the n-th push (1 = EBP)
  c.checkW(slot(1), size);
  const outer: number[] = [];
  for (let l = 1; l < level; l++) {
    outer.push(c.rd((bp0 - l * size + ss) | 0, size));
    c.checkW(slot(l + 1), size);
  }
  if (level > 0) c.checkW(slot(level + 1), size);
  c.push(bp0, size);
  const frame = r[Reg.ESP];
  for (const v of outer) c.push(v, size);
  if (level > 0) c.push(frame, size);
  c.setReg(Reg.EBP, frame, size);
  r[Reg.ESP] = (r[Reg.ESP] - i.imm) | 0;
}

/** int n (CD), int3 (CC, imm 3), int1 (F1, imm 1). */
export function intN(c: Cpu, i: Insn): void {
  c.trap(StopReason.Interrupt, i.imm);
}

export function into(c: Cpu, _i: Insn): void {
  if (c.getOF()) c.trap(StopReason.Interrupt, Vector.OF);
}

export function sysenter(c: Cpu, _i: Insn): void {
  c.trap(StopReason.Sysenter, 0);
}

export function undefinedOpcode(c: Cpu, _i: Insn): void {
  c.fault(Vector.UD);
}

/** Privileged or I/O instruction executed in ring 3 (hlt, cli, sti, in, out, far transfers, iret). */
export function privileged(c: Cpu, _i: Insn): void {
  c.fault(Vector.GP, 0);
}

export function bound(c: Cpu, i: Insn): void {
  if (!i.mem) c.fault(Vector.UD);
  const va = c.ea(i);
  const v = c.getReg(i.reg, i.size);
  const sv = i.size === 2 ? (v << 16) >> 16 : v | 0;
  let lo = c.rd(va, i.size), hi = c.rd((va + i.size) | 0, i.size);
  if (i.size === 2) { lo = (lo << 16) >> 16; hi = (hi << 16) >> 16; }
  if (sv < lo || sv > hi) c.fault(Vector.BR);
}

export function nop(_c: Cpu, _i: Insn): void {
  // nothing
}

export function rdtsc(c: Cpu, _i: Insn): void {
  const t = Math.max(0, Math.floor(c.tsc()));
  c.r[Reg.EAX] = t % 4294967296;
  c.r[Reg.EDX] = Math.floor(t / 4294967296);
}

const VENDOR = [0x756e6547, 0x6c65746e, 0x49656e69]; // "Genu" "ntel" "ineI" → EBX ECX EDX
/** CPUID.1 EDX: FPU, TSC, CX8, SEP, CMOV, MMX, FXSR, SSE, SSE2 — exactly what is implemented. */
export const CPUID1_EDX = (1 << 0) | (1 << 4) | (1 << 8) | (1 << 11) | (1 << 15) | (1 << 23) | (1 << 24) | (1 << 25) | (1 << 26);

export function cpuid(c: Cpu, _i: Insn): void {
  const r = c.r;
  const leaf = r[Reg.EAX] >>> 0;
  let a = 0, b = 0, cx = 0, d = 0;
  if (leaf === 0) {
    a = 1; b = VENDOR[0]; cx = VENDOR[1]; d = VENDOR[2];
  } else if (leaf === 1) {
    a = 0x00000633; // family 6, model 3 (a Pentium II class i686)
    d = CPUID1_EDX;
  } else if (leaf === 0x80000000) {
    a = 0x80000000;
  }
  r[Reg.EAX] = a; r[Reg.EBX] = b; r[Reg.ECX] = cx; r[Reg.EDX] = d;
}

/** salc: AL = CF ? 0xff : 0 (undocumented but valid on IA-32). */
export function salc(c: Cpu, _i: Insn): void {
  c.r8[0] = c.getCF() ? 0xff : 0;
}
