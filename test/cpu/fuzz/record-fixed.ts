// Records the hand-written reproducers of the divergences the fuzzer found and that were fixed in emulator/cpu
// (one regression vector each, with qemu-i386's trace). Run after changing the harness or the case format:
//   npx tsc -p . && node out/test/cpu/fuzz/record-fixed.js
import { CODE_VA, DATA_VA, FLAG_MMX_INIT, FuzzCase, STACK_VA } from './fuzz-case';
import { recordVector } from './regressions';

function base(code: string, patch: Partial<FuzzCase> = {}): FuzzCase {
  return {
    codeOff: 0x10, code, memSeed: 0x12345678, flags: 0, maxSteps: 16,
    regs: [0x11, 3, 0x22, DATA_VA + 0x100, STACK_VA + 0x800, DATA_VA + 0x200, DATA_VA + 0x300, DATA_VA + 0x400],
    eflags: 0x202, mxcsr: 0x1f80, fpuCw: 0x27f, x87: [], xmm: '00'.repeat(128), mm: '00'.repeat(64), ...patch,
  };
}

/** Each fixed divergence: a note naming instruction, difference and fix, and a case that exercises it. */
export const FIXED: Array<[string, FuzzCase]> = [
  ['jcc rel8 with 66: a taken branch must truncate EIP to 16 bits (we kept 32 bits)', base('6674fe', { eflags: 0x246 })],
  ['jcc rel16 (66 0F 8x): EIP truncated to 16 bits', base('660f8400f0', { eflags: 0x246 })],
  ['jmp rel8 with 66 (66 EB): EIP truncated to 16 bits', base('66eb10')],
  ['loop with 66 (66 E2): EIP truncated to 16 bits when taken', base('66e2fe')],
  ['call rel16 (66 E8): pushes a 16-bit IP and truncates EIP (we pushed 32 bits, kept 32-bit EIP)', base('66e80000')],
  ['popf (66 9D) may set NT (we masked it)', base('6a00c7042446440000669d')],
  ['lock on a register destination raises #UD (we executed it)', base('f001c8')],
  ['mov from CR at a page end: the ModRM always names registers, no displacement is fetched (we #PF, must #GP)', base('0f20a1', { codeOff: 8192 - 3 })],
  ['MMX instruction faulting on its memory operand leaves the x87 tags/TOP unchanged (we set TOP=0, all valid)',
    base('0fec0500000050')],
  ['fldt of a value in the double denormal range (we gave 0)', base('db3d00010020db2d00010020dd1d08010020', { x87: [1e-310] })],
  ['fstp1 alias (D9 D8+i) behaves as fstp st(i) (we raised #UD)', base('d9d9', { x87: [1.5, 2.5, 3.5] })],
  ['fxch4/fxch7 aliases (DD C8+i, DF C8+i) behave as fxch (we raised #UD)', base('ddc9dfca', { x87: [1.5, 2.5, 3.5] })],
  ['fstp8/fstp9 aliases (DF D0+i, DF D8+i) behave as fstp', base('dfd1dfd9', { x87: [1.5, 2.5, 3.5, 4.5] })],
  ['DE D8+i (i ≠ 1) is reserved: #UD (we compared and popped)', base('dedb', { x87: [1.5, 2.5, 3.5, 4.5] })],
  ['enter whose EBP push faults: CR2 is the EBP slot, nothing committed (we reported the lowest frame address)',
    base('c8080002', { regs: [0x11, 3, 0x22, DATA_VA + 0x100, STACK_VA + 2, DATA_VA + 0x200, DATA_VA + 0x300, DATA_VA + 0x400] })],
  ['enter level 3 whose second outer-frame push faults: CR2 is that slot (SDM order), nothing committed',
    base('c8100003', { regs: [0x11, 3, 0x22, DATA_VA + 0x100, STACK_VA + 8, DATA_VA + 0x200, DATA_VA + 0x300, DATA_VA + 0x400] })],
  ['fscale of 0 by a huge finite st(1) gives 0 (we gave NaN from 0·2^inf)', base('d9fd', { x87: [0, 1e300] })],
  ['fscale of -0 (fldz, fchs) by 2^5000 keeps -0', base('d9eed9e0d9fd', { x87: [5000] })],
  ['fscale of 5 by -1e300 gives 0', base('d9fd', { x87: [5, -1e300] })],
  ['fscale whose 2^n overflows a double while the product does not (1e-300 · 2^1100)', base('d9fd', { x87: [1e-300, 1100] })],
  ['popa skips the ESP slot without reading it: a fault past the page end names the EBX slot (we named the ESP slot)',
    base('61', { regs: [0, 0, 0, 0, DATA_VA + 0x1ff4, 0, 0, 0] })],
  ['MMX state tracked across a fault-free stream on all tiers', base('0fef050001002090', { flags: FLAG_MMX_INIT, mm: '11'.repeat(64) })],
];

function main(): void {
  for (const [note, c] of FIXED) {
    const e = recordVector(c, note);
    console.log(`${note}: ${e.divergence} (${e.trace.length / 2 / 308} records)`);
  }
  console.log(`code at 0x${CODE_VA.toString(16)}`);
}

if (require.main === module) main();
