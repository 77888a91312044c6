// The opcode table: ONE entry per opcode (per ModRM.reg for group opcodes) of the one-byte and 0F maps. It holds the
// operand form (ModRM, immediate, operand size), what the disassembler prints, whether the instruction ends a basic
// block, whether LOCK is allowed, and which handler executes it. The decoder, the disassembler, the block builder
// and (through the ALU entries) the fast tier and the block compiler all read it; see docs/cpu-opcode-table.md.
import { Reg, SegReg, Vector } from './cpu-enums';
import type { DecodeState } from './decode-state';
import type { Handler, Insn } from './decoded-instruction';
import { ALU32_EG_RR, ALU32_EI_R, ALU32_GE_RR, ALU_OPS, cmp32MI, cmp32RM, dec32, inc32, test32RR } from './alu-semantics';
import * as A from './ops-alu';
import * as C from './ops-control';
import * as F from './ops-fast';
import * as M from './ops-move';
import * as S from './ops-string';
import { decodeSimd, fxsaveOp, mxcsrOp, SIMD_OPCODES, SIMD_WITH_IMM8 } from './ops-simd';
import { decodeX87, doubleToF80, f80ToDouble } from './x87';

/**
 * Immediate after the opcode (and ModRM): ib u8, sb s8, iw u16, iv 16/32 by operand size, rel8/relv branch
 * displacements, enter (u16 then u8 into imm2), moffs (an address of the address size), far (ptr16:16/32).
 */
export type ImmKind = 'ib' | 'sb' | 'iw' | 'iv' | 'rel8' | 'relv' | 'enter' | 'moffs' | 'far';

/** Operand size: b byte, v 16 or 32 bits by the 66 prefix, w word. Absent: the handler needs none. */
export type SizeKind = 'b' | 'v' | 'w';

export interface OpcodeEntry {
  /** 0x00-0xFF: one-byte map; 0x0F00-0x0FFF: two-byte map. */
  opcode: number;
  /** For group opcodes: the ModRM.reg value this entry covers. */
  reg?: number;
  /** objdump's mnemonic ('' = objdump prints (bad)); `mnemonic16` replaces it under a 66 prefix. */
  mnemonic: string;
  mnemonic16?: string;
  /** A ModRM byte (and SIB/displacement) follows the opcode. */
  modrm?: boolean;
  size?: SizeKind;
  imm?: ImmKind;
  /**
   * The disassembler's operands in AT&T order: E (r/m), G (ModRM.reg), I (immediate), A (accumulator), Z (register in
   * the opcode's low bits), J (branch target); a size letter b/w/d may follow (else the entry's size); anything
   * else is printed as written. Absent with `text`: a custom routine prints the instruction.
   */
  operands?: string;
  /** objdump appends the size suffix (b/w/l) to the mnemonic when the r/m operand is memory. */
  suffix?: boolean;
  /** The r/m operand must be memory: a register form is #UD (and objdump's (bad)). */
  memOnly?: boolean;
  /** Ends a basic block: always (control transfer, trap, fault) or only with a REP prefix (string ops). */
  boundary?: 'always' | 'rep';
  /** A near branch: objdump names an unused F2 prefix `bnd`. */
  nearBranch?: boolean;
  /** LOCK is allowed (with a memory destination); anywhere else it is #UD. */
  lock?: boolean;
  /**
   * With register operands it neither faults nor touches memory (ALU entries always): a compiled block then skips
   * recording the instruction's index and the self-modification check after it.
   */
  pure?: boolean;
  /** ALU family: the op (0 add … 7 cmp) and the operand form; handler and fast tier derive from them. */
  alu?: { op: number; form: 'EG' | 'GE' | 'EI' };
  /** The CPU does not implement it (#UD), but the disassembler names it. */
  unimplemented?: boolean;
  /** Name of the disassembler's custom text routine, for spellings the generic operand list cannot express. */
  text?: string;
  /** Sets `i.fn` (and op, registers, …) once the operands above have been read; derived for ALU entries. */
  exec?: (d: DecodeState, i: Insn) => void;
}

export const ALU_NAMES = ALU_OPS.map((o) => o.name);
export const CC_NAMES = ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'p', 'np', 'l', 'ge', 'le', 'g'];
const SHIFT_NAMES = ['rol', 'ror', 'rcl', 'rcr', 'shl', 'shr', 'shl', 'sar'];

