// The emulated clock stays exact after an absolute timeout far in the future (issue 11, item 6): such a
// timeout never fires (the real kernel would wait for ages), so the clock never jumps to a value where a
// double can no longer count single instructions, and a 1000 µs sleep still takes exactly 1000 µs.
import * as assert from 'assert';
import { Reg } from '../../emulator/cpu/cpu';
import { INVALID_CAP, SYSF_RECV, UTCB_BR_OFFSET } from '../../emulator/kernel/abi';
import { MAX_CLOCK } from '../../emulator/kernel/kernel';
import type { Thread } from '../../emulator/kernel/thread';
import { Harness, makeHarness } from './kernel-harness';

/** A closed receive from oneself (l4_ipc_sleep) with the given receive timeout half-word. */
function sleep(h: Harness, t: Thread, rcvTimeout: number): void {
  t.cpu.regs[Reg.EAX] = 0;
  t.cpu.regs[Reg.ECX] = rcvTimeout;
  t.cpu.regs[Reg.EDX] = (INVALID_CAP | SYSF_RECV) >>> 0;
  h.kernel.syscall(t);
}

/** What the machine does while every thread sleeps: jump to the next timeout and fire it. */
function idle(h: Harness): void {
  const next = h.kernel.nextTimeout();
  if (next !== undefined && next > h.kernel.clock) h.kernel.clock = next;
  h.kernel.fireTimeouts();
}

function absoluteSleep(h: Harness, t: Thread, us: number): void {
  t.task.as.writeU32(t.utcb + UTCB_BR_OFFSET + 8, us % 0x1_0000_0000);
  t.task.as.writeU32(t.utcb + UTCB_BR_OFFSET + 12, Math.floor(us / 0x1_0000_0000));
  sleep(h, t, 0x8000 | 2); // absolute, in BR2/BR3
}

/** 1000 µs relative timeout: mantissa 1000, exponent 0. */
const US_1000 = 1000;

describe('kernel: clock precision', () => {
  it('an absolute timeout far in the future never fires and leaves the clock exact', () => {
    const h = makeHarness();
    const far = h.kernel.createThread(h.task, 'far');
    far.bindUtcb(h.kernel.allocUtcb(h.task));
    absoluteSleep(h, far, 2 ** 62);
    assert.strictEqual(far.state, 'sleeping');
    assert.strictEqual(far.wakeAt, undefined, 'a wake-up beyond the clock range counts as never');
    idle(h);
    assert.ok(h.kernel.clock < MAX_CLOCK);
    for (let i = 0; i < 5; i++) {
      const before = h.kernel.clock;
      sleep(h, h.thread, US_1000);
      idle(h);
      assert.strictEqual(h.thread.state, 'ready');
      assert.strictEqual((h.kernel.clock - before) / h.kernel.instructionsPerMicrosecond, 1000);
    }
  });

  it('an absolute timeout within range still fires at its time', () => {
    const h = makeHarness();
    absoluteSleep(h, h.thread, 5_000_000);
    idle(h);
    assert.strictEqual(h.thread.state, 'ready');
    assert.strictEqual(h.kernel.microseconds, 5_000_000);
  });
});
