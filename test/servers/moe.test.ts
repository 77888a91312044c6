// Our moe (servers/pkg/moe, C, running as a user-level task) between the REAL sigma0 and the REAL l4re and
// hello of shared/l4re-x86: the boot prints what the real system prints (reference/boot-hello.log). Lines
// that depend on the size and layout of moe's own image (sigma0's resource dump, the free RAM, the module
// addresses) are checked against what this boot itself reports instead of the reference's numbers.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { referenceLines, runRealEntry } from '../real-l4re/real-boot-helpers';
import { requireFixture } from '../support/require-tool';
import { OUR_MOE, ourMoeBesideRealParts } from './moe-fixture';

/** 100 instructions per emulated µs: one emulated second. */
const SECOND = 100_000_000;

/** sigma0's resource-map lines ("[4:R-X:240000;27dfff]") and moe's ROMFS lines hold addresses of moe's image and the modules. */
const IMAGE_DEPENDENT = [/^\[\d:[-RWX]{3}:[0-9a-f]+;[0-9a-f]+\]$/, /^ {2}ROMFS: \[[0-9a-f]+-[0-9a-f]+\] /, /^MOE: found [0-9.]+ MiB RAM in the area /];

function masked(line: string): string {
  if (!IMAGE_DEPENDENT.some((re) => re.test(line))) return line;
  return line.replace(/[0-9a-f]{4,}/g, 'ADDR').replace(/\d+\.\d MiB/, 'N MiB').replace(/\[\d:[-RWX]{3}:ADDR;ADDR\]/, '[RANGE]');
}

/** The free RAM in sigma0's dump (owner 0 in the RAM section), as moe's l4util_human_readable_size prints it. */
function sigma0FreeRam(lines: string[]): string {
  const from = lines.indexOf('RAM:------------------------');
  const to = lines.findIndex((l, i) => i > from && l.startsWith('IOMEM:'));
  let total = 0;
  for (const l of lines.slice(from + 1, to)) {
    const m = /^\[0:[-RWX]{3}:([0-9a-f]+);([0-9a-f]+)\]$/.exec(l);
    if (m) total += parseInt(m[2], 16) - parseInt(m[1], 16) + 1;
  }
  const order = total > 2 ** 20 ? 20 : 10;
  const value = Math.floor(total / 2 ** order);
  const tenth = Math.floor((total - value * 2 ** order) / (Math.floor(2 ** order / 10) + 1));
  return `${value}.${tenth} ${order === 20 ? 'M' : 'K'}iB`;
}

