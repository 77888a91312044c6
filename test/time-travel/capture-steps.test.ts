// A capture spread over host ticks (Timeline.captureSteps, driven by the debugger a few ms per tick while the
// machine stands still) must be the capture a single call makes: the same records, the same state after its
// restore. A job abandoned half-way (the debugger wrote state) must leave the timeline and the written-frame
// marks as they were, so the next capture (verifying every unmarked frame) and its restores stay exact.
import * as assert from 'assert';
import * as path from 'path';
import { Machine } from '../../emulator/machine';
import { Timeline } from '../../emulator/time-travel/timeline';
import { MachineSnapshot, stateHash } from '../../emulator/time-travel/machine-snapshot';
import { runToClock } from '../../emulator/time-travel/run-to-clock';

const REPO = path.resolve(__dirname, '..', '..', '..');
const LECTURE = path.join(REPO, 'examples', 'lecture', 'conf', 'modules.lst');

/** Drives a capture job to its end, counting the pieces; `ramNowEvery` calls ramNow between pieces (a stop). */
function drive(tl: Timeline, ramNowEvery = 0): { snapshot: MachineSnapshot; pieces: number } {
  const steps = tl.captureSteps();
  for (let pieces = 1; ; pieces++) {
    const r = steps.next();
    if (r.done) return { snapshot: r.value, pieces };
    if (ramNowEvery && pieces % ramNowEvery === 0) tl.ramNow();
  }
}

describe('time travel: a capture in pieces', function () {
  this.timeout(600_000);

  it('equals a capture in one call, and a job abandoned half-way changes nothing', () => {
    const boot = () => Machine.boot({ modulesList: LECTURE, entry: 'client-server', roles: 'user-level' });
    const a = boot();
    const b = boot();
    const ta = new Timeline(a, 1 << 30, true);
    const tb = new Timeline(b, 1 << 30, true);
    // The boot's capture (all RAM written since power-on) in pieces and in one call.
    const first = drive(ta);
    tb.capture();
    assert.ok(first.pieces > 10, `${first.pieces} pieces`);
    assert.strictEqual(first.snapshot.state.records.length, (tb.snapshots[0] as MachineSnapshot).state.records.length);
    const kept: Array<{ s: MachineSnapshot; hash: string }> = [{ s: first.snapshot, hash: stateHash(a) }];
    for (let stop = 0; stop < 4; stop++) {
      for (const m of [a, b]) assert.notStrictEqual(runToClock(m, m.instructions + 300_007), 'ended');
      assert.strictEqual(stateHash(a), stateHash(b), `stop ${stop}: the machines run alike`);
      // A job abandoned after a few pieces (a debugger's write would follow): the timeline is as it was.
      const abandoned = ta.captureSteps();
      for (let i = 0; i < 5 * (stop + 1); i++) assert.strictEqual(abandoned.next().done, false);
      abandoned.return(undefined as unknown as MachineSnapshot);
      assert.strictEqual(ta.snapshots.length, stop + 1);
      // ramNow between pieces (a stop while the job waits) leaves the marks to the job.
      const { snapshot } = drive(ta, 3); // verifies every frame not marked written
      const one = tb.capture();
      assert.strictEqual(snapshot.clock, one.clock);
      assert.strictEqual(snapshot.state.records.length, one.state.records.length);
      kept.push({ s: snapshot, hash: stateHash(a) });
    }
    // Every snapshot taken in pieces restores to the state it was taken at, newest first and back again.
    for (const k of [...kept].reverse().concat(kept)) {
      ta.restore(k.s);
      assert.strictEqual(stateHash(a), k.hash, `restore to ${k.s.clock}`);
    }
    // And the machine runs on from a restored snapshot as the one captured in one call.
    const last = kept[kept.length - 1];
    ta.restore(last.s);
    tb.restore(tb.snapshots[tb.snapshots.length - 1]);
    for (const m of [a, b]) assert.notStrictEqual(runToClock(m, m.instructions + 200_003), 'ended');
    assert.strictEqual(stateHash(a), stateHash(b));
    assert.deepStrictEqual(drive(ta).snapshot.state.records.length, tb.capture().state.records.length);
  });
});
