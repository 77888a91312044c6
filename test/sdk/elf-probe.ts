// Test helper: just enough ELF32 reading to check what the builder wrote.
import * as fs from 'fs';

export interface ElfSummary {
  elfClass: number;
  type: number;
  machine: number;
  entry: number;
  symbols: Map<string, { value: number; shndx: number }>;
}

export function readElf(file: string): ElfSummary {
  const b = fs.readFileSync(file);
  if (b.readUInt32BE(0) !== 0x7f454c46) throw new Error(`${file}: not an ELF file`);
  const shoff = b.readUInt32LE(32);
  const shentsize = b.readUInt16LE(46);
  const shnum = b.readUInt16LE(48);
  const symbols = new Map<string, { value: number; shndx: number }>();
  for (let i = 0; i < shnum; i++) {
    const sh = shoff + i * shentsize;
    if (b.readUInt32LE(sh + 4) !== 2 /* SHT_SYMTAB */) continue;
    const off = b.readUInt32LE(sh + 16);
    const size = b.readUInt32LE(sh + 20);
    const strSh = shoff + b.readUInt32LE(sh + 24) * shentsize;
    const strOff = b.readUInt32LE(strSh + 16);
    for (let s = off; s < off + size; s += 16) {
      const nameOff = b.readUInt32LE(s);
      const end = b.indexOf(0, strOff + nameOff);
      const name = b.toString('latin1', strOff + nameOff, end);
      if (name) symbols.set(name, { value: b.readUInt32LE(s + 4), shndx: b.readUInt16LE(s + 14) });
    }
  }
  return { elfClass: b[4], type: b.readUInt16LE(16), machine: b.readUInt16LE(18), entry: b.readUInt32LE(24), symbols };
}
