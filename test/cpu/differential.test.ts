// Program-level differential tests: each C guest is built with gcc and clang at -O0, -O2 and -Os (and at -O2 with
// -fcf-protection, whose endbr32 hint NOPs must execute as NOPs), run on the i386 oracle (natively or under
// qemu-i386, see test/support/guest-oracle.ts) and under the emulator; output and exit status must be equal.
import * as assert from 'assert';
import { buildGuestOrExplain, COMPILERS, DIFFERENTIAL_VARIANTS, PROGRAMS } from './gcc-guest';
import { runLinuxElf } from './linux-elf-harness';
import { guestOracle, runOnOracle } from '../support/guest-oracle';
import { requireTool, skipCounted } from '../support/require-tool';

describe('cpu: differential against the i386 oracle', function () {
  this.timeout(120000);
  let compared = 0;
  after(() => console.log(`      ${compared} program builds compared against ${guestOracle()?.description ?? 'no oracle'} (programs × compilers × levels)`));
  for (const compiler of COMPILERS) {
    for (const prog of PROGRAMS) {
      for (const variant of DIFFERENTIAL_VARIANTS) {
        it(`${prog} ${compiler} ${variant.join(' ')}`, function () {
          requireTool(this, compiler);
          requireTool(this, 'oracle');
          const built = buildGuestOrExplain(prog, variant, compiler);
          if (built.documentedFailure !== undefined) skipCounted(this, built.documentedFailure);
          assert.ok(built.elf !== undefined, `${compiler} failed to build ${prog} ${variant.join(' ')}:\n${built.error}`);
          const reference = runOnOracle(built.elf);
          assert.strictEqual(reference.error, undefined, `oracle run failed: ${reference.error?.message}`);
          assert.strictEqual(reference.signal, null, `oracle run killed by ${reference.signal}: ${reference.stderr}`);
          const emu = runLinuxElf(built.elf);
          assert.strictEqual(emu.error, undefined, emu.error);
          assert.strictEqual(emu.output, reference.stdout.toString('latin1'));
          assert.strictEqual(emu.exitCode, reference.status);
          assert.ok(emu.output.length > 0);
          compared++;
        });
      }
    }
  }
});
