// Lazy breakpoint verification with a real boot path: a ned script waits for its first program
// (`app:wait()`) and only then starts the second one, while the machine runs. A breakpoint in the second
// program's source is unverified at launch, verified (`breakpoint` event) when ned starts the program, and hit.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DebugProtocol } from '@vscode/debugprotocol';
import { launch, lineOf, Session, sourceOf, testWorkspace, threadNamed, topFrame, dapSessionFixture } from './dap-test-helpers';

/**
 * A modules list with an entry `ned-late` that runs a ned script over the workspace's programs. It goes into the
 * built workspace (a temporary copy), whose root the debugger resolves the programs' source paths against.
 */
function lateEntry(): string {
  const conf = path.join(testWorkspace(), 'conf');
  fs.writeFileSync(path.join(conf, 'ned-late.lst'), 'entry ned-late\nroottask moe rom/ned-late.cfg\nmodule ned-late.cfg\nmodule l4re\nmodule ned\nmodule ipc-pair\nmodule spin\n');
  fs.writeFileSync(
    path.join(conf, 'ned-late.cfg'),
    [
      'local L4 = require("L4")',
      'local code = L4.default_loader:start({ log = { "pair" } }, "rom/ipc-pair"):wait()',
      'print("ipc-pair exited with", code)',
      'L4.default_loader:start({ log = { "spin" } }, "rom/spin")',
    ].join('\n'),
  );
  return path.join(conf, 'ned-late.lst');
}

describe('debug adapter: a program ned starts after waiting (DAP)', function () {
  this.timeout(60000);
  let s: Session;

  dapSessionFixture((x) => (s = x));

  it('verifies a breakpoint of the second program at once (a module of the boot), and hits it when ned starts it', async () => {
    const spinLine = lineOf('spin', 'counter++');
    let lateId = 0;
    const stop = await launch(
      s.dc,
      'ned-late',
      async () => {
        // spin's task does not exist yet (ned starts it only after ipc-pair exits), but its file is a module
        // of the boot: the breakpoint is verified against it and armed when the task appears.
        const r = await s.dc.setBreakpointsRequest({ source: { path: sourceOf('spin') }, breakpoints: [{ line: spinLine }] });
        assert.deepStrictEqual([r.body.breakpoints[0].verified, r.body.breakpoints[0].line], [true, spinLine]);
        lateId = r.body.breakpoints[0].id!;
      },
      { modulesList: lateEntry() },
    );
    assert.strictEqual(stop!.body.reason, 'breakpoint');
    assert.deepStrictEqual(stop!.body.hitBreakpointIds, [lateId]);
    assert.strictEqual(stop!.body.threadId, (await threadNamed(s.dc, /^spin:main/)).id);
    assert.strictEqual((await topFrame(s.dc, stop!.body.threadId!)).line, spinLine);
    // The first program ran to its end before ned went on: its output, then ned's line, are already there.
    const out = s.stdout().replace(/\x1b\[[0-9;]*m/g, ''); // the programs' tagged logs are coloured
    assert.match(out, /pair {4}\| served 5\n(?:[^]*\n)?ipc-pair exited with\t0\n/);   // ned's line: untagged
    const threads = (await s.dc.threadsRequest()).body.threads.map((t) => t.name);
    assert.ok(!threads.some((n) => /^ipc-pair/.test(n)), `ipc-pair has exited: ${JSON.stringify(threads)}`);
  });
});
