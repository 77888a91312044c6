// DebugInfo: one ELF image's source lines, functions, variables and unwinding rules, with paths made absolute.
import * as path from 'path';
import { SDK_DEBUG_PREFIX, sdkRoot } from '../../sdk/builder';
import { CallFrameInfo } from './call-frame-info';
import { attrBlock, attrNumber, attrString, Die, parseDebugInfoSteps, pcRange } from './debug-info-entries';
import { DW_AT, DW_TAG } from './dwarf-constants';
import { StringSections } from './dwarf-form-value';
import { DwarfReader } from './dwarf-reader';
import { ElfImage, sectionAddress } from './elf-image';
import { LineTable, parseLineProgram } from './line-program';
import { StackFrameInfo, Unwinder } from './unwinder';

export interface SourceLocation {
  /** Absolute path of the source file. */
  file: string;
  line: number;
  column: number;
}

export interface FunctionInfo {
  name: string;
  low: number;
  /** One past the last byte. */
  high: number;
  /** The subprogram entry, when DWARF describes the function (else it comes from the symbol table). */
  die?: Die;
  file?: string;
  line?: number;
}

export interface VariableInfo {
  name: string;
  isParameter: boolean;
  die: Die;
  /** The DIE of its type, if any. */
  type?: Die;
  location?: Uint8Array;
}

/** A maximal address range [start, end) that maps to one line-table row. */
interface LineRange {
  start: number;
  end: number;
  file: string;
  line: number;
  column: number;
  isStmt: boolean;
}

export class DebugInfo {
  readonly functions: FunctionInfo[] = [];
  readonly lineTables: LineTable[] = [];
  /** Sorted by start address. */
  private readonly ranges: LineRange[] = [];
  /** Statement rows per absolute file: line → addresses (first address of each row block). */
  private readonly stmtRows = new Map<string, Array<{ line: number; address: number }>>();
  private readonly dies = new Map<number, Die>();
  // Set by build (a DebugInfo is only handed out once built).
  unwinder!: Unwinder;
  readonly warnings: string[] = [];

  private constructor(readonly workspaceRoot: string) {}

  /** Reads everything from `elf`, yielding between units, line tables and sections (loadSteps). */
  private *build(elf: ElfImage): Generator<void, void, void> {
    const workspaceRoot = this.workspaceRoot;
    const data = (name: string): Uint8Array | undefined => {
      const s = elf.section(name);
      return s === undefined ? undefined : elf.sectionData(s);
    };
    const strings: StringSections = { str: data('.debug_str'), lineStr: data('.debug_line_str'), strOffsets: data('.debug_str_offsets') };
    const info = data('.debug_info');
    const abbrev = data('.debug_abbrev');
    const line = data('.debug_line');
    const lineOffsetsSeen = new Set<number>();
    if (info && abbrev) {
      try {
        const { units, byOffset } = yield* parseDebugInfoSteps(info, abbrev, strings);
        yield;
        for (const [k, v] of byOffset) this.dies.set(k, v);
        for (const unit of units) {
          const cu = unit.root;
          if (cu.tag !== DW_TAG.compile_unit && cu.tag !== DW_TAG.partial_unit) continue;
          const compDir = this.absoluteDir(attrString(cu, DW_AT.comp_dir) ?? '.');
          const stmtList = attrNumber(cu, DW_AT.stmt_list);
          if (line && stmtList !== undefined && !lineOffsetsSeen.has(stmtList)) {
            lineOffsetsSeen.add(stmtList);
            this.addLineTable(line, stmtList, strings, compDir);
          }
          this.collectFunctions(cu, compDir);
          yield;
        }
      } catch (e) {
        this.warnings.push(`.debug_info: ${(e as Error).message}`);
      }
    }
    // Line programs without a unit that points at them (e.g. assembler files with only .debug_line).
    if (line) {
      try {
        const r = new DwarfReader(line);
        while (r.pos < line.length) {
          const start = r.pos;
          const { end } = r.unitLength();
          if (!lineOffsetsSeen.has(start)) {
            lineOffsetsSeen.add(start);
            this.addLineTable(line, start, strings, workspaceRoot);
            yield;
          }
          r.pos = end;
        }
      } catch (e) {
        this.warnings.push(`.debug_line: ${(e as Error).message}`);
      }
    }
    this.ranges.sort((a, b) => a.start - b.start);
    for (const rows of this.stmtRows.values()) rows.sort((a, b) => a.line - b.line || a.address - b.address);

    // Functions the DWARF does not describe (SDK runtime without -g, assembler stubs) come from the symbol table.
    const known = new Set(this.functions.map((f) => f.low));
    for (const s of elf.symbols()) {
      if (s.type === 'func' && s.name && !known.has(s.value >>> 0)) {
        this.functions.push({ name: s.name, low: s.value >>> 0, high: (s.value + Math.max(s.size, 1)) >>> 0 });
        known.add(s.value >>> 0);
      }
    }
    this.functions.sort((a, b) => a.low - b.low);
    yield;

    let cfi: CallFrameInfo | undefined;
    const debugFrame = data('.debug_frame');
    const ehSec = elf.section('.eh_frame');
    try {
      if (debugFrame) cfi = CallFrameInfo.parse(debugFrame, false);
      else if (ehSec !== undefined) cfi = CallFrameInfo.parse(elf.sectionData(ehSec), true, sectionAddress(ehSec));
    } catch (e) {
      this.warnings.push(`call frame information: ${(e as Error).message}`);
    }
    this.unwinder = new Unwinder(cfi, (pc) => this.functionAt(pc));
  }

