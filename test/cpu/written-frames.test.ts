// Every CPU store marks its physical frame in PhysicalMemory.written (time travel's snapshots read only marked
// frames), in every execution tier: single step, interpreted blocks, compiled blocks (with one-block loops), and
// the slow path of a store that straddles two pages. Stores of every width: byte, word, dword, push, rep stosd,
// an SSE store.
import * as assert from 'assert';
import { Reg, StopReason } from '../../emulator/cpu/cpu';
import { PAGE_SIZE } from '../../emulator/cpu/physical-memory';
import { DATA, STACK_TOP, makeCpu, TEST_TIERS, useTier } from './cpu-test-util';

const INT30 = [0xcd, 0x30];
const le32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];

const TIERS = TEST_TIERS.slice(0, 3);

/** The frames marked written, as physical frame numbers. */
function marked(written: Uint8Array): number[] {
  const out: number[] = [];
  written.forEach((w, f) => {
    if (w !== 0) out.push(f);
  });
  return out;
}

for (const tier of TIERS) {
  describe(`cpu: stores mark their frame written (${tier.name})`, () => {
    useTier(tier);

    it('byte, word, dword stores in a loop mark the data frame and nothing else', () => {
      // mov eax, DATA+0x1000; loop: mov [eax], cl; mov [eax+2], cx; mov [eax+4], ecx; inc ecx; cmp ecx, 100; jnz loop; int 0x30
      const { cpu, as, phys } = makeCpu([
        0xb8, ...le32(DATA + PAGE_SIZE),
        0x88, 0x08, 0x66, 0x89, 0x48, 0x02, 0x89, 0x48, 0x04, 0x41, 0x83, 0xf9, 0x64, 0x75, 0xf1, ...INT30,
      ]);
      phys.written.fill(0);
      assert.strictEqual(StopReason[cpu.run(10_000)], 'Interrupt');
      assert.strictEqual(cpu.regs[Reg.ECX], 100);
      const frame = (as.lookup(DATA + PAGE_SIZE) as { pa: number }).pa / PAGE_SIZE;
      assert.deepStrictEqual(marked(phys.written), [frame]);
    });

    it('push, rep stosd and an SSE store mark the stack and data frames', () => {
      // push eax; mov edi, DATA; mov ecx, 8; rep stosd; movups [DATA+0x100], xmm0; int 0x30
      const { cpu, as, phys } = makeCpu([
        0x50, 0xbf, ...le32(DATA), 0xb9, 0x08, 0x00, 0x00, 0x00, 0xf3, 0xab, 0x0f, 0x11, 0x05, ...le32(DATA + 0x100), ...INT30,
      ]);
      phys.written.fill(0);
      assert.strictEqual(StopReason[cpu.run(1000)], 'Interrupt');
      const frameOf = (va: number): number => (as.lookup(va) as { pa: number }).pa / PAGE_SIZE;
      assert.deepStrictEqual(marked(phys.written), [frameOf(DATA), frameOf(STACK_TOP - 4)].sort((a, b) => a - b));
    });

    it('a dword store across a page end marks both frames', () => {
      // mov dword [DATA+0xffe], 0x11223344; int 0x30
      const { cpu, as, phys } = makeCpu([0xc7, 0x05, ...le32(DATA + PAGE_SIZE - 2), ...le32(0x11223344), ...INT30]);
      phys.written.fill(0);
      assert.strictEqual(StopReason[cpu.run(10)], 'Interrupt');
      const frameOf = (va: number): number => (as.lookup(va) as { pa: number }).pa / PAGE_SIZE;
      assert.deepStrictEqual(marked(phys.written), [frameOf(DATA), frameOf(DATA + PAGE_SIZE)].sort((a, b) => a - b));
      assert.strictEqual(as.readU32(DATA + PAGE_SIZE - 2), 0x11223344, 'the store completed');
    });
  });
}
