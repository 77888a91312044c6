// Instruction decoder: bytes at a virtual address → one `Insn` with its handler chosen for the operand
// shapes (register vs memory, operand size), so execution does little more than call `insn.fn`.
// Opcode maps are tables of small decode functions; later ISA extensions add entries, not rewrites.
import type { Cpu } from './cpu';
import { Reg, SegReg, Vector } from './cpu-enums';
import { Insn } from './decoded-instruction';
import * as A from './ops-alu';
import * as C from './ops-control';
import * as M from './ops-move';
import * as S from './ops-string';
import * as F from './ops-fast';
import { decodeX87, f80ToDouble, doubleToF80 } from './x87';
import { decodeSimd, fxsaveOp, mxcsrOp, SIMD_OPCODES } from './ops-simd';

/** Prefix state and byte cursor of the instruction being decoded. */
export class DecodeState {
  cpu!: Cpu;
  start = 0;
  p = 0;
  opsize = 4;
  adsize = 4;
  segOverride = -1;
  rep = 0;
  lock = false;

  u8(): number {
    if (this.p - this.start >= 15) this.cpu.fault(Vector.GP, 0);
    const b = this.cpu.fetch8(this.p >>> 0);
    this.p++;
    return b;
  }
  s8(): number {
    return (this.u8() << 24) >> 24;
  }
  u16(): number {
    return this.u8() | (this.u8() << 8);
  }
  s16(): number {
    return (this.u16() << 16) >> 16;
  }
  s32(): number {
    return this.u8() | (this.u8() << 8) | (this.u8() << 16) | (this.u8() << 24);
  }
  /** Immediate of the operand size (16 or 32 bits). */
  immV(): number {
    return this.opsize === 2 ? this.u16() : this.s32();
  }
  /** Relative displacement of the operand size. */
  relV(): number {
    return this.opsize === 2 ? this.s16() : this.s32();
  }

  defaultSeg(dflt: number): number {
    return this.segOverride >= 0 ? this.segOverride : dflt;
  }

  /** Parses ModRM (and SIB/displacement) into `i`. */
  modrm(i: Insn): void {
    const m = this.u8();
    const mod = m >> 6;
    const rm = m & 7;
    i.reg = (m >> 3) & 7;
    if (mod === 3) {
      i.mem = false;
      i.rm = rm;
      return;
    }
    i.mem = true;
    let base = 8, index = 8, scale = 0, disp = 0;
    if (this.adsize === 2) {
      // 16-bit addressing (67 prefix). Offsets are not wrapped to 16 bits: no compiler emits this.
      const B16 = [Reg.EBX, Reg.EBX, Reg.EBP, Reg.EBP, Reg.ESI, Reg.EDI, Reg.EBP, Reg.EBX];
      const X16 = [Reg.ESI, Reg.EDI, Reg.ESI, Reg.EDI, 8, 8, 8, 8];
      if (mod === 0 && rm === 6) disp = this.u16();
      else {
        base = B16[rm];
        index = X16[rm];
      }
      if (mod === 1) disp = this.s8();
      else if (mod === 2) disp = this.u16();
    } else {
      base = rm;
      if (rm === 4) {
        const sib = this.u8();
        scale = sib >> 6;
        const x = (sib >> 3) & 7;
        index = x === 4 ? 8 : x;
        base = sib & 7;
        if (base === 5 && mod === 0) {
          base = 8;
          disp = this.s32();
        }
      } else if (rm === 5 && mod === 0) {
        base = 8;
        disp = this.s32();
      }
      if (mod === 1) disp = this.s8();
      else if (mod === 2) disp = this.s32();
    }
    i.base = base;
    i.index = index;
    i.scale = scale;
    i.disp = disp;
    i.seg = this.defaultSeg(base === Reg.ESP || base === Reg.EBP ? SegReg.SS : SegReg.DS);
  }
}

type DecodeFn = (d: DecodeState, i: Insn) => void;

const ONE: DecodeFn[] = new Array<DecodeFn>(256);
const TWO: DecodeFn[] = new Array<DecodeFn>(256);

