import { FileReadError, MAX_BINARY_FILE_BYTES, readBoundedFile } from '../util/bounded-read';
import {
  EI_CLASS, EI_DATA, EI_NIDENT, EI_VERSION, ELF32_EHDR_SIZE, ELF32_PHDR_SIZE, ELF32_SHDR_SIZE, ELF32_SYM_SIZE,
  ELFCLASS32, ELFCLASS64, ELFDATA2LSB, ELFDATA2MSB, ELF_MAGIC, EM_386, EM_AARCH64, EM_ARM, EM_RISCV, EM_X86_64,
  ET_CORE, ET_DYN, ET_EXEC, ET_REL, EV_CURRENT, SHN_UNDEF, SHN_XINDEX, SHT_DYNSYM, SHT_NOBITS, SHT_STRTAB,
  SHT_SYMTAB, STB_GLOBAL, STB_LOCAL, STB_WEAK, STT_FILE, STT_FUNC, STT_NOTYPE, STT_OBJECT, STT_SECTION,
} from './elf-constants';
import { ElfError } from './elf-error';
import type { ElfSection, ElfSegment, ElfSymbol, ElfSymbolBind, ElfSymbolType } from './elf-types';
import { ElfSymbolIndex } from './elf-symbol-index';

export { ElfError } from './elf-error';
export type { ElfSection, ElfSegment, ElfSymbol, ElfSymbolBind, ElfSymbolType } from './elf-types';

const MACHINE_NAMES: Record<number, string> = {
  [EM_ARM]: 'ARM (32-bit)', [EM_X86_64]: 'x86-64', [EM_AARCH64]: 'AArch64 (ARM 64-bit)', [EM_RISCV]: 'RISC-V',
};
const TYPE_NAMES: Record<number, string> = {
  [ET_REL]: 'a relocatable object file (ET_REL); link it into an executable',
  [ET_DYN]: 'a position-independent executable or shared library (ET_DYN); link with -static -no-pie',
  [ET_CORE]: 'a core dump (ET_CORE)',
};

function symbolType(info: number): ElfSymbolType {
  switch (info & 0xf) {
    case STT_NOTYPE: return 'notype';
    case STT_OBJECT: return 'object';
    case STT_FUNC: return 'func';
    case STT_SECTION: return 'section';
    case STT_FILE: return 'file';
    default: return 'other';
  }
}

function symbolBind(info: number): ElfSymbolBind {
  switch (info >>> 4) {
    case STB_LOCAL: return 'local';
    case STB_GLOBAL: return 'global';
    case STB_WEAK: return 'weak';
    default: return 'other';
  }
}

/** Reads little-endian fields with bounds checks that turn into ElfErrors naming the field. */
class FieldReader {
  private readonly view: DataView;
  constructor(private readonly bytes: Uint8Array, private readonly fail: (field: string, what: string) => never) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  u8(offset: number, field: string): number {
    this.check(offset, 1, field);
    return this.view.getUint8(offset);
  }
  u16(offset: number, field: string): number {
    this.check(offset, 2, field);
    return this.view.getUint16(offset, true);
  }
  u32(offset: number, field: string): number {
    this.check(offset, 4, field);
    return this.view.getUint32(offset, true);
  }
  private check(offset: number, size: number, field: string): void {
    if (offset + size > this.bytes.length) this.fail(field, `${field} lies past the end of the file (file truncated?)`);
  }
}

/** An ELF32 little-endian file, fully validated when parsed: every header and table lies inside the file. */
export class ElfFile {
  readonly type: number;
  readonly machine: number;
  readonly entry: number;
  readonly segments: ElfSegment[];
  readonly sections: ElfSection[];
  private readonly symbolList: ElfSymbol[];
  private symbolIndex?: ElfSymbolIndex;

