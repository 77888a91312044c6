// A step back by instruction over a call into the syscall page (user-level roles: the kernel installs the
// sysenter stub, which pops the return address and has the kernel resume the caller there, no ret) lands on
// the call itself, as a Step Over forward from the call lands right after it; not inside the stub.
import * as assert from 'assert';
import * as path from 'path';
import { Machine } from '../../emulator/machine';
import type { Thread } from '../../emulator/kernel/thread';
import { SYSCALL_PAGE_ADDRESS } from '../../emulator/kernel/abi';
import { runToClock } from '../../emulator/time-travel/run-to-clock';
import { TimeTravel } from '../../debug-adapter/runtime/time-travel';
import { reverseStepSearch } from '../../debug-adapter/runtime/reverse-step';

const REPO = path.resolve(__dirname, '..', '..', '..');
const LECTURE = path.join(REPO, 'examples', 'lecture', 'conf', 'modules.lst');

const eip = (t: Thread): number => Machine.readRegister(t, 'eip');
const esp = (t: Thread): number => Machine.readRegister(t, 'esp');

describe('time travel: step back over a call', function () {
  this.timeout(300_000);

  it('over a call into the sysenter stub lands on the call (user-level roles)', () => {
    const m = Machine.boot({ modulesList: LECTURE, entry: 'hello', roles: 'user-level' });
    const travel = new TimeTravel();
    travel.newMachine(m);
    travel.atStart(m);
    let program: Thread | undefined;
    while (!program && m.instructions < 50_000_000) {
      runToClock(m, m.instructions + 10_000, 10_000);
      program = m.threads().find((t) => t.task.image && /hello$/.test(t.task.image.path) && t.state !== 'dead');
    }
    assert.ok(program, 'the program thread appears');
    const sysenter = Machine.readMemory(program.task, SYSCALL_PAGE_ADDRESS, 2);
    assert.deepStrictEqual([...(sysenter ?? [])], [0x5b, 0x89], 'the syscall page holds the sysenter stub (pop %ebx; mov %esp,%ebp)');

    // Single-step the program up to its next call into the syscall page, then travel back onto the call: the
    // debugger stopped there (a stop keeps a snapshot).
    travel.atStop(m);
    let before = { clock: m.instructions, eip: eip(program), esp: esp(program) };
    for (let i = 0; i < 1_000_000 && eip(program) !== SYSCALL_PAGE_ADDRESS; i++) {
      before = { clock: m.instructions, eip: eip(program), esp: esp(program) };
      m.runSlice(100_000, { stepThread: program });
    }
    assert.strictEqual(eip(program), SYSCALL_PAGE_ADDRESS, 'the program called the syscall page');
    const ret = Machine.readU32(program.task, esp(program))!;
    assert.strictEqual(travel.goTo(m, before.clock), before.clock);
    assert.strictEqual(eip(program), before.eip);
    travel.atStop(m);

    // Step over the call, as Step Over does: run until the program is back at the return address.
    for (let i = 0; i < 1_000_000 && !(eip(program) === ret && esp(program) >= before.esp); i++) m.runSlice(100_000, { stepThread: program });
    assert.strictEqual(eip(program), ret, 'back from the system call');
    travel.atStop(m);

    assert.strictEqual(travel.problem, undefined);
    const found = travel.searchBack(m, program, reverseStepSearch(m, program, true, undefined));
    assert.strictEqual(found, before.clock, 'one instruction back is the call');
    assert.strictEqual(eip(program).toString(16), before.eip.toString(16));
    assert.strictEqual(esp(program), before.esp);
  });
});
