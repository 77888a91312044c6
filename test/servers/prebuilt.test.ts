// The servers/ workspace ships prebuilt binaries (servers/bin/<TARGET>) so that users need no compiler. Every
// package under servers/pkg must have its binary committed, with debug info, linked where its Makefile says,
// and byte for byte what `fiasco build servers` makes of the committed sources today.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { buildTree, findPackageMakefiles, makeWords, parseMakefileVars } from '../../sdk/builder';
import { ElfFile } from '../../emulator/elf/elf-file';
import { PT_LOAD } from '../../emulator/elf/elf-constants';
import { tempDir } from '../sdk/native-toolchain';
import { requireTool } from '../support/require-tool';
import { SERVERS } from './servers-fixture';

interface Target {
  name: string;
  makefile: string;
  reloc?: number;
}

/** Every TARGET of every package Makefile under servers/pkg, with its DEFAULT_RELOC_x86 (if any). */
function targets(): Target[] {
  return findPackageMakefiles(SERVERS).flatMap((makefile) => {
    const vars = parseMakefileVars(fs.readFileSync(makefile, 'utf8'));
    const reloc = makeWords(vars, 'DEFAULT_RELOC_x86')[0] ?? makeWords(vars, 'DEFAULT_RELOC')[0];
    return makeWords(vars, 'TARGET').map((name) => ({ name, makefile, reloc: reloc === undefined ? undefined : Number(reloc) }));
  });
}

function copySources(dst: string): void {
  for (const part of ['conf', 'lib', 'pkg']) fs.cpSync(path.join(SERVERS, part), path.join(dst, part), { recursive: true, filter: (src) => path.basename(src) !== 'obj' });
}

describe('servers/ prebuilt binaries', function () {
  this.timeout(180_000);

  it('the workspace has the packages of the user-level servers: sigma0, moe, l4re and ned', () => {
    const names = targets().map((t) => t.name);
    for (const role of ['sigma0', 'moe', 'l4re', 'ned']) assert.ok(names.includes(role), `${role} missing: ${names.join(', ')}`);
    assert.match(fs.readFileSync(path.join(SERVERS, 'conf', 'Makeconf.boot'), 'utf8'), /^MODULE_SEARCH_PATH = bin$/m);
  });

  it('every package has its binary in servers/bin: an i386 executable with debug info, linked at its DEFAULT_RELOC', () => {
    for (const t of targets()) {
      const file = path.join(SERVERS, 'bin', t.name);
      assert.ok(fs.existsSync(file), `${file} is missing: run "node dist/cli.js build servers" and commit servers/bin`);
      const elf = ElfFile.load(file);
      elf.assertI386Executable();
      assert.ok(elf.sections.some((s) => s.name === '.debug_info'), `${t.name} has no DWARF (.debug_info)`);
      assert.ok(elf.sections.some((s) => s.name === '.debug_line'), `${t.name} has no line table (.debug_line)`);
      if (t.reloc !== undefined) {
        const loads = elf.segments.filter((s) => s.type === PT_LOAD);
        assert.strictEqual(Math.min(...loads.map((s) => s.vaddr)), t.reloc, `${t.name} is linked at DEFAULT_RELOC`);
        for (const s of loads) assert.strictEqual(s.paddr, s.vaddr, `${t.name}: physical = virtual`);
      }
    }
  });

  it('every binary in servers/bin is what building the committed sources gives today', function () {
    requireTool(this, 'gcc');
    const ws = tempDir('servers');
    copySources(ws);
    const r = buildTree(ws, { compiler: 'gcc' });
    assert.deepStrictEqual(r.errors, []);
    const all = targets();
    assert.strictEqual(r.built.length, all.length);
    const stale = all.filter((t) => !fs.readFileSync(path.join(ws, 'bin', t.name)).equals(fs.readFileSync(path.join(SERVERS, 'bin', t.name))));
    assert.deepStrictEqual(stale.map((t) => t.name), [], 'stale prebuilt binaries: run "node dist/cli.js build servers" and commit servers/bin');
  });

  it('the extension package ships servers/conf, bin, lib and pkg (.vscodeignore), not servers/obj', () => {
    const ignore = fs.readFileSync(path.join(SERVERS, '..', '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const part of ['conf', 'bin', 'lib', 'pkg']) assert.ok(ignore.includes(`!servers/${part}/**`), `.vscodeignore does not ship servers/${part}`);
    assert.ok(!ignore.some((l) => /^!servers\/(\*\*|obj)/.test(l)), '.vscodeignore ships servers/obj');
  });

  it('servers/bin holds nothing that no package builds', () => {
    const built = new Set(targets().map((t) => t.name));
    const extra = fs.readdirSync(path.join(SERVERS, 'bin')).filter((f) => !built.has(f));
    assert.deepStrictEqual(extra, []);
  });
});
