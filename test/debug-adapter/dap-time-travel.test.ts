// Time travel through the DAP (issue 15): stepBack by instruction and by line gives back exactly the registers
// and memory seen going forward; reverseContinue lands on the previous hit of a line, function and
// instruction breakpoint and of an IPC filter.
import * as assert from 'assert';
import { DebugProtocol } from '@vscode/debugprotocol';
import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, dapSessionFixture, evaluate, launch, lineOf, named, sourceOf, resumeAndStop, scopeRefs, Session, testWorkspace, topFrame, vars } from './dap-test-helpers';

/** ipc-pair's source in the built test workspace. */
const PAIR = (): string => path.join(testWorkspace(), 'pkg', 'ipc-pair', 'server', 'src', 'main.c');

describe('DAP time travel: stepBack and reverseContinue', function () {
  this.timeout(300_000);
  let s: Session;
  dapSessionFixture((x) => (s = x));

  /** Everything the test compares at a position: registers, the top of the stack, globals, the line. */
  async function snapshotView(threadId: number): Promise<string> {
    const f = await topFrame(s.dc, threadId);
    const regs = await vars(s.dc, (await scopeRefs(s.dc, f.id)).get('Registers')!);
    const gpr = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi', 'eip', 'eflags'].map((n) => `${n}=${named(regs, n).value}`);
    const esp = parseInt(named(regs, 'esp').value, 16);
    const mem = (await s.dc.customRequest('readMemory', { memoryReference: f.instructionPointerReference!, offset: 0, count: 16 })) as DebugProtocol.ReadMemoryResponse;
    const stack = (await s.dc.evaluateRequest({ expression: `*(unsigned *)${esp} + *(unsigned *)${esp + 4} * 3 + *(unsigned *)${esp + 8} * 7`, frameId: f.id, context: 'watch' })).body.result;
    const served = (await s.dc.evaluateRequest({ expression: 'requests_served', frameId: f.id, context: 'watch' })).body.result;
    return `${f.name}:${f.line} ${gpr.join(' ')} code=${mem.body?.data} stack=${stack} served=${served}`;
  }

  async function stopAtLoop(): Promise<number> {
    const loopLine = lineOf('ipc-pair', 'last_sum = call_add');
    const e = (await launch(s.dc, 'ipc-pair', async () => {
      await s.dc.setBreakpointsRequest({ source: { path: PAIR() }, breakpoints: [{ line: loopLine, hitCondition: '== 2' }] });
    }))!;
    await s.dc.setBreakpointsRequest({ source: { path: PAIR() }, breakpoints: [] });
    return e.body.threadId!;
  }

  it('announces supportsStepBack', async () => {
    const r = await s.dc.initializeRequest();
    assert.strictEqual(r.body?.supportsStepBack, true);
  });

  for (const granularity of ['instruction', 'line'] as const) {
    it(`N steps forward then N back (${granularity}) shows the same registers and memory at every point`, async () => {
      const tid = await stopAtLoop();
      const seen = [await snapshotView(tid)];
      const N = granularity === 'instruction' ? 12 : 4;
      for (let i = 0; i < N; i++) {
        await resumeAndStop(s.dc, () => s.dc.nextRequest({ threadId: tid, granularity }));
        seen.push(await snapshotView(tid));
      }
      assert.notStrictEqual(seen[N], seen[0], 'the steps moved the thread');
      for (let i = N - 1; i >= 0; i--) {
        const e = await resumeAndStop(s.dc, () => s.dc.stepBackRequest({ threadId: tid, granularity }));
        assert.strictEqual(e.body.threadId, tid);
        assert.strictEqual(await snapshotView(tid), seen[i], `after ${N - i} steps back`);
      }
      // And forward again: the recorded future still holds.
      await resumeAndStop(s.dc, () => s.dc.nextRequest({ threadId: tid, granularity }));
      assert.strictEqual(await snapshotView(tid), seen[1]);
    });
  }

  it('reverseContinue lands on the previous hit of a line breakpoint', async () => {
    const loopLine = lineOf('ipc-pair', 'last_sum = call_add');
    const e = (await launch(s.dc, 'ipc-pair', async () => {
      await s.dc.setBreakpointsRequest({ source: { path: PAIR() }, breakpoints: [{ line: loopLine }] });
    }))!;
    const tid = e.body.threadId!;
    const iAt = async (): Promise<string> => {
      const f = await topFrame(s.dc, tid);
      assert.strictEqual(f.line, loopLine);
      return named(await vars(s.dc, (await scopeRefs(s.dc, f.id)).get('Locals')!), 'i').value;
    };
    assert.strictEqual(await iAt(), '0');
    await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: tid }));
    await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: tid }));
    assert.strictEqual(await iAt(), '2');
    const back = await resumeAndStop(s.dc, () => s.dc.reverseContinueRequest({ threadId: tid }));
    assert.strictEqual(back.body.reason, 'breakpoint');
    assert.strictEqual(await iAt(), '1');
    const back2 = await resumeAndStop(s.dc, () => s.dc.reverseContinueRequest({ threadId: tid }));
    assert.strictEqual(back2.body.reason, 'breakpoint');
    assert.strictEqual(await iAt(), '0');
    await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: tid }));
    assert.strictEqual(await iAt(), '1', 'forward again from the travelled-to position');
  });

  it('reverseContinue lands on the previous hit of a function breakpoint, an instruction breakpoint and the IPC filter', async () => {
    const e = (await launch(s.dc, 'ipc-pair', async () => {
      await s.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'add' }] });
    }))!;
    const tid = e.body.threadId!;
    const aOf = async (t: number): Promise<string> => {
      const f = await topFrame(s.dc, t);
      assert.strictEqual(f.name.replace(/^.*!/, '').replace(/\(.*$/, ''), 'add');
      return named(await vars(s.dc, (await scopeRefs(s.dc, f.id)).get('Locals')!), 'a').value;
    };
    const a0 = await aOf(tid);
    await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: tid }));
    await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: tid }));
    const a2 = await aOf(tid);
    assert.notStrictEqual(a2, a0);
    const back = await resumeAndStop(s.dc, () => s.dc.reverseContinueRequest({ threadId: tid }));
    assert.strictEqual(back.body.reason, 'function breakpoint');
    assert.strictEqual(await aOf(back.body.threadId!), String(Number(a2) - 1));

    // An instruction breakpoint at add's first instruction instead.
    const f = await topFrame(s.dc, back.body.threadId!);
    await s.dc.setFunctionBreakpointsRequest({ breakpoints: [] });
    await s.dc.customRequest('setInstructionBreakpoints', { breakpoints: [{ instructionReference: f.instructionPointerReference! }] });
    const back2 = await resumeAndStop(s.dc, () => s.dc.reverseContinueRequest({ threadId: tid }));
    assert.strictEqual(back2.body.reason, 'instruction breakpoint');
    assert.strictEqual(await aOf(back2.body.threadId!), String(Number(a2) - 2));

    // The IPC filter with a condition: the previous call with label 0x42 .. whichever IPC came last before now.
    await s.dc.customRequest('setInstructionBreakpoints', { breakpoints: [] });
    await s.dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'ipc', condition: 'kind == call' }] });
    const back3 = await resumeAndStop(s.dc, () => s.dc.reverseContinueRequest({ threadId: tid }));
    assert.match(back3.body.description ?? '', /call/);
  });
});

