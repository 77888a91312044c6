// Micro-benchmark (not a test): MIPS of the interpreter on loop-heavy gcc-compiled guests.
// Run: npx tsc -p . && node out/test/cpu/cpu-benchmark.js
import { buildGuest, gccAvailable } from './gcc-guest';
import { runLinuxElf } from './linux-elf-harness';

function main(): void {
  if (!gccAvailable()) {
    console.log('gcc not available: nothing to measure');
    return;
  }
  for (const opt of ['-O0', '-O2']) {
    const elf = buildGuest('bench', opt);
    if (elf === undefined) continue;
    runLinuxElf(elf); // warm-up (JIT)
    const t0 = process.hrtime.bigint();
    const r = runLinuxElf(elf);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    console.log(`bench ${opt}: ${r.instructions} instructions in ${ms.toFixed(0)} ms = ${(r.instructions / ms / 1000).toFixed(1)} MIPS (${r.output.trim()})`);
  }
}

main();
