// Our side of the lockstep fuzzer: a Cpu with the harness's memory map and a case's initial state.
import { AddressSpace, PROT_R, PROT_W, PROT_X } from '../../../emulator/cpu/address-space';
import { Cpu } from '../../../emulator/cpu/cpu';
import { PhysicalMemory } from '../../../emulator/cpu/physical-memory';
import { MM } from '../../../emulator/cpu/simd-state';
import { CODE_BYTES, CODE_VA, DATA_BYTES, DATA_VA, FLAG_MMX_INIT, fillWords, FuzzCase, memoryChecksum, RO_VA, STACK_VA } from './fuzz-case';

/** Register order of the case and the oracle records (eax ecx edx ebx esp ebp esi edi) is Reg order. */
export class FuzzMachine {
  readonly phys = new PhysicalMemory(1024 * 1024);
  readonly as = new AddressSpace(this.phys);
  readonly cpu: Cpu;
  private readonly codePa: number;
  private readonly dataPa: number;
  private readonly stackPa: number;
  private readonly roPa: number;

  constructor() {
    const frames = (n: number): number => {
      const first = this.phys.allocFrame();
      for (let k = 1; k < n; k++) if (this.phys.allocFrame() !== first + k * 4096) throw new Error('frames not contiguous');
      return first;
    };
    this.codePa = frames(2);
    this.roPa = frames(1);
    this.dataPa = frames(2);
    this.stackPa = frames(1);
    this.as.map(CODE_VA, this.codePa, PROT_R | PROT_W | PROT_X);
    this.as.map(CODE_VA + 4096, this.codePa + 4096, PROT_R | PROT_W | PROT_X);
    this.as.map(RO_VA, this.roPa, PROT_R);
    this.as.map(DATA_VA, this.dataPa, PROT_R | PROT_W);
    this.as.map(DATA_VA + 4096, this.dataPa + 4096, PROT_R | PROT_W);
    this.as.map(STACK_VA, this.stackPa, PROT_R | PROT_W);
    this.cpu = new Cpu(this.as);
  }

  /** Loads the case's memory and registers; the CPU's caches see the new code through normal writes. */
  load(c: FuzzCase): void {
    const mem = this.phys.bytes;
    // Same order as harness.c: RO page, data pages, stack page from one xorshift32 stream.
    let s = (c.memSeed | 1) >>> 0;
    const ro = new Uint8Array(4096), data = new Uint8Array(DATA_BYTES), stack = new Uint8Array(4096);
    s = fillWords(s, ro, 1024);
    s = fillWords(s, data, DATA_BYTES / 4);
    fillWords(s, stack, 1024);
    const code = new Uint8Array(CODE_BYTES).fill(0xcc);
    code.set(Buffer.from(c.code, 'hex'), c.codeOff);
    // Through the address space so that the code cache drops stale decodes of the previous case.
    this.as.write(CODE_VA, code);
    mem.set(ro, this.roPa);
    mem.set(data, this.dataPa);
    mem.set(stack, this.stackPa);
    const cpu = this.cpu;
    cpu.regs.set(c.regs.map((v) => v >>> 0));
    cpu.setEflags(c.eflags & ~0x100);
    cpu.eip = CODE_VA + c.codeOff;
    cpu.fpu.reset();
    cpu.simd.reset();
    cpu.fpu.cw = c.fpuCw;
    cpu.simd.mxcsr = c.mxcsr;
    cpu.simd.u8.set(Buffer.from(c.xmm, 'hex'), 0);
    if ((c.flags & FLAG_MMX_INIT) !== 0) {
      cpu.simd.u8.set(Buffer.from(c.mm, 'hex'), MM);
      cpu.fpu.empty.fill(0);
      cpu.fpu.top = 0;
    } else {
      cpu.fpu.top = (8 - c.x87.length) & 7;
      c.x87.forEach((v, k) => {
        const phys = (cpu.fpu.top + k) & 7;
        cpu.fpu.st[phys] = v;
        cpu.fpu.empty[phys] = 0;
      });
    }
  }

  /** The checksum the harness computes over code, data and stack pages. */
  memsum(): number {
    const m = this.phys.bytes;
    return memoryChecksum([m.subarray(this.codePa, this.codePa + CODE_BYTES), m.subarray(this.dataPa, this.dataPa + DATA_BYTES),
      m.subarray(this.stackPa, this.stackPa + 4096)]);
  }

  /** Code, data and stack pages (the layout of the harness's memory dump). */
  memoryImage(): Buffer {
    const m = this.phys.bytes;
    return Buffer.concat([m.subarray(this.codePa, this.codePa + CODE_BYTES), m.subarray(this.dataPa, this.dataPa + DATA_BYTES),
      m.subarray(this.stackPa, this.stackPa + 4096)]);
  }
}