describe('DAP time travel: hit counts follow the travel', function () {
  this.timeout(300_000);
  let s: Session;
  dapSessionFixture((x) => (s = x));

  it('after travelling back before the 2nd hit, a hit-count breakpoint stops and a logpoint logs at the same hits again', async () => {
    const loopLine = lineOf('ipc-pair', 'last_sum = call_add');
    const served = lineOf('ipc-pair', 'requests_served++');
    const addLine = lineOf('ipc-pair', 'unsigned sum = a + b');
    const e = (await launch(s.dc, 'ipc-pair', async () => {
      await s.dc.setBreakpointsRequest({ source: { path: PAIR() }, breakpoints: [
        { line: addLine, logMessage: 'add a={a}', hitCondition: '== 2' },
        { line: served, hitCondition: '== 1' },
        { line: loopLine, hitCondition: '== 3' },
      ] });
    }))!;
    // The first request served: the loop line was hit once (i = 0), add once.
    const server = e.body.threadId!;
    assert.strictEqual((await topFrame(s.dc, server)).line, served);
    await s.dc.evaluateRequest({ expression: 'travel mark first', context: 'repl' });
    const logged = (): number => (s.console().match(/add a=1/g) ?? []).length;
    const iAtLoop = async (tid: number): Promise<string> => {
      const f = await topFrame(s.dc, tid);
      assert.strictEqual(f.line, loopLine);
      return named(await vars(s.dc, (await scopeRefs(s.dc, f.id)).get('Locals')!), 'i').value;
    };
    const first = await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: server }));
    assert.strictEqual(await iAtLoop(first.body.threadId!), '2', 'the third hit of the loop line');
    assert.strictEqual(logged(), 1, 'the logpoint logged its second hit');
    const at = (await s.dc.customRequest('fiasco/timeTravel/position')).body as { instructions: number };

    // Back before the second hits, and forward again: the counts are those of that point in time.
    await Promise.all([s.dc.evaluateRequest({ expression: 'travel to first', context: 'repl' }), s.dc.waitForEvent('stopped', 30000)]);
    const again = await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: server }));
    assert.strictEqual(await iAtLoop(again.body.threadId!), '2', 'the hit-count breakpoint stops at the same hit');
    assert.strictEqual(((await s.dc.customRequest('fiasco/timeTravel/position')).body as { instructions: number }).instructions, at.instructions);
    assert.strictEqual(logged(), 2, 'the logpoint logged the same hit again');

    // A reverse search passes the same hits again: it does not count them twice.
    await resumeAndStop(s.dc, () => s.dc.reverseContinueRequest({ threadId: server }));
    await Promise.all([s.dc.evaluateRequest({ expression: 'travel to first', context: 'repl' }), s.dc.waitForEvent('stopped', 30000)]);
    const third = await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: server }));
    assert.strictEqual(await iAtLoop(third.body.threadId!), '2');
  });

  it('a data breakpoint with a hit count stops at its 2nd hit, and again there after travelling back before it', async () => {
    const loopLine = lineOf('ipc-pair', 'last_sum = call_add');
    const e = (await launch(s.dc, 'ipc-pair', async () => {
      await s.dc.setBreakpointsRequest({ source: { path: PAIR() }, breakpoints: [{ line: loopLine }] });
    }))!;
    await s.dc.setBreakpointsRequest({ source: { path: PAIR() }, breakpoints: [] });
    const main = e.body.threadId!;
    await s.dc.evaluateRequest({ expression: 'travel mark start', context: 'repl' });
    const info = await s.dc.dataBreakpointInfoRequest({ name: 'requests_served' });
    const set = await s.dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId!, accessType: 'write', hitCondition: '== 2' }] });
    assert.strictEqual(set.body.breakpoints[0].verified, true);
    const served = async (tid: number): Promise<string> => evaluate(s.dc, 'requests_served', (await topFrame(s.dc, tid)).id);
    const hit = await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: main }));
    assert.strictEqual(hit.body.reason, 'data breakpoint');
    assert.match(await served(hit.body.threadId!), /^2 /, 'the second write');
    const at = (await s.dc.customRequest('fiasco/timeTravel/position')).body as { instructions: number };
    await Promise.all([s.dc.evaluateRequest({ expression: 'travel to start', context: 'repl' }), s.dc.waitForEvent('stopped', 30000)]);
    const again = await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: main }));
    assert.strictEqual(again.body.reason, 'data breakpoint');
    assert.match(await served(again.body.threadId!), /^2 /, 'the second write again');
    assert.strictEqual(((await s.dc.customRequest('fiasco/timeTravel/position')).body as { instructions: number }).instructions, at.instructions);
  });
});

