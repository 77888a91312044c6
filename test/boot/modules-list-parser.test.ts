import * as assert from 'assert';
import { parseModulesList } from '../../emulator/boot/modules-list-parser';
import type { BootDiagnostic } from '../../emulator/boot/boot-errors';
import { tokenizeLine } from '../../emulator/boot/modules-list-tokenizer';

const parse = (text: string, files: Record<string, string> = {}) =>
  parseModulesList(text, '/ws/conf/modules.lst', { readFile: (p) => files[p], env: { HOME: '/home/u' } });

/** The diagnostics as "line:column-endColumn severity code" for compact checks. */
const where = (ds: BootDiagnostic[]): string[] => ds.map((d) => `${d.line}:${d.column}-${d.endColumn} ${d.severity} ${d.code}`);
const errors = (text: string) => parse(text).diagnostics.filter((d) => d.severity === 'error');

describe('modules.lst tokenizer', () => {
  it('splits keyword, options, arguments and comment with 1-based columns', () => {
    const t = tokenizeLine('  Module[fname=x, nostrip] bin/hello  a b # hi', 3, 'f');
    assert.deepStrictEqual([t.keyword!.text, t.keyword!.column, t.keyword!.endColumn], ['Module', 3, 9]);
    assert.deepStrictEqual(t.options.map((o) => [o.key, o.value, o.token.column, o.token.endColumn]), [['fname', 'x', 10, 17], ['nostrip', undefined, 19, 26]]);
    assert.deepStrictEqual(t.optionsRange, { file: 'f', line: 3, column: 9, endColumn: 27 });
    assert.deepStrictEqual(t.args.map((a) => [a.text, a.column]), [['bin/hello', 28], ['a', 39], ['b', 41]]);
    assert.deepStrictEqual([t.rest!.text, t.rest!.column], ['bin/hello  a b', 28]);
    assert.deepStrictEqual([t.comment!.text, t.comment!.column], ['# hi', 43]);
  });

  it('reports a missing bracket and a missing space after options', () => {
    assert.deepStrictEqual(where(tokenizeLine('module[glob x', 1, 'f').diagnostics), ['1:7-14 error syntax']);
    assert.deepStrictEqual(where(tokenizeLine('module[glob]x', 1, 'f').diagnostics), ['1:13-14 error syntax']);
    assert.deepStrictEqual(where(tokenizeLine('module[] x', 1, 'f').diagnostics).length, 1);
  });
});