const ud: DecodeFn = (_d, i) => {
  i.fn = C.undefinedOpcode;
};
/** Valid but privileged in ring 3; consumes a ModRM byte when `withModrm`. */
const priv = (withModrm: boolean, immBytes = 0): DecodeFn => (d, i) => {
  if (withModrm) d.modrm(i);
  for (let k = 0; k < immBytes; k++) d.u8();
  i.fn = C.privileged;
};
ONE.fill(ud);
TWO.fill(ud);

// ---- ALU 00-3F
for (let op = 0; op < 8; op++) {
  const b = op << 3;
  ONE[b] = (d, i) => { i.size = 1; d.modrm(i); i.op = op; i.fn = A.aluEG; };
  ONE[b + 1] = (d, i) => {
    i.size = d.opsize; d.modrm(i); i.op = op;
    i.fn = (!i.mem && i.size === 4 ? F.ALU32_EG_RR[op] : undefined) ?? A.aluEG;
  };
  ONE[b + 2] = (d, i) => { i.size = 1; d.modrm(i); i.op = op; i.fn = A.aluGE; };
  ONE[b + 3] = (d, i) => {
    i.size = d.opsize; d.modrm(i); i.op = op;
    i.fn = i.size !== 4 ? A.aluGE : i.mem ? (op === 7 ? F.cmp32RM : A.aluGE) : F.ALU32_GE_RR[op] ?? A.aluGE32rr;
  };
  ONE[b + 4] = (d, i) => { i.size = 1; i.rm = Reg.EAX; i.imm = d.u8(); i.op = op; i.fn = A.aluEI; };
  ONE[b + 5] = (d, i) => {
    i.size = d.opsize; i.rm = Reg.EAX; i.imm = d.immV(); i.op = op;
    i.fn = (i.size === 4 ? F.ALU32_EI_R[op] : undefined) ?? A.aluEI;
  };
}
const pushSeg = (seg: number): DecodeFn => (d, i) => { i.size = d.opsize; i.reg = seg; i.fn = M.pushSeg; };
const popSeg = (seg: number): DecodeFn => (d, i) => { i.size = d.opsize; i.reg = seg; i.fn = M.popSeg; };
ONE[0x06] = pushSeg(SegReg.ES); ONE[0x07] = popSeg(SegReg.ES);
ONE[0x0e] = pushSeg(SegReg.CS);
ONE[0x16] = pushSeg(SegReg.SS); ONE[0x17] = popSeg(SegReg.SS);
ONE[0x1e] = pushSeg(SegReg.DS); ONE[0x1f] = popSeg(SegReg.DS);
ONE[0x27] = (_d, i) => { i.op = 0; i.fn = A.daaDas; };
ONE[0x2f] = (_d, i) => { i.op = 1; i.fn = A.daaDas; };
ONE[0x37] = (_d, i) => { i.op = 0; i.fn = A.aaaAas; };
ONE[0x3f] = (_d, i) => { i.op = 1; i.fn = A.aaaAas; };

// ---- 40-6F
for (let r = 0; r < 8; r++) {
  ONE[0x40 + r] = (d, i) => { i.size = d.opsize; i.reg = r; i.op = 0; i.fn = i.size === 4 ? F.inc32 : A.incdecR; };
  ONE[0x48 + r] = (d, i) => { i.size = d.opsize; i.reg = r; i.op = 1; i.fn = i.size === 4 ? F.dec32 : A.incdecR; };
  ONE[0x50 + r] = (d, i) => { i.size = d.opsize; i.reg = r; i.fn = i.size === 4 ? F.push32R : M.pushR; };
  ONE[0x58 + r] = (d, i) => { i.size = d.opsize; i.reg = r; i.fn = i.size === 4 ? F.pop32R : M.popR; };
}
ONE[0x60] = (d, i) => { i.size = d.opsize; i.fn = M.pusha; };
ONE[0x61] = (d, i) => { i.size = d.opsize; i.fn = M.popa; };
ONE[0x62] = (d, i) => { i.size = d.opsize; d.modrm(i); i.fn = C.bound; };
ONE[0x68] = (d, i) => { i.size = d.opsize; i.imm = d.immV(); i.fn = M.pushI; };
ONE[0x69] = (d, i) => { i.size = d.opsize; d.modrm(i); i.imm = d.immV(); i.op = 1; i.fn = A.imulGE; };
ONE[0x6a] = (d, i) => { i.size = d.opsize; i.imm = d.s8(); if (i.size === 2) i.imm &= 0xffff; i.fn = M.pushI; };
ONE[0x6b] = (d, i) => { i.size = d.opsize; d.modrm(i); i.imm = d.s8(); i.op = 1; i.fn = A.imulGE; };
for (let b = 0x6c; b <= 0x6f; b++) ONE[b] = priv(false);

