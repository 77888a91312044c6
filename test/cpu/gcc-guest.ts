// Compiles the C guests in test/cpu/guest with the host gcc or clang into a temporary directory (or reports why not).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { haveTool } from '../support/require-tool';

export const GUEST_DIR = path.resolve(__dirname, '../../../test/cpu/guest');
let tmp: string | undefined;

/** True when gcc -m32 compiles here. */
export function gccAvailable(): boolean {
  return haveTool('gcc');
}

/** True when `compiler` (gcc or clang) compiles -m32 code here. */
export function compilerAvailable(compiler: string): boolean {
  return haveTool(compiler === 'clang' ? 'clang' : 'gcc');
}

/** The differential guests, compilers and optimisation levels. */
export const PROGRAMS = ['arith', 'bench', 'x87', 'x87env', 'sse', 'mmx', 'int64', 'strings', 'sorting', 'bits', 'control'];
export const COMPILERS = ['gcc', 'clang'] as const;
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

/** Flag sets of the differential builds: the three levels, and -O2 with CET's endbr32 markers (hint NOPs). */
export const DIFFERENTIAL_VARIANTS: string[][] = [...LEVELS.map((l) => [l]), ['-O2', '-fcf-protection']];

/**
 * Builds a compiler cannot do, with the documented reason (counted as a skip, never silent). Key: "compiler prog".
 * Empty today: gcc 12 and clang 14 build every guest at every level.
 */
const DOCUMENTED_BUILD_FAILURES: Record<string, string> = {};

export interface GuestBuild {
  elf?: string;
  /** The compiler's messages when the build failed. */
  error?: string;
  /** Set when the failure is a documented limitation of the compiler (see DOCUMENTED_BUILD_FAILURES). */
  documentedFailure?: string;
}

/** Builds guest/<name>.c with the given flags (a level like -O2, plus extras); reports why when it fails. */
export function buildGuestOrExplain(name: string, flags: string | string[], compiler = 'gcc'): GuestBuild {
  const opts = typeof flags === 'string' ? [flags] : flags;
  const out = path.join(tempDir(), `${name}${opts.join('')}-${compiler}`);
  if (fs.existsSync(out)) return { elf: out };
  const extra = GUEST_FLAGS[name] ?? ['-march=i686'];
  const clangOnly = compiler === 'clang' ? ['-fuse-ld=bfd', '-Wno-unused-command-line-argument'] : [];
  try {
    execFileSync(compiler, ['-m32', ...extra, ...clangOnly, ...opts, '-static', '-nostdlib', '-ffreestanding', '-fno-pie', '-no-pie',
      '-fno-stack-protector', '-fno-asynchronous-unwind-tables', '-w', '-o', out, path.join(GUEST_DIR, `${name}.c`),
      ...(GUEST_SOURCES[name] ?? [])], { stdio: 'pipe' });
    return { elf: out };
  } catch (e) {
    const error = String((e as { stderr?: Buffer }).stderr ?? e);
    const why = DOCUMENTED_BUILD_FAILURES[`${compiler} ${name}`];
    return { error, documentedFailure: why === undefined ? undefined : `${compiler} cannot build ${name}: ${why}` };
  }
}

/** Builds guest/<name>.c; returns the ELF path or undefined if the compiler fails. */
export function buildGuest(name: string, flags: string | string[], compiler = 'gcc'): string | undefined {
  return buildGuestOrExplain(name, flags, compiler).elf;
}
