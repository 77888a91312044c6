import { ElfFile } from '../emulator/elf/elf-file';
import { disassemble } from '../emulator/cpu/disassembler';
import { CliArgs, UsageError, allowOnly } from './cli-args';

const BYTES_PER_LINE = 7;
/** Direct branches whose target objdump annotates with a symbol. */
const BRANCH = /^(call|jmp|j[a-z]+|loop[a-z]*|jecxz|jcxz)\s+([0-9a-f]+)$/;

/** `fiasco disasm FILE`: the .text section in objdump -d's layout. */
export function disasmCommand(args: CliArgs): number {
  allowOnly(args, []);
  const file = args.positional[0];
  if (!file) throw new UsageError('disasm needs an ELF file');
  const elf = ElfFile.load(file);
  const out: string[] = ['', `${file}:     file format elf32-i386`, '', ''];
  // objdump names a branch target after the nearest symbol at or before it: "call   804a281 <puts>".
  const symbolic = (text: string): string => {
    const m = BRANCH.exec(text);
    if (!m) return text;
    const target = parseInt(m[2], 16);
    // Absolute symbols (such as __l4sys_invoke_direct = 0xEACFF000) lie outside every section.
    const exact = elf.symbols().find((sym) => sym.name && sym.value === target && sym.type !== 'section' && sym.type !== 'file');
    const where = elf.symbolAt(target) ?? (exact ? { symbol: exact, offset: 0 } : undefined);
    if (!where) return text;
    return `${text} <${where.symbol.name}${where.offset ? `+0x${where.offset.toString(16)}` : ''}>`;
  };
  const hexBytes = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0') + ' ').join('');
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
      const bytes = data.subarray(off, off + len);
      out.push(`${addr.toString(16).padStart(8, ' ')}:\t${hexBytes(bytes.subarray(0, BYTES_PER_LINE)).padEnd(BYTES_PER_LINE * 3)}\t${symbolic(ins.text)}`);
      for (let i = BYTES_PER_LINE; i < len; i += BYTES_PER_LINE) {
        out.push(`${(addr + i).toString(16).padStart(8, ' ')}:\t${hexBytes(bytes.subarray(i, i + BYTES_PER_LINE))}`);
      }
      off += len;
    }
  }
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
