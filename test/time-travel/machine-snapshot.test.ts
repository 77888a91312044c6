// Machine state capture and restore (issue 15): run N, snapshot, run M, hash; restore, run M again (sliced
// differently), same hash — and the same as a fresh boot run straight to N+M. On lecture examples with IPC,
// IRQs, timeouts, threads, page faults, exceptions and ned's Lua script, on the user-level roles (our sigma0,
// moe, l4re and ned boot first: a program starts near 1M instructions, so N and N+M fall inside its run).
import * as assert from 'assert';
import * as path from 'path';
import { Machine } from '../../emulator/machine';
import type { RolePolicy } from '../../emulator/boot/role-resolution';
import { captureMachine, restoreMachine, stateHash } from '../../emulator/time-travel/machine-snapshot';
import { runToClock } from '../../emulator/time-travel/run-to-clock';

const REPO = path.resolve(__dirname, '..', '..', '..');
const LECTURE = path.join(REPO, 'examples', 'lecture', 'conf', 'modules.lst');

function boot(entry: string, roles: RolePolicy): Machine {
  return Machine.boot({ modulesList: LECTURE, entry, roles });
}

const CASES: Array<{ entry: string; roles: RolePolicy; n: number; m: number; what: string }> = [
  { entry: 'pager', roles: 'user-level', n: 100_000, m: 300_000, what: 'sigma0 and moe booting' },
  { entry: 'counter-race', roles: 'user-level', n: 3_000_000, m: 3_000_000, what: 'two threads racing' },
  { entry: 'client-server', roles: 'auto', n: 2_140_000, m: 50_000, what: 'client and server in IPC' },
  { entry: 'irq', roles: 'user-level', n: 1_500_000, m: 1_000_000, what: 'across the first interrupt' },
  { entry: 'sleep', roles: 'user-level', n: 3_000_000, m: 6_000_000, what: 'inside l4_sleep(100): a timeout pending' },
  { entry: 'pager', roles: 'user-level', n: 1_026_000, m: 20_000, what: 'between page faults' },
  { entry: 'exception-handler', roles: 'user-level', n: 1_023_000, m: 10_000, what: 'across the exception and the resume' },
  { entry: 'counter-mutex', roles: 'user-level', n: 3_000_000, m: 2_000_000, what: 'threads on a mutex' },
  { entry: 'irq', roles: 'user-level', n: 3_000_000, m: 2_000_000, what: 'between interrupts' },
  // Past the start of ned's script: the user-level ned's Lua coprocessor (a kernel object) holds a Lua state.
  { entry: 'client-server', roles: 'user-level', n: 2_000_000, m: 200_000, what: 'ned\'s script running' },
];

describe('time travel: machine snapshots restore the exact state', function () {
  this.timeout(600_000);
  for (const c of CASES) {
    it(`${c.entry} (${c.roles} roles, ${c.what}): run N, snapshot, run M twice → same hash as a straight run`, () => {
      const a = boot(c.entry, c.roles);
      runToClock(a, c.n, 1_000_000);
      const atN = stateHash(a);
      const snap = captureMachine(a);
      const first = runToClock(a, c.n + c.m, 777_777);
      const h1 = stateHash(a);
      assert.notStrictEqual(h1, atN, 'the run changed the state');
      restoreMachine(a, snap);
      assert.strictEqual(stateHash(a), atN, 'restored state equals the state at the snapshot');
      const second = runToClock(a, c.n + c.m, 3_000_001);
      assert.deepStrictEqual(second, first);
      assert.strictEqual(stateHash(a), h1, 'the replay after the restore reaches the same state');
      const fresh = boot(c.entry, c.roles);
      runToClock(fresh, c.n + c.m, 123_457);
      assert.strictEqual(stateHash(fresh), h1, 'a fresh boot sliced otherwise reaches the same state');
    });
  }

  it('restores a snapshot taken after another one (pages shared with the earlier snapshot)', () => {
    const a = boot('counter-race', 'user-level');
    runToClock(a, 2_000_000, 1_000_000);
    const s1 = captureMachine(a);
    const h1 = stateHash(a);
    runToClock(a, 3_000_000, 1_000_000);
    const s2 = captureMachine(a, s1);
    const h2 = stateHash(a);
    assert.ok(s2.ownBytes < s1.ownBytes, `the second snapshot copies only what changed (${s2.ownBytes} < ${s1.ownBytes})`);
    runToClock(a, 4_000_000, 1_000_000);
    restoreMachine(a, s1);
    assert.strictEqual(stateHash(a), h1);
    restoreMachine(a, s2);
    assert.strictEqual(stateHash(a), h2);
  });

  it('keeps breakpoints and data watches armed now across a restore', () => {
    const a = boot('counter-race', 'user-level');
    runToClock(a, 2_000_000, 1_000_000);
    const snap = captureMachine(a);
    const task = a.tasks().find((t) => t.name === 'counter-race');
    assert.ok(task, 'the program runs at the snapshot');
    const main = a.threads().find((t) => t.task === task);
    assert.ok(main);
    Machine.codeBreakpoints(task).addBreakpoint(main.cpu.eip);
    restoreMachine(a, snap);
    assert.strictEqual(task.as.breakpointCount, 1);
  });
});
