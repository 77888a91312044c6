// Test harness: runs a static 32-bit Linux ELF (no libc) under the emulator, serving the few Linux
// system calls the guest test programs use via `int 0x80` (exit=1, write=4).
import * as fs from 'fs';
import { AddressSpace, PROT_R, PROT_W, PROT_X } from '../../emulator/cpu/address-space';
import { Cpu, Reg, StopReason } from '../../emulator/cpu/cpu';
import { PhysicalMemory, PAGE_SIZE } from '../../emulator/cpu/physical-memory';

export interface GuestRun {
  output: string;
  exitCode: number;
  instructions: number;
  /** Set when the guest stopped for any other reason than exit. */
  error?: string;
  cpu: Cpu;
}

export function mapRange(as: AddressSpace, va: number, length: number, prot: number): void {
  const first = Math.floor(va / PAGE_SIZE);
  const last = Math.floor((va + length - 1) / PAGE_SIZE);
  for (let p = first; p <= last; p++) {
    if (as.lookup(p * PAGE_SIZE) === undefined) as.map(p * PAGE_SIZE, as.phys.allocFrame(), prot);
  }
}

/** Loads PT_LOAD segments; returns the entry point. */
export function loadElf(as: AddressSpace, image: Uint8Array): number {
  const dv = new DataView(image.buffer, image.byteOffset, image.byteLength);
  if (dv.getUint32(0, false) !== 0x7f454c46 || image[4] !== 1) throw new Error('not an ELF32 file');
  const entry = dv.getUint32(24, true);
  const phoff = dv.getUint32(28, true);
  const phentsize = dv.getUint16(42, true);
  const phnum = dv.getUint16(44, true);
  for (let k = 0; k < phnum; k++) {
    const ph = phoff + k * phentsize;
    if (dv.getUint32(ph, true) !== 1) continue;
    const offset = dv.getUint32(ph + 4, true);
    const vaddr = dv.getUint32(ph + 8, true);
    const filesz = dv.getUint32(ph + 16, true);
    const memsz = dv.getUint32(ph + 20, true);
    const flags = dv.getUint32(ph + 24, true);
    const prot = (flags & 4 ? PROT_R : 0) | (flags & 2 ? PROT_W : 0) | (flags & 1 ? PROT_X | PROT_R : 0);
    mapRange(as, vaddr, Math.max(memsz, 1), prot | PROT_R);
    as.write(vaddr, image.subarray(offset, offset + filesz));
  }
  return entry;
}

export function runLinuxElf(path: string, maxInstructions = 2_000_000_000, budget = 10_000_000, setup?: (as: AddressSpace) => void): GuestRun {
  const phys = new PhysicalMemory(64 * 1024 * 1024);
  const as = new AddressSpace(phys);
  const cpu = new Cpu(as);
  cpu.eip = loadElf(as, new Uint8Array(fs.readFileSync(path)));
  const stackTop = 0xc0000000;
  mapRange(as, stackTop - 256 * 1024, 256 * 1024, PROT_R | PROT_W);
  // argc = 0, argv = NULL, envp = NULL, auxv = AT_NULL
  cpu.regs[Reg.ESP] = stackTop - 64;
  setup?.(as);
  let output = '';
  let total = 0;
  for (;;) {
    const reason = cpu.run(budget);
    total += cpu.retired;
    if (reason === StopReason.Budget) {
      if (total >= maxInstructions) return { output, exitCode: -1, instructions: total, error: 'instruction limit', cpu };
      continue;
    }
    if (reason === StopReason.Interrupt && cpu.vector === 0x80) {
      const nr = cpu.regs[Reg.EAX];
      if (nr === 1) return { output, exitCode: cpu.regs[Reg.EBX] & 0xff, instructions: total, cpu };
      if (nr === 4) {
        const data = as.read(cpu.regs[Reg.ECX], cpu.regs[Reg.EDX]);
        if (data === undefined) cpu.regs[Reg.EAX] = -14 >>> 0;
        else {
          output += Buffer.from(data).toString('latin1');
          cpu.regs[Reg.EAX] = data.length;
        }
        continue;
      }
      cpu.regs[Reg.EAX] = -38 >>> 0; // ENOSYS
      continue;
    }
    return {
      output, exitCode: -1, instructions: total, cpu,
      error: `stopped: ${StopReason[reason]} vector ${cpu.vector} error ${cpu.errorCode} cr2 0x${cpu.faultAddress.toString(16)} at eip 0x${cpu.eip.toString(16)}`,
    };
  }
}