  private constructor(readonly fileName: string, readonly bytes: Uint8Array) {
    const fail = (field: string, what: string): never => {
      throw new ElfError(fileName, field, `${fileName}: ${what}`);
    };
    const r = new FieldReader(bytes, fail);
    this.checkIdent(fail);
    this.type = r.u16(16, 'e_type');
    this.machine = r.u16(18, 'e_machine');
    const version = r.u32(20, 'e_version');
    if (version !== EV_CURRENT) fail('e_version', `unknown ELF version ${version} (e_version); expected 1`);
    this.entry = r.u32(24, 'e_entry');
    const phoff = r.u32(28, 'e_phoff');
    const shoff = r.u32(32, 'e_shoff');
    const ehsize = r.u16(40, 'e_ehsize');
    const phentsize = r.u16(42, 'e_phentsize');
    const phnum = r.u16(44, 'e_phnum');
    const shentsize = r.u16(46, 'e_shentsize');
    let shnum = r.u16(48, 'e_shnum');
    let shstrndx = r.u16(50, 'e_shstrndx');
    if (ehsize < ELF32_EHDR_SIZE) fail('e_ehsize', `ELF header size ${ehsize} is smaller than ${ELF32_EHDR_SIZE} (e_ehsize); the file is corrupt`);

    this.segments = [];
    if (phnum > 0) {
      if (phentsize !== ELF32_PHDR_SIZE) fail('e_phentsize', `program header size is ${phentsize}, expected ${ELF32_PHDR_SIZE} (e_phentsize); the file is corrupt`);
      if (phoff + phnum * ELF32_PHDR_SIZE > bytes.length) fail('e_phoff', `program header table (${phnum} entries at offset 0x${phoff.toString(16)}) extends past end of file (e_phoff+e_phnum*e_phentsize); the file is truncated`);
      for (let i = 0; i < phnum; i++) this.segments.push(this.readSegment(r, phoff + i * ELF32_PHDR_SIZE, i, fail));
    }

    this.sections = [];
    if (shoff !== 0) {
      if (shentsize !== ELF32_SHDR_SIZE) fail('e_shentsize', `section header size is ${shentsize}, expected ${ELF32_SHDR_SIZE} (e_shentsize); the file is corrupt`);
      // Extended numbering: counts too large for the 16-bit fields live in section header 0.
      if (shnum === 0) shnum = r.u32(shoff + 20, 'section header 0 (sh_size)');
      if (shstrndx === SHN_XINDEX) shstrndx = r.u32(shoff + 24, 'section header 0 (sh_link)');
      if (shoff + shnum * ELF32_SHDR_SIZE > bytes.length) fail('e_shoff', `section header table (${shnum} entries at offset 0x${shoff.toString(16)}) extends past end of file (e_shoff+e_shnum*e_shentsize); the file is truncated`);
      const nameOffsets: number[] = [];
      for (let i = 0; i < shnum; i++) {
        const { section, nameOffset } = this.readSection(r, shoff + i * ELF32_SHDR_SIZE, i, fail);
        this.sections.push(section);
        nameOffsets.push(nameOffset);
      }
      if (shstrndx !== SHN_UNDEF && shnum > 0) {
        if (shstrndx >= shnum) fail('e_shstrndx', `section name table index ${shstrndx} is out of range (e_shstrndx, ${shnum} sections)`);
        const strtab = this.sections[shstrndx];
        if (strtab.type !== SHT_STRTAB) fail('e_shstrndx', `section ${shstrndx} named by e_shstrndx is not a string table`);
        for (const s of this.sections) {
          s.name = this.readString(strtab, nameOffsets[s.index], `section header ${s.index} (sh_name)`, fail);
        }
      }
    }
    this.symbolList = this.readSymbols(r, fail);
  }

  /** Parses and validates an ELF image. Throws ElfError (and nothing else) on any problem. */
  static parse(bytes: Uint8Array, fileName: string): ElfFile {
    try {
      return new ElfFile(fileName, bytes);
    } catch (e) {
      if (e instanceof ElfError) throw e;
      // A bug in the parser must still surface as a message about this file, not a crash of the caller.
      throw new ElfError(fileName, 'file', `${fileName}: cannot parse ELF file (${e instanceof Error ? e.message : String(e)})`);
    }
  }

  /** Reads and parses a file; a missing or unreadable file is an ElfError too. */
  static load(path: string): ElfFile {
    let bytes: Uint8Array;
    try {
      bytes = readBoundedFile(path, MAX_BINARY_FILE_BYTES);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not an ELF file' : e instanceof FileReadError ? e.reason : (e as Error).message;
      throw new ElfError(path, 'file', `${path}: ${why}`);
    }
    return ElfFile.parse(bytes, path);
  }

