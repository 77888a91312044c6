// F5 on a real L4Re build's entries: the debugger stops at the entry of the real hello (a stripped binary),
// with the threads of sigma0, moe (and ned) and hello's task in the Threads view.
import * as assert from 'assert';
import { DebugProtocol } from '@vscode/debugprotocol';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { dapSessionFixture } from '../debug-adapter/dap-test-helpers';
import { requireFixture } from './fixture';

/** hello's ELF entry point (shared/l4re-x86/README.md). */
const HELLO_ENTRY = 0x8048604;

async function f5(dc: DebugClient, args: Record<string, unknown>): Promise<DebugProtocol.StoppedEvent> {
  const launched = dc.launch({ stopOnEntry: true, ...args } as DebugProtocol.LaunchRequestArguments);
  await dc.waitForEvent('initialized', 30000);
  const stopped = dc.waitForEvent('stopped', 120_000);
  await dc.configurationDoneRequest();
  await launched;
  return (await stopped) as DebugProtocol.StoppedEvent;
}

describe('real L4Re: the debugger on a real build (DAP)', function () {
  this.timeout(180_000);
  let dc: DebugClient;
  let bin: string;
  let modulesList: string;

  dapSessionFixture((s) => (dc = s.dc), {
    workspace: false,
    beforeStart: (ctx) => {
      bin = requireFixture(ctx, 'bin');
      modulesList = requireFixture(ctx, 'conf/modules.list');
    },
  });

  for (const [entry, tasks] of [['hello', ['sigma0', 'moe']], ['hello-cfg', ['sigma0', 'moe', 'ned']]] as const) {
    it(`F5 on "${entry}" stops at the real hello's entry point, with ${tasks.join(', ')} among the threads`, async () => {
      const stop = await f5(dc, { modulesList, entry, searchPath: [bin] });
      assert.strictEqual(stop.body.reason, 'entry');
      const threads = (await dc.threadsRequest()).body.threads;
      const stopped = threads.find((t) => t.id === stop.body.threadId);
      assert.ok(stopped, JSON.stringify(threads));
      assert.ok(!/^(sigma0|moe|ned):/.test(stopped.name), `stopped in ${stopped.name}, not in hello's task`);
      const frames = (await dc.stackTraceRequest({ threadId: stop.body.threadId! })).body.stackFrames;
      assert.ok(frames[0].instructionPointerReference?.endsWith(`0x${HELLO_ENTRY.toString(16).padStart(8, '0')}`), JSON.stringify(frames[0]));
      for (const t of tasks) assert.ok(threads.some((th) => th.name.startsWith(`${t}:`) || th.name.includes(`${t}:`)), `no thread of ${t}: ${threads.map((x) => x.name).join(', ')}`);
    });
  }
});
