// The other direction: a program built with the real L4Re (shared/l4re-x86/bin/hello: uClibc, L4Re's C++
// libraries) started by our own moe role. Its libc asks our region manager for anonymous memory (TLS, heap),
// its puts goes to our log: our moe serves the messages L4Re's interfaces send.
import * as assert from 'assert';
import { requireFixture } from './fixture';
import { runRealEntry } from './real-boot-helpers';

/** 100 instructions per emulated µs: one emulated second. */
const SECOND = 100_000_000;

describe('real L4Re: a program built with the real L4Re under our moe role', function () {
  this.timeout(120_000);

  it('the real hello prints "Hello World!" once per second with our built-in sigma0, moe and loader', function () {
    const bin = requireFixture(this, 'bin');
    const modulesList = requireFixture(this, 'conf/modules.list');
    const run = runRealEntry({ modulesList, entry: 'hello', searchPath: [bin], roles: 'builtin', countPattern: /^Hello World!$/, count: 2, maxInstructions: 5 * SECOND });
    assert.strictEqual(run.stamps.length, 2, run.lines.join('\n'));
    assert.ok(!run.lines.includes('MOE: Hello world'), 'the real moe must not be the one running');
    const gap = run.stamps[1] - run.stamps[0];
    assert.ok(Math.abs(gap - SECOND) < SECOND / 100, `gap of ${gap} instructions, not one second`);
  });

  it('started by our ned role from the real hello.cfg, with moe\'s tagged log', function () {
    const bin = requireFixture(this, 'bin');
    const modulesList = requireFixture(this, 'conf/modules.list');
    const run = runRealEntry({ modulesList, entry: 'hello-cfg', searchPath: [bin], roles: 'builtin', countPattern: /^hello {3}\| Hello World!$/, count: 2, maxInstructions: 5 * SECOND });
    assert.strictEqual(run.stamps.length, 2, run.lines.join('\n'));
  });
});
