// The debug adapter over DAP, as VS Code drives it: a real adapter process, the example workspace and the emulator.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { DebugProtocol } from '@vscode/debugprotocol';
import { buildTree } from '../../sdk/builder';
import { ROOT, Session, dapSessionFixture, stdoutMatching } from './dap-test-helpers';
import { threadNamed } from './dap-test-helpers';

const HELLO = path.join(ROOT, 'examples', 'hello');
const MODULES = path.join(HELLO, 'conf', 'modules.lst');
const MAIN_C = path.join(HELLO, 'pkg', 'hello-syscall', 'server', 'src', 'main.c');

function mainCLine(text: string): number {
  const i = fs.readFileSync(MAIN_C, 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `main.c has no line containing ${text}`);
  return i + 1;
}

async function topFrame(dc: DebugClient, threadId: number): Promise<DebugProtocol.StackFrame> {
  const st = await dc.stackTraceRequest({ threadId });
  assert.ok(st.body.stackFrames.length > 0);
  return st.body.stackFrames[0];
}

async function scopeVars(dc: DebugClient, frameId: number): Promise<Map<string, DebugProtocol.Variable[]>> {
  const scopes = await dc.scopesRequest({ frameId });
  const out = new Map<string, DebugProtocol.Variable[]>();
  for (const s of scopes.body.scopes) out.set(s.name, (await dc.variablesRequest({ variablesReference: s.variablesReference })).body.variables);
  return out;
}

function value(vars: DebugProtocol.Variable[] | undefined, name: string): string {
  const v = vars?.find((x) => x.name === name);
  assert.ok(v, `no variable ${name} in ${JSON.stringify(vars?.map((x) => x.name))}`);
  return v.value;
}

