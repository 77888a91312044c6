// Decoding one attribute value of a given DW_FORM, shared by .debug_info and the DWARF 5 line-table header.
import { DW_FORM } from './dwarf-constants';
import { DwarfFormatError, DwarfReader, stringAt } from './dwarf-reader';

/** The string sections a form may refer to. */
export interface StringSections {
  str?: Uint8Array;
  lineStr?: Uint8Array;
  strOffsets?: Uint8Array;
}

/** A decoded attribute value: a number, a string, a byte block (exprloc/blocks/data16) or a reference. */
export type FormValue =
  | { kind: 'number'; value: number; form: number }
  | { kind: 'string'; value: string }
  | { kind: 'block'; value: Uint8Array }
  | { kind: 'ref'; value: number /* offset inside .debug_info */ }
  | { kind: 'flag'; value: boolean };

export interface FormContext {
  is64: boolean;
  addressSize: number;
  version: number;
  /** Offset of the unit header inside .debug_info, for unit-relative references. */
  unitOffset: number;
  strings: StringSections;
  strOffsetsBase?: number;
  implicitConst?: number;
}

export function readForm(r: DwarfReader, form: number, ctx: FormContext): FormValue {
  switch (form) {
    case DW_FORM.addr: return { kind: 'number', value: r.unsigned(ctx.addressSize), form };
    case DW_FORM.data1: return { kind: 'number', value: r.u8(), form };
    case DW_FORM.data2: return { kind: 'number', value: r.u16(), form };
    case DW_FORM.data4: return { kind: 'number', value: r.u32(), form };
    case DW_FORM.data8: return { kind: 'number', value: r.u64(), form };
    case DW_FORM.data16: return { kind: 'block', value: r.bytesOf(16) };
    case DW_FORM.sdata: return { kind: 'number', value: r.sleb(), form };
    case DW_FORM.udata: return { kind: 'number', value: r.uleb(), form };
    case DW_FORM.implicit_const: return { kind: 'number', value: ctx.implicitConst ?? 0, form };
    case DW_FORM.string: return { kind: 'string', value: r.cstring() };
    case DW_FORM.strp: return { kind: 'string', value: stringAt(ctx.strings.str, r.offset(ctx.is64), '.debug_str') };
    case DW_FORM.line_strp: return { kind: 'string', value: stringAt(ctx.strings.lineStr, r.offset(ctx.is64), '.debug_line_str') };
    case DW_FORM.strp_sup: r.offset(ctx.is64); return { kind: 'string', value: '<sup>' };
    case DW_FORM.strx: return strx(r.uleb(), ctx);
    case DW_FORM.strx1: return strx(r.u8(), ctx);
    case DW_FORM.strx2: return strx(r.u16(), ctx);
    case DW_FORM.strx3: { const lo = r.u16(); return strx(lo + r.u8() * 0x10000, ctx); }
    case DW_FORM.strx4: return strx(r.u32(), ctx);
    case DW_FORM.flag: return { kind: 'flag', value: r.u8() !== 0 };
    case DW_FORM.flag_present: return { kind: 'flag', value: true };
    case DW_FORM.ref1: return { kind: 'ref', value: ctx.unitOffset + r.u8() };
    case DW_FORM.ref2: return { kind: 'ref', value: ctx.unitOffset + r.u16() };
    case DW_FORM.ref4: return { kind: 'ref', value: ctx.unitOffset + r.u32() };
    case DW_FORM.ref8: return { kind: 'ref', value: ctx.unitOffset + r.u64() };
    case DW_FORM.ref_udata: return { kind: 'ref', value: ctx.unitOffset + r.uleb() };
    // DWARF 2 encoded ref_addr with the address size; later versions with the offset size.
    case DW_FORM.ref_addr: return { kind: 'ref', value: ctx.version <= 2 ? r.unsigned(ctx.addressSize) : r.offset(ctx.is64) };
    case DW_FORM.ref_sig8: r.skip(8); return { kind: 'number', value: 0, form };
    case DW_FORM.ref_sup4: return { kind: 'number', value: r.u32(), form };
    case DW_FORM.ref_sup8: return { kind: 'number', value: r.u64(), form };
    case DW_FORM.sec_offset: return { kind: 'number', value: r.offset(ctx.is64), form };
    case DW_FORM.exprloc:
    case DW_FORM.block: return { kind: 'block', value: r.bytesOf(r.uleb()) };
    case DW_FORM.block1: return { kind: 'block', value: r.bytesOf(r.u8()) };
    case DW_FORM.block2: return { kind: 'block', value: r.bytesOf(r.u16()) };
    case DW_FORM.block4: return { kind: 'block', value: r.bytesOf(r.u32()) };
    // Indexed addresses need .debug_addr (split DWARF); we keep the index, which callers treat as unknown.
    case DW_FORM.addrx: case DW_FORM.loclistx: case DW_FORM.rnglistx: return { kind: 'number', value: r.uleb(), form };
    case DW_FORM.addrx1: return { kind: 'number', value: r.u8(), form };
    case DW_FORM.addrx2: return { kind: 'number', value: r.u16(), form };
    case DW_FORM.addrx3: { const lo = r.u16(); return { kind: 'number', value: lo + r.u8() * 0x10000, form }; }
    case DW_FORM.addrx4: return { kind: 'number', value: r.u32(), form };
    case DW_FORM.indirect: return readForm(r, r.uleb(), ctx);
    default: throw new DwarfFormatError(`unknown DW_FORM 0x${form.toString(16)} at offset 0x${(r.pos - 1).toString(16)}`);
  }
}

function strx(index: number, ctx: FormContext): FormValue {
  const so = ctx.strings.strOffsets;
  if (!so || ctx.strOffsetsBase === undefined) return { kind: 'string', value: `<strx ${index}>` };
  const r = new DwarfReader(so, ctx.strOffsetsBase + index * (ctx.is64 ? 8 : 4));
  return { kind: 'string', value: stringAt(ctx.strings.str, r.offset(ctx.is64), '.debug_str') };
}

export function formNumber(v: FormValue | undefined): number | undefined {
  return v?.kind === 'number' || v?.kind === 'ref' ? v.value : undefined;
}

export function formString(v: FormValue | undefined): string | undefined {
  return v?.kind === 'string' ? v.value : undefined;
}
