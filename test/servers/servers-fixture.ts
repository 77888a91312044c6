// The servers/ workspace (our user-level L4Re servers) for the tests, and a search-path directory that holds
// only our sigma0: put first, it replaces the real sigma0 while moe, l4re and the programs stay the real
// ones, even when servers/bin also holds our own moe.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const SERVERS = path.resolve(__dirname, '..', '..', '..', 'servers');

/** A fresh temp directory with a link named sigma0 to servers/bin/sigma0 (the caller removes it). */
export function sigma0OnlyDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-sigma0-'));
  fs.symlinkSync(path.join(SERVERS, 'bin', 'sigma0'), path.join(dir, 'sigma0'));
  return dir;
}

/** The 1-based line of `file` holding `text` (exactly one such line, so a moved marker fails loudly). */
export function lineIn(file: string, text: string): number {
  const hits = fs.readFileSync(file, 'utf8').split('\n').map((l, i) => (l.includes(text) ? i + 1 : 0)).filter((n) => n > 0);
  assert.strictEqual(hits.length, 1, `${path.basename(file)} lines containing ${text}: ${hits.join(', ')}`);
  return hits[0];
}

/** Whether `a` names the existing file `b` (through links: the adapter may report either form). */
export function samePath(a: string | undefined, b: string): boolean {
  return a !== undefined && fs.existsSync(a) && fs.realpathSync(a) === fs.realpathSync(b);
}
