// DEFAULT_RELOC_x86 / DEFAULT_RELOC in a package Makefile (as in L4Re's BID): the program is linked to start
// at that address, physical = virtual, as a real boot needs for sigma0 (0x00100000) and moe (0x00240000).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { buildTree } from '../../sdk/builder';
import { ElfFile } from '../../emulator/elf/elf-file';
import { PT_LOAD } from '../../emulator/elf/elf-constants';
import { requireTool } from '../support/require-tool';
import { tempDir } from './native-toolchain';

const MAIN = 'int main(void) { return 0; }\n';

function workspace(tag: string, makefile: string): string {
  const ws = tempDir(tag);
  const src = path.join(ws, 'pkg', 'prog', 'server', 'src');
  fs.mkdirSync(src, { recursive: true });
  fs.writeFileSync(path.join(src, 'Makefile'), makefile);
  fs.writeFileSync(path.join(src, 'main.c'), MAIN);
  return ws;
}

function loads(file: string): Array<{ vaddr: number; paddr: number }> {
  return ElfFile.load(file).segments.filter((s) => s.type === PT_LOAD);
}

describe('sdk builder: link address (DEFAULT_RELOC_x86)', function () {
  this.timeout(120_000);

  for (const compiler of ['gcc', 'clang'] as const) {
    it(`${compiler}: DEFAULT_RELOC_x86 := 0x00100000 links the image from 0x100000, physical = virtual`, function () {
      requireTool(this, compiler);
      const ws = workspace(`reloc-${compiler}`, 'TARGET = prog\nSRC_C = main.c\nDEFAULT_RELOC_x86 := 0x00100000\n');
      const r = buildTree(ws, { compiler });
      assert.deepStrictEqual(r.errors, []);
      const segs = loads(path.join(ws, 'bin', 'prog'));
      assert.strictEqual(Math.min(...segs.map((s) => s.vaddr)), 0x100000);
      for (const s of segs) assert.strictEqual(s.paddr, s.vaddr);
    });
  }

  it('DEFAULT_RELOC (without _x86) is taken too; without either the default base stays', function () {
    requireTool(this, 'gcc');
    const ws = workspace('reloc-plain', 'TARGET = prog\nSRC_C = main.c\nDEFAULT_RELOC = 0x240000\n');
    assert.deepStrictEqual(buildTree(ws, { compiler: 'gcc' }).errors, []);
    assert.strictEqual(Math.min(...loads(path.join(ws, 'bin', 'prog')).map((s) => s.vaddr)), 0x240000);
    const plain = workspace('reloc-none', 'TARGET = prog\nSRC_C = main.c\n');
    assert.deepStrictEqual(buildTree(plain, { compiler: 'gcc' }).errors, []);
    assert.strictEqual(Math.min(...loads(path.join(plain, 'bin', 'prog')).map((s) => s.vaddr)), 0x8048000);
  });

  it('a value that is no page-aligned address is an error naming the Makefile', function () {
    requireTool(this, 'gcc');
    for (const bad of ['0x100010', 'sigma0', '0xd0000000']) {
      const ws = workspace('reloc-bad', `TARGET = prog\nSRC_C = main.c\nDEFAULT_RELOC_x86 = ${bad}\n`);
      const r = buildTree(ws, { compiler: 'gcc' });
      assert.strictEqual(r.ok, false);
      assert.ok(r.errors.some((e) => e.includes('pkg/prog/server/src/Makefile') && e.includes(`DEFAULT_RELOC_x86 = ${bad}`)), r.errors.join('\n'));
    }
  });
});
