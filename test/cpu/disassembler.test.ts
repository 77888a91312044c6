// Compares the disassembler with GNU objdump on gcc-compiled 32-bit code.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { disassemble } from '../../emulator/cpu/disassembler';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildGuest, buildPayload, COMPILERS, LEVELS, PROGRAMS } from './gcc-guest';
import { requireTool } from '../support/require-tool';
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
      // CET and prefix spellings of newer compilers (checked against objdump 2.40)
      [[0xf3, 0x0f, 0x1e, 0xfb], 'endbr32'],
      [[0xf3, 0x0f, 0x1e, 0xfa], 'endbr64'],
      [[0xf3, 0x0f, 0x1e, 0xc9], 'rdsspd %ecx'],
      [[0xf3, 0x0f, 0xae, 0xe8], 'incsspd %eax'],
      [[0x66, 0xf3, 0x0f, 0x1e, 0xfb], 'data16 endbr32'],
      [[0xf3, 0x0f, 0x1e, 0xfc], 'repz nop %esp'],
      [[0x3e, 0xff, 0x24, 0x85, 0, 0x10, 0, 0], 'notrack jmp *0x1000(,%eax,4)'],
      [[0xf2, 0xc3], 'bnd ret'],
      [[0x66, 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0], 'data16 nopw %cs:0x0(%eax,%eax,1)'],
      [[0x2e, 0x90], 'cs nop'],
      [[0x0f, 0x38, 0xf6, 0x01], 'wrssd  %eax,(%ecx)'],
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
    this.timeout(300_000); // ~130 compiler runs on a shared machine
    requireTool(this, 'gcc');
    requireTool(this, 'clang');
    requireTool(this, 'objdump');
    const files: string[] = [];
    for (const compiler of COMPILERS) {
      // Also with -fcf-protection: CET's endbr32 and notrack-prefixed indirect jumps, as compilers emit them today.
      for (const prog of PROGRAMS) for (const flags of [...LEVELS.map((l) => [l]), ['-O2', '-fcf-protection'], ['-Os', '-fcf-protection']]) {
        const elf = buildGuest(prog, flags, compiler);
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
    assert.ok(forms !== undefined, 'gcc could not assemble the vector forms');
    files.push(forms);
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
    assert.ok(total > 0, 'objdump printed no instructions');
    console.log(`      disassembler matched objdump on ${same}/${total} instructions of ${files.length} binaries`);
    assert.deepStrictEqual(misses, []);
  });
});

/** Every instruction form of the vector templates in one object file (so rare forms are compared too). */
function assembleVectorForms(): string | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-forms-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const src = path.join(dir, 'forms.S'), obj = path.join(dir, 'forms.o');
  fs.writeFileSync(src, ['.text', ...templates().map((t) => t.asm), ...EXTRA_FORMS, ...CET_AND_PREFIX_FORMS, '.data', 'win: .space 64', ''].join('\n'));
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

/**
 * CET (control-flow enforcement) instructions and prefix spellings that newer compilers and assemblers emit:
 * endbr32/endbr64 and rdsspd are hint NOPs on CPUs without CET, notrack (3e) and bnd (f2) prefix branches, and
 * padding NOPs carry redundant 66 prefixes (objdump names the unused ones data16).
 */
const CET_AND_PREFIX_FORMS = [
  'endbr32', 'endbr64', 'rdsspd %eax', 'rdsspd %esi', 'incsspd %ecx', 'saveprevssp', 'setssbsy', 'rstorssp (%eax)',
  'clrssbsy 4(%ecx)', 'wrssd %eax,(%ecx)', 'wrussd %edx,8(%esi)', 'notrack jmp *%eax', 'notrack call *(%eax)',
  'notrack jmp *0x1000(,%eax,4)', 'bnd jmp *%eax', 'bnd ret', 'bnd call *%edx', 'bnd ret $4',
  '.byte 0x66,0x66,0x2e,0x0f,0x1f,0x84,0,0,0,0,0', '.byte 0x66,0x66,0x66,0x2e,0x0f,0x1f,0x84,0,0,0,0,0',
  '.byte 0x66,0x66,0x90', '.byte 0xf3,0x66,0x0f,0x1e,0xfb', '.byte 0xf3,0x0f,0x1e,0xfc', '.byte 0xf3,0x0f,0x1e,0x08',
  '.byte 0xf2,0x0f,0x1e,0xfb', '.byte 0x66,0x0f,0x1e,0xfb',
];
