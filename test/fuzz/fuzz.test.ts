// The bounded fuzz run of `npm test`: every target with a fixed seed and a fixed number of cases, so a
// failure reproduces exactly. Long runs with random seeds: `npm run fuzz -- --minutes N [--target name]`.
import fc from 'fast-check';
import { FUZZ_TARGETS } from './fuzz-targets';

/** The seed of the CI run; a failure message repeats it with the path to the failing case. */
export const CI_SEED = 0x11f022;

describe('fuzz (bounded run, fixed seed)', function () {
  this.timeout(120_000);
  for (const target of FUZZ_TARGETS) {
    it(`${target.name}: ${target.ciRuns} cases keep every invariant`, async () => {
      await fc.assert(target.property() as fc.IAsyncPropertyWithHooks<unknown[]>, { seed: CI_SEED, numRuns: target.ciRuns, endOnFailure: true });
    });
  }
});