// ---- 70-7F Jcc rel8
for (let cc = 0; cc < 16; cc++) ONE[0x70 + cc] = (d, i) => { i.imm = d.s8(); i.op = cc; i.fn = d.opsize === 2 ? C.jcc16 : C.jcc; };

// ---- 80-8F
const group1 = (byteOp: boolean, imm: 'b' | 'v' | 'sb'): DecodeFn => (d, i) => {
  i.size = byteOp ? 1 : d.opsize;
  d.modrm(i);
  i.imm = imm === 'b' ? d.u8() : imm === 'v' ? d.immV() : d.s8();
  i.op = i.reg;
  i.fn = A.aluEI;
  if (i.size === 4) {
    if (!i.mem) i.fn = F.ALU32_EI_R[i.op] ?? A.aluEI;
    else if (i.op === 7) i.fn = F.cmp32MI;
  }
};
ONE[0x80] = group1(true, 'b');
ONE[0x81] = group1(false, 'v');
ONE[0x82] = group1(true, 'b');
ONE[0x83] = group1(false, 'sb');
ONE[0x84] = (d, i) => { i.size = 1; d.modrm(i); i.fn = A.testEG; };
ONE[0x85] = (d, i) => { i.size = d.opsize; d.modrm(i); i.fn = i.size === 4 && !i.mem ? F.test32RR : A.testEG; };
ONE[0x86] = (d, i) => { i.size = 1; d.modrm(i); i.fn = M.xchgEG; };
ONE[0x87] = (d, i) => { i.size = d.opsize; d.modrm(i); i.fn = M.xchgEG; };
ONE[0x88] = (d, i) => { i.size = 1; d.modrm(i); i.fn = i.mem ? F.storeByteReg : M.movEG; };
ONE[0x89] = (d, i) => {
  i.size = d.opsize; d.modrm(i);
  i.fn = i.size !== 4 ? M.movEG : i.mem ? M.store32 : M.movRR32;
};
ONE[0x8a] = (d, i) => { i.size = 1; d.modrm(i); i.fn = M.movGE; };
ONE[0x8b] = (d, i) => {
  i.size = d.opsize; d.modrm(i);
  i.fn = i.size !== 4 ? M.movGE : i.mem ? M.load32 : F.movGR32;
};
ONE[0x8c] = (d, i) => { i.size = d.opsize; d.modrm(i); i.fn = M.movFromSeg; };
ONE[0x8d] = (d, i) => { i.size = d.opsize; d.modrm(i); i.fn = !i.mem ? C.undefinedOpcode : i.size === 4 ? F.lea32 : M.lea; };
ONE[0x8e] = (d, i) => { i.size = 2; d.modrm(i); i.fn = M.movToSeg; };
ONE[0x8f] = (d, i) => { i.size = d.opsize; d.modrm(i); i.fn = i.reg === 0 ? M.popE : C.undefinedOpcode; };

