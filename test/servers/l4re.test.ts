// Our l4re (servers/pkg/l4re, C, built with the SDK, committed as servers/bin/l4re) as the in-task service of
// REAL L4Re programs: it loads the program, is its region map, pager and exception handler. The real hello's
// C library attaches its TLS and heap through our l4re (anonymous attaches) and every page it touches is
// mapped by our page-fault handler from moe's dataspaces.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { requireFixture } from '../real-l4re/fixture';
import { requireTool } from '../support/require-tool';
import { buildTree } from '../../sdk/builder';
import { Machine } from '../../emulator/machine';
import { referenceLines, runRealEntry } from '../real-l4re/real-boot-helpers';
import { SERVERS } from './servers-fixture';

/** 100 instructions per emulated µs: one emulated second. */
const SECOND = 100_000_000;
const L4RE_FILE = path.join(SERVERS, 'bin', 'l4re');
/** Our moe (servers/pkg/moe). */
const OUR_MOE = path.join(SERVERS, 'bin', 'moe');

/** A temp directory holding links named as the roles they replace. */
function roleDir(files: Record<string, { link: string }>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-l4re-'));
  for (const [name, f] of Object.entries(files)) fs.symlinkSync(f.link, path.join(dir, name));
  return dir;
}

/** Boots until every thread is blocked for good (or maxInstructions); the machine, its lines and why it stopped. */
function bootUntilEnd(opts: { modulesList: string; entry: string; searchPath: string[]; maxInstructions: number }): { machine: Machine; lines: string[]; reason: string } {
  const machine = Machine.boot({ modulesList: opts.modulesList, entry: opts.entry, searchPath: opts.searchPath });
  let text = '';
  machine.events.on('output', (e) => { text += e.text; });
  let reason = `still running after ${opts.maxInstructions} instructions`;
  while (machine.instructions < opts.maxInstructions) {
    const r = machine.runSlice(2_000_000, { clockLimit: opts.maxInstructions });
    if (r.kind === 'fault' || r.kind === 'ended') {
      reason = r.kind === 'fault' ? r.message : r.reason;
      break;
    }
  }
  return { machine, lines: text.replace(/\r/g, '').split('\n'), reason };
}

/** Boots until the system ends (every thread blocked for good); returns the lines printed and the reason. */
function runToEnd(opts: Omit<Parameters<typeof runRealEntry>[0], 'countPattern' | 'count'>): { reason: string; lines: string[] } {
  try {
    const run = runRealEntry({ ...opts, countPattern: /^\0never$/, count: 1 });
    return { reason: `still running after ${run.machine.instructions} instructions`, lines: run.lines };
  } catch (e) {
    const [reason, ...lines] = (e as Error).message.split('\n');
    return { reason, lines };
  }
}

/** RAM map lines, ROMFS lines and moe's free-RAM line depend on the modules' sizes, which change with our l4re's. */
const holdsModuleAddresses = (l: string): boolean => /^\[[0-9]+:...:[0-9a-f]+;[0-9a-f]+\]$/.test(l) && !l.startsWith('[0:RW-:') || l.startsWith('  ROMFS: [') || l.startsWith('MOE: found ');
const PAGE = 0x1000;
const roundPage = (v: number): number => Math.ceil(v / PAGE) * PAGE;

/** moe finds as much more free RAM as our l4re's pages are fewer than the real one's. */
function assertFreeRam(lines: string[], ref: string[], bin: string): void {
  const mib = (ls: string[]): number => Number(/^MOE: found ([0-9.]+) MiB RAM/.exec(ls.find((l) => l.startsWith('MOE: found '))!)![1]);
  const delta = (roundPage(fs.statSync(path.join(bin, 'l4re')).size) - roundPage(fs.statSync(L4RE_FILE).size)) / (1 << 20);
  assert.ok(Math.abs(mib(lines) - mib(ref) - delta) <= 0.1, `${mib(lines)} MiB free, ${mib(ref)} MiB in the reference, l4re ${delta.toFixed(2)} MiB smaller`);
}

