import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bootProblems, defaultModulesList, findRomModule, listEntries, resolveBoot } from '../../emulator/boot/boot-config';
import { BootError } from '../../emulator/boot/boot-errors';
import { userLevelServersDir } from '../../emulator/boot/user-level-servers';

/** Creates files (path → content) under a fresh temp directory. */
function workspace(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-boot-'));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  return root;
}

function bootError(fn: () => unknown, pattern: RegExp): BootError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof BootError, `expected BootError, got ${String(e)}`);
    assert.match(e.message, pattern);
    assert.ok(!e.message.includes('\n'), 'one-line message');
    return e;
  }
  assert.fail('no BootError thrown');
}

describe('boot resolution', () => {
  const roots: string[] = [];
  const ws = (files: Record<string, string>): string => {
    const r = workspace(files);
    roots.push(r);
    return r;
  };
  after(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

  it('resolves the standard entry with Makeconf.boot search path relative to the workspace root', () => {
    const root = ws({
      'conf/modules.lst': 'modaddr 0x01100000\nentry hello\nroottask moe --init=rom/hello\nmodule l4re\nmodule hello a1 a2\nmodule[fname=cfg] data/thing.txt\n',
      'conf/Makeconf.boot': 'MODULE_SEARCH_PATH = bin:other\nQEMU_OPTIONS = -serial stdio\n',
      'bin/hello': 'ELF',
      'other/data/thing.txt': 'x',
    });
    const list = path.join(root, 'conf/modules.lst');
    const plan = resolveBoot({ modulesList: list, env: {} });
    assert.strictEqual(plan.entry, 'hello');
    assert.strictEqual(plan.workspaceRoot, root);
    assert.deepStrictEqual(plan.searchPath, [path.join(root, 'bin'), path.join(root, 'other'), path.join(root, 'conf')]);
    // No sigma0, moe or l4re on the search path: the roles take our own user-level servers (roles 'auto').
    const own = userLevelServersDir()!;
    assert.deepStrictEqual([plan.kernel.builtin, plan.sigma0.path, plan.roottask.path, plan.roottask.args], ['fiasco', path.join(own, 'sigma0'), path.join(own, 'moe'), '--init=rom/hello']);
    assert.deepStrictEqual(plan.modules.map((m) => [m.name, m.builtin, m.path, m.args, m.line]), [
      ['l4re', undefined, path.join(own, 'l4re'), '', 4],
      ['hello', undefined, path.join(root, 'bin/hello'), 'a1 a2', 5],
      ['cfg', undefined, path.join(root, 'other/data/thing.txt'), '', 6],
    ]);
    assert.strictEqual(plan.modaddr, 0x01100000);
    assert.strictEqual(plan.qemuOptions, '-serial stdio');
    assert.strictEqual(findRomModule(plan, 'rom/hello')?.path, path.join(root, 'bin/hello'));
    assert.strictEqual(findRomModule(plan, 'rom/nope'), undefined);
    assert.deepStrictEqual(listEntries(list).map((e) => [e.name, e.line]), [['hello', 2]]);
    assert.strictEqual(defaultModulesList(root), list);
  });

  it('searches option dirs, then searchpath lines, then MODULE_SEARCH_PATH, then the list directory', () => {
    const root = ws({
      'conf/modules.lst': 'searchpath sp\nentry e\nmodule a\nmodule b\nmodule c\nmodule d\n',
      'conf/Makeconf.boot': 'MODULE_SEARCH_PATH = msp\n',
      'opt/a': '1', 'sp/a': '2', 'sp/b': '2', 'msp/b': '3', 'msp/c': '3', 'conf/c': '4', 'conf/d': '4',
    });
    const plan = resolveBoot({ modulesList: path.join(root, 'conf/modules.lst'), searchPath: [path.join(root, 'opt')], env: {} });
    assert.deepStrictEqual(plan.modules.map((m) => path.relative(root, m.path!)), ['opt/a', 'sp/b', 'msp/c', 'conf/d']);
  });

  it('takes the workspace root as the list directory when it is not in conf/, and follows includes', () => {
    const root = ws({
      'boot.list': 'include parts/base.list\nentry x\nroottask moe --init=rom/prog\nmodule-group base\nmodule prog\n',
      'parts/base.list': 'group base\nmodule l4re\n',
      'prog': 'p',
    });
    const plan = resolveBoot({ modulesList: path.join(root, 'boot.list'), env: {} });
    assert.strictEqual(plan.workspaceRoot, root);
    assert.deepStrictEqual(plan.modules.map((m) => m.name), ['l4re', 'prog']);
  });

  it('uses defaults, moe shorthand, kernel args, per-entry modaddr, entry[no-defaults] and glob', () => {
    const root = ws({
      'conf/modules.lst': [
        'default-kernel fiasco -serial_esc', 'default-roottask moe --debug=all', 'modaddr 0x1000',
        'entry d', 'module[glob] lib*.so', 'entry m', 'moe hello.cfg', 'modaddr 0x2000',
        'entry[no-defaults] bare', 'roottask moe --init=rom/x', 'module x',
      ].join('\n'),
      'conf/libb.so': '', 'conf/liba.so': '', 'conf/other.so': '', 'conf/hello.cfg': '', 'conf/x': '',
    });
    const list = path.join(root, 'conf/modules.lst');
    const d = resolveBoot({ modulesList: list, entry: 'd', env: {} });
    assert.deepStrictEqual([d.kernel.args, d.kernel.line, d.roottask.args, d.modaddr], ['-serial_esc', 1, '--debug=all', 0x1000]);
    assert.deepStrictEqual(d.modules.map((m) => m.name), ['liba.so', 'libb.so']);
    const m = resolveBoot({ modulesList: list, entry: 'M', env: {} });
    assert.deepStrictEqual([m.entry, m.roottask.args, m.modules[0].name, m.modaddr], ['m', 'rom/hello.cfg', 'hello.cfg', 0x2000]);
    const bare = resolveBoot({ modulesList: list, entry: 'bare', env: {} });
    assert.deepStrictEqual([bare.kernel.args, bare.roottask.args], ['', '--init=rom/x']);
  });

  it('takes E= from Makeconf.boot when no entry is given', () => {
    const root = ws({ 'conf/modules.lst': 'entry a\nentry b\n', 'conf/Makeconf.boot': 'E = b\n' });
    assert.strictEqual(resolveBoot({ modulesList: path.join(root, 'conf/modules.lst'), env: {} }).entry, 'b');
  });

  it('reports configuration errors as one-line BootErrors naming file and line', () => {
    const root = ws({
      'conf/modules.lst': 'entry a\nroottask moe --init=rom/gone\nmodule gone\nentry b\nmodule-group nope\nentry c\nmodaddr 12k\nentry d\nfoo bar\nentry ok\nmodule l4re\n' +
        'entry[no-defaults] bare\nmodule l4re\nentry lin\ninitrd rd\n',
      'conf/Makeconf.boot': 'MODULE_SEARCH_PATH = bin\n',
    });
    const list = path.join(root, 'conf/modules.lst');
    const gone = bootError(() => resolveBoot({ modulesList: list, entry: 'a', env: {} }), /modules\.lst:3: module "gone" not found \(searched: .*bin, .*conf\) — build it/);
    assert.deepStrictEqual([gone.file, gone.line, gone.code], [list, 3, 'module-not-found']);
    bootError(() => resolveBoot({ modulesList: list, entry: 'b', env: {} }), /modules\.lst:5: unknown group 'nope'/);
    bootError(() => resolveBoot({ modulesList: list, entry: 'c', env: {} }), /modules\.lst:7: malformed modaddr "12k"/);
    bootError(() => resolveBoot({ modulesList: list, entry: 'd', env: {} }), /modules\.lst:9: invalid type "foo"/);
    bootError(() => resolveBoot({ modulesList: list, entry: 'bare', env: {} }), /modules\.lst:12: entry "bare" has no roottask/);
    bootError(() => resolveBoot({ modulesList: list, entry: 'lin', env: {} }), /modules\.lst:15: entry "lin" is a Linux-type entry/);
    // Errors in other entries do not stop this one (like the real tool, which reads only the chosen entry).
    assert.strictEqual(resolveBoot({ modulesList: list, entry: 'ok', env: {} }).modules[0].path, path.join(userLevelServersDir()!, 'l4re'));
    bootError(() => resolveBoot({ modulesList: list, entry: 'k', env: {} }), /unknown entry "k" — available entries: a, b, c, d, ok, bare, lin$/);
    bootError(() => resolveBoot({ modulesList: list, entry: 'bar', env: {} }), /unknown entry "bar" \(did you mean "bare"\?\)/);
    bootError(() => resolveBoot({ modulesList: list, env: {} }), /several entries \(a, b, c, d, ok, bare, lin\) — choose one with --entry NAME/);
    bootError(() => resolveBoot({ modulesList: path.join(root, 'conf/none.lst'), env: {} }), /none\.lst: modules list not found/);
    bootError(() => listEntries(path.join(root, 'conf/none.lst')), /modules list not found/);
  });

  it('fails on global errors, missing includes, duplicate entries and glob patterns without matches', () => {
    const root = ws({
      'conf/g.lst': 'modaddr zz\nentry a\n',
      'conf/i.lst': 'include missing.list\nentry a\n',
      'conf/d.lst': 'entry a\nmodule l4re\nentry a\n',
      'conf/glob.lst': 'entry a\nmodule[glob] *.nothing\n',
      'conf/cyc.lst': 'include cyc.lst\nentry a\n',
    });
    const l = (n: string): string => path.join(root, 'conf', n);
    bootError(() => resolveBoot({ modulesList: l('g.lst'), env: {} }), /g\.lst:1: malformed modaddr/);
    bootError(() => resolveBoot({ modulesList: l('i.lst'), env: {} }), /i\.lst:1: included file missing\.list not found/);
    bootError(() => resolveBoot({ modulesList: l('d.lst'), entry: 'a', env: {} }), /d\.lst:3: duplicate entry "a"/);
    bootError(() => resolveBoot({ modulesList: l('glob.lst'), env: {} }), /glob\.lst:2: pattern "\*\.nothing" matched no file/);
    bootError(() => resolveBoot({ modulesList: l('cyc.lst'), env: {} }), /cyc\.lst:1: include cycle/);
  });

  it('boots the repository example', () => {
    const list = path.join(__dirname, '../../../examples/hello/conf/modules.lst');
    if (!fs.existsSync(list)) return;
    const plan = resolveBoot({ modulesList: list, entry: 'hello' });
    assert.strictEqual(findRomModule(plan, 'rom/hello')!.path, path.join(path.dirname(list), '../bin/hello'));
  });
});

describe('bootProblems: everything that stops an entry, at once', () => {
  let root: string;
  before(() => {
    root = workspace({
      'conf/modules.lst': 'modaddr 0x01100000\n\nentry good\nroottask moe --init=rom/hello\nmodule l4re\nmodule hello\n\n'
        + 'entry broken\nroottask moe --init=rom/hello\nmodul hello\nmodule nothere\nmodule alsomissing\n',
      'bin/hello': 'not checked here',
      'conf/Makeconf.boot': 'MODULE_SEARCH_PATH = bin\n',
    });
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  const list = () => path.join(root, 'conf', 'modules.lst');

  it('is empty for an entry that boots', () => {
    assert.deepStrictEqual(bootProblems({ modulesList: list(), entry: 'good' }), []);
  });

  it('lists the parser error and every missing module of a broken entry, each with its line', () => {
    const problems = bootProblems({ modulesList: list(), entry: 'broken' });
    assert.deepStrictEqual(problems.map((p) => [p.line, p.code]), [[10, 'unknown-keyword'], [11, 'module-not-found'], [12, 'module-not-found']]);
    assert.match(problems[0].message, /did you mean 'module'/);
    assert.match(problems[2].message, /alsomissing/);
  });

  it('names the entry choice when the entry does not exist', () => {
    const [p, ...rest] = bootProblems({ modulesList: list(), entry: 'brokn' });
    assert.strictEqual(rest.length, 0);
    assert.strictEqual(p.code, 'unknown-entry');
    assert.match(p.message, /did you mean "broken"/);
  });
});
