// Instruction decoder: bytes at a virtual address → one `Insn` with its handler chosen for the operand
// shapes (register vs memory, operand size), so execution does little more than call `insn.fn`.
// Everything per opcode (ModRM, immediate, operand size, LOCK, block boundary, handler) comes from the
// opcode table; this file only walks prefixes and reads what the table's entry describes.
import type { Cpu } from './cpu';
import { Reg, SegReg } from './cpu-enums';
import { DecodeState } from './decode-state';
import { Insn } from './decoded-instruction';
import * as C from './ops-control';
import { aluHandler, ONE_BYTE_MAP, OpcodeEntry, OpcodeSlot, TWO_BYTE_MAP } from './opcode-table';

export { DecodeState };

const state = new DecodeState();

/** Decodes the instruction at `va`; faults (#PF on fetch, #GP if longer than 15 bytes) propagate. */
export function decode(cpu: Cpu, va: number): Insn {
  const d = state;
  d.cpu = cpu;
  d.start = va;
  d.p = va;
  d.opsize = 4;
  d.adsize = 4;
  d.segOverride = -1;
  d.rep = 0;
  d.lock = false;
  const i = new Insn(C.undefinedOpcode);
  let b: number;
  for (;;) {
    b = d.u8();
    switch (b) {
      case 0x66: d.opsize = 2; continue;
      case 0x67: d.adsize = 2; continue;
      case 0xf0: d.lock = true; continue;
      case 0xf2: case 0xf3: d.rep = b; continue;
      case 0x26: d.segOverride = SegReg.ES; continue;
      case 0x2e: d.segOverride = SegReg.CS; continue;
      case 0x36: d.segOverride = SegReg.SS; continue;
      case 0x3e: d.segOverride = SegReg.DS; continue;
      case 0x64: d.segOverride = SegReg.FS; continue;
      case 0x65: d.segOverride = SegReg.GS; continue;
      default: break;
    }
    break;
  }
  let slot: OpcodeSlot;
  if (b === 0x0f) {
    b = d.u8();
    i.opcode = 0x0f00 | b;
    slot = TWO_BYTE_MAP[b];
  } else {
    i.opcode = b;
    slot = ONE_BYTE_MAP[b];
  }
  const e = operands(d, i, slot);
  i.len = d.p - va;
  if (e === undefined) {
    i.fn = C.undefinedOpcode;
    i.ends = true;
    return i;
  }
  // LOCK is only valid on a read-modify-write of memory; anywhere else it is #UD (SDM vol. 2, "LOCK").
  if (d.lock && !(i.mem && e.lock === true)) i.fn = C.undefinedOpcode;
  i.ends = e.boundary === 'always' || (e.boundary === 'rep' && i.rep !== 0) || i.fn === C.undefinedOpcode || i.fn === C.privileged;
  i.pure = (e.pure === true || e.alu !== undefined) && !i.mem && !i.ends;
  return i;
}

/**
 * Reads the ModRM operand and immediate the table's entry describes, then lets the entry choose the handler.
 * Returns undefined (nothing chosen) for an opcode or ModRM.reg the CPU does not implement.
 */
function operands(d: DecodeState, i: Insn, slot: OpcodeSlot): OpcodeEntry | undefined {
  let e = slot.entry;
  if (e !== undefined && e.unimplemented === true) return undefined;
  if (slot.modrm) d.modrm(i);
  if (slot.byReg !== undefined) e = slot.byReg[i.reg];
  if (e === undefined) return undefined;
  if (e.memOnly === true && !i.mem) return undefined;
  const size = e.size;
  if (size !== undefined) i.size = size === 'b' ? 1 : size === 'v' ? d.opsize : 2;
  if (e.imm !== undefined) immediate(d, i, e);
  const alu = e.alu;
  if (alu !== undefined) {
    i.op = alu.op;
    if (!slot.modrm) i.rm = Reg.EAX; // AL/eAX, imm
    i.fn = aluHandler(alu.op, alu.form, i);
  } else if (e.exec !== undefined) e.exec(d, i);
  else return undefined;
  return e;
}

function immediate(d: DecodeState, i: Insn, e: OpcodeEntry): void {
  switch (e.imm) {
    case 'ib': i.imm = d.u8(); break;
    case 'sb': case 'rel8': i.imm = d.s8(); break;
    case 'iw': i.imm = d.u16(); break;
    case 'iv': i.imm = d.immV(); break;
    case 'relv': i.imm = d.relV(); break;
    case 'enter': i.imm = d.u16(); i.imm2 = d.u8(); break;
    case 'moffs':
      i.mem = true;
      i.disp = d.adsize === 2 ? d.u16() : d.s32();
      i.seg = d.defaultSeg(SegReg.DS);
      break;
    default: // far pointer: offset then selector; only ever privileged here
      i.imm = d.immV();
      i.imm2 = d.u16();
      break;
  }
}
