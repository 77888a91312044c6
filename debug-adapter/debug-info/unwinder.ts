// Stack unwinding: DWARF CFI when the pc is covered, otherwise the classic EBP chain (push %ebp; mov %esp,%ebp).
import { CallFrameInfo } from './call-frame-info';
import { I386_DWARF_REG } from './dwarf-constants';
import { evaluateLocation } from './dwarf-location';

export interface StackFrameInfo {
  pc: number;
  /** Register values in Cpu.regs order (eax..edi); undefined when the caller's value is not recoverable. */
  regs: Array<number | undefined>;
  /** Canonical frame address: the caller's esp before the call pushed the return address. */
  cfa?: number;
  how: 'registers' | 'cfi' | 'ebp-chain' | 'return-address';
}

const ESP = I386_DWARF_REG.esp;
const EBP = I386_DWARF_REG.ebp;

export class Unwinder {
  constructor(
    private readonly cfi: CallFrameInfo | undefined,
    private readonly functionAt: (pc: number) => { low: number } | undefined,
  ) {}

  unwind(regs: ArrayLike<number>, eip: number, readU32: (address: number) => number | undefined, maxFrames = 64): StackFrameInfo[] {
    const frames: StackFrameInfo[] = [];
    let frame: StackFrameInfo = { pc: eip >>> 0, regs: Array.from({ length: 8 }, (_, i) => regs[i] >>> 0), how: 'registers' };
    for (let depth = 0; depth < maxFrames; depth++) {
      const caller = this.callerOf(frame, depth === 0, readU32);
      frames.push(frame);
      if (!caller || caller.pc === 0) break;
      const sp = frame.regs[ESP];
      const callerSp = caller.regs[ESP];
      // Stacks grow down: a caller's frame must lie above its callee's, else the data is garbage.
      if (sp !== undefined && callerSp !== undefined && callerSp <= sp) break;
      frame = caller;
    }
    return frames;
  }

  /** The canonical frame address of a frame (for DW_OP_call_frame_cfa). */
  cfaOf(frame: StackFrameInfo, isTop: boolean, readU32: (address: number) => number | undefined): number | undefined {
    return this.callerOf(frame, isTop, readU32)?.regs[ESP] ?? frame.cfa;
  }

  private callerOf(frame: StackFrameInfo, isTop: boolean, readU32: (a: number) => number | undefined): StackFrameInfo | undefined {
    // A return address points after the call; look up the call itself so a call at a function's end finds its FDE.
    const lookupPc = isTop ? frame.pc : frame.pc - 1;
    const rules = this.cfi?.rulesAt(lookupPc);
    if (rules) {
      let cfa: number | undefined;
      if (rules.cfa.kind === 'register') {
        const base = frame.regs[rules.cfa.reg];
        cfa = base === undefined ? undefined : (base + rules.cfa.offset) >>> 0;
      } else {
        const loc = evaluateLocation(rules.cfa.expr, { reg: (n) => frame.regs[n], readU32 });
        cfa = loc?.kind === 'memory' ? loc.address : undefined;
      }
      if (cfa === undefined) return undefined;
      frame.cfa = cfa;
      const value = (reg: number): number | undefined => {
        const rule = rules.regs.get(reg);
        if (!rule || rule.kind === 'same') return reg === ESP ? cfa : frame.regs[reg];
        switch (rule.kind) {
          case 'undefined': return undefined;
          case 'offset': return readU32((cfa! + rule.offset) >>> 0);
          case 'val-offset': return (cfa! + rule.offset) >>> 0;
          case 'register': return frame.regs[rule.reg];
          case 'expression': {
            const loc = evaluateLocation(rule.expr, { reg: (n) => frame.regs[n], readU32, cfa });
            if (!loc) return undefined;
            if (loc.kind === 'value') return loc.value;
            if (loc.kind === 'memory') return rule.isValue ? loc.address : readU32(loc.address);
            return frame.regs[loc.reg];
          }
        }
      };
      const ra = value(rules.returnAddressRegister);
      if (ra === undefined) return undefined;
      const regs: Array<number | undefined> = [];
      for (let i = 0; i < 8; i++) regs.push(i === ESP ? cfa : value(i));
      return { pc: ra >>> 0, regs, cfa: undefined, how: 'cfi' };
    }
    const esp = frame.regs[ESP];
    const fn = this.functionAt(frame.pc);
    // At a function's first instruction (or in code we know nothing about, at the top frame) the return address
    // is on top of the stack: e.g. the syscall stub `int $0x30; ret`.
    if (esp !== undefined && isTop && (!fn || fn.low === frame.pc)) {
      const ra = readU32(esp);
      if (ra === undefined) return undefined;
      const regs = [...frame.regs];
      regs[ESP] = (esp + 4) >>> 0;
      frame.cfa = regs[ESP];
      return { pc: ra, regs, how: 'return-address' };
    }
    const ebp = frame.regs[EBP];
    if (ebp === undefined || ebp === 0) return undefined;
    const savedEbp = readU32(ebp);
    const ra = readU32((ebp + 4) >>> 0);
    if (savedEbp === undefined || ra === undefined) return undefined;
    const regs = [...frame.regs];
    regs[EBP] = savedEbp;
    regs[ESP] = (ebp + 8) >>> 0;
    frame.cfa = regs[ESP];
    return { pc: ra, regs, how: 'ebp-chain' };
  }
}
