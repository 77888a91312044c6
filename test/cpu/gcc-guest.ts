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

/** Builds guest/<name>.c at the given optimisation level; returns the ELF path or undefined if gcc fails. */
export function buildGuest(name: string, opt: string): string | undefined {
  if (tmp === undefined) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-cpu-'));
    tmp = dir;
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  const out = path.join(tmp, `${name}${opt}`);
  if (fs.existsSync(out)) return out;
  try {
    execFileSync('gcc', ['-m32', '-march=i686', opt, '-static', '-nostdlib', '-ffreestanding', '-fno-pie', '-no-pie',
      '-fno-stack-protector', '-fno-asynchronous-unwind-tables', '-o', out, path.join(GUEST_DIR, `${name}.c`)], { stdio: 'pipe' });
    return out;
  } catch {
    return undefined;
  }
}
