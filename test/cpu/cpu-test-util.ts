// Helpers for CPU unit tests: a machine with code at CODE and a stack below STACK_TOP.
import { AddressSpace, PROT_R, PROT_W, PROT_X } from '../../emulator/cpu/address-space';
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
