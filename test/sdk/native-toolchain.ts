// Test helper: compiles small 32-bit programs against the SDK and runs them
// natively on the (x86-64 Linux) host, which executes static i386 ELFs.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findCompiler } from '../../sdk/builder/compiler';
import { runtimeCflags } from '../../sdk/builder/runtime';
import { sdkRoot } from '../../sdk/builder/sdk-root';

export const SDK = sdkRoot();
export const REPO = path.dirname(SDK);
export const NATIVE_DIR = path.join(REPO, 'test', 'sdk', 'native');

let available: boolean | undefined;

/** True when gcc -m32 can build and this host can run a static i386 ELF. */
export function canRunNative32(): boolean {
  if (available !== undefined) return available;
  try {
    const dir = tempDir('probe');
    const src = path.join(dir, 'p.c');
    fs.writeFileSync(src, 'void _start(void){__asm__ volatile("mov $1,%eax; mov $7,%ebx; int $0x80");}\n');
    const exe = path.join(dir, 'p');
    const c = spawnSync('gcc', ['-m32', '-nostdlib', '-static', '-fno-pie', '-no-pie', '-o', exe, src]);
    available = c.status === 0 && spawnSync(exe).status === 7;
  } catch {
    available = false;
  }
  return available;
}

const created: string[] = [];
process.on('exit', () => {
  for (const d of created) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh temporary directory, removed when the test process exits. */
export function tempDir(tag: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `fiasco-sdk-${tag}-`));
  created.push(d);
  return d;
}

/** Compiles and links `sources` with the SDK's flags; throws on errors. */
export function compileNative(exe: string, sources: string[], entry: string, extra: string[] = []): string {
  const cc = findCompiler();
  if (typeof cc === 'string') throw new Error(cc);
  const args = [...runtimeCflags(SDK, cc), `-I${path.join(SDK, 'lib')}`, `-I${NATIVE_DIR}`,
    '-no-pie', '-e', entry, ...extra, '-o', exe, ...sources];
  const r = spawnSync(cc.command, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`compile failed:\n${r.stderr}`);
  return exe;
}

export interface NativeRun {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

export function runNative(exe: string): NativeRun {
  const r = spawnSync(exe, [], { timeout: 20000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

export const sdkLib = (name: string): string => path.join(SDK, 'lib', name);
export const native = (name: string): string => path.join(NATIVE_DIR, name);