const table: OpcodeEntry[] = [];
function add(e: OpcodeEntry): void {
  table.push(e);
}
/** One entry per ModRM.reg value listed. */
function group(opcode: number, regs: number[], e: (reg: number) => Omit<OpcodeEntry, 'opcode' | 'reg' | 'modrm'>): void {
  for (const reg of regs) add({ opcode, reg, modrm: true, ...e(reg) });
}
const R0_7 = [0, 1, 2, 3, 4, 5, 6, 7];
const is = (fn: Handler) => (_d: DecodeState, i: Insn): void => { i.fn = fn; };
const withOp = (op: number, fn: Handler) => (_d: DecodeState, i: Insn): void => { i.op = op; i.fn = fn; };
const priv = is(C.privileged);
const ud = is(C.undefinedOpcode);
const opsize16 = (d: DecodeState, fn16: Handler, fn32: Handler): Handler => (d.opsize === 2 ? fn16 : fn32);

// ---------------------------------------------------------------- one-byte map

// ALU 00-3F: six forms per op; the handlers (and the fast tier's) come from the op's single definition.
for (let op = 0; op < 8; op++) {
  const m = ALU_NAMES[op], b = op << 3, lock = op !== 7;
  add({ opcode: b, mnemonic: m, modrm: true, size: 'b', operands: 'G,E', lock, alu: { op, form: 'EG' } });
  add({ opcode: b + 1, mnemonic: m, modrm: true, size: 'v', operands: 'G,E', lock, alu: { op, form: 'EG' } });
  add({ opcode: b + 2, mnemonic: m, modrm: true, size: 'b', operands: 'E,G', alu: { op, form: 'GE' } });
  add({ opcode: b + 3, mnemonic: m, modrm: true, size: 'v', operands: 'E,G', alu: { op, form: 'GE' } });
  add({ opcode: b + 4, mnemonic: m, size: 'b', imm: 'ib', operands: 'I,A', alu: { op, form: 'EI' } });
  add({ opcode: b + 5, mnemonic: m, size: 'v', imm: 'iv', operands: 'I,A', alu: { op, form: 'EI' } });
}
const segPush = (opcode: number, seg: number, pop: boolean): void => add({
  opcode, mnemonic: pop ? 'pop' : 'push', size: 'v', operands: ['%es', '%cs', '%ss', '%ds', '%fs', '%gs'][seg],
  exec: (_d, i) => { i.reg = seg; i.fn = pop ? M.popSeg : M.pushSeg; },
});
segPush(0x06, SegReg.ES, false); segPush(0x07, SegReg.ES, true);
segPush(0x0e, SegReg.CS, false);
segPush(0x16, SegReg.SS, false); segPush(0x17, SegReg.SS, true);
segPush(0x1e, SegReg.DS, false); segPush(0x1f, SegReg.DS, true);
add({ opcode: 0x27, mnemonic: 'daa', exec: withOp(0, A.daaDas) });
add({ opcode: 0x2f, mnemonic: 'das', exec: withOp(1, A.daaDas) });
add({ opcode: 0x37, mnemonic: 'aaa', exec: withOp(0, A.aaaAas) });
add({ opcode: 0x3f, mnemonic: 'aas', exec: withOp(1, A.aaaAas) });

for (let r = 0; r < 8; r++) {
  add({ opcode: 0x40 + r, pure: true, mnemonic: 'inc', size: 'v', operands: 'Z', exec: (_d, i) => { i.reg = r; i.op = 0; i.fn = i.size === 4 ? inc32 : A.incdecR; } });
  add({ opcode: 0x48 + r, pure: true, mnemonic: 'dec', size: 'v', operands: 'Z', exec: (_d, i) => { i.reg = r; i.op = 1; i.fn = i.size === 4 ? dec32 : A.incdecR; } });
  add({ opcode: 0x50 + r, mnemonic: 'push', size: 'v', operands: 'Z', exec: (_d, i) => { i.reg = r; i.fn = i.size === 4 ? F.push32R : M.pushR; } });
  add({ opcode: 0x58 + r, mnemonic: 'pop', size: 'v', operands: 'Z', exec: (_d, i) => { i.reg = r; i.fn = i.size === 4 ? F.pop32R : M.popR; } });
}
add({ opcode: 0x60, mnemonic: 'pusha', mnemonic16: 'pushaw', size: 'v', exec: is(M.pusha) });
add({ opcode: 0x61, mnemonic: 'popa', mnemonic16: 'popaw', size: 'v', exec: is(M.popa) });
add({ opcode: 0x62, mnemonic: 'bound', modrm: true, size: 'v', memOnly: true, operands: 'G,E', exec: is(C.bound) });
add({ opcode: 0x63, mnemonic: 'arpl', modrm: true, size: 'w', operands: 'G,E', unimplemented: true });
add({ opcode: 0x68, mnemonic: 'push', mnemonic16: 'pushw', size: 'v', imm: 'iv', operands: 'I', exec: is(M.pushI) });
add({ opcode: 0x69, pure: true, mnemonic: 'imul', modrm: true, size: 'v', imm: 'iv', operands: 'I,E,G', exec: withOp(1, A.imulGE) });
add({
  opcode: 0x6a, mnemonic: 'push', mnemonic16: 'pushw', size: 'v', imm: 'sb', operands: 'I',
  exec: (_d, i) => { if (i.size === 2) i.imm &= 0xffff; i.fn = M.pushI; },
});
add({ opcode: 0x6b, pure: true, mnemonic: 'imul', modrm: true, size: 'v', imm: 'sb', operands: 'I,E,G', exec: withOp(1, A.imulGE) });
for (let b = 0x6c; b <= 0x6f; b++) add({ opcode: b, mnemonic: b < 0x6e ? 'ins' : 'outs', size: b & 1 ? 'v' : 'b', text: 'insOuts', exec: priv });

