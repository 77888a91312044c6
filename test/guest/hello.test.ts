import * as assert from 'assert';
import { HELLO_CONF, bootAndRun } from './boot-helpers';
import { Machine } from '../../emulator/machine';

describe('guest: the hello examples', () => {
  it('hello (puts) prints "hello" and the boot ends with every task exited', () => {
    const { output, result, machine } = bootAndRun(HELLO_CONF, 'hello');
    assert.strictEqual(output, 'hello\n');
    assert.deepStrictEqual(result, { kind: 'ended', exitCode: 0, reason: 'all tasks exited' });
    assert.strictEqual(machine.tasks().length, 0);
  });

  it('hello-syscall (the manual log IPC) prints "hello"', () => {
    const { output, result } = bootAndRun(HELLO_CONF, 'hello-syscall');
    assert.strictEqual(output, 'hello\n');
    assert.strictEqual(result.kind, 'ended');
  });

  it('is deterministic: the same boot retires the same number of instructions', () => {
    const a = bootAndRun(HELLO_CONF, 'hello');
    const b = bootAndRun(HELLO_CONF, 'hello');
    assert.ok(a.machine.instructions > 0);
    assert.strictEqual(a.machine.instructions, b.machine.instructions);
  });

  it('starts the init program with the L4Re initial capabilities and an env', () => {
    const machine = Machine.boot({ modulesList: HELLO_CONF, entry: 'hello' });
    const [task] = machine.tasks();
    assert.strictEqual(task.name, 'hello');
    const kinds = new Map(task.caps.entries().map((e) => [e.slot, e.object.kind]));
    assert.strictEqual(kinds.get(1), 'Task');
    assert.strictEqual(kinds.get(2), 'Factory');
    assert.strictEqual(kinds.get(3), 'Thread');
    assert.strictEqual(kinds.get(5), 'Vlog');
    assert.strictEqual(kinds.get(7), 'Moe.Scheduler');
    assert.strictEqual(kinds.get(0x10), 'Moe.Rm');
    assert.strictEqual(kinds.get(0x13), 'Moe.Parent');
    const [thread] = machine.threads();
    assert.strictEqual(thread.name, 'hello:main');
    assert.strictEqual(thread.prio, 2);
    // %fs:0 must yield the UTCB address (spec §1.5)
    assert.strictEqual(task.as.readU32(thread.cpu.segBase[4]), thread.utcb);
  });

  it('rejects an unknown entry with a message that lists the entries', () => {
    assert.throws(() => Machine.boot({ modulesList: HELLO_CONF, entry: 'nope' }), /nope[\s\S]*hello/);
  });
});
