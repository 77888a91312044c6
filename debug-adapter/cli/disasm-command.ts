import { ElfFile } from '../../emulator/elf/elf-file';
import { disassemble } from '../../emulator/cpu/disassembler';
import { CliArgs, UsageError, allowOnly } from './cli-args';
import * as path from 'path';

const BYTES_PER_LINE = 7;

/** `fiasco disasm FILE`: the .text section in objdump -d's layout. */
export function disasmCommand(args: CliArgs): number {
  allowOnly(args, []);
  const file = args.positional[0];
  if (!file) throw new UsageError('disasm needs an ELF file');
  const elf = ElfFile.load(file);
  const out: string[] = ['', `${path.basename(file)}:     file format elf32-i386`, '', ''];
  for (const sec of elf.sections.filter((s) => s.name === '.text')) {
    out.push(`Disassembly of section ${sec.name}:`);
    const data = elf.sectionData(sec);
    const funcs = new Map<number, string>();
    for (const s of elf.symbols()) if ((s.type === 'func' || s.type === 'notype') && s.name && s.sectionIndex === sec.index) funcs.set(s.value, s.name);
    let off = 0;
    while (off < data.length) {
      const addr = sec.addr + off;
      const name = funcs.get(addr);
      if (name !== undefined) out.push('', `${addr.toString(16).padStart(8, '0')} <${name}>:`);
      const ins = disassemble(data, off, addr);
      const len = Math.max(1, Math.min(ins.length, data.length - off));
      const bytes = Array.from(data.subarray(off, off + len), (b) => b.toString(16).padStart(2, '0'));
      out.push(`${addr.toString(16).padStart(8, ' ')}:\t${bytes.slice(0, BYTES_PER_LINE).join(' ').padEnd(BYTES_PER_LINE * 3 - 1)}\t${ins.text}`.trimEnd());
      for (let i = BYTES_PER_LINE; i < bytes.length; i += BYTES_PER_LINE) {
        out.push(`${(addr + i).toString(16).padStart(8, ' ')}:\t${bytes.slice(i, i + BYTES_PER_LINE).join(' ')}`);
      }
      off += len;
    }
  }
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
