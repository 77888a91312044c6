// `fiasco run` with a task that faults (issue 11, item 2): the other tasks' output is complete, the fault is
// one line on stderr, and the exit status (1) and the closing summary name the faulted thread.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { REPO } from '../guest/boot-helpers';
import { builtModulesList, skipReason } from '../kernel/guest-workspace';
import { requireCapability } from '../support/require-tool';

const CLI = path.join(REPO, 'dist', 'cli.js');

describe('cli: fiasco run goes on after a fault', function () {
  this.timeout(180_000);
  before(function () {
    requireCapability(this, 'the CLI bundle dist/cli.js (npm test builds it)', fs.existsSync(CLI) ? undefined : `${CLI} is missing`);
    requireCapability(this, 'a C compiler for the guest programs', skipReason());
  });

  it('prints the survivor\'s whole output, the fault line, and exits 1 with a summary', () => {
    const r = spawnSync(process.execPath, [CLI, 'run', '--conf', builtModulesList(), '--entry', 'iso-fault'], { encoding: 'utf8', timeout: 120_000 });
    assert.match(r.stdout, /crasher: writing to 0x10\n/);
    for (let i = 1; i <= 5; i++) assert.match(r.stdout, new RegExp(`ok - survivor: tick ${i} after the crasher's fault\\n`));
    assert.match(r.stdout, /survivor\| verdict: pass\n/);
    assert.match(r.stderr, /^fiasco run: iso-fault:main: unhandled #PF page fault \(write\) at 0x00000010, eip 0x[0-9a-f]{8} \(crasher\+0x[0-9a-f]+\)( — refused by iso-fault:#iso-fault \(l4re handles no exception\))?\n/m);
    assert.match(r.stderr, /^fiasco run: 1 thread stopped by a fault: iso-fault:main\n/m);
    assert.strictEqual(r.status, 1);
  });
});
