// Robustness: random byte streams (uniform, and biased towards the 0F map and SIMD prefixes) must only
// ever stop the CPU with a guest-visible reason — never raise a host exception — on both execution tiers.
import * as assert from 'assert';
import { Reg, StopReason, Vector } from '../../emulator/cpu/cpu';
import { HOT_THRESHOLD } from '../../emulator/cpu/basic-block';
import { CODE, STACK_TOP, makeCpu } from './cpu-test-util';

const GUEST_FAULTS = new Set<number>([Vector.DE, Vector.UD, Vector.GP, Vector.PF, Vector.BR, Vector.NM, Vector.MF, Vector.AC, Vector.XM]);

describe('cpu: robustness', function () {
  this.timeout(120000);
  it('random byte streams raise only #UD/#GP/#PF-style guest faults, never host exceptions', () => {
    let seed = 0x1234567;
    const rnd = (): number => { seed = (Math.imul(seed, 1103515245) + 12345) | 0; return (seed >>> 16) & 0xff; };
    const { cpu, as } = makeCpu([]);
    const seen = new Map<string, number>();
    for (let trial = 0; trial < 60000; trial++) {
      const bytes = Array.from({ length: 64 }, rnd);
      if (trial % 3 === 1) for (let k = 0; k < 64; k += 4) bytes[k] = 0x0f;
      if (trial % 3 === 2) for (let k = 0; k < 64; k += 5) { bytes[k] = [0x66, 0xf2, 0xf3][rnd() % 3]; bytes[k + 1] = 0x0f; }
      as.write(CODE, Uint8Array.from(bytes));
      for (let r = 0; r < 8; r++) cpu.regs[r] = (rnd() << 24) | (rnd() << 16) | (rnd() << 8) | rnd();
      // Every 40th stream is replayed until its blocks are hot, so the compiled tier runs garbage too.
      const replays = trial % 40 === 0 ? HOT_THRESHOLD + 5 : 1;
      for (let rep = 0; rep < replays; rep++) {
        cpu.regs[Reg.ESP] = STACK_TOP - 256;
        cpu.eip = CODE;
        cpu.setEflags(0x202);
        for (let k = 0; k < 5; k++) {
          // Alternate between whole-block runs and single steps so both tiers see the same garbage.
          const why = trial % 2 === 0 ? cpu.run(200) : cpu.step();
          assert.ok(why in StopReason);
          const key = why === StopReason.Fault ? `fault ${cpu.vector}` : StopReason[why];
          seen.set(key, (seen.get(key) ?? 0) + 1);
          if (why === StopReason.Fault) {
            assert.ok(GUEST_FAULTS.has(cpu.vector), `unexpected vector ${cpu.vector}`);
            break;
          }
        }
      }
    }
    assert.ok((seen.get(`fault ${Vector.UD}`) ?? 0) > 0 && (seen.get(`fault ${Vector.PF}`) ?? 0) > 0);
  });
});
