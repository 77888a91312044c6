// Debugging our own ned (roles=user-level, DAP; issue 13): when the lecture's client-server script starts a
// program, a breakpoint in ned's C source stops ned's own thread there, with the program's name in its
// locals and ned's thread in the Threads view. Needs no real L4Re build.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DebugProtocol } from '@vscode/debugprotocol';
import { named, scopeRefs, Session, dapSessionFixture, stdoutMatching, vars } from '../debug-adapter/dap-test-helpers';
import { lineIn, SERVERS } from './servers-fixture';

const LECTURE = path.resolve(__dirname, '..', '..', '..', 'examples', 'lecture', 'conf', 'modules.lst');
const APP_LOADER_C = path.join(SERVERS, 'pkg', 'ned', 'server', 'src', 'app_loader.c');

describe('servers: our ned in the debugger (DAP)', function () {
  this.timeout(180_000);
  let s: Session;

  dapSessionFixture((session) => {
    s = session;
  }, { workspace: false });

  it('a breakpoint in app_start (app_loader.c) stops ned\'s own thread as the script starts ipc-server; ned\'s thread is listed', async () => {
    const { dc } = s;
    const launched = dc.launch({ modulesList: LECTURE, entry: 'client-server', roles: 'user-level', stopOnEntry: false } as DebugProtocol.LaunchRequestArguments);
    await dc.waitForEvent('initialized', 30000);
    const line = lineIn(APP_LOADER_C, 'l4_addr_t sp = remote_app_stack_build(');
    const set = await dc.setBreakpointsRequest({ source: { path: APP_LOADER_C }, breakpoints: [{ line }] });
    assert.strictEqual(set.body.breakpoints.length, 1, JSON.stringify(set.body));
    const stopped = dc.waitForEvent('stopped', 150_000);
    await dc.configurationDoneRequest();
    await launched;
    const stop = (await stopped) as DebugProtocol.StoppedEvent;
    assert.strictEqual(stop.body.reason, 'breakpoint');

    const threads = (await dc.threadsRequest()).body.threads;
    const thread = threads.find((t) => t.id === stop.body.threadId);
    assert.match(thread?.name ?? '', /^ned/, `stopped in ${thread?.name}: ${threads.map((t) => t.name).join(', ')}`);
    assert.ok(threads.some((t) => /^moe/.test(t.name)), threads.map((t) => t.name).join(', '));

    const frames = (await dc.stackTraceRequest({ threadId: stop.body.threadId! })).body.stackFrames;
    const where = frames.map((f) => `${f.name} ${f.source?.path}:${f.line}`).join('\n');
    assert.strictEqual(frames[0].name, 'app_start', where);
    assert.strictEqual(frames[0].line, line, where);
    assert.strictEqual(fs.realpathSync(frames[0].source!.path!), fs.realpathSync(APP_LOADER_C), where);
    const callers = frames.map((f) => f.name);
    for (const caller of ['request_perform', 'run_script', 'main']) assert.ok(callers.includes(caller), where);

    const locals = await vars(dc, (await scopeRefs(dc, frames[0].id)).get('Locals')!);
    assert.strictEqual(Number(named(locals, 'argc').value), 1);
    assert.strictEqual(Number(named(locals, 'ncaps').value), 2, 'rom and channel');

    // Continuing, the server it started runs.
    await dc.setBreakpointsRequest({ source: { path: APP_LOADER_C }, breakpoints: [] });
    const ready = stdoutMatching(s, /server {2}\| server: ready/, 90_000);
    await dc.continueRequest({ threadId: stop.body.threadId! });
    await ready;
  });
});
