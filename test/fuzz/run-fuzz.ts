// `npm run fuzz -- --minutes N [--target name]`: runs the fuzz targets with fresh random seeds, in rounds,
// until the time is up; prints the cases per target and every failure with the seed and path that
// reproduce it (fc.assert(property, { seed, path })). Exit status 1 when anything failed.
import fc from 'fast-check';
import { FUZZ_TARGETS } from './fuzz-targets';

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const minutes = Number(argument('minutes') ?? '1');
  if (!(minutes > 0)) throw new Error('--minutes wants a positive number');
  const only = argument('target');
  const targets = only ? FUZZ_TARGETS.filter((t) => t.name === only) : FUZZ_TARGETS;
  if (targets.length === 0) throw new Error(`no target "${only}"; targets: ${FUZZ_TARGETS.map((t) => t.name).join(', ')}`);
  const end = Date.now() + minutes * 60_000;
  const cases = new Map<string, number>(targets.map((t) => [t.name, 0]));
  const failures: string[] = [];
  let round = 0;
  while (Date.now() < end) {
    for (const t of targets) {
      if (Date.now() >= end) break;
      const seed = (Date.now() ^ (round * 0x9e3779b1)) | 0;
      // Each round gives every target about the same share of time: its CI case count.
      const r = await fc.check(t.property() as fc.IAsyncPropertyWithHooks<unknown[]>, { seed, numRuns: t.ciRuns, endOnFailure: true });
      cases.set(t.name, (cases.get(t.name) ?? 0) + r.numRuns);
      if (r.failed) {
        const line = `${t.name}: FAILED seed ${r.seed} path "${r.counterexamplePath}": ${String(r.errorInstance instanceof Error ? r.errorInstance.message : r.errorInstance).split('\n').slice(0, 4).join(' | ')}\n  counterexample: ${JSON.stringify(r.counterexample)?.slice(0, 1500)}`;
        failures.push(line);
        process.stdout.write(line + '\n');
      }
    }
    round++;
    process.stdout.write(`round ${round}: ${[...cases].map(([n, c]) => `${n} ${c}`).join(', ')}\n`);
  }
  process.stdout.write(`\nfuzz: ${minutes} min, ${round} rounds\n`);
  for (const [n, c] of cases) process.stdout.write(`  ${n.padEnd(12)} ${c} cases\n`);
  process.stdout.write(failures.length ? `${failures.length} failures\n` : 'no failures\n');
  return failures.length ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`fuzz: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
