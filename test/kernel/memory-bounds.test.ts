// Memory bounds (issue 11, item 3): emulated RAM running out is -L4_ENOMEM, never a host exception; frames
// are reference counted, so a task's end frees its own pages in time proportional to them (300 tasks well
// under a second); kernel memory is the root factory's quota. (moe's own bound, no more dataspace memory than
// it has, is checked from a guest on our moe: test/moe/moe-protocols.test.ts.)
import * as assert from 'assert';
import { Kernel, KERNEL_MEMORY_PERCENT } from '../../emulator/kernel/kernel';
import { PROT_R, PROT_W } from '../../emulator/cpu/address-space';
import { OutOfMemoryError } from '../../emulator/cpu/physical-memory';
import { CAP_RIGHTS_RWSD, L4_ERR, PROTO, SYSF_RECV, SYSF_SEND } from '../../emulator/kernel/abi';
import { THREAD_CONTROL, THREAD_OP } from '../../emulator/kernel/thread-object';
import { UTCB_AREA, call, giveCap, makeHarness, tagLabel } from './kernel-harness';

const MiB = 1024 * 1024;

describe('kernel: memory bounds', () => {
  it('an object operation that finds no free frame answers -L4_ENOMEM', () => {
    const h = makeHarness(1);
    h.task.utcbArea = { address: UTCB_AREA, size: 2 * 4096 }; // the second page has no frame yet
    const other = h.kernel.createThread(h.task, 'other');
    const threadSel = giveCap(h, 0x20, other, CAP_RIGHTS_RWSD);
    const taskSel = giveCap(h, 0x21, h.task, CAP_RIGHTS_RWSD);
    for (;;) {
      try {
        h.kernel.phys.allocFrame();
      } catch (e) {
        assert.ok(e instanceof OutOfMemoryError);
        break;
      }
    }
    // Thread control: bind `other` to the task with its UTCB in the frameless page (MR5), the task as a
    // capability item; the kernel needs a frame for that page and finds none.
    const bind = (THREAD_OP.CONTROL | THREAD_CONTROL.BIND_TASK) >>> 0;
    const tag = call(h, threadSel, SYSF_SEND | SYSF_RECV, PROTO.THREAD, [bind, 0, 0, 0, 0, UTCB_AREA + 4096, 8, taskSel | 0xf], 1);
    assert.strictEqual(tagLabel(tag), -L4_ERR.ENOMEM);
    assert.strictEqual(other.task.as.lookup(UTCB_AREA + 4096), undefined, 'nothing mapped');
  });

  it('frames are freed when the last mapping goes, not before', () => {
    const k = new Kernel({ memoryBytes: 4 * MiB, instructionsPerMicrosecond: 100 });
    const a = k.createTask('a');
    const b = k.createTask('b');
    const before = k.phys.framesInUse;
    const pa = k.phys.allocFrame();
    a.as.map(0x1000, pa, PROT_R | PROT_W);
    b.as.map(0x2000, pa, PROT_R);
    k.destroyTask(a, 0);
    assert.strictEqual(k.phys.framesInUse, before + 1, 'b still maps the frame');
    k.destroyTask(b, 0);
    assert.strictEqual(k.phys.framesInUse, before, 'freed with its last mapping');
  });

  it(`kernel memory: the root factory's quota is ${KERNEL_MEMORY_PERCENT}% of RAM, and objects give it back`, () => {
    const h = makeHarness(16);
    const f = h.kernel.rootFactory;
    assert.strictEqual(f.limit, Math.floor((16 * MiB * KERNEL_MEMORY_PERCENT) / 100));
    const sel = giveCap(h, 0x20, f, CAP_RIGHTS_RWSD);
    let made = 0;
    let label = 0;
    for (; made < 10_000; made++) {
      label = tagLabel(call(h, sel, SYSF_SEND | SYSF_RECV, PROTO.FACTORY, [PROTO.TASK >>> 0], 0, (((0x1000 + made) << 12) | 0xa) >>> 0));
      if (label !== 0) break;
    }
    assert.strictEqual(label, -L4_ERR.ENOMEM);
    assert.ok(made > 10 && made < 10_000, `${made} tasks`);
    const used = f.used;
    h.kernel.deleteObject(h.task.caps.lookup(0x1000)!.object);
    assert.ok(f.used < used, 'a destroyed task gives its kernel memory back');
  });

  it('300 tasks with mapped pages end in well under a second (no scan of other tasks)', () => {
    const k = new Kernel({ memoryBytes: 128 * MiB, instructionsPerMicrosecond: 100 });
    const tasks = Array.from({ length: 600 }, (_, i) => {
      const t = k.createTask(`t${i}`);
      for (let p = 0; p < 8; p++) t.as.map(0x0804_8000 + p * 4096, k.phys.allocFrame(), PROT_R | PROT_W);
      return t;
    });
    const start = process.hrtime.bigint();
    for (const t of tasks.slice(0, 300)) k.destroyTask(t, 0);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    assert.ok(ms < 1000, `${ms.toFixed(0)} ms`);
    assert.strictEqual(k.tasks.length, 600 - 300);
  });
});
