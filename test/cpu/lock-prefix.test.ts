// The LOCK prefix: valid only on read-modify-write instructions with a memory destination; anywhere else
// the CPU raises #UD before the instruction does anything (issue 11, item 6: `lock nop`).
import * as assert from 'assert';
import { Reg, StopReason, Vector } from '../../emulator/cpu/cpu';
import { HOT_THRESHOLD } from '../../emulator/cpu/basic-block';
import { CODE, DATA, makeCpu } from './cpu-test-util';

const LOCK = 0xf0;
/** [bytes after LOCK, name, valid]; memory operands use [ebx] = DATA. */
const CASES: Array<[number[], string, boolean]> = [
  [[0x90], 'lock nop', false],
  [[0x01, 0xc8], 'lock add eax, ecx (register destination)', false],
  [[0x89, 0x03], 'lock mov [ebx], eax', false],
  [[0x39, 0x03], 'lock cmp [ebx], eax', false],
  [[0x83, 0x3b, 0x01], 'lock cmp dword [ebx], 1', false],
  [[0x8b, 0x03], 'lock mov eax, [ebx]', false],
  [[0x0f, 0xa3, 0x03], 'lock bt [ebx], eax (bt only reads)', false],
  [[0x01, 0x03], 'lock add [ebx], eax', true],
  [[0x83, 0x03, 0x01], 'lock add dword [ebx], 1', true],
  [[0x87, 0x03], 'lock xchg [ebx], eax', true],
  [[0xff, 0x03], 'lock inc dword [ebx]', true],
  [[0xf7, 0x1b], 'lock neg dword [ebx]', true],
  [[0x0f, 0xb1, 0x0b], 'lock cmpxchg [ebx], ecx', true],
  [[0x0f, 0xc1, 0x03], 'lock xadd [ebx], eax', true],
  [[0x0f, 0xab, 0x03], 'lock bts [ebx], eax', true],
];

describe('cpu: LOCK prefix', () => {
  for (const [bytes, name, valid] of CASES) {
    for (const tier of ['interpreter', 'compiled block'] as const) {
      it(`${name}: ${valid ? 'runs' : '#UD'} (${tier})`, () => {
        // Code: lock <insn>; jmp back to the start (so the block can be run hot).
        const body = [LOCK, ...bytes];
        const { cpu } = makeCpu([...body, 0xeb, (-(body.length + 2)) & 0xff]);
        const runs = tier === 'compiled block' ? HOT_THRESHOLD + 3 : 1;
        let why = StopReason.Budget;
        for (let r = 0; r < runs; r++) {
          cpu.eip = CODE;
          cpu.regs[Reg.EBX] = DATA;
          cpu.regs[Reg.EAX] = 1;
          cpu.regs[Reg.ECX] = 2;
          why = cpu.run(1);
          if (why === StopReason.Fault) break;
        }
        if (valid) {
          assert.notStrictEqual(why, StopReason.Fault, `faulted with vector ${cpu.vector}`);
        } else {
          assert.strictEqual(why, StopReason.Fault);
          assert.strictEqual(cpu.vector, Vector.UD);
          assert.strictEqual(cpu.eip, CODE, 'the faulting instruction did not run');
        }
      });
    }
  }
});
