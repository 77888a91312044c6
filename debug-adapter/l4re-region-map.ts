// The region map of our user-level l4re (servers/pkg/l4re/server/src/region_map.c), read straight from the
// memory of the program's task: l4re runs there as the program's region manager, and its tables `regions`
// and `areas` say which dataspace is attached where. The layouts below are a contract with that C file (see
// the comment there); test/debug-adapter/l4re-region-map.test.ts checks them against l4re's DWARF. An image
// without these symbols (the real L4Re's stripped l4re) gives no region map. Pure: reads, changes nothing.
import type { ElfFile, ElfSymbol } from '../emulator/elf/elf-file';
import type { Task } from '../emulator/kernel/task';
import { Machine } from '../emulator/machine';

/** struct region (l4re.h), ia32: byte offsets of its fields and its size. */
export const REGION_LAYOUT = { start: 0, end: 4, flags: 8, ds: 12, client_cap: 16, offset: 20, size: 24 } as const;
/** struct table (region_map.c), ia32. */
export const TABLE_LAYOUT = { r: 0, n: 4, max: 8, size: 12 } as const;
/** Where the symbols are defined: file-local statics, told apart from same-named ones by their file. */
export const REGION_MAP_FILE = 'region_map.c';
export const APP_STACK_FILE = 'app_stack.c';

/** RM_* bits a region keeps (l4re.h, as L4Re::Rm): the rights (DS_R 4, DS_W 2, DS_X 1) and "paged by". */
export const RM_RIGHTS = 7;
export const RM_PAGER = 0x400;
const DS_R = 4, DS_W = 2, DS_X = 1;

/** No table holds more than this (region_map.c: 128 regions, 32 areas): a bigger count is not a table. */
const MAX_ENTRIES = 4096;

export interface L4ReRegion {
  start: number;
  /** Exclusive (the C table keeps it inclusive). */
  end: number;
  flags: number;
  /** Capability selectors in the task: the dataspace (or, with RM_PAGER, the pager) and the client's name for it. */
  ds: number;
  clientCap: number;
  offset: number;
}

export interface L4ReRegionMap {
  /** The image the tables were found in (l4re's). */
  image: ElfFile;
  regions: L4ReRegion[];
  /** Reserved ranges; undefined when that table could not be read. */
  areas?: L4ReRegion[];
  /** Start of the region l4re built as the program's initial stack (app_stack.c), when known. */
  stackStart?: number;
}

/** `rwx` letters of a region's rights bits. */
export function regionProt(flags: number): string {
  return (flags & DS_R ? 'r' : '-') + (flags & DS_W ? 'w' : '-') + (flags & DS_X ? 'x' : '-');
}

/**
 * The object symbol `name` defined in source file `file`: the local symbols of a file follow its FILE symbol
 * in .symtab, so another file's static of the same name (or a program's global) is never taken for it.
 */
export function fileStaticSymbol(elf: ElfFile, file: string, name: string): ElfSymbol | undefined {
  let inFile = false;
  for (const s of elf.symbols()) {
    if (s.type === 'file') inFile = s.name === file;
    else if (inFile && s.name === name && s.type === 'object') return s;
  }
  return undefined;
}

/** A table's entries, or undefined when any part of it is unmapped or it does not look like a table. */
function readTable(task: Task, at: number): L4ReRegion[] | undefined {
  const header = Machine.readMemory(task, at, TABLE_LAYOUT.size);
  if (!header) return undefined;
  const h = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const base = h.getUint32(TABLE_LAYOUT.r, true);
  const n = h.getUint32(TABLE_LAYOUT.n, true);
  const max = h.getUint32(TABLE_LAYOUT.max, true);
  if (n > max || max > MAX_ENTRIES) return undefined;
  if (n === 0) return [];
  const bytes = Machine.readMemory(task, base, n * REGION_LAYOUT.size);
  if (!bytes) return undefined;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: L4ReRegion[] = [];
  for (let i = 0; i < n; i++) {
    const o = i * REGION_LAYOUT.size;
    const start = v.getUint32(o + REGION_LAYOUT.start, true);
    const end = v.getUint32(o + REGION_LAYOUT.end, true);
    if (end < start) return undefined;
    out.push({
      start,
      end: end + 1,
      flags: v.getUint32(o + REGION_LAYOUT.flags, true),
      ds: v.getUint32(o + REGION_LAYOUT.ds, true),
      clientCap: v.getUint32(o + REGION_LAYOUT.client_cap, true),
      offset: v.getUint32(o + REGION_LAYOUT.offset, true),
    });
  }
  return out;
}

/** The region map l4re keeps in `task`, from the first of its images that defines the tables. */
export function readL4ReRegionMap(task: Task): L4ReRegionMap | undefined {
  const images = [...task.images.map((i) => i.elf), ...(task.image ? [task.image.elf] : [])];
  for (const image of new Set(images)) {
    const regionsSym = fileStaticSymbol(image, REGION_MAP_FILE, 'regions');
    if (!regionsSym) continue;
    // l4re's data pages not (yet) mapped: there is nothing to read, and reading must not fault them in.
    const regions = readTable(task, regionsSym.value);
    if (!regions) return undefined;
    const areasSym = fileStaticSymbol(image, REGION_MAP_FILE, 'areas');
    const areas = areasSym ? readTable(task, areasSym.value) : undefined;
    const stackSym = fileStaticSymbol(image, APP_STACK_FILE, 'app_stack_start');
    const stackStart = stackSym ? Machine.readU32(task, stackSym.value) : undefined;
    return { image, regions, areas, stackStart: stackStart || undefined };
  }
  return undefined;
}
