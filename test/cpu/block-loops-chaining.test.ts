// Compiled blocks that loop inside their function (a block branching to its own start) and chained blocks
// (Cpu.runChain): the retired count, EIP and fault state must be exactly those of single-stepping, also when
// the fault or the end of the budget comes many iterations into the loop.
import * as assert from 'assert';
import { Cpu, Reg, StopReason, Vector } from '../../emulator/cpu/cpu';
import { CODE, DATA, makeCpu, TEST_TIERS, useTier } from './cpu-test-util';

const le32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
const MOV_EAX_DATA = [0xb8, ...le32(DATA)];
const STORE_ECX_AT_EAX = [0x89, 0x08]; // mov [eax], ecx
const ADD_EAX_4 = [0x83, 0xc0, 0x04];
const INC_ECX = [0x41];
/** The two data pages of makeCpu end here; the next page is unmapped. */
const DATA_END = DATA + 8192;

const TIERS = TEST_TIERS;

for (const tier of TIERS) {
  describe(`cpu: block loops and chaining (${tier.name})`, () => {
    useTier(tier);

    it('a one-block loop that faults 2048 iterations in reports the exact count, EIP and CR2', () => {
      // mov eax, DATA; loop: mov [eax], ecx; add eax, 4; inc ecx; jmp loop
      const { cpu } = makeCpu([...MOV_EAX_DATA, ...STORE_ECX_AT_EAX, ...ADD_EAX_4, ...INC_ECX, 0xeb, 0xf8]);
      assert.strictEqual(StopReason[cpu.run(100000)], 'Fault');
      assert.strictEqual(cpu.vector, Vector.PF);
      assert.strictEqual(cpu.faultAddress, DATA_END);
      assert.strictEqual(cpu.eip, CODE + 5, 'EIP is the faulting store at the loop start');
      assert.strictEqual(cpu.retired, 1 + 2048 * 4);
      assert.strictEqual(cpu.regs[Reg.ECX], 2048);
    });

    it('a two-block loop (chained) that faults reports the exact count', () => {
      // mov eax, DATA; loop: mov [eax], ecx; add eax, 4; inc ecx; test cl, 1; jz skip; nop; skip: jmp loop
      const { cpu } = makeCpu([...MOV_EAX_DATA, ...STORE_ECX_AT_EAX, ...ADD_EAX_4, ...INC_ECX, 0xf6, 0xc1, 0x01, 0x74, 0x01, 0x90, 0xeb, 0xf2]);
      assert.strictEqual(StopReason[cpu.run(100000)], 'Fault');
      assert.strictEqual(cpu.faultAddress, DATA_END);
      assert.strictEqual(cpu.eip, CODE + 5);
      // 2048 iterations: 6 instructions each, plus the nop in the 1024 whose ecx became odd.
      assert.strictEqual(cpu.retired, 1 + 2048 * 6 + 1024);
    });

    it('an endless loop stops exactly at the budget, also when it is not a multiple of the loop length', () => {
      const { cpu } = makeCpu([...INC_ECX, 0xeb, 0xfd]); // loop: inc ecx; jmp loop
      for (const budget of [1001, 1000, 7]) {
        cpu.eip = CODE;
        cpu.regs[Reg.ECX] = 0;
        assert.strictEqual(StopReason[cpu.run(budget)], 'Budget');
        assert.strictEqual(cpu.retired, budget);
        assert.strictEqual(cpu.regs[Reg.ECX], Math.ceil(budget / 2));
        assert.strictEqual(cpu.eip, budget % 2 === 1 ? CODE + 1 : CODE);
      }
    });

    it('a trap at the end of a chained block ends the run right after it', () => {
      // mov ecx, 3; loop: dec ecx; jnz loop; int 0x30; inc ecx
      const { cpu } = makeCpu([0xb9, ...le32(3), 0x49, 0x75, 0xfd, 0xcd, 0x30, ...INC_ECX]);
      assert.strictEqual(StopReason[cpu.run(100000)], 'Interrupt');
      assert.strictEqual(cpu.vector, 0x30);
      assert.strictEqual(cpu.retired, 1 + 3 * 2 + 1);
      assert.strictEqual(cpu.eip, CODE + 10);
      assert.strictEqual(cpu.regs[Reg.ECX], 0);
    });
  });
}
