// The decoder's cursor: prefix state and the bytes of the instruction being decoded, read through the CPU's
// instruction fetch (so a fetch from an unmapped page faults as the hardware would).
import type { Cpu } from './cpu';
import { Reg, SegReg, Vector } from './cpu-enums';
import type { Insn } from './decoded-instruction';

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
