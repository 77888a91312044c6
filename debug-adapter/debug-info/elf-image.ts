// What the debug-info readers need from an ELF file. ElfFile (emulator/elf/elf-file.ts) satisfies this structurally;
// keeping it an interface lets the DWARF code be tested on any section source.

export interface ElfSymbolLike {
  name: string;
  value: number;
  size: number;
  type: string; // 'func' | 'object' | ...
}

export interface ElfImage<Section = unknown> {
  section(name: string): Section | undefined;
  sectionData(sec: Section): Uint8Array;
  symbols(): ElfSymbolLike[];
}

/** The virtual address of a section, whatever the section object calls it. */
export function sectionAddress(sec: unknown): number {
  if (typeof sec === 'object' && sec !== null) {
    const s = sec as { addr?: unknown; address?: unknown; vaddr?: unknown };
    for (const v of [s.addr, s.address, s.vaddr]) if (typeof v === 'number') return v;
  }
  return 0;
}
