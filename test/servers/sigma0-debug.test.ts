// Debugging our sigma0 (DAP): it is a user-level thread built with debug info, so a breakpoint on a line of
// its page-fault or request handler stops it there, with its source, its locals and its thread in the
// Threads view, while the real moe waits for the answer.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DebugProtocol } from '@vscode/debugprotocol';
import { requireFixture } from '../real-l4re/fixture';
import { named, scopeRefs, Session, dapSessionFixture, vars } from '../debug-adapter/dap-test-helpers';
import { lineIn, SERVERS, sigma0OnlyDir } from './servers-fixture';

const PAGER_C = path.join(SERVERS, 'pkg', 'sigma0', 'server', 'src', 'pager.c');

describe('servers: our sigma0 in the debugger (DAP)', function () {
  this.timeout(180_000);
  let s: Session;
  let bin: string;
  let sigma0Dir: string;

  before(() => {
    sigma0Dir = sigma0OnlyDir();
  });
  after(() => fs.rmSync(sigma0Dir, { recursive: true, force: true }));
  dapSessionFixture((session) => {
    s = session;
  }, { workspace: false, beforeStart: (ctx) => { bin = requireFixture(ctx, 'bin'); } });

  async function stopAt(line: number): Promise<DebugProtocol.StoppedEvent> {
    const { dc } = s;
    const launched = dc.launch({ modulesList: path.join(SERVERS, 'conf', 'modules.lst'), entry: 'hello', searchPath: [sigma0Dir, bin], stopOnEntry: false } as DebugProtocol.LaunchRequestArguments);
    await dc.waitForEvent('initialized', 30000);
    const set = await dc.setBreakpointsRequest({ source: { path: PAGER_C }, breakpoints: [{ line }] });
    assert.strictEqual(set.body.breakpoints.length, 1);
    const stopped = dc.waitForEvent('stopped', 120_000);
    await dc.configurationDoneRequest();
    await launched;
    return (await stopped) as DebugProtocol.StoppedEvent;
  }

  it('a breakpoint in the page-fault handler stops sigma0 serving the root task (client 4), in pager.c', async () => {
    const line = lineIn(PAGER_C, 'answer_memory(a, page, PAGE_SHIFT, rights, 1);');
    const stop = await stopAt(line);
    assert.strictEqual(stop.body.reason, 'breakpoint');
    const threads = (await s.dc.threadsRequest()).body.threads;
    const stoppedThread = threads.find((t) => t.id === stop.body.threadId);
    assert.ok(stoppedThread && /^sigma0/.test(stoppedThread.name), `stopped in ${stoppedThread?.name}: ${threads.map((t) => t.name).join(', ')}`);
    assert.ok(threads.some((t) => /^moe/.test(t.name)), threads.map((t) => t.name).join(', '));

    const frames = (await s.dc.stackTraceRequest({ threadId: stop.body.threadId! })).body.stackFrames;
    assert.strictEqual(frames[0].name, 'handle_page_fault');
    assert.strictEqual(frames[0].line, line);
    assert.strictEqual(frames[0].source?.path && fs.realpathSync(frames[0].source.path), fs.realpathSync(PAGER_C));
    assert.ok(frames.some((f) => f.name === 'pager_loop'), frames.map((f) => f.name).join(' < '));

    const scopes = await scopeRefs(s.dc, frames[0].id);
    const locals = await vars(s.dc, scopes.get('Locals')!);
    const page = Number(named(locals, 'page').value);
    assert.strictEqual(page % 0x1000, 0, `page ${page} is page-aligned`);
    const args = scopes.has('Arguments') ? await vars(s.dc, scopes.get('Arguments')!) : locals;
    assert.strictEqual(Number(named(args, 'client').value), 4, 'the root task is client 4 (its gate label is 0x40)');
  });

  it('a breakpoint in the sigma0-protocol handler stops when moe asks for the KIP (its first request)', async () => {
    const line = lineIn(PAGER_C, 'answer_memory(a, (unsigned long)kip_page, PAGE_SHIFT, L4_FPAGE_RX, 1);');
    const stop = await stopAt(line);
    assert.strictEqual(stop.body.reason, 'breakpoint');
    const frames = (await s.dc.stackTraceRequest({ threadId: stop.body.threadId! })).body.stackFrames;
    assert.strictEqual(frames[0].name, 'handle_sigma0_request');
    assert.strictEqual(frames[0].line, line);
    // sigma0 has printed its banner and dump, moe its greeting; moe has not found any RAM yet (it asks after the KIP).
    assert.ok(s.stdout().includes('SIGMA0: Hello!\n'), s.stdout());
    assert.ok(s.stdout().includes('MOE: Hello world\n'), s.stdout());
    assert.ok(!s.stdout().includes('MOE: found'), s.stdout());
  });
});
