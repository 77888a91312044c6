import * as assert from 'assert';
import { HELLO_CONF, bootAndRun } from './boot-helpers';
import { Machine } from '../../emulator/machine';
import { IpcGate } from '../../emulator/kernel/ipc-gate';

describe('guest: the hello examples', () => {
  it('hello (puts) prints "hello" and the boot ends with the program gone, sigma0 and moe waiting', () => {
    const { output, result, machine } = bootAndRun(HELLO_CONF, 'hello');
    assert.strictEqual(output, 'hello\n');
    // As on the real system: the servers wait for requests once the program has exited.
    assert.deepStrictEqual(result, { kind: 'ended', exitCode: 0, reason: 'every thread is blocked with no timeout pending: sigma0:sigma0 (receiving from any), moe:moe (receiving from any)' });
    assert.deepStrictEqual(machine.tasks().map((t) => t.name), ['sigma0', 'moe']);
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
    // moe creates the program's task; look at it when the program prints.
    let printed = false;
    machine.events.on('output', (e) => { if (e.task.name === 'hello') printed = true; });
    for (let i = 0; i < 5000 && !printed; i++) machine.runSlice(1000);
    const task = machine.tasks().find((t) => t.name === 'hello');
    assert.ok(task, 'moe made the task "hello"');
    const cap = (slot: number) => task.caps.entries().find((e) => e.slot === slot)?.object;
    assert.strictEqual(cap(1), task);
    assert.strictEqual(cap(2)?.kind, 'Factory');
    assert.strictEqual(cap(3)?.kind, 'Thread');
    assert.strictEqual(cap(5)?.kind, 'Vlog');
    assert.strictEqual(cap(7)?.kind, 'Scheduler');
    // moe's objects are gates to moe's thread: the region map, the allocator, the parent.
    for (const slot of [0x10, 0x11, 0x13]) {
      const gate = cap(slot);
      assert.ok(gate instanceof IpcGate && gate.thread?.name === 'moe:moe', `slot 0x${slot.toString(16)}: a gate of moe`);
    }
    // named as the real moe names them with CONFIG_MOE_DEBUG_NAMES (its Cap_alloc::alloc names)
    assert.deepStrictEqual([0x10, 0x11, 0x13].map((slot) => cap(slot)?.name), ['moe-rm', 'moe-rootalloc', 'task']);
    const thread = machine.threads().find((t) => t.name === 'hello:main');
    assert.ok(thread, 'the program runs on hello:main');
    assert.strictEqual(thread.task, task);
    assert.strictEqual(thread.prio, 2);
    // %fs:0 must yield the UTCB address (spec §1.5)
    assert.strictEqual(task.as.readU32(thread.cpu.segBase[4]), thread.utcb);
  });

  it('rejects an unknown entry with a message that lists the entries', () => {
    assert.throws(() => Machine.boot({ modulesList: HELLO_CONF, entry: 'nope' }), /nope[\s\S]*hello/);
  });
});
