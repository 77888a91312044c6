// Program-level differential tests: each C guest is built with gcc and clang (when installed) at -O0,
// -O2 and -Os, run natively on the host and under the emulator; output and exit status must be equal.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { buildGuest, compilerAvailable, COMPILERS, LEVELS, PROGRAMS } from './gcc-guest';
import { runLinuxElf } from './linux-elf-harness';


describe('cpu: differential against the host CPU', function () {
  this.timeout(120000);
  let passed = 0;
  after(() => console.log(`      ${passed} program builds matched the host (programs × compilers × levels)`));
  for (const compiler of COMPILERS) {
    for (const prog of PROGRAMS) {
      for (const opt of LEVELS) {
        it(`${prog} ${compiler} ${opt}`, function () {
          if (!compilerAvailable(compiler)) this.skip();
          const elf = buildGuest(prog, opt, compiler);
          if (elf === undefined) {
            // gcc must build every guest; clang may lack a builtin a guest uses.
            assert.notStrictEqual(compiler, 'gcc', `gcc failed to build ${prog} ${opt}`);
            this.skip();
          }
          const native = spawnSync(elf, [], { encoding: 'latin1' });
          if (native.error) this.skip(); // host cannot run 32-bit binaries
          const emu = runLinuxElf(elf);
          assert.strictEqual(emu.error, undefined, emu.error);
          assert.strictEqual(emu.output, native.stdout);
          assert.strictEqual(emu.exitCode, native.status);
          assert.ok(emu.output.length > 0);
          passed++;
        });
      }
    }
  }
});