describe('modules.lst parser: keywords', () => {
  it('reads the standard example', () => {
    const doc = parse('# comment\nmodaddr 0x01100000\n\nentry hello\nroottask moe --init=rom/hello\nmodule l4re\nmodule hello\n');
    assert.deepStrictEqual(doc.diagnostics, []);
    assert.strictEqual(doc.modaddr?.value, 0x01100000);
    assert.strictEqual(doc.entries.length, 1);
    const e = doc.entries[0];
    assert.deepStrictEqual([e.name, e.nameToken.line, e.nameToken.column, e.nameToken.endColumn], ['hello', 4, 7, 12]);
    assert.deepStrictEqual([e.roottask!.file.text, e.roottask!.args], ['moe', '--init=rom/hello']);
    assert.deepStrictEqual(e.modules.map((m) => m.romName), ['l4re', 'hello']);
    assert.deepStrictEqual([e.statement.line, e.endLine], [4, 7]);
    assert.strictEqual(doc.comments.length, 1);
  });

  it('accepts keywords in any case and title as entry', () => {
    const doc = parse('TITLE one\nRootTask moe --init=rom/a\nMODULE a\n');
    assert.deepStrictEqual(doc.diagnostics, []);
    assert.strictEqual(doc.entries[0].name, 'one');
    assert.strictEqual(doc.entries[0].modules[0].romName, 'a');
  });

  it('reads kernel, sigma0, bootstrap, defaults, per-entry modaddr and set', () => {
    const doc = parse([
      'default-kernel fiasco -serial_esc', 'default-sigma0 sig0', 'default-roottask moe --debug=all', 'default-bootstrap bootstrap -x',
      'entry e', 'kernel fiasco -nokdb', 'sigma0 mysigma0', 'roottask moe --init=rom/p', 'bootstrap bs -presetmem=0', 'modaddr 4096',
      'set FOO bar baz', 'module p',
    ].join('\n'));
    assert.deepStrictEqual(doc.diagnostics, []);
    assert.deepStrictEqual([doc.defaults.kernel!.file.text, doc.defaults.kernel!.args], ['fiasco', '-serial_esc']);
    assert.strictEqual(doc.defaults.sigma0!.romName, 'sig0');
    assert.strictEqual(doc.defaults.roottask!.args, '--debug=all');
    assert.strictEqual(doc.defaults.bootstrap!.args, '-x');
    const e = doc.entries[0];
    assert.deepStrictEqual([e.kernel!.args, e.sigma0!.romName, e.roottask!.args, e.bootstrap!.args], ['-nokdb', 'mysigma0', '--init=rom/p', '-presetmem=0']);
    assert.strictEqual(e.modaddr?.value, 4096);
    assert.strictEqual(doc.modaddr, undefined);
    assert.deepStrictEqual(e.sets, { FOO: 'bar baz' });
  });

  it('reads module options: fname, attr:, nostrip, uncompress, no-shlib-scan, glob and the aliases bin/data', () => {
    const doc = parse('entry e\nroottask moe\nmodule[fname=renamed,attr:nvm:x=1,nostrip,uncompress,no-shlib-scan] dir/prog arg1  arg2\nbin b\ndata d.cfg\nmodule[glob] *.so lib?.a\n');
    assert.deepStrictEqual(doc.diagnostics, []);
    const [m, b, d, g1, g2] = doc.entries[0].modules;
    assert.deepStrictEqual([m.romName, m.file.text, m.args, m.attrs, m.nostrip, m.uncompress, m.noShlibScan], ['renamed', 'dir/prog', 'arg1  arg2', { 'nvm:x': '1' }, true, true, true]);
    assert.deepStrictEqual([b.romName, d.romName], ['b', 'd.cfg']);
    assert.deepStrictEqual([g1.glob, g1.file.text, g2.file.text, g2.args], [true, '*.so', 'lib?.a', '']);
  });

  it('reads the 2013 spellings as options', () => {
    const doc = parse('entry e\nmodule-glob *.x\nbin-nostrip p a\ndata-nostrip d\n');
    assert.deepStrictEqual(doc.diagnostics, []);
    const [g, p, d] = doc.entries[0].modules;
    assert.deepStrictEqual([g.glob, p.nostrip, p.args, d.nostrip], [true, true, 'a', true]);
  });

  it('expands moe FILE.cfg into roottask moe rom/FILE.cfg plus the module', () => {
    const doc = parse('entry e\nmoe cfg/hello.cfg\n');
    const e = doc.entries[0];
    assert.deepStrictEqual([e.roottask!.romName, e.roottask!.args], ['moe', 'rom/hello.cfg']);
    assert.deepStrictEqual(e.modules.map((m) => [m.romName, m.file.text]), [['hello.cfg', 'cfg/hello.cfg']]);
  });

  it('expands groups into entries with module-group, and records references', () => {
    const doc = parse('group base\nmodule l4re\nmodule ned\ngroup extra\nmodule x\nentry e\nroottask moe\nmodule-group base extra\nmodule y\n');
    assert.deepStrictEqual(doc.diagnostics, []);
    const e = doc.entries[0];
    assert.deepStrictEqual(e.modules.map((m) => `${m.romName}:${m.fromGroup ?? ''}`), ['l4re:base', 'ned:base', 'x:extra', 'y:']);
    assert.deepStrictEqual(e.groupRefs.map((g) => [g.name, g.token.line, g.token.column]), [['base', 8, 14], ['extra', 8, 19]]);
    assert.deepStrictEqual([doc.groups.get('base')!.statement.line, doc.groups.get('base')!.endLine], [1, 3]);
  });

  it('follows includes relative to the including file, with ${ENV}', () => {
    const doc = parse('include more.list\ninclude ${HOME}/x.list\nentry a\nmodule-group g\n', {
      '/ws/conf/more.list': 'group g\nmodule from-include\n',
      '/home/u/x.list': 'searchpath /opt/bin\n',
    });
    assert.deepStrictEqual(doc.diagnostics, []);
    assert.deepStrictEqual(doc.entries[0].modules.map((m) => m.romName), ['from-include']);
    assert.strictEqual(doc.groups.get('g')!.statement.file, '/ws/conf/more.list');
    assert.strictEqual(doc.groups.get('g')!.statement.includedFrom[0].line, 1);
    assert.deepStrictEqual(doc.searchpaths.map((s) => s.dir), ['/opt/bin']);
    assert.deepStrictEqual(doc.includes.map((i) => i.resolved), ['/ws/conf/more.list', '/home/u/x.list']);
  });

  it('applies arch= and bits= filters for x86/32', () => {
    const doc = parse('entry e\nmodule[arch=amd64] a64\nmodule[arch=x86|arm] a32\nmodule[bits=64] b64\nmodule[bits=32] b32\nentry[arch=arm64] armonly\n');
    assert.deepStrictEqual(doc.diagnostics, []);
    assert.deepStrictEqual(doc.entries[0].modules.map((m) => m.romName), ['a32', 'b32']);
    assert.deepStrictEqual(doc.entries.map((e) => [e.name, e.active]), [['e', true], ['armonly', false]]);
  });

  it('reads entry[no-defaults] and searchpath and initrd', () => {
    const doc = parse('searchpath ../bin\nentry[no-defaults] bare\nkernel fiasco\nroottask moe\nentry lin\ninitrd rd.img\n');
    assert.strictEqual(doc.entries[0].noDefaults, true);
    assert.deepStrictEqual(doc.searchpaths.map((s) => [s.dir, s.token.column]), [['../bin', 12]]);
    assert.strictEqual(doc.entries[1].initrd?.file.text, 'rd.img');
    assert.deepStrictEqual(where(doc.diagnostics), []);
  });
});

