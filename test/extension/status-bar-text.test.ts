import * as assert from 'assert';
import { formatEmulatedTime, groupDigits, statusBarText, statusBarTooltip } from '../../extension/status-bar-text';

describe('status bar text', () => {
  const stopped = { state: 'stopped' as const, threads: { total: 4, ready: 2, blocked: 2 }, instructions: 1234567, emulatedMicroseconds: 12345 };

  it('says state, threads, retired instructions and emulated time; MIPS only while running', () => {
    assert.strictEqual(statusBarText(stopped), '$(debug-pause) L4 stopped · 4 threads (2 ready, 2 blocked) · 1,234,567 instr · 12.345 ms');
    assert.strictEqual(statusBarText({ ...stopped, state: 'running', mips: 41.26 }), '$(play) L4 running · 4 threads (2 ready, 2 blocked) · 1,234,567 instr · 12.345 ms · 41.3 MIPS');
    assert.match(statusBarText({ ...stopped, threads: { total: 1, ready: 1, blocked: 0 } }), / 1 thread \(1 ready, 0 blocked\) /);
    assert.match(statusBarTooltip(stopped), /Retired instructions: 1,234,567/);
    // Ready threads are not all running: one emulated CPU runs one thread at a time.
    assert.match(statusBarTooltip(stopped), /Threads: 4 alive — 2 ready \(able to run; the emulated CPU runs one at a time\), 2 blocked/);
    assert.doesNotMatch(statusBarText(stopped), /running,/);
  });

  it('formats numbers the same on every host', () => {
    assert.strictEqual(groupDigits(0), '0');
    assert.strictEqual(groupDigits(999), '999');
    assert.strictEqual(groupDigits(1000), '1,000');
    assert.strictEqual(groupDigits(12345678901), '12,345,678,901');
    assert.strictEqual(formatEmulatedTime(850), '850 µs');
    assert.strictEqual(formatEmulatedTime(1000), '1.000 ms');
    assert.strictEqual(formatEmulatedTime(3_210_000), '3.210 s');
  });
});
