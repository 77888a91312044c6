// Compiles the C test program into a temp dir (the debug-info tests compare our readers with binutils and gdb).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gdbOnOracle } from '../support/oracle-gdb';

export const TEST_PROGRAM = `struct point { int x; int y; };
static int counter;
int add(int a, int b)
{
    int sum = a + b;
    counter++;
    return sum;
}

int twice(int v)
{
    int r = add(v, v);
    return r;
}

void _start(void)
{
    struct point p = { 3, 4 };
    char c = 'x';
    unsigned u = 7;
    const char *msg = "hi\\n";
    int arr[3] = { 1, -2, 3 };
    int t = twice(p.x);
    t += add(p.y, u) + arr[1] + msg[0];
    for (;;)
        __asm__ volatile("int $0x80" : : "a"(1), "b"(t + c));
}
`;

export interface Fixture {
  dir: string;
  source: string;
  binary: string;
}

/** Builds the program with extra flags; `-fdebug-prefix-map` makes paths relative like the SDK does. */
export function buildFixture(name: string, flags: string[], prefixMap: boolean): Fixture {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-dwarf-'));
  fs.mkdirSync(path.join(dir, 'src'));
  const source = path.join(dir, 'src', 'prog.c');
  fs.writeFileSync(source, TEST_PROGRAM);
  const binary = path.join(dir, name);
  const args = ['-m32', '-O0', '-ffreestanding', '-nostdlib', '-static', '-fno-pie', '-no-pie', '-fno-stack-protector', ...flags];
  if (prefixMap) args.push(`-fdebug-prefix-map=${dir}=.`);
  execFileSync('gcc', [...args, '-o', binary, 'src/prog.c'], { cwd: dir });
  return { dir, source, binary };
}

export function removeFixture(f: Fixture | undefined): void {
  if (f) fs.rmSync(f.dir, { recursive: true, force: true });
}

export interface DecodedLine {
  file: string;
  line: number;
  address: number;
  isStmt: boolean;
}

/** Rows of `objdump --dwarf=decodedline`, end-of-sequence rows left out. */
export function objdumpDecodedLines(binary: string): DecodedLine[] {
  const out = execFileSync('objdump', ['--dwarf=decodedline', binary], { encoding: 'utf8' });
  const rows: DecodedLine[] = [];
  for (const l of out.split('\n')) {
    const m = /^(\S+)\s+(\d+)\s+(0x[0-9a-f]+)(?:\s+\d+)?(\s+x)?\s*$/.exec(l);
    if (m) rows.push({ file: m[1], line: Number(m[2]), address: parseInt(m[3], 16), isStmt: !!m[4] });
  }
  return rows;
}

export interface GdbStop {
  regs: number[];
  eip: number;
  backtrace: number[];
  memory: Map<number, number>;
  /** "name = value" lines of `info args` + `info locals` for frame 0. */
  vars: Map<string, string>;
}

/** Runs the binary under gdb (on the i386 oracle) to `address` and records registers, backtrace pcs, the stack and the variables. */
export function gdbStopAt(binary: string, address: number): GdbStop {
  const out = gdbOnOracle(binary, {
    setup: [`break *0x${address.toString(16)}`],
    atStop: ['info registers', 'echo ==BT==\\n', 'bt', 'echo ==MEM==\\n', 'x/96wx $esp', 'echo ==VARS==\\n', 'info args', 'info locals'],
  });
  const reg = (name: string) => {
    const m = new RegExp(`^${name}\\s+(0x[0-9a-f]+)`, 'm').exec(out);
    if (!m) throw new Error(`gdb output has no ${name}:\n${out}`);
    return parseInt(m[1], 16);
  };
  const regs = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'].map(reg);
  const [, rest] = out.split('==BT==\n');
  const [bt, rest2] = rest.split('==MEM==\n');
  const [mem, vars] = rest2.split('==VARS==\n');
  const backtrace = bt.split('\n').filter((l) => l.startsWith('#')).map((l, i) => (i === 0 ? reg('eip') : parseInt(/#\d+\s+(0x[0-9a-f]+)/.exec(l)![1], 16)));
  const memory = new Map<number, number>();
  for (const l of mem.split('\n')) {
    const m = /^(0x[0-9a-f]+):\s+(.*)$/.exec(l);
    if (!m) continue;
    const words = m[2].trim().split(/\s+/).map((w) => parseInt(w, 16));
    words.forEach((w, i) => memory.set(parseInt(m[1], 16) + 4 * i, w));
  }
  const varMap = new Map<string, string>();
  for (const l of vars.split('\n')) {
    const m = /^(\w+) = (.*)$/.exec(l);
    if (m) varMap.set(m[1], m[2]);
  }
  return { regs, eip: reg('eip'), backtrace, memory, vars: varMap };
}
