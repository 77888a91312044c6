// A stop soon after the last snapshot is not captured (debug-adapter/runtime/time-travel.ts): what the debugger's
// writes are compared with is then Timeline.ramNow, the last capture's pages with copies of the frames written
// since. It must be RAM exactly as it is, stop after stop, and must leave the written-frame marks whole for the
// next capture (the verifying timeline throws for a changed frame whose mark was lost) and restore.
import * as assert from 'assert';
import * as path from 'path';
import { Machine } from '../../emulator/machine';
import { PAGE_SIZE } from '../../emulator/cpu/physical-memory';
import { Timeline } from '../../emulator/time-travel/timeline';
import { stateHash } from '../../emulator/time-travel/machine-snapshot';
import { runToClock } from '../../emulator/time-travel/run-to-clock';
import { InputLog } from '../../emulator/time-travel/input-log';

const REPO = path.resolve(__dirname, '..', '..', '..');
const LECTURE = path.join(REPO, 'examples', 'lecture', 'conf', 'modules.lst');

function sameAsRam(m: Machine, pages: { frames: number; page(f: number): Uint8Array }): number[] {
  const bytes = m.kernel.phys.bytes;
  const differ: number[] = [];
  for (let f = 0; f < pages.frames; f++) {
    const p = pages.page(f);
    const cur = bytes.subarray(f * PAGE_SIZE, (f + 1) * PAGE_SIZE);
    if (!Buffer.from(p.buffer, p.byteOffset, p.byteLength).equals(Buffer.from(cur.buffer, cur.byteOffset, cur.byteLength))) differ.push(f);
  }
  return differ;
}

describe('time travel: RAM at a stop without a capture', function () {
  this.timeout(600_000);

  it('is RAM exactly at every stop, keeps the marks for the next capture and restore, and logs a write exactly', () => {
    const m = Machine.boot({ modulesList: LECTURE, entry: 'client-server', roles: 'user-level' });
    assert.notStrictEqual(runToClock(m, 2_125_000), 'ended');
    const tl = new Timeline(m, 1 << 30, true);
    const first = tl.capture();
    const firstHash = stateHash(m);
    for (let stop = 0; stop < 6; stop++) {
      assert.notStrictEqual(runToClock(m, m.instructions + 3_001), 'ended');
      const pages = tl.ramNow();
      assert.ok(pages);
      assert.deepStrictEqual(sameAsRam(m, pages), [], `stop ${stop}: every page as in RAM`);
    }
    // The marks ramNow took out are back for the capture (it verifies every unmarked frame).
    const second = tl.capture();
    const secondHash = stateHash(m);
    assert.notStrictEqual(runToClock(m, m.instructions + 5_003), 'ended');
    tl.ramNow();
    // ...and for a restore, which copies only frames marked written since the base.
    tl.restore(second);
    assert.strictEqual(stateHash(m), secondHash);
    tl.restore(first);
    assert.strictEqual(stateHash(m), firstHash);

    // A write at a stop without a capture is logged as exactly the page it changed.
    assert.notStrictEqual(runToClock(m, m.instructions + 4_001), 'ended');
    const log = new InputLog();
    log.noteStop(m, tl.ramNow());
    const t = m.threads().find((x) => x.task.image && /ipc-client$/.test(x.task.image.path) && x.state !== 'dead') ?? m.threads()[0];
    const esp = Machine.readRegister(t, 'esp');
    const old = Machine.readU32(t.task, esp) as number;
    assert.ok(Machine.writeU32(t.task, esp, (old ^ 0x5a5a5a5a) >>> 0));
    log.noteWrite(m);
    assert.strictEqual(log.entries.length, 1);
    assert.strictEqual(log.entries[0].pages.length, 1, 'one page changed');
    const frame = log.entries[0].pages[0].frame;
    const data = Buffer.from(log.entries[0].pages[0].data, 'base64');
    assert.ok(data.equals(Buffer.from(m.kernel.phys.bytes.subarray(frame * PAGE_SIZE, (frame + 1) * PAGE_SIZE))));
  });
});
