// Debugging our moe (DAP): it is a user-level thread with debug info, so a breakpoint in its dataspace map
// handler stops moe's thread when the program's task first needs a page of a dataspace, with moe's source,
// locals and stack, and its thread in the Threads view next to sigma0's and hello's.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DebugProtocol } from '@vscode/debugprotocol';
import { named, scopeRefs, Session, dapSessionFixture, vars } from '../debug-adapter/dap-test-helpers';
import { REPO } from '../real-l4re/fixture';
import { ourMoeOnly, requireRealParts, RealParts } from './moe-fixture';

/**
 * A workspace for the debugger: conf/modules.list with the reference build's `hello` entry, and pkg/ = the
 * servers' sources, so that moe's DWARF paths (relative to servers/) resolve under the workspace root.
 */
function debugWorkspace(): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'moe-debug-'));
  fs.mkdirSync(path.join(ws, 'conf'));
  fs.writeFileSync(path.join(ws, 'conf', 'modules.list'), 'modaddr 0x01100000\n\nentry hello\nroottask moe --init=rom/hello\nmodule l4re\nmodule hello\n');
  fs.symlinkSync(path.join(REPO, 'servers', 'pkg'), path.join(ws, 'pkg'));
  return ws;
}

describe('servers: our moe in the debugger (DAP)', function () {
  this.timeout(180_000);
  let s: Session;
  let real: RealParts;
  let ws: string;
  let moeDir: string;

  dapSessionFixture((session) => {
    s = session;
  }, {
    workspace: false,
    beforeStart: (ctx) => {
      real = requireRealParts(ctx);
      ws = debugWorkspace();
      moeDir = ourMoeOnly();
    },
  });
  afterEach(() => {
    for (const d of [ws, moeDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  it('a breakpoint in the dataspace map handler stops moe when hello\'s task first needs a dataspace page', async () => {
    const source = path.join(ws, 'pkg', 'moe', 'server', 'src', 'dataspace.c');
    const text = fs.readFileSync(source, 'utf8').split('\n');
    const line = text.findIndex((l) => l.includes('dataspace_map_item(ds, offset, spot,')) + 1;
    assert.ok(line > 0, 'dataspace.c has no map answer');

    const { dc } = s;
    const launched = dc.launch({ modulesList: path.join(ws, 'conf', 'modules.list'), entry: 'hello', searchPath: [moeDir, real.bin], stopOnEntry: false } as DebugProtocol.LaunchRequestArguments);
    await dc.waitForEvent('initialized', 30000);
    const set = await dc.setBreakpointsRequest({ source: { path: source }, breakpoints: [{ line }] });
    assert.ok(set.body.breakpoints[0]?.verified, JSON.stringify(set.body));
    const stoppedEvent = dc.waitForEvent('stopped', 120_000);
    await dc.configurationDoneRequest();
    await launched;
    const stop = (await stoppedEvent) as DebugProtocol.StoppedEvent;
    assert.strictEqual(stop.body.reason, 'breakpoint');

    const threads = (await dc.threadsRequest()).body.threads;
    const names = threads.map((t) => t.name).join(', ');
    const stoppedThread = threads.find((t) => t.id === stop.body.threadId);
    assert.ok(stoppedThread && /^moe/.test(stoppedThread.name), `stopped in ${stoppedThread?.name}: ${names}`);
    assert.ok(threads.some((t) => /^sigma0/.test(t.name)), names);
    assert.ok(threads.some((t) => /^hello/.test(t.name)), `no thread of hello's task: ${names}`);

    const frames = (await dc.stackTraceRequest({ threadId: stop.body.threadId! })).body.stackFrames;
    assert.strictEqual(frames[0].name, 'ds_map');
    assert.strictEqual(frames[0].line, line);
    assert.strictEqual(frames[0].source?.path && fs.realpathSync(frames[0].source.path), fs.realpathSync(source));
    for (const caller of ['dataspace_dispatch', 'dispatch', 'server_loop']) {
      assert.ok(frames.some((f) => f.name === caller), frames.map((f) => f.name).join(' < '));
    }
    const scopes = await scopeRefs(dc, frames[0].id);
    const locals = await vars(dc, scopes.get('Locals')!);
    assert.ok(Number.isFinite(Number(named(locals, 'offset').value)), `offset: ${named(locals, 'offset').value}`);
    assert.ok([4, 5, 6, 7].includes(Number(named(locals, 'want').value)), `rights asked: ${named(locals, 'want').value}`);

    // moe has started l4re, which loads hello: nothing of hello has run far enough to print yet.
    assert.ok(s.stdout().includes("MOE: loading 'rom/hello'\n"), s.stdout());
    assert.ok(!s.stdout().includes('Hello World!'), s.stdout());
  });
});
