// The timeline keeps the bytes its snapshots retain as a running total (added on capture, taken off when a
// snapshot is thinned, replaced or dropped) instead of recounting every snapshot each time it thins. The total
// must stay what a recount gives: after every capture, thinning, same-clock replacement, restore and drop.
import * as assert from 'assert';
import * as path from 'path';
import { Machine } from '../../emulator/machine';
import { Timeline } from '../../emulator/time-travel/timeline';
import { retainedBytes } from '../../emulator/time-travel/object-graph-state';
import { runToClock } from '../../emulator/time-travel/run-to-clock';

const REPO = path.resolve(__dirname, '..', '..', '..');
const LECTURE = path.join(REPO, 'examples', 'lecture', 'conf', 'modules.lst');

function recount(tl: Timeline): number {
  return retainedBytes(tl.snapshots.map((s) => s.state));
}

describe('time travel: the timeline\'s running total of retained bytes', function () {
  this.timeout(600_000);

  it('equals a recount after many captures with thinning, replacements, restores and drops', () => {
    const m = Machine.boot({ modulesList: LECTURE, entry: 'client-server', roles: 'user-level' });
    runToClock(m, 2_125_000, 100_000); // server and client exchanging messages: frames change between captures
    // A budget the boot's snapshot fits in with room for a few dozen captures: thinning runs again and again.
    const probe = new Timeline(m, Number.MAX_SAFE_INTEGER);
    probe.capture();
    const budget = probe.bytes + 600_000;
    const tl = new Timeline(m, budget);
    let thinned = 0;
    const check = (what: string): void => assert.strictEqual(tl.bytes, recount(tl), `${what} at clock ${m.instructions}`);
    tl.capture();
    check('the first capture');
    for (let k = 0; k < 160; k++) {
      const before = tl.snapshots.length;
      runToClock(m, m.instructions + 1_500, 1_500);
      tl.capture();
      if (tl.snapshots.length <= before) thinned++;
      check(`capture ${k}`);
      if (k % 40 === 20) {
        tl.capture(); // the same clock again: replaces the snapshot just taken
        check(`a replacement, capture ${k}`);
      }
      if (k % 50 === 30) {
        // Back to an older snapshot and on from there: the base has left the timeline or lies in its middle.
        const back = tl.snapshots[Math.floor(tl.snapshots.length / 2)];
        tl.restore(back);
        tl.dropAfter(back.clock);
        check(`a drop after ${back.clock}`);
      }
    }
    assert.ok(thinned > 10, `thinning ran often (${thinned} times)`);
    assert.ok(tl.bytes <= budget || tl.snapshots.length <= 2, 'thinning keeps the timeline within its budget');
  });
});
