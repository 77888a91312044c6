import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ElfError, ElfFile } from '../../emulator/elf/elf-file';
import { EM_386, ET_EXEC, PF_R, PF_X, PT_LOAD, SHT_NOBITS, SHT_PROGBITS } from '../../emulator/elf/elf-constants';
import { buildWithGcc, GccBuild, minimalElf, prng, tool } from './elf-test-fixtures';
import { requireCapability, requireTool } from '../support/require-tool';

/** Parses and then uses every accessor: a corrupt file may fail only with ElfError, and only in parse. */
function parseAndUse(bytes: Uint8Array, name: string): 'ok' | ElfError {
  let elf: ElfFile;
  try {
    elf = ElfFile.parse(bytes, name);
  } catch (e) {
    // The parser wraps its own bugs as "cannot parse ELF file (...)": a fuzz hit there is a parser bug.
    if (e instanceof ElfError && !/cannot parse ELF file/.test(e.message)) return e;
    throw e;
  }
  for (const s of elf.sections) elf.sectionData(s);
  for (const sym of elf.symbols()) {
    elf.symbolAt(sym.value);
    elf.symbolByName(sym.name);
  }
  elf.symbolAt(elf.entry);
  try {
    elf.assertI386Executable();
  } catch (e) {
    if (!(e instanceof ElfError)) throw e;
  }
  return 'ok';
}

function expectElfError(bytes: Uint8Array, pattern: RegExp, field?: string): ElfError {
  const r = parseAndUse(bytes, 'prog');
  assert.ok(r instanceof ElfError, `expected an ElfError matching ${pattern}`);
  assert.match(r.message, pattern);
  assert.strictEqual(r.file, 'prog');
  if (field) assert.strictEqual(r.field, field);
  assert.ok(r.message.startsWith('prog: '), r.message);
  return r;
}

