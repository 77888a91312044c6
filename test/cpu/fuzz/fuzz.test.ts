// Lockstep CPU fuzzing against qemu-i386 (see docs/cpu-fuzzing.md): a fixed, deterministic seed set compared after
// every instruction on the single-step tier and at the end on the block and compiled tiers, plus the shrunk
// reproducers of earlier divergences (regressions.json), which replay without qemu.
import * as assert from 'assert';
import { requireCapability } from '../../support/require-tool';
import { generateCases } from './generator';
import { describe as describeDivergence, newStats, runBatch } from './fuzz-run';
import { lockstep } from './lockstep';
import { FuzzMachine } from './machine';
import { oracleUnavailable } from './oracle';
import { loadRegressions, traceOf } from './regressions';

/** Fixed seeds: the same cases on every run and host. */
const CI_SEEDS = [0x5eed0001, 0x5eed0002, 0x5eed0003, 0x5eed0004, 0x5eed0005, 0x5eed0006];
const CASES_PER_SEED = 400;

describe('cpu: lockstep fuzzing against qemu-i386', function () {
  this.timeout(180000);

  it('replays every shrunk fuzz regression on all tiers', function () {
    const entries = loadRegressions();
    const m = new FuzzMachine();
    const failures: string[] = [];
    for (const e of entries) {
      const r = lockstep(m, e.case, traceOf(e));
      if (r.divergence !== undefined) failures.push(`${e.note}: ${describeDivergence({ case: e.case, result: r })}`);
      else if (r.steps === 0 && r.truncated !== undefined) failures.push(`${e.note}: nothing compared (${r.truncated})`);
    }
    console.log(`      ${entries.length} fuzz regressions replayed`);
    assert.deepStrictEqual(failures, []);
  });

  it('fixed seed set: no divergence from qemu-i386 after any instruction', function () {
    // The lockstep fuzz needs qemu-i386 and gcc -m32: a CI failure when missing, a counted skip elsewhere.
    requireCapability(this, 'qemu-i386 for the lockstep CPU fuzz', oracleUnavailable());
    const stats = newStats();
    const started = Date.now();
    for (const seed of CI_SEEDS) runBatch(generateCases(seed, CASES_PER_SEED), stats);
    const secs = (Date.now() - started) / 1000;
    console.log(`      ${stats.cases} fuzz cases compared against qemu-i386 (${stats.steps} instructions, ${(stats.cases / secs).toFixed(0)} cases/s)`);
    const known = [...stats.knownDeviations.entries()].map(([k, v]) => `${v}× ${k}`);
    if (known.length > 0) console.log(`      known qemu deviations excluded: ${known.join('; ')}`);
    assert.ok(stats.steps > stats.cases, 'too few instructions compared: the harness or the generator is broken');
    assert.deepStrictEqual(stats.divergences.slice(0, 10).map(describeDivergence), [], `${stats.divergences.length} divergences`);
  });
});
