// Chooses the C compiler and the flags every guest object is built with.
import { spawnSync } from 'child_process';
import * as path from 'path';

export interface Compiler {
  /** Command to run (e.g. `gcc`, `/usr/bin/clang`). */
  command: string;
  kind: 'gcc' | 'clang';
  /** Selects 32-bit x86 code generation for this compiler. */
  targetFlags: string[];
  /** Extra flags for the link step. */
  linkFlags: string[];
}

/** The SDK's source paths appear under this prefix in debug info, so that
 * committed binaries do not contain the builder's machine paths. */
export const SDK_DEBUG_PREFIX = '/fiasco-sdk';

/** Code-generation flags shared by the runtime and user packages. */
export const BASE_CFLAGS = [
  '-ffreestanding', '-nostdlib', '-static', '-fno-pie', '-fno-stack-protector',
  '-fno-asynchronous-unwind-tables', '-g', '-O0', '-march=i686',
  '-fdiagnostics-color=never',
];

export const BASE_LDFLAGS = ['-nostdlib', '-static', '-no-pie', '-Wl,--build-id=none'];

function runs(command: string): boolean {
  const r = spawnSync(command, ['--version'], { encoding: 'utf8' });
  return !r.error && r.status === 0;
}

function kindOf(command: string): 'gcc' | 'clang' {
  return /clang/.test(path.basename(command)) ? 'clang' : 'gcc';
}

function describe(command: string): Compiler {
  const kind = kindOf(command);
  return kind === 'clang'
    ? { command, kind, targetFlags: ['--target=i386-pc-none-elf'], linkFlags: ['-fuse-ld=lld'] }
    : { command, kind, targetFlags: ['-m32'], linkFlags: [] };
}

/**
 * The compiler to use: the explicit one, else `gcc`, else `clang`.
 * Returns an error message when none can be run.
 */
export function findCompiler(explicit?: string): Compiler | string {
  if (explicit) {
    return runs(explicit) ? describe(explicit)
      : `C compiler '${explicit}' cannot be run. Install it or choose another one.`;
  }
  for (const candidate of ['gcc', 'clang']) {
    if (runs(candidate)) return describe(candidate);
  }
  return 'No C compiler found: the SDK build needs gcc (with -m32 support) or clang on the PATH. '
    + 'Install one (e.g. `apt-get install gcc`), or use the prebuilt binaries in bin/.';
}
