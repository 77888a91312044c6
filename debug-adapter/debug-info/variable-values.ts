// C values from memory, formatted the way gdb prints them ("{x = 3, y = 4}", "120 'x'", "0x8049000").
import { attrBlock, attrNumber, attrString, Die } from './debug-info-entries';
import { DW_ATE, DW_AT, DW_OP, DW_TAG } from './dwarf-constants';
import { DwarfReader } from './dwarf-reader';

export type ReadMemory = (address: number, length: number) => Uint8Array | undefined;
export type DieLookup = (offset: number) => Die | undefined;

const MAX_ELEMENTS = 64;
const MAX_STRING = 200;

/** Follows typedefs and cv-qualifiers to the type that decides the representation. */
export function stripType(type: Die | undefined, lookup: DieLookup): Die | undefined {
  let t = type;
  for (let guard = 0; t && guard < 32; guard++) {
    if (t.tag !== DW_TAG.typedef && t.tag !== DW_TAG.const_type && t.tag !== DW_TAG.volatile_type && t.tag !== DW_TAG.restrict_type) return t;
    const ref = attrNumber(t, DW_AT.type);
    t = ref === undefined ? undefined : lookup(ref);
  }
  return t;
}

function target(t: Die, lookup: DieLookup): Die | undefined {
  const ref = attrNumber(t, DW_AT.type);
  return ref === undefined ? undefined : lookup(ref);
}

/** The C spelling of a type, e.g. "unsigned int", "struct point", "char *", "int [4]". */
export function typeName(type: Die | undefined, lookup: DieLookup): string {
  if (!type) return 'void';
  const name = attrString(type, DW_AT.name);
  switch (type.tag) {
    case DW_TAG.base_type: return name ?? '?';
    case DW_TAG.typedef: return name ?? '?';
    case DW_TAG.structure_type: return `struct ${name ?? '{...}'}`;
    case DW_TAG.union_type: return `union ${name ?? '{...}'}`;
    case DW_TAG.enumeration_type: return `enum ${name ?? '{...}'}`;
    case DW_TAG.pointer_type: return `${typeName(target(type, lookup), lookup)} *`;
    case DW_TAG.const_type: return `const ${typeName(target(type, lookup), lookup)}`;
    case DW_TAG.volatile_type: return `volatile ${typeName(target(type, lookup), lookup)}`;
    case DW_TAG.array_type: return `${typeName(target(type, lookup), lookup)} [${arrayCount(type) ?? ''}]`;
    default: return name ?? '?';
  }
}

export function typeSize(type: Die | undefined, lookup: DieLookup): number {
  const t = stripType(type, lookup);
  if (!t) return 0;
  if (t.tag === DW_TAG.pointer_type) return attrNumber(t, DW_AT.byte_size) ?? 4;
  if (t.tag === DW_TAG.array_type) return (arrayCount(t) ?? 0) * typeSize(target(t, lookup), lookup);
  return attrNumber(t, DW_AT.byte_size) ?? 0;
}

function arrayCount(array: Die): number | undefined {
  const sub = array.children.find((c) => c.tag === DW_TAG.subrange_type);
  if (!sub) return undefined;
  const count = attrNumber(sub, DW_AT.count);
  if (count !== undefined) return count;
  const ub = attrNumber(sub, DW_AT.upper_bound);
  return ub === undefined ? undefined : ub + 1;
}

function memberOffset(member: Die): number {
  const n = attrNumber(member, DW_AT.data_member_location);
  if (n !== undefined) return n;
  const block = attrBlock(member, DW_AT.data_member_location);
  if (block && block[0] === DW_OP.plus_uconst) return new DwarfReader(block, 1).uleb();
  return 0;
}

/** Members of a struct/union or elements of an array, as (name, type, address) for expandable views. */
export function childrenOf(type: Die | undefined, address: number, lookup: DieLookup): Array<{ name: string; type?: Die; address: number }> {
  const t = stripType(type, lookup);
  if (!t) return [];
  if (t.tag === DW_TAG.structure_type || t.tag === DW_TAG.union_type) {
    return t.children
      .filter((c) => c.tag === DW_TAG.member)
      .map((m) => ({ name: attrString(m, DW_AT.name) ?? '<anonymous>', type: target(m, lookup), address: (address + memberOffset(m)) >>> 0 }));
  }
  if (t.tag === DW_TAG.array_type) {
    const el = target(t, lookup);
    const size = typeSize(el, lookup);
    const n = Math.min(arrayCount(t) ?? 0, MAX_ELEMENTS);
    return Array.from({ length: n }, (_, i) => ({ name: `[${i}]`, type: el, address: (address + i * size) >>> 0 }));
  }
  return [];
}

export function isStructured(type: Die | undefined, lookup: DieLookup): boolean {
  const t = stripType(type, lookup);
  return !!t && (t.tag === DW_TAG.structure_type || t.tag === DW_TAG.union_type || t.tag === DW_TAG.array_type);
}

/** Formats the value of `type` stored at `address`. */
export function formatValue(type: Die | undefined, address: number, read: ReadMemory, lookup: DieLookup, depth = 0): string {
  const t = stripType(type, lookup);
  if (!t) return '<no type>';
  const size = typeSize(t, lookup);
  if (t.tag === DW_TAG.structure_type || t.tag === DW_TAG.union_type) {
    if (depth > 4) return '{...}';
    const parts = childrenOf(t, address, lookup).map((c) => `${c.name} = ${formatValue(c.type, c.address, read, lookup, depth + 1)}`);
    return `{${parts.join(', ')}}`;
  }
  if (t.tag === DW_TAG.array_type) {
    if (depth > 4) return '{...}';
    const el = stripType(target(t, lookup), lookup);
    if (el && el.tag === DW_TAG.base_type && isCharEncoding(attrNumber(el, DW_AT.encoding))) {
      const bytes = read(address, Math.min(size, MAX_STRING));
      if (!bytes) return '<unreadable>';
      return quoteString(bytes);
    }
    return `{${childrenOf(t, address, lookup).map((c) => formatValue(c.type, c.address, read, lookup, depth + 1)).join(', ')}}`;
  }
  const bytes = read(address, size);
  if (!bytes || bytes.length < size) return `<unreadable at 0x${address.toString(16)}>`;
  return formatScalar(t, bytes, read, lookup);
}

