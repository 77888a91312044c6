import { AddressSpace } from '../cpu/address-space';
import type { ElfFile } from '../elf/elf-file';
import { Invocation, InvokeResult, Kobject } from './kobject';
import { taskInvoke } from './task-object';
import { ObjectSpace } from './object-space';
import type { Thread } from './thread';
import { hex32 } from '../util/hex';

/** A protection domain: an address space plus a capability table. */
export class Task extends Kobject {
  readonly kind = 'Task';
  readonly caps = new ObjectSpace();
  readonly threads: Thread[] = [];
  /** Unnamed threads bound to this task so far: the next gets `thread${n + 1}`. */
  threadsNumbered = 0;
  /** The program image this task runs, for symbols and source mapping. */
  image?: { path: string; elf: ElfFile };
  /** Every image a loader announced in this task (a real boot: l4re and its program), for the debugger,
   * which resolves an address by the image that holds it. `image` is the one the task is known by. */
  readonly images: Array<{ path: string; elf: ElfFile }> = [];
  /** The task's UTCB area (virtual address and size); UTCBs are handed out from it. */
  utcbArea = { address: 0, size: 0 };
  /** Kernel-user memory added later with ADD_KU_MEM: more room for UTCBs. */
  readonly kuMem: Array<{ address: number; size: number }> = [];
  /** Sigma0 in a real boot: all RAM 1:1, page faults resolved by the kernel (identity-space.ts). */
  identityMapped = false;
  exited = false;
  exitCode?: number;

  constructor(name: string, readonly as: AddressSpace) {
    super(name);
  }

  /** Whether [address, address + size) lies in the UTCB area or in added kernel-user memory. */
  inKernelUserMemory(address: number, size: number): boolean {
    return [this.utcbArea, ...this.kuMem].some((a) => address >= a.address && address + size <= a.address + a.size);
  }

  override invoke(inv: Invocation): InvokeResult {
    return taskInvoke(this, inv);
  }

  override describe(): Array<{ name: string; value: string }> {
    return [
      { name: 'name', value: this.name },
      { name: 'threads', value: this.threads.map((t) => t.name).join(', ') || '(none)' },
      { name: 'image', value: this.image?.path ?? '(none)' },
      { name: 'utcb area', value: `${hex32(this.utcbArea.address)} (${this.utcbArea.size} bytes)` },
      ...this.kuMem.map((m, i) => ({ name: `ku mem ${i}`, value: `${hex32(m.address)} (${m.size} bytes)` })),
      { name: 'mapped pages', value: String(this.as.mappedPages().length) },
      { name: 'state', value: this.exited ? `exited (${this.exitCode ?? '?'})` : 'alive' },
    ];
  }
}
