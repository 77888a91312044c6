import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readBootEntries } from '../../extension/boot-entries';

const ROOT = path.resolve(__dirname, '..', '..', '..');

describe('boot entries for the pickers', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-ext-entries-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists the entries of examples/hello with their lines', () => {
    const list = path.join(ROOT, 'examples', 'hello', 'conf', 'modules.lst');
    const r = readBootEntries(list);
    assert.ok(r.ok, r.ok ? '' : r.message);
    if (!r.ok) return;
    assert.deepStrictEqual(r.entries.map((e) => e.name), ['hello', 'hello-syscall']);
    const lines = fs.readFileSync(list, 'utf8').split('\n');
    for (const e of r.entries) assert.match(lines[e.line - 1], new RegExp(`^\\s*entry\\s+${e.name}\\s*$`, 'i'));
  });

  it('explains a missing modules list instead of throwing', () => {
    const r = readBootEntries(path.join(dir, 'nope', 'modules.lst'));
    assert.ok(!r.ok);
    if (!r.ok) {
      assert.match(r.message, /does not exist/);
      assert.match(r.message, /modulesList/);
    }
  });

  it('explains a modules list without entries', () => {
    const f = path.join(dir, 'modules.lst');
    fs.writeFileSync(f, '# nothing here yet\nmodaddr 0x01100000\n');
    const r = readBootEntries(f);
    assert.ok(!r.ok);
    if (!r.ok) assert.match(r.message, /no "entry NAME" line/);
  });

  it('lists entries of a list outside conf/', () => {
    const f = path.join(dir, 'two.modules.lst');
    fs.writeFileSync(f, 'entry a\nroottask moe --init=rom/a\nmodule a\n\nENTRY b\nroottask moe --init=rom/b\nmodule b\n');
    const r = readBootEntries(f);
    assert.ok(r.ok, r.ok ? '' : r.message);
    if (r.ok) assert.deepStrictEqual(r.entries, [{ name: 'a', line: 1 }, { name: 'b', line: 5 }]);
  });
});
