// The kernel, tested from the inside: C programs in test/kernel/workspace
// (built with the SDK) exercise one kernel feature each and print
// "ok - ..." / "not ok - ..." lines and a final "verdict: pass|fail".
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Machine } from '../../emulator/machine';
import { Thread } from '../../emulator/kernel/thread';
import { EXC_MR } from '../../emulator/kernel/fault-ipc';
import { listEntries } from '../../emulator/boot/boot-config';
import { BootChoice, WORKSPACE, builtModulesList, describeResult, runEntry, skipReason } from './guest-workspace';
import { requireCapability } from '../support/require-tool';
import { requireFixture } from '../real-l4re/fixture';

/**
 * Entries that boot otherwise than with the default roles. A root task of the user's own runs on sigma0 taken
 * from a file, as on the real kernel: here our own user-level sigma0 (servers/bin); the real one further below.
 */
const BOOT: Record<string, BootChoice> = {
  roottask: { roles: 'user-level' },
};

/** The RAM pages the roottask guest wrote (test/kernel/workspace/pkg/roottask): requested, then faulted on. */
const ROOTTASK_PAGES = [
  { address: 0x0200_0000, value: 0x5157_a11c },
  { address: 0x0240_0000, value: 0xfa17_ed01 },
];

/** Output the guest cannot check itself (it goes around its own printf): what must appear. */
const EXPECTED_OUTPUT: Record<string, RegExp[]> = {
  kip: [/kip: syscall via 0xEACFF000\n/, /kip: syscall via KIP\+0x800\n/],
  debugger: [/kdebug: <X\|hello\|cafebabe\|2345f\|abcd\|bcd\|ff\|12345>\n/],
};

/**
 * Threads the kernel must stop with an unhandled fault (and only they); every other entry runs without one.
 * A fault the program's pager refuses is not among them: under L4Re that pager is l4re, which keeps the
 * thread waiting (iso-fault's machine check).
 */
const EXPECTED_FAULTS: Record<string, RegExp[]> = {
};

/**
 * Exactly one thread (its name matching) is in a fault IPC: a write to `address` went to its pager (l4re, in its
 * own task) as a page fault; l4re refused it, so the kernel raised #PF to the exception handler (l4re again),
 * which never answers. The thread waits in that exception IPC for good.
 */
function assertStuckInRefusedWrite(m: Machine, name: RegExp, address: number): void {
  const stuck = m.threads().filter((t) => t.kernelIpc);
  assert.deepStrictEqual(stuck.map((t) => name.test(t.name)), [true], `threads in a fault IPC: ${stuck.map((t) => t.name).join(', ')}`);
  const t = stuck[0];
  assert.strictEqual(t.kernelIpc!.kind, 'exception');
  assert.strictEqual(t.state, 'waiting-reply');
  assert.ok(t.partner instanceof Thread && t.partner.task === t.task, `waits for ${t.partner?.name}, not its own l4re`);
  assert.strictEqual(t.mr(EXC_MR.TRAPNO), 14, 'trap number');
  assert.strictEqual(t.mr(EXC_MR.PFA) >>> 0, (address | 2) >>> 0, 'fault address | write');
}

