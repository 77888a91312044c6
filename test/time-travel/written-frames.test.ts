// Snapshots read only the RAM frames written since the previous capture (PhysicalMemory.written). A write path
// that does not mark its frame would make a snapshot silently wrong, so: (1) lecture examples run with a capture
// every slice and the timeline's verification on (it compares every unmarked frame and throws for a changed
// one), on the user-level roles (from the boot, and in fine slices inside a program's run) — guest stores in
// every tier, the kernel's UTCB and IPC copies, page faults and map operations, dataspaces, the KIP clock; (2) writes through each path by hand (the kernel's copy
// primitives, a DMA-like host write, the debugger's memory write, a recycled frame, guest stores in the
// interpreter and in compiled blocks), each captured, then every snapshot restored and compared byte for byte
// and by state hash.
import * as assert from 'assert';
import { createHash } from 'crypto';
import * as path from 'path';
import { Machine } from '../../emulator/machine';
import type { RolePolicy } from '../../emulator/boot/role-resolution';
import { HOT_THRESHOLD, tiers } from '../../emulator/cpu/basic-block';
import { Cpu } from '../../emulator/cpu/cpu';
import { PAGE_SIZE } from '../../emulator/cpu/physical-memory';
import { Timeline } from '../../emulator/time-travel/timeline';
import { MachineSnapshot, stateHash } from '../../emulator/time-travel/machine-snapshot';
import { runToClock } from '../../emulator/time-travel/run-to-clock';

const REPO = path.resolve(__dirname, '..', '..', '..');
const LECTURE = path.join(REPO, 'examples', 'lecture', 'conf', 'modules.lst');

function boot(entry: string, roles: RolePolicy): Machine {
  return Machine.boot({ modulesList: LECTURE, entry, roles });
}

const BUDGET = 1 << 30;

/** A digest of all of RAM: a boot on our servers has 256 MiB, too much to keep a copy per capture. */
function ramDigest(m: Machine): string {
  const b = m.kernel.phys.bytes;
  return createHash('sha256').update(Buffer.from(b.buffer, b.byteOffset, b.byteLength)).digest('hex');
}

