// moe's memory allocator, dataspace and region-manager protocols, from a guest program.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildTree, findCompiler } from '../../sdk/builder';
import { bootAndRun, REPO } from '../guest/boot-helpers';
import { Machine } from '../../emulator/machine';
import { requireCapability } from '../support/require-tool';

describe('moe: memory protocols from a guest', function () {
  this.timeout(120_000);
  let dir: string;

  before(function () {
    const cc = findCompiler();
    requireCapability(this, 'a C compiler for the 32-bit guest programs', typeof cc === 'string' ? cc : undefined);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-moe-tests-'));
    for (const part of ['conf', 'include', 'pkg']) fs.cpSync(path.join(REPO, 'test', 'moe', 'workspace', part), path.join(dir, part), { recursive: true });
    const built = buildTree(dir);
    assert.ok(built.ok, built.errors.join('\n'));
  });

  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it('moe\'s factory makes kernel objects, dataspaces and scheduler proxies that offset and clip priorities', () => {
    const prios: Array<[string, number]> = [];
    const machine = Machine.boot({ modulesList: path.join(dir, 'conf', 'modules.lst'), entry: 'moe-factory' });
    let output = '';
    machine.events.on('output', (e) => {
      output += e.text;
      const m = /check prio (\d+)/.exec(e.text);
      if (m) prios.push([m[1], e.thread.prio]);
    });
    let r;
    do r = machine.runSlice(1_000_000);
    while (r.kind === 'budget');
    assert.ok(/verdict: pass/.test(output) && !/not ok/.test(output), output);
    assert.deepStrictEqual(prios, [['8', 8], ['10', 10]]);
  });

  it('opens a boot module through the rom namespace', () => {
    const { output, result } = bootAndRun(path.join(dir, 'conf', 'modules.lst'), 'rom-reader');
    assert.ok(/verdict: pass/.test(output) && !/not ok/.test(output), output + JSON.stringify(result.kind));
  });

  it('dataspace info, allocate and copy_in; map into an area; eager, named and found regions; detach names the dataspace', () => {
    const { output, result } = bootAndRun(path.join(dir, 'conf', 'modules.lst'), 'ds-protocol');
    assert.ok(/verdict: pass/.test(output) && !/not ok/.test(output), output + JSON.stringify(result.kind));
    assert.strictEqual(result.kind, 'ended');
  });

  // Our l4re prints its lists in the real l4re's format (l4re_itas region.cc, Region_map::debug_dump), names
  // included: the program's segments, its stack, and what attach_w_info named.
  it('l4re_rm_show_lists lists the area and the named region (our l4re, in the real l4re\'s format)', () => {
    const { output } = bootAndRun(path.join(dir, 'conf', 'modules.lst'), 'ds-protocol');
    assert.match(output, /Region mapping: limits \[0-bfffffff\]\n Area map:\n {2}\[ *[0-9a-f]{1,10}- *[0-9a-f]{1,10}\] -> flags=0\n(.*\n)* Region map:\n/);
    assert.match(output, /\n {2}[0-9a-f]{10}-[0-9a-f]{10} ds=[0-9a-f]{4}@0000000 -----r--\/0004 0003000: copy \n/);
    assert.match(output, /\n {2}0008048000-0008048fff ds=[0-9a-f]{4}@0000000 -----r--\/0004 0000000: rom\/ds-protocol \n/);
    assert.match(output, /\n {2}[0-9a-f]{10}-[0-9a-f]{10} ds=[0-9a-f]{4}@0000000 -----rw-\/0006 0000000: \[stack\] \n/);
  });

  it('hands out no more RAM than it has, and takes a dataspace\'s memory back with its last capability', () => {
    const { output, result } = bootAndRun(path.join(dir, 'conf', 'modules.lst'), 'mem-limit', 400_000_000);
    assert.ok(/verdict: pass/.test(output) && !/not ok/.test(output), output + JSON.stringify(result.kind));
    assert.strictEqual(result.kind, 'ended');
  });

  // The server sees the rights of the capability it was called through in the label's low bits (W = 1, S = 2)
  // and refuses writes through a capability without W, as the real moe's dataspace.cc does.
  it('a read-only dataspace capability: clear and copy_in -EACCESS, a writable map -EPERM, info without W; a name space entry keeps only the registered capability\'s rights', () => {
    const { output, result } = bootAndRun(path.join(dir, 'conf', 'modules.lst'), 'ds-rights');
    assert.ok(/verdict: pass/.test(output) && !/not ok/.test(output), output + JSON.stringify(result.kind));
    assert.strictEqual(result.kind, 'ended');
  });

  // l4re names the task after the binary (what follows "rom/"), cut to 13 characters as the real l4re does.
  it('l4re names a task with a long name by its first 13 characters, its thread "#" and the same', () => {
    const machine = Machine.boot({ modulesList: path.join(dir, 'conf', 'modules.lst'), entry: 'task-name-over-13' });
    let names: string[] = [];
    machine.events.on('output', (e) => {
      if (/verdict: pass/.test(e.text)) names = [e.thread.task.name, ...machine.threads().filter((t) => t.task === e.thread.task).map((t) => t.name)];
    });
    let r;
    do r = machine.runSlice(1_000_000);
    while (r.kind === 'budget');
    assert.deepStrictEqual(names, ['task-name-ove', 'task-name-ove:#task-name-ove', 'task-name-ove:main']);
  });

  it('allocates, attaches twice (shared), clears and detaches a dataspace', () => {
    const { output, result } = bootAndRun(path.join(dir, 'conf', 'modules.lst'), 'dataspace');
    assert.ok(/verdict: pass/.test(output) && !/not ok/.test(output), output + JSON.stringify(result.kind));
    assert.strictEqual(result.kind, 'ended');
  });
});
