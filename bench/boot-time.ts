// Boot time of the hello entry as a user sees it: `fiasco run` from process start to the first line of guest
// output (best of several runs), and, inside one process, Machine.boot to that line.
import { spawn } from 'child_process';
import * as path from 'path';
import { Machine } from '../emulator/machine';

const ROOT = path.resolve(__dirname, '..', '..');
export const HELLO_MODULES = path.join(ROOT, 'examples', 'hello', 'conf', 'modules.lst');
const CLI_BUNDLE = path.join(ROOT, 'dist', 'cli.js');

function firstOutputOfProcess(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [CLI_BUNDLE, 'run', '--conf', HELLO_MODULES, '--entry', 'hello'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let done = false;
    child.stdout.on('data', () => {
      if (done) return;
      done = true;
      resolve(Number(process.hrtime.bigint() - t0) / 1e6);
      child.kill();
    });
    child.on('exit', (code) => {
      if (!done) reject(new Error(`fiasco run --entry hello printed nothing (exit ${code})`));
    });
  });
}

/** Milliseconds from `node dist/cli.js run --entry hello` to its first output: best of `runs`. */
export async function processBootMs(runs = 5): Promise<number> {
  let best = Infinity;
  for (let k = 0; k < runs; k++) best = Math.min(best, await firstOutputOfProcess());
  return best;
}

/** Milliseconds from Machine.boot to the hello entry's first output, in this (warm) process: best of `runs`. */
export function inProcessBootMs(runs = 5): { ms: number; instructions: number } {
  let best = Infinity, instructions = 0;
  for (let k = 0; k < runs; k++) {
    const t0 = process.hrtime.bigint();
    const machine = Machine.boot({ modulesList: HELLO_MODULES, entry: 'hello' });
    let printed = false, at = 0;
    machine.events.on('output', () => {
      // Counted at the output, not at the end of the slice that printed it.
      if (!printed) at = machine.retiredInstructions;
      printed = true;
    });
    while (!printed && machine.runSlice(100_000).kind !== 'ended') { /* run to the first output */ }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (ms < best) { best = ms; instructions = at; }
  }
  return { ms: best, instructions };
}
