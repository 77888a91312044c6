// The lecture's examples (examples/lecture): every entry boots and prints what the lecture expects, with
// the committed prebuilt programs; rebuilding them from pkg/ gives the same binaries and the same behaviour.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { listEntries } from '../../emulator/boot/boot-config';
import { buildTree } from '../../sdk/builder';
import { LECTURE, LECTURE_CONF, Run, copyWorkspace, onlyServersLeft, runEntry } from './l4re-helpers';
import { requireTool } from '../support/require-tool';

/** What each entry prints; `ends` says how the boot ends. */
const EXPECTED: Record<string, { output: string; ends: 'all exited' | 'blocked' }> = {
  hello: { output: 'Hello World!\nI am rom/hello, started by moe.\n', ends: 'all exited' },
  'hello-syscall': { output: 'hello\n', ends: 'all exited' },
  // Deterministic: the same number of lost updates in every run with the default time slice.
  'counter-race': { output: 'counter = 1833324, expected 2000000\nlost updates: 166676\n', ends: 'all exited' },
  'counter-mutex': { output: 'counter = 2000000, expected 2000000\nlost updates: 0\n', ends: 'all exited' },
  serializer: { output: 'counter = 6000, expected 6000\n', ends: 'all exited' },
  'client-server': {
    output: [
      'server  | server: ready',
      ...[1, 2, 3, 4, 5].flatMap((x) => [`server  | server: request ${x} (label 0x10)`, `client  | client: ${x} squared is ${x * x}`]),
      'client  | client: done',
      '',
    ].join('\n'),
    ends: 'blocked', // the server waits for more requests
  },
  pager: {
    output: [
      'pager: read fault at 0x40000000, mapping frame 0',
      'worker: reading page 0: 0x10ab',
      'pager: read fault at 0x40001000, mapping frame 1',
      'worker: reading page 1: 0x20ab',
      'pager: write fault at 0x40002000, mapping frame 2',
      'worker: wrote 0xcafe to page 2',
      'pager: worker done after 3 page faults; page 2 holds 0xcafe',
      '',
    ].join('\n'),
    ends: 'all exited',
  },
  'exception-handler': {
    output: [
      'worker: computing 100 / 0',
      'handler: exception 0 (divide error), ecx = 0',
      'handler: set ecx to 4 and resume the worker',
      'worker: 100 / divisor = 25',
      'handler: worker done',
      '',
    ].join('\n'),
    ends: 'all exited',
  },
  irq: {
    output: [1, 2, 3, 4, 5].map((n) => `interrupt ${n}: label 0x42 after ${n * 10} ms\n`).join('') + '5 interrupts received\n',
    ends: 'all exited',
  },
  capabilities: { output: 'capabilities mapped: main -> sandbox -> guest\n', ends: 'blocked' }, // main serves its gate
  sleep: {
    output: 'l4_sleep(100) returned after 100 ms\nl4_sleep(200) returned after 200 ms\nl4_sleep(300) returned after 300 ms\ndone sleeping\n',
    ends: 'all exited',
  },
};

function describeRun(r: Run): string {
  return `result ${JSON.stringify({ ...r.result, thread: undefined })}, output:\n${r.output}`;
}

describe('examples/lecture', function () {
  this.timeout(120_000);

  it('has an entry for every example, and an expectation for every entry', () => {
    const names = listEntries(LECTURE_CONF).map((e) => e.name);
    assert.deepStrictEqual([...names].sort(), Object.keys(EXPECTED).sort());
    for (const n of names.filter((x) => x !== 'client-server')) assert.ok(fs.existsSync(path.join(LECTURE, 'bin', n)), `bin/${n} is committed`);
  });

  for (const [entry, want] of Object.entries(EXPECTED)) {
    it(`${entry} prints the expected output`, () => {
      const r = runEntry(LECTURE_CONF, entry);
      assert.strictEqual(r.result.kind, 'ended', describeRun(r));
      assert.strictEqual(r.output, want.output, describeRun(r));
      if (r.result.kind === 'ended') {
        assert.match(r.result.reason, /blocked/, 'sigma0 and moe wait for requests after the programs end');
        assert.strictEqual(onlyServersLeft(r), want.ends === 'all exited', describeRun(r));
        assert.strictEqual(r.result.exitCode, 0);
      }
    });
  }

  it('counter-race loses the same updates in every run (the machine is deterministic)', () => {
    const a = runEntry(LECTURE_CONF, 'counter-race');
    const b = runEntry(LECTURE_CONF, 'counter-race');
    assert.strictEqual(a.output, b.output);
    assert.strictEqual(a.instructions, b.instructions);
    assert.notStrictEqual(a.output, EXPECTED['counter-mutex'].output, 'updates are lost without the mutex');
  });

  describe('rebuilt from pkg/', function () {
    let dir = '';
    before(function () {
      requireTool(this, 'gcc');
      dir = copyWorkspace(LECTURE, 'lecture-rebuild-');
      const log: string[] = [];
      const r = buildTree(dir, { log: (l) => log.push(l) });
      assert.ok(r.ok, `build failed:\n${r.errors.join('\n')}\n${log.join('\n')}`);
    });
    after(() => {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('gives byte-identical programs', () => {
      for (const f of fs.readdirSync(path.join(LECTURE, 'bin'))) {
        const committed = fs.readFileSync(path.join(LECTURE, 'bin', f));
        const rebuilt = fs.readFileSync(path.join(dir, 'bin', f));
        assert.ok(committed.equals(rebuilt), `bin/${f} differs from a fresh build: rebuild examples/lecture and commit bin/`);
      }
    });

    for (const entry of Object.keys(EXPECTED)) {
      it(`${entry} behaves identically`, () => {
        const committed = runEntry(LECTURE_CONF, entry);
        const rebuilt = runEntry(path.join(dir, 'conf', 'modules.lst'), entry);
        assert.strictEqual(rebuilt.output, committed.output);
        assert.strictEqual(rebuilt.instructions, committed.instructions);
        assert.strictEqual(rebuilt.result.kind, committed.result.kind);
      });
    }
  });
});
