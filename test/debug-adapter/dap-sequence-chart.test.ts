// The IPC sequence chart's data path through a real DebugClient: the lecture's client-server example yields the
// client's calls and the server's replies as arrows with decoded labels, words and results, the log writes as
// invocations of the kernel's (moe's) objects, a throttled change notification while it runs, and for a call the
// client's own source line (not the SDK's IPC wrapper). The irq example yields IRQ and timeout marks.
import * as assert from 'assert';
import * as path from 'path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { TraceBatch, TraceEvent, TraceSource } from '../../debug-adapter/sequence-chart-protocol';
import { dapSessionFixture, ROOT, Session } from './dap-test-helpers';

const LECTURE_MODULES = path.join(ROOT, 'examples', 'lecture', 'conf', 'modules.lst');

async function runToEnd(s: Session, entry: string): Promise<TraceBatch> {
  const launched = s.dc.launch({ modulesList: LECTURE_MODULES, entry, stopOnEntry: true } as DebugProtocol.LaunchRequestArguments);
  await s.dc.waitForEvent('initialized', 30000);
  const entryStop = s.dc.waitForEvent('stopped', 30000);
  await s.dc.configurationDoneRequest();
  await launched;
  const stop = (await entryStop) as DebugProtocol.StoppedEvent;
  // Asking for events subscribes the session to the change notifications.
  const before = (await s.dc.customRequest('fiasco/sequenceChart/events', { from: 0 })).body as TraceBatch;
  const changed = s.dc.waitForEvent('fiasco/sequenceChart/changed', 30000);
  // Every notification until the session ends: the last comes before 'terminated' and carries the last events.
  const notes: Array<{ next: number; batch?: TraceBatch }> = [];
  let terminated = false;
  s.dc.on('fiasco/sequenceChart/changed', (e: DebugProtocol.Event) => {
    if (!terminated) notes.push(e.body);
  });
  const ended = s.dc.waitForEvent('terminated', 60000).then(() => (terminated = true));
  await s.dc.continueRequest({ threadId: stop.body.threadId as number });
  const note = (await changed) as DebugProtocol.Event;
  assert.strictEqual(note.body.boot, before.boot, 'the notification names the boot');
  assert.ok(note.body.next > before.next, 'the notification says there are new events');
  await ended;
  const all = (await s.dc.customRequest('fiasco/sequenceChart/events', { from: 0 })).body as TraceBatch;
  assert.strictEqual(notes[notes.length - 1]?.next, all.next, 'the end of the run is told before the session ends');
  const carried = notes.flatMap((n) => n.batch?.events ?? []).map((e) => e.seq);
  assert.deepStrictEqual(carried, all.events.map((e) => e.seq).filter((seq) => seq >= before.next), 'the notifications carry every new event once');
  return all;
}

function threadName(b: TraceBatch, id: number | undefined): string {
  return id === 0 ? 'kernel' : b.threads.find((t) => t.id === id)?.name ?? `?${id}`;
}

function arrows(b: TraceBatch): string[] {
  return b.events.filter((e) => e.to !== undefined).map((e) => `${e.kind} ${threadName(b, e.thread)} -> ${threadName(b, e.to)}: ${e.label}`);
}