// ---- 90-9F
ONE[0x90] = (_d, i) => { i.fn = C.nop; };
for (let r = 1; r < 8; r++) {
  ONE[0x90 + r] = (d, i) => { i.size = d.opsize; i.reg = Reg.EAX; i.rm = r; i.mem = false; i.fn = M.xchgEG; };
}
ONE[0x98] = (d, i) => { i.size = d.opsize; i.op = 0; i.fn = M.convert; };
ONE[0x99] = (d, i) => { i.size = d.opsize; i.op = 1; i.fn = M.convert; };
ONE[0x9a] = (d, i) => { priv(false, d.opsize + 2)(d, i); };
ONE[0x9b] = (_d, i) => { i.fn = C.nop; }; // fwait: no pending x87 exceptions are modelled
ONE[0x9c] = (d, i) => { i.size = d.opsize; i.fn = M.pushf; };
ONE[0x9d] = (d, i) => { i.size = d.opsize; i.fn = M.popf; };
ONE[0x9e] = (_d, i) => { i.fn = M.sahf; };
ONE[0x9f] = (_d, i) => { i.fn = M.lahf; };

// ---- A0-AF
const moffs = (byteOp: boolean, store: boolean): DecodeFn => (d, i) => {
  i.size = byteOp ? 1 : d.opsize;
  i.mem = true;
  i.disp = d.adsize === 2 ? d.u16() : d.s32();
  i.seg = d.defaultSeg(SegReg.DS);
  i.reg = Reg.EAX;
  i.fn = store ? M.movEG : M.movGE;
};
ONE[0xa0] = moffs(true, false); ONE[0xa1] = moffs(false, false);
ONE[0xa2] = moffs(true, true); ONE[0xa3] = moffs(false, true);
const str = (fn: (c: Cpu, i: Insn) => void, byteOp: boolean): DecodeFn => (d, i) => {
  i.size = byteOp ? 1 : d.opsize;
  i.seg = d.defaultSeg(SegReg.DS);
  i.rep = d.rep;
  i.fn = fn;
};
ONE[0xa4] = str(S.movs, true); ONE[0xa5] = str(S.movs, false);
ONE[0xa6] = str(S.cmps, true); ONE[0xa7] = str(S.cmps, false);
ONE[0xa8] = (d, i) => { i.size = 1; i.rm = Reg.EAX; i.imm = d.u8(); i.fn = A.testEI; };
ONE[0xa9] = (d, i) => { i.size = d.opsize; i.rm = Reg.EAX; i.imm = d.immV(); i.fn = A.testEI; };
ONE[0xaa] = str(S.stos, true); ONE[0xab] = str(S.stos, false);
ONE[0xac] = str(S.lods, true); ONE[0xad] = str(S.lods, false);
ONE[0xae] = str(S.scas, true); ONE[0xaf] = str(S.scas, false);

// ---- B0-BF mov reg, imm
for (let r = 0; r < 8; r++) {
  ONE[0xb0 + r] = (d, i) => { i.size = 1; i.rm = r; i.imm = d.u8(); i.fn = M.movEI; };
  ONE[0xb8 + r] = (d, i) => { i.size = d.opsize; i.rm = r; i.imm = d.immV(); i.fn = i.size === 4 ? F.movRI32 : M.movEI; };
}

// ---- C0-CF
const shift = (byteOp: boolean, count: 'ib' | 'one' | 'cl'): DecodeFn => (d, i) => {
  i.size = byteOp ? 1 : d.opsize;
  d.modrm(i);
  i.op = i.reg;
  if (count === 'ib') i.imm = d.u8();
  else if (count === 'one') i.imm = 1;
  else i.imm2 = 1;
  i.fn = A.shiftE;
};
ONE[0xc0] = shift(true, 'ib'); ONE[0xc1] = shift(false, 'ib');
ONE[0xd0] = shift(true, 'one'); ONE[0xd1] = shift(false, 'one');
ONE[0xd2] = shift(true, 'cl'); ONE[0xd3] = shift(false, 'cl');
ONE[0xc2] = (d, i) => { i.size = d.opsize; i.imm = d.u16(); i.fn = C.ret; };
ONE[0xc3] = (d, i) => { i.size = d.opsize; i.fn = C.ret; };
ONE[0xc4] = (d, i) => { i.size = d.opsize; d.modrm(i); i.op = SegReg.ES; i.fn = M.loadFarPointer; };
ONE[0xc5] = (d, i) => { i.size = d.opsize; d.modrm(i); i.op = SegReg.DS; i.fn = M.loadFarPointer; };
ONE[0xc6] = (d, i) => {
  i.size = 1; d.modrm(i); i.imm = d.u8();
  i.fn = i.reg !== 0 ? C.undefinedOpcode : i.mem ? F.storeByteImm : M.movEI;
};
ONE[0xc7] = (d, i) => { i.size = d.opsize; d.modrm(i); i.imm = d.immV(); i.fn = i.reg === 0 ? M.movEI : C.undefinedOpcode; };
ONE[0xc8] = (d, i) => { i.size = d.opsize; i.imm = d.u16(); i.imm2 = d.u8(); i.fn = C.enter; };
ONE[0xc9] = (d, i) => { i.size = d.opsize; i.fn = C.leave; };
ONE[0xca] = priv(false, 2);
ONE[0xcb] = priv(false);
ONE[0xcc] = (_d, i) => { i.imm = Vector.BP; i.fn = C.intN; };
ONE[0xcd] = (d, i) => { i.imm = d.u8(); i.fn = C.intN; };
ONE[0xce] = (_d, i) => { i.fn = C.into; };
ONE[0xcf] = priv(false);

