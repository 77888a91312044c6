// Mocha root hook (loaded by .mocharc.json): at the end of the run, prints how many tests were skipped and why,
// so that a skip is never silent. The reasons come from require-tool.ts.
import { inCi, skipCounts } from './require-tool';

export const mochaHooks = {
  afterAll(): void {
    const counts = [...skipCounts()];
    const total = counts.reduce((a, [, n]) => a + n, 0);
    console.log(`\n  skipped: ${total} test${total === 1 ? '' : 's'}${inCi() ? ' (CI=true: only fixtures may be absent)' : ''}`);
    for (const [why, n] of counts) console.log(`  skipped: ${why} (${n} test${n === 1 ? '' : 's'})`);
  },
};
