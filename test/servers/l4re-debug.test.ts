// Debugging our l4re (DAP): it is a user-level thread with debug info in the program's own task, so a
// breakpoint where it takes the program's page faults stops it at the program's very first fault (its entry
// point), with l4re's source and locals, and with both threads of the task - l4re's "#hello" and the
// program's "hello" - in the Threads view.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DebugProtocol } from '@vscode/debugprotocol';
import { ElfFile } from '../../emulator/elf/elf-file';
import { requireFixture } from '../real-l4re/fixture';
import { named, resumeAndStop, scopeRefs, Session, dapSessionFixture, vars } from '../debug-adapter/dap-test-helpers';
import { lineIn, SERVERS } from './servers-fixture';

const PAGE_FAULT_C = path.join(SERVERS, 'pkg', 'l4re', 'server', 'src', 'page_fault.c');

describe('servers: our l4re in the debugger (DAP)', function () {
  this.timeout(180_000);
  let s: Session;
  let bin: string;
  let l4reDir: string;

  before(() => {
    l4reDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-l4re-'));
    fs.symlinkSync(path.join(SERVERS, 'bin', 'l4re'), path.join(l4reDir, 'l4re'));
  });
  after(() => fs.rmSync(l4reDir, { recursive: true, force: true }));
  dapSessionFixture((session) => {
    s = session;
  }, { workspace: false, beforeStart: (ctx) => { bin = requireFixture(ctx, 'bin'); } });

  it('a breakpoint in the page-fault handler stops l4re ("hello:#hello") at hello\'s first fault, its entry point; the program\'s thread is there', async () => {
    const { dc } = s;
    const line = lineIn(PAGE_FAULT_C, 'struct region const *r = region_find(addr, 1);');
    const launched = dc.launch({ modulesList: path.join(SERVERS, 'conf', 'modules.lst'), entry: 'hello', searchPath: [l4reDir, bin], stopOnEntry: false } as DebugProtocol.LaunchRequestArguments);
    await dc.waitForEvent('initialized', 30000);
    const set = await dc.setBreakpointsRequest({ source: { path: PAGE_FAULT_C }, breakpoints: [{ line }] });
    assert.strictEqual(set.body.breakpoints.length, 1);
    const stopped = dc.waitForEvent('stopped', 120_000);
    await dc.configurationDoneRequest();
    await launched;
    let stop = (await stopped) as DebugProtocol.StoppedEvent;

    // l4re touches pages itself first (the ELF headers, the program's stack: page_in_range); the first fault
    // that comes as a request (handle) is the program's.
    const callers: string[] = [];
    let frames: DebugProtocol.StackFrame[] = [];
    for (let i = 0; i < 20; i++) {
      assert.strictEqual(stop.body.reason, 'breakpoint');
      frames = (await dc.stackTraceRequest({ threadId: stop.body.threadId! })).body.stackFrames;
      assert.strictEqual(frames[0].name, 'page_fault_resolve');
      assert.strictEqual(frames[0].line, line);
      assert.strictEqual(frames[0].source?.path && fs.realpathSync(frames[0].source.path), fs.realpathSync(PAGE_FAULT_C));
      callers.push(frames[1].name);
      if (frames[1].name === 'handle') break;
      stop = await resumeAndStop(dc, () => dc.continueRequest({ threadId: stop.body.threadId! }));
    }
    assert.strictEqual(callers[callers.length - 1], 'handle', callers.join(', '));
    assert.ok(callers.slice(0, -1).length > 0 && callers.slice(0, -1).every((c) => c === 'page_in_range'), callers.join(', '));
    assert.ok(frames.some((f) => f.name === 'server_loop'), frames.map((f) => f.name).join(' < '));

    const threads = (await dc.threadsRequest()).body.threads;
    const names = threads.map((t) => t.name).join(', ');
    const stoppedThread = threads.find((t) => t.id === stop.body.threadId);
    assert.ok(stoppedThread && stoppedThread.name.startsWith('hello:#hello'), `stopped in ${stoppedThread?.name}: ${names}`);
    assert.ok(threads.some((t) => t.name.startsWith('hello:main')), `the program's thread: ${names}`);
    assert.ok(threads.some((t) => /^moe/.test(t.name)) && threads.some((t) => /^sigma0/.test(t.name)), names);

    // The first page hello touches is the instruction fetch at its entry point: pfa = address | 4, pc = entry.
    const entry = ElfFile.load(path.join(bin, 'hello')).entry;
    const scopes = await scopeRefs(dc, frames[0].id);
    const args = await vars(dc, scopes.get('Arguments') ?? scopes.get('Locals')!);
    const pfa = Number(named(args, 'pfa').value);
    const pc = Number(named(args, 'pc').value);
    assert.strictEqual(pc, entry, `pc ${pc.toString(16)}`);
    assert.strictEqual(pfa & ~0xfff, entry & ~0xfff, `fault address ${pfa.toString(16)} in the entry's page`);
    assert.ok(pfa & 4, 'an instruction fetch');
  });
});
