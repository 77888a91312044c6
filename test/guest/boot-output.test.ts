import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO, bootAndRun } from './boot-helpers';

// Output of the boot's first moments: ned's script prints before the program it starts, and a listener
// attached after Machine.boot sees all of it, in order (ned and moe in C print from their tasks, in the
// first slices; test/servers/ned.test.ts checks our ned's print in detail).
describe('guest: output produced while booting', () => {
  it('reaches listeners attached after Machine.boot, ned\'s print before the program\'s lines', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-boot-output-'));
    try {
      fs.mkdirSync(path.join(dir, 'conf'));
      fs.mkdirSync(path.join(dir, 'bin'));
      fs.copyFileSync(path.join(REPO, 'examples', 'hello', 'bin', 'hello'), path.join(dir, 'bin', 'hello'));
      fs.writeFileSync(path.join(dir, 'conf', 'Makeconf.boot'), 'MODULE_SEARCH_PATH = bin\n');
      fs.writeFileSync(path.join(dir, 'conf', 'modules.lst'), 'entry greet\nroottask moe rom/greet.cfg\nmodule l4re\nmodule ned\nmodule greet.cfg\nmodule hello\n');
      fs.writeFileSync(path.join(dir, 'conf', 'greet.cfg'), 'print("ned says hi")\nrequire("L4").default_loader:start({}, "rom/hello")\n');
      const { output, result } = bootAndRun(path.join(dir, 'conf', 'modules.lst'), 'greet');
      assert.match(output, /(^|\n)ned says hi\n/);   // untagged, as the real ned's lines
      assert.match(output, /hello {3}\| hello/);
      assert.ok(output.indexOf('ned says hi') < output.indexOf('| hello'), output);
      assert.strictEqual(result.kind, 'ended');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
