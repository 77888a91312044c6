// Our own ned (servers/pkg/ned, C, its Lua in the coprocessor): a script's arguments and a long loop, app:wait(),
// and the real L4Re hello run by our ned. Script errors and the rest of the Lua interface: test/l4re/ned*.test.ts.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Machine } from '../../emulator/machine';
import type { RolePolicy } from '../../emulator/boot/role-resolution';
import { requireFixture } from '../real-l4re/fixture';

const LECTURE_BIN = path.resolve(__dirname, '..', '..', '..', 'examples', 'lecture', 'bin');
/** Colour sequences (SGR) of moe's tagged logs. */
const SGR = /\x1b\[[0-9;]*m/g;

/** A workspace with one entry per script: l4re, ned, the script and the lecture's programs as modules. */
function scriptWorkspace(scripts: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'user-ned-'));
  fs.mkdirSync(path.join(dir, 'conf'));
  const entries = Object.keys(scripts).map((name) =>
    `entry ${name.replace(/\.(cfg|lua)$/, '')}\nroottask moe rom/${name}\nmodule l4re\nmodule ned\nmodule ${name}\nmodule hello\nmodule ipc-server\nmodule ipc-client\n`);
  fs.writeFileSync(path.join(dir, 'conf', 'Makeconf.boot'), `MODULE_SEARCH_PATH = ${LECTURE_BIN}:conf\n`);
  fs.writeFileSync(path.join(dir, 'conf', 'modules.lst'), entries.join('\n'));
  for (const [name, text] of Object.entries(scripts)) fs.writeFileSync(path.join(dir, 'conf', name), text);
  return path.join(dir, 'conf', 'modules.lst');
}

/** Everything a boot prints (colours removed), run until it ends or `limit` instructions; or its boot error. */
function run(modulesList: string, entry: string, roles: RolePolicy, limit = 200_000_000, searchPath?: string[]): { text: string; raw: string; error?: Error } {
  let m: Machine;
  let text = '';
  try {
    m = Machine.boot({ modulesList, entry, roles, searchPath });
  } catch (e) {
    return { text, raw: text, error: e as Error };
  }
  m.events.on('output', (e) => { text += e.text; });
  while (m.retiredInstructions < limit && m.runSlice(2_000_000).kind !== 'ended') { /* run */ }
  return { text: text.replace(SGR, ''), raw: text };
}

describe('our ned (roles=user-level): scripts', function () {
  this.timeout(120_000);

  // Script errors, with their messages, files and lines: test/l4re/ned.test.ts.
  it('print, script arguments and a loop that runs for many turns', () => {
    const conf = scriptWorkspace({ 'p.cfg': 'local n = 0\nfor i = 1, 3000000 do n = n + 1 end\nprint("sum", n, ...)\nrequire("L4").default_loader:start({}, "rom/hello")\n' });
    fs.appendFileSync(conf, 'entry args\nroottask moe rom/p.cfg first second\nmodule l4re\nmodule ned\nmodule p.cfg\nmodule hello\n');
    const ours = run(conf, 'args', 'user-level');
    // The loop ran to its end (several turns of ned's thread), then the program started.
    assert.ok(ours.text.endsWith('sum\t3000000\tfirst\tsecond\nhello   | Hello World!\nhello   | I am rom/hello, started by moe.\n'), ours.text);
    // ned prints as the real one ("Ned says: Hi World!" in boot-ned.log): untagged, without a colour sequence (a
    // log of its own from moe, tagged and uncoloured, began each line with moe's reset "\e[0m").
    assert.ok(ours.raw.includes('\nsum\t3000000\tfirst\tsecond\n'), JSON.stringify(ours.raw.slice(-200)));
  });
});

describe('our ned (roles=user-level): app:wait()', function () {
  this.timeout(120_000);

  it('waits for each program in turn and returns its exit value (hello 0; ipc-client without its channel 1)', () => {
    const conf = scriptWorkspace({
      'w.cfg': [
        'local L4 = require("L4")',
        'local a = L4.default_loader:start({ log = { "first" } }, "rom/hello"):wait()',
        'print("hello exited with", a)',
        'local b = L4.default_loader:start({ log = { "second" } }, "rom/ipc-client"):wait()',
        'print("ipc-client exited with", b)',
        'L4.default_loader:start({ log = { "third" } }, "rom/hello")',
      ].join('\n'),
    });
    const text = run(conf, 'w', 'user-level').text;
    const lines = text.split('\n');
    const at = (l: string): number => lines.findIndex((x) => x.startsWith(l));
    // Each program ends before the script goes on: its last line, then ned's, then the next program's first.
    assert.ok(at('first   | ') >= 0 && at('first   | ') < at('hello exited with\t0'), text);
    assert.ok(at('hello exited with\t0') < at('second  | '), text);
    assert.ok(at('second  | ') < at('ipc-client exited with\t1'), text);
    assert.ok(at('ipc-client exited with\t1') < at('third   | '), text);
  });
});

describe('our ned (roles=user-level) starts the real L4Re hello', function () {
  this.timeout(120_000);

  for (const [entry, tags] of [['hello-cfg', ['\x1b[37mhello   | ']], ['hello-2', ['\x1b[31mhello-1 | ', '\x1b[36mhello-2 | ']]] as const) {
    it(`${entry}: the real hello's coloured, tagged lines, as in the real system`, function () {
      const bin = requireFixture(this, 'bin');
      const conf = requireFixture(this, 'conf');
      const m = Machine.boot({ modulesList: path.join(conf, 'modules.list'), entry, roles: 'user-level', searchPath: [bin, conf] });
      assert.ok(m.plan.roles.some((r) => r.role === 'ned' && r.path?.endsWith(path.join('servers', 'bin', 'ned'))));
      let text = '';
      m.events.on('output', (e) => { text += e.text; });
      const enough = (): boolean => (text.match(/Hello World!/g) ?? []).length >= 2 * tags.length;
      while (!enough() && m.retiredInstructions < 400_000_000 && m.runSlice(2_000_000).kind !== 'ended') { /* run */ }
      const after = text.slice(text.indexOf("MOE: loading 'rom/ned'\n") + "MOE: loading 'rom/ned'\n".length).split('\n').filter((l) => l);
      assert.ok(after.length >= 2 * tags.length, text);
      after.forEach((line, i) => assert.strictEqual(line, `${tags[i % tags.length]}Hello World!\x1b[0m`));
    });
  }
});
