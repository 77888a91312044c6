// Compares the disassembler with GNU objdump on gcc-compiled 32-bit code.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { disassemble } from '../../emulator/cpu/disassembler';
import { buildGuest, gccAvailable } from './gcc-guest';

function objdumpLines(file: string): Array<{ addr: number; bytes: Uint8Array; text: string }> {
  const out = execFileSync('objdump', ['-d', '-w', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const rows: Array<{ addr: number; bytes: Uint8Array; text: string }> = [];
  for (const line of out.split('\n')) {
    const m = /^\s*([0-9a-f]+):\t([0-9a-f ]+)\t(.*)$/.exec(line);
    if (!m) continue;
    rows.push({
      addr: parseInt(m[1], 16),
      bytes: Uint8Array.from(m[2].trim().split(' ').map((x) => parseInt(x, 16))),
      text: m[3].replace(/\s+<[^>]*>$/, '').trimEnd(),
    });
  }
  return rows;
}

describe('cpu: disassembler', () => {
  it('formats common instructions like objdump', () => {
    const cases: Array<[number[], string]> = [
      [[0x8b, 0x45, 0x08], 'mov    0x8(%ebp),%eax'],
      [[0xc7, 0x44, 0x24, 0x0c, 0, 0, 0, 0], 'movl   $0x0,0xc(%esp)'],
      [[0x8d, 0x74, 0x26, 0x00], 'lea    0x0(%esi,%eiz,1),%esi'],
      [[0x65, 0x8b, 0x0d, 0x14, 0, 0, 0], 'mov    %gs:0x14,%ecx'],
      [[0xf3, 0xab], 'rep stos %eax,%es:(%edi)'],
      [[0xff, 0x24, 0x85, 0, 0x10, 0, 0], 'jmp    *0x1000(,%eax,4)'],
      [[0x0f, 0xb6, 0xc0], 'movzbl %al,%eax'],
      [[0xdd, 0x45, 0x08], 'fldl   0x8(%ebp)'],
      [[0xc3], 'ret'],
      [[0xe8, 0xfb, 0xff, 0xff, 0xff], 'call   8049000'],
    ];
    for (const [bytes, text] of cases) {
      const r = disassemble(Uint8Array.from(bytes), 0, 0x8049000);
      assert.strictEqual(r.text, text);
      assert.strictEqual(r.length, bytes.length);
    }
    assert.deepStrictEqual(disassemble(Uint8Array.from([0x0f, 0x04]), 0, 0), { length: 1, text: '(bad)' });
    assert.deepStrictEqual(disassemble(Uint8Array.from([0x8b]), 0, 0), { length: 1, text: '(bad)' });
  });

  it('matches objdump -d on gcc output (reports the match rate)', function () {
    if (!gccAvailable()) this.skip();
    let total = 0, same = 0;
    const misses: string[] = [];
    for (const [prog, opt] of [['arith', '-O0'], ['arith', '-O2'], ['arith', '-Os'], ['x87', '-O2']]) {
      const elf = buildGuest(prog, opt);
      if (elf === undefined) continue;
      for (const row of objdumpLines(elf)) {
        const r = disassemble(row.bytes, 0, row.addr);
        total++;
        if (r.text === row.text && r.length === row.bytes.length) same++;
        else if (misses.length < 10) misses.push(`${row.text} ≠ ${r.text}`);
      }
    }
    if (total === 0) this.skip();
    console.log(`      disassembler matched objdump on ${same}/${total} instructions (${(100 * same / total).toFixed(2)}%)`);
    assert.ok(same / total >= 0.99, misses.join('\n'));
  });
});
