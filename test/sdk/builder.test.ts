// The package builder: builds an L4Re-style workspace into i386 ELF files
// and reports compiler diagnostics in gcc's format.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { buildTree, findPackageMakefiles, parseMakefileVars, makeWords, sdkRoot } from '../../sdk/builder';
import { readElf } from './elf-probe';
import { REPO, requireSdkCompiler, tempDir } from './native-toolchain';

const HELLO = path.join(REPO, 'examples', 'hello');

function copyWorkspace(src: string, dst: string): void {
  for (const e of fs.readdirSync(src, { withFileTypes: true })) {
    if (e.name === 'bin' || e.name === 'obj') continue;
    const s = path.join(src, e.name);
    const d = path.join(dst, e.name);
    if (e.isDirectory()) {
      fs.mkdirSync(d, { recursive: true });
      copyWorkspace(s, d);
    } else fs.copyFileSync(s, d);
  }
}

function writePackage(ws: string, name: string, mainC: string, makefile?: string): void {
  const src = path.join(ws, 'pkg', name, 'server', 'src');
  fs.mkdirSync(src, { recursive: true });
  fs.writeFileSync(path.join(src, 'Makefile'), makefile ?? `TARGET = ${name}\nSRC_C = main.c\n`);
  fs.writeFileSync(path.join(src, 'main.c'), mainC);
}

describe('sdk builder: makefile variables', () => {
  it('reads assignments, appends, defaults, continuations and references', () => {
    const vars = parseMakefileVars([
      'PKGDIR ?= ../..',
      'PKGDIR ?= ignored',
      'TARGET = hello # a comment',
      'SRC_C = main.c \\',
      '        util.c',
      'SRC_C += $(EXTRA)',
      'EXTRA = more.c',
      'SRC_C_other := o.c',
      '\tnot = an assignment',
      'include $(L4DIR)/mk/prog.mk',
    ].join('\n'));
    assert.strictEqual(vars.get('PKGDIR'), '../..');
    assert.deepStrictEqual(makeWords(vars, 'TARGET'), ['hello']);
    assert.deepStrictEqual(makeWords(vars, 'SRC_C'), ['main.c', 'util.c', 'more.c']);
    assert.deepStrictEqual(makeWords(vars, 'SRC_C_other'), ['o.c']);
    assert.strictEqual(vars.has('not'), false);
  });

  it('finds the package Makefiles of the hello workspace', () => {
    const found = findPackageMakefiles(HELLO).map((f) => path.relative(HELLO, f).split(path.sep).join('/'));
    assert.deepStrictEqual(found, [
      'pkg/hello-syscall/server/src/Makefile',
      'pkg/hello/server/src/Makefile',
    ]);
  });

  it('locates the SDK', () => {
    assert.ok(fs.existsSync(path.join(sdkRoot(), 'include', 'l4', 'sys', 'ipc.h')));
  });
});