describe('ElfFile (hand-built minimal image)', () => {
  it('parses header, segment, sections and symbols', () => {
    const elf = ElfFile.parse(minimalElf(), 'mini');
    assert.strictEqual(elf.type, ET_EXEC);
    assert.strictEqual(elf.machine, EM_386);
    assert.strictEqual(elf.entry, 0x08048000 + 84);
    assert.strictEqual(elf.segments.length, 1);
    const seg = elf.segments[0];
    assert.deepStrictEqual([seg.type, seg.flags, seg.vaddr, seg.filesz, seg.memsz], [PT_LOAD, PF_R | PF_X, 0x08048000, 88, 88]);
    assert.deepStrictEqual(elf.sections.map((s) => s.name), ['', '.text', '.symtab', '.strtab', '.shstrtab']);
    assert.deepStrictEqual(Array.from(elf.sectionData(elf.section('.text')!)), [0x90, 0x90, 0xeb, 0xfe]);
    assert.deepStrictEqual(elf.symbols(), [{ name: 'entry_fn', value: elf.entry, size: 4, type: 'func', bind: 'global', sectionIndex: 1 }]);
    assert.deepStrictEqual(elf.symbolAt(elf.entry + 2), { symbol: elf.symbols()[0], offset: 2 });
    assert.strictEqual(elf.symbolAt(elf.entry + 4), undefined);
    assert.strictEqual(elf.symbolByName('entry_fn')?.value, elf.entry);
    assert.strictEqual(elf.symbolByName('nope'), undefined);
    elf.assertI386Executable();
  });

  it('rejects bad magic, 64-bit class, big-endian and bad versions with the field named', () => {
    const bad = minimalElf(); bad[1] = 0x58;
    expectElfError(bad, /^prog: not an ELF file \(bad magic in e_ident\)$/, 'e_ident');
    const c64 = minimalElf(); c64[4] = 2;
    expectElfError(c64, /ELF class is 64-bit; Fiasco Studio runs 32-bit x86 programs.*\(e_ident\[EI_CLASS\]\)/, 'e_ident[EI_CLASS]');
    const be = minimalElf(); be[5] = 2;
    expectElfError(be, /big-endian/, 'e_ident[EI_DATA]');
    const v = minimalElf(); v[6] = 7;
    expectElfError(v, /EI_VERSION/, 'e_ident[EI_VERSION]');
    expectElfError(new Uint8Array([0x7f, 0x45]), /not an ELF file/, 'e_ident');
    expectElfError(new TextEncoder().encode('#!/bin/sh\necho hi\n'), /bad magic/);
  });

  it('rejects segments and sections that extend past the end of the file', () => {
    const seg = minimalElf();
    new DataView(seg.buffer).setUint32(52 + 16, 0x10000, true); // p_filesz
    new DataView(seg.buffer).setUint32(52 + 20, 0x10000, true); // p_memsz
    expectElfError(seg, /^prog: program header 0 extends past end of file \(p_offset\+p_filesz/, 'program header 0');
    const memsz = minimalElf();
    new DataView(memsz.buffer).setUint32(52 + 20, 4, true);
    expectElfError(memsz, /p_memsz 0x4 smaller than p_filesz/);
    const sec = minimalElf();
    const shoff = new DataView(sec.buffer).getUint32(32, true);
    new DataView(sec.buffer).setUint32(shoff + 40 + 20, 0x7fffffff, true); // .text sh_size
    expectElfError(sec, /section header 1 extends past end of file/, 'section header 1');
    const name = minimalElf();
    new DataView(name.buffer).setUint32(shoff + 40, 9999, true); // .text sh_name
    expectElfError(name, /section header 1 \(sh_name\) points outside its string table/);
    const phentsize = minimalElf();
    new DataView(phentsize.buffer).setUint16(42, 56, true);
    expectElfError(phentsize, /e_phentsize/, 'e_phentsize');
  });

  it('keeps .bss out of sectionData', () => {
    const b = minimalElf();
    const shoff = new DataView(b.buffer).getUint32(32, true);
    new DataView(b.buffer).setUint32(shoff + 40 + 4, SHT_NOBITS, true);
    new DataView(b.buffer).setUint32(shoff + 40 + 20, 0x100000, true); // huge .bss is fine: it has no file bytes
    const elf = ElfFile.parse(b, 'bss');
    assert.strictEqual(elf.sectionData(elf.sections[1]).length, 0);
    assert.notStrictEqual(SHT_NOBITS, SHT_PROGBITS);
  });

  it('checks machine and type in assertI386Executable', () => {
    const arm = minimalElf(); new DataView(arm.buffer).setUint16(18, 40, true);
    const elf = ElfFile.parse(arm, 'armprog');
    assert.throws(() => elf.assertI386Executable(), (e: unknown) => e instanceof ElfError && e.field === 'e_machine' && /^armprog: built for ARM/.test(e.message));
    const dyn = minimalElf(); new DataView(dyn.buffer).setUint16(16, 3, true);
    assert.throws(() => ElfFile.parse(dyn, 'pie').assertI386Executable(), (e: unknown) => e instanceof ElfError && e.field === 'e_type' && /ET_DYN.*-no-pie/.test(e.message));
  });

  it('turns every prefix of the image into an ElfError, never another exception', () => {
    const full = minimalElf();
    for (let n = 0; n < full.length; n++) {
      const r = parseAndUse(full.subarray(0, n), 'prog');
      assert.ok(r instanceof ElfError, `prefix of ${n} bytes parsed without error`);
    }
  });

  it('never throws anything but ElfError on random corruption', () => {
    const next = prng(12345);
    const base = minimalElf();
    let errors = 0;
    for (let i = 0; i < 5000; i++) {
      const b = base.slice();
      const flips = 1 + (next() % 6);
      for (let k = 0; k < flips; k++) b[next() % b.length] = next() & 0xff;
      if (parseAndUse(b, 'fuzz') !== 'ok') errors++;
    }
    assert.ok(errors > 0);
    for (let i = 0; i < 300; i++) {
      const b = new Uint8Array(next() % 400);
      for (let k = 0; k < b.length; k++) b[k] = next() & 0xff;
      if (b.length >= 7) b.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]);
      parseAndUse(b, 'random');
    }
  });

  it('reports a missing file as ElfError', () => {
    const missing = path.join(os.tmpdir(), 'fiasco-no-such-file-xyz');
    assert.throws(() => ElfFile.load(missing), (e: unknown) => e instanceof ElfError && e.message === `${missing}: file not found`);
    assert.throws(() => ElfFile.load(os.tmpdir()), (e: unknown) => e instanceof ElfError && /is a directory/.test(e.message));
  });
});

