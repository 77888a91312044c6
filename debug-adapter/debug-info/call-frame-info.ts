// Call-frame information (.debug_frame, and .eh_frame when that is all there is): for a pc, how to find the
// canonical frame address (CFA) and where the caller's registers were saved.
import { DW_CFA } from './dwarf-constants';
import { DwarfFormatError, DwarfReader } from './dwarf-reader';

export type RegisterRule =
  | { kind: 'undefined' }
  | { kind: 'same' }
  | { kind: 'offset'; offset: number } // saved at CFA + offset
  | { kind: 'val-offset'; offset: number } // the value is CFA + offset
  | { kind: 'register'; reg: number }
  | { kind: 'expression'; expr: Uint8Array; isValue: boolean };

export type CfaRule = { kind: 'register'; reg: number; offset: number } | { kind: 'expression'; expr: Uint8Array };

export interface FrameRules {
  cfa: CfaRule;
  regs: Map<number, RegisterRule>;
  returnAddressRegister: number;
}

interface Cie {
  codeAlign: number;
  dataAlign: number;
  returnAddressRegister: number;
  initialInstructions: Uint8Array;
  pointerEncoding: number;
  isEh: boolean;
}

interface Fde {
  cie: Cie;
  start: number;
  end: number;
  instructions: Uint8Array;
}

const DW_EH_PE_omit = 0xff;

export class CallFrameInfo {
  private constructor(private readonly fdes: Fde[]) {}

  get size(): number {
    return this.fdes.length;
  }

  /** Parses .debug_frame (isEh false) or .eh_frame (isEh true; sectionAddress needed for pc-relative pointers). */
  static parse(section: Uint8Array, isEh: boolean, sectionAddress = 0): CallFrameInfo {
    const r = new DwarfReader(section);
    const cies = new Map<number, Cie>();
    const fdes: Fde[] = [];
    const readCie = (offset: number): Cie => {
      const cached = cies.get(offset);
      if (cached) return cached;
      const cr = new DwarfReader(section, offset);
      const { end, is64 } = cr.unitLength();
      cr.offset(is64); // CIE id
      const version = cr.u8();
      const augmentation = cr.cstring();
      if (version >= 4) {
        cr.u8(); // address size
        cr.u8(); // segment selector size
      }
      const codeAlign = cr.uleb();
      const dataAlign = cr.sleb();
      const returnAddressRegister = version === 1 ? cr.u8() : cr.uleb();
      let pointerEncoding = 0;
      if (augmentation.startsWith('z')) {
        const augLen = cr.uleb();
        const augEnd = cr.pos + augLen;
        for (const ch of augmentation.slice(1)) {
          if (ch === 'R') pointerEncoding = cr.u8();
          else if (ch === 'L') cr.u8();
          else if (ch === 'P') readEncoded(cr, cr.u8(), sectionAddress);
          else if (ch === 'S' || ch === 'B') continue;
          else break;
        }
        cr.pos = augEnd;
      } else if (augmentation !== '') {
        throw new DwarfFormatError(`unsupported CIE augmentation "${augmentation}"`);
      }
      const cie: Cie = { codeAlign, dataAlign, returnAddressRegister, initialInstructions: section.subarray(cr.pos, end), pointerEncoding, isEh };
      cies.set(offset, cie);
      return cie;
    };
    while (r.pos < section.length) {
      const entryOffset = r.pos;
      const { end, is64 } = r.unitLength();
      if (end === entryOffset + 4 && isEh) break; // zero terminator of .eh_frame
      const idPos = r.pos;
      const id = r.offset(is64);
      const isCie = isEh ? id === 0 : id === (is64 ? 0xffffffffffffffff : 0xffffffff);
      if (!isCie) {
        const cieOffset = isEh ? idPos - id : id;
        const cie = readCie(cieOffset);
        let start: number;
        let range: number;
        if (isEh) {
          start = readEncoded(r, cie.pointerEncoding, sectionAddress);
          range = readEncoded(r, cie.pointerEncoding & 0x0f, sectionAddress);
          if (r.pos < end) {
            // 'z' augmentation data of the FDE (LSDA pointer): skip it
            const augLen = r.uleb();
            r.skip(augLen);
          }
        } else {
          start = r.u32();
          range = r.u32();
        }
        fdes.push({ cie, start: start >>> 0, end: (start + range) >>> 0, instructions: section.subarray(r.pos, end) });
      }
      r.pos = end;
    }
    fdes.sort((a, b) => a.start - b.start);
    return new CallFrameInfo(fdes);
  }

  /** The unwinding rules in effect at `pc`, or undefined when no FDE covers it. */
  rulesAt(pc: number): FrameRules | undefined {
    const fde = this.fdes.find((f) => pc >= f.start && pc < f.end);
    if (!fde) return undefined;
    const state: FrameRules = { cfa: { kind: 'register', reg: 4, offset: 4 }, regs: new Map(), returnAddressRegister: fde.cie.returnAddressRegister };
    const initial = new Map<number, RegisterRule>();
    runCfa(fde.cie.initialInstructions, fde.cie, state, Infinity, fde.start, initial);
    for (const [k, v] of state.regs) initial.set(k, v);
    runCfa(fde.instructions, fde.cie, state, pc, fde.start, initial);
    return state;
  }
}