for (let cc = 0; cc < 16; cc++) {
  add({
    opcode: 0x70 + cc, mnemonic: 'j' + CC_NAMES[cc], imm: 'rel8', operands: 'J', text: 'jcc', boundary: 'always', nearBranch: true,
    exec: (d, i) => { i.op = cc; i.fn = opsize16(d, C.jcc16, C.jcc); },
  });
}

// 80-83: ALU with an immediate; ModRM.reg selects the op.
for (const [opcode, size, imm] of [[0x80, 'b', 'ib'], [0x81, 'v', 'iv'], [0x82, 'b', 'ib'], [0x83, 'v', 'sb']] as const) {
  group(opcode, R0_7, (op) => ({ mnemonic: ALU_NAMES[op], size, imm, operands: 'I,E', suffix: true, lock: op !== 7, alu: { op, form: 'EI' } }));
}
add({ opcode: 0x84, pure: true, mnemonic: 'test', modrm: true, size: 'b', operands: 'G,E', exec: is(A.testEG) });
add({ opcode: 0x85, pure: true, mnemonic: 'test', modrm: true, size: 'v', operands: 'G,E', exec: (_d, i) => { i.fn = i.size === 4 && !i.mem ? test32RR : A.testEG; } });
add({ opcode: 0x86, pure: true, mnemonic: 'xchg', modrm: true, size: 'b', operands: 'G,E', lock: true, exec: is(M.xchgEG) });
add({ opcode: 0x87, pure: true, mnemonic: 'xchg', modrm: true, size: 'v', operands: 'G,E', lock: true, exec: is(M.xchgEG) });
add({ opcode: 0x88, pure: true, mnemonic: 'mov', modrm: true, size: 'b', operands: 'G,E', exec: (_d, i) => { i.fn = i.mem ? F.storeByteReg : M.movEG; } });
add({ opcode: 0x89, pure: true, mnemonic: 'mov', modrm: true, size: 'v', operands: 'G,E', exec: (_d, i) => { i.fn = i.size !== 4 ? M.movEG : i.mem ? M.store32 : M.movRR32; } });
add({ opcode: 0x8a, pure: true, mnemonic: 'mov', modrm: true, size: 'b', operands: 'E,G', exec: is(M.movGE) });
add({ opcode: 0x8b, pure: true, mnemonic: 'mov', modrm: true, size: 'v', operands: 'E,G', exec: (_d, i) => { i.fn = i.size !== 4 ? M.movGE : i.mem ? M.load32 : F.movGR32; } });
add({ opcode: 0x8c, mnemonic: 'mov', modrm: true, size: 'v', text: 'movSreg', exec: is(M.movFromSeg) });
add({ opcode: 0x8d, pure: true, mnemonic: 'lea', modrm: true, size: 'v', memOnly: true, operands: 'E,G', exec: (_d, i) => { i.fn = i.size === 4 ? F.lea32 : M.lea; } });
add({ opcode: 0x8e, mnemonic: 'mov', modrm: true, size: 'w', text: 'movSreg', exec: is(M.movToSeg) });
group(0x8f, [0], () => ({ mnemonic: 'pop', size: 'v', text: 'popE', exec: is(M.popE) }));