describe('modules.lst parser: errors name line and column', () => {
  it('unknown keyword, with a suggestion', () => {
    const d = errors('entry e\n  modul hello\n');
    assert.deepStrictEqual(where(d), ['2:3-8 error unknown-keyword']);
    assert.match(d[0].message, /invalid type "modul".*did you mean 'module'/);
    assert.strictEqual(d[0].entry, 'e');
  });

  it('invalid type in a group', () => {
    const d = errors('group g\nkernel fiasco\n');
    assert.deepStrictEqual(where(d), ['2:1-7 error invalid-in-group']);
    assert.strictEqual(d[0].group, 'g');
  });

  it('unknown group, and a group used above its definition', () => {
    const d = errors('group base\nmodule a\nentry e\nmodule-group bse\nmodule-group late\ngroup late\nmodule b\n');
    assert.deepStrictEqual(where(d), ['4:14-17 error unknown-group', '5:14-18 error unknown-group']);
    assert.match(d[0].message, /unknown group 'bse' — did you mean "base"/);
    assert.match(d[1].message, /defined later, at \/ws\/conf\/modules.lst:6/);
  });

  it('duplicate entry (ignoring case) and duplicate group', () => {
    const d = errors('entry a\nroottask moe\nentry A\nroottask moe\ngroup g\ngroup g\n');
    assert.deepStrictEqual(where(d), ['3:7-8 error duplicate-entry', '6:7-8 error duplicate-group']);
    assert.match(d[0].message, /already defined at \/ws\/conf\/modules.lst:1/);
  });

  it('entry[no-defaults] without roottask', () => {
    const d = errors('entry[no-defaults] bare\nkernel fiasco\n');
    assert.deepStrictEqual(where(d), ['1:20-24 error no-roottask']);
    assert.match(d[0].message, /roottask moe --init=rom\/PROGRAM/);
  });

  it('malformed modaddr, globally and per entry', () => {
    const d = errors('modaddr 0x1zz\nentry e\nmodaddr lots\n');
    assert.deepStrictEqual(where(d), ['1:9-14 error malformed-modaddr', '3:9-13 error malformed-modaddr']);
    assert.match(d[0].message, /malformed modaddr "0x1zz": expected a number such as 0x01100000/);
    assert.strictEqual(d[1].entry, 'e');
  });

  it('missing arguments', () => {
    const d = errors('entry\nentry e\nmodule\nmodaddr\ninclude\n');
    assert.deepStrictEqual(where(d), ['1:1-6 error missing-argument', '3:1-7 error missing-argument', '4:1-8 error missing-argument', '5:1-8 error missing-argument']);
  });

  it('perl and shell expansion are unsupported with a clear message', () => {
    const d = errors('entry e\nmodule[perl] map { "x$_" } 1..3\nmodule[shell] ls bin\nmodule-perl 1\nmodule-shell ls\n');
    assert.deepStrictEqual(where(d), ['2:8-12 error unsupported-option', '3:8-13 error unsupported-option', '4:1-12 error unsupported-option', '5:1-13 error unsupported-option']);
    assert.match(d[0].message, /not supported by Fiasco Studio — list the modules explicitly/);
  });

  it('unknown options and options without values', () => {
    const doc = parse('entry e\nmodule[nostirp] a\nmodule[fname] b\nmodule[arch] c\n');
    assert.deepStrictEqual(where(doc.diagnostics), ['2:8-15 warning unknown-option', '3:8-13 error bad-option', '4:8-12 error bad-option']);
    assert.match(doc.diagnostics[0].message, /did you mean 'nostrip'/);
  });

  it('module lines before the first entry are ignored with a warning', () => {
    const doc = parse('module x\nentry e\n');
    assert.deepStrictEqual(where(doc.diagnostics), ['1:1-7 warning outside-entry']);
  });

  it('missing include, and include cycles with the chain', () => {
    const missing = parse('entry e\ninclude nope.list\n');
    assert.deepStrictEqual(where(missing.diagnostics), ['2:9-18 error include-missing']);
    assert.match(missing.diagnostics[0].message, /included file nope.list not found \(looked for \/ws\/conf\/nope.list\)/);
    const cyc = parse('include a.list\n', { '/ws/conf/a.list': 'include b.list\n', '/ws/conf/b.list': 'include modules.lst\n' });
    const e = cyc.diagnostics.find((x) => x.code === 'include-cycle')!;
    assert.deepStrictEqual([e.file, e.line, e.column], ['/ws/conf/b.list', 1, 9]);
    assert.match(e.message, /modules.lst:1 → \/ws\/conf\/a.list:1 → \/ws\/conf\/b.list:1/);
    // The including line learns that the included file has errors (the language server shows that on it).
    assert.ok(cyc.diagnostics.some((x) => x.file === '/ws/conf/modules.lst' && x.line === 1 && x.severity === 'warning'));
  });

  it('Linux entries are flagged', () => {
    const doc = parse('entry l\nset mode linux\n');
    assert.deepStrictEqual(where(doc.diagnostics), ['2:5-15 warning linux-entry']);
  });

  it('collects every error instead of stopping at the first', () => {
    const d = errors('modaddr x\nentry a\nfoo\nmodule-group nope\nentry a\n');
    assert.deepStrictEqual(d.map((x) => x.code), ['malformed-modaddr', 'unknown-keyword', 'unknown-group', 'duplicate-entry']);
  });
});

