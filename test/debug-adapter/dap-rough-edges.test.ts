// Rough edges a new user hit in VS Code (issue 14), each proved over DAP against the real adapter process and
// guests built by the SDK: stepping into the IPC partner of the message the client is stopped on, exceptions
// that a handler takes, unknown names in the Debug Console, the frame of a system call, symbols in the
// disassembly, and one rendering of capability rights.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DebugProtocol } from '@vscode/debugprotocol';
import {
  ROOT, evaluate, launch, lineOf, named, resumeAndStop, scopeRefs, Session, sourceOf, threadNamed, topFrame, vars, dapSessionFixture,
} from './dap-test-helpers';

/** VS Code's file-pattern globs as far as the package uses them: `**` any folders, `*` within one name. */
function globMatches(glob: string, file: string): boolean {
  const re = glob.split('/').map((part) => (part === '**' ? '(?:[^/]*/)*' : `${part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}/`)).join('');
  return new RegExp(`^/?${re.replace(/\/$/, '')}$`).test(file.split(path.sep).join('/').replace(/^\//, ''));
}

/** The lecture examples, prebuilt in examples/lecture/bin. */
const LECTURE_MODULES = path.join(ROOT, 'examples', 'lecture', 'conf', 'modules.lst');

/** Steps `threadId` into its IPC partner through the step-in target VS Code offers. */
async function stepIntoPartner(s: Session, threadId: number): Promise<DebugProtocol.StoppedEvent> {
  const frame = await topFrame(s.dc, threadId);
  const targets = await s.dc.customRequest('stepInTargets', { frameId: frame.id }) as DebugProtocol.StepInTargetsResponse;
  const partner = targets.body.targets.find((t) => /IPC partner/.test(t.label));
  assert.ok(partner, JSON.stringify(targets.body.targets));
  return resumeAndStop(s.dc, () => s.dc.stepInRequest({ threadId, targetId: partner.id }));
}

/** The server thread holds the request with `a` in MR1 and has served `served` requests before it. */
async function assertServerHolds(s: Session, stop: DebugProtocol.StoppedEvent, a: number, served: number): Promise<void> {
  const server = await threadNamed(s.dc, /^ipc-pair:thread1/);
  assert.strictEqual(stop.body.threadId, server.id, 'the server thread stops');
  const frame = await topFrame(s.dc, server.id);
  assert.strictEqual(frame.source?.path, sourceOf('ipc-pair'), JSON.stringify(frame));
  assert.strictEqual(frame.name, 'server');
  const utcb = await vars(s.dc, (await scopeRefs(s.dc, frame.id)).get('UTCB')!);
  assert.strictEqual(parseInt(named(utcb, 'MR1').value, 16), a, 'this message (not the next one) is in the server UTCB');
  assert.strictEqual(await evaluate(s.dc, 'requests_served', frame.id), `${served} (0x${served.toString(16).padStart(8, '0')})`);
}

describe('debug adapter: rough edges of issue 14 (DAP)', function () {
  this.timeout(60000);
  let s: Session;

  dapSessionFixture((x) => (s = x));

  describe('step into IPC partner', () => {
    it('from an IPC filter stop on the client call, lands in the server holding that message', async () => {
      const stop = await launch(s.dc, 'ipc-pair', async () => {
        await s.dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'ipc', condition: 'kind == call && mr1 == 2' }] });
      });
      const main = await threadNamed(s.dc, /^ipc-pair:main/);
      assert.strictEqual(stop!.body.threadId, main.id);
      await assertServerHolds(s, await stepIntoPartner(s, main.id), 2, 2);
    });

    it('from a breakpoint on the l4_ipc_call line, lands in the server holding that message', async () => {
      const stop = await launch(s.dc, 'ipc-pair', async () => {
        await s.dc.setBreakpointsRequest({ source: { path: sourceOf('ipc-pair') }, breakpoints: [{ line: lineOf('ipc-pair', 'l4_ipc_call(gate'), condition: 'a == 2' }] });
      });
      await assertServerHolds(s, await stepIntoPartner(s, stop!.body.threadId!), 2, 2);
    });

    it('with the IPC filter on, from a breakpoint on the l4_ipc_call line, lands in the server, not on the call', async () => {
      const stop = await launch(s.dc, 'ipc-pair', async () => {
        await s.dc.setBreakpointsRequest({ source: { path: sourceOf('ipc-pair') }, breakpoints: [{ line: lineOf('ipc-pair', 'l4_ipc_call(gate'), condition: 'a == 2' }] });
      });
      await s.dc.setExceptionBreakpointsRequest({ filters: ['ipc'] });
      await assertServerHolds(s, await stepIntoPartner(s, stop!.body.threadId!), 2, 2);
    });
  });

  describe('exception filter', () => {
    it('announces an exception that an exception handler will receive as handled by that handler thread', async () => {
      const stop = await launch(s.dc, 'exception-handler', async () => {
        await s.dc.setExceptionBreakpointsRequest({ filters: ['exception'] });
      }, { modulesList: LECTURE_MODULES });
      const worker = await threadNamed(s.dc, /^exception-han:thread1/);
      assert.strictEqual(stop!.body.threadId, worker.id);
      const info = await s.dc.exceptionInfoRequest({ threadId: worker.id });
      assert.strictEqual(info.body.exceptionId, 'exception');
      assert.strictEqual(info.body.breakMode, 'always');
      assert.match(info.body.description ?? '', /divide error.*handled by exception-han:main/);
      assert.doesNotMatch(info.body.description ?? '', /unhandled/);
      assert.match(stop!.body.description ?? '', /handled by exception-han:main/);
    });

    it('announces an exception nobody will receive as unhandled', async () => {
      const stop = await launch(s.dc, 'faults', async () => {
        await s.dc.setExceptionBreakpointsRequest({ filters: ['exception'] });
      });
      const info = await s.dc.exceptionInfoRequest({ threadId: stop!.body.threadId! });
      assert.strictEqual(info.body.breakMode, 'unhandled');
      assert.match(info.body.description ?? '', /unhandled #PF page fault/);
      assert.doesNotMatch(info.body.description ?? '', /handled by/);
    });
  });

  describe('Debug Console and Watch', () => {
    for (const context of ['repl', 'watch', 'hover'] as const) {
      it(`answers an unknown name in the ${context} context with an error naming it`, async () => {
        const stop = await launch(s.dc, 'ipc-pair', async () => {
          await s.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'add' }] });
        });
        const frame = await topFrame(s.dc, stop!.body.threadId!);
        await assert.rejects(s.dc.evaluateRequest({ expression: 'foo_bar_baz', frameId: frame.id, context }), /unknown identifier "foo_bar_baz"/);
      });
    }

    it('still evaluates locals, globals, registers, numbers, names compared with threads and console commands', async () => {
      const stop = await launch(s.dc, 'ipc-pair', async () => {
        await s.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'add' }] });
      });
      const frame = await topFrame(s.dc, stop!.body.threadId!);
      assert.strictEqual(await evaluate(s.dc, 'b', frame.id), '100');
      assert.strictEqual(await evaluate(s.dc, 'requests_served', frame.id), '0 (0x00000000)');
      assert.match(await evaluate(s.dc, 'esp', frame.id), /^0x[0-9a-f]{8} \(\d+\)$/);
      assert.strictEqual(await evaluate(s.dc, '6 * 7', frame.id), '0x2a');
      assert.strictEqual(await evaluate(s.dc, 'thread == thread1', frame.id), '0x1');
      assert.strictEqual(await evaluate(s.dc, '"ipc-pair"', frame.id), 'ipc-pair');
      assert.match(await evaluate(s.dc, 'threads', frame.id), /ipc-pair:thread1/);
    });
  });

  describe('a stop at a system call', () => {
    /** The frame VS Code focuses on a stop: the first one with a source that is not deemphasized. */
    const focused = (frames: DebugProtocol.StackFrame[]) => frames.find((f) => f.source?.path && f.source.presentationHint !== 'deemphasize');

    it('names the syscall stub frame after the L4 call and focuses the caller line in the program source', async () => {
      const stop = await launch(s.dc, 'ipc-pair', async () => {
        await s.dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'ipc', condition: 'kind == call && mr1 == 2' }] });
      });
      const frames = (await s.dc.stackTraceRequest({ threadId: stop!.body.threadId! })).body.stackFrames;
      const [stub, wrapper, call] = frames;
      assert.strictEqual(stub.name, 'l4_ipc: system call (__l4sys_invoke_direct)', JSON.stringify([stop!.body.description, frames.map((f) => f.name)]));
      assert.strictEqual(stub.presentationHint, 'subtle');
      assert.strictEqual(stub.source, undefined, 'the syscall page has no C source');
      // the SDK's C wrappers (l4_ipc called by l4_ipc_call, both in ipc.h) stay in the stack, deemphasized
      assert.deepStrictEqual([wrapper.name, call.name], ['l4_ipc', 'l4_ipc_call']);
      for (const f of [wrapper, call]) {
        assert.match(f.source?.path ?? '', /l4\/sys\/ipc\.h$/);
        assert.strictEqual(f.presentationHint, 'subtle');
        assert.strictEqual(f.source?.presentationHint, 'deemphasize');
      }
      const user = focused(frames);
      assert.strictEqual(user?.name, 'call_add');
      assert.strictEqual(user?.source?.path, sourceOf('ipc-pair'));
      assert.strictEqual(user?.line, lineOf('ipc-pair', 'l4_ipc_call(gate'));
    });

    it('gives the SDK header of a wrapper frame a path the C language the extension contributes claims', async () => {
      const stop = await launch(s.dc, 'ipc-pair', async () => {
        await s.dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'ipc', condition: 'kind == call && mr1 == 2' }] });
      });
      const header = (await s.dc.stackTraceRequest({ threadId: stop!.body.threadId! })).body.stackFrames[1].source?.path ?? '';
      assert.ok(fs.existsSync(header), header);
      const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
      const c = pkg.contributes.languages.filter((l: { id: string }) => l.id === 'c').flatMap((l: { filenamePatterns?: string[] }) => l.filenamePatterns ?? []);
      assert.ok(c.some((g: string) => globMatches(g, header)), `${header} against ${JSON.stringify(c)}`);
      assert.ok(!c.some((g: string) => globMatches(g, sourceOf('ipc-pair').replace(/main\.c$/, 'main.h'))), 'a program\'s own header is left to the user');
    });

    it('keeps an SDK function the user stopped in (a function breakpoint) as the focused frame', async () => {
      const stop = await launch(s.dc, 'ipc-pair', async () => {
        await s.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'l4_ipc_call' }] });
      });
      const frames = (await s.dc.stackTraceRequest({ threadId: stop!.body.threadId! })).body.stackFrames;
      assert.strictEqual(focused(frames)?.name, 'l4_ipc_call');
    });
  });

  describe('Disassembly view', () => {
    /** The instructions of main, from its breakpoint stop. */
    async function disassembleMain(): Promise<DebugProtocol.DisassembledInstruction[]> {
      const stop = await launch(s.dc, 'ipc-pair', async () => {
        await s.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'main' }] });
      });
      const frame = await topFrame(s.dc, stop!.body.threadId!);
      const r = await s.dc.customRequest('disassemble', { memoryReference: frame.instructionPointerReference!, instructionOffset: -8, instructionCount: 120 }) as DebugProtocol.DisassembleResponse;
      return r.body!.instructions;
    }

    it('names the function a call goes to, as objdump does: call 8048abc <printf>', async () => {
      const text = (await disassembleMain()).map((i) => i.instruction);
      assert.ok(text.some((t) => /^call\s+[0-9a-f]+ <call_add>$/.test(t)), text.join('\n'));
      assert.ok(text.some((t) => /^call\s+[0-9a-f]+ <printf>$/.test(t)), text.join('\n'));
    });

    it('names a jump target inside a function with its offset: jmp 80481b0 <main+0x4a>', async () => {
      const text = (await disassembleMain()).map((i) => i.instruction);
      assert.ok(text.some((t) => /^j[a-z]+\s+[0-9a-f]+ <main\+0x[0-9a-f]+>$/.test(t)), text.join('\n'));
    });
  });

  describe('capability rights', () => {
    it('reads the same L4 letters in the kernel frame of an invocation and in the Capabilities view', async () => {
      const stop = await launch(s.dc, 'ipc-pair', async () => {
        await s.dc.setBreakpointsRequest({ source: { path: sourceOf('ipc-pair') }, breakpoints: [{ line: lineOf('ipc-pair', 'l4_ipc_call(gate') }] });
      });
      const main = stop!.body.threadId!;
      let e = stop!;
      for (let i = 0; i < 30 && !/^kernel:/.test(e.body.description ?? ''); i++) e = await resumeAndStop(s.dc, () => s.dc.stepInRequest({ threadId: main }));
      const frame = await topFrame(s.dc, main);
      const scopes = await scopeRefs(s.dc, frame.id);
      const capability = named(await vars(s.dc, scopes.get('Invocation')!), 'capability').value;
      const m = /slot (\d+) rights ([rwsdn-]+) \(0x([0-9a-f]+)\)/.exec(capability);
      assert.ok(m, `letters and raw hex in ${JSON.stringify(capability)}`);
      const entry = named(await vars(s.dc, scopes.get('Capabilities')!), new RegExp(`^\\[${m[1]}\\] `));
      assert.match(entry.value, new RegExp(` ${m[2]}$`), 'the slot line ends with the same letters');
      const rights = named(await vars(s.dc, entry.variablesReference), 'rights').value;
      assert.strictEqual(rights, `${m[2]} (0x${m[3]})`);
    });
  });
});