describe('debug adapter (DAP)', function () {
  this.timeout(60000);
  let s: Session;
  let dc: DebugClient;
  // These tests run examples/hello, not the shared test workspace.
  dapSessionFixture((x) => ((s = x), (dc = x.dc)), { workspace: false });

  it('initialize reports the capabilities and exception filters', async () => {
    const r = await dc.initializeRequest();
    assert.strictEqual(r.body?.supportsConfigurationDoneRequest, true);
    assert.strictEqual(r.body?.supportsReadMemoryRequest, true);
    assert.strictEqual(r.body?.supportsDisassembleRequest, true);
    assert.deepStrictEqual(r.body?.exceptionBreakpointFilters?.map((f) => f.filter), ['ipc', 'syscall', 'pagefault', 'capfault', 'exception']);
  });

  it('rejects bad launch arguments with a message naming the field', async () => {
    await dc.initializeRequest();
    await assert.rejects(dc.launch({} as DebugProtocol.LaunchRequestArguments), /modulesList/);
    await assert.rejects(dc.launch({ modulesList: MODULES, stopOnEntry: 'yes' } as DebugProtocol.LaunchRequestArguments), /stopOnEntry/);
    await assert.rejects(dc.launch({ modulesList: path.join(HELLO, 'conf', 'nope.lst') } as DebugProtocol.LaunchRequestArguments), /modulesList.*does not exist/);
    await assert.rejects(dc.launch({ modulesList: MODULES, searchPath: 'bin' } as DebugProtocol.LaunchRequestArguments), /searchPath/);
    await assert.rejects(dc.launch({ modulesList: MODULES, entry: 'no-such-entry' } as DebugProtocol.LaunchRequestArguments), /no-such-entry/);
  });

  /** Launches hello-syscall stopped at entry (in main) and steps over lines until `return 0`. */
  async function stepPastIpc(): Promise<{ threadId: number; frame: DebugProtocol.StackFrame; seen: number[] }> {
    const launch = { modulesList: MODULES, entry: 'hello-syscall', stopOnEntry: true } as DebugProtocol.LaunchRequestArguments;
    const stopped = dc.waitForEvent('stopped', 30000);
    await Promise.all([dc.configurationSequence(), dc.launch(launch)]);
    const ev = (await stopped) as DebugProtocol.StoppedEvent;
    assert.strictEqual(ev.body.reason, 'entry');
    const threadId = ev.body.threadId!;
    let frame = await topFrame(dc, threadId);
    const returnLine = mainCLine('return 0');
    const seen: number[] = [frame.line];
    for (let i = 0; i < 10 && frame.line !== returnLine; i++) {
      const st = dc.waitForEvent('stopped', 30000);
      await dc.nextRequest({ threadId });
      const e = (await st) as DebugProtocol.StoppedEvent;
      assert.strictEqual(e.body.reason, 'step');
      frame = await topFrame(dc, threadId);
      assert.strictEqual(frame.source?.path, MAIN_C);
      seen.push(frame.line);
    }
    return { threadId, frame, seen };
  }

  it('stops on entry in main, in the Threads view', async () => {
    const launch = { modulesList: MODULES, entry: 'hello-syscall', stopOnEntry: true } as DebugProtocol.LaunchRequestArguments;
    const stopped = dc.waitForEvent('stopped', 30000);
    await Promise.all([dc.configurationSequence(), dc.launch(launch)]);
    const ev = (await stopped) as DebugProtocol.StoppedEvent;
    assert.strictEqual(ev.body.reason, 'entry');
    const frame = await topFrame(dc, ev.body.threadId!);
    assert.strictEqual(frame.name, 'main');
    assert.strictEqual(frame.source?.path, MAIN_C);
    assert.strictEqual(frame.line, mainCLine('l4_utcb_mr()'));
    const threads = await dc.threadsRequest();
    assert.ok(threads.body.threads.some((t) => t.id === ev.body.threadId && /hello-syscall/.test(t.name)), JSON.stringify(threads.body.threads));
  });

  it('steps over line by line across the IPC, whose output arrives', async () => {
    const { frame, seen } = await stepPastIpc();
    const sendLine = mainCLine('l4_ipc_send(');
    assert.ok(seen.includes(mainCLine('memcpy(')), `lines stepped: ${seen}`);
    assert.ok(seen.some((l) => l === sendLine || l === sendLine + 1), `lines stepped: ${seen}`);
    assert.strictEqual(frame.line, mainCLine('return 0'), `lines stepped: ${seen}`);
    await stdoutMatching(s, /hello/);
  });

  it('shows the Registers, TCB, UTCB and Capabilities views of the stopped thread', async () => {
    const { frame } = await stepPastIpc();
    const views = await scopeVars(dc, frame.id);
    assert.deepStrictEqual(['Registers', 'TCB', 'UTCB', 'Capabilities'].filter((n) => !views.has(n)), []);
    const regs = views.get('Registers')!;
    assert.strictEqual(parseInt(value(regs, 'eip'), 16), parseInt(frame.instructionPointerReference!.split(':')[2], 16));
    assert.match(value(regs, 'eflags'), /^0x[0-9a-f]{8} \[.*\]$/);
    assert.match(value(regs, 'cs'), /^0x001b/);
    assert.ok(parseInt(value(regs, 'esp'), 16) > 0x1000);
    const tcb = views.get('TCB')!;
    assert.match(value(tcb, 'name'), /hello-syscall/);
    assert.match(value(tcb, 'priority'), /^\d+$/);
    assert.ok(value(tcb, 'state').length > 0);
    assert.ok(parseInt(value(tcb, 'utcb'), 16) > 0);
    const utcb = views.get('UTCB')!;
    assert.strictEqual(parseInt(value(utcb, 'MR1'), 16), 7, 'MR1 holds the length of "hello\\n"');
    assert.strictEqual(Buffer.from([0, 1, 2, 3].map((i) => (parseInt(value(utcb, 'MR2'), 16) >>> (8 * i)) & 0xff)).toString('latin1'), 'hell');
    assert.match(value(utcb, 'TCR error'), /\(/);
    assert.match(value(utcb, 'last tag'), /label=/);
    const caps = views.get('Capabilities')!;
    assert.ok(caps.length >= 3, JSON.stringify(caps));
    assert.ok(caps.every((c) => /\s[r-][w-][s-]d?$/.test(c.value)), JSON.stringify(caps.map((c) => c.value)));
    if (views.has('Locals')) assert.match(value(views.get('Locals'), 'mr'), /^0x[0-9a-f]+$/);
  });

  it('evaluates expressions, reads memory and disassembles at the stopped frame', async () => {
    const { frame } = await stepPastIpc();
    const views = await scopeVars(dc, frame.id);
    const regs = views.get('Registers')!;
    const tcb = views.get('TCB')!;
    const mr1 = await dc.evaluateRequest({ expression: `*(int*)(${value(tcb, 'utcb')}+4)`, frameId: frame.id, context: 'repl' });
    assert.match(mr1.body.result, /^7 /);
    const eip = await dc.evaluateRequest({ expression: '$eip', frameId: frame.id, context: 'watch' });
    assert.strictEqual(parseInt(eip.body.result, 16), parseInt(value(regs, 'eip'), 16));
    const mem = await dc.customRequest('readMemory', { memoryReference: frame.instructionPointerReference, count: 16 }) as DebugProtocol.ReadMemoryResponse;
    assert.strictEqual(Buffer.from(mem.body!.data!, 'base64').length, 16);
    const dis = await dc.customRequest('disassemble', { memoryReference: frame.instructionPointerReference, instructionCount: 5, resolveSymbols: true }) as DebugProtocol.DisassembleResponse;
    assert.strictEqual(dis.body!.instructions.length, 5);
    assert.strictEqual(parseInt(dis.body!.instructions[0].address, 16), parseInt(value(regs, 'eip'), 16));
  });

  it('continues to the end: exited, then terminated', async () => {
    const { threadId } = await stepPastIpc();
    const exited = dc.waitForEvent('exited', 30000);
    const terminated = dc.waitForEvent('terminated', 30000);
    await dc.continueRequest({ threadId });
    await exited;
    await terminated;
  });

  it('stops at a line breakpoint', async () => {
    const launch = { modulesList: MODULES, entry: 'hello-syscall', stopOnEntry: false } as DebugProtocol.LaunchRequestArguments;
    // hitBreakpoint asserts the stop's reason, source and line
    await dc.hitBreakpoint(launch, { path: MAIN_C, line: mainCLine('mr->mr[1] = 7') });
  });

  it('moves a breakpoint on a comment line to the next statement, and stops there', async () => {
    const launched = dc.launch({ modulesList: MODULES, entry: 'hello-syscall', stopOnEntry: false } as DebugProtocol.LaunchRequestArguments);
    await dc.waitForEvent('initialized', 30000);
    const r = await dc.setBreakpointsRequest({ source: { path: MAIN_C }, breakpoints: [{ line: mainCLine('/* 4 words') }] });
    assert.strictEqual(r.body.breakpoints[0].verified, true);
    assert.strictEqual(r.body.breakpoints[0].line, mainCLine('l4_ipc_send('));
    const stopped = dc.waitForEvent('stopped', 30000);
    await dc.configurationDoneRequest();
    await launched;
    const e = (await stopped) as DebugProtocol.StoppedEvent;
    assert.strictEqual(e.body.reason, 'breakpoint');
    const frame = await topFrame(dc, e.body.threadId!);
    assert.strictEqual(frame.line, mainCLine('l4_ipc_send('));
  });

  /** Launches hello-syscall with a function breakpoint on l4_utcb_mr, set while launch waits (as VS Code does). */
  async function stopInUtcbMr(): Promise<number> {
    const launched = dc.launch({ modulesList: MODULES, entry: 'hello-syscall', stopOnEntry: false } as DebugProtocol.LaunchRequestArguments);
    await dc.waitForEvent('initialized', 30000);
    const fb = await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'l4_utcb_mr' }] });
    assert.strictEqual(fb.body.breakpoints[0].verified, true);
    const stopped = dc.waitForEvent('stopped', 30000);
    await dc.configurationDoneRequest();
    await launched;
    const e = (await stopped) as DebugProtocol.StoppedEvent;
    assert.strictEqual(e.body.reason, 'function breakpoint');
    return e.body.threadId!;
  }

  it('a function breakpoint stops in l4_utcb_mr, called from main', async () => {
    const threadId = await stopInUtcbMr();
    const st = await dc.stackTraceRequest({ threadId });
    assert.deepStrictEqual(st.body.stackFrames.slice(0, 2).map((f) => f.name), ['l4_utcb_mr', 'main']);
  });

  it('stepOut returns to the caller at the line of the call', async () => {
    const threadId = await stopInUtcbMr();
    const stepped = dc.waitForEvent('stopped', 30000);
    await dc.stepOutRequest({ threadId });
    await stepped;
    const f = await topFrame(dc, threadId);
    assert.strictEqual(f.name, 'main');
    assert.strictEqual(f.line, mainCLine('l4_utcb_mr()'));
  });

  describe('with a guest that never ends', () => {
    let ws: string | undefined;
    before(function () {
      this.timeout(120000);
      ws = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-dap-spin-'));
      fs.mkdirSync(path.join(ws, 'conf'));
      fs.mkdirSync(path.join(ws, 'pkg', 'spin', 'server', 'src'), { recursive: true });
      fs.writeFileSync(path.join(ws, 'conf', 'modules.lst'), 'entry spin\nroottask moe --init=rom/spin\nmodule l4re\nmodule spin\n');
      fs.writeFileSync(path.join(ws, 'conf', 'Makeconf.boot'), 'MODULE_SEARCH_PATH = bin\n');
      fs.writeFileSync(path.join(ws, 'pkg', 'spin', 'server', 'src', 'Makefile'), 'TARGET = spin\nSRC_C = main.c\ninclude $(L4DIR)/mk/prog.mk\n');
      fs.writeFileSync(path.join(ws, 'pkg', 'spin', 'server', 'src', 'main.c'), 'volatile unsigned counter;\n\nint main(void)\n{\n  for (;;)\n    counter++;\n  return 0;\n}\n');
      const r = buildTree(ws);
      if (!r.ok) throw new Error(`building the spin example failed: ${r.errors.join('\n')}`);
    });
    after(() => {
      if (ws) fs.rmSync(ws, { recursive: true, force: true });
    });

    it('pauses a running guest in main, and resumes it: the counter moves on between pauses', async () => {
      await Promise.all([dc.configurationSequence(), dc.launch({ modulesList: path.join(ws!, 'conf', 'modules.lst'), stopOnEntry: false } as DebugProtocol.LaunchRequestArguments)]);
      // Host time, not an event: the guest must have run a while (nothing reports that) before the first pause.
      await new Promise((r) => setTimeout(r, 300));
      // The program's thread appears once sigma0, moe and l4re have started it.
      const spin = await threadNamed(dc, /^spin:main/);
      let last = 0;
      for (let round = 0; round < 2; round++) {
        const stopped = dc.waitForEvent('stopped', 2000);
        await dc.pauseRequest({ threadId: spin.id });
        const e = (await stopped) as DebugProtocol.StoppedEvent;
        assert.strictEqual(e.body.reason, 'pause');
        const frame = await topFrame(dc, e.body.threadId!);
        assert.strictEqual(frame.name, 'main');
        assert.match(frame.source?.path ?? '', /spin[\\/]server[\\/]src[\\/]main\.c$/);
        const counter = parseInt((await dc.evaluateRequest({ expression: '*(unsigned*)&counter', frameId: frame.id, context: 'repl' })).body.result, 10);
        assert.ok(counter > last, `round ${round}: counter ${counter} after ${last}`);
        last = counter;
        await dc.continueRequest({ threadId: spin.id });
        await new Promise((r) => setTimeout(r, 100)); // let the resumed guest run
      }
    });
  });
});
