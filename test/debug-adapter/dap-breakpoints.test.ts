// Breakpoints of every kind over DAP — conditions over registers, variables, task, thread and label; hit
// counts; logpoints; instruction and data breakpoints (memory, UTCB message registers, capability slots) — and
// goto, instruction stepping, disassembly, memory, the live view while running, and robustness.
import * as assert from 'assert';
import { DebugProtocol } from '@vscode/debugprotocol';
import {
  dapSessionFixture, evaluate, launch, lineOf, named, resumeAndStop, scopeRefs, Session, sourceOf, threadNamed, topFrame, vars,
} from './dap-test-helpers';

const PAIR = () => sourceOf('ipc-pair');

describe('debug adapter: breakpoints, memory and robustness (DAP)', function () {
  this.timeout(60000);
  let s: Session;
  dapSessionFixture((x) => (s = x));

  /** The address of the memory operand of the instruction before frame `f`'s (absolute operands only). */
  const previousInstructionAddress = async (f: DebugProtocol.StackFrame): Promise<number | undefined> => {
    const d = await s.dc.customRequest('disassemble', { memoryReference: f.instructionPointerReference!, instructionOffset: -1, instructionCount: 1 }) as DebugProtocol.DisassembleResponse;
    const m = /(?:^|[\s,(])(0x[0-9a-f]{5,8})\b/.exec(d.body!.instructions[0].instruction.replace(/^\S+\s+/, ' '));
    return m ? parseInt(m[1], 16) : undefined;
  };

  it('stops at a line breakpoint only where its condition over variables, task, thread, label and registers holds', async () => {
    const served = lineOf('ipc-pair', 'requests_served++');
    const stop = await launch(s.dc, 'ipc-pair', async () => {
      const r = await s.dc.setBreakpointsRequest({ source: { path: PAIR() }, breakpoints: [{ line: served, condition: 'sum == 103 && task == "ipc-pair" && thread == thread1 && label == 0x43' }] });
      assert.strictEqual(r.body.breakpoints[0].verified, true);
    });
    assert.strictEqual(stop!.body.reason, 'breakpoint');
    const frame = await topFrame(s.dc, stop!.body.threadId!);
    assert.strictEqual(frame.line, served);
    const locals = await vars(s.dc, (await scopeRefs(s.dc, frame.id)).get('Locals')!);
    assert.strictEqual(named(locals, 'sum').value, '103');
    assert.match(await evaluate(s.dc, 'requests_served', frame.id), /^3 /);
    // a condition on a register: the server's esp is inside server_stack
    assert.strictEqual(await evaluate(s.dc, 'esp >= &server_stack && esp < &server_stack + 8192', frame.id), '0x1');
  });

  it('counts hits: "== 3" stops at the third hit, then "% 2" at every second hit from there', async () => {
    const loopLine = lineOf('ipc-pair', 'last_sum = call_add');
    const e = (await launch(s.dc, 'ipc-pair', async () => {
      await s.dc.setBreakpointsRequest({ source: { path: PAIR() }, breakpoints: [{ line: loopLine, hitCondition: '== 3' }] });
    }))!;
    const f = await topFrame(s.dc, e.body.threadId!);
    assert.strictEqual(f.line, loopLine);
    assert.strictEqual(named(await vars(s.dc, (await scopeRefs(s.dc, f.id)).get('Locals')!), 'i').value, '2', 'the third hit');
    // `% 2`: every second hit from here (hits 4 and 6 do not exist: i runs to 4, so the next stop is hit 4, i == 3)
    await s.dc.setBreakpointsRequest({ source: { path: PAIR() }, breakpoints: [{ line: loopLine, hitCondition: '% 2' }] });
    const e2 = await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: e.body.threadId! }));
    const f2 = await topFrame(s.dc, e2.body.threadId!);
    assert.strictEqual(named(await vars(s.dc, (await scopeRefs(s.dc, f2.id)).get('Locals')!), 'i').value, '4', 'hits 1 (i=3) and 2 (i=4) of the new breakpoint: the second stops');
  });

  it('reports a hit condition or a condition it cannot parse on the breakpoint', async () => {
    const served = lineOf('ipc-pair', 'requests_served++');
    let bad: DebugProtocol.SetBreakpointsResponse | undefined;
    await launch(s.dc, 'ipc-pair', async () => {
      bad = await s.dc.setBreakpointsRequest({ source: { path: PAIR() }, breakpoints: [{ line: served, hitCondition: 'often' }, { line: served, condition: 'sum ==' }] });
    }, {}, false);
    assert.match(bad!.body.breakpoints[0].message ?? '', /hit count "often" is not understood/);
    assert.match(bad!.body.breakpoints[1].message ?? '', /condition: unexpected end of expression/);
  });

  it('logs logpoint messages with interpolated expressions and does not stop', async () => {
    await launch(s.dc, 'ipc-pair', async () => {
      await s.dc.setBreakpointsRequest({ source: { path: PAIR() }, breakpoints: [{ line: lineOf('ipc-pair', 'printf("sum'), logMessage: 'i={i} last_sum={last_sum} in {thread} of {task}' }] });
    }, {}, false);
    await s.dc.waitForEvent('terminated', 30000);
    assert.match(s.console(), /i=0 last_sum=100 in \d+ \(ipc-pair:main\) of \d+ \(ipc-pair\)\n/);
    assert.match(s.console(), /i=4 last_sum=104 /);
  });

  /** Stops main in ipc-pair, then sets an instruction breakpoint on add and runs to it (in the server). */
  async function stopAtAddInstruction(): Promise<{ threadId: number; addRef: string }> {
    const first = await launch(s.dc, 'ipc-pair', async () => {
      await s.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'main' }] });
    });
    const addRef = (await s.dc.evaluateRequest({ expression: '&add', context: 'repl' })).body.memoryReference!;
    assert.match(addRef, /^task:\d+:0x[0-9a-f]{8}$/);
    const ib = await s.dc.customRequest('setInstructionBreakpoints', { breakpoints: [{ instructionReference: addRef }] }) as DebugProtocol.SetInstructionBreakpointsResponse;
    assert.strictEqual(ib.body.breakpoints[0].verified, true);
    await s.dc.setFunctionBreakpointsRequest({ breakpoints: [] });
    const e = await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: first!.body.threadId! }));
    assert.strictEqual(e.body.reason, 'instruction breakpoint');
    return { threadId: e.body.threadId!, addRef };
  }

  it('stops at an instruction breakpoint', async () => {
    const { threadId, addRef } = await stopAtAddInstruction();
    const frame = await topFrame(s.dc, threadId);
    assert.strictEqual(frame.instructionPointerReference, addRef);
    assert.strictEqual(frame.name, 'add');
  });

  it('steps by one instruction: eip moves to the next instruction of the disassembly', async () => {
    const { threadId, addRef } = await stopAtAddInstruction();
    const dis = await s.dc.customRequest('disassemble', { memoryReference: addRef, instructionCount: 3 }) as DebugProtocol.DisassembleResponse;
    assert.strictEqual(dis.body!.instructions[0].symbol, 'add');
    await resumeAndStop(s.dc, () => s.dc.nextRequest({ threadId, granularity: 'instruction' }));
    assert.strictEqual(parseInt((await topFrame(s.dc, threadId)).instructionPointerReference!.split(':')[2], 16), parseInt(dis.body!.instructions[1].address, 16));
  });

  it('disassembles backwards over variable-length code, with source lines', async () => {
    const { addRef } = await stopAtAddInstruction();
    // the instructions before end exactly where the next begins
    const back = await s.dc.customRequest('disassemble', { memoryReference: addRef, instructionOffset: -6, instructionCount: 9 }) as DebugProtocol.DisassembleResponse;
    const ins = back.body!.instructions;
    assert.strictEqual(ins.length, 9);
    assert.strictEqual(parseInt(ins[6].address, 16), parseInt(addRef.split(':')[2], 16));
    for (let i = 0; i < 8; i++) {
      const len = ins[i].instructionBytes!.split(' ').length;
      assert.strictEqual(parseInt(ins[i].address, 16) + len, parseInt(ins[i + 1].address, 16), `instruction ${i} ends where ${i + 1} starts`);
    }
    assert.ok(ins.some((x) => x.line !== undefined && x.location?.path === PAIR()), 'instructions carry source lines');
  });

  /** Stops main at its first `last_sum = call_add(...)`, before the first call to the server; no breakpoints left. */
  async function stopBeforeFirstCall(): Promise<number> {
    const first = await launch(s.dc, 'ipc-pair', async () => {
      await s.dc.setBreakpointsRequest({ source: { path: PAIR() }, breakpoints: [{ line: lineOf('ipc-pair', 'last_sum = call_add') }] });
    });
    await s.dc.setBreakpointsRequest({ source: { path: PAIR() }, breakpoints: [] });
    return first!.body.threadId!;
  }

  it('stops on a data breakpoint right after another thread writes the watched global', async () => {
    const main = await stopBeforeFirstCall();
    const info = await s.dc.dataBreakpointInfoRequest({ name: 'requests_served' });
    assert.match(info.body.dataId ?? '', /^mem:\d+:0x[0-9a-f]{8}:4$/);
    assert.deepStrictEqual(info.body.accessTypes, ['read', 'write', 'readWrite']);
    const set = await s.dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId!, accessType: 'write' }] });
    assert.strictEqual(set.body.breakpoints[0].verified, true);
    const e = await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: main }));
    assert.strictEqual(e.body.reason, 'data breakpoint');
    assert.strictEqual(e.body.hitBreakpointIds?.[0], set.body.breakpoints[0].id);
    const server = await threadNamed(s.dc, /^ipc-pair:thread1/);
    assert.strictEqual(e.body.threadId, server.id, 'the server thread wrote it');
    const f = await topFrame(s.dc, server.id);
    // exact: stopped right after the instruction that stored the new value
    const servedAddr = parseInt((await s.dc.evaluateRequest({ expression: '&requests_served', frameId: f.id, context: 'repl' })).body.memoryReference!.split(':')[2], 16);
    assert.match(e.body.description ?? '', new RegExp(`^ipc-pair:thread1 wrote 0x00000001 to 4 bytes at 0x${servedAddr.toString(16).padStart(8, '0')} in ipc-pair`));
    assert.strictEqual(await previousInstructionAddress(f), servedAddr, 'the previous instruction accessed requests_served');
    assert.match(await evaluate(s.dc, 'requests_served', f.id), /^1 /);
  });

  it('stops on a read data breakpoint right after the load', async () => {
    const main = await stopBeforeFirstCall();
    // main reads last_sum for printf
    const readInfo = await s.dc.dataBreakpointInfoRequest({ name: 'last_sum' });
    await s.dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: readInfo.body.dataId!, accessType: 'read' }] });
    const e = await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: main }));
    assert.strictEqual(e.body.reason, 'data breakpoint');
    assert.strictEqual(e.body.threadId, main);
    assert.match(e.body.description ?? '', /^ipc-pair:main read 0x00000064 from 4 bytes at 0x[0-9a-f]{8} in ipc-pair/);
    const f = await topFrame(s.dc, main);
    assert.strictEqual(f.line, lineOf('ipc-pair', 'printf("sum'));
    const sumAddr = parseInt(readInfo.body.dataId!.split(':')[2], 16);
    assert.strictEqual(await previousInstructionAddress(f), sumAddr, 'the previous instruction read last_sum');
  });

  it('stops when the kernel writes a watched UTCB message register, in the system call of the thread the condition names', async () => {
    const main = await stopBeforeFirstCall();
    const f = await topFrame(s.dc, main);
    // the client's MR0 changes when the kernel copies the reply in: the stop is on the server's system call
    const utcbRef = (await scopeRefs(s.dc, f.id)).get('UTCB')!;
    const mrInfo = await s.dc.dataBreakpointInfoRequest({ variablesReference: utcbRef, name: 'MR0' });
    assert.match(mrInfo.body.description ?? '', /ipc-pair:main UTCB MR0/);
    // `thread` is the thread whose instruction or system call wrote it (main's own store of OP_ADD does not match)
    await s.dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: mrInfo.body.dataId!, accessType: 'write', condition: 'thread == thread1' }] });
    const e = await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: main }));
    assert.strictEqual(e.body.reason, 'data breakpoint');
    const server = await threadNamed(s.dc, /^ipc-pair:thread1/);
    assert.strictEqual(e.body.threadId, server.id);
    assert.match(e.body.description ?? '', /^the kernel wrote 4 bytes at 0x[0-9a-f]{8} in ipc-pair = 0x00000064 in a kernel entry of ipc-pair:thread1/);
  });

  it('stops when a watched capability slot is invoked', async () => {
    const main = await stopBeforeFirstCall();
    const f = await topFrame(s.dc, main);
    const capsRef = (await scopeRefs(s.dc, f.id)).get('Capabilities')!;
    // The gate to the program's own server thread (the others lead to moe: parent, allocator, dataspaces).
    let gate: DebugProtocol.Variable | undefined;
    for (const c of (await vars(s.dc, capsRef)).filter((v) => v.type === 'IpcGate')) {
      if ((await vars(s.dc, c.variablesReference)).some((x) => x.name === 'target' && /ipc-pair:thread1/.test(x.value))) gate = c;
    }
    assert.ok(gate, 'a capability to the gate of ipc-pair:thread1');
    const capInfo = await s.dc.dataBreakpointInfoRequest({ variablesReference: capsRef, name: gate.name });
    assert.match(capInfo.body.dataId ?? '', /^cap:\d+:\d+$/);
    await s.dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: capInfo.body.dataId!, accessType: 'read' }] });
    const e = await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: main }));
    assert.strictEqual(e.body.reason, 'data breakpoint');
    assert.match(e.body.description ?? '', /capability slot \d+ invoked \(system call call on 0x[0-9a-f]+ \(IpcGate/);
    assert.strictEqual(e.body.threadId, main);
  });

  it('refuses a data breakpoint on a data id it did not hand out, and has none for an unknown symbol', async () => {
    await stopBeforeFirstCall();
    const bad = await s.dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: 'nonsense' }] });
    assert.strictEqual(bad.body.breakpoints[0].verified, false);
    const none = await s.dc.dataBreakpointInfoRequest({ name: 'no_such_symbol' });
    assert.strictEqual(none.body.dataId, null);
  });

  it('runs a watched program at full speed and stops right after the watched write', async () => {
    const first = await launch(s.dc, 'watch-loop', async () => {
      await s.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'main' }] });
    });
    const main = first!.body.threadId!;
    await s.dc.setFunctionBreakpointsRequest({ breakpoints: [] });
    const info = await s.dc.dataBreakpointInfoRequest({ name: 'target' });
    const set = await s.dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId!, accessType: 'write' }] });
    const e = await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: main }));
    assert.strictEqual(e.body.reason, 'data breakpoint');
    assert.deepStrictEqual(e.body.hitBreakpointIds, [set.body.breakpoints[0].id]);
    assert.match(e.body.description ?? '', /^watch-loop:main wrote 0x000007d0 to 4 bytes at 0x[0-9a-f]{8} in watch-loop/);
    const f = await topFrame(s.dc, main);
    assert.strictEqual(await previousInstructionAddress(f), parseInt(info.body.dataId!.split(':')[2], 16));
    assert.match(await evaluate(s.dc, 'counter', f.id), /^2000000 /);
    // the Registers scope shows the SSE and MMX registers the program loaded
    const regs = await vars(s.dc, (await scopeRefs(s.dc, f.id)).get('Registers')!);
    const sse = await vars(s.dc, named(regs, 'sse').variablesReference);
    assert.strictEqual(named(sse, 'xmm1').value, '0x5566778811223344400000003f800000');
    assert.strictEqual(named(sse, 'xmm0').value, '0x' + '0'.repeat(32));
    assert.strictEqual(named(sse, 'mxcsr').value, '0x00001f80');
    const lanes = await vars(s.dc, named(sse, 'xmm1').variablesReference);
    assert.match(named(lanes, 'v4_float').value, /^\[1, 2, /);
    assert.strictEqual(named(lanes, 'v4_int32').value, `[${0x3f800000}, ${0x40000000}, ${0x11223344}, ${0x55667788}]`);
    const mmx = await vars(s.dc, named(regs, 'mmx').variablesReference);
    assert.strictEqual(named(mmx, 'mm2').value, '0x5566778811223344');
    // the loop ran inside whole slices: no single-stepping however many instructions it took
    const stats = /^(\d+) instructions in (\d+) slices and (\d+) single steps$/.exec(await evaluate(s.dc, 'stats'));
    assert.ok(stats, 'stats answers');
    const [instructions, slices, steps] = stats.slice(1).map(Number);
    assert.ok(instructions > 8_000_000, `${instructions} instructions`);
    assert.strictEqual(steps, 0);
    // (a slice is 20,000 instructions: RunLoop yields to the event loop between them after 8 ms)
    assert.ok(slices < instructions / 10_000, `${slices} slices for ${instructions} instructions`);
    await s.dc.setDataBreakpointsRequest({ breakpoints: [] });
    const ended = s.dc.waitForEvent('terminated', 30000);
    await s.dc.continueRequest({ threadId: main });
    await ended;
    assert.match(s.stdout(), /target 2000\n/);
  });

  it('moves execution with goto within the function', async () => {
    const loopLine = lineOf('ipc-pair', 'last_sum = call_add');
    const printLine = lineOf('ipc-pair', 'printf("sum');
    const stop = await launch(s.dc, 'ipc-pair', async () => {
      await s.dc.setBreakpointsRequest({ source: { path: PAIR() }, breakpoints: [{ line: printLine }] });
    });
    const t = stop!.body.threadId!;
    const sources = await s.dc.customRequest('loadedSources', {}) as DebugProtocol.LoadedSourcesResponse;
    assert.ok(sources.body.sources.some((x) => x.path === PAIR()), JSON.stringify(sources.body.sources));
    // a file no loaded program contains: unverified until a task running it appears
    const lazy = await s.dc.setBreakpointsRequest({ source: { path: sourceOf('spin') }, breakpoints: [{ line: 7 }] });
    assert.strictEqual(lazy.body.breakpoints[0].verified, false);
    assert.match(lazy.body.breakpoints[0].message ?? '', /no loaded program has code for this line \(yet\)/);
    const locs = await s.dc.customRequest('breakpointLocations', { source: { path: PAIR() }, line: loopLine - 2, endLine: loopLine + 1 }) as DebugProtocol.BreakpointLocationsResponse;
    assert.ok(locs.body.breakpoints.some((b) => b.line === loopLine) && !locs.body.breakpoints.some((b) => b.line === loopLine - 1), JSON.stringify(locs.body));
    const targets = await s.dc.gotoTargetsRequest({ source: { path: PAIR() }, line: loopLine });
    assert.ok(targets.body.targets.length > 0);
    const e = await resumeAndStop(s.dc, () => s.dc.gotoRequest({ threadId: t, targetId: targets.body.targets[0].id }));
    assert.strictEqual(e.body.reason, 'goto');
    assert.strictEqual((await topFrame(s.dc, t)).line, loopLine);
    const other = await s.dc.gotoTargetsRequest({ source: { path: PAIR() }, line: lineOf('ipc-pair', 'unsigned sum = a + b') });
    await assert.rejects(s.dc.gotoRequest({ threadId: t, targetId: other.body.targets[0].id }), /within the current function/);
    await assert.rejects(s.dc.gotoRequest({ threadId: t, targetId: 9999 }), /no goto target/);
  });

  it('reads and writes memory per task, and the evaluator reads it back', async () => {
    const stop = await launch(s.dc, 'ipc-pair', async () => {
      await s.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'call_add' }] });
    });
    const frame = await topFrame(s.dc, stop!.body.threadId!);
    const ref = (await s.dc.evaluateRequest({ expression: '&last_sum', frameId: frame.id, context: 'repl' })).body.memoryReference!;
    const w = await s.dc.customRequest('writeMemory', { memoryReference: ref, data: Buffer.from([0x39, 0x05, 0, 0]).toString('base64') }) as DebugProtocol.WriteMemoryResponse;
    assert.strictEqual(w.body?.bytesWritten, 4);
    assert.match(await evaluate(s.dc, '*(int*)&last_sum', frame.id), /^1337 /);
    const r = await s.dc.customRequest('readMemory', { memoryReference: ref, count: 4 }) as DebugProtocol.ReadMemoryResponse;
    assert.deepStrictEqual([...Buffer.from(r.body!.data!, 'base64')], [0x39, 0x05, 0, 0]);
    const unmapped = await s.dc.customRequest('readMemory', { memoryReference: ref.replace(/0x[0-9a-f]+$/, '0x00000010'), count: 8 }) as DebugProtocol.ReadMemoryResponse;
    assert.strictEqual(unmapped.body!.unreadableBytes, 8);
    await assert.rejects(s.dc.customRequest('writeMemory', { memoryReference: ref.replace(/0x[0-9a-f]+$/, '0x00000010'), data: 'AAAA' }), /not mapped/);
    assert.match(await evaluate(s.dc, '(eax + 1) * 2 - 2 == eax * 2', frame.id), /^0x1$/);
    assert.match(await evaluate(s.dc, '*(char*)"x"', frame.id).catch((e: Error) => e.message), /not a register|cannot/);
  });

  it('serves views while the guest runs', async () => {
    await launch(s.dc, 'spin', undefined, {}, false);
    // Host time, not an event: nothing reports "the guest has run a while", and the counter must move between reads.
    await new Promise((r) => setTimeout(r, 200));
    const spin = await threadNamed(s.dc, /^spin:main \(ready\)$/);
    const v1 = parseInt(await evaluate(s.dc, 'counter'), 10);
    await new Promise((r) => setTimeout(r, 100));
    const v2 = parseInt(await evaluate(s.dc, 'counter'), 10);
    assert.ok(v2 > v1 && v1 > 0, `counter moves while running: ${v1} → ${v2}`);
    const st = await s.dc.stackTraceRequest({ threadId: spin.id });
    assert.strictEqual(st.body.stackFrames[0].name, 'main');
    assert.match(await evaluate(s.dc, 'threads'), /spin:main/);
  });

  it('pauses a running guest', async () => {
    await launch(s.dc, 'spin', undefined, {}, false);
    const spin = await threadNamed(s.dc, /^spin:main \(ready\)$/);
    const e = await resumeAndStop(s.dc, () => s.dc.pauseRequest({ threadId: spin.id }));
    assert.strictEqual(e.body.reason, 'pause');
    assert.strictEqual(e.body.threadId, spin.id);
  });

  it('reports the thread a pause request named, not the first runnable one', async () => {
    await launch(s.dc, 'spin', undefined, {}, false);
    const spin = await threadNamed(s.dc, /^spin:main \(ready\)$/);
    const other = (await s.dc.threadsRequest()).body.threads.find((t) => t.id !== spin.id);
    assert.ok(other, 'a second thread (a server) to pause');
    const e = await resumeAndStop(s.dc, () => s.dc.pauseRequest({ threadId: other.id }));
    assert.strictEqual(e.body.reason, 'pause');
    assert.strictEqual(e.body.threadId, other.id);
    assert.ok((await s.dc.stackTraceRequest({ threadId: other.id })).body.stackFrames.length > 0);
  });

  it('answers every bad request with an error and keeps serving', async () => {
    const stop = await launch(s.dc, 'ipc-pair', async () => {
      await s.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'add' }, { name: 'no_such_function' }] }).then((r) => {
        assert.strictEqual(r.body.breakpoints[1].verified, false);
        assert.match(r.body.breakpoints[1].message ?? '', /no_such_function/);
      });
    });
    const t = stop!.body.threadId!;
    await assert.rejects(s.dc.stackTraceRequest({ threadId: 9999 }), /no thread 9999/);
    await assert.rejects(s.dc.scopesRequest({ frameId: 9999 }), /no frame/);
    await assert.rejects(s.dc.variablesRequest({ variablesReference: 9999 }), /no variables container/);
    await assert.rejects(s.dc.nextRequest({ threadId: 9999 }), /no thread/);
    await assert.rejects(s.dc.stepInRequest({ threadId: t, targetId: 77 }), /no step-in target/);
    await assert.rejects(s.dc.customRequest('readMemory', { memoryReference: 'garbage', count: 4 }), /bad memory reference/);
    await assert.rejects(s.dc.customRequest('readMemory', { memoryReference: 'task:1:0x0', count: -1 }), /bad memory reference|count/);
    await assert.rejects(s.dc.customRequest('disassemble', { memoryReference: 'task:999:0x0', instructionCount: 1 }), /bad memory reference/);
    await assert.rejects(s.dc.evaluateRequest({ expression: 'nonsense_name + ', context: 'repl' }), /cannot|unexpected|not a register/);
    await assert.rejects(s.dc.evaluateRequest({ expression: 'eax', frameId: 4242, context: 'watch' }), /no frame/);
    await assert.rejects(s.dc.setVariableRequest({ variablesReference: 9999, name: 'eax', value: '1' }), /no variables container/);
    await assert.rejects(s.dc.exceptionInfoRequest({ threadId: 9999 }), /no thread/);
    await assert.rejects(s.dc.gotoTargetsRequest({ source: {}, line: 1 }), /source file/);
    await assert.rejects(s.dc.customRequest('noSuchRequest', {}), /unrecognized request/);
    await assert.rejects(s.dc.customRequest('stackTrace', null), /./);
    const filt = await s.dc.setExceptionBreakpointsRequest({ filters: ['bogus'], filterOptions: [{ filterId: 'ipc', condition: 'label ==' }] });
    assert.deepStrictEqual(filt.body?.breakpoints?.map((b) => b.verified), [false, false]);
    const noPath = await s.dc.setBreakpointsRequest({ source: { name: 'x.c' }, breakpoints: [{ line: 1 }] });
    assert.strictEqual(noPath.body.breakpoints[0].verified, false);
    // still alive and stopped where it was
    const frame = await topFrame(s.dc, t);
    assert.strictEqual(frame.name, 'add');
  });
});