describe('time travel: snapshots by written frames', function () {
  this.timeout(600_000);

  // from: run there without captures first (our servers boot for about 1M instructions; fine slices over the
  // whole boot would capture thousands of times), then capture every slice up to clock: the IPC exchange,
  // the page faults, the exception and its resume in fine slices; the boot and the threads in coarse ones.
  const RUNS: Array<{ entry: string; roles: RolePolicy; from: number; clock: number; slice: number }> = [
    { entry: 'client-server', roles: 'user-level', from: 2_125_000, clock: 2_145_000, slice: 1_997 },
    { entry: 'counter-race', roles: 'user-level', from: 0, clock: 4_000_000, slice: 500_000 },
    { entry: 'pager', roles: 'user-level', from: 1_020_000, clock: 1_047_000, slice: 2_909 },
    { entry: 'exception-handler', roles: 'user-level', from: 1_017_000, clock: 1_034_000, slice: 2_013 },
    { entry: 'irq', roles: 'user-level', from: 0, clock: 5_000_000, slice: 400_000 },
    { entry: 'counter-mutex', roles: 'user-level', from: 0, clock: 5_000_000, slice: 400_000 },
  ];
  for (const r of RUNS) {
    it(`${r.entry} (${r.roles} roles, ${r.from}..${r.clock}): no frame changes without its mark, and every snapshot restores exactly`, () => {
      const m = boot(r.entry, r.roles);
      assert.notStrictEqual(runToClock(m, r.from), 'ended', 'the run is not over at from');
      const tl = new Timeline(m, BUDGET, true);
      const kept: Array<{ s: MachineSnapshot; hash: string; ram: string }> = [];
      const keep = (): void => {
        const s = tl.capture(); // verifies every unmarked frame
        kept.push({ s, hash: stateHash(m), ram: ramDigest(m) });
      };
      keep();
      while (m.instructions < r.clock) {
        const res = m.runSlice(Math.min(r.slice, r.clock - m.instructions));
        keep();
        if (res.kind === 'ended') break;
      }
      assert.ok(kept.length > 3, 'several captures');
      // Latest first, then the earliest, then every other one: restores from any base.
      for (const k of [kept[kept.length - 1], kept[0], ...kept.filter((_, i) => i % 2 === 1)]) {
        tl.restore(k.s);
        assert.strictEqual(ramDigest(m), k.ram, `RAM at ${k.s.clock} restored byte for byte`);
        assert.strictEqual(stateHash(m), k.hash, `state hash at ${k.s.clock}`);
      }
    });
  }

  // A boot's first capture reads only the frames written since power-on (the rest is the host's zero fill), so
  // a write before it that does not mark its frame would be lost: the verifying timeline must catch it.
  it('the first capture of a boot skips never-written RAM, and catches an unmarked write before it', () => {
    const m = boot('client-server', 'user-level');
    runToClock(m, 50_000, 10_000);
    const phys = m.kernel.phys;
    assert.ok(phys.writtenSincePowerOn, 'nothing has cleared the written map yet');
    const free = phys.written.findIndex((w, f) => f > 0 && w === 0);
    const ok = new Timeline(m, BUDGET, true);
    const first = ok.capture(); // verifies that every unmarked frame is zero
    assert.ok(first.ownBytes < 64 << 20, `the first capture copies what was written, not all RAM (${first.ownBytes >> 20} MiB)`);
    assert.strictEqual(phys.writtenSincePowerOn, undefined, 'the timeline cleared the map');

    const m2 = boot('client-server', 'user-level');
    runToClock(m2, 50_000, 10_000);
    m2.kernel.phys.bytes[free * PAGE_SIZE + 7] = 0x5a; // behind the written map's back
    assert.throws(() => new Timeline(m2, BUDGET, true).capture(), (e: Error) => e.name === 'UnmarkedWriteError' || /without being marked written/.test(e.message));
  });

  // Page tables are tracked by written chunks too (AddressSpace.ptWritten). A restore puts the debugger's watch
  // markings back into them after restoring: those writes must stay marked, or the next capture would keep the
  // snapshot's entries for a changed chunk (the verifying timeline throws then).
  it('page tables: maps, unmaps and watch re-markings are marked, also across restores', () => {
    const m = boot('client-server', 'user-level');
    runToClock(m, 2_130_000, 10_000);
    const task = m.tasks().find((t) => t.name === 'ipc-server');
    assert.ok(task, 'the server runs');
    const thread = m.threads().find((t) => t.task === task)!;
    const tl = new Timeline(m, BUDGET, true);
    const a = tl.capture();
    const hashA = stateHash(m);
    const watch = Machine.addDataWatch(task, thread.cpu.regs[4] >>> 0, 4, 'write');
    runToClock(m, m.instructions + 20_000, 5_000);
    const free = (task.as.pt.findIndex((e, vpn) => vpn > 0x1000 && e === 0) >>> 0) << 12;
    task.as.map(free, m.kernel.phys.allocFrame(), 3); // a page-table write of its own
    const b = tl.capture();
    const hashB = stateHash(m);
    tl.restore(a); // the watch stays armed: its page's entry is re-marked after the restore
    assert.strictEqual(stateHash(m), hashA);
    tl.capture(); // verifies every unmarked chunk of RAM and of the page tables
    tl.restore(b);
    assert.strictEqual(stateHash(m), hashB);
    task.as.unmap(free);
    tl.capture();
    Machine.removeDataWatch(task, watch);
    tl.capture();
  });

  it('writes through each path are captured and restored byte for byte', () => {
    const m = boot('client-server', 'user-level');
    runToClock(m, 2_140_000, 10_000); // server and client exchanging messages
    const tl = new Timeline(m, BUDGET, true);
    const phys = m.kernel.phys;
    const task = m.tasks().find((t) => t.name === 'ipc-server');
    assert.ok(task, 'the server runs');
    const thread = m.threads().find((t) => t.task === task);
    assert.ok(thread);
    const pattern = (seed: number, n = 64): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (seed * 31 + i * 7) & 0xff);
    const frameOf = (va: number): number => (task.as.lookup(va) as { pa: number }).pa / PAGE_SIZE;
    const kept: Array<{ what: string; s: MachineSnapshot; hash: string; ram: string }> = [];
    const step = (what: string, write: () => number[]): void => {
      tl.capture();
      const frames = write();
      for (const f of frames) assert.strictEqual(phys.written[f], 1, `${what}: frame 0x${f.toString(16)} marked written`);
      const s = tl.capture(); // throws for a frame changed but not marked
      kept.push({ what, s, hash: stateHash(m), ram: ramDigest(m) });
    };
    kept.push({ what: 'start', s: tl.capture(), hash: stateHash(m), ram: ramDigest(m) });

    const utcb = thread.utcb;
    step('the kernel writes a UTCB (AddressSpace.write)', () => {
      assert.ok(task.as.write(utcb + 0x40, pattern(1)));
      return [frameOf(utcb)];
    });
    step('the kernel writes a message register (AddressSpace.writeU32)', () => {
      assert.ok(task.as.writeU32(utcb + 0x80, 0xdeadbeef));
      return [frameOf(utcb)];
    });
    const stack = thread.cpu.regs[4] & -PAGE_SIZE;
    step('the kernel copies a message between spaces (AddressSpace.copyTo)', () => {
      const other = m.tasks().find((t) => t !== task && t.as.lookup(utcb)) ?? task;
      task.as.write(stack, pattern(2));
      tl.capture();
      assert.ok(task.as.copyTo(other.as, utcb + 0x100, stack, 64));
      return [(other.as.lookup(utcb) as { pa: number }).pa / PAGE_SIZE];
    });
    step('a host device writes RAM directly (DMA-like, notifyWrite)', () => {
      const pa = phys.allocFrame();
      tl.capture();
      phys.bytes.set(pattern(3, 256), pa + 512);
      phys.notifyWrite(pa + 512, 256);
      return [pa / PAGE_SIZE];
    });
    step('the debugger writes memory (Machine.writeMemory)', () => {
      assert.ok(Machine.writeMemory(task, stack + 128, pattern(4)));
      return [frameOf(stack)];
    });
    step('a freed frame is handed out again (zero-filled)', () => {
      const pa = phys.allocFrame();
      phys.bytes.set(pattern(5), pa);
      phys.notifyWrite(pa, 64);
      phys.freeFrame(pa);
      tl.capture();
      assert.strictEqual(phys.allocFrame(), pa);
      return [pa / PAGE_SIZE];
    });
    step('the kernel updates the KIP clock', () => {
      runToClock(m, m.instructions + 5_000, 5_000);
      tl.capture();
      m.kernel.clock += 1_000_000; // a later time than the run reached: the KIP's clock words change
      m.kernel.updateKipClock();
      return [m.kernel.kip.frame / PAGE_SIZE];
    });
    try {
      Cpu.blocks = false;
      step('guest stores, single-stepped', () => {
        runToClock(m, m.instructions + 20_000, 20_000);
        return [];
      });
      Cpu.blocks = true;
      tiers.hotThreshold = 1;
      step('guest stores in compiled blocks', () => {
        runToClock(m, m.instructions + 20_000, 20_000);
        return [];
      });
    } finally {
      Cpu.blocks = true;
      tiers.hotThreshold = HOT_THRESHOLD;
    }
    for (const k of [...kept].reverse().concat(kept)) {
      tl.restore(k.s);
      assert.strictEqual(ramDigest(m), k.ram, `after "${k.what}": RAM restored byte for byte`);
      assert.strictEqual(stateHash(m), k.hash, `after "${k.what}": state hash`);
    }
  });
});
