// CLI: npm run fuzz:cpu -- [--minutes N] [--seed S] [--cases N] [--batch N] [--reproducers N] [--shrink-all]
// Runs random seeds against qemu-i386 until the time or case budget is spent; every divergence is shrunk to a
// minimal reproducer and appended to test/cpu/fuzz/regressions.json (replayed by fuzz.test.ts without qemu).
import { generateCases } from './generator';
import { describe, newStats, runBatch } from './fuzz-run';
import { oracleUnavailable } from './oracle';
import { recordRegression } from './regressions';

function arg(name: string, fallback: number): number {
  const k = process.argv.indexOf(`--${name}`);
  if (k < 0) return fallback;
  const v = Number(process.argv[k + 1]);
  if (!Number.isFinite(v)) throw new Error(`--${name} needs a number, got ${process.argv[k + 1]}`);
  return v;
}

function main(): void {
  const why = oracleUnavailable();
  if (why !== undefined) { console.error(`fuzz:cpu needs qemu-i386 and gcc: ${why}`); process.exit(2); }
  const minutes = arg('minutes', 1), maxCases = arg('cases', Infinity), batch = arg('batch', 400);
  // Shrinking costs many oracle runs: by default only the first few divergences become reproducers.
  const maxReproducers = arg('reproducers', 5), shrinkAll = process.argv.includes('--shrink-all');
  let seed = arg('seed', (Date.now() ^ (process.pid << 16)) >>> 0);
  const deadline = Date.now() + minutes * 60000;
  const stats = newStats();
  const started = Date.now();
  let written = 0;
  console.log(`fuzz:cpu: first seed ${seed}, ${minutes} min`);
  while (Date.now() < deadline && stats.cases < maxCases) {
    const before = stats.divergences.length;
    runBatch(generateCases(seed, batch), stats);
    for (const d of stats.divergences.slice(before)) {
      console.log(`DIVERGENCE (seed ${seed}): ${describe(d)}`);
      console.log(`  case ${JSON.stringify(d.case)}`);
      if (!shrinkAll && written >= maxReproducers) continue;
      const file = recordRegression(d.case, `seed ${seed}`);
      if (file !== undefined) { written++; console.log(`  shrunk reproducer → ${file}`); }
    }
    seed = (seed + 1) >>> 0;
    const secs = (Date.now() - started) / 1000;
    process.stdout.write(`  ${stats.cases} cases, ${stats.steps} instructions compared, ${stats.divergences.length} divergences, ` +
      `${(stats.cases / secs).toFixed(0)} cases/s\n`);
  }
  console.log(`done: ${stats.cases} cases (${stats.steps} instructions) compared against qemu-i386; ${stats.divergences.length} divergences, ${written} reproducers written`);
  console.log('truncations:', [...stats.truncated.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${v}× ${k}`).join('; '));
  if (stats.knownDeviations.size > 0) console.log('known qemu deviations:', [...stats.knownDeviations.entries()].map(([k, v]) => `${v}× ${k}`).join('; '));
  process.exit(stats.divergences.length > 0 ? 1 : 0);
}

main();
