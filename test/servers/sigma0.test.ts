// Our sigma0 (servers/pkg/sigma0, C, built with the SDK, committed as servers/bin/sigma0) as the root pager of
// the REAL L4Re userland (shared/l4re-x86/bin: moe, l4re, ned, hello), checked line by line against the serial
// logs of the real system. The only differences allowed are the ones our binary's size causes: where sigma0's
// image ends, and how far the boot modules behind the sigma0 module move.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { resolveBoot } from '../../emulator/boot/boot-config';
import { BootError } from '../../emulator/boot/boot-errors';
import { ElfFile } from '../../emulator/elf/elf-file';
import { PT_LOAD } from '../../emulator/elf/elf-constants';
import { requireFixture } from '../real-l4re/fixture';
import { referenceLines, runRealEntry } from '../real-l4re/real-boot-helpers';
import { SERVERS, sigma0OnlyDir } from './servers-fixture';

/** 100 instructions per emulated µs: one emulated second. */
const SECOND = 100_000_000;
const PAGE = 0x1000;
const roundPage = (v: number): number => Math.ceil(v / PAGE) * PAGE;

/** The real boot's sigma0 module (mbi-page.bin / kip-decoded.txt: mod1 [119b000-11a2380]) and where its image ended. */
const REAL_SIGMA0_MODULE = { start: 0x119b000, end: 0x11a2380 };
const REAL_SIGMA0_IMAGE_END = 0x10c000;
/** The kernel's memory pool starts here: nothing at or above it moves. */
const KERNEL_POOL = 0xeb6f000;

/**
 * The reference lines as they must read with our sigma0: its image ends elsewhere (free RAM starts there), and
 * every boot module behind the sigma0 module moves by the difference of the two sigma0 files' page-rounded sizes.
 */
function expectedLines(ref: string[], sigma0File: string): string[] {
  const elf = ElfFile.load(sigma0File);
  const imageEnd = roundPage(Math.max(...elf.segments.filter((s) => s.type === PT_LOAD).map((s) => s.paddr + s.memsz)));
  const delta = roundPage(fs.statSync(sigma0File).size) - roundPage(REAL_SIGMA0_MODULE.end - REAL_SIGMA0_MODULE.start);
  const hex = (v: number): string => v.toString(16);
  const move = (text: string): string => text.replace(/[0-9a-f]{6,8}/g, (h) => {
    const v = parseInt(h, 16);
    return v > REAL_SIGMA0_MODULE.end && v + 1 < KERNEL_POOL ? hex(v + delta) : h;
  });
  return ref.map((line) => {
    if (line === `[0:RWX:${hex(REAL_SIGMA0_IMAGE_END)};23ffff]`) return `[0:RWX:${hex(imageEnd)};23ffff]`;
    if (/^\[[04]:...:[0-9a-f]+;[0-9a-f]+\]$/.test(line) || line.startsWith('  ROMFS: [')) return move(line);
    return line;
  });
}

