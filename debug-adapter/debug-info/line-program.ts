// .debug_line: line-number programs of DWARF 2–5, run into a flat table of rows.
import { DW_LNCT, DW_LNE, DW_LNS } from './dwarf-constants';
import { FormContext, FormValue, readForm, StringSections } from './dwarf-form-value';
import { DwarfFormatError, DwarfReader } from './dwarf-reader';

export interface LineRow {
  address: number;
  /** Index into LineTable.files. */
  file: number;
  line: number;
  column: number;
  isStmt: boolean;
  /** The row ends a sequence: `address` is one past the last instruction. */
  endSequence: boolean;
}

export interface LineFile {
  /** The name as written in the table (may be relative). */
  name: string;
  /** The directory from the directory table (may be relative, or '' for none). */
  directory: string;
}

export interface LineTable {
  offset: number;
  version: number;
  /** Directory 0 (DWARF 5) — the compilation directory. */
  compDir?: string;
  files: LineFile[];
  rows: LineRow[];
}

/** Parses the line program at `offset` in .debug_line. `compDir` fills in directory 0 for DWARF < 5. */
export function parseLineProgram(section: Uint8Array, offset: number, strings: StringSections, compDir?: string): LineTable {
  const r = new DwarfReader(section, offset);
  const { end, is64 } = r.unitLength();
  const version = r.u16();
  if (version < 2 || version > 5) throw new DwarfFormatError(`unsupported .debug_line version ${version} at 0x${offset.toString(16)}`);
  let addressSize = 4;
  if (version >= 5) {
    addressSize = r.u8();
    r.u8(); // segment selector size
  }
  const headerLength = r.offset(is64);
  const programStart = r.pos + headerLength;
  const minInstLength = r.u8();
  if (version >= 4) r.u8(); // maximum operations per instruction: VLIW only, 1 on x86
  const defaultIsStmt = r.u8() !== 0;
  const lineBase = r.s8();
  const lineRange = r.u8();
  const opcodeBase = r.u8();
  const standardLengths: number[] = [0];
  for (let i = 1; i < opcodeBase; i++) standardLengths.push(r.u8());

  const ctx: FormContext = { is64, addressSize, version, unitOffset: 0, strings };
  const dirs: string[] = [];
  const files: LineFile[] = [];
  if (version >= 5) {
    const dirEntries = readEntryList(r, ctx);
    for (const e of dirEntries) dirs.push(entryString(e.get(DW_LNCT.path)) ?? '');
    for (const e of readEntryList(r, ctx)) {
      const dirIndex = entryNumber(e.get(DW_LNCT.directory_index)) ?? 0;
      files.push({ name: entryString(e.get(DW_LNCT.path)) ?? '', directory: dirs[dirIndex] ?? '' });
    }
  } else {
    dirs.push(compDir ?? '');
    for (;;) {
      const d = r.cstring();
      if (d === '') break;
      dirs.push(d);
    }
    // DWARF < 5 numbers files from 1: keep slot 0 as a placeholder so indices match the program's.
    files.push({ name: '', directory: '' });
    for (;;) {
      const name = r.cstring();
      if (name === '') break;
      const dirIndex = r.uleb();
      r.uleb(); // modification time
      r.uleb(); // length
      files.push({ name, directory: dirs[dirIndex] ?? '' });
    }
  }

  r.pos = programStart;
  const rows: LineRow[] = [];
  const fresh = () => ({ address: 0, file: 1, line: 1, column: 0, isStmt: defaultIsStmt });
  let s = fresh();
  const emit = (endSequence: boolean) => rows.push({ ...s, endSequence });
  while (r.pos < end) {
    const op = r.u8();
    if (op >= opcodeBase) {
      const adjusted = op - opcodeBase;
      s.address = (s.address + Math.floor(adjusted / lineRange) * minInstLength) >>> 0;
      s.line += lineBase + (adjusted % lineRange);
      emit(false);
      continue;
    }
    switch (op) {
      case 0: {
        const len = r.uleb();
        const next = r.pos + len;
        const sub = len > 0 ? r.u8() : 0;
        if (sub === DW_LNE.end_sequence) {
          emit(true);
          s = fresh();
        } else if (sub === DW_LNE.set_address) {
          s.address = r.unsigned(len - 1) >>> 0;
        } else if (sub === DW_LNE.define_file) {
          const name = r.cstring();
          const dirIndex = r.uleb();
          files.push({ name, directory: dirs[dirIndex] ?? '' });
        }
        r.pos = next; // skips set_discriminator and unknown extended opcodes
        break;
      }
      case DW_LNS.copy: emit(false); break;
      case DW_LNS.advance_pc: s.address = (s.address + r.uleb() * minInstLength) >>> 0; break;
      case DW_LNS.advance_line: s.line += r.sleb(); break;
      case DW_LNS.set_file: s.file = r.uleb(); break;
      case DW_LNS.set_column: s.column = r.uleb(); break;
      case DW_LNS.negate_stmt: s.isStmt = !s.isStmt; break;
      case DW_LNS.set_basic_block: break;
      case DW_LNS.const_add_pc: s.address = (s.address + Math.floor((255 - opcodeBase) / lineRange) * minInstLength) >>> 0; break;
      case DW_LNS.fixed_advance_pc: s.address = (s.address + r.u16()) >>> 0; break;
      case DW_LNS.set_prologue_end: case DW_LNS.set_epilogue_begin: break;
      case DW_LNS.set_isa: r.uleb(); break;
      default:
        // An opcode this version does not know: skip its ULEB operands as the header says.
        for (let i = 0; i < (standardLengths[op] ?? 0); i++) r.uleb();
    }
  }
  return { offset, version, compDir: version >= 5 ? dirs[0] : compDir, files, rows };
}

function readEntryList(r: DwarfReader, ctx: FormContext): Array<Map<number, FormValue>> {
  const formatCount = r.u8();
  const format: Array<[number, number]> = [];
  for (let i = 0; i < formatCount; i++) format.push([r.uleb(), r.uleb()]);
  const count = r.uleb();
  const out: Array<Map<number, FormValue>> = [];
  for (let i = 0; i < count; i++) {
    const m = new Map<number, FormValue>();
    for (const [type, form] of format) m.set(type, readForm(r, form, ctx));
    out.push(m);
  }
  return out;
}

function entryString(v: FormValue | undefined): string | undefined {
  return v?.kind === 'string' ? v.value : undefined;
}

function entryNumber(v: FormValue | undefined): number | undefined {
  return v?.kind === 'number' ? v.value : undefined;
}