describe('DAP time travel: causal navigation and position', function () {
  this.timeout(300_000);
  let s: Session;
  dapSessionFixture((x) => (s = x));

  it('"travel send" from the server that received a request lands on the client\'s call, travel <N> and bookmarks return', async () => {
    const served = lineOf('ipc-pair', 'requests_served++');
    const e = (await launch(s.dc, 'ipc-pair', async () => {
      await s.dc.setBreakpointsRequest({ source: { path: PAIR() }, breakpoints: [{ line: served, hitCondition: '== 2' }] });
    }))!;
    const server = e.body.threadId!;
    const pos = (await s.dc.customRequest('fiasco/timeTravel/position')).body as { instructions: number; microseconds: number };
    assert.ok(pos.instructions > 0 && pos.microseconds === Math.floor(pos.instructions / 100));
    await s.dc.evaluateRequest({ expression: 'travel mark served', context: 'repl' });
    const [, stop] = await Promise.all([
      s.dc.evaluateRequest({ expression: 'travel send', context: 'repl' }),
      s.dc.waitForEvent('stopped', 30000) as Promise<DebugProtocol.StoppedEvent>,
    ]);
    assert.notStrictEqual(stop.body.threadId, server, 'stopped on the sender');
    // The sender stands right after its call's kernel entry: inside the SDK's l4_ipc_call, called from call_add.
    const st = await s.dc.stackTraceRequest({ threadId: stop.body.threadId!, levels: 8 });
    assert.ok(st.body.stackFrames.some((f) => /call_add/.test(f.name)), st.body.stackFrames.map((f) => f.name).join(' < '));
    const at = (await s.dc.customRequest('fiasco/timeTravel/position')).body as { instructions: number };
    assert.ok(at.instructions < pos.instructions, 'the send came before the receive');
    // The sender's last IPC before this point is that very call: its a is the server's second request's a (1).
    const locals = await vars(s.dc, (await scopeRefs(s.dc, st.body.stackFrames.find((f) => /call_add/.test(f.name))!.id)).get('Locals')!);
    assert.strictEqual(named(locals, 'a').value, '1');
    // Back to the bookmark: the server at the breakpoint again.
    const [, back] = await Promise.all([
      s.dc.evaluateRequest({ expression: 'travel to served', context: 'repl' }),
      s.dc.waitForEvent('stopped', 30000) as Promise<DebugProtocol.StoppedEvent>,
    ]);
    void back;
    const again = (await s.dc.customRequest('fiasco/timeTravel/position')).body as { instructions: number };
    assert.strictEqual(again.instructions, pos.instructions);
    const f = await topFrame(s.dc, server);
    assert.strictEqual(f.line, served);
  });
  it('"travel write <address>" lands right after the last write of the word before now', async () => {
    const served = lineOf('ipc-pair', 'requests_served++');
    const e = (await launch(s.dc, 'ipc-pair', async () => {
      await s.dc.setBreakpointsRequest({ source: { path: PAIR() }, breakpoints: [{ line: served, hitCondition: '== 3' }] });
    }))!;
    const server = e.body.threadId!;
    const frame = await topFrame(s.dc, server);
    // Watch results read "2 (0x00000002)": the decimal part.
    const value = async (expression: string): Promise<number> => parseInt((await s.dc.evaluateRequest({ expression, frameId: (await topFrame(s.dc, server)).id, context: 'watch' })).body.result, 10);
    assert.strictEqual(await value('requests_served'), 2, 'two requests served before the third hit');
    const address = parseInt((await s.dc.evaluateRequest({ expression: '&requests_served', frameId: frame.id, context: 'repl' })).body.memoryReference!.split(':')[2], 16);
    assert.ok(address > 0, `address of requests_served: ${address}`);
    void frame;
    const pos = (await s.dc.customRequest('fiasco/timeTravel/position')).body as { instructions: number };
    const [, stop] = await Promise.all([
      s.dc.evaluateRequest({ expression: `travel write 0x${address.toString(16)} ${server}`, context: 'repl' }),
      s.dc.waitForEvent('stopped', 30000) as Promise<DebugProtocol.StoppedEvent>,
    ]);
    assert.strictEqual(stop.body.threadId, server, 'the server wrote the word');
    const at = (await s.dc.customRequest('fiasco/timeTravel/position')).body as { instructions: number };
    assert.ok(at.instructions < pos.instructions, 'the write came before now');
    // Right after the second increment: the word holds 2 and one instruction back it held 1.
    assert.strictEqual(await value('requests_served'), 2);
    // One instruction earlier (travel to the clock before): the word still held 1.
    await Promise.all([s.dc.evaluateRequest({ expression: `travel ${at.instructions - 1}`, context: 'repl' }), s.dc.waitForEvent('stopped', 30000)]);
    assert.strictEqual(await value('requests_served'), 1, 'the instruction before the landing did the write');
  });

  it('a click on an arrow of the sequence chart (goto its send clock and sender) lands on the sender\'s call', async () => {
    const served = lineOf('ipc-pair', 'requests_served++');
    const e = (await launch(s.dc, 'ipc-pair', async () => {
      await s.dc.setBreakpointsRequest({ source: { path: PAIR() }, breakpoints: [{ line: served, hitCondition: '== 2' }] });
    }))!;
    const server = e.body.threadId!;
    const trace = (await s.dc.customRequest('fiasco/sequenceChart/events', { from: 0 })).body as { events: Array<{ kind: string; thread: number; to?: number; clock: number; sendClock?: number; label: string }> };
    // The second request the server received: what the extension's click handler travels to (chart-time-travel.ts).
    const calls = trace.events.filter((x) => x.to === server && x.sendClock !== undefined && x.thread !== server);
    assert.ok(calls.length >= 2, JSON.stringify(trace.events.slice(0, 20)));
    const arrow = calls[1];
    const [, stop] = await Promise.all([
      s.dc.customRequest('fiasco/timeTravel/goto', { clock: arrow.sendClock, threadId: arrow.thread }),
      s.dc.waitForEvent('stopped', 30000) as Promise<DebugProtocol.StoppedEvent>,
    ]);
    assert.strictEqual(stop.body.threadId, arrow.thread, 'the sender is shown');
    const at = (await s.dc.customRequest('fiasco/timeTravel/position')).body as { instructions: number };
    assert.strictEqual(at.instructions, arrow.sendClock);
    const st = await s.dc.stackTraceRequest({ threadId: arrow.thread, levels: 8 });
    const caller = st.body.stackFrames.find((f) => /call_add/.test(f.name));
    assert.ok(caller, st.body.stackFrames.map((f) => f.name).join(' < '));
    const locals = await vars(s.dc, (await scopeRefs(s.dc, caller.id)).get('Locals')!);
    assert.strictEqual(named(locals, 'a').value, '1', 'the second request carries a = 1');
    await assert.rejects(s.dc.customRequest('fiasco/timeTravel/goto', { clock: 1, threadId: 99999 }), /no thread 99999/);
  });
});