add({ opcode: 0x90, pure: true, mnemonic: 'nop', text: 'nop90', exec: is(C.nop) });
for (let r = 1; r < 8; r++) {
  add({ opcode: 0x90 + r, pure: true, mnemonic: 'xchg', size: 'v', operands: 'A,Z', exec: (_d, i) => { i.reg = Reg.EAX; i.rm = r; i.mem = false; i.fn = M.xchgEG; } });
}
add({ opcode: 0x98, pure: true, mnemonic: 'cwtl', mnemonic16: 'cbtw', size: 'v', exec: withOp(0, M.convert) });
add({ opcode: 0x99, pure: true, mnemonic: 'cltd', mnemonic16: 'cwtd', size: 'v', exec: withOp(1, M.convert) });
add({ opcode: 0x9a, mnemonic: 'lcall', imm: 'far', text: 'far', exec: priv });
add({ opcode: 0x9b, pure: true, mnemonic: 'fwait', exec: is(C.nop) }); // no pending x87 exceptions are modelled
add({ opcode: 0x9c, mnemonic: 'pushf', mnemonic16: 'pushfw', size: 'v', exec: is(M.pushf) });
add({ opcode: 0x9d, mnemonic: 'popf', mnemonic16: 'popfw', size: 'v', exec: is(M.popf) });
add({ opcode: 0x9e, pure: true, mnemonic: 'sahf', exec: is(M.sahf) });
add({ opcode: 0x9f, pure: true, mnemonic: 'lahf', exec: is(M.lahf) });

for (let b = 0xa0; b <= 0xa3; b++) {
  add({ opcode: b, mnemonic: 'mov', size: b & 1 ? 'v' : 'b', imm: 'moffs', text: 'moffs', exec: (_d, i) => { i.reg = Reg.EAX; i.fn = b < 0xa2 ? M.movGE : M.movEG; } });
}
const STRING_OPS: Array<[number, string, Handler]> = [[0xa4, 'movs', S.movs], [0xa6, 'cmps', S.cmps], [0xaa, 'stos', S.stos], [0xac, 'lods', S.lods], [0xae, 'scas', S.scas]];
for (const [b, m, fn] of STRING_OPS) {
  for (const w of [0, 1]) {
    add({
      opcode: b + w, mnemonic: m, size: w ? 'v' : 'b', text: 'string', boundary: 'rep',
      exec: (d, i) => { i.seg = d.defaultSeg(SegReg.DS); i.rep = d.rep; i.fn = fn; },
    });
  }
}
add({ opcode: 0xa8, pure: true, mnemonic: 'test', size: 'b', imm: 'ib', operands: 'I,A', exec: (_d, i) => { i.rm = Reg.EAX; i.fn = A.testEI; } });
add({ opcode: 0xa9, pure: true, mnemonic: 'test', size: 'v', imm: 'iv', operands: 'I,A', exec: (_d, i) => { i.rm = Reg.EAX; i.fn = A.testEI; } });
for (let r = 0; r < 8; r++) {
  add({ opcode: 0xb0 + r, pure: true, mnemonic: 'mov', size: 'b', imm: 'ib', operands: 'I,Z', exec: (_d, i) => { i.rm = r; i.fn = M.movEI; } });
  add({ opcode: 0xb8 + r, pure: true, mnemonic: 'mov', size: 'v', imm: 'iv', operands: 'I,Z', exec: (_d, i) => { i.rm = r; i.fn = i.size === 4 ? F.movRI32 : M.movEI; } });
}

