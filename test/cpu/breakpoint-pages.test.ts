// A page with a breakpoint runs the blocks that have none as whole (compiled) blocks: the breakpoint must still
// stop the run at its exact instruction and count, also when the block holding it is reached by chaining.
import * as assert from 'assert';
import { HOT_THRESHOLD } from '../../emulator/cpu/basic-block';
import { CodeCache } from '../../emulator/cpu/code-cache';
import { Reg, StopReason } from '../../emulator/cpu/cpu';
import { CODE, makeCpu, TEST_TIERS, useTier } from './cpu-test-util';

const le32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
const ROUNDS = 5000;
// CODE: mov ecx, ROUNDS; +5 loop: dec ecx; +6 jnz loop; +8 inc edx; +9 nop; +10 inc edx; +11 jmp +11
const PROGRAM = [0xb9, ...le32(ROUNDS), 0x49, 0x75, 0xfd, 0x42, 0x90, 0x42, 0xeb, 0xfe];
const AFTER_LOOP = 1 + 2 * ROUNDS;

const TIERS = TEST_TIERS;

for (const tier of TIERS) {
  describe(`cpu: breakpoints in a page of running blocks (${tier.name})`, () => {
    useTier(tier);

    it('stops at a breakpoint after a loop of the same page, at its exact count, the loop run as a block', () => {
      const { cpu, as, phys } = makeCpu(PROGRAM);
      as.addBreakpoint(CODE + 9);
      assert.strictEqual(StopReason[cpu.run(1_000_000)], 'Breakpoint');
      assert.strictEqual(cpu.eip, CODE + 9);
      assert.strictEqual(cpu.retired, AFTER_LOOP + 1);
      assert.strictEqual(cpu.regs[Reg.EDX], 1);
      if (tier.blocks && tier.threshold === 1) {
        const block = CodeCache.of(phys).page(as.translate(CODE) >>> 12).blocks[5];
        assert.ok(block?.fn, 'the loop, in the breakpoint\'s page, ran compiled');
      }
      // Resumed from the breakpoint: the next instruction runs, then the endless jmp uses the budget.
      cpu.resumeFrom = cpu.eip;
      assert.strictEqual(StopReason[cpu.run(100)], 'Budget');
      assert.strictEqual(cpu.regs[Reg.EDX], 2);
    });

    it('stops at a breakpoint inside the loop on every round', () => {
      const { cpu, as } = makeCpu(PROGRAM);
      as.addBreakpoint(CODE + 6); // jnz
      assert.strictEqual(StopReason[cpu.run(1_000_000)], 'Breakpoint');
      assert.strictEqual(cpu.retired, 2);
      for (let round = 1; round < 40; round++) {
        cpu.resumeFrom = cpu.eip;
        assert.strictEqual(StopReason[cpu.run(1_000_000)], 'Breakpoint');
        assert.strictEqual(cpu.retired, 2, 'jnz, dec');
        assert.strictEqual(cpu.regs[Reg.ECX], ROUNDS - 1 - round);
      }
    });

    it('a block reached by chaining stops at a breakpoint set after the chain was made', () => {
      const { cpu, as } = makeCpu(PROGRAM);
      // First without breakpoints: every block becomes hot, compiled and linked to its successor.
      for (let k = 0; k < 3; k++) {
        cpu.eip = CODE;
        cpu.regs[Reg.EDX] = 0;
        assert.strictEqual(StopReason[cpu.run(AFTER_LOOP + 3 + 2 * HOT_THRESHOLD)], 'Budget');
      }
      as.addBreakpoint(CODE + 9);
      cpu.eip = CODE;
      cpu.regs[Reg.EDX] = 0;
      assert.strictEqual(StopReason[cpu.run(1_000_000)], 'Breakpoint');
      assert.strictEqual(cpu.eip, CODE + 9);
      assert.strictEqual(cpu.retired, AFTER_LOOP + 1);
      as.removeBreakpoint(CODE + 9);
      cpu.eip = CODE;
      cpu.regs[Reg.EDX] = 0;
      assert.strictEqual(StopReason[cpu.run(AFTER_LOOP + 3)], 'Budget');
      assert.strictEqual(cpu.regs[Reg.EDX], 2, 'the removed breakpoint no longer stops');
    });
  });
}
