// The other direction: a program built with the real L4Re (shared/l4re-x86/bin/hello: uClibc, L4Re's C++
// libraries) started by our own user-level servers (servers/bin). Its libc asks the region manager for
// anonymous memory (TLS, heap), its puts goes to the log: our moe and l4re serve the messages L4Re's
// interfaces send. And the real l4re (the real loader and region manager) on our sigma0 and moe.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { userLevelServersDir } from '../../emulator/boot/user-level-servers';
import type { RoleChoice } from '../../emulator/boot/role-resolution';
import { requireFixture } from './fixture';
import { runRealEntry, stripColours } from './real-boot-helpers';

/** 100 instructions per emulated µs: one emulated second. */
const SECOND = 100_000_000;

/** role=directory of the file it took, for the roles that ran. */
const rolesTaken = (roles: readonly RoleChoice[]): string[] => roles.map((r) => `${r.role}=${path.dirname(r.path)}`);

describe('real L4Re: a program built with the real L4Re under our user-level moe', function () {
  this.timeout(300_000);

  it('the real hello prints "Hello World!" once per second with our sigma0, moe and l4re', function () {
    const bin = requireFixture(this, 'bin');
    const modulesList = requireFixture(this, 'conf/modules.list');
    const run = runRealEntry({ modulesList, entry: 'hello', searchPath: [bin], roles: 'user-level', countPattern: /^Hello World!$/, count: 2, maxInstructions: 5 * SECOND });
    assert.strictEqual(run.stamps.length, 2, run.lines.join('\n'));
    const own = userLevelServersDir()!;
    assert.deepStrictEqual(rolesTaken(run.machine.plan.roles), [`sigma0=${own}`, `moe=${own}`, `l4re=${own}`]);
    assert.strictEqual(run.machine.plan.modules.find((m) => m.name === 'hello')?.path, path.join(bin, 'hello'), 'the real program');
    const gap = run.stamps[1] - run.stamps[0];
    assert.ok(Math.abs(gap - SECOND) < SECOND / 100, `gap of ${gap} instructions, not one second`);
  });

  it('the real l4re and hello on our sigma0 and moe (only those two files on the search path)', function () {
    const bin = requireFixture(this, 'bin');
    const modulesList = requireFixture(this, 'conf/modules.list');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-real-l4re-'));
    try {
      for (const f of ['l4re', 'hello']) fs.copyFileSync(path.join(bin, f), path.join(dir, f));
      const run = runRealEntry({ modulesList, entry: 'hello', searchPath: [dir], countPattern: /^Hello World!$/, count: 2, maxInstructions: 5 * SECOND });
      assert.strictEqual(run.stamps.length, 2, run.lines.join('\n'));
      const own = userLevelServersDir()!;
      assert.deepStrictEqual(rolesTaken(run.machine.plan.roles), [`sigma0=${own}`, `moe=${own}`, `l4re=${dir}`]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('started by our ned from the real hello.cfg, with moe\'s tagged log', function () {
    const bin = requireFixture(this, 'bin');
    const modulesList = requireFixture(this, 'conf/modules.list');
    const run = runRealEntry({ modulesList, entry: 'hello-cfg', searchPath: [bin], roles: 'user-level', countPattern: /^(\x1b\[[0-9;]*m)?hello {3}\| Hello World!(\x1b\[0m)?$/, count: 2, maxInstructions: 5 * SECOND });
    assert.strictEqual(run.stamps.length, 2, run.lines.map(stripColours).join('\n'));
    const own = userLevelServersDir()!;
    assert.deepStrictEqual(rolesTaken(run.machine.plan.roles), [`sigma0=${own}`, `moe=${own}`, `l4re=${own}`, `ned=${own}`]);
  });
});
