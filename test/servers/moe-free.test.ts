// Our moe frees what is no longer used (issue 13): a program of our own (test/servers/moe-free-probe, C,
// built with the SDK) allocates, maps, touches and releases far more dataspaces than the machine's RAM
// holds, on roles=user-level (our sigma0, moe and l4re). moe must get each dataspace's memory back when its
// last capability goes (the gate dies, the deletion IRQ makes moe collect it).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { requireTool } from '../support/require-tool';
import { buildTree } from '../../sdk/builder';
import { Machine } from '../../emulator/machine';
import { SERVERS } from './servers-fixture';

const PROBE = path.join(SERVERS, '..', 'test', 'servers', 'moe-free-probe');
const ROUNDS = 40;
const DS_BYTES = 8 << 20;

describe('servers: our moe gives a dataspace\'s memory back when its last capability goes', function () {
  this.timeout(600_000);
  let ws = '';
  let text = '';
  after(() => { if (ws) fs.rmSync(ws, { recursive: true, force: true }); });

  it(`${ROUNDS} dataspaces of 8 MiB, each released after use, fit into the machine's RAM one after another`, function () {
    requireTool(this, 'gcc');
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-moe-free-'));
    for (const part of ['conf', 'pkg']) fs.cpSync(path.join(PROBE, part), path.join(ws, part), { recursive: true });
    const built = buildTree(ws, { compiler: 'gcc' });
    assert.deepStrictEqual(built.errors, []);
    const machine = Machine.boot({ modulesList: path.join(ws, 'conf', 'modules.lst'), entry: 'probe', roles: 'user-level', searchPath: [path.join(ws, 'bin')] });
    machine.events.on('output', (e) => { text += e.text; });
    while (machine.retiredInstructions < 3_000_000_000 && !/probe: (done \d+ task|(task )?round \d+ failed)/.test(text) && machine.runSlice(5_000_000).kind !== 'ended') { /* run */ }
    assert.deepStrictEqual(machine.plan.roles.map((r) => (fs.statSync(r.path).isFile() ? 'file' : 'not a file')), ['file', 'file', 'file']);
    const ram = /MOE: found ([\d.]+) MiB RAM/.exec(text);
    assert.ok(ram, text);
    assert.ok(ROUNDS * DS_BYTES > parseFloat(ram[1]) * 2 ** 20, `the loop must need more than the RAM: ${ram[1]} MiB`);
    assert.match(text, new RegExp(`probe: done ${ROUNDS} rounds of ${DS_BYTES} bytes`), text);
    assert.doesNotMatch(text, /probe: round \d+ failed|MOE: unhandled/, text);
  });

  it(`${ROUNDS} region maps, each holding an 8 MiB dataspace and handed to a child task, are freed when the task is deleted`, function () {
    requireTool(this, 'gcc'); // the probe ran once, in the test above
    assert.match(text, new RegExp(`probe: done ${ROUNDS} task rounds`), text);
  });
});