describe('servers: our sigma0 with the real moe, l4re, ned and hello', function () {
  this.timeout(180_000);
  let bin: string;
  let reference: string;
  let conf: string;
  let sigma0Dir: string;
  const sigma0File = path.join(SERVERS, 'bin', 'sigma0');
  const modulesList = path.join(SERVERS, 'conf', 'modules.lst');

  before(() => {
    sigma0Dir = sigma0OnlyDir();
  });
  after(() => fs.rmSync(sigma0Dir, { recursive: true, force: true }));
  beforeEach(function () {
    bin = requireFixture(this, 'bin');
    reference = requireFixture(this, 'reference');
    conf = requireFixture(this, 'conf');
  });

  it('roles: sigma0 is servers/bin/sigma0, moe, l4re and hello are the real ones', () => {
    const run = runRealEntry({ modulesList, entry: 'hello', searchPath: [sigma0Dir, bin], countPattern: /^Hello World!$/, count: 1, maxInstructions: 10 * SECOND });
    const roles = Object.fromEntries(run.machine.plan.roles.map((r) => [r.role, r.path && fs.realpathSync(r.path)]));
    assert.strictEqual(roles.sigma0, fs.realpathSync(sigma0File));
    assert.strictEqual(roles.moe, fs.realpathSync(path.join(bin, 'moe')));
    assert.strictEqual(roles.l4re, fs.realpathSync(path.join(bin, 'l4re')));
    const sigma0 = run.machine.tasks().find((t) => t.name === 'sigma0');
    assert.ok(sigma0 && sigma0.threads.length === 1, 'sigma0 is a task with one thread');
  });

  it('hello: every line up to the 3rd "Hello World!" is the line of boot-hello.log (modules moved by our size)', () => {
    const run = runRealEntry({ modulesList, entry: 'hello', searchPath: [sigma0Dir, bin, reference], countPattern: /^Hello World!$/, count: 3, maxInstructions: 10 * SECOND });
    const ref = referenceLines(fs.readFileSync(path.join(reference, 'boot-hello.log'), 'utf8'));
    assert.strictEqual(run.stamps.length, 3, run.lines.join('\n'));
    assert.deepStrictEqual(run.lines, expectedLines(ref, sigma0File).slice(0, run.lines.length));
    for (const must of ['SIGMA0: Hello!', '  KIP @ 400000', '  Found Fiasco: KIP syscalls: yes', 'SIGMA0: Dump of all resource maps',
      '[4:R-X:240000;27dfff]', '[0:RW-:fee01000;ffffffff]', 'MOE: Hello world', 'MOE: cmdline: moe --init=rom/hello', 'Hello World!']) {
      assert.ok(run.lines.includes(must), `missing "${must}"`);
    }
    assert.strictEqual(run.lines.filter((l) => l.startsWith('  ROMFS: ')).length, 2);
  });

  it('hello-cfg: through ned, exactly the lines of boot-ned.log (modules moved by our size)', () => {
    const run = runRealEntry({ modulesList, entry: 'hello-cfg', searchPath: [sigma0Dir, bin, conf, reference], countPattern: /hello {3}\| Hello World!/, count: 2, maxInstructions: 10 * SECOND });
    const ref = referenceLines(fs.readFileSync(path.join(reference, 'boot-ned.log'), 'utf8'));
    assert.strictEqual(run.stamps.length, 2, run.lines.join('\n'));
    assert.deepStrictEqual(run.lines, expectedLines(ref, sigma0File).slice(0, run.lines.length));
    assert.ok(run.lines.includes('Ned says: Hi World!'));
  });

  it('plain search path servers/bin, then the real build: whatever servers/bin holds (sigma0, our moe once there) boots hello', () => {
    const servers = path.join(SERVERS, 'bin');
    const run = runRealEntry({ modulesList, entry: 'hello', searchPath: [servers, bin], countPattern: /^Hello World!$/, count: 2, maxInstructions: 10 * SECOND });
    const role = (r: string): string | undefined => run.machine.plan.roles.find((c) => c.role === r)?.path;
    assert.strictEqual(role('sigma0'), path.join(servers, 'sigma0'));
    assert.strictEqual(role('moe'), fs.existsSync(path.join(servers, 'moe')) ? path.join(servers, 'moe') : path.join(bin, 'moe'));
    const sigma0Part = run.lines.slice(0, run.lines.indexOf('MOE: Hello world'));
    const ref = expectedLines(referenceLines(fs.readFileSync(path.join(reference, 'boot-hello.log'), 'utf8')), sigma0File);
    // Without the kernel file on the search path the modules lie 618 KiB lower, and another moe has another
    // size: compare all but the RAM regions (device memory and I/O ports, owner 0 with RW-, stay).
    const sameWithoutModules = (l: string): boolean => !/^\[[0-9]+:...:[0-9a-f]+;[0-9a-f]+\]$/.test(l) || l.startsWith('[0:RW-:');
    assert.deepStrictEqual(sigma0Part.filter(sameWithoutModules), ref.slice(0, sigma0Part.length).filter(sameWithoutModules));
    for (const must of ['MOE: Hello world', 'MOE: cmdline: moe --init=rom/hello', 'Hello World!']) assert.ok(run.lines.includes(must), `missing "${must}":\n${run.lines.join('\n')}`);
  });

  it('the expected lines are not the reference lines: our sigma0 differs in size, and the test sees it', () => {
    const ref = referenceLines(fs.readFileSync(path.join(reference, 'boot-hello.log'), 'utf8'));
    const expected = expectedLines(ref, sigma0File);
    assert.ok(expected.some((l, i) => l !== ref[i]));
    assert.ok(expected.includes('SIGMA0: Hello!') && expected.includes('MOE: Hello world'));
  });

  it('a sigma0 file on the search path is the one that runs (with our moe from servers/bin under auto), never a silent built-in sigma0', () => {
    const hello = path.join(SERVERS, '..', 'examples', 'hello', 'conf', 'modules.lst');
    const auto = resolveBoot({ modulesList: hello, entry: 'hello', searchPath: [sigma0Dir], env: {} });
    assert.strictEqual(auto.sigma0.path, path.join(sigma0Dir, 'sigma0'));
    assert.strictEqual(auto.roottask.path, path.join(SERVERS, 'bin', 'moe'));
    // A moe file next to it makes the boot a real one; --roles user-level takes our own sigma0 all the same.
    assert.strictEqual(resolveBoot({ modulesList: hello, entry: 'hello', searchPath: [sigma0Dir], env: {}, roles: 'user-level' }).sigma0.path, path.join(SERVERS, 'bin', 'sigma0'));
    assert.strictEqual(resolveBoot({ modulesList, entry: 'hello', searchPath: [sigma0Dir, bin], env: {} }).sigma0.path, path.join(sigma0Dir, 'sigma0'));
  });

  it('a sigma0 that is no ELF file stops the boot with an error naming it', () => {
    const bad = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-bad-sigma0-'));
    try {
      fs.writeFileSync(path.join(bad, 'sigma0'), 'not an ELF file\n');
      assert.throws(() => runRealEntry({ modulesList, entry: 'hello', searchPath: [bad, bin], countPattern: /^Hello World!$/, count: 1, maxInstructions: SECOND }),
        (e: Error) => e.message.includes(path.join(bad, 'sigma0')));
    } finally {
      fs.rmSync(bad, { recursive: true, force: true });
    }
  });
});