describe('servers: our l4re with the real sigma0, moe and hello', function () {
  this.timeout(240_000);
  let bin: string;
  let reference: string;
  let dirs: string[] = [];
  const modulesList = path.join(SERVERS, 'conf', 'modules.lst');
  const l4reOnly = (): string => {
    const d = roleDir({ l4re: { link: L4RE_FILE } });
    dirs.push(d);
    return d;
  };

  beforeEach(function () {
    bin = requireFixture(this, 'bin');
    reference = requireFixture(this, 'reference');
  });
  afterEach(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    dirs = [];
  });

  it('roles: l4re is servers/bin/l4re; its task runs two threads, l4re\'s ("#hello") and hello\'s', () => {
    const run = runRealEntry({ modulesList, entry: 'hello', searchPath: [l4reOnly(), bin], countPattern: /^Hello World!$/, count: 1, maxInstructions: 10 * SECOND });
    const role = (r: string): string | undefined => run.machine.plan.roles.find((c) => c.role === r)?.path;
    assert.strictEqual(fs.realpathSync(role('l4re')!), fs.realpathSync(L4RE_FILE));
    assert.strictEqual(fs.realpathSync(role('moe')!), fs.realpathSync(path.join(bin, 'moe')));
    assert.strictEqual(fs.realpathSync(role('sigma0')!), fs.realpathSync(path.join(bin, 'sigma0')));
    const task = run.machine.tasks().find((t) => t.name === 'hello');
    assert.ok(task, run.machine.tasks().map((t) => t.name).join(', '));
    assert.strictEqual(task.threads.length, 2, 'l4re\'s thread and the program\'s');
  });

  it('hello: every line up to the 3rd "Hello World!" is the line of boot-hello.log (module addresses aside)', () => {
    const run = runRealEntry({ modulesList, entry: 'hello', searchPath: [l4reOnly(), bin, reference], countPattern: /^Hello World!$/, count: 3, maxInstructions: 10 * SECOND });
    const ref = referenceLines(fs.readFileSync(path.join(reference, 'boot-hello.log'), 'utf8')).slice(0, run.lines.length);
    assert.strictEqual(run.stamps.length, 3, run.lines.join('\n'));
    assert.deepStrictEqual(run.lines.filter((l) => !holdsModuleAddresses(l)), ref.filter((l) => !holdsModuleAddresses(l)));
    assertFreeRam(run.lines, ref, bin);
    // The ROMFS lines name the same modules; l4re's is exactly our file.
    const romfs = run.lines.filter((l) => l.startsWith('  ROMFS: ['));
    assert.deepStrictEqual(romfs.map((l) => l.replace(/\[[0-9a-f]+-[0-9a-f]+\] /, '')), ref.filter((l) => l.startsWith('  ROMFS: [')).map((l) => l.replace(/\[[0-9a-f]+-[0-9a-f]+\] /, '')));
    const m = /\[([0-9a-f]+)-([0-9a-f]+)\] \[C:[0-9a-f]+\] l4re$/.exec(romfs.find((l) => l.endsWith(' l4re'))!);
    assert.ok(m);
    assert.strictEqual(parseInt(m[2], 16) - parseInt(m[1], 16), fs.statSync(L4RE_FILE).size);
    assert.ok(!run.lines.some((l) => l.startsWith('l4re:') || /Unhandled exception/.test(l)), run.lines.join('\n'));
  });

  it('hello-cfg: ned (a real program with threads, Lua and files) on our l4re starts hello on our l4re: the lines of boot-ned.log', function () {
    const conf = requireFixture(this, 'conf');
    const run = runRealEntry({ modulesList, entry: 'hello-cfg', searchPath: [l4reOnly(), bin, conf, reference], countPattern: /hello {3}\| Hello World!/, count: 2, maxInstructions: 20 * SECOND });
    const ref = referenceLines(fs.readFileSync(path.join(reference, 'boot-ned.log'), 'utf8')).slice(0, run.lines.length);
    assert.strictEqual(run.stamps.length, 2, run.lines.join('\n'));
    assert.deepStrictEqual(run.lines.filter((l) => !holdsModuleAddresses(l)), ref.filter((l) => !holdsModuleAddresses(l)));
    assertFreeRam(run.lines, ref, bin);
    assert.ok(run.lines.includes('Ned says: Hi World!'));
    // Both program tasks run our l4re, each with l4re's thread and the program's. ned gives hello no debugger
    // capability, so l4re cannot name that task (as with the real l4re).
    const ned = run.machine.tasks().find((t) => t.name === 'ned');
    assert.ok(ned && ned.threads.some((t) => t.name === 'ned:#ned'), run.machine.tasks().map((t) => t.name).join(', '));
    const programs = run.machine.tasks().filter((t) => !['sigma0', 'moe', 'ned'].includes(t.name));
    assert.strictEqual(programs.length, 1, run.machine.tasks().map((t) => t.name).join(', '));
    assert.strictEqual(programs[0].threads.length, 2, programs[0].threads.map((t) => t.name).join(', '));
  });

  it('our SDK\'s examples/hello runs under the real moe and our l4re, and under our sigma0, moe and l4re (servers/bin)', () => {
    const examples = path.join(SERVERS, '..', 'examples', 'hello');
    for (const first of [l4reOnly(), path.join(SERVERS, 'bin')]) {
      const run = runToEnd({ modulesList: path.join(examples, 'conf', 'modules.lst'), entry: 'hello', searchPath: [first, path.join(examples, 'bin'), bin], maxInstructions: 10 * SECOND });
      assert.ok(run.lines.includes("MOE: loading 'rom/hello'"), run.lines.join('\n'));
      assert.deepStrictEqual(run.lines.slice(run.lines.indexOf("MOE: loading 'rom/hello'") + 1), ['hello']);
      // It returned from main: moe ended the task, nothing but sigma0 and moe is left, waiting.
      assert.match(run.reason, /every thread is blocked/);
      assert.ok(!/hello:#hello/.test(run.reason), run.reason);
    }
  });

  it('our sigma0 + our moe + our l4re + the real hello: "Hello World!" twice', () => {
    const ours = roleDir({ sigma0: { link: path.join(SERVERS, 'bin', 'sigma0') }, moe: { link: OUR_MOE }, l4re: { link: L4RE_FILE } });
    dirs.push(ours);
    const run = runRealEntry({ modulesList, entry: 'hello', searchPath: [ours, bin], countPattern: /^Hello World!$/, count: 2, maxInstructions: 10 * SECOND });
    const role = (r: string): string | undefined => run.machine.plan.roles.find((c) => c.role === r)?.path;
    assert.deepStrictEqual([role('sigma0'), role('moe'), role('l4re')], ['sigma0', 'moe', 'l4re'].map((n) => path.join(ours, n)));
    assert.strictEqual(run.stamps.length, 2, run.lines.join('\n'));
    assert.ok(!run.lines.some((l) => l.startsWith('l4re:')), run.lines.join('\n'));
  });

  it('our sigma0 + our moe + our l4re + the real ned and hello (hello-cfg): ned\'s greeting and hello\'s tagged lines', function () {
    const conf = requireFixture(this, 'conf');
    const ours = roleDir({ sigma0: { link: path.join(SERVERS, 'bin', 'sigma0') }, moe: { link: OUR_MOE }, l4re: { link: L4RE_FILE } });
    dirs.push(ours);
    const run = runRealEntry({ modulesList, entry: 'hello-cfg', searchPath: [ours, bin, conf], countPattern: /hello {3}\| Hello World!/, count: 2, maxInstructions: 20 * SECOND });
    const role = (r: string): string | undefined => run.machine.plan.roles.find((c) => c.role === r)?.path;
    assert.deepStrictEqual([role('sigma0'), role('moe'), role('l4re')], ['sigma0', 'moe', 'l4re'].map((n) => path.join(ours, n)));
    assert.strictEqual(run.stamps.length, 2, run.lines.join('\n'));
    assert.ok(run.lines.includes('Ned says: Hi World!'), run.lines.join('\n'));
    assert.ok(!run.lines.some((l) => l.startsWith('l4re:')), run.lines.join('\n'));
  });

  it('a program that is no ELF file: l4re says so and starts nothing', () => {
    const junk = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-l4re-junk-'));
    dirs.push(junk);
    fs.writeFileSync(path.join(junk, 'hello'), 'not an ELF file, but long enough to be read as a header .....\n');
    fs.symlinkSync(L4RE_FILE, path.join(junk, 'l4re'));
    const run = runToEnd({ modulesList, entry: 'hello', searchPath: [junk, bin], maxInstructions: 10 * SECOND });
    assert.deepStrictEqual(run.lines.slice(run.lines.indexOf("MOE: loading 'rom/hello'") + 1), ['l4re: rom/hello is no 32-bit x86 executable', 'l4re: fatal: Could not load binary']);
    // l4re's thread sleeps; no program thread was made.
    assert.match(run.reason, /hello:#hello \(sleeping forever\)/);
  });
});

// The L4Re::Rm protocol asked directly: a program of our own (test/servers/l4re-probe, C, built with the SDK
// here) marshals the real client's messages itself and prints every answer.
describe('servers: our l4re\'s L4Re::Rm protocol, asked by a probe program', function () {
  this.timeout(240_000);
  const PROBE = path.join(SERVERS, '..', 'test', 'servers', 'l4re-probe');
  const answers = new Map<string, { label: number; mr: number[] }>();
  let lines: string[] = [];
  let machine: Machine;
  const dirs: string[] = [];

  before(function () {
    requireTool(this, 'gcc');
    const bin = requireFixture(this, 'bin');
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-l4re-probe-'));
    dirs.push(ws);
    for (const part of ['conf', 'pkg']) fs.cpSync(path.join(PROBE, part), path.join(ws, part), { recursive: true });
    const built = buildTree(ws, { compiler: 'gcc' });
    assert.deepStrictEqual(built.errors, []);
    const l4re = roleDir({ l4re: { link: L4RE_FILE } });
    dirs.push(l4re);
    const run = bootUntilEnd({ modulesList: path.join(ws, 'conf', 'modules.lst'), entry: 'probe', searchPath: [l4re, path.join(ws, 'bin'), bin], maxInstructions: 10 * SECOND });
    assert.match(run.reason, /every thread is blocked.*l4re-probe:main \(blocked: exception/, run.reason);
    lines = run.lines.slice(run.lines.indexOf("MOE: loading 'rom/l4re-probe'") + 1);
    machine = run.machine;
    for (const l of lines) {
      const m = /^probe: (.+?) label=(-?\d+) mr0=([0-9a-f]+) mr1=([0-9a-f]+) mr2=([0-9a-f]+)$/.exec(l);
      if (m) answers.set(m[1], { label: Number(m[2]), mr: [m[3], m[4], m[5]].map((h) => parseInt(h, 16)) });
    }
  });
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  const answer = (what: string): { label: number; mr: number[] } => {
    const a = answers.get(what);
    assert.ok(a, `no answer "${what}":\n${lines.join('\n')}`);
    return a;
  };

  it('attach (Search_addr) of a dataspace the program sends: at the hint, its pages come through l4re\'s page faults', () => {
    assert.deepStrictEqual(answer('attach rw'), { label: 0, mr: [0x20000000, 0x20000000, 0x2000] });
    assert.ok(lines.includes('probe: wrote and read 1234 5678'), lines.join('\n'));
  });

  it('find: start, size, rights and the selector the program named; offset 0', () => {
    const f = answer('find');
    assert.deepStrictEqual([f.label, f.mr[0], f.mr[1], f.mr[2]], [0, 0x20000000, 0x2000, 6]);
    const m = /^probe: find offset=0 cap=([0-9a-f]+) ds=([0-9a-f]+)$/.exec(lines.find((l) => l.startsWith('probe: find offset='))!);
    assert.ok(m && m[1] === m[2], lines.join('\n'));
  });

  it('areas: reserve, attach In_area (anonymous: l4re allocates), not without In_area, find reports In_area, free once', () => {
    assert.strictEqual(answer('reserve_area').mr[0], 0x30000000);
    assert.deepStrictEqual([answer('attach in area').label, answer('attach in area').mr[0]], [0, 0x30004000]);
    assert.strictEqual(answer('attach in area without In_area').label, -99); // -L4_EADDRNOTAVAIL
    assert.deepStrictEqual(answer('find area'), { label: 0, mr: [0x30000000, 0x10000, 0x40000] });
    assert.ok(lines.includes('probe: anonymous memory reads 7'));
    assert.strictEqual(answer('free_area').label, 0);
    assert.strictEqual(answer('free_area again').label, -2); // -L4_ENOENT
  });

  it('get_regions / get_areas: count as label, {start, end, flags} from the address on', () => {
    const r = answer('get_regions');
    assert.ok(r.label >= 1);
    assert.deepStrictEqual(r.mr, [0x30004000, 0x30004fff, 0x2006]); // Anonymous | RW
    assert.deepStrictEqual(answer('get_areas'), { label: 1, mr: [0x30000000, 0x3000ffff, 0] });
  });

  it('detach: l4re unmaps the range itself (Unmapped_range), answers start, size and the program\'s selector; find then fails', () => {
    assert.deepStrictEqual(answer('detach in area'), { label: 8, mr: [0x30004000, 0x1000, 0xfffff800] });
    const d = answer('detach');
    assert.deepStrictEqual([d.label, d.mr[0], d.mr[1]], [8, 0x20000000, 0x2000]);
    const selector = parseInt(/cap=([0-9a-f]+)/.exec(lines.find((l) => l.startsWith('probe: find offset='))!)![1], 16);
    assert.strictEqual(d.mr[2], selector);
    assert.strictEqual(answer('find detached').label, -2);
    const task = machine.tasks().find((t) => t.name === 'l4re-probe');
    assert.ok(task);
    assert.strictEqual(task.as.lookup(0x20000000), undefined, 'the detached page is unmapped');
  });

  it('page_in: answers a helper in the task; the program calls it and every page is present', () => {
    const p = answer('page_in');
    assert.strictEqual(p.label, 0);
    assert.ok(p.mr[0] >= 0xb0000000 && p.mr[0] < 0xb0100000, `helper ${p.mr[0].toString(16)} lies in l4re`);
    assert.ok(lines.includes('probe: helper returned 0'));
    const task = machine.tasks().find((t) => t.name === 'l4re-probe')!;
    for (let a = 0x40000000; a < 0x40004000; a += 0x1000) assert.ok(task.as.lookup(a), `page ${a.toString(16)} present`);
  });

  it('errors: unknown opcode -ENOSYS (and a line), find with size 0 -EINVAL', () => {
    assert.strictEqual(answer('unknown opcode').label, -38);
    assert.ok(lines.includes('l4re: unhandled L4Re::Rm opcode 99'));
    assert.strictEqual(answer('find size 0').label, -22);
  });

  it('a write to a read-only region: the real l4re\'s message, then the exception is reported and the thread stays stopped', () => {
    assert.ok(lines.includes('probe: read-only reads 0'));
    const at = lines.indexOf('probe: done, now writing to 50000000');
    assert.ok(at >= 0, lines.join('\n'));
    assert.match(lines[at + 1], /^l4re: write page fault in readonly region at 0x50000000 pc=0x[0-9a-f]+$/);
    assert.match(lines[at + 2], /^rom\/l4re-probe: Unhandled exception: PC=0x[0-9a-f]+ PFA=0x50000002 LdrFlgs=0x0$/);
    assert.ok(!lines.includes('probe: not reached'));
  });
});
