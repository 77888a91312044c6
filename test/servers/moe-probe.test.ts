// Our moe and the real moe side by side on one ned script (test/servers/moe-probe/conf/probe.cfg) that uses
// more of moe than the reference boots: name spaces made by the allocator (register_obj of moe's own and of
// a kernel capability, query), a scheduler proxy and a coloured log for the program it starts. Both moes
// must make ned and hello print the same lines; the proxy must shift hello's priorities as the real one does.
import * as assert from 'assert';
import * as path from 'path';
import { runRealEntry } from '../real-l4re/real-boot-helpers';
import { ourMoeBesideRealParts } from './moe-fixture';

const SECOND = 100_000_000;
const PROBE = path.join(__dirname, '..', '..', '..', 'test', 'servers', 'moe-probe', 'conf');

describe('servers: our moe and the real moe on a ned script using name spaces, scheduler proxies and logs', function () {
  this.timeout(180_000);
  const parts = ourMoeBesideRealParts();

  function boot(searchPath: string[]) {
    const run = runRealEntry({ modulesList: path.join(PROBE, 'modules.list'), entry: 'probe', searchPath: [...searchPath, PROBE], countPattern: /sched {3}\| Hello World!/, count: 2, maxInstructions: 10 * SECOND });
    return { ...run, fromStart: run.lines.slice(run.lines.findIndex((l) => l.startsWith('MOE: Starting:'))) };
  }

  it('ned and hello print the same with both, and hello runs at the proxy\'s shifted priority', () => {
    const ours = boot([parts.ourMoe, parts.real.bin]);
    const theirs = boot([parts.real.bin]);
    assert.strictEqual(ours.stamps.length, 2, ours.lines.join('\n'));
    assert.deepStrictEqual(ours.fromStart, theirs.fromStart);
    for (const must of ['namespace:\ttrue', 'registered', 'query rom:\ttrue', 'query log:\ttrue', 'scheduler:\ttrue', '\x1b[33msched   | Hello World!\x1b[0m']) {
      assert.ok(ours.lines.includes(must), `missing ${JSON.stringify(must)}: ${ours.lines.join('\n')}`);
    }
    assert.deepStrictEqual(ours.lines.filter((l) => l.startsWith('MOE: unhandled')), []);
    // hello's main thread asked for priority 2 (the default), the proxy adds its offset 2.
    const prios = (run: typeof ours): number[] => run.machine.threads().filter((t) => !['sigma0', 'moe', 'ned'].includes(t.task.name)).map((t) => t.prio).sort((a, b) => a - b);
    assert.deepStrictEqual(prios(ours), prios(theirs));
    assert.ok(prios(ours).includes(4), `priorities in hello's task: ${prios(ours).join(', ')}`);
    assert.ok(!prios(ours).includes(2), `a thread of hello's task kept the unshifted priority 2: ${prios(ours).join(', ')}`);
  });
});