describe('ElfFile (gcc -m32 binary)', function () {
  let build: GccBuild | undefined;
  before(function () {
    requireTool(this, 'gcc');
    build = buildWithGcc();
    assert.ok(build, 'gcc -m32 failed to build the ELF test program');
  });
  after(() => {
    if (build) fs.rmSync(build.dir, { recursive: true, force: true });
  });

  it('agrees with readelf on header, program headers and sections', function () {
    const elf = ElfFile.load(build!.binary);
    elf.assertI386Executable();
    requireTool(this, 'readelf');
    const header = tool('readelf', ['-hW', build!.binary]);
    assert.ok(header, 'readelf -hW failed');
    const entry = /Entry point address:\s+0x([0-9a-f]+)/.exec(header!)![1];
    assert.strictEqual(elf.entry, parseInt(entry, 16));
    const sections = tool('readelf', ['-SW', build!.binary])!;
    const names = [...sections.matchAll(/^\s+\[\s*(\d+)\]\s+(\S*)\s+(\S+)\s+([0-9a-f]{8})\s+([0-9a-f]+)\s+([0-9a-f]+)/gm)];
    assert.strictEqual(elf.sections.length, names.length);
    for (const m of names) {
      const s = elf.sections[Number(m[1])];
      if (m[2] !== 'NULL') {
        assert.strictEqual(s.name, m[2]);
        assert.strictEqual(s.addr, parseInt(m[4], 16));
        assert.strictEqual(s.offset, parseInt(m[5], 16));
        assert.strictEqual(s.size, parseInt(m[6], 16));
      }
    }
    const phdrs = tool('readelf', ['-lW', build!.binary])!;
    const loads = [...phdrs.matchAll(/^\s+LOAD\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)/gm)];
    const ours = elf.segments.filter((s) => s.type === PT_LOAD);
    assert.strictEqual(ours.length, loads.length);
    loads.forEach((m, i) => {
      assert.deepStrictEqual([ours[i].offset, ours[i].vaddr, ours[i].filesz, ours[i].memsz], m.slice(1, 5).map((x) => parseInt(x, 16)));
    });
  });

  it('finds symbols by name and address like nm', function () {
    const elf = ElfFile.load(build!.binary);
    requireTool(this, 'nm');
    const nm = tool('nm', [build!.binary]);
    assert.ok(nm, 'nm failed');
    const addr = (name: string): number => parseInt(new RegExp(`^([0-9a-f]+) \\w ${name}$`, 'm').exec(nm!)![1], 16);
    for (const name of ['add', '_start', 'counter', 'buffer']) assert.strictEqual(elf.symbolByName(name)?.value, addr(name), name);
    assert.strictEqual(elf.symbolByName('add')!.type, 'func');
    assert.strictEqual(elf.symbolByName('add')!.bind, 'global');
    assert.strictEqual(elf.symbolByName('buffer')!.bind, 'local');
    assert.strictEqual(elf.symbolByName('counter')!.type, 'object');
    const hit = elf.symbolAt(addr('add') + 3)!;
    assert.strictEqual(hit.symbol.name, 'add');
    assert.strictEqual(hit.offset, 3);
    assert.strictEqual(elf.symbolAt(addr('counter'))!.symbol.name, 'counter');
    assert.strictEqual(elf.symbolAt(elf.entry)!.symbol.name, '_start');
    const text = elf.section('.text')!;
    assert.strictEqual(elf.sectionData(text).length, text.size);
    assert.strictEqual(elf.sectionData(elf.section('.bss')!).length, 0);
  });

  it('rejects the object file and the 64-bit build with clear messages', function () {
    const obj = ElfFile.load(build!.object);
    assert.throws(() => obj.assertI386Executable(), (e: unknown) => e instanceof ElfError && /relocatable object file \(ET_REL\)/.test(e.message));
    requireCapability(this, 'gcc for 64-bit x86 (the host compiler)', build!.binary64 ? undefined : 'gcc without -m32 could not link the test program');
    assert.throws(() => ElfFile.load(build!.binary64!), (e: unknown) => e instanceof ElfError && e.message === `${build!.binary64}: ELF class is 64-bit; Fiasco Studio runs 32-bit x86 programs: compile with gcc -m32 (e_ident[EI_CLASS])`);
  });

  it('turns prefixes and corruptions of the real binary into ElfErrors only', () => {
    const full = new Uint8Array(fs.readFileSync(build!.binary));
    const step = Math.max(1, Math.floor(full.length / 2000));
    for (let n = 0; n < full.length; n += step) {
      const r = parseAndUse(full.subarray(0, n), 'prog');
      // Section headers sit at the end of a gcc binary, so every proper prefix is truncated.
      assert.ok(r instanceof ElfError, `prefix of ${n} bytes parsed without error`);
    }
    const next = prng(777);
    const shoff = new DataView(full.buffer, full.byteOffset).getUint32(32, true);
    for (let i = 0; i < 1500; i++) {
      const b = full.slice();
      // Hit the headers most of the time, where corruption matters.
      for (let k = 0; k < 4; k++) {
        const region = next() % 3;
        const at = region === 0 ? next() % 52 : region === 1 ? shoff + (next() % (b.length - shoff)) : next() % b.length;
        b[at] = next() & 0xff;
      }
      parseAndUse(b, 'fuzz');
    }
  });
});