describe('servers: our moe (C, user level) with the real sigma0, l4re and hello', function () {
  this.timeout(180_000);
  const parts = ourMoeBesideRealParts();

  function bootHello(count: number) {
    return runRealEntry({ modulesList: parts.real.modulesList, entry: 'hello', searchPath: [parts.ourMoe, parts.real.bin, parts.real.reference], countPattern: /^Hello World!$/, count, maxInstructions: 10 * SECOND });
  }

  it('prints the lines of boot-hello.log up to the third "Hello World!"', () => {
    const run = bootHello(3);
    const moeTask = run.machine.kernel.tasks.find((t) => t.name === 'moe');
    assert.strictEqual(moeTask?.image?.path, path.join(parts.ourMoe, 'moe'), 'the root task is not our moe');
    const ref = referenceLines(fs.readFileSync(path.join(parts.real.reference, 'boot-hello.log'), 'utf8'));
    assert.strictEqual(run.stamps.length, 3, run.lines.join('\n'));
    assert.deepStrictEqual(run.lines.map(masked), ref.slice(0, run.lines.length).map(masked));
    for (const must of ['MOE: Hello world', 'MOE: allocated 235.4 KiB for the page array @0x9000', 'MOE: virtual user address space [0-bfffffff]',
      'MOE: cmdline: moe --init=rom/hello', 'MOE: rom name space cap -> [C:104000]', 'MOE: rwfs name space cap -> [C:106000]',
      'MOE: Starting: rom/hello ', "MOE: loading 'rom/hello'", 'Hello World!']) {
      assert.ok(run.lines.includes(must), `missing "${must}"`);
    }
  });

  it('moe finds exactly the free RAM sigma0 reports, and lists each module with its real size', () => {
    const run = bootHello(1);
    const found = run.lines.find((l) => l.startsWith('MOE: found '));
    assert.strictEqual(found, `MOE: found ${sigma0FreeRam(run.lines)} RAM in the area 00002000..0eb6f000`);
    for (const [name, cap] of [['l4re', '108000'], ['hello', '10a000']]) {
      const line = run.lines.find((l) => l.startsWith('  ROMFS: ') && l.endsWith(` ${name}`));
      const m = /^ {2}ROMFS: \[([0-9a-f]+)-([0-9a-f]+)\] \[C:([0-9a-f]+)\] /.exec(line ?? '');
      assert.ok(m, `no ROMFS line for ${name}: ${run.lines.join('\n')}`);
      assert.strictEqual(parseInt(m[2], 16) - parseInt(m[1], 16), fs.statSync(path.join(parts.real.bin, name)).size, `${name}: size`);
      assert.strictEqual(parseInt(m[1], 16) % 4096, 0, `${name}: module start not page aligned`);
      assert.strictEqual(m[3], cap);
    }
  });

  it('roottask moe rom/hello.cfg: the real ned starts hello with our moe\'s tagged log, as boot-ned.log', () => {
    const run = runRealEntry({ modulesList: parts.real.modulesList, entry: 'hello-cfg', searchPath: [parts.ourMoe, parts.real.bin, parts.real.reference], countPattern: /hello {3}\| Hello World!/, count: 2, maxInstructions: 10 * SECOND });
    const ref = referenceLines(fs.readFileSync(path.join(parts.real.reference, 'boot-ned.log'), 'utf8'));
    assert.strictEqual(run.stamps.length, 2, run.lines.join('\n'));
    assert.deepStrictEqual(run.lines.map(masked), ref.slice(0, run.lines.length).map(masked));
    for (const must of ['MOE: cmdline: moe rom/hello.cfg', 'MOE: Starting: rom/ned rom/hello.cfg', "MOE: loading 'rom/ned'", 'Ned says: Hi World!',
      "Ned: loading file: 'rom/hello.cfg'", '\x1b[37mhello   | Hello World!\x1b[0m']) {
      assert.ok(run.lines.includes(must), `missing ${JSON.stringify(must)}`);
    }
  });

  it('hello-2: two hellos through ned, each with the colour its script gives (red hello-1, cyan hello-2)', () => {
    const run = runRealEntry({ modulesList: parts.real.modulesList, entry: 'hello-2', searchPath: [parts.ourMoe, parts.real.bin, parts.real.reference], countPattern: /\| Hello World!/, count: 4, maxInstructions: 10 * SECOND });
    const tagged = run.lines.filter((l) => l.includes('| Hello World!'));
    assert.ok(tagged.includes('\x1b[31mhello-1 | Hello World!\x1b[0m'), tagged.join('\n'));
    assert.ok(tagged.includes('\x1b[36mhello-2 | Hello World!\x1b[0m'), tagged.join('\n'));
    assert.deepStrictEqual(run.lines.filter((l) => l.startsWith('MOE: unhandled')), []);
  });

  it('with our sigma0 as well (both user-level servers from servers/bin): the same lines, ned included', function () {
    const ourSigma0 = path.join(path.dirname(OUR_MOE), 'sigma0');
    requireFixture(this, ourSigma0, 'the user-level sigma0 comes from the servers package');
    // Our sigma0, moe and l4re, but the real ned (servers/bin also holds our own ned, which prints no greeting).
    const ours = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-moe-sigma0-'));
    for (const role of ['sigma0', 'moe', 'l4re']) fs.symlinkSync(path.join(path.dirname(OUR_MOE), role), path.join(ours, role));
    try {
      for (const [entry, log, pattern, count] of [['hello', 'boot-hello.log', /^Hello World!$/, 2], ['hello-cfg', 'boot-ned.log', /hello {3}\| Hello World!/, 2]] as const) {
        const run = runRealEntry({ modulesList: parts.real.modulesList, entry, searchPath: [ours, parts.real.bin, parts.real.reference], countPattern: pattern, count, maxInstructions: 10 * SECOND });
        const tasks = run.machine.kernel.tasks;
        const resolved = (p?: string): string | undefined => (p ? fs.realpathSync(p) : p);
        assert.strictEqual(resolved(tasks.find((t) => t.name === 'sigma0')?.image?.path), fs.realpathSync(ourSigma0), 'sigma0 is not ours');
        assert.strictEqual(resolved(tasks.find((t) => t.name === 'moe')?.image?.path), fs.realpathSync(OUR_MOE), 'moe is not ours');
        const ref = referenceLines(fs.readFileSync(path.join(parts.real.reference, log), 'utf8'));
        assert.strictEqual(run.stamps.length, count, run.lines.join('\n'));
        assert.deepStrictEqual(run.lines.map(masked), ref.slice(0, run.lines.length).map(masked), entry);
        assert.strictEqual(run.lines.find((l) => l.startsWith('MOE: found ')), `MOE: found ${sigma0FreeRam(run.lines)} RAM in the area 00002000..0eb6f000`);
      }
    } finally {
      fs.rmSync(ours, { recursive: true, force: true });
    }
  });

  it('hello prints once per emulated second on it, and moe logs no unhandled request', () => {
    const run = bootHello(3);
    const gaps = run.stamps.slice(1).map((s, i) => s - run.stamps[i]);
    for (const g of gaps) assert.ok(Math.abs(g - SECOND) < SECOND / 100, `gap of ${g} instructions between Hello lines, not one second`);
    assert.deepStrictEqual(run.lines.filter((l) => /^MOE: (unhandled|unresolved|exception|message with label)/.test(l)), []);
    const names = run.machine.threads().map((t) => `${t.task.name}:${t.name}`);
    assert.ok(names.some((n) => n.startsWith('moe:')), names.join(', '));
  });
});
