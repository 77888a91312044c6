// Runs gcc-compiled guests natively and under the emulator and compares output and exit status.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { buildGuest, gccAvailable } from './gcc-guest';
import { runLinuxElf } from './linux-elf-harness';

describe('cpu: differential against the host CPU', function () {
  this.timeout(120000);
  const programs = ['arith', 'bench', 'x87'];
  for (const prog of programs) {
    for (const opt of ['-O0', '-O2', '-Os']) {
      it(`${prog} ${opt}`, function () {
        if (!gccAvailable()) this.skip();
        const elf = buildGuest(prog, opt);
        if (elf === undefined) this.skip();
        const native = spawnSync(elf, [], { encoding: 'latin1' });
        if (native.error) this.skip(); // host cannot run 32-bit binaries
        const emu = runLinuxElf(elf);
        assert.strictEqual(emu.error, undefined, emu.error);
        assert.strictEqual(emu.output, native.stdout);
        assert.strictEqual(emu.exitCode, native.status);
        assert.ok(emu.output.length > 0);
      });
    }
  }
});
