// The kernel, tested from the inside: C programs in test/kernel/workspace
// (built with the SDK) exercise one kernel feature each and print
// "ok - ..." / "not ok - ..." lines and a final "verdict: pass|fail".
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildTree, findCompiler } from '../../sdk/builder';
import { Machine, SliceResult } from '../../emulator/machine';
import { listEntries } from '../../emulator/boot/boot-config';

const REPO = path.resolve(__dirname, '..', '..', '..');
const WORKSPACE = path.join(REPO, 'test', 'kernel', 'workspace');
/** Enough for the longest program (timeouts of a few ms at 100 instructions per µs) many times over. */
const MAX_INSTRUCTIONS = 200_000_000;
const SLICE = 1_000_000;

interface GuestRun {
  output: string;
  result: SliceResult;
  instructions: number;
}

function runEntry(modulesList: string, entry: string): GuestRun {
  const machine = Machine.boot({ modulesList, entry });
  let output = '';
  machine.events.on('output', (e) => (output += e.text));
  let result: SliceResult = { kind: 'budget' };
  while (machine.instructions < MAX_INSTRUCTIONS) {
    result = machine.runSlice(SLICE);
    if (result.kind !== 'budget') break;
  }
  return { output, result, instructions: machine.instructions };
}

function describeResult(r: SliceResult): string {
  switch (r.kind) {
    case 'ended':
      return `ended (exit ${r.exitCode}: ${r.reason})`;
    case 'fault':
      return `fault in ${r.thread.name}: ${r.message}`;
    case 'budget':
      return `still running after ${MAX_INSTRUCTIONS} instructions`;
    default:
      return r.kind;
  }
}

/** Copies the workspace sources (not bin/ or obj/) so the build leaves the repository clean. */
function copyWorkspace(to: string): void {
  for (const part of ['conf', 'include', 'pkg']) fs.cpSync(path.join(WORKSPACE, part), path.join(to, part), { recursive: true });
}

describe('kernel: guest test programs', function () {
  this.timeout(120_000);
  let dir: string;
  let modulesList: string;

  before(function () {
    if (typeof findCompiler() === 'string') {
      console.log('    (skipped: no C compiler for the 32-bit guest programs)');
      this.skip();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-kernel-tests-'));
    copyWorkspace(dir);
    const built = buildTree(dir);
    assert.ok(built.ok, `building the kernel test workspace failed:\n${built.errors.join('\n')}`);
    modulesList = path.join(dir, 'conf', 'modules.lst');
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const entries = listEntries(path.join(WORKSPACE, 'conf', 'modules.lst')).map((e) => e.name);

  it('has one boot entry per test package', () => {
    const packages = fs.readdirSync(path.join(WORKSPACE, 'pkg')).sort();
    assert.deepStrictEqual([...entries].sort(), packages);
  });

  for (const entry of entries) {
    it(`${entry}: every check passes inside the guest`, () => {
      const run = runEntry(modulesList, entry);
      const failures = run.output.split('\n').filter((l) => l.startsWith('not ok'));
      const report = `guest ${entry} ${describeResult(run.result)} after ${run.instructions} instructions; its output:\n${run.output}`;
      assert.deepStrictEqual(failures, [], report);
      assert.ok(/^ok - /m.test(run.output), `no check ran. ${report}`);
      assert.ok(/^verdict: pass$/m.test(run.output), `no "verdict: pass". ${report}`);
      assert.strictEqual(run.result.kind, 'ended', report);
      if (run.result.kind === 'ended') assert.strictEqual(run.result.exitCode, 0, report);
    });
  }
});