// ---- D0-DF
ONE[0xd4] = (d, i) => { i.imm = d.u8(); i.fn = A.aam; };
ONE[0xd5] = (d, i) => { i.imm = d.u8(); i.fn = A.aad; };
ONE[0xd6] = (_d, i) => { i.fn = C.salc; };
ONE[0xd7] = (d, i) => { i.seg = d.defaultSeg(SegReg.DS); i.fn = M.xlat; };
for (let b = 0xd8; b <= 0xdf; b++) ONE[b] = (d, i) => decodeX87(d, i, b);

// ---- E0-EF
for (let op = 0; op < 4; op++) ONE[0xe0 + op] = (d, i) => { i.imm = d.s8(); i.op = op; i.fn = d.opsize === 2 ? C.loop16 : C.loop; };
ONE[0xe4] = priv(false, 1); ONE[0xe5] = priv(false, 1); ONE[0xe6] = priv(false, 1); ONE[0xe7] = priv(false, 1);
ONE[0xe8] = (d, i) => { i.imm = d.relV(); i.fn = d.opsize === 2 ? C.callRel16 : C.callRel; };
ONE[0xe9] = (d, i) => { i.imm = d.relV(); i.fn = d.opsize === 2 ? C.jmpRel16 : C.jmpRel; };
ONE[0xea] = (d, i) => { priv(false, d.opsize + 2)(d, i); };
ONE[0xeb] = (d, i) => { i.imm = d.s8(); i.fn = d.opsize === 2 ? C.jmpRel16 : C.jmpRel; };
for (let b = 0xec; b <= 0xef; b++) ONE[b] = priv(false);

// ---- F0-FF
ONE[0xf1] = (_d, i) => { i.imm = Vector.DB; i.fn = C.intN; };
ONE[0xf4] = priv(false);
ONE[0xf5] = (_d, i) => { i.op = 0; i.fn = M.flagOp; };
ONE[0xf6] = (d, i) => group3(d, i, 1);
ONE[0xf7] = (d, i) => group3(d, i, d.opsize);
ONE[0xf8] = (_d, i) => { i.op = 1; i.fn = M.flagOp; };
ONE[0xf9] = (_d, i) => { i.op = 2; i.fn = M.flagOp; };
ONE[0xfa] = priv(false);
ONE[0xfb] = priv(false);
ONE[0xfc] = (_d, i) => { i.op = 3; i.fn = M.flagOp; };
ONE[0xfd] = (_d, i) => { i.op = 4; i.fn = M.flagOp; };
ONE[0xfe] = (d, i) => {
  i.size = 1; d.modrm(i); i.op = i.reg;
  i.fn = i.reg < 2 ? A.incdecE : C.undefinedOpcode;
};
ONE[0xff] = (d, i) => {
  i.size = d.opsize; d.modrm(i); i.op = i.reg;
  switch (i.reg) {
    case 0: case 1: i.fn = A.incdecE; break;
    case 2: i.fn = C.callE; break;
    case 3: case 5: i.fn = i.mem ? C.privileged : C.undefinedOpcode; break;
    case 4: i.fn = C.jmpE; break;
    case 6: i.fn = M.pushE; break;
    default: i.fn = C.undefinedOpcode; break;
  }
};