  /** Rejects anything but a 32-bit x86 static executable, with a message that says what to do instead. */
  assertI386Executable(): void {
    if (this.machine !== EM_386) {
      const name = MACHINE_NAMES[this.machine] ?? `machine ${this.machine}`;
      throw new ElfError(this.fileName, 'e_machine', `${this.fileName}: built for ${name} (e_machine ${this.machine}); Fiasco Studio runs 32-bit x86 programs: compile with gcc -m32`);
    }
    if (this.type !== ET_EXEC) {
      const what = TYPE_NAMES[this.type] ?? `of ELF type ${this.type}`;
      throw new ElfError(this.fileName, 'e_type', `${this.fileName}: is ${what}, not an executable (e_type must be ET_EXEC)`);
    }
  }

  section(name: string): ElfSection | undefined {
    return this.sections.find((s) => s.name === name);
  }

  /** The bytes of a section (a view into `bytes`); empty for SHT_NOBITS (.bss). */
  sectionData(s: ElfSection): Uint8Array {
    if (s.type === SHT_NOBITS) return new Uint8Array(0);
    return this.bytes.subarray(s.offset, s.offset + s.size);
  }

  /** Symbols of .symtab, or of .dynsym when the file is stripped. Index 0 (the null symbol) is left out. */
  symbols(): ElfSymbol[] {
    return this.symbolList;
  }

  /** The function or object symbol containing the address, and the offset into it. */
  symbolAt(address: number): { symbol: ElfSymbol; offset: number } | undefined {
    return this.index().at(address);
  }

  /** A symbol by name; global definitions win over local and weak ones. */
  symbolByName(name: string): ElfSymbol | undefined {
    return this.index().byName(name);
  }

  private index(): ElfSymbolIndex {
    this.symbolIndex ??= new ElfSymbolIndex(this.symbolList, this.sections);
    return this.symbolIndex;
  }

  private checkIdent(fail: (field: string, what: string) => never): void {
    const b = this.bytes;
    for (let i = 0; i < ELF_MAGIC.length; i++) {
      if (i >= b.length) fail('e_ident', `not an ELF file (${b.length} bytes, too short for the ELF magic in e_ident)`);
      if (b[i] !== ELF_MAGIC[i]) fail('e_ident', 'not an ELF file (bad magic in e_ident)');
    }
    if (b.length < EI_NIDENT) fail('e_ident', `ELF file truncated to ${b.length} bytes (e_ident is incomplete)`);
    const cls = b[EI_CLASS];
    if (cls === ELFCLASS64) fail('e_ident[EI_CLASS]', 'ELF class is 64-bit; Fiasco Studio runs 32-bit x86 programs: compile with gcc -m32 (e_ident[EI_CLASS])');
    if (cls !== ELFCLASS32) fail('e_ident[EI_CLASS]', `invalid ELF class ${cls} (e_ident[EI_CLASS]); the file is corrupt`);
    const data = b[EI_DATA];
    if (data === ELFDATA2MSB) fail('e_ident[EI_DATA]', 'ELF file is big-endian; x86 programs are little-endian (e_ident[EI_DATA])');
    if (data !== ELFDATA2LSB) fail('e_ident[EI_DATA]', `invalid ELF data encoding ${data} (e_ident[EI_DATA]); the file is corrupt`);
    if (b[EI_VERSION] !== EV_CURRENT) fail('e_ident[EI_VERSION]', `unknown ELF version ${b[EI_VERSION]} (e_ident[EI_VERSION]); expected 1`);
    if (b.length < ELF32_EHDR_SIZE) fail('e_ehsize', `ELF file truncated to ${b.length} bytes, shorter than the ${ELF32_EHDR_SIZE}-byte ELF header`);
  }

  private readSegment(r: FieldReader, at: number, index: number, fail: (field: string, what: string) => never): ElfSegment {
    const f = `program header ${index}`;
    const seg: ElfSegment = {
      index,
      type: r.u32(at, `${f} (p_type)`),
      offset: r.u32(at + 4, `${f} (p_offset)`),
      vaddr: r.u32(at + 8, `${f} (p_vaddr)`),
      paddr: r.u32(at + 12, `${f} (p_paddr)`),
      filesz: r.u32(at + 16, `${f} (p_filesz)`),
      memsz: r.u32(at + 20, `${f} (p_memsz)`),
      flags: r.u32(at + 24, `${f} (p_flags)`),
      align: r.u32(at + 28, `${f} (p_align)`),
    };
    if (seg.filesz > 0 && seg.offset + seg.filesz > this.bytes.length) fail(f, `${f} extends past end of file (p_offset+p_filesz = 0x${(seg.offset + seg.filesz).toString(16)}, file size 0x${this.bytes.length.toString(16)}); the file is truncated`);
    if (seg.memsz < seg.filesz) fail(f, `${f} has p_memsz 0x${seg.memsz.toString(16)} smaller than p_filesz 0x${seg.filesz.toString(16)}; the file is corrupt`);
    if (seg.vaddr + seg.memsz > 0x1_0000_0000) fail(f, `${f} wraps around the 32-bit address space (p_vaddr+p_memsz); the file is corrupt`);
    return seg;
  }

