// Loops of several blocks compiled as one function (block-loops.ts): a fault in any of the blocks, the end of
// the budget, a breakpoint set after the loop was compiled and a store into the loop's own code must leave
// exactly the state single-stepping leaves (retired count, EIP, registers, EFLAGS).
import * as assert from 'assert';
import { PROT_R, PROT_W, PROT_X } from '../../emulator/cpu/address-space';
import { HOT_THRESHOLD, type BasicBlock } from '../../emulator/cpu/basic-block';
import { Cpu, Reg, StopReason } from '../../emulator/cpu/cpu';
import type { AddressSpace } from '../../emulator/cpu/address-space';
import { CODE, DATA, makeCpu, TEST_TIERS, useTier } from './cpu-test-util';

const le32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
/** The two data pages of makeCpu end here; the next page is unmapped. */
const DATA_END = DATA + 8192;

/**
 * Two blocks: A stores ecx at [eax] and leaves when ecx is -1 (never), falling through into B, which increments
 * ecx, stores it at [eax] and jumps back to A. Each round stores two dwords, so the store that reaches DATA_END
 * is A's when eax starts at DATA and B's when it starts at DATA + 4.
 */
function twoBlockLoop(eax: number): { program: number[]; a: number; b: number } {
  const program = [
    0xb8, ...le32(eax), //         +0  mov eax, imm
    0x31, 0xc9, //                 +5  xor ecx, ecx
    0x89, 0x08, //                 +7  A: mov [eax], ecx
    0x83, 0xc0, 0x04, //           +9     add eax, 4
    0x83, 0xf9, 0xff, //           +12    cmp ecx, -1
    0x74, 0x08, //                 +15    je out
    0x41, //                       +17 B: inc ecx
    0x89, 0x08, //                 +18    mov [eax], ecx
    0x83, 0xc0, 0x04, //           +20    add eax, 4
    0xeb, 0xee, //                 +23    jmp A
    0xcd, 0x30, //                 +25 out: int 0x30
  ];
  return { program, a: CODE + 7, b: CODE + 17 };
}

/** Everything a run leaves that single-stepping must leave the same. */
function state(cpu: Cpu, stop: StopReason): Record<string, unknown> {
  return {
    stop: StopReason[stop], eip: cpu.eip, retired: cpu.retired, regs: [...cpu.regs], eflags: cpu.getEflags(),
    vector: cpu.vector, faultAddress: cpu.faultAddress,
  };
}

/** `drive`'s states under the current tier and with one instruction per dispatch (the reference). */
function againstSingleStep(program: number[], drive: (cpu: Cpu, as: AddressSpace) => Array<Record<string, unknown>>, setup?: (as: AddressSpace) => void): Array<Record<string, unknown>> {
  const run = () => {
    const { cpu, as } = makeCpu(program);
    setup?.(as);
    return drive(cpu, as);
  };
  const got = run();
  const blocks = Cpu.blocks;
  Cpu.blocks = false;
  try {
    assert.deepStrictEqual(got, run());
  } finally {
    Cpu.blocks = blocks;
  }
  return got;
}

/** The blocks at the given addresses that run a loop of several blocks in their function. */
function loopHeads(cpu: Cpu, as: AddressSpace, addresses: number[]): BasicBlock[] {
  const page = cpu.code.page(as.translate(CODE) >>> 12);
  return addresses.map((a) => page.blocks[a & 0xfff]).filter((b): b is BasicBlock => b?.fn !== undefined && b.folded !== undefined);
}