describe('DAP time travel: recordings as files', function () {
  this.timeout(300_000);
  let s: Session;
  dapSessionFixture((x) => (s = x));

  it('a recording with a register write replays in a fresh process to the same state hash', async () => {
    const loopLine = lineOf('ipc-pair', 'last_sum = call_add');
    const e = (await launch(s.dc, 'ipc-pair', async () => {
      await s.dc.setBreakpointsRequest({ source: { path: PAIR() }, breakpoints: [{ line: loopLine }] });
    }))!;
    const tid = e.body.threadId!;
    const f = await topFrame(s.dc, tid);
    const regsRef = (await scopeRefs(s.dc, f.id)).get('Registers')!;
    await s.dc.setVariableRequest({ variablesReference: regsRef, name: 'esi', value: '0x1234567' });
    await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: tid }));
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-rec-')), 'run.fiasco-recording');
    const saved = (await s.dc.evaluateRequest({ expression: `travel save ${file}`, context: 'repl' })).body.result;
    assert.match(saved, /1 inputs/);
    const cli = path.join(ROOT, 'out', 'cli', 'main.js');
    const ok = cp.spawnSync(process.execPath, [cli, 'replay', file], { encoding: 'utf8' });
    assert.strictEqual(ok.status, 0, ok.stderr + ok.stdout);
    assert.match(ok.stdout, /same as recorded/);
    // Without the register write the replay reaches another state: the input log is what makes it the same.
    const rec = JSON.parse(fs.readFileSync(file, 'utf8'));
    rec.inputs = [];
    fs.writeFileSync(file, JSON.stringify(rec));
    const bad = cp.spawnSync(process.execPath, [cli, 'replay', file], { encoding: 'utf8' });
    assert.strictEqual(bad.status, 1, bad.stdout);
    assert.match(bad.stdout, /recorded [0-9a-f]{16}/);
  });
});