describe('IPC sequence chart requests (DebugClient)', function () {
  this.timeout(120000);
  let s: Session;
  dapSessionFixture((x) => (s = x), { workspace: false });

  it('client-server: calls and replies with decoded labels, kernel invocations, and the sending line', async () => {
    const b = await runToEnd(s, 'client-server');
    const list = arrows(b);
    const calls = list.filter((a) => a === 'call ipc-client:main -> ipc-server:main: label 0x0');
    const replies = list.filter((a) => a === 'reply ipc-server:main -> ipc-client:main: reply 0');
    assert.strictEqual(calls.length, 5, list.join('\n'));
    assert.strictEqual(replies.length, 5, list.join('\n'));
    // ned gives each program a log of moe's (the tagged "server  | " lines): printf is IPC to moe's log server,
    // its text in the label.
    assert.ok(list.includes('send ipc-server:main -> moe:moe: Log write "server: ready⏎"'), list.join('\n'));
    // Each call carries x in MR0; the replies carry x squared.
    // Between the two programs (the others go to moe and l4re: page faults, dataspaces, the parent).
    const between = (e: TraceEvent, from: string, to: string): boolean => threadName(b, e.thread) === from && threadName(b, e.to) === to;
    const callWords = b.events.filter((e) => e.kind === 'call' && between(e, 'ipc-client:main', 'ipc-server:main')).map((e) => e.detail.match(/\[(0x[0-9a-f]+)/)?.[1]);
    assert.deepStrictEqual(callWords, ['0x00000001', '0x00000002', '0x00000003', '0x00000004', '0x00000005']);
    const replyWords = b.events.filter((e) => e.kind === 'reply' && between(e, 'ipc-server:main', 'ipc-client:main')).map((e) => e.detail.match(/\[(0x[0-9a-f]+)/)?.[1]);
    assert.deepStrictEqual(replyWords, ['0x00000001', '0x00000004', '0x00000009', '0x00000010', '0x00000019']);
    // The gate bind is an invocation of a kernel object, not a message to a thread.
    assert.ok(b.events.some((e) => e.kind === 'kernel' && /map cap slot/.test(e.detail)), 'the gate bind maps a capability');
    // Time runs forward and each arrow is delivered no earlier than sent.
    for (let i = 1; i < b.events.length; i++) assert.ok(b.events[i].clock >= b.events[i - 1].clock);
    for (const e of b.events) if (e.sendClock !== undefined) assert.ok(e.sendClock <= e.clock);
    const call = b.events.find((e) => e.kind === 'call' && between(e, 'ipc-client:main', 'ipc-server:main')) as TraceEvent;
    const src = (await s.dc.customRequest('fiasco/sequenceChart/source', { seq: call.seq })).body as TraceSource;
    assert.strictEqual(src.threadName, 'ipc-client:main');
    assert.ok(src.file?.endsWith(path.join('ipc-client', 'server', 'src', 'main.c')), JSON.stringify(src));
    assert.strictEqual(src.line, 22, 'the line of l4_ipc_call in the client');
  });

  it('irq: IRQ marks on the receiving thread and timeouts of the sleeping device thread', async () => {
    const b = await runToEnd(s, 'irq');
    // The device's IRQ to the program (moe's deletion IRQ, which collects its objects, goes to moe).
    const irqs = b.events.filter((e) => e.kind === 'irq' && threadName(b, e.thread) === 'irq:main');
    assert.strictEqual(irqs.length, 5, JSON.stringify(b.events.map((e) => `${e.kind} ${e.label}`)));
    assert.ok(irqs.every((e) => threadName(b, e.thread) === 'irq:main' && e.detail === 'label 0x00000042'), JSON.stringify(irqs));
    assert.ok(b.events.filter((e) => e.kind === 'timeout').length >= 5, 'l4_sleep ends by its timeout');
  });

  it('tells the chart of the events before a stop is reported, not an interval later', async () => {
    const client = path.join(ROOT, 'examples', 'lecture', 'pkg', 'ipc-client', 'server', 'src', 'main.c');
    const launched = s.dc.launch({ modulesList: LECTURE_MODULES, entry: 'client-server', stopOnEntry: true } as DebugProtocol.LaunchRequestArguments);
    await s.dc.waitForEvent('initialized', 30000);
    await s.dc.setBreakpointsRequest({ source: { path: client }, breakpoints: [{ line: 29 }] });
    const entryStop = s.dc.waitForEvent('stopped', 30000);
    await s.dc.configurationDoneRequest();
    await launched;
    const stop = (await entryStop) as DebugProtocol.StoppedEvent;
    await s.dc.customRequest('fiasco/sequenceChart/events', { from: 0 });
    const order: string[] = [];
    s.dc.on('fiasco/sequenceChart/changed', (e: DebugProtocol.Event) => {
      for (const ev of (e.body.batch as TraceBatch | undefined)?.events ?? []) if (ev.kind === 'reply') order.push('reply');
    });
    const atPrintf = s.dc.waitForEvent('stopped', 30000).then(() => order.push('stopped'));
    await s.dc.continueRequest({ threadId: stop.body.threadId as number });
    await atPrintf;
    // The server's reply (and the l4re and moe replies to the client's page faults) before the stop, none after.
    assert.ok(order.includes('reply') && order.indexOf('reply') < order.indexOf('stopped'), `the first reply reaches the chart before the breakpoint stop: ${order.join(', ')}`);
    assert.strictEqual(order[order.length - 1], 'stopped', order.join(', '));
  });

  it('answers bad arguments and unknown events with errors naming them', async () => {
    await assert.rejects(s.dc.customRequest('fiasco/sequenceChart/events', { from: 'x' }), /'from' must be a number/);
    await assert.rejects(s.dc.customRequest('fiasco/sequenceChart/source', { seq: 12345 }), /no longer in the trace/);
  });
});
