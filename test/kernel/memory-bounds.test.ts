// Memory bounds (issue 11, item 3): emulated RAM running out is -L4_ENOMEM, never a host exception; frames
// are reference counted, so a task's end frees its own pages in time proportional to them (300 tasks well
// under a second) and a dataspace's pages once nothing uses it; kernel memory is the root factory's quota.
import * as assert from 'assert';
import { Kernel, KERNEL_MEMORY_PERCENT } from '../../emulator/kernel/kernel';
import { PROT_R, PROT_W } from '../../emulator/cpu/address-space';
import { Dataspace } from '../../emulator/l4re/dataspace';
import { MemAlloc } from '../../emulator/l4re/mem-alloc';
import { RegionMap } from '../../emulator/l4re/region-map';
import { CAP_RIGHTS_RWSD, L4_ERR, PROTO, SYSF_RECV, SYSF_SEND } from '../../emulator/kernel/abi';
import { call, giveCap, makeHarness, tagLabel } from './kernel-harness';

const MiB = 1024 * 1024;

describe('kernel: memory bounds', () => {
  it('an object operation that finds no free frame answers -L4_ENOMEM', () => {
    const h = makeHarness(1);
    const ds = new Dataspace(h.kernel, 4 * MiB);
    const sel = giveCap(h, 0x20, ds, CAP_RIGHTS_RWSD);
    // DS_OP.ALLOCATE of the whole 4 MiB on a 1 MiB machine (MR2..3 offset, MR4..5 size)
    const tag = call(h, sel, SYSF_SEND | SYSF_RECV, PROTO.L4RE_DATASPACE, [4, 0, 0, 0, 4 * MiB, 0], 0);
    assert.strictEqual(tagLabel(tag), -L4_ERR.ENOMEM);
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

  it('a dataspace keeps its pages while attached or named, and gives them back after', () => {
    const k = new Kernel({ memoryBytes: 4 * MiB, instructionsPerMicrosecond: 100 });
    const before = k.phys.framesInUse;
    const ds = new Dataspace(k, 8 * 4096);
    for (let o = 0; o < ds.size; o += 4096) ds.frameAt(o);
    const map = new RegionMap();
    map.attach({ start: 0x10000, end: 0x10000 + ds.size, prot: PROT_R, name: 'ds', backing: { kind: 'dataspace', ds, offset: 0 } });
    ds.releaseIfUnused();
    assert.strictEqual(k.phys.framesInUse, before + 8, 'attached: kept');
    map.detachAll();
    assert.strictEqual(k.phys.framesInUse, before, 'unattached and unnamed: freed');
  });

  it('moe hands out no more RAM than the machine has (64 + 128 MiB of 128 MiB: -L4_ENOMEM)', () => {
    const h = makeHarness(128);
    const ma = new MemAlloc(h.kernel);
    const sel = giveCap(h, 0x20, ma, CAP_RIGHTS_RWSD);
    const alloc = (bytes: number, slot: number): number =>
      // Mem_alloc::alloc: a factory create of a dataspace with size (MWORD), flags and align (UMWORD)
      tagLabel(call(h, sel, SYSF_SEND | SYSF_RECV, PROTO.FACTORY, [PROTO.L4RE_DATASPACE, 0x40081, bytes, 0x40001, 0, 0x40001, 0], 0, ((slot << 12) | 0xa) >>> 0));
    assert.strictEqual(alloc(64 * MiB, 0x30), 0);
    assert.strictEqual(alloc(128 * MiB, 0x31), -L4_ERR.ENOMEM);
    h.task.caps.remove(0x30); // the 64 MiB dataspace's last capability: its promise ends
    assert.strictEqual(alloc(100 * MiB, 0x32), 0);
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
