// Test helper: compiles small 32-bit programs against the SDK and runs them on
// the i386 oracle: natively where the host executes static i386 ELFs, else qemu-i386.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findCompiler } from '../../sdk/builder/compiler';
import { runtimeCflags } from '../../sdk/builder/runtime';
import { sdkRoot } from '../../sdk/builder/sdk-root';
import { runOnOracle } from '../support/guest-oracle';
import { haveTool, requireCapability, requireTool } from '../support/require-tool';

export const SDK = sdkRoot();
export const REPO = path.dirname(SDK);
export const NATIVE_DIR = path.join(REPO, 'test', 'sdk', 'native');

/** Why the SDK's compiler cannot build here, or undefined when it can. */
export function sdkCompilerMissingReason(): string | undefined {
  const cc = findCompiler();
  return typeof cc === 'string' ? cc : undefined;
}

/** Fails (CI) or skips counted (elsewhere) unless the SDK's compiler builds 32-bit code here. */
export function requireSdkCompiler(ctx: Mocha.Context): void {
  requireCapability(ctx, 'a C compiler for 32-bit SDK programs', sdkCompilerMissingReason());
}

/** Fails (CI) or skips counted (elsewhere) unless 32-bit programs can be built and run on the i386 oracle. */
export function requireNative32(ctx: Mocha.Context): void {
  requireSdkCompiler(ctx);
  requireTool(ctx, 'oracle');
}

/** True when programs can be built and run on the i386 oracle. Tests should call requireNative32 (no silent skips). */
export function canRunNative32(): boolean {
  return sdkCompilerMissingReason() === undefined && haveTool('oracle');
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

/** Runs a static i386 program on the oracle (natively or under qemu-i386). */
export function runNative(exe: string): NativeRun {
  const r = runOnOracle(exe, { timeoutMs: 20000 });
  if (r.error) throw new Error(`running ${exe} on the oracle failed: ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const sdkLib = (name: string): string => path.join(SDK, 'lib', name);
export const native = (name: string): string => path.join(NATIVE_DIR, name);