// Shift group: C0/C1 by imm8, D0/D1 by one, D2/D3 by CL.
for (const [opcode, size, count] of [[0xc0, 'b', 'ib'], [0xc1, 'v', 'ib'], [0xd0, 'b', 'one'], [0xd1, 'v', 'one'], [0xd2, 'b', 'cl'], [0xd3, 'v', 'cl']] as const) {
  group(opcode, R0_7, (op) => ({
    pure: true, mnemonic: SHIFT_NAMES[op], size, suffix: true, imm: count === 'ib' ? 'ib' : undefined,
    operands: count === 'ib' ? 'Ib,E' : count === 'one' ? 'E' : '%cl,E',
    exec: (_d, i) => { i.op = op; if (count === 'one') i.imm = 1; else if (count === 'cl') i.imm2 = 1; i.fn = A.shiftE; },
  }));
}
add({ opcode: 0xc2, mnemonic: 'ret', size: 'v', imm: 'iw', operands: 'Iw', boundary: 'always', nearBranch: true, exec: is(C.ret) });
add({ opcode: 0xc3, mnemonic: 'ret', size: 'v', boundary: 'always', nearBranch: true, exec: is(C.ret) });
add({ opcode: 0xc4, mnemonic: 'les', modrm: true, size: 'v', memOnly: true, operands: 'E,G', exec: withOp(SegReg.ES, M.loadFarPointer) });
add({ opcode: 0xc5, mnemonic: 'lds', modrm: true, size: 'v', memOnly: true, operands: 'E,G', exec: withOp(SegReg.DS, M.loadFarPointer) });
group(0xc6, [0], () => ({ pure: true, mnemonic: 'mov', size: 'b', imm: 'ib', operands: 'I,E', suffix: true, exec: (_d, i) => { i.fn = i.mem ? F.storeByteImm : M.movEI; } }));
group(0xc7, [0], () => ({ pure: true, mnemonic: 'mov', size: 'v', imm: 'iv', operands: 'I,E', suffix: true, exec: is(M.movEI) }));
// The undefined /1-/7 forms still consume their immediate, as the defined one does.
group(0xc6, [1, 2, 3, 4, 5, 6, 7], () => ({ mnemonic: '', size: 'b', imm: 'ib', exec: ud }));
group(0xc7, [1, 2, 3, 4, 5, 6, 7], () => ({ mnemonic: '', size: 'v', imm: 'iv', exec: ud }));
add({ opcode: 0xc8, mnemonic: 'enter', size: 'v', imm: 'enter', text: 'enter', exec: is(C.enter) });
add({ opcode: 0xc9, mnemonic: 'leave', size: 'v', exec: is(C.leave) });
add({ opcode: 0xca, mnemonic: 'lret', imm: 'iw', operands: 'Iw', exec: priv });
add({ opcode: 0xcb, mnemonic: 'lret', exec: priv });
add({ opcode: 0xcc, mnemonic: 'int3', boundary: 'always', exec: (_d, i) => { i.imm = Vector.BP; i.fn = C.intN; } });
add({ opcode: 0xcd, mnemonic: 'int', imm: 'ib', operands: 'Ib', boundary: 'always', exec: is(C.intN) });
add({ opcode: 0xce, mnemonic: 'into', boundary: 'always', exec: is(C.into) });
add({ opcode: 0xcf, mnemonic: 'iret', exec: priv });
add({ opcode: 0xd4, mnemonic: 'aam', imm: 'ib', operands: 'Ib', exec: is(A.aam) });
add({ opcode: 0xd5, mnemonic: 'aad', imm: 'ib', operands: 'Ib', exec: is(A.aad) });
add({ opcode: 0xd6, mnemonic: '', exec: is(C.salc) }); // objdump has no name for salc
add({ opcode: 0xd7, mnemonic: 'xlat', text: 'xlat', exec: (d, i) => { i.seg = d.defaultSeg(SegReg.DS); i.fn = M.xlat; } });
for (let b = 0xd8; b <= 0xdf; b++) add({ opcode: b, mnemonic: 'x87', modrm: true, text: 'x87', exec: (d, i) => decodeX87(d, i, b) });

const LOOPS = ['loopne', 'loope', 'loop', 'jecxz'];
for (let op = 0; op < 4; op++) {
  add({ opcode: 0xe0 + op, mnemonic: LOOPS[op], imm: 'rel8', operands: 'J', boundary: 'always', exec: (d, i) => { i.op = op; i.fn = opsize16(d, C.loop16, C.loop); } });
}
add({ opcode: 0xe4, mnemonic: 'in', imm: 'ib', operands: 'Ib,%al', exec: priv });
add({ opcode: 0xe5, mnemonic: 'in', size: 'v', imm: 'ib', operands: 'Ib,A', exec: priv });
add({ opcode: 0xe6, mnemonic: 'out', imm: 'ib', operands: '%al,Ib', exec: priv });
add({ opcode: 0xe7, mnemonic: 'out', size: 'v', imm: 'ib', operands: 'A,Ib', exec: priv });
add({ opcode: 0xe8, mnemonic: 'call', imm: 'relv', operands: 'J', boundary: 'always', nearBranch: true, exec: (d, i) => { i.fn = opsize16(d, C.callRel16, C.callRel); } });
add({ opcode: 0xe9, mnemonic: 'jmp', imm: 'relv', operands: 'J', boundary: 'always', nearBranch: true, exec: (d, i) => { i.fn = opsize16(d, C.jmpRel16, C.jmpRel); } });
add({ opcode: 0xea, mnemonic: 'ljmp', imm: 'far', text: 'far', exec: priv });
add({ opcode: 0xeb, mnemonic: 'jmp', imm: 'rel8', operands: 'J', boundary: 'always', nearBranch: true, exec: (d, i) => { i.fn = opsize16(d, C.jmpRel16, C.jmpRel); } });
add({ opcode: 0xec, mnemonic: 'in', operands: '(%dx),%al', exec: priv });
add({ opcode: 0xed, mnemonic: 'in', size: 'v', operands: '(%dx),A', exec: priv });
add({ opcode: 0xee, mnemonic: 'out', operands: '%al,(%dx)', exec: priv });
add({ opcode: 0xef, mnemonic: 'out', size: 'v', operands: 'A,(%dx)', exec: priv });
add({ opcode: 0xf1, mnemonic: 'int1', boundary: 'always', exec: (_d, i) => { i.imm = Vector.DB; i.fn = C.intN; } });
add({ opcode: 0xf4, mnemonic: 'hlt', exec: priv });
const FLAG_OPS: Array<[number, string, number]> = [[0xf5, 'cmc', 0], [0xf8, 'clc', 1], [0xf9, 'stc', 2], [0xfc, 'cld', 3], [0xfd, 'std', 4]];
for (const [b, m, op] of FLAG_OPS) add({ opcode: b, pure: true, mnemonic: m, exec: withOp(op, M.flagOp) });
add({ opcode: 0xfa, mnemonic: 'cli', exec: priv });
add({ opcode: 0xfb, mnemonic: 'sti', exec: priv });