  /**
   * Reads the debug information of an ELF image; relative paths resolve against `workspaceRoot`, and the SDK's
   * own sources (compiled as /fiasco-sdk/...) against this installation's sdk/ folder.
   */
  static load(elf: ElfImage, workspaceRoot: string): DebugInfo {
    const steps = DebugInfo.loadSteps(elf, workspaceRoot);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  }

  /** load as a job its caller drives, a unit or a line table per `next()`: the result is the same. */
  static *loadSteps(elf: ElfImage, workspaceRoot: string): Generator<void, DebugInfo, void> {
    const info = new DebugInfo(path.resolve(workspaceRoot));
    yield* info.build(elf);
    return info;
  }

  private absoluteDir(dir: string): string {
    return path.isAbsolute(dir) ? path.normalize(dir) : path.resolve(this.workspaceRoot, dir);
  }

  private addLineTable(section: Uint8Array, offset: number, strings: StringSections, compDir: string): void {
    let table: LineTable;
    try {
      table = parseLineProgram(section, offset, strings, compDir);
    } catch (e) {
      this.warnings.push(`.debug_line at 0x${offset.toString(16)}: ${(e as Error).message}`);
      return;
    }
    this.lineTables.push(table);
    const base = table.compDir !== undefined ? this.absoluteDir(table.compDir) : compDir;
    const paths = table.files.map((f) => {
      if (!f.name) return '';
      if (path.isAbsolute(f.name)) return mapSdkPath(path.normalize(f.name));
      const dir = f.directory === '' ? base : path.isAbsolute(f.directory) ? f.directory : path.resolve(base, f.directory);
      return mapSdkPath(path.resolve(dir, f.name));
    });
    const rows = table.rows;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (row.endSequence) continue;
      const next = rows[i + 1];
      const end = next ? next.address : row.address;
      const file = paths[row.file] ?? '';
      if (end > row.address) this.ranges.push({ start: row.address, end, file, line: row.line, column: row.column, isStmt: row.isStmt });
      if (row.isStmt && file) {
        let list = this.stmtRows.get(file);
        if (!list) this.stmtRows.set(file, (list = []));
        list.push({ line: row.line, address: row.address });
      }
    }
  }

  private collectFunctions(die: Die, compDir: string): void {
    for (const child of die.children) {
      if (child.tag === DW_TAG.subprogram) {
        const range = pcRange(child);
        const spec = this.specificationOf(child);
        const name = attrString(child, DW_AT.name) ?? (spec && attrString(spec, DW_AT.name));
        if (range && name) this.functions.push({ name, low: range.low, high: range.high, die: child, line: attrNumber(child, DW_AT.decl_line) });
      } else if (child.tag === DW_TAG.lexical_block || child.tag === DW_TAG.compile_unit) {
        this.collectFunctions(child, compDir);
      }
    }
  }

  private specificationOf(die: Die): Die | undefined {
    const ref = attrNumber(die, DW_AT.specification);
    return ref === undefined ? undefined : this.dies.get(ref);
  }

  /** True when DWARF line information exists for this image. */
  get hasLineInfo(): boolean {
    return this.ranges.length > 0;
  }

  /** The source position of the instruction at `address`. */
  addressToLine(address: number): SourceLocation | undefined {
    const r = this.rangeAt(address >>> 0);
    return r && r.file ? { file: r.file, line: r.line, column: r.column } : undefined;
  }

  /** The line-table block containing `address`: the exact row's start address and whether it starts a statement. */
  lineBlockAt(address: number): { start: number; end: number; line: number; file: string; isStmt: boolean } | undefined {
    const r = this.rangeAt(address >>> 0);
    return r ? { start: r.start, end: r.end, line: r.line, file: r.file, isStmt: r.isStmt } : undefined;
  }

  private rangeAt(address: number): LineRange | undefined {
    let lo = 0;
    let hi = this.ranges.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.ranges[mid].start <= address) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return undefined;
    const r = this.ranges[found];
    return address < r.end ? r : undefined;
  }

  /** Absolute paths of every source file with line information. */
  sourceFiles(): string[] {
    return [...this.stmtRows.keys()].sort();
  }

  /** Whether this image's line table mentions `file`. */
  mentionsFile(file: string): boolean {
    return this.stmtRows.has(this.normalizeFile(file));
  }

  private normalizeFile(file: string): string {
    return path.resolve(this.workspaceRoot, file);
  }

  /**
   * Where a breakpoint on `file:line` goes: the nearest line at or after `line` that has statements, and the
   * first address of that line in each function (a line may be split over several places in the code).
   */
  resolveLine(file: string, line: number): { line: number; addresses: number[] } | undefined {
    const rows = this.stmtRows.get(this.normalizeFile(file));
    if (!rows) return undefined;
    let best: number | undefined;
    for (const r of rows) if (r.line >= line && (best === undefined || r.line < best)) best = r.line;
    if (best === undefined) return undefined;
    const perFunction = new Map<number, number>();
    for (const r of rows) {
      if (r.line !== best) continue;
      const fn = this.functionAt(r.address);
      const key = fn ? fn.low : -1 - r.address;
      const prev = perFunction.get(key);
      if (prev === undefined || r.address < prev) perFunction.set(key, r.address);
    }
    return { line: best, addresses: [...perFunction.values()].sort((a, b) => a - b) };
  }

  lineToAddresses(file: string, line: number): number[] {
    return this.resolveLine(file, line)?.addresses ?? [];
  }

  functionAt(address: number): FunctionInfo | undefined {
    address >>>= 0;
    let best: FunctionInfo | undefined;
    for (const f of this.functions) {
      if (f.low > address) break;
      if (address < f.high && (!best || f.low >= best.low)) best = f;
    }
    return best;
  }

  functionByName(name: string): FunctionInfo | undefined {
    return this.functions.find((f) => f.name === name && f.die) ?? this.functions.find((f) => f.name === name);
  }

  /** Where a function breakpoint goes: after the prologue (the second line-table row of the function), like gdb. */
  breakpointAddress(fn: FunctionInfo): number {
    const first = this.rangeAt(fn.low);
    if (!first) return fn.low;
    for (const r of this.ranges) {
      if (r.start > fn.low && r.start < fn.high && r.isStmt && r.line !== first.line) return r.start;
    }
    return fn.low;
  }

  /** Variables visible at `pc`: the function's parameters, then locals of every enclosing lexical block. */
  variablesAt(pc: number): VariableInfo[] {
    const fn = this.functionAt(pc);
    if (!fn?.die) return [];
    const out: VariableInfo[] = [];
    const visit = (die: Die) => {
      for (const c of die.children) {
        if (c.tag === DW_TAG.formal_parameter || c.tag === DW_TAG.variable) {
          const name = attrString(c, DW_AT.name);
          if (!name) continue;
          const typeRef = attrNumber(c, DW_AT.type);
          out.push({ name, isParameter: c.tag === DW_TAG.formal_parameter, die: c, type: typeRef === undefined ? undefined : this.dies.get(typeRef), location: attrBlock(c, DW_AT.location) });
        } else if (c.tag === DW_TAG.lexical_block) {
          const range = pcRange(c);
          if (!range || (pc >= range.low && pc < range.high)) visit(c);
        }
      }
    };
    visit(fn.die);
    return out;
  }

  /** The DW_AT_frame_base expression of the function containing `pc`. */
  frameBaseAt(pc: number): Uint8Array | undefined {
    const fn = this.functionAt(pc);
    return fn?.die ? attrBlock(fn.die, DW_AT.frame_base) : undefined;
  }

  die(offset: number): Die | undefined {
    return this.dies.get(offset);
  }

  /** Walks the stack: frame 0 from the registers, then callers via CFI (EBP chain when there is none). */
  unwind(regs: ArrayLike<number>, eip: number, readU32: (address: number) => number | undefined, maxFrames = 64): StackFrameInfo[] {
    return this.unwinder.unwind(regs, eip, readU32, maxFrames);
  }
}

/** The SDK builder maps its sources to SDK_DEBUG_PREFIX so binaries are the same everywhere; undo that here. */
function mapSdkPath(p: string): string {
  const prefix = SDK_DEBUG_PREFIX + '/';
  if (!p.startsWith(prefix)) return p;
  try {
    return path.join(sdkRoot(), p.slice(prefix.length));
  } catch {
    return p;
  }
}
