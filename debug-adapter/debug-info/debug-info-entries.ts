// .debug_abbrev + .debug_info: the tree of debugging information entries (DIEs) of every unit.
import { DW_AT } from './dwarf-constants';
import { FormContext, FormValue, readForm, StringSections } from './dwarf-form-value';
import { DwarfFormatError, DwarfReader } from './dwarf-reader';

interface Abbrev {
  tag: number;
  hasChildren: boolean;
  attrs: Array<{ at: number; form: number; implicitConst?: number }>;
}

export interface Die {
  offset: number;
  tag: number;
  attrs: Map<number, FormValue>;
  children: Die[];
  parent?: Die;
}

export interface Unit {
  offset: number;
  version: number;
  addressSize: number;
  is64: boolean;
  root: Die;
}

function parseAbbrevTable(section: Uint8Array, offset: number): Map<number, Abbrev> {
  const r = new DwarfReader(section, offset);
  const table = new Map<number, Abbrev>();
  for (;;) {
    const code = r.uleb();
    if (code === 0) return table;
    const tag = r.uleb();
    const hasChildren = r.u8() !== 0;
    const attrs: Abbrev['attrs'] = [];
    for (;;) {
      const at = r.uleb();
      const form = r.uleb();
      if (at === 0 && form === 0) break;
      // DW_FORM_implicit_const keeps its value in the abbreviation itself.
      attrs.push(form === 0x21 ? { at, form, implicitConst: r.sleb() } : { at, form });
    }
    table.set(code, { tag, hasChildren, attrs });
  }
}

/** Parses every unit of .debug_info into DIE trees. Returns the units and an index of DIEs by offset. */
export function parseDebugInfo(info: Uint8Array, abbrev: Uint8Array, strings: StringSections): { units: Unit[]; byOffset: Map<number, Die> } {
  const steps = parseDebugInfoSteps(info, abbrev, strings);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** parseDebugInfo as a job its caller drives, one unit per `next()` (a large image reads in pieces). */
export function* parseDebugInfoSteps(info: Uint8Array, abbrev: Uint8Array, strings: StringSections): Generator<void, { units: Unit[]; byOffset: Map<number, Die> }, void> {
  const units: Unit[] = [];
  const byOffset = new Map<number, Die>();
  const abbrevCache = new Map<number, Map<number, Abbrev>>();
  const r = new DwarfReader(info);
  while (r.pos < info.length) {
    // (The unit's loops are in a plain function: V8 optimises those, not a loop in a generator that runs once.)
    const unit = parseUnit(r, abbrev, strings, abbrevCache, byOffset);
    if (unit) units.push(unit);
    if (r.pos < info.length) yield;
  }
  return { units, byOffset };
}

/** Parses the unit at `r` (leaving `r` after it), indexing its DIEs in `byOffset`. */
function parseUnit(r: DwarfReader, abbrev: Uint8Array, strings: StringSections, abbrevCache: Map<number, Map<number, Abbrev>>, byOffset: Map<number, Die>): Unit | undefined {
  const unitOffset = r.pos;
  const { end, is64 } = r.unitLength();
  const version = r.u16();
  let addressSize: number;
  let abbrevOffset: number;
  if (version >= 5) {
    const unitType = r.u8();
    addressSize = r.u8();
    abbrevOffset = r.offset(is64);
    if (unitType === 2 || unitType === 6) r.skip(8 + (is64 ? 8 : 4)); // type units: signature + type offset
    else if (unitType === 4 || unitType === 5) r.skip(8); // skeleton / split units: dwo id
  } else if (version >= 2) {
    abbrevOffset = r.offset(is64);
    addressSize = r.u8();
  } else {
    throw new DwarfFormatError(`unsupported .debug_info version ${version} at 0x${unitOffset.toString(16)}`);
  }
  let abbrevs = abbrevCache.get(abbrevOffset);
  if (!abbrevs) {
    abbrevs = parseAbbrevTable(abbrev, abbrevOffset);
    abbrevCache.set(abbrevOffset, abbrevs);
  }
  const ctx: FormContext = { is64, addressSize, version, unitOffset, strings };
  const stack: Die[] = [];
  let root: Die | undefined;
  while (r.pos < end) {
    const dieOffset = r.pos;
    const code = r.uleb();
    if (code === 0) {
      stack.pop();
      continue;
    }
    const ab = abbrevs.get(code);
    if (!ab) throw new DwarfFormatError(`unknown abbreviation ${code} at .debug_info 0x${dieOffset.toString(16)}`);
    const attrs = new Map<number, FormValue>();
    for (const a of ab.attrs) {
      ctx.implicitConst = a.implicitConst;
      attrs.set(a.at, readForm(r, a.form, ctx));
      if (a.at === DW_AT.str_offsets_base) {
        const v = attrs.get(a.at);
        if (v?.kind === 'number') ctx.strOffsetsBase = v.value;
      }
    }
    const parent = stack[stack.length - 1];
    const die: Die = { offset: dieOffset, tag: ab.tag, attrs, children: [], parent };
    byOffset.set(dieOffset, die);
    if (parent) parent.children.push(die);
    else if (!root) root = die;
    if (ab.hasChildren) stack.push(die);
    if (!root) root = die;
    if (stack.length === 0 && root && !ab.hasChildren) break;
  }
  r.pos = end;
  return root ? { offset: unitOffset, version, addressSize, is64, root } : undefined;
}

export function attrNumber(die: Die, at: number): number | undefined {
  const v = die.attrs.get(at);
  return v?.kind === 'number' || v?.kind === 'ref' ? v.value : undefined;
}

export function attrString(die: Die, at: number): string | undefined {
  const v = die.attrs.get(at);
  return v?.kind === 'string' ? v.value : undefined;
}

export function attrBlock(die: Die, at: number): Uint8Array | undefined {
  const v = die.attrs.get(at);
  return v?.kind === 'block' ? v.value : undefined;
}

/** [low, high) of a DIE with DW_AT_low_pc/high_pc (high_pc as an address or, from DWARF 4, as a length). */
export function pcRange(die: Die): { low: number; high: number } | undefined {
  const lowV = die.attrs.get(DW_AT.low_pc);
  const highV = die.attrs.get(DW_AT.high_pc);
  if (lowV?.kind !== 'number' || highV?.kind !== 'number') return undefined;
  const low = lowV.value >>> 0;
  const high = highV.form === 0x01 /* DW_FORM_addr */ ? highV.value >>> 0 : (low + highV.value) >>> 0;
  return { low, high };
}