// Unary group 3: test/not/neg/mul/imul/div/idiv.
const GROUP3 = ['test', 'test', 'not', 'neg', 'mul', 'imul', 'div', 'idiv'];
const GROUP3_FN = [A.testEI, A.testEI, A.notE, A.negE, A.mulE, A.mulE, A.divE, A.divE];
for (const [opcode, size] of [[0xf6, 'b'], [0xf7, 'v']] as const) {
  group(opcode, R0_7, (op) => ({
    mnemonic: GROUP3[op], size, suffix: true, imm: op < 2 ? (size === 'b' ? 'ib' : 'iv') : undefined, operands: op < 2 ? 'I,E' : 'E',
    lock: op === 2 || op === 3, pure: op < 4, exec: withOp(op, GROUP3_FN[op]),
  }));
}
group(0xfe, [0, 1], (op) => ({ pure: true, mnemonic: op === 0 ? 'inc' : 'dec', size: 'b', operands: 'E', suffix: true, lock: true, exec: withOp(op, A.incdecE) }));
group(0xff, [0, 1], (op) => ({ pure: true, mnemonic: op === 0 ? 'inc' : 'dec', size: 'v', operands: 'E', suffix: true, lock: true, exec: withOp(op, A.incdecE) }));
group(0xff, [2, 4], (op) => ({
  mnemonic: op === 2 ? 'call' : 'jmp', size: 'v', text: 'indirect', boundary: 'always', nearBranch: true, exec: withOp(op, op === 2 ? C.callE : C.jmpE),
}));
group(0xff, [3, 5], (op) => ({
  mnemonic: op === 3 ? 'lcall' : 'ljmp', size: 'v', memOnly: true, operands: '*E', exec: withOp(op, C.privileged),
}));
group(0xff, [6], () => ({ mnemonic: 'push', size: 'v', text: 'popE', exec: withOp(6, M.pushE) }));

// ---------------------------------------------------------------- two-byte map (0F xx)

