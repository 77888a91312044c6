// Fault containment in the debugger (issue 11): a task's unhandled fault is a stop once; Continue then runs
// the other tasks to their end while the faulted thread stays halted.
import * as assert from 'assert';
import { DebugProtocol } from '@vscode/debugprotocol';
import { launch, Session, threadNamed, dapSessionFixture } from './dap-test-helpers';

describe('debug adapter: fault containment (DAP)', function () {
  this.timeout(60000);
  let s: Session;

  dapSessionFixture((x) => (s = x));

  it('stops once on the fault; Continue runs the other task to its end', async () => {
    const stops: DebugProtocol.StoppedEvent[] = [];
    s.dc.on('stopped', (e) => stops.push(e as DebugProtocol.StoppedEvent));
    const stop = await launch(s.dc, 'fault-and-run', async () => {
      await s.dc.setExceptionBreakpointsRequest({ filters: ['exception'] });
    });
    const info = await s.dc.exceptionInfoRequest({ threadId: stop!.body.threadId! });
    assert.strictEqual(info.body.exceptionId, 'fault');
    assert.match(info.body.description ?? '', /^faults:main: unhandled #PF page fault \(write\) at 0x00000010/);
    assert.doesNotMatch(s.stdout(), /tick 5/, 'the fault comes before the ticker is done');

    const terminated = s.dc.waitForEvent('terminated', 30000);
    await s.dc.continueRequest({ threadId: stop!.body.threadId! });
    await terminated;
    assert.match(s.stdout(), /tick 1\b[^]*tick 5\b/, 'the ticker ran to its end');
    assert.strictEqual(stops.length, 1, `stopped events: ${stops.map((e) => e.body.description).join(' | ')}`);
  });

  it('shows the faulted thread as halted while the others run on', async () => {
    const stop = await launch(s.dc, 'fault-and-run', async () => {
      await s.dc.setExceptionBreakpointsRequest({ filters: ['exception'] });
    });
    const faulted = await threadNamed(s.dc, /^faults:main/);
    assert.strictEqual(faulted.id, stop!.body.threadId);
    assert.match(faulted.name, /faulted: /);
    await threadNamed(s.dc, /^ticker:main/);
  });
});
