// The status bar's custom request and event (debug-adapter/status-requests.ts), through a real DebugClient.
import * as assert from 'assert';
import { DebugProtocol } from '@vscode/debugprotocol';
import type { StatusSnapshot } from '../../debug-adapter/status-requests';
import { dapSessionFixture, launch, Session } from './dap-test-helpers';

/** Resolves with the first `fiasco/status` event whose body passes `pred`. */
function statusEvent(s: Session, pred: (b: StatusSnapshot) => boolean, ms = 20000): Promise<StatusSnapshot> {
  return new Promise((resolve, reject) => {
    const on = (e: DebugProtocol.Event): void => {
      if (!pred(e.body as StatusSnapshot)) return;
      s.dc.removeListener('fiasco/status', on);
      clearTimeout(timer);
      resolve(e.body as StatusSnapshot);
    };
    s.dc.on('fiasco/status', on);
    const timer = setTimeout(() => {
      s.dc.removeListener('fiasco/status', on);
      reject(new Error(`no fiasco/status event as expected within ${ms} ms`));
    }, ms);
  });
}

async function status(s: Session, args?: unknown): Promise<StatusSnapshot> {
  return (await s.dc.customRequest('fiasco/status/get', args)).body as StatusSnapshot;
}

describe('DAP: fiasco/status (the status bar)', function () {
  this.timeout(120000);
  let s: Session;
  dapSessionFixture((x) => (s = x));

  it('answers a snapshot while stopped: threads, retired instructions and the kernel\'s emulated time', async () => {
    await launch(s.dc, 'spin', undefined, { stopOnEntry: true });
    const st = await status(s);
    assert.strictEqual(st.state, 'stopped');
    assert.ok(st.threads.total >= 1, JSON.stringify(st));
    assert.strictEqual(st.threads.ready + st.threads.blocked, st.threads.total);
    assert.ok(st.instructions > 0, JSON.stringify(st));
    // The kernel's clock: retired instructions plus idle time, at 100 instructions per µs (the default machine).
    assert.ok(st.emulatedMicroseconds >= Math.floor(st.instructions / 100), JSON.stringify(st));
    assert.strictEqual(st.mips, undefined, 'no rate while stopped');
    // Stopped means stopped: a second look sees the same clock.
    assert.deepStrictEqual(await status(s), st);
  });

  it('sends throttled events while running, with a rate, and one at the stop that matches the snapshot', async () => {
    await launch(s.dc, 'spin', undefined, { stopOnEntry: true });
    const first = await status(s, { intervalMs: 100 });
    // (The first interval may show 0: a run waits for a snapshot under way, taken a few ms per host tick.)
    const running = statusEvent(s, (b) => b.state === 'running' && b.mips !== undefined && b.mips > 0);
    await s.dc.continueRequest({ threadId: 0 });
    const r = await running;
    assert.ok(r.mips! > 0, JSON.stringify(r));
    assert.ok(r.instructions > first.instructions, `${r.instructions} after ${first.instructions}`);
    const stoppedEvent = statusEvent(s, (b) => b.state === 'stopped');
    const threads = (await s.dc.threadsRequest()).body.threads;
    await s.dc.pauseRequest({ threadId: threads[0].id });
    const stopped = await stoppedEvent;
    assert.ok(stopped.instructions >= r.instructions);
    assert.deepStrictEqual(await status(s), stopped);
  });

  it('reports the end of the boot', async () => {
    const ended = statusEvent(s, (b) => b.state === 'ended');
    await launch(s.dc, 'ipc-pair', async () => {
      // Booted, not started yet (configurationDone starts it): subscribe before the short run ends.
      assert.match((await status(s)).state, /^(starting|stopped)$/);
    }, { stopOnEntry: false }, false);
    const e = await ended;
    assert.ok(e.instructions > 0);
  });

  it('refuses malformed arguments with a message naming the field', async () => {
    await launch(s.dc, 'spin', undefined, { stopOnEntry: true });
    await assert.rejects(status(s, { intervalMs: 'fast' }), /intervalMs must be a number/);
  });
});