group(0x0f00, R0_7, () => ({ mnemonic: '', exec: priv })); // sldt, str, lldt, ltr, verr, verw: system instructions
group(0x0f01, R0_7, () => ({ mnemonic: '', exec: priv })); // sgdt, sidt, lgdt, lidt, smsw, lmsw, invlpg
add({ opcode: 0x0f05, mnemonic: 'syscall', unimplemented: true });
add({ opcode: 0x0f06, mnemonic: 'clts', exec: priv });
add({ opcode: 0x0f08, mnemonic: 'invd', exec: priv });
add({ opcode: 0x0f09, mnemonic: 'wbinvd', exec: priv });
add({ opcode: 0x0f0b, mnemonic: 'ud2', unimplemented: true });
add({ opcode: 0x0f0d, pure: true, mnemonic: 'prefetch', modrm: true, text: 'prefetch', exec: is(C.nop) });
add({ opcode: 0x0f18, pure: true, mnemonic: 'prefetch', modrm: true, size: 'v', text: 'hintNop', exec: is(C.nop) });
for (let b = 0x19; b <= 0x1f; b++) add({ opcode: 0x0f00 | b, pure: true, mnemonic: 'nop', modrm: true, size: 'v', text: 'hintNop', exec: is(C.nop) });
// mov to/from CR/DR: the ModRM byte always names registers (mod is ignored), so no SIB or displacement follows.
for (let b = 0x20; b <= 0x23; b++) add({ opcode: 0x0f00 | b, mnemonic: '', imm: 'ib', exec: priv });
add({ opcode: 0x0f30, mnemonic: 'wrmsr', exec: priv });
add({ opcode: 0x0f31, mnemonic: 'rdtsc', exec: is(C.rdtsc) });
add({ opcode: 0x0f32, mnemonic: 'rdmsr', exec: priv });
add({ opcode: 0x0f33, mnemonic: 'rdpmc', exec: priv });
add({ opcode: 0x0f34, mnemonic: 'sysenter', boundary: 'always', exec: is(C.sysenter) });
add({ opcode: 0x0f35, mnemonic: 'sysexit', exec: priv });
for (let cc = 0; cc < 16; cc++) {
  add({ opcode: 0x0f40 + cc, pure: true, mnemonic: 'cmov' + CC_NAMES[cc], modrm: true, size: 'v', operands: 'E,G', exec: withOp(cc, M.cmov) });
  add({
    opcode: 0x0f80 + cc, mnemonic: 'j' + CC_NAMES[cc], imm: 'relv', operands: 'J', text: 'jcc', boundary: 'always', nearBranch: true,
    exec: (d, i) => { i.op = cc; i.fn = opsize16(d, C.jcc16, C.jcc); },
  });
  add({ opcode: 0x0f90 + cc, pure: true, mnemonic: 'set' + CC_NAMES[cc], modrm: true, size: 'b', operands: 'E', exec: withOp(cc, M.setcc) });
}
segPush(0x0fa0, SegReg.FS, false); segPush(0x0fa1, SegReg.FS, true);
segPush(0x0fa8, SegReg.GS, false); segPush(0x0fa9, SegReg.GS, true);
add({ opcode: 0x0fa2, mnemonic: 'cpuid', exec: is(C.cpuid) });
const BIT_TESTS: Array<[number, string]> = [[0x0fa3, 'bt'], [0x0fab, 'bts'], [0x0fb3, 'btr'], [0x0fbb, 'btc']];
BIT_TESTS.forEach(([opcode, m], op) => add({ opcode, mnemonic: m, modrm: true, size: 'v', operands: 'G,E', lock: op > 0, exec: withOp(op, A.bitTest) }));
for (const [opcode, m, op, cl] of [[0x0fa4, 'shld', 0, false], [0x0fa5, 'shld', 0, true], [0x0fac, 'shrd', 1, false], [0x0fad, 'shrd', 1, true]] as const) {
  add({
    opcode, pure: true, mnemonic: m, modrm: true, size: 'v', imm: cl ? undefined : 'ib', operands: cl ? '%cl,G,E' : 'Ib,G,E',
    exec: (_d, i) => { i.op = op; if (cl) i.imm2 = 1; i.fn = A.shiftDouble; },
  });
}
const fxsave = (c: Parameters<Handler>[0], i: Insn): void => fxsaveOp(c, i, doubleToF80, f80ToDouble);
add({
  opcode: 0x0fae, pure: true, mnemonic: 'fxsave', modrm: true, text: 'group15',
  // lfence/mfence/sfence and clflush are no-ops for a single in-order CPU.
  exec: (_d, i) => {
    if (!i.mem) i.fn = i.reg >= 5 ? C.nop : C.undefinedOpcode;
    else if (i.reg === 7) i.fn = C.nop;
    else if (i.reg === 0 || i.reg === 1) i.fn = fxsave;
    else if (i.reg === 2 || i.reg === 3) i.fn = mxcsrOp;
    else i.fn = C.undefinedOpcode;
  },
});
add({ opcode: 0x0faf, pure: true, mnemonic: 'imul', modrm: true, size: 'v', operands: 'E,G', exec: withOp(0, A.imulGE) });
add({ opcode: 0x0fb0, mnemonic: 'cmpxchg', modrm: true, size: 'b', operands: 'G,E', lock: true, exec: is(A.cmpxchg) });
add({ opcode: 0x0fb1, mnemonic: 'cmpxchg', modrm: true, size: 'v', operands: 'G,E', lock: true, exec: is(A.cmpxchg) });
for (const [opcode, m, seg] of [[0x0fb2, 'lss', SegReg.SS], [0x0fb4, 'lfs', SegReg.FS], [0x0fb5, 'lgs', SegReg.GS]] as const) {
  add({ opcode, mnemonic: m, modrm: true, size: 'v', memOnly: true, operands: 'E,G', exec: withOp(seg, M.loadFarPointer) });
}
// movzx/movsx: i.size is the source's size, imm2 the destination's.
for (const [opcode, m, op, src] of [[0x0fb6, 'movz', 0, 1], [0x0fb7, 'movz', 0, 2], [0x0fbe, 'movs', 1, 1], [0x0fbf, 'movs', 1, 2]] as const) {
  add({
    opcode, pure: true, mnemonic: m, modrm: true, size: src === 1 ? 'b' : 'w', text: 'extend',
    exec: (d, i) => { i.op = op; i.imm2 = d.opsize; i.fn = op === 0 && src === 1 && i.mem && d.opsize === 4 ? F.movzxByteLoad : M.movExtend; },
  });
}
add({ opcode: 0x0fb9, mnemonic: 'ud1', modrm: true, size: 'v', operands: 'E,G', unimplemented: true });
group(0x0fba, [0, 1, 2, 3], () => ({ mnemonic: '', size: 'v', imm: 'ib', exec: ud }));
group(0x0fba, [4, 5, 6, 7], (reg) => ({
  mnemonic: ['bt', 'bts', 'btr', 'btc'][reg - 4], size: 'v', imm: 'ib', operands: 'Ib,E', suffix: true, lock: reg >= 5,
  exec: (_d, i) => { i.imm2 = 1; i.op = reg - 4; i.fn = A.bitTest; },
}));
add({ opcode: 0x0fbc, pure: true, mnemonic: 'bsf', modrm: true, size: 'v', text: 'bitScan', exec: withOp(0, A.bitScan) });
add({ opcode: 0x0fbd, pure: true, mnemonic: 'bsr', modrm: true, size: 'v', text: 'bitScan', exec: withOp(1, A.bitScan) });
add({ opcode: 0x0fc0, pure: true, mnemonic: 'xadd', modrm: true, size: 'b', operands: 'G,E', lock: true, exec: is(A.xadd) });
add({ opcode: 0x0fc1, pure: true, mnemonic: 'xadd', modrm: true, size: 'v', operands: 'G,E', lock: true, exec: is(A.xadd) });
group(0x0fc7, [1], () => ({ mnemonic: 'cmpxchg8b', memOnly: true, operands: 'Ed', lock: true, exec: is(A.cmpxchg8b) }));
for (let r = 0; r < 8; r++) add({ opcode: 0x0fc8 + r, pure: true, mnemonic: 'bswap', operands: 'Zd', exec: (_d, i) => { i.reg = r; i.fn = M.bswap; } });

