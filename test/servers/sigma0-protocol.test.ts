// Our sigma0's protocol, asked directly: a root task of our own (test/servers/sigma0-probe, C, built with the
// SDK here) calls sigma0 through capability 4 in every way a client can and prints each answer; this test
// judges the answers, and reads physical memory to see that every mapping is 1:1.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { buildTree } from '../../sdk/builder';
import { runRealEntry } from '../real-l4re/real-boot-helpers';
import { tempDir } from '../sdk/native-toolchain';
import { requireTool } from '../support/require-tool';
import { sigma0OnlyDir } from './servers-fixture';

const PROBE = path.join(__dirname, '..', '..', '..', 'test', 'servers', 'sigma0-probe');

/** l4_fpage(addr, order, rights) as the kernel hands the sent flexpage to the receiver (MR1). */
const fpage = (addr: number, order: number, rights: number): string => ((addr | (order << 6) | (1 << 4) | rights) >>> 0).toString(16);

interface Answer {
  label: number;
  items: number;
  error: number;
  mr0?: number;
  mr1?: string;
}

describe('servers: the sigma0 protocol, asked by a probe root task', function () {
  this.timeout(180_000);
  const answers = new Map<string, Answer>();
  const values = new Map<string, string>();
  let lines: string[] = [];
  let phys: DataView;
  let sigma0Dir: string;

  before(function () {
    requireTool(this, 'gcc');
    const ws = tempDir('sigma0-probe');
    for (const part of ['conf', 'pkg']) fs.cpSync(path.join(PROBE, part), path.join(ws, part), { recursive: true });
    const built = buildTree(ws, { compiler: 'gcc' });
    assert.deepStrictEqual(built.errors, []);
    sigma0Dir = sigma0OnlyDir();
    const run = runRealEntry({ modulesList: path.join(ws, 'conf', 'modules.lst'), entry: 'probe', searchPath: [sigma0Dir, path.join(ws, 'bin')], countPattern: /^probe: done$/, count: 1, maxInstructions: 100_000_000 });
    lines = run.lines;
    phys = run.machine.kernel.phys.view;
    for (const l of lines) {
      const a = /^probe: (.+?) label=(-?\d+) items=(\d+)(?: error=(-?\d+))?(?: mr0=([0-9a-f]+) mr1=([0-9a-f]+))?$/.exec(l);
      if (a) answers.set(a[1], { label: Number(a[2]), items: Number(a[3]), error: Number(a[4] ?? 0), mr0: a[5] === undefined ? undefined : parseInt(a[5], 16), mr1: a[6] });
      const v = /^probe: (.+) = ([0-9a-f]+)$/.exec(l);
      if (v) values.set(v[1], v[2]);
    }
  });
  after(() => sigma0Dir && fs.rmSync(sigma0Dir, { recursive: true, force: true }));

  function answer(what: string): Answer {
    const a = answers.get(what);
    assert.ok(a, `no answer "${what}" in:\n${lines.join('\n')}`);
    return a;
  }

  /** A map item for the flexpage (addr, order, rights): the receiver's MR0 names the page, MR1 is the flexpage. */
  function assertMapped(what: string, addr: number, order: number, rights: number): void {
    const a = answer(what);
    assert.deepStrictEqual({ label: a.label, items: a.items, error: a.error }, { label: 0, items: 1, error: 0 }, what);
    assert.strictEqual(a.mr1, fpage(addr, order, rights), `${what}: flexpage`);
    assert.strictEqual((a.mr0! & ~0xfff) >>> 0, addr, `${what}: MR0 names the page`);
    assert.strictEqual(a.mr0! & 8, 8, `${what}: MR0 is a map item`);
  }

  function assertError(what: string, errno: number): void {
    const a = answer(what);
    assert.deepStrictEqual({ label: a.label, items: a.items, error: a.error }, { label: -errno, items: 0, error: 0 }, what);
  }

  it('SIGMA0_REQ_KIP maps the KIP page read-only and executable; the probe reads its magic through it', () => {
    assertMapped('kip', 0x400000, 12, 5);
    assert.strictEqual(values.get('kip magic'), '4be6344c');
  });

  it('SIGMA0_REQ_FPAGE_RAM maps that physical page 1:1: what the probe writes is at 0x300000 in RAM', () => {
    assertMapped('ram 300000', 0x300000, 12, 7);
    assert.strictEqual(values.get('ram 300000 read back'), '5161a000');
    assert.strictEqual(phys.getUint32(0x300000, true), 0x5161a000);
    assertMapped('ram 300000 again', 0x300000, 12, 7);
  });

  it('SIGMA0_REQ_FPAGE_ANY gives the first free page (0x2000, behind the module table page)', () => {
    assertMapped('any 4k', 0x2000, 12, 7);
  });

  it('a page fault of the root task is answered with the faulting page, 1:1', () => {
    assert.strictEqual(values.get('page fault 350004 read back'), 'fa017ed');
    assert.strictEqual(phys.getUint32(0x350004, true), 0xfa017ed);
  });

  it('bad requests get the real error labels: EINVAL, ENOSYS, EBADPROTO, and ENOMEM for kernel memory', () => {
    assertError('ram misaligned', 22);
    assertError('ram below a page', 22);
    assertError('not a sigma0 request', 38);
    assertError('unknown protocol', 39);
    assertError('ram in the kernel', 12);
  });

  it('device memory is not owned: both clients map the BIOS page; RAM is no device memory', () => {
    assertMapped('iomem 0', 0, 12, 6);
    assertMapped('client2 iomem 0', 0, 12, 6);
    assertError('iomem 300000', 12);
  });

  it('a new client (factory protocol) gets a gate of its own; each RAM page goes to one client only', () => {
    const c = answer('new client');
    assert.deepStrictEqual([c.label, c.items], [0, 1]);
    assertError('client2 ram 300000', 12);
    assertMapped('client2 ram 301000', 0x301000, 12, 7);
    assertError('ram 301000', 12);
  });

  it('L4::Meta: two interfaces (sigma0, factory), supports() for exactly those, the interface list, errors', () => {
    const meta = (what: string): string => {
      const l = lines.find((x) => x.startsWith(`probe: ${what} label=`));
      assert.ok(l, `no "${what}" in:\n${lines.join('\n')}`);
      return l.slice(`probe: ${what} `.length);
    };
    assert.strictEqual(meta('meta num_interfaces'), 'label=2 words=0');
    assert.strictEqual(meta('meta interface 0'), 'label=0 words=3 fffffffa 1 0');
    assert.strictEqual(meta('meta interface 1'), 'label=0 words=3 fffffff1 1 0');
    assert.strictEqual(meta('meta interface 2'), 'label=-34 words=0');
    assert.strictEqual(meta('meta supports sigma0'), 'label=1 words=0');
    assert.strictEqual(meta('meta supports factory'), 'label=1 words=0');
    assert.strictEqual(meta('meta supports log'), 'label=0 words=0');
    assert.strictEqual(meta('meta supports 0'), 'label=0 words=0');
    assert.strictEqual(meta('meta opcode 7'), 'label=-38 words=0');
  });

  it('SIGMA0_REQ_DEBUG_DUMP shows who owns what: the root task (4), the second client (12, its gate\'s capability index)', () => {
    assert.deepStrictEqual([answer('dump').label, answer('dump').items], [0, 0]);
    const dump = lines.slice(lines.lastIndexOf('SIGMA0: Dump of all resource maps'));
    for (const region of ['[4:RWX:1000;2fff]', '[4:RWX:300000;300fff]', '[12:RWX:301000;301fff]', '[4:RWX:350000;350fff]', '[0:RWX:302000;34ffff]', '[0:RW-:0;fff]']) {
      assert.ok(dump.includes(region), `${region} not in the dump:\n${dump.join('\n')}`);
    }
  });
});