function group3(d: DecodeState, i: Insn, size: number): void {
  i.size = size;
  d.modrm(i);
  i.op = i.reg;
  switch (i.reg) {
    case 0: case 1:
      i.imm = size === 1 ? d.u8() : d.immV();
      i.fn = A.testEI;
      break;
    case 2: i.fn = A.notE; break;
    case 3: i.fn = A.negE; break;
    case 4: case 5: i.fn = A.mulE; break;
    default: i.fn = A.divE; break;
  }
}

// ---- two-byte opcodes (0F xx)
TWO[0x00] = priv(true);
TWO[0x01] = priv(true);
TWO[0x06] = priv(false);
TWO[0x08] = priv(false);
TWO[0x09] = priv(false);
TWO[0x0b] = ud;
TWO[0x0d] = (d, i) => { d.modrm(i); i.fn = C.nop; };
for (let b = 0x18; b <= 0x1f; b++) TWO[b] = (d, i) => { d.modrm(i); i.fn = C.nop; };
// mov to/from CR/DR: the ModRM byte always names registers (mod is ignored), so no SIB or displacement follows.
for (let b = 0x20; b <= 0x23; b++) TWO[b] = priv(false, 1);
TWO[0x30] = priv(false);
TWO[0x31] = (_d, i) => { i.fn = C.rdtsc; };
TWO[0x32] = priv(false);
TWO[0x33] = priv(false);
TWO[0x34] = (_d, i) => { i.fn = C.sysenter; };
TWO[0x35] = priv(false);
for (let cc = 0; cc < 16; cc++) {
  TWO[0x40 + cc] = (d, i) => { i.size = d.opsize; d.modrm(i); i.op = cc; i.fn = M.cmov; };
  TWO[0x80 + cc] = (d, i) => { i.imm = d.relV(); i.op = cc; i.fn = d.opsize === 2 ? C.jcc16 : C.jcc; };
  TWO[0x90 + cc] = (d, i) => { i.size = 1; d.modrm(i); i.op = cc; i.fn = M.setcc; };
}
TWO[0xa0] = pushSeg(SegReg.FS); TWO[0xa1] = popSeg(SegReg.FS);
TWO[0xa8] = pushSeg(SegReg.GS); TWO[0xa9] = popSeg(SegReg.GS);
TWO[0xa2] = (_d, i) => { i.fn = C.cpuid; };
const bt = (op: number): DecodeFn => (d, i) => { i.size = d.opsize; d.modrm(i); i.op = op; i.fn = A.bitTest; };
TWO[0xa3] = bt(0); TWO[0xab] = bt(1); TWO[0xb3] = bt(2); TWO[0xbb] = bt(3);
const shd = (op: number, cl: boolean): DecodeFn => (d, i) => {
  i.size = d.opsize; d.modrm(i); i.op = op;
  if (cl) i.imm2 = 1;
  else i.imm = d.u8();
  i.fn = A.shiftDouble;
};
TWO[0xa4] = shd(0, false); TWO[0xa5] = shd(0, true);
TWO[0xac] = shd(1, false); TWO[0xad] = shd(1, true);
TWO[0xae] = (d, i) => {
  d.modrm(i);
  // lfence/mfence/sfence and clflush are no-ops for a single in-order CPU.
  if (!i.mem) i.fn = i.reg >= 5 ? C.nop : C.undefinedOpcode;
  else if (i.reg === 7) i.fn = C.nop;
  else if (i.reg === 0 || i.reg === 1) i.fn = fxsave;
  else if (i.reg === 2 || i.reg === 3) i.fn = mxcsrOp;
  else i.fn = C.undefinedOpcode;
};
TWO[0xaf] = (d, i) => { i.size = d.opsize; d.modrm(i); i.op = 0; i.fn = A.imulGE; };
TWO[0xb0] = (d, i) => { i.size = 1; d.modrm(i); i.fn = A.cmpxchg; };
TWO[0xb1] = (d, i) => { i.size = d.opsize; d.modrm(i); i.fn = A.cmpxchg; };
const lfp = (seg: number): DecodeFn => (d, i) => { i.size = d.opsize; d.modrm(i); i.op = seg; i.fn = M.loadFarPointer; };
TWO[0xb2] = lfp(SegReg.SS); TWO[0xb4] = lfp(SegReg.FS); TWO[0xb5] = lfp(SegReg.GS);
const ext = (op: number, src: number): DecodeFn => (d, i) => {
  i.size = src; d.modrm(i); i.op = op; i.imm2 = d.opsize;
  i.fn = op === 0 && src === 1 && i.mem && d.opsize === 4 ? F.movzxByteLoad : M.movExtend;
};
TWO[0xb6] = ext(0, 1); TWO[0xb7] = ext(0, 2); TWO[0xbe] = ext(1, 1); TWO[0xbf] = ext(1, 2);
TWO[0xba] = (d, i) => {
  i.size = d.opsize; d.modrm(i); i.imm = d.u8(); i.imm2 = 1; i.op = i.reg - 4;
  i.fn = i.reg >= 4 ? A.bitTest : C.undefinedOpcode;
};
TWO[0xbc] = (d, i) => { i.size = d.opsize; d.modrm(i); i.op = 0; i.fn = A.bitScan; };
TWO[0xbd] = (d, i) => { i.size = d.opsize; d.modrm(i); i.op = 1; i.fn = A.bitScan; };
TWO[0xc0] = (d, i) => { i.size = 1; d.modrm(i); i.fn = A.xadd; };
TWO[0xc1] = (d, i) => { i.size = d.opsize; d.modrm(i); i.fn = A.xadd; };
TWO[0xc7] = (d, i) => { d.modrm(i); i.fn = i.reg === 1 && i.mem ? A.cmpxchg8b : C.undefinedOpcode; };
for (let r = 0; r < 8; r++) TWO[0xc8 + r] = (_d, i) => { i.reg = r; i.fn = M.bswap; };

