// Helpers for CPU unit tests: a machine with code at CODE and a stack below STACK_TOP.
import { AddressSpace, PROT_R, PROT_W, PROT_X } from '../../emulator/cpu/address-space';
import { HOT_THRESHOLD, tiers } from '../../emulator/cpu/basic-block';
import { Cpu, Reg } from '../../emulator/cpu/cpu';
import { PhysicalMemory } from '../../emulator/cpu/physical-memory';

export const CODE = 0x08048000;
export const DATA = 0x0804c000;
export const STACK_TOP = 0x00800000;

export function makeCpu(code: number[] | Uint8Array): { cpu: Cpu; as: AddressSpace; phys: PhysicalMemory } {
  const phys = new PhysicalMemory(16 * 1024 * 1024);
  const as = new AddressSpace(phys);
  for (let p = 0; p < 4; p++) as.map(CODE + p * 4096, phys.allocFrame(), PROT_R | PROT_X);
  as.map(DATA, phys.allocFrame(), PROT_R | PROT_W);
  as.map(DATA + 4096, phys.allocFrame(), PROT_R | PROT_W);
  for (let p = 1; p <= 4; p++) as.map(STACK_TOP - p * 4096, phys.allocFrame(), PROT_R | PROT_W);
  as.write(CODE, Uint8Array.from(code));
  const cpu = new Cpu(as);
  cpu.eip = CODE;
  cpu.regs[Reg.ESP] = STACK_TOP;
  return { cpu, as, phys };
}

/** A CPU tier a test runs under: basic blocks on or off, and the hit count that compiles a block. */
export interface TestTier {
  name: string;
  blocks: boolean;
  threshold: number;
}

/** Every tier, slowest first; the last is the default (blocks compiled once hot). */
export const TEST_TIERS: readonly TestTier[] = [
  { name: 'single-step', blocks: false, threshold: HOT_THRESHOLD },
  { name: 'interpreted blocks', blocks: true, threshold: 1e9 },
  { name: 'compiled blocks', blocks: true, threshold: 1 },
  { name: 'default (compiled once hot)', blocks: true, threshold: HOT_THRESHOLD },
];

/** Inside a describe: its tests run under `tier`, and the default tier is put back after each. */
export function useTier(tier: TestTier): void {
  beforeEach(() => {
    Cpu.blocks = tier.blocks;
    tiers.hotThreshold = tier.threshold;
  });
  afterEach(() => {
    Cpu.blocks = true;
    tiers.hotThreshold = HOT_THRESHOLD;
  });
}