describe('sdk builder: buildTree', function () {
  before(function () {
    requireSdkCompiler(this);
  });

  it('builds examples/hello into i386 executables', () => {
    const ws = tempDir('hello');
    copyWorkspace(HELLO, ws);
    const log: string[] = [];
    const r = buildTree(ws, { log: (l) => log.push(l) });
    assert.deepStrictEqual(r.errors, []);
    assert.strictEqual(r.ok, true);
    assert.deepStrictEqual([...r.built].sort(),
      [path.join(ws, 'bin', 'hello'), path.join(ws, 'bin', 'hello-syscall')]);
    for (const name of ['hello', 'hello-syscall']) {
      const file = path.join(ws, 'bin', name);
      const elf = readElf(file);
      assert.strictEqual(elf.elfClass, 1, 'ELFCLASS32');
      assert.strictEqual(elf.type, 2, 'ET_EXEC');
      assert.strictEqual(elf.machine, 3, 'EM_386');
      assert.strictEqual(elf.entry, elf.symbols.get('_start')?.value, 'entry is _start');
      assert.ok(elf.entry >= 0x08048000 && elf.entry < 0x08100000, 'linked at the static x86 base');
      assert.strictEqual(elf.symbols.get('__l4sys_invoke_direct')?.value, 0xeacff000);
      assert.ok(elf.symbols.has('main'));
      // Debug info names workspace files relative to the root, never the
      // build machine's directories.
      const bytes = fs.readFileSync(file);
      assert.ok(bytes.includes(Buffer.from(`pkg/${name}/server/src/main.c`)), 'relative source path in DWARF');
      assert.ok(!bytes.includes(Buffer.from(ws)), 'no workspace path in the binary');
      assert.ok(!bytes.includes(Buffer.from(sdkRoot())), 'no SDK path in the binary');
    }
    // Runtime objects are cached in obj/sdk.
    assert.ok(fs.existsSync(path.join(ws, 'obj', 'sdk', 'crt0.o')));
    // A second build reuses them and still succeeds.
    assert.strictEqual(buildTree(ws).ok, true);
  });

  it('produces the same bytes wherever the workspace lies (reproducible binaries)', () => {
    const a = tempDir('repro-a');
    const b = path.join(tempDir('repro-b'), 'nested', 'deeper');
    fs.mkdirSync(b, { recursive: true });
    copyWorkspace(HELLO, a);
    copyWorkspace(HELLO, b);
    assert.strictEqual(buildTree(a).ok, true);
    assert.strictEqual(buildTree(b).ok, true);
    for (const name of ['hello', 'hello-syscall']) {
      assert.ok(fs.readFileSync(path.join(a, 'bin', name)).equals(fs.readFileSync(path.join(b, 'bin', name))), name);
    }
  });

  it('reports a syntax error in gcc format and fails', () => {
    const ws = tempDir('bad');
    writePackage(ws, 'good', '#include <stdio.h>\nint main(void) { puts("ok"); return 0; }\n');
    writePackage(ws, 'bad', '#include <stdio.h>\nint main(void)\n{\n  puts("x")\n  return 0;\n}\n');
    const log: string[] = [];
    const r = buildTree(ws, { log: (l) => log.push(l) });
    assert.strictEqual(r.ok, false);
    assert.ok(r.errors.length >= 1);
    assert.match(r.errors[0], /^pkg\/bad\/server\/src\/main\.c:\d+:\d+: error: /);
    assert.ok(log.includes(r.errors[0]), 'the diagnostic passes through the log unchanged');
    assert.ok(!fs.existsSync(path.join(ws, 'bin', 'bad')));
    // The other package still builds.
    assert.deepStrictEqual(r.built, [path.join(ws, 'bin', 'good')]);
  });

  it('reports a link error (undefined function)', () => {
    const ws = tempDir('link');
    writePackage(ws, 'undef', 'void nowhere(void);\nint main(void) { nowhere(); return 0; }\n');
    const r = buildTree(ws);
    assert.strictEqual(r.ok, false);
    assert.ok(r.errors.some((e) => /undefined reference to `nowhere'/.test(e)), r.errors.join('\n'));
  });

  it('applies Makefile CFLAGS after the defaults', () => {
    const ws = tempDir('cflags');
    writePackage(ws, 'opt', 'int main(void) { return VALUE; }\n',
      'TARGET = opt\nSRC_C = main.c\nCFLAGS = -DVALUE=3 -O2\n');
    assert.strictEqual(buildTree(ws).ok, true);
  });

  it('explains a missing compiler, missing packages and missing sources', () => {
    const ws = tempDir('nocc');
    writePackage(ws, 'p', 'int main(void) { return 0; }\n');
    const r = buildTree(ws, { compiler: 'no-such-cc-fiasco' });
    assert.strictEqual(r.ok, false);
    assert.match(r.errors[0], /no-such-cc-fiasco/);

    const empty = tempDir('empty');
    const r2 = buildTree(empty);
    assert.strictEqual(r2.ok, false);
    assert.match(r2.errors[0], /no package Makefile/);

    const ws3 = tempDir('nosrc');
    writePackage(ws3, 'q', 'int main(void) { return 0; }\n', 'TARGET = q\nSRC_C = main.c gone.c\n');
    const r3 = buildTree(ws3);
    assert.strictEqual(r3.ok, false);
    assert.match(r3.errors[0], /gone\.c does not exist/);
  });
});

describe('examples/hello prebuilt binaries', () => {
  it('are committed as i386 executables', () => {
    for (const name of ['hello', 'hello-syscall']) {
      const elf = readElf(path.join(HELLO, 'bin', name));
      assert.strictEqual(elf.machine, 3);
      assert.strictEqual(elf.type, 2);
      assert.strictEqual(elf.entry, elf.symbols.get('_start')?.value);
    }
  });

  it('have a modules.lst naming both entries', () => {
    const text = fs.readFileSync(path.join(HELLO, 'conf', 'modules.lst'), 'utf8');
    assert.match(text, /^modaddr 0x01100000$/m);
    assert.match(text, /^entry hello\nroottask moe --init=rom\/hello\nmodule l4re\nmodule hello$/m);
    assert.match(text, /^entry hello-syscall\nroottask moe --init=rom\/hello-syscall\nmodule l4re\nmodule hello-syscall$/m);
    assert.match(fs.readFileSync(path.join(HELLO, 'conf', 'Makeconf.boot'), 'utf8'), /^MODULE_SEARCH_PATH = bin$/m);
  });
});