for (const tier of TEST_TIERS) {
  describe(`cpu: loops of several blocks in one function (${tier.name})`, () => {
    useTier(tier);
    // Not in againstSingleStep's reference run, which turns blocks off.
    const compiled = () => Cpu.blocks && tier.threshold < 100;

    for (const [where, eax, rounds, inRound] of [['A', DATA, 1024, 0], ['B', DATA + 4, 1023, 5]] as const) {
      it(`a fault in block ${where} ${rounds} rounds in reports the exact count, EIP, registers and flags`, () => {
        const { program, a, b } = twoBlockLoop(eax);
        const [s] = againstSingleStep(program, (cpu, as) => {
          const stop = cpu.run(1_000_000);
          if (compiled()) assert.ok(loopHeads(cpu, as, [a, b]).length > 0, 'A and B ran as one loop function');
          return [state(cpu, stop)];
        });
        assert.strictEqual(s.stop, 'Fault');
        assert.strictEqual(s.faultAddress, DATA_END);
        assert.strictEqual(s.eip, where === 'A' ? a : b + 1);
        assert.strictEqual(s.retired, 2 + rounds * 8 + inRound);
      });
    }

    it('a fault in the first round of a call of the loop function keeps the flags from before the call', () => {
      // Stopped by the budget at A or at B (the head, depending on the tier), then made to fault at once.
      for (const budget of [2 + 8 * 100, 2 + 8 * 100 + 4]) {
        const { program } = twoBlockLoop(DATA);
        againstSingleStep(program, (cpu) => {
          const out = [state(cpu, cpu.run(budget))];
          cpu.regs[Reg.EAX] = DATA_END;
          out.push(state(cpu, cpu.run(1000)));
          return out;
        });
      }
    });

    it('a loop whose rounds take either way of a branch stays chained blocks once profiled', () => {
      // A: inc ecx; test cl, 1; jz C; B: nop; jmp A; C: jmp A (every other round through B)
      const program = [0x41, 0xf6, 0xc1, 0x01, 0x74, 0x03, 0x90, 0xeb, 0xf7, 0xeb, 0xf5];
      againstSingleStep(program, (cpu, as) => {
        const out = [state(cpu, cpu.run(5000))];
        if (Cpu.blocks && tier.threshold === HOT_THRESHOLD) assert.deepStrictEqual(loopHeads(cpu, as, [CODE, CODE + 6, CODE + 9]), []);
        return out;
      });
    });

    it('stops exactly at the budget, whatever block of the loop that falls in', () => {
      const { program } = twoBlockLoop(DATA);
      againstSingleStep(program, (cpu) => {
        const out = [];
        for (const budget of [300, 301, 302, 303, 304, 305, 306, 307, 1, 7, 8, 9]) out.push(state(cpu, cpu.run(budget)));
        return out;
      });
    });

    it('stops at a breakpoint set in the second block after the loop was compiled', () => {
      const { program, a, b } = twoBlockLoop(DATA);
      againstSingleStep(program, (cpu, as) => {
        const out = [state(cpu, cpu.run(800))];
        if (compiled()) assert.ok(loopHeads(cpu, as, [a, b]).length > 0, 'A and B ran as one loop function');
        for (const at of [b + 1, b, a + 2]) {
          as.addBreakpoint(at);
          for (let k = 0; k < 3; k++) {
            out.push(state(cpu, cpu.run(100_000)));
            cpu.resumeFrom = cpu.eip;
          }
          as.removeBreakpoint(at);
          out.push(state(cpu, cpu.run(97)));
        }
        return out;
      });
    });

    it('a store into the loop\'s own code ends the loop function and the new code runs', () => {
      // mov ecx, 0; mov esi, &imm; A: add ebx, 1 (imm patched); inc ecx; cmp ecx, 300; je out;
      // B: mov edi, DATA; cmp ecx, 100; cmove edi, esi; mov byte [edi], 5; jmp A; out: int 0x30
      const program = [
        0xb9, ...le32(0), 0xbe, ...le32(CODE + 12),
        0x83, 0xc3, 0x01, 0x41, 0x81, 0xf9, ...le32(300), 0x74, 0x10,
        0xbf, ...le32(DATA), 0x83, 0xf9, 0x64, 0x0f, 0x44, 0xfe, 0xc6, 0x07, 0x05, 0xeb, 0xe4,
        0xcd, 0x30,
      ];
      const [, end] = againstSingleStep(program, (cpu, as) => {
        const first = state(cpu, cpu.run(2 + 60 * 9));
        if (compiled()) assert.ok(loopHeads(cpu, as, [CODE + 10, CODE + 22]).length > 0, 'A and B ran as one loop function');
        return [first, state(cpu, cpu.run(100_000))];
      }, (as) => as.map(CODE, as.translate(CODE) & -4096, PROT_R | PROT_W | PROT_X));
      assert.strictEqual(end.stop, 'Interrupt');
      assert.strictEqual((end.regs as number[])[Reg.EBX], 100 + 200 * 5);
      assert.strictEqual(end.retired, 2 + 299 * 9 + 4 + 1 - (2 + 60 * 9));
    });
  });
}