function readEncoded(r: DwarfReader, enc: number, sectionAddress: number): number {
  if (enc === DW_EH_PE_omit) return 0;
  const pos = r.pos;
  let v: number;
  switch (enc & 0x0f) {
    case 0x00: v = r.u32(); break; // absptr on a 32-bit target
    case 0x01: v = r.uleb(); break;
    case 0x02: v = r.u16(); break;
    case 0x03: v = r.u32(); break;
    case 0x04: v = r.u64(); break;
    case 0x09: v = r.sleb(); break;
    case 0x0a: v = (r.u16() << 16) >> 16; break;
    case 0x0b: v = r.s32(); break;
    case 0x0c: v = r.u64(); break;
    default: throw new DwarfFormatError(`unsupported pointer encoding 0x${enc.toString(16)}`);
  }
  if ((enc & 0x70) === 0x10) v += sectionAddress + pos; // pc-relative
  return v >>> 0;
}

/** Runs CFA instructions until the location passes `pc`. */
function runCfa(code: Uint8Array, cie: Cie, state: FrameRules, pc: number, start: number, initial: Map<number, RegisterRule>): void {
  const r = new DwarfReader(code);
  let loc = start;
  const saved: Array<{ cfa: CfaRule; regs: Map<number, RegisterRule> }> = [];
  const advance = (delta: number): boolean => {
    loc += delta * cie.codeAlign;
    return loc > pc;
  };
  while (r.pos < code.length) {
    const op = r.u8();
    const high = op & 0xc0;
    const low = op & 0x3f;
    if (high === DW_CFA.advance_loc) {
      if (advance(low)) return;
      continue;
    }
    if (high === DW_CFA.offset) {
      state.regs.set(low, { kind: 'offset', offset: r.uleb() * cie.dataAlign });
      continue;
    }
    if (high === DW_CFA.restore) {
      restore(state, initial, low);
      continue;
    }
    switch (op) {
      case DW_CFA.nop: break;
      case DW_CFA.set_loc: loc = r.u32(); if (loc > pc) return; break;
      case DW_CFA.advance_loc1: if (advance(r.u8())) return; break;
      case DW_CFA.advance_loc2: if (advance(r.u16())) return; break;
      case DW_CFA.advance_loc4: if (advance(r.u32())) return; break;
      case DW_CFA.offset_extended: { const reg = r.uleb(); state.regs.set(reg, { kind: 'offset', offset: r.uleb() * cie.dataAlign }); break; }
      case DW_CFA.offset_extended_sf: { const reg = r.uleb(); state.regs.set(reg, { kind: 'offset', offset: r.sleb() * cie.dataAlign }); break; }
      case DW_CFA.val_offset: { const reg = r.uleb(); state.regs.set(reg, { kind: 'val-offset', offset: r.uleb() * cie.dataAlign }); break; }
      case DW_CFA.val_offset_sf: { const reg = r.uleb(); state.regs.set(reg, { kind: 'val-offset', offset: r.sleb() * cie.dataAlign }); break; }
      case DW_CFA.restore_extended: restore(state, initial, r.uleb()); break;
      case DW_CFA.undefined: state.regs.set(r.uleb(), { kind: 'undefined' }); break;
      case DW_CFA.same_value: state.regs.set(r.uleb(), { kind: 'same' }); break;
      case DW_CFA.register: { const reg = r.uleb(); state.regs.set(reg, { kind: 'register', reg: r.uleb() }); break; }
      case DW_CFA.remember_state: saved.push({ cfa: { ...state.cfa }, regs: new Map(state.regs) }); break;
      case DW_CFA.restore_state: {
        const s = saved.pop();
        if (s) {
          state.cfa = s.cfa;
          state.regs = s.regs;
        }
        break;
      }
      case DW_CFA.def_cfa: state.cfa = { kind: 'register', reg: r.uleb(), offset: r.uleb() }; break;
      case DW_CFA.def_cfa_sf: state.cfa = { kind: 'register', reg: r.uleb(), offset: r.sleb() * cie.dataAlign }; break;
      case DW_CFA.def_cfa_register: state.cfa = { kind: 'register', reg: r.uleb(), offset: state.cfa.kind === 'register' ? state.cfa.offset : 0 }; break;
      case DW_CFA.def_cfa_offset: if (state.cfa.kind === 'register') state.cfa.offset = r.uleb(); else r.uleb(); break;
      case DW_CFA.def_cfa_offset_sf: if (state.cfa.kind === 'register') state.cfa.offset = r.sleb() * cie.dataAlign; else r.sleb(); break;
      case DW_CFA.def_cfa_expression: state.cfa = { kind: 'expression', expr: r.bytesOf(r.uleb()) }; break;
      case DW_CFA.expression: { const reg = r.uleb(); state.regs.set(reg, { kind: 'expression', expr: r.bytesOf(r.uleb()), isValue: false }); break; }
      case DW_CFA.val_expression: { const reg = r.uleb(); state.regs.set(reg, { kind: 'expression', expr: r.bytesOf(r.uleb()), isValue: true }); break; }
      case DW_CFA.GNU_args_size: r.uleb(); break;
      default: throw new DwarfFormatError(`unknown CFA instruction 0x${op.toString(16)}`);
    }
  }
}

function restore(state: FrameRules, initial: Map<number, RegisterRule>, reg: number): void {
  const rule = initial.get(reg);
  if (rule) state.regs.set(reg, rule);
  else state.regs.delete(reg);
}