describe('DAP time travel: inputs are made again after a travel back, and replay from a recording', function () {
  this.timeout(300_000);
  let s: Session;
  dapSessionFixture((x) => (s = x));
  const cli = (): string => path.join(ROOT, 'out', 'cli', 'main.js');
  const tmpFile = (): string => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-rec-')), 'run.fiasco-recording');

  /** Saves a recording here; returns its file and the state hash it names. */
  async function save(): Promise<{ file: string; hash: string; text: string }> {
    const file = tmpFile();
    const text = (await s.dc.evaluateRequest({ expression: `travel save ${file}`, context: 'repl' })).body.result;
    const hash = /state hash ([0-9a-f]+)/.exec(text)?.[1];
    assert.ok(hash, text);
    return { file, hash, text };
  }

  async function travelTo(mark: string): Promise<void> {
    await Promise.all([s.dc.evaluateRequest({ expression: `travel to ${mark}`, context: 'repl' }), s.dc.waitForEvent('stopped', 30000)]);
  }

  /** `fiasco replay`: same hash as recorded; without its inputs, another one (the log is what makes it the same). */
  function replaysOnlyWithInputs(file: string): void {
    const ok = cp.spawnSync(process.execPath, [cli(), 'replay', file], { encoding: 'utf8' });
    assert.strictEqual(ok.status, 0, ok.stderr + ok.stdout);
    assert.match(ok.stdout, /same as recorded/);
    const rec = JSON.parse(fs.readFileSync(file, 'utf8'));
    rec.inputs = [];
    fs.writeFileSync(file, JSON.stringify(rec));
    const bad = cp.spawnSync(process.execPath, [cli(), 'replay', file], { encoding: 'utf8' });
    assert.strictEqual(bad.status, 1, bad.stdout);
  }

  it('an IRQ raised from the Debug Console is raised again at its instruction after a travel back, and replays', async () => {
    const SRC = sourceOf('irq-wait');
    const waiting = lineOf('irq-wait', 'printf("waiting');
    const round = lineOf('irq-wait', 'rounds_done++');
    const done = lineOf('irq-wait', 'printf("irqs');
    const e = (await launch(s.dc, 'irq-wait', async () => {
      await s.dc.setBreakpointsRequest({ source: { path: SRC }, breakpoints: [{ line: waiting }, { line: round }] });
    }))!;
    const tid = e.body.threadId!;
    await s.dc.evaluateRequest({ expression: 'travel mark early', context: 'repl' });
    const value = async (expr: string): Promise<number> => parseInt((await s.dc.evaluateRequest({ expression: expr, frameId: (await topFrame(s.dc, tid)).id, context: 'watch' })).body.result, 10);
    await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: tid }));
    assert.strictEqual((await topFrame(s.dc, tid)).line, round);
    assert.strictEqual(await value('irqs_seen'), 0, 'the first round timed out');
    assert.match(await evaluate(s.dc, 'irq 5'), /^raised ICU line 5 at instruction \d+/);
    assert.match(await evaluate(s.dc, 'irq 9'), /no IRQ is bound/);
    await s.dc.setBreakpointsRequest({ source: { path: SRC }, breakpoints: [{ line: waiting }, { line: done }] });
    await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: tid }));
    assert.strictEqual((await topFrame(s.dc, tid)).line, done);
    assert.strictEqual(await value('irqs_seen'), 1, 'the second round received the IRQ');
    const first = await save();
    assert.match(first.text, /1 inputs/);
    const at = (await s.dc.customRequest('fiasco/timeTravel/position')).body as { instructions: number };

    // Back before the IRQ and forward again: the same IRQ at the same instruction, the same state.
    await travelTo('early');
    await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: tid }));
    assert.strictEqual((await topFrame(s.dc, tid)).line, done);
    assert.strictEqual(await value('irqs_seen'), 1, 'the IRQ came again');
    assert.strictEqual(((await s.dc.customRequest('fiasco/timeTravel/position')).body as { instructions: number }).instructions, at.instructions);
    assert.strictEqual((await save()).hash, first.hash, 'the same state as the first pass');
    replaysOnlyWithInputs(first.file);
  });

  it('a register and a memory write are made again at their instruction after a travel back, and replay', async () => {
    const PAIR = sourceOf('ipc-pair');
    const loopLine = lineOf('ipc-pair', 'last_sum = call_add');
    const e = (await launch(s.dc, 'ipc-pair', async () => {
      await s.dc.setBreakpointsRequest({ source: { path: PAIR }, breakpoints: [{ line: loopLine }] });
    }))!;
    const tid = e.body.threadId!;
    await s.dc.evaluateRequest({ expression: 'travel mark start', context: 'repl' });
    const value = async (expr: string): Promise<number> => parseInt((await s.dc.evaluateRequest({ expression: expr, frameId: (await topFrame(s.dc, tid)).id, context: 'watch' })).body.result, 10);
    await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: tid }));
    assert.strictEqual(await value('requests_served'), 1);
    const f = await topFrame(s.dc, tid);
    await s.dc.setVariableRequest({ variablesReference: (await scopeRefs(s.dc, f.id)).get('Registers')!, name: 'esi', value: '0x1234567' });
    const ref = (await s.dc.evaluateRequest({ expression: '&requests_served', frameId: f.id, context: 'repl' })).body.memoryReference!;
    await s.dc.customRequest('writeMemory', { memoryReference: ref, data: Buffer.from([100, 0, 0, 0]).toString('base64') });
    await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: tid }));
    assert.strictEqual(await value('requests_served'), 101, 'counted on from the written value');
    const first = await save();
    assert.match(first.text, /2 inputs/);

    await travelTo('start');
    await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: tid }));
    assert.strictEqual(await value('requests_served'), 100, 'the write was made again where it was made');
    assert.match(await evaluate(s.dc, '$esi', (await topFrame(s.dc, tid)).id), /^0x01234567/, 'and the register write');
    await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: tid }));
    assert.strictEqual(await value('requests_served'), 101);
    assert.strictEqual((await save()).hash, first.hash, 'the same state as the first pass');
    replaysOnlyWithInputs(first.file);
  });
});

