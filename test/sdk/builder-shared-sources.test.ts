// Sources from outside a package's own directory (a library several packages of a workspace share, as
// servers/lib/freestanding for our sigma0, moe and l4re), and SDK_RUNTIME = freestanding (no start code,
// no libc, but the SDK's <string.h> functions).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { buildTree } from '../../sdk/builder';
import { ElfFile } from '../../emulator/elf/elf-file';
import { requireTool } from '../support/require-tool';
import { tempDir } from './native-toolchain';

/** A workspace with pkg/prog (its own log.c) and lib/shared (another log.c, and a header). */
function workspace(tag: string, makefile: string): string {
  const ws = tempDir(tag);
  const src = path.join(ws, 'pkg', 'prog', 'server', 'src');
  const lib = path.join(ws, 'lib', 'shared');
  fs.mkdirSync(src, { recursive: true });
  fs.mkdirSync(lib, { recursive: true });
  fs.writeFileSync(path.join(src, 'Makefile'), makefile);
  fs.writeFileSync(path.join(src, 'main.c'), [
    '#include <string.h>', '#include "shared.h"', 'int package_log(void);', 'static char copy[16];',
    'void _start(void) { memcpy(copy, "abc", 4); for (;;) (void)(shared_log() + package_log()); }', ''].join('\n'));
  fs.writeFileSync(path.join(src, 'log.c'), 'int package_log(void) { return 1; }\n');
  fs.writeFileSync(path.join(lib, 'shared.h'), 'int shared_log(void);\n');
  fs.writeFileSync(path.join(lib, 'log.c'), '#include "shared.h"\nint shared_log(void) { return 2; }\n');
  return ws;
}

const SHARED = [
  'PKGDIR ?= ../..', 'L4DIR ?= $(PKGDIR)/../..', 'TARGET = prog', 'SRC_C = main.c log.c $(L4DIR)/lib/shared/log.c',
  'PRIVATE_INCDIR = $(L4DIR)/lib/shared', 'SDK_RUNTIME = freestanding', ''].join('\n');

describe('sdk builder: shared sources outside the package, SDK_RUNTIME = freestanding', function () {
  this.timeout(120_000);

  it('a library source of the workspace with the same file name as a package source: both are linked, the library\'s debug info names it relative to the workspace', function () {
    requireTool(this, 'gcc');
    const ws = workspace('shared-src', SHARED);
    const r = buildTree(ws, { compiler: 'gcc' });
    assert.deepStrictEqual(r.errors, []);
    const elf = ElfFile.load(path.join(ws, 'bin', 'prog'));
    for (const name of ['_start', 'package_log', 'shared_log']) assert.ok(elf.symbolByName(name), `${name} is not linked`);
    const debugStrings = Buffer.from([...elf.sections].filter((s) => s.name.startsWith('.debug')).flatMap((s) => [...elf.sectionData(s)])).toString('latin1');
    assert.ok(debugStrings.includes('lib/shared/log.c'), 'the library source is not named relative to the workspace');
    assert.ok(!debugStrings.includes(ws), 'debug info holds the builder\'s workspace path');
  });

  it('SDK_RUNTIME = freestanding links the SDK\'s <string.h> functions, but no crt0 and no libc', function () {
    requireTool(this, 'gcc');
    const ws = workspace('freestanding', SHARED);
    assert.deepStrictEqual(buildTree(ws, { compiler: 'gcc' }).errors, []);
    const elf = ElfFile.load(path.join(ws, 'bin', 'prog'));
    assert.ok(elf.symbolByName('memcpy'), 'memcpy (SDK lib/string.c) is missing');
    for (const absent of ['printf', 'malloc', 'main']) assert.strictEqual(elf.symbolByName(absent), undefined, `${absent} is linked`);
    assert.strictEqual(elf.entry, elf.symbolByName('_start')?.value, 'the entry is not the package\'s own _start');
  });

  it('SDK_RUNTIME = no links nothing of the SDK: memcpy is then undefined', function () {
    requireTool(this, 'gcc');
    const ws = workspace('no-runtime', SHARED.replace('SDK_RUNTIME = freestanding', 'SDK_RUNTIME = no'));
    const r = buildTree(ws, { compiler: 'gcc' });
    assert.strictEqual(r.ok, false);
    assert.ok(r.errors.some((e) => /undefined reference to `memcpy'/.test(e)), r.errors.join('\n'));
  });

  it('a source outside the workspace, or an unknown SDK_RUNTIME, is an error naming the Makefile', function () {
    requireTool(this, 'gcc');
    const elsewhere = path.join(tempDir('elsewhere'), 'elsewhere.c');
    fs.writeFileSync(elsewhere, 'int elsewhere;\n');
    const outside = workspace('outside', SHARED.replace('$(L4DIR)/lib/shared/log.c', elsewhere));
    const r = buildTree(outside, { compiler: 'gcc' });
    assert.strictEqual(r.ok, false);
    assert.ok(r.errors.some((e) => e.startsWith('pkg/prog/server/src/Makefile: source file') && e.includes('outside the workspace')), r.errors.join('\n'));
    const bad = workspace('bad-runtime', SHARED.replace('SDK_RUNTIME = freestanding', 'SDK_RUNTIME = tiny'));
    const b = buildTree(bad, { compiler: 'gcc' });
    assert.strictEqual(b.ok, false);
    assert.ok(b.errors.some((e) => e.includes('pkg/prog/server/src/Makefile') && e.includes('SDK_RUNTIME = tiny')), b.errors.join('\n'));
  });
});
