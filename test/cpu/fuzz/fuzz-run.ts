// Runs batches of generated cases against the oracle and collects counts and divergences.
import { FuzzCase } from './fuzz-case';
import { LockstepResult, lockstep } from './lockstep';
import { FuzzMachine } from './machine';
import { runOracle } from './oracle';
import { isKnownDeviation } from './known-deviations';

export interface FuzzStats {
  cases: number;
  /** Instructions compared on the single-step tier. */
  steps: number;
  truncated: Map<string, number>;
  knownDeviations: Map<string, number>;
  divergences: Array<{ case: FuzzCase; result: LockstepResult }>;
}

export function newStats(): FuzzStats {
  return { cases: 0, steps: 0, truncated: new Map(), knownDeviations: new Map(), divergences: [] };
}

const machine = new FuzzMachine();

/** Compares one case with its oracle run (a fresh oracle run when no trace is given). */
export function checkCase(c: FuzzCase): LockstepResult {
  return lockstep(machine, c, runOracle([c])[0]);
}

export function runBatch(cases: FuzzCase[], stats: FuzzStats): void {
  const traces = runOracle(cases);
  cases.forEach((c, k) => {
    const res = lockstep(machine, c, traces[k]);
    stats.cases++;
    stats.steps += res.steps;
    if (res.truncated !== undefined) stats.truncated.set(res.truncated, (stats.truncated.get(res.truncated) ?? 0) + 1);
    if (res.divergence !== undefined) {
      const known = isKnownDeviation(c, res);
      if (known !== undefined) stats.knownDeviations.set(known, (stats.knownDeviations.get(known) ?? 0) + 1);
      else stats.divergences.push({ case: c, result: res });
    }
  });
}

export function describe(d: { case: FuzzCase; result: LockstepResult }): string {
  const v = d.result.divergence;
  if (v === undefined) return 'no divergence';
  return `${v.tier} step ${v.step} insn ${v.insn.slice(0, 40)} (code ${d.case.code}): ${v.problems.join('; ')}`;
}