/** Checks from outside the guest, on the machine it ran in (subscribed before the run). */
const MACHINE_CHECKS: Record<string, (m: Machine) => () => void> = {
  // The crasher's write to 0x10, refused by its l4re (the survivor ran to its end meanwhile).
  'iso-fault': (m) => () => assertStuckInRefusedWrite(m, /^iso-fault:main$/, 0x10),
  // The toucher's write outside every region, after the kernel's memory ran out: the same, for that thread only,
  // seen while main runs on (once main returns, the task goes and the toucher with it).
  'iso-quota': (m) => {
    let seen: (() => void) | undefined;
    m.events.on('output', (e) => {
      if (seen || !e.text.includes('main runs on')) return;
      try {
        assertStuckInRefusedWrite(m, /^iso-quota:thread\d+$/, 0x7ff00100);
        seen = () => undefined;
      } catch (err) {
        seen = () => {
          throw err;
        };
      }
    });
    return () => {
      assert.ok(seen, 'main never said it runs on');
      seen();
    };
  },
  // The harness plays the device: it raises ICU line 5 once the guest says it waits for it.
  icu: (m) => {
    let raised = false;
    m.events.on('output', (e) => {
      if (!raised && e.text.includes('waiting for line 5')) raised = m.raiseIrq(5);
    });
    return () => assert.ok(raised, 'the guest never bound line 5');
  },
  // The names given with l4_debugger_set_object_name show in machine.threads() as "task:thread".
  // sigma0 is a file, and maps RAM 1:1: what the guest wrote at an address lies in the physical frame there.
  roottask: (m) => {
    let sigma0Spoke = false;
    m.events.on('output', (e) => (sigma0Spoke ||= e.text.includes('SIGMA0: Hello!')));
    return () => {
      assert.ok(m.plan.sigma0.path, 'sigma0 is no file');
      assert.ok(sigma0Spoke, 'sigma0 never said hello');
      for (const p of ROOTTASK_PAGES) assert.strictEqual(m.kernel.phys.view.getUint32(p.address, true), p.value, `physical frame 0x${p.address.toString(16)}`);
    };
  },
  debugger: (m) => {
    let names: string[] = [];
    m.events.on('output', (e) => {
      if (e.text.includes('kdebug: <')) names = m.threads().map((t) => t.name);
    });
    return () => {
      assert.ok(names.includes('dbgtask:mainthr'), `no thread "dbgtask:mainthr" in ${JSON.stringify(names)}`);
      assert.ok(names.includes('dbgtask:worker7'), `no thread "dbgtask:worker7" in ${JSON.stringify(names)}`);
    };
  },
};

describe('kernel: guest test programs', function () {
  this.timeout(120_000);
  let modulesList: string;

  before(function () {
    requireCapability(this, 'a C compiler for the 32-bit guest programs', skipReason());
    modulesList = builtModulesList();
  });

  const entries = listEntries(path.join(WORKSPACE, 'conf', 'modules.lst')).map((e) => e.name);

  it('has one boot entry per test package', () => {
    const packages = fs.readdirSync(path.join(WORKSPACE, 'pkg')).sort();
    assert.deepStrictEqual([...entries].sort(), packages);
  });

  /** Boots an entry, runs it to its end and checks its output, its faults and the machine checks. */
  const runAndCheck = (entry: string, boot: BootChoice): Machine => {
    let machineCheck: (() => void) | undefined;
    let machine: Machine | undefined;
    const run = runEntry(modulesList, entry, (m) => ((machine = m), (machineCheck = MACHINE_CHECKS[entry]?.(m))), boot);
    // Programs ned starts write through tagged logs ("tag    | text"): judge the text.
    const text = run.output.replace(/^[\w.-]+ *\| /gm, '');
    const failures = text.split('\n').filter((l) => l.startsWith('not ok'));
    const report = `guest ${entry} ${describeResult(run.result)} after ${run.instructions} instructions; its output:\n${run.output}`;
    assert.deepStrictEqual(failures, [], report);
    assert.ok(/^ok - /m.test(text), `no check ran. ${report}`);
    assert.ok(/^verdict: pass$/m.test(text), `no "verdict: pass". ${report}`);
    assert.ok(!/^verdict: fail$/m.test(text), `a program failed. ${report}`);
    const expected = EXPECTED_FAULTS[entry] ?? [];
    assert.strictEqual(run.faults.length, expected.length, `faults: ${JSON.stringify(run.faults)}. ${report}`);
    run.faults.forEach((f, i) => assert.match(f.message, expected[i], report));
    assert.strictEqual(run.result.kind, 'ended', report);
    if (run.result.kind === 'ended') assert.strictEqual(run.result.exitCode, 0, report);
    for (const re of EXPECTED_OUTPUT[entry] ?? []) assert.match(run.output, re, report);
    machineCheck?.();
    return machine!;
  };

  for (const entry of entries) {
    it(`${entry}: every check passes inside the guest`, () => runAndCheck(entry, BOOT[entry] ?? {}));
  }

  // Cross test: the same root task on the real sigma0 of a real L4Re build (shared/l4re-x86), whose protocol
  // ours follows; absent (a user's machine), a counted skip.
  it('roottask: every check passes on the real sigma0 of shared/l4re-x86 too', function () {
    const sigma0 = requireFixture(this, 'bin/sigma0');
    const machine = runAndCheck('roottask', { roles: 'search-path', searchPath: [path.dirname(sigma0)] });
    assert.strictEqual(machine.plan.sigma0.path, sigma0);
  });
});
