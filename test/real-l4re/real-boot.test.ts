// The real L4Re build (shared/l4re-x86/bin: sigma0, moe, l4re, ned, hello) booted on our kernel, checked
// line by line against the serial logs of the same binaries on the real Fiasco under QEMU.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { requireFixture } from './fixture';
import { referenceLines, runRealEntry } from './real-boot-helpers';

/** 100 instructions per emulated µs: one emulated second. */
const SECOND = 100_000_000;

describe('real L4Re: the reference build boots on our kernel', function () {
  this.timeout(180_000);
  let bin: string;
  let reference: string;
  let modulesList: string;

  beforeEach(function () {
    bin = requireFixture(this, 'bin');
    reference = requireFixture(this, 'reference');
    modulesList = requireFixture(this, 'conf/modules.list');
  });

  it('roottask moe --init=rom/hello: sigma0, moe and hello print exactly the lines of boot-hello.log', () => {
    // reference/ holds the real kernel file: bootstrap copies it as module 0, so the modules land where
    // the real boot put them and moe's ROMFS lines show the same addresses.
    const run = runRealEntry({ modulesList, entry: 'hello', searchPath: [bin, reference], countPattern: /^Hello World!$/, count: 3, maxInstructions: 10 * SECOND });
    const ref = referenceLines(fs.readFileSync(path.join(reference, 'boot-hello.log'), 'utf8'));
    assert.strictEqual(run.stamps.length, 3, run.lines.join('\n'));
    assert.deepStrictEqual(run.lines, ref.slice(0, run.lines.length));
    for (const must of ['SIGMA0: Hello!', '  Found Fiasco: KIP syscalls: yes', 'MOE: Hello world', 'MOE: virtual user address space [0-bfffffff]', 'MOE: cmdline: moe --init=rom/hello', 'Hello World!']) {
      assert.ok(run.lines.includes(must), `missing "${must}"`);
    }
  });

  it('hello prints once per emulated second (it sleeps 1 s between lines)', () => {
    const run = runRealEntry({ modulesList, entry: 'hello', searchPath: [bin], countPattern: /^Hello World!$/, count: 3, maxInstructions: 10 * SECOND });
    const gaps = run.stamps.slice(1).map((s, i) => s - run.stamps[i]);
    for (const g of gaps) assert.ok(Math.abs(g - SECOND) < SECOND / 100, `gap of ${g} instructions between Hello lines, not one second`);
  });

  it('without the kernel file, only the ROMFS addresses differ from the real boot', () => {
    const run = runRealEntry({ modulesList, entry: 'hello', searchPath: [bin], countPattern: /^Hello World!$/, count: 1, maxInstructions: 10 * SECOND });
    const ref = referenceLines(fs.readFileSync(path.join(reference, 'boot-hello.log'), 'utf8')).slice(0, run.lines.length);
    const differing = run.lines.map((l, i) => [l, ref[i]]).filter(([a, b]) => a !== b);
    assert.ok(differing.length > 0);
    for (const [ours, real] of differing) {
      const strip = (s: string): string => s.replace(/^  ROMFS: \[[0-9a-f]+-[0-9a-f]+\]/, '  ROMFS: [..]').replace(/^\[4:---:[0-9a-f]+;[0-9a-f]+\]$/, '[4:---:modules]').replace(/^\[0:RWX:[0-9a-f]+;[0-9a-f]+\]$/, '[0:RWX:free]');
      assert.strictEqual(strip(ours), strip(real), `unexpected difference:\n ours: ${ours}\n real: ${real}`);
    }
  });

  it('roottask moe rom/hello.cfg: ned starts hello with moe\'s tagged log, exactly as boot-ned.log', () => {
    const run = runRealEntry({ modulesList, entry: 'hello-cfg', searchPath: [bin, reference], countPattern: /hello {3}\| Hello World!/, count: 2, maxInstructions: 10 * SECOND });
    const ref = referenceLines(fs.readFileSync(path.join(reference, 'boot-ned.log'), 'utf8'));
    assert.strictEqual(run.stamps.length, 2, run.lines.join('\n'));
    assert.deepStrictEqual(run.lines, ref.slice(0, run.lines.length));
    assert.ok(run.lines.includes('Ned says: Hi World!'));
    assert.ok(run.lines.includes("Ned: loading file: 'rom/hello.cfg'"));
  });

  it('hello-2: ned starts two hellos, each with the coloured tag its script gives (red hello-1, cyan hello-2)', () => {
    const run = runRealEntry({ modulesList, entry: 'hello-2', searchPath: [bin], countPattern: /\| Hello World!/, count: 4, maxInstructions: 10 * SECOND });
    const tagged = run.lines.filter((l) => l.includes('| Hello World!'));
    assert.ok(tagged.includes('\x1b[31mhello-1 | Hello World!\x1b[0m'), tagged.join('\n'));
    assert.ok(tagged.includes('\x1b[36mhello-2 | Hello World!\x1b[0m'), tagged.join('\n'));
  });

  it('the threads of sigma0, moe, ned and the program are kernel threads the debugger can list', () => {
    const run = runRealEntry({ modulesList, entry: 'hello-cfg', searchPath: [bin], countPattern: /Hello World!/, count: 1, maxInstructions: 10 * SECOND });
    const tasks = run.machine.tasks().map((t) => t.name);
    for (const t of ['sigma0', 'moe', 'ned']) assert.ok(tasks.includes(t), `no task ${t} in ${tasks.join(', ')}`);
    // The program's task: l4re's thread and the program's main thread, both in one task (l4re runs in-task).
    const app = run.machine.tasks().find((t) => !['sigma0', 'moe', 'ned'].includes(t.name));
    assert.ok(app, tasks.join(', '));
    assert.strictEqual(app.threads.length, 2, app.threads.map((t) => t.name).join(', '));
    assert.ok(run.machine.threads().length >= 8);
  });
});
