// The microkernel-aware parts of the debugger over DAP, against the real adapter and guests built from
// test/debug-adapter/workspace: threads with states, kernel-event filters with conditions, the kernel frame
// of a system call, stepping into the IPC partner and back, the L4 views, and the JDB-like console.
import * as assert from 'assert';
import { DebugProtocol } from '@vscode/debugprotocol';
import {
  evaluate, launch, lineOf, named, resumeAndStop, scopeRefs, Session, sourceOf, threadNamed, topFrame, vars, dapSessionFixture, stdoutMatching,
} from './dap-test-helpers';

describe('debug adapter: microkernel awareness (DAP)', function () {
  this.timeout(60000);
  let s: Session;

  dapSessionFixture((x) => (s = x));

  it('names threads task:thread with their state in words', async () => {
    const stop = await launch(s.dc, 'ipc-pair', async () => {
      const fb = await s.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'add' }] });
      assert.strictEqual(fb.body.breakpoints[0].verified, true);
    });
    assert.strictEqual(stop!.body.reason, 'function breakpoint');
    const server = await threadNamed(s.dc, /^ipc-pair:thread1 \(/);
    assert.strictEqual(stop!.body.threadId, server.id);
    const main = await threadNamed(s.dc, /^ipc-pair:main \(/);
    assert.match(main.name, /^ipc-pair:main \(waiting for reply from ipc-pair:thread1\)$/);
    assert.match(server.name, /\((ready|running)\)$/);
    // once the server has replied and main calls again, the server waits in its open receive
    await s.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'l4_ipc_call' }] });
    await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: server.id }));
    const serverNow = await threadNamed(s.dc, /^ipc-pair:thread1/);
    assert.match(serverNow.name, /\(receiving from any\)$/);
  });

  it('stops in an SDK function: l4_ipc_call, a static inline of the SDK headers with a copy in main.c', async () => {
    const stop = await launch(s.dc, 'ipc-pair', async () => {
      const fb = await s.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'l4_ipc_call' }] });
      assert.strictEqual(fb.body.breakpoints[0].verified, true);
    });
    assert.strictEqual(stop!.body.reason, 'function breakpoint');
    const main = await threadNamed(s.dc, /^ipc-pair:main \(/);
    assert.strictEqual(stop!.body.threadId, main.id);
    assert.strictEqual((await topFrame(s.dc, main.id)).name, 'l4_ipc_call');
  });

  it('stops on an IPC matching the ipc filter condition and decodes it in exceptionInfo', async () => {
    const stop = await launch(s.dc, 'ipc-pair', async () => {
      const r = await s.dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'ipc', condition: 'kind == receive && label == 0x43 && dest == thread1 && mr1 == 2' }] });
      assert.deepStrictEqual(r.body?.breakpoints?.map((b) => b.verified), [true]);
    });
    assert.strictEqual(stop!.body.reason, 'exception');
    const server = await threadNamed(s.dc, /^ipc-pair:thread1/);
    assert.strictEqual(stop!.body.threadId, server.id, 'the receiving server thread stops');
    assert.match(stop!.body.description ?? '', /IPC receive: ipc-pair:thread1 received from ipc-pair:main/);
    const info = await s.dc.exceptionInfoRequest({ threadId: server.id });
    assert.strictEqual(info.body.exceptionId, 'ipc');
    assert.match(info.body.description ?? '', /label=119 words=3 items=0/);
    assert.match(info.body.description ?? '', /label=0x00000043 MRs \[0x00000001 0x00000002 0x00000064\]/);
    // the message is in the server's UTCB now
    const frame = await topFrame(s.dc, server.id);
    const utcb = await vars(s.dc, (await scopeRefs(s.dc, frame.id)).get('UTCB')!);
    assert.strictEqual(parseInt(named(utcb, 'MR1').value, 16), 2);
    assert.strictEqual(parseInt(named(utcb, 'MR2').value, 16), 100);
  });

  const firstIpcStop = async (extra: Record<string, unknown>): Promise<string> => {
    const stop = await launch(s.dc, 'ipc-pair', async () => {
      await s.dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'ipc' }] });
    }, extra);
    const threads = (await s.dc.threadsRequest()).body.threads;
    return threads.find((t) => t.id === stop!.body.threadId)!.name;
  };

  it('event filters stop only in the programs, not in sigma0, moe, ned or l4re', async () => {
    assert.match(await firstIpcStop({}), /^ipc-pair:(main|thread1) /);
  });

  it('with stopInServers, event filters stop in the servers too (moe asking sigma0 at boot)', async () => {
    assert.match(await firstIpcStop({ stopInServers: true }), /^(sigma0|moe):/);
  });

  it('filters system calls by protocol and page faults by address, with conditions', async () => {
    const stop = await launch(s.dc, 'faults', async () => {
      await s.dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'syscall', condition: 'proto == FACTORY && mr0 == 0x4000' }, { filterId: 'pagefault', condition: 'write == 1 && address >= 0x1000 && address < 0x08000000' }] });
    });
    const main = stop!.body.threadId!;
    let info = await s.dc.exceptionInfoRequest({ threadId: main });
    assert.strictEqual(info.body.exceptionId, 'syscall');
    // l4re_ma_alloc is a factory create of a dataspace (0x4000) with three arguments, as in L4Re
    assert.match(info.body.description ?? '', /^system call call on 0x\w+ \(.*\): label=-15 \(FACTORY\) words=7/);
    assert.match(stop!.body.description ?? '', /FACTORY/);
    const pf = await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: main }));
    info = await s.dc.exceptionInfoRequest({ threadId: main });
    assert.strictEqual(info.body.exceptionId, 'pagefault');
    assert.match(info.body.description ?? '', /^page fault at 0x[0-9a-f]{8} \(write\) by faults:main at eip 0x[0-9a-f]{8}$/);
    assert.strictEqual((await topFrame(s.dc, pf.body.threadId!)).line, lineOf('faults', '*(volatile int *)region = 42'));
    // the write to 0x10 does not match the condition: the next stop is the fatal fault
    const fault = await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: main }));
    info = await s.dc.exceptionInfoRequest({ threadId: fault.body.threadId! });
    assert.strictEqual(info.body.exceptionId, 'fault');
    assert.strictEqual(info.body.breakMode, 'unhandled');
    // The region's write (resolved by l4re through moe), then the write to 0x10 that l4re refused.
    assert.match(await evaluate(s.dc, 'pf'), /faults:main: write 0x0[0-7][0-9a-f]{6} at eip 0x[0-9a-f]{8} @\d+\n[^]*faults:main: write 0x00000010 at eip 0x[0-9a-f]{8}/);
  });

  it('stops on a capability fault, naming the empty slot and the label', async () => {
    const stop = await launch(s.dc, 'faults', async () => {
      await s.dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'capfault', condition: 'slot == 0x1f0' }] });
    });
    const info = await s.dc.exceptionInfoRequest({ threadId: stop!.body.threadId! });
    assert.strictEqual(info.body.exceptionId, 'capfault');
    assert.match(info.body.description ?? '', /faults:main invoked empty slot 496 \(selector 0x001f0000\) with label=66/);
  });

  it('restarts the program from the start with the filters set meanwhile: an IPC with error != 0 stops it', async () => {
    await launch(s.dc, 'faults', async () => {
      await s.dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'capfault', condition: 'slot == 0x1f0' }] });
    });
    await s.dc.setExceptionBreakpointsRequest({ filters: ['exception'], filterOptions: [{ filterId: 'ipc', condition: 'error != 0 && proto == 0x42' }] });
    const e2 = await resumeAndStop(s.dc, () => s.dc.customRequest('restart', {}));
    const info2 = await s.dc.exceptionInfoRequest({ threadId: e2.body.threadId! });
    assert.strictEqual(info2.body.exceptionId, 'ipc');
    assert.match(info2.body.description ?? '', /IPC send: faults:main send: label=66 .*error L4_IPC_ENOT_EXISTENT/);
    await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: e2.body.threadId! }));
    // the first run printed up to the capability fault; the second one again, and on past the failed send
    await stdoutMatching(s, /attached memory: error 0\n[^]*attached memory: error 0\n[^]*send to an empty slot: error 4\n/);
  });

  it('stops on the unhandled exception at its source line', async () => {
    const stop = await launch(s.dc, 'faults', async () => {
      await s.dc.setExceptionBreakpointsRequest({ filters: ['exception'] });
    });
    const info = await s.dc.exceptionInfoRequest({ threadId: stop!.body.threadId! });
    assert.strictEqual(info.body.exceptionId, 'fault');
    assert.strictEqual(info.body.breakMode, 'unhandled');
    assert.match(info.body.description ?? '', /page fault \(write\) at 0x00000010/);
    const frame = await topFrame(s.dc, stop!.body.threadId!);
    assert.strictEqual(frame.line, lineOf('faults', '*nowhere = 1'));
  });

  it('steps into a system call (kernel frame), over it, into the IPC partner and back on reply', async () => {
    const stop = await launch(s.dc, 'ipc-pair', async () => {
      await s.dc.setBreakpointsRequest({ source: { path: sourceOf('ipc-pair') }, breakpoints: [{ line: lineOf('ipc-pair', 'l4_ipc_call(gate') }] });
    });
    const main = stop!.body.threadId!;
    // step in until the int 0x30: a kernel frame with the decoded invocation
    let e = stop!;
    for (let i = 0; i < 30 && !/^kernel:/.test(e.body.description ?? ''); i++) e = await resumeAndStop(s.dc, () => s.dc.stepInRequest({ threadId: main }));
    assert.match(e.body.description ?? '', /^kernel: call IpcGate #\d+ → ipc-pair:thread1/);
    const st = await s.dc.stackTraceRequest({ threadId: main });
    assert.match(st.body.stackFrames[0].name, /^kernel: call/);
    assert.ok(st.body.stackFrames.some((f) => f.name === 'call_add'), JSON.stringify(st.body.stackFrames.map((f) => f.name)));
    const inv = await vars(s.dc, (await scopeRefs(s.dc, st.body.stackFrames[0].id)).get('Invocation')!);
    assert.strictEqual(named(inv, 'operation').value, 'call');
    assert.match(named(inv, 'tag').value, /label=119 words=3/);
    assert.strictEqual(parseInt(named(inv, 'MR1').value, 16), 0);
    assert.strictEqual(parseInt(named(inv, 'MR2').value, 16), 100);
    // the step-in targets offer the IPC partner
    const targets = await s.dc.customRequest('stepInTargets', { frameId: st.body.stackFrames[0].id }) as DebugProtocol.StepInTargetsResponse;
    const partner = targets.body.targets.find((t) => /IPC partner/.test(t.label));
    assert.ok(partner, JSON.stringify(targets.body.targets));
    const inServer = await resumeAndStop(s.dc, () => s.dc.stepInRequest({ threadId: main, targetId: partner.id }));
    const server = await threadNamed(s.dc, /^ipc-pair:thread1/);
    assert.strictEqual(inServer.body.threadId, server.id);
    assert.match(inServer.body.description ?? '', /received the message from ipc-pair:main/);
    const sframe = await topFrame(s.dc, server.id);
    // out of the SDK's l4_ipc_wait: the first line of the server's own code after the receive returned
    assert.strictEqual(sframe.source?.path, sourceOf('ipc-pair'), JSON.stringify(sframe));
    assert.strictEqual(sframe.name, 'server');
    assert.strictEqual(sframe.line, lineOf('ipc-pair', 'l4_msg_regs_t *mr = l4_utcb_mr();'));
    const targets2 = await s.dc.customRequest('stepInTargets', { frameId: sframe.id }) as DebugProtocol.StepInTargetsResponse;
    const back = targets2.body.targets.find((t) => /Back to the caller ipc-pair:main/.test(t.label));
    assert.ok(back, JSON.stringify(targets2.body.targets));
    const inClient = await resumeAndStop(s.dc, () => s.dc.stepInRequest({ threadId: server.id, targetId: back.id }));
    assert.strictEqual(inClient.body.threadId, main);
    const utcb = await vars(s.dc, (await scopeRefs(s.dc, (await topFrame(s.dc, main)).id)).get('UTCB')!);
    assert.strictEqual(parseInt(named(utcb, 'MR0').value, 16), 100, 'the reply (0 + 100) is in the client UTCB');
    // stepping over from here ends on a source line of the client
    const over = await resumeAndStop(s.dc, () => s.dc.nextRequest({ threadId: main }));
    assert.strictEqual(over.body.reason, 'step');
    assert.ok((await topFrame(s.dc, main)).line > 0);
  });

  it('steps over a whole system call as one instruction step from the kernel frame', async () => {
    const stop = await launch(s.dc, 'ipc-pair', async () => {
      await s.dc.setBreakpointsRequest({ source: { path: sourceOf('ipc-pair') }, breakpoints: [{ line: lineOf('ipc-pair', 'l4_ipc_call(gate') }] });
    });
    const main = stop!.body.threadId!;
    let e = stop!;
    for (let i = 0; i < 300 && !/^kernel:/.test(e.body.description ?? ''); i++) e = await resumeAndStop(s.dc, () => s.dc.stepInRequest({ threadId: main, granularity: 'instruction' }));
    assert.match(e.body.description ?? '', /^kernel:/);
    const at = parseInt((await topFrame(s.dc, main)).instructionPointerReference!.split(':')[2], 16);
    const dis = await s.dc.customRequest('disassemble', { memoryReference: (await topFrame(s.dc, main)).instructionPointerReference!, instructionCount: 1 }) as DebugProtocol.DisassembleResponse;
    // int $0x30 (our own layout) or sysenter (real Fiasco's syscall page, as the user-level boot has it)
    const entry = dis.body!.instructions[0].instruction;
    assert.match(entry, /^(int\s+\$0x30|sysenter)/);
    e = await resumeAndStop(s.dc, () => s.dc.nextRequest({ threadId: main, granularity: 'instruction' }));
    assert.strictEqual(e.body.reason, 'step');
    const after = await topFrame(s.dc, main);
    const afterPc = parseInt(after.instructionPointerReference!.split(':')[2], 16);
    // After int $0x30 the next instruction of the stub; sysenter returns to the caller (EIP = EBX).
    if (/^int/.test(entry)) assert.strictEqual(afterPc, at + 2, 'right after int 0x30');
    else assert.notStrictEqual(afterPc >>> 12, at >>> 12, 'back in the program, out of the syscall page');
    assert.doesNotMatch(after.name, /^kernel:/);
    const utcb = await vars(s.dc, (await scopeRefs(s.dc, after.id)).get('UTCB')!);
    assert.strictEqual(parseInt(named(utcb, 'MR0').value, 16), 100, 'the call, the server\'s work and the reply happened in that one step');
  });

  it('shows registers (hex toggle, EFLAGS, segments, x87), TCB, UTCB, capabilities and the Kernel view', async () => {
    const stop = await launch(s.dc, 'ipc-pair', async () => {
      await s.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'add' }] });
    });
    const t = stop!.body.threadId!;
    const frame = await topFrame(s.dc, t);
    const refs = await scopeRefs(s.dc, frame.id);
    assert.deepStrictEqual(['Locals', 'Registers', 'TCB', 'UTCB', 'Capabilities', 'Kernel'].filter((n) => !refs.has(n)), []);
    const regs = await vars(s.dc, refs.get('Registers')!);
    assert.match(named(regs, 'eax').value, /^0x[0-9a-f]{8}$/);
    assert.match(named(regs, 'esp').memoryReference ?? '', /^task:\d+:0x/);
    const dec = await vars(s.dc, refs.get('Registers')!, { hex: false });
    assert.strictEqual(Number(named(dec, 'esp').value), parseInt(named(regs, 'esp').value, 16));
    assert.match(named(regs, 'eflags').value, /^0x[0-9a-f]{8} \[.*IF.*\]$/);
    const flagBits = await vars(s.dc, named(regs, 'eflags').variablesReference);
    assert.strictEqual(named(flagBits, 'IF').value, '1');
    assert.match(named(regs, 'fs').value, /^0x0043 \(base 0x/);
    const fpu = await vars(s.dc, named(regs, 'fpu').variablesReference);
    assert.strictEqual(named(fpu, 'st0').value, '<empty>');
    assert.strictEqual(named(fpu, 'fctrl').value, '0x037f');
    const tcb = await vars(s.dc, refs.get('TCB')!);
    assert.strictEqual(named(tcb, 'name').value, 'ipc-pair:thread1');
    assert.strictEqual(named(tcb, 'reply capability').value, 'reply to ipc-pair:main');
    assert.strictEqual(named(tcb, 'last received label').value, '0x00000043');
    const utcb = await vars(s.dc, refs.get('UTCB')!);
    assert.strictEqual(parseInt(named(utcb, 'MR2').value, 16), 100);
    assert.match(named(utcb, 'MR0').memoryReference ?? '', /^task:\d+:0x/);
    assert.match(named(utcb, 'TCR error').value, /\(none\)$/);
    assert.match(named(utcb, 'received tag').value, /label=119 words=3/);
    const caps = await vars(s.dc, refs.get('Capabilities')!);
    // The gate to the program's own server thread (others lead to moe: parent, allocator, dataspaces).
    let gateCap: DebugProtocol.Variable | undefined;
    let gateFields: DebugProtocol.Variable[] = [];
    for (const c of caps.filter((x) => x.type === 'IpcGate')) {
      const fields = await vars(s.dc, c.variablesReference);
      if (fields.some((f) => f.name === 'target' && f.value === 'gate → ipc-pair:thread1')) [gateCap, gateFields] = [c, fields];
    }
    assert.ok(gateCap, JSON.stringify(caps.map((c) => c.value)));
    assert.strictEqual(named(gateFields, 'target').value, 'gate → ipc-pair:thread1');
    const obj = await vars(s.dc, named(gateFields, 'object').variablesReference);
    assert.strictEqual(named(obj, 'label').value, '0x40');
    assert.strictEqual(named(obj, 'senders queue').value, '(empty)');
    const threadCap = caps.find((c) => c.type === 'Thread' && /thread1/.test(c.value));
    assert.ok(threadCap);
    const threadObj = await vars(s.dc, named(await vars(s.dc, threadCap.variablesReference), 'object').variablesReference);
    assert.strictEqual(named(threadObj, 'name').value, 'ipc-pair:thread1', 'a thread capability expands to the TCB');
    const kernel = await vars(s.dc, refs.get('Kernel')!);
    assert.match(named(kernel, 'IPC gates').value, /^\d+$/);
    const gates = await vars(s.dc, named(kernel, 'IPC gates').variablesReference);
    assert.ok(gates.some((g) => /label 0x00000040 → ipc-pair:thread1; senders: \(none\)/.test(g.value)), JSON.stringify(gates));
    assert.match(named(kernel, 'ready queue').value, /ipc-pair:thread1/);
    assert.ok(named(kernel, 'timeouts').value.length > 0);
    const objects = await vars(s.dc, named(kernel, 'objects').variablesReference);
    assert.ok(objects.some((o) => /Factory/.test(o.name)) && objects.some((o) => /Task/.test(o.name)));
    const locals = await vars(s.dc, refs.get('Locals')!);
    assert.strictEqual(named(locals, 'a').value, '0');
    assert.strictEqual(named(locals, 'b').value, '100');
  });

  it('sets registers, message registers and memory variables', async () => {
    const stop = await launch(s.dc, 'ipc-pair', async () => {
      await s.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'add' }] });
    });
    const t = stop!.body.threadId!;
    const frame = await topFrame(s.dc, t);
    const refs = await scopeRefs(s.dc, frame.id);
    const r = await s.dc.setVariableRequest({ variablesReference: refs.get('Registers')!, name: 'eax', value: '0x1234' });
    assert.strictEqual(r.body.value, '0x00001234');
    assert.strictEqual(await evaluate(s.dc, '$eax', frame.id), '0x00001234 (4660)');
    await s.dc.setVariableRequest({ variablesReference: refs.get('UTCB')!, name: 'MR5', value: '77' });
    const utcb = await vars(s.dc, refs.get('UTCB')!);
    assert.strictEqual(parseInt(named(utcb, 'MR5').value, 16), 77);
    const tcbAddr = named(await vars(s.dc, refs.get('TCB')!), 'utcb').value;
    assert.match(await evaluate(s.dc, `*(int*)(${tcbAddr}+20)`, frame.id), /^77 /);
    // the parameter b lives on the stack: change it, and add returns the new sum
    const lv = await s.dc.setVariableRequest({ variablesReference: refs.get('Locals')!, name: 'b', value: '1000' });
    assert.strictEqual(lv.body.value, '1000');
    await assert.rejects(s.dc.setVariableRequest({ variablesReference: refs.get('TCB')!, name: 'name', value: '1' }), /cannot be changed/);
    await s.dc.setFunctionBreakpointsRequest({ breakpoints: [] });
    await s.dc.setBreakpointsRequest({ source: { path: sourceOf('ipc-pair') }, breakpoints: [{ line: lineOf('ipc-pair', 'printf("sum') }] });
    const e = await resumeAndStop(s.dc, () => s.dc.continueRequest({ threadId: t }));
    const f2 = await topFrame(s.dc, e.body.threadId!);
    assert.match(await evaluate(s.dc, 'last_sum', f2.id), /^1000 \(0x000003e8\)$/);
  });

  /** Launches ipc-pair and stops in the server's add(): main waits for its reply. */
  async function stopInAdd(): Promise<number> {
    const stop = await launch(s.dc, 'ipc-pair', async () => {
      await s.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'add' }] });
    });
    return stop!.body.threadId!;
  }

  it('answers JDB-like console commands, and rejects bad ones with their usage', async () => {
    await stopInAdd();
    assert.match(await evaluate(s.dc, 'threads'), /ipc-pair:main\s+0x[0-9a-f]{8}\s+waiting for reply from ipc-pair:thread1/);
    assert.match(await evaluate(s.dc, 'tcb ipc-pair:main'), /state\s+waiting for reply from ipc-pair:thread1/);
    assert.match(await evaluate(s.dc, 'utcb thread1'), /MR2\s+0x00000064/);
    assert.match(await evaluate(s.dc, 'caps ipc-pair'), /IpcGate/);
    assert.match(await evaluate(s.dc, 'objects'), /IpcGate.*label=0x40; bound to=ipc-pair:thread1/);
    assert.match(await evaluate(s.dc, 'ready'), /ipc-pair:thread1/);
    assert.match(await evaluate(s.dc, 'help'), /ipclog on\|off/);
    await assert.rejects(s.dc.evaluateRequest({ expression: 'tcb nobody', context: 'repl' }), /no thread "nobody"/);
    await assert.rejects(s.dc.evaluateRequest({ expression: 'ipclog maybe', context: 'repl' }), /usage: ipclog on\|off/);
  });

  it('completes console commands, thread names and program symbols', async () => {
    await stopInAdd();
    const c = await s.dc.completionsRequest({ text: 'tc', column: 3 });
    assert.deepStrictEqual(c.body.targets.map((x) => x.label), ['tcb']);
    const c2 = await s.dc.completionsRequest({ text: 'tcb ipc-pair:t', column: 15 });
    assert.deepStrictEqual(c2.body.targets.map((x) => x.label), ['ipc-pair:thread1']);
    const c3 = await s.dc.completionsRequest({ text: 'call_', column: 6 });
    assert.ok(c3.body.targets.some((x) => x.label === 'call_add'), JSON.stringify(c3.body.targets));
  });

  it('shows registers in decimal after "hex off"', async () => {
    const t = await stopInAdd();
    assert.strictEqual(await evaluate(s.dc, 'hex off'), 'hex off');
    const regs = await vars(s.dc, (await scopeRefs(s.dc, (await topFrame(s.dc, t)).id)).get('Registers')!);
    assert.match(named(regs, 'esp').value, /^\d+$/);
    assert.strictEqual(await evaluate(s.dc, 'hex on'), 'hex on');
    const hex = await vars(s.dc, (await scopeRefs(s.dc, (await topFrame(s.dc, t)).id)).get('Registers')!);
    assert.match(named(hex, 'esp').value, /^0x[0-9a-f]{8}$/);
  });

  it('logs each IPC to the console after "ipclog on"', async () => {
    const t = await stopInAdd();
    assert.strictEqual(await evaluate(s.dc, 'ipclog on'), 'ipclog on');
    await s.dc.setFunctionBreakpointsRequest({ breakpoints: [] });
    const terminated = s.dc.waitForEvent('terminated', 30000);
    await s.dc.continueRequest({ threadId: t });
    await terminated;
    assert.match(s.console(), /\[ipc\] IPC call: ipc-pair:main call to IpcGate/);
    assert.match(s.console(), /\[ipc\] IPC receive: ipc-pair:main received from ipc-pair:thread1/);
  });

  it('closes the task\'s output group before a stop, so console commands are not filed inside it', async () => {
    const stop = await launch(s.dc, 'ipc-pair', async () => {
      await s.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'printf', hitCondition: '2' }] });
    });
    assert.ok(stop, 'stopped at the second printf');
    const groups = s.outputs.filter((o) => o.body.group === 'start' || o.body.group === 'end').map((o) => o.body.group);
    assert.ok(groups.includes('start'), `output was grouped: ${JSON.stringify(groups)}`);
    assert.strictEqual(groups[groups.length - 1], 'end', `the last group is closed at the stop: ${JSON.stringify(groups)}`);
    const before = s.outputs.length;
    const r = await s.dc.evaluateRequest({ expression: 'threads', context: 'repl' });
    assert.match(r.body.result, /ipc-pair:main/);
    assert.ok(!s.outputs.slice(before).some((o) => o.body.group === 'start'), 'no group opens for a console command');
  });

  it('puts each task\'s output in its own group named after the task', async () => {
    await launch(s.dc, 'ipc-pair', undefined, {}, false);
    await s.dc.waitForEvent('terminated', 30000);
    // sigma0 and moe print their boot log first, each in its own group; then the program's group.
    const groups = s.outputs.map((o, i) => ({ o, i })).filter((x) => x.o.body.group === 'start');
    assert.deepStrictEqual(groups.slice(0, 3).map((g) => g.o.body.output.trim()), ['sigma0', 'moe', 'ipc-pair']);
    const start = groups[2].i;
    const firstOut = s.outputs.findIndex((o, i) => i > start && o.body.category === 'stdout');
    assert.ok(firstOut > start, 'the task output is inside its group');
    assert.deepStrictEqual((s.outputs[firstOut].body.data as { task: string }).task, 'ipc-pair');
    assert.ok(s.outputs.findIndex((o, i) => i > firstOut && o.body.group === 'end') > firstOut, 'the group ends');
    assert.match(s.stdout(), /sum 100\nsum 101\n[^]*served 5\n/);
  });
});
