// The Kernel Objects / Capability Graph custom requests through a real DebugClient on a lecture example.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { DebugProtocol } from '@vscode/debugprotocol';
import { dapSessionFixture, ROOT } from './dap-test-helpers';
import type { KernelSnapshot } from '../../debug-adapter/kernel-objects/snapshot-model';

const LECTURE = path.join(ROOT, 'examples', 'lecture', 'conf', 'modules.lst');
const MAIN_C = path.join(ROOT, 'examples', 'lecture', 'pkg', 'capabilities', 'server', 'src', 'main.c');

describe('DAP: fiasco/kernelObjects requests', function () {
  this.timeout(120000);
  let dc: DebugClient;
  dapSessionFixture((x) => (dc = x.dc), { workspace: false });

  /** Runs the capabilities example to the line where main starts serving its gate (everything is mapped). */
  async function stoppedInServer(): Promise<KernelSnapshot> {
    const lines = fs.readFileSync(MAIN_C, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('tag = l4_ipc_wait(')) + 1;
    await dc.hitBreakpoint({ modulesList: LECTURE, entry: 'capabilities', stopOnEntry: false } as DebugProtocol.LaunchRequestArguments, { path: MAIN_C, line });
    return (await dc.customRequest('fiasco/kernelObjects/snapshot')).body as KernelSnapshot;
  }

  it('returns nodes, capability edges with rights and a derivation edge', async () => {
    const s = await stoppedInServer();
    assert.strictEqual(s.running, false);
    const byName = (n: string) => s.objects.find((o) => o.name === n)!;
    for (const [name, kind] of [['service', 'IpcGate'], ['lock', 'Semaphore'], ['quota', 'Factory'], ['sandbox', 'Task'], ['guest', 'Task'], ['capabilities:main', 'Thread']]) {
      assert.strictEqual(byName(name)?.kind, kind, name);
    }
    const cap = s.capabilities.find((c) => c.taskId === byName('sandbox').id && c.objectId === byName('service').id);
    assert.ok(cap);
    assert.strictEqual(cap.rightsText, 'rw-');
    const owner = s.capabilities.find((c) => c.taskId === byName('capabilities').id && c.objectId === byName('service').id)!;
    assert.ok(s.derivations.some((d) => d.from === owner.id && d.to === cap.id), JSON.stringify(s.derivations));
    assert.strictEqual(byName('service').boundThreadId, byName('capabilities:main').id);
  });

  it('focusThread re-announces the stop on the chosen thread; bad arguments are errors', async () => {
    const s = await stoppedInServer();
    const main = s.objects.find((o) => o.name === 'capabilities:main')!;
    const stopped = dc.waitForEvent('stopped', 30000);
    const r = await dc.customRequest('fiasco/kernelObjects/focusThread', { threadId: main.id });
    assert.deepStrictEqual(r.body, { focused: true });
    assert.strictEqual(((await stopped) as DebugProtocol.StoppedEvent).body.threadId, main.id);
    await assert.rejects(dc.customRequest('fiasco/kernelObjects/focusThread', { threadId: 'x' }), /threadId must be a number/);
    await assert.rejects(dc.customRequest('fiasco/kernelObjects/focusThread', { threadId: 99999 }), /no thread 99999/);
  });
});
