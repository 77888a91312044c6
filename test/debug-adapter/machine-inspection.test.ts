// Machine's inspection API: a debugger's reads and writes of guest memory and registers are never reported as
// the kernel's accesses (they would trigger data breakpoints on UTCB words and the like).
import * as assert from 'assert';
import * as path from 'path';
import { Machine, KernelMemoryAccess } from '../../emulator/machine';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const HELLO = path.join(ROOT, 'examples', 'hello', 'conf', 'modules.lst');

describe('machine inspection API', () => {
  function booted(): { machine: Machine; accesses: KernelMemoryAccess[] } {
    const machine = Machine.boot({ modulesList: HELLO, entry: 'hello-syscall' });
    const accesses: KernelMemoryAccess[] = [];
    for (const task of machine.tasks()) machine.reportKernelAccesses(task, (a) => accesses.push(a));
    return { machine, accesses };
  }

  it('reads and writes guest memory without reporting a kernel access, even inside a slice', () => {
    const { machine, accesses } = booted();
    const t = machine.threads().find((x) => x.task.image)!;
    let during = 0;
    let syscalls = 0;
    // An event listener runs inside runSlice: exactly where the kernel's accesses are reported.
    machine.events.on('syscall', (e) => {
      syscalls++;
      const before = accesses.length;
      const word = Machine.readU32(e.thread.task, e.thread.utcb);
      assert.ok(word !== undefined);
      assert.ok(Machine.writeU32(e.thread.task, e.thread.utcb + 0x100, word));
      during += accesses.length - before;
    });
    machine.runSlice(200_000);
    assert.ok(syscalls > 0, 'the program made system calls');
    assert.strictEqual(during, 0);
    assert.ok(accesses.length > 0, 'the kernel\'s own accesses (IPC into UTCBs) are reported');
    assert.strictEqual(Machine.readMemory(t.task, 0xfffff000, 4), undefined, 'unmapped memory reads as undefined');
  });

  it('reads and writes registers by name', () => {
    const { machine } = booted();
    const t = machine.threads().find((x) => x.task.image)!;
    assert.strictEqual(Machine.writeRegister(t, 'esi', 0x12345678), 0x12345678);
    assert.strictEqual(Machine.readRegister(t, 'esi'), 0x12345678);
    assert.strictEqual(Machine.registers(t).gpr[6], 0x12345678, 'esi is the seventh general register');
    assert.strictEqual(Machine.writeRegister(t, 'eflags', 0xffffffff) & 0x2, 0x2, 'eflags keeps its fixed bit');
  });
});
