// The `pf` list across time travel: a re-run adds nothing twice, an input drops what lies ahead.
import * as assert from 'assert';
import { PageFaultLog, PageFaultRecord } from '../../debug-adapter/runtime/page-fault-log';

const fault = (clock: number, address = 0x1000 * clock): PageFaultRecord => ({ thread: 'p:main', address, write: true, eip: 0x8048000 + clock, resolved: true, clock });

describe('page-fault log (pf)', () => {
  it('a re-run after a travel back records nothing twice, and the list stops at the position', () => {
    const log = new PageFaultLog();
    for (const f of [fault(10), fault(20), fault(20, 0x5000), fault(30)]) log.record(f);
    assert.strictEqual(log.upTo(99).length, 4, 'two faults at one clock are two faults');
    // back to clock 15, then forward again over the same faults
    assert.deepStrictEqual(log.upTo(15).map((r) => r.clock), [10]);
    assert.strictEqual(log.aheadOf(15), 3);
    log.record(fault(20));
    log.record(fault(20, 0x5000));
    log.record(fault(30));
    assert.deepStrictEqual(log.upTo(99).map((r) => r.clock), [10, 20, 20, 30]);
  });

  it('an input drops the faults ahead of it; the faults of the new future come in clock order', () => {
    const log = new PageFaultLog();
    for (const c of [10, 20, 30]) log.record(fault(c));
    log.dropAfter(15);
    log.record(fault(25));
    assert.deepStrictEqual(log.upTo(99).map((r) => r.clock), [10, 25]);
  });

  it('keeps the newest faults up to its capacity', () => {
    const log = new PageFaultLog(3);
    for (let c = 1; c <= 5; c++) log.record(fault(c));
    assert.deepStrictEqual(log.upTo(99).map((r) => r.clock), [3, 4, 5]);
  });
});