describe('modules.lst parser: fuzz', () => {
  it('never throws and keeps ranges inside their lines', () => {
    let x = 2463534242;
    const next = (): number => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; };
    const pieces = ['entry', 'module', 'group', 'module-group', 'moe', 'modaddr', 'include', 'kernel', '[', ']', ',', '=', '#', ' ', '\t',
      'arch=x86', 'glob', 'perl', 'fname=', 'x', '0x10', '${A}', 'rom/', 'no-defaults', '\n', 'title', 'set', 'a.cfg', 'attr:', '*'];
    for (let i = 0; i < 3000; i++) {
      let text = '';
      const n = next() % 40;
      for (let k = 0; k < n; k++) text += next() % 7 === 0 ? String.fromCharCode(next() % 128) : pieces[next() % pieces.length];
      const doc = parseModulesList(text, 'fuzz.lst', { readFile: () => 'entry inc\nmodule x\n' });
      const lines = text.split('\n');
      for (const d of doc.diagnostics) {
        assert.ok(!/internal error/.test(d.message), `${JSON.stringify(text)}: ${d.message}`);
        if (d.file === 'fuzz.lst') {
          assert.ok(d.line >= 1 && d.line <= lines.length, JSON.stringify(text));
          assert.ok(d.column >= 1 && d.endColumn > d.column && d.endColumn <= lines[d.line - 1].length + 2, `${JSON.stringify(text)} ${JSON.stringify(d)}`);
        }
      }
    }
  });
});
