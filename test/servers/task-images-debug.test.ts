// One task, two images with debug info (DAP, roles=user-level): our l4re runs in the program's own task, and
// the program (examples/hello, built with the SDK) has DWARF too. The debugger keeps both images of the
// task and resolves every address in the image that holds it, so a breakpoint in l4re's page-fault handler
// and one in the program's main both bind and hit, each frame with its own source.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DebugProtocol } from '@vscode/debugprotocol';
import { resumeAndStop, Session, dapSessionFixture } from '../debug-adapter/dap-test-helpers';
import { lineIn, samePath, SERVERS } from './servers-fixture';

const HELLO = path.join(SERVERS, '..', 'examples', 'hello');
const HELLO_C = path.join(HELLO, 'pkg', 'hello', 'server', 'src', 'main.c');
const PAGE_FAULT_C = path.join(SERVERS, 'pkg', 'l4re', 'server', 'src', 'page_fault.c');

describe('debugger: every image of a task (our l4re and a program with DWARF in one task)', function () {
  this.timeout(180_000);
  let s: Session;

  dapSessionFixture((session) => {
    s = session;
  }, { workspace: false });

  it('a breakpoint in l4re\'s page_fault_resolve and one in the program\'s main both hit, each frame with its image\'s source', async () => {
    const { dc } = s;
    const faultLine = lineIn(PAGE_FAULT_C, 'struct region const *r = region_find(addr, 1);');
    const mainLine = lineIn(HELLO_C, 'puts("hello");');
    const launched = dc.launch({ modulesList: path.join(HELLO, 'conf', 'modules.lst'), entry: 'hello', roles: 'user-level', stopOnEntry: false } as DebugProtocol.LaunchRequestArguments);
    await dc.waitForEvent('initialized', 30000);
    await dc.setBreakpointsRequest({ source: { path: PAGE_FAULT_C }, breakpoints: [{ line: faultLine }] });
    await dc.setBreakpointsRequest({ source: { path: HELLO_C }, breakpoints: [{ line: mainLine }] });
    const stopped = dc.waitForEvent('stopped', 120_000);
    await dc.configurationDoneRequest();
    await launched;
    let stop = (await stopped) as DebugProtocol.StoppedEvent;

    // l4re's faults come first (loading the program, then its first instruction fetch); then main's line.
    const seen: string[] = [];
    let inL4reAfterProgramKnown = false;
    for (let i = 0; i < 200; i++) {
      assert.strictEqual(stop.body.reason, 'breakpoint');
      const threads = (await dc.threadsRequest()).body.threads;
      const thread = threads.find((t) => t.id === stop.body.threadId)?.name ?? '';
      const frames = (await dc.stackTraceRequest({ threadId: stop.body.threadId! })).body.stackFrames;
      const where = `${thread} ${frames.map((f) => `${f.name} ${f.source?.path}:${f.line}`).join(' < ')}`;
      if (frames[0].name === 'main') {
        assert.match(thread, /^hello:main/, where);
        assert.ok(samePath(frames[0].source?.path, HELLO_C), where);
        assert.strictEqual(frames[0].line, mainLine, where);
        // The same task's other thread, l4re's, waits for the next fault in its IPC call: resolved in l4re's image
        // (the program's has an l4_ipc of its own, elsewhere).
        const l4reThread = threads.find((t) => t.name.startsWith('hello:#hello'));
        assert.ok(l4reThread, threads.map((t) => t.name).join(', '));
        // Blocked in the kernel: the syscall page's stub frame first, then l4re's l4_ipc that called it.
        const l4reFrames = (await dc.stackTraceRequest({ threadId: l4reThread.id })).body.stackFrames;
        assert.strictEqual(l4reFrames[0].name, 'l4_ipc: system call (__l4sys_invoke_direct)', JSON.stringify(l4reFrames[0]));
        const l4reTop = l4reFrames[1];
        assert.strictEqual(l4reTop.name, 'l4_ipc', JSON.stringify(l4reTop));
        assert.ok(Number(l4reTop.instructionPointerReference?.split(':').pop()) >= 0xb0000000, JSON.stringify(l4reTop));
        // Disassembly there has l4re's line table (the task's own image is the program's).
        const asm = (await dc.customRequest('disassemble', { memoryReference: l4reTop.instructionPointerReference, instructionCount: 1 })).body as DebugProtocol.DisassembleResponse['body'];
        assert.ok(asm?.instructions[0]?.location?.path?.endsWith(path.join('l4', 'sys', 'ipc.h')) && asm.instructions[0].line, JSON.stringify(asm?.instructions[0]));
        seen.push('main');
        break;
      }
      assert.match(thread, /^hello:#hello/, where);
      assert.strictEqual(frames[0].name, 'page_fault_resolve', where);
      assert.ok(samePath(frames[0].source?.path, PAGE_FAULT_C), where);
      assert.strictEqual(frames[0].line, faultLine, where);
      assert.ok(frames[1]?.source?.path?.startsWith(path.join(SERVERS, 'pkg', 'l4re')), where);
      seen.push(frames[1]?.name ?? '?');
      // Once the program's thread exists, its image is known in the task as well: l4re must keep its sources.
      if (threads.some((t) => t.name.startsWith('hello:main'))) inL4reAfterProgramKnown = true;
      stop = await resumeAndStop(dc, () => dc.continueRequest({ threadId: stop.body.threadId! }));
    }
    assert.strictEqual(seen[seen.length - 1], 'main', seen.join(', '));
    assert.ok(inL4reAfterProgramKnown, `l4re's breakpoint never hit after the program was loaded: ${seen.join(', ')}`);
  });
});