/** Formats a scalar whose bytes are already known (e.g. a register-held value). */
export function formatScalar(t: Die, bytes: Uint8Array, read: ReadMemory, lookup: DieLookup): string {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = bytes.length;
  if (t.tag === DW_TAG.pointer_type) {
    const p = v.getUint32(0, true);
    const pointee = stripType(target(t, lookup), lookup);
    const text = `0x${p.toString(16)}`;
    if (p !== 0 && pointee?.tag === DW_TAG.base_type && isCharEncoding(attrNumber(pointee, DW_AT.encoding))) {
      const s = readCString(p, read);
      if (s !== undefined) return `${text} ${quoteString(s)}`;
    }
    return text;
  }
  if (t.tag === DW_TAG.enumeration_type) {
    const n = readInt(v, size, true);
    const e = t.children.find((c) => c.tag === DW_TAG.enumerator && attrNumber(c, DW_AT.const_value) === n);
    return e ? attrString(e, DW_AT.name) ?? String(n) : String(n);
  }
  const enc = attrNumber(t, DW_AT.encoding);
  switch (enc) {
    case DW_ATE.float:
      return size === 4 ? String(v.getFloat32(0, true)) : size === 8 ? String(v.getFloat64(0, true)) : '<float>';
    case DW_ATE.boolean:
      return readInt(v, size, false) ? 'true' : 'false';
    case DW_ATE.signed_char:
    case DW_ATE.unsigned_char: {
      const n = readInt(v, size, enc === DW_ATE.signed_char);
      return `${n} ${quoteChar(Number(n) & 0xff)}`;
    }
    case DW_ATE.signed:
      return String(readInt(v, size, true));
    case DW_ATE.unsigned:
    case DW_ATE.address:
      return String(readInt(v, size, false));
    default:
      return `0x${Buffer.from(bytes).toString('hex')}`;
  }
}

function isCharEncoding(enc: number | undefined): boolean {
  return enc === DW_ATE.signed_char || enc === DW_ATE.unsigned_char;
}

function readInt(v: DataView, size: number, signed: boolean): number | bigint {
  switch (size) {
    case 1: return signed ? v.getInt8(0) : v.getUint8(0);
    case 2: return signed ? v.getInt16(0, true) : v.getUint16(0, true);
    case 4: return signed ? v.getInt32(0, true) : v.getUint32(0, true);
    case 8: return signed ? v.getBigInt64(0, true) : v.getBigUint64(0, true);
    default: return 0;
  }
}

function readCString(address: number, read: ReadMemory): Uint8Array | undefined {
  const out: number[] = [];
  for (let i = 0; i < MAX_STRING; i++) {
    const b = read((address + i) >>> 0, 1);
    if (!b) return out.length ? Uint8Array.from(out) : undefined;
    if (b[0] === 0) break;
    out.push(b[0]);
  }
  return Uint8Array.from(out);
}

const ESCAPES: Record<number, string> = { 0: '\\000', 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };

function escapeByte(b: number, quote: string): string {
  if (ESCAPES[b]) return ESCAPES[b];
  if (b === 0x5c) return '\\\\';
  if (String.fromCharCode(b) === quote) return `\\${quote}`;
  if (b < 0x20 || b >= 0x7f) return `\\${b.toString(8).padStart(3, '0')}`;
  return String.fromCharCode(b);
}

function quoteChar(b: number): string {
  return `'${escapeByte(b, "'")}'`;
}

function quoteString(bytes: Uint8Array): string {
  let end = bytes.indexOf(0);
  if (end < 0) end = bytes.length;
  let s = '';
  for (const b of bytes.subarray(0, end)) s += escapeByte(b, '"');
  return `"${s}"`;
}

/**
 * The number a scalar of type `type` holds in `bytes` (what conditions compare), or undefined for structures,
 * arrays and types without a numeric meaning. Pointers are their address, enums and booleans their integer.
 */
export function scalarNumber(type: Die | undefined, bytes: Uint8Array, lookup: DieLookup): number | undefined {
  const t = stripType(type, lookup);
  if (!t || bytes.length === 0) return undefined;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = bytes.length;
  if (t.tag === DW_TAG.pointer_type) return size >= 4 ? v.getUint32(0, true) : undefined;
  if (t.tag === DW_TAG.enumeration_type) return Number(readInt(v, size, true));
  if (t.tag !== DW_TAG.base_type) return undefined;
  switch (attrNumber(t, DW_AT.encoding)) {
    case DW_ATE.float:
      return size === 4 ? v.getFloat32(0, true) : size === 8 ? v.getFloat64(0, true) : undefined;
    case DW_ATE.boolean:
      return Number(readInt(v, size, false)) ? 1 : 0;
    case DW_ATE.signed_char:
    case DW_ATE.signed:
      return Number(readInt(v, size, true));
    case DW_ATE.unsigned_char:
    case DW_ATE.unsigned:
    case DW_ATE.address:
      return Number(readInt(v, size, false));
    default:
      return undefined;
  }
}