for (const b of SIMD_OPCODES) TWO[b] = (d, i) => decodeSimd(d, i, b);
const fxsave = (c: Cpu, i: Insn): void => fxsaveOp(c, i, doubleToF80, f80ToDouble);

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
  if (b === 0x0f) {
    b = d.u8();
    i.opcode = 0x0f00 | b;
    TWO[b](d, i);
  } else {
    i.opcode = b;
    ONE[b](d, i);
  }
  i.len = d.p - va;
  // LOCK is only valid on a read-modify-write of memory; anywhere else it is #UD (SDM vol. 2, "LOCK").
  if (d.lock && !lockable(i)) i.fn = C.undefinedOpcode;
  return i;
}

const LOCKABLE_ONE = new Set([0x00, 0x01, 0x08, 0x09, 0x10, 0x11, 0x18, 0x19, 0x20, 0x21, 0x28, 0x29, 0x30, 0x31, 0x86, 0x87]);

/**
 * LOCK is allowed only on the read-modify-write instructions with a memory destination (SDM LOCK: ADD ADC AND
 * BTC BTR BTS CMPXCHG CMPXCHG8B DEC INC NEG NOT OR SBB SUB XOR XADD XCHG); anything else raises #UD.
 */
function lockable(i: Insn): boolean {
  if (!i.mem) return false;
  const op = i.opcode;
  if (LOCKABLE_ONE.has(op)) return true;
  if (op >= 0x80 && op <= 0x83) return i.reg !== 7; // not cmp
  if (op === 0xf6 || op === 0xf7) return i.reg === 2 || i.reg === 3; // not, neg
  if (op === 0xfe || op === 0xff) return i.reg <= 1; // inc, dec
  if (op === 0x0fab || op === 0x0fb3 || op === 0x0fbb || op === 0x0fb0 || op === 0x0fb1 || op === 0x0fc0 || op === 0x0fc1) return true;
  if (op === 0x0fba) return i.reg >= 5; // bts btr btc
  return op === 0x0fc7 && i.reg === 1; // cmpxchg8b
}
