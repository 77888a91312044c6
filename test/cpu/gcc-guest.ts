// Compiles the C guests in test/cpu/guest with the host gcc into a temporary directory (or reports why not).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const GUEST_DIR = path.resolve(__dirname, '../../../test/cpu/guest');
let tmp: string | undefined;

export function gccAvailable(): boolean {
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The differential guests, compilers and optimisation levels. */
export const PROGRAMS = ['arith', 'bench', 'x87', 'x87env', 'sse', 'mmx', 'int64', 'strings', 'sorting', 'bits', 'control'];
export const COMPILERS = ['gcc', 'clang'];
export const LEVELS = ['-O0', '-O2', '-Os'];

/** Builds one C file of bench/payloads with gcc -O2 (as `npm run bench` does); undefined if gcc fails. */
export function buildPayload(name: string): string | undefined {
  const src = path.resolve(GUEST_DIR, '../../../bench/payloads', `${name}.c`);
  const out = path.join(tempDir(), `payload-${name}`);
  try {
    execFileSync('gcc', ['-m32', '-O2', '-static', '-nostdlib', '-ffreestanding', '-fno-pie', '-no-pie', '-fno-stack-protector',
      '-fno-asynchronous-unwind-tables', '-o', out, src], { stdio: 'pipe' });
    return out;
  } catch {
    return undefined;
  }
}

function tempDir(): string {
  if (tmp === undefined) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-cpu-'));
    tmp = dir;
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return tmp;
}

/** Extra compiler flags per guest (by name prefix). */
const GUEST_FLAGS: Record<string, string[]> = {
  sse: ['-msse2', '-mfpmath=sse', '-march=pentium4', '-fno-math-errno'],
  mmx: ['-mmmx', '-msse', '-march=pentium3'],
};

/** Extra sources linked into a guest. */
const GUEST_SOURCES: Record<string, string[]> = {
  int64: [path.resolve(GUEST_DIR, '../../../sdk/lib/int64_division.c')],
};

/** True when `compiler` (gcc or clang) runs here. */
export function compilerAvailable(compiler: string): boolean {
  try {
    execFileSync(compiler, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Builds guest/<name>.c at the given optimisation level; returns the ELF path or undefined if gcc fails. */
export function buildGuest(name: string, opt: string, compiler = 'gcc'): string | undefined {
  const out = path.join(tempDir(), `${name}${opt}-${compiler}`);
  if (fs.existsSync(out)) return out;
  const extra = GUEST_FLAGS[name] ?? ['-march=i686'];
  const clangOnly = compiler === 'clang' ? ['-fuse-ld=bfd', '-Wno-unused-command-line-argument'] : [];
  try {
    execFileSync(compiler, ['-m32', ...extra, ...clangOnly, opt, '-static', '-nostdlib', '-ffreestanding', '-fno-pie', '-no-pie',
      '-fno-stack-protector', '-fno-asynchronous-unwind-tables', '-w', '-o', out, path.join(GUEST_DIR, `${name}.c`),
      ...(GUEST_SOURCES[name] ?? [])], { stdio: 'pipe' });
    return out;
  } catch {
    return undefined;
  }
}
