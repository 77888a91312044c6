// Compares the disassembler with GNU objdump on gcc-compiled 32-bit code.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { disassemble } from '../../emulator/cpu/disassembler';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildGuest, buildPayload, compilerAvailable, gccAvailable, COMPILERS, LEVELS, PROGRAMS } from './gcc-guest';
import { templates } from './vectors/templates';

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

  it('matches objdump -d over the whole .text of every test, bench and example binary', function () {
    if (!gccAvailable()) this.skip();
    const files: string[] = [];
    for (const compiler of COMPILERS) {
      if (!compilerAvailable(compiler)) continue;
      for (const prog of PROGRAMS) for (const opt of LEVELS) {
        const elf = buildGuest(prog, opt, compiler);
        if (elf !== undefined) files.push(elf);
      }
    }
    for (const f of fs.readdirSync(path.resolve(__dirname, '../../../bench/payloads'))) {
      const elf = f.endsWith('.c') ? buildPayload(f.slice(0, -2)) : undefined;
      if (elf !== undefined) files.push(elf);
    }
    const examples = path.resolve(__dirname, '../../../examples');
    for (const dir of fs.readdirSync(examples)) {
      const bin = path.join(examples, dir, 'bin');
      if (fs.existsSync(bin)) for (const f of fs.readdirSync(bin)) files.push(path.join(bin, f));
    }
    const forms = assembleVectorForms();
    if (forms !== undefined) files.push(forms);
    let total = 0, same = 0;
    const misses: string[] = [];
    for (const file of files) {
      for (const row of objdumpLines(file)) {
        const r = disassemble(row.bytes, 0, row.addr);
        total++;
        if (r.text === row.text && r.length === row.bytes.length) same++;
        else if (misses.length < 20) misses.push(`${path.basename(file)}: ${row.text} ≠ ${r.text}`);
      }
    }
    if (total === 0) this.skip();
    console.log(`      disassembler matched objdump on ${same}/${total} instructions of ${files.length} binaries`);
    assert.deepStrictEqual(misses, []);
  });
});

/** Every instruction form of the vector templates in one object file (so rare forms are compared too). */
function assembleVectorForms(): string | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-forms-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const src = path.join(dir, 'forms.S'), obj = path.join(dir, 'forms.o');
  fs.writeFileSync(src, ['.text', ...templates().map((t) => t.asm), ...EXTRA_FORMS, '.data', 'win: .space 64', ''].join('\n'));
  try {
    execFileSync('gcc', ['-m32', '-c', '-o', obj, src], { stdio: 'pipe' });
    return obj;
  } catch {
    return undefined;
  }
}

/** SIMD forms the vector templates do not cover (MMX, conversions between MMX and XMM, stores). */
const EXTRA_FORMS = [
  'paddw %mm1,%mm0', 'pxor 8(%eax),%mm3', 'movq %mm1,%mm2', 'movq 4(%esp),%mm0', 'movq %mm0,8(%esp)', 'movd %eax,%mm1',
  'movd %mm2,%ecx', 'psllw $3,%mm1', 'psrad $2,%mm4', 'pshufw $0x1b,%mm1,%mm0', 'pmovmskb %mm1,%eax', 'emms',
  'cvtpi2ps %mm1,%xmm0', 'cvtps2pi %xmm1,%mm0', 'cvttps2pi %xmm1,%mm0', 'cvtpi2pd %mm1,%xmm0', 'cvtpd2pi %xmm1,%mm0',
  'cvttpd2pi %xmm1,%mm0', 'movq2dq %mm1,%xmm0', 'movdq2q %xmm1,%mm0', 'movntq %mm0,(%eax)', 'movntdq %xmm0,(%eax)',
  'movntps %xmm1,(%eax)', 'movnti %ecx,(%eax)', 'maskmovq %mm1,%mm0', 'maskmovdqu %xmm1,%xmm0', 'rcpps %xmm1,%xmm0',
  'rsqrtss %xmm1,%xmm0', 'cmpps $9,%xmm1,%xmm0', 'ldmxcsr 4(%esp)', 'stmxcsr (%eax)', 'fxsave (%eax)', 'fxrstor (%eax)',
  'cvtsi2sdl 8(%ebp),%xmm0', 'cvtsi2ss (%eax),%xmm1', 'pinsrw $2,(%eax),%mm1', 'pextrw $1,%mm1,%eax', 'movlpd %xmm1,8(%eax)',
  'movhps 8(%eax),%xmm2', 'unpcklpd (%eax),%xmm3', 'sqrtsd 8(%esp),%xmm1', 'movapd %xmm1,(%eax)', 'movupd (%eax),%xmm2',
];