  private readSection(r: FieldReader, at: number, index: number, fail: (field: string, what: string) => never): { section: ElfSection; nameOffset: number } {
    const f = `section header ${index}`;
    const nameOffset = r.u32(at, `${f} (sh_name)`);
    const section: ElfSection = {
      index,
      name: '',
      type: r.u32(at + 4, `${f} (sh_type)`),
      flags: r.u32(at + 8, `${f} (sh_flags)`),
      addr: r.u32(at + 12, `${f} (sh_addr)`),
      offset: r.u32(at + 16, `${f} (sh_offset)`),
      size: r.u32(at + 20, `${f} (sh_size)`),
      link: r.u32(at + 24, `${f} (sh_link)`),
      info: r.u32(at + 28, `${f} (sh_info)`),
      addralign: r.u32(at + 32, `${f} (sh_addralign)`),
      entsize: r.u32(at + 36, `${f} (sh_entsize)`),
    };
    // Section 0 of an extended-numbering file stores counts in sh_size/sh_link, not a real extent.
    const hasData = index !== 0 && section.type !== SHT_NOBITS && section.size > 0;
    if (hasData && section.offset + section.size > this.bytes.length) fail(f, `${f} extends past end of file (sh_offset+sh_size = 0x${(section.offset + section.size).toString(16)}, file size 0x${this.bytes.length.toString(16)}); the file is truncated`);
    return { section, nameOffset };
  }

  private readString(table: ElfSection, offset: number, field: string, fail: (field: string, what: string) => never): string {
    if (offset >= table.size) fail(field, `${field} points outside its string table (offset ${offset}, table size ${table.size})`);
    const start = table.offset + offset;
    const end = table.offset + table.size;
    let nul = start;
    while (nul < end && this.bytes[nul] !== 0) nul++;
    if (nul >= end) fail(field, `${field} names a string that is not NUL-terminated inside its string table`);
    return new TextDecoder('utf-8').decode(this.bytes.subarray(start, nul));
  }

  private readSymbols(r: FieldReader, fail: (field: string, what: string) => never): ElfSymbol[] {
    const table = this.sections.find((s) => s.type === SHT_SYMTAB) ?? this.sections.find((s) => s.type === SHT_DYNSYM);
    if (!table) return [];
    const f = `section ${table.name || table.index}`;
    if (table.entsize !== ELF32_SYM_SIZE) fail(f, `${f} has symbol size ${table.entsize}, expected ${ELF32_SYM_SIZE} (sh_entsize); the file is corrupt`);
    if (table.link >= this.sections.length || this.sections[table.link].type !== SHT_STRTAB) fail(f, `${f} does not link to a string table (sh_link ${table.link})`);
    const strtab = this.sections[table.link];
    const count = Math.floor(table.size / ELF32_SYM_SIZE);
    const out: ElfSymbol[] = [];
    for (let i = 1; i < count; i++) {
      const at = table.offset + i * ELF32_SYM_SIZE;
      const sf = `symbol ${i} of ${table.name || 'the symbol table'}`;
      const nameOffset = r.u32(at, `${sf} (st_name)`);
      const info = r.u8(at + 12, `${sf} (st_info)`);
      out.push({
        name: nameOffset === 0 ? '' : this.readString(strtab, nameOffset, `${sf} (st_name)`, fail),
        value: r.u32(at + 4, `${sf} (st_value)`),
        size: r.u32(at + 8, `${sf} (st_size)`),
        type: symbolType(info),
        bind: symbolBind(info),
        sectionIndex: r.u16(at + 14, `${sf} (st_shndx)`),
      });
    }
    return out;
  }
}