describe('DAP time travel: the sequence chart follows the travel', function () {
  this.timeout(300_000);
  let s: Session;
  dapSessionFixture((x) => (s = x));

  interface Batch { boot: number; next: number; position?: number; events: Array<{ seq: number; kind: string; clock: number; thread: number; to?: number; label: string }> }
  const events = async (): Promise<Batch> => (await s.dc.customRequest('fiasco/sequenceChart/events', { from: 0 })).body as Batch;
  const summary = (b: Batch): string[] => b.events.map((e) => `${e.seq} ${e.clock} ${e.kind} ${e.thread}->${e.to ?? ''} ${e.label}`);

  it('after a travel back the events ahead stay, a re-run does not add them twice, and a write there drops them', async () => {
    const PAIR = sourceOf('ipc-pair');
    const loopLine = lineOf('ipc-pair', 'last_sum = call_add');
    const e = (await launch(s.dc, 'ipc-pair', async () => {
      await s.dc.setBreakpointsRequest({ source: { path: PAIR }, breakpoints: [{ line: loopLine }] });
    }))!;
    const tid = e.body.threadId!;
    await s.dc.evaluateRequest({ expression: 'travel mark start', context: 'repl' });
    const atStart = await events();
    assert.strictEqual(atStart.position, atStart.next, 'at the front of the run');
    await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: tid }));
    await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: tid }));
    const ahead = await events();
    const calls = ahead.events.filter((x) => x.kind === 'call' && x.seq >= atStart.next);
    assert.ok(calls.length >= 2, 'two calls to the server since the start');

    // Back to the start: the events since stay, and the position says they lie ahead.
    await Promise.all([s.dc.evaluateRequest({ expression: 'travel to start', context: 'repl' }), s.dc.waitForEvent('stopped', 30000)]);
    const back = await events();
    assert.strictEqual(back.next, ahead.next, 'nothing dropped, nothing added');
    assert.strictEqual(back.position, atStart.next, 'the position is where the start was');

    // Forward again over the same stretch: the same events, once.
    await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: tid }));
    const halfway = await events();
    assert.ok(halfway.position! > atStart.next && halfway.position! < ahead.next, `position ${halfway.position} between ${atStart.next} and ${ahead.next}`);
    await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: tid }));
    const again = await events();
    assert.deepStrictEqual(summary(again), summary(ahead), 'the re-run added no event');
    assert.strictEqual(again.position, again.next, 'at the front again');

    // Back once more, and a register write there: the recorded future is another one now.
    await Promise.all([s.dc.evaluateRequest({ expression: 'travel to start', context: 'repl' }), s.dc.waitForEvent('stopped', 30000)]);
    const f = await topFrame(s.dc, tid);
    await s.dc.setVariableRequest({ variablesReference: (await scopeRefs(s.dc, f.id)).get('Registers')!, name: 'edi', value: '0x77' });
    const rewritten = await events();
    assert.notStrictEqual(rewritten.boot, ahead.boot, 'readers start over');
    assert.strictEqual(rewritten.next, atStart.next, 'the events ahead are gone');
    assert.deepStrictEqual(summary(rewritten), summary(atStart));
  });
  it('the page-fault list (pf) follows a travel back: the faults ahead are not shown, and a re-run does not record them twice', async () => {
    const FAULTS = sourceOf('faults');
    const touch = lineOf('faults', '*(volatile int *)region = 42');
    const e = (await launch(s.dc, 'faults', async () => {
      await s.dc.setBreakpointsRequest({ source: { path: FAULTS }, breakpoints: [{ line: touch }] });
    }))!;
    const tid = e.body.threadId!;
    await s.dc.setBreakpointsRequest({ source: { path: FAULTS }, breakpoints: [] });
    await s.dc.evaluateRequest({ expression: 'travel mark before', context: 'repl' });
    const before = await evaluate(s.dc, 'pf');
    await resumeAndStop(s.dc, () => s.dc.nextRequest({ threadId: tid }));
    const after = await evaluate(s.dc, 'pf');
    const touched = /faults:main: write 0x0[0-7][0-9a-f]{6} at eip 0x[0-9a-f]{8} @\d+/;
    assert.doesNotMatch(before, touched);
    assert.match(after, touched, 'the first touch of the region faulted');

    await Promise.all([s.dc.evaluateRequest({ expression: 'travel to before', context: 'repl' }), s.dc.waitForEvent('stopped', 30000)]);
    const back = await evaluate(s.dc, 'pf');
    assert.doesNotMatch(back, touched, 'the fault lies ahead of the position');
    assert.match(back, /\(\d+ recorded faults? ahead of this position\)$/);

    await resumeAndStop(s.dc, () => s.dc.nextRequest({ threadId: tid }));
    assert.strictEqual(await evaluate(s.dc, 'pf'), after, 'the re-run recorded the same faults once');
  });
});
