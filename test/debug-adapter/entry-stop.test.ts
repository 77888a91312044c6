// "stopOnEntry" without a breakpoint to arm (a program without `main`): the thread the debugger stops in first.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Machine } from '../../emulator/machine';
import { userLevelServersDir } from '../../emulator/boot/user-level-servers';
import { EntryStop } from '../../debug-adapter/runtime/entry-stop';
import { skipCounted } from '../support/require-tool';

describe('debug adapter: the entry stop', () => {
  let dir: string;

  before(function () {
    const servers = userLevelServersDir();
    if (!servers) skipCounted(this, 'no servers/bin in this installation (build them: fiasco build servers)');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-entry-stop-'));
    fs.mkdirSync(path.join(dir, 'conf'));
    // Any i386 program linked at 0x08048000 does as root task: it is booted, not run.
    fs.copyFileSync(path.join(servers, 'ned'), path.join(dir, 'prog'));
    fs.writeFileSync(path.join(dir, 'conf', 'modules.lst'), 'entry prog\nroottask prog\n');
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it('a program root task on a sigma0 file: stops in the program\'s thread, not in sigma0\'s (created first)', () => {
    const m = Machine.boot({ modulesList: path.join(dir, 'conf', 'modules.lst'), searchPath: [dir], roles: 'user-level' });
    const userThreads = m.threads().filter((t) => t.task.image);
    assert.deepStrictEqual(userThreads.map((t) => t.task.name), ['sigma0', 'prog']);
    assert.strictEqual(new EntryStop(() => true).initialThread(m, userThreads)?.task.name, 'prog');
  });
});