// MMX/SSE/SSE2: the operand form is here; the mandatory prefix picks the operation (ops-simd-*.ts).
// The disassembler prints the `simd` routine's text, else (0F FF: ud0) the generic operands.
for (const b of SIMD_OPCODES) {
  add({
    opcode: 0x0f00 | b, mnemonic: b === 0xff ? 'ud0' : 'simd', modrm: b !== 0x77, imm: SIMD_WITH_IMM8.includes(b) ? 'ib' : undefined,
    size: b === 0xff ? 'v' : undefined, operands: b === 0xff ? 'E,G' : undefined, text: 'simd', exec: (d, i) => decodeSimd(d, i, b),
  });
}

// ---------------------------------------------------------------- derived lookups

/** All entries of the one-byte and 0F maps. */
export const OPCODES: readonly OpcodeEntry[] = table;

/** What the decoder and the disassembler look up per opcode byte: the entry, or the entries by ModRM.reg. */
export interface OpcodeSlot {
  modrm: boolean;
  entry: OpcodeEntry | undefined;
  byReg: Array<OpcodeEntry | undefined> | undefined;
}

function buildMap(base: number): OpcodeSlot[] {
  const slots: OpcodeSlot[] = [];
  for (let b = 0; b < 256; b++) slots.push({ modrm: false, entry: undefined, byReg: undefined });
  for (const e of table) {
    if ((e.opcode & 0xff00) !== base) continue;
    const s = slots[e.opcode & 0xff];
    if (e.reg !== undefined) {
      s.modrm = true;
      s.byReg ??= new Array<OpcodeEntry | undefined>(8).fill(undefined);
      if (s.byReg[e.reg] !== undefined) throw new Error(`opcode table: ${e.opcode.toString(16)} /${e.reg} twice`);
      s.byReg[e.reg] = e;
    } else {
      if (s.entry !== undefined) throw new Error(`opcode table: ${e.opcode.toString(16)} twice`);
      s.entry = e;
      s.modrm = e.modrm === true;
    }
  }
  return slots;
}
export const ONE_BYTE_MAP = buildMap(0);
export const TWO_BYTE_MAP = buildMap(0x0f00);

/** The handler that runs an ALU entry (and, for the commonest 32-bit shapes, its fast-tier twin). */
export function aluHandler(op: number, form: 'EG' | 'GE' | 'EI', i: Insn): Handler {
  const r32 = i.size === 4 && !i.mem;
  switch (form) {
    case 'EG': return (r32 ? ALU32_EG_RR[op] : undefined) ?? A.aluEG;
    case 'GE': return i.size !== 4 ? A.aluGE : i.mem ? (op === 7 ? cmp32RM : A.aluGE) : ALU32_GE_RR[op] ?? A.aluGE32rr;
    default:
      if (i.size !== 4) return A.aluEI;
      if (!i.mem) return ALU32_EI_R[op] ?? A.aluEI;
      return op === 7 ? cmp32MI : A.aluEI;
  }
}
