import { Invocation, InvokeResult, Kobject } from '../kernel/kobject';
import { RmServed, rmInvoke } from './rm-protocol';
import type { Kernel } from '../kernel/kernel';
import type { KernelServices } from '../kernel/kernel-services';
import type { Thread } from '../kernel/thread';
import type { Task } from '../kernel/task';
import type { NativeExceptionHandler, NativePager } from '../kernel/native-server';
import { describeException } from '../kernel/exceptions';
import { PAGE_SIZE } from '../cpu/physical-memory';
import { PROT_W } from '../cpu/address-space';
import { RegionMap } from './region-map';

/**
 * The region manager of one application task (moe's `Rm` role): the task's pager. It resolves page faults
 * inside attached regions by mapping fresh pages filled from the region's backing, and reports every
 * exception as fatal, as L4Re's region manager does for an application without its own handler.
 */
export class RegionManager extends Kobject implements NativePager, NativeExceptionHandler, RmServed {
  readonly kind = 'Moe.Rm';
  readonly map = new RegionMap();

  constructor(readonly task: Task) {
    super(`rm(${task.name})`);
  }

  handlePageFault(kernel: Kernel, thread: Thread, address: number, write: boolean): boolean {
    const region = this.map.find(address);
    if (!region) return false;
    if (write && !(region.prot & PROT_W)) return false;
    const page = address & ~(PAGE_SIZE - 1);
    if (thread.task.as.lookup(page)) return false; // mapped already: a protection fault, not ours to fix
    this.populate(kernel, page, region.prot);
    return true;
  }

  /** Maps the page at `page` now (eager mapping, or a fault). */
  populate(kernel: KernelServices, page: number, prot?: number): void {
    const region = this.map.find(page);
    if (!region) throw new Error(`no region at 0x${page.toString(16)}`);
    if (region.backing.kind === 'dataspace') {
      const b = region.backing;
      this.task.as.map(page, b.ds.frameAt(b.offset + (page - region.start)), (prot ?? region.prot) & b.ds.prot);
      return;
    }
    const pa = kernel.phys.allocFrame();
    RegionMap.fillPage(region, page, kernel.phys.bytes.subarray(pa, pa + PAGE_SIZE));
    kernel.phys.notifyWrite(pa, PAGE_SIZE);
    this.task.as.map(page, pa, prot ?? region.prot);
  }

  override invoke(inv: Invocation): InvokeResult {
    return rmInvoke(this, inv);
  }

  /** The task's last capability to its region manager is gone (the task ended): its dataspaces are let go. */
  override lastCapRemoved(): void {
    this.map.detachAll();
  }

  handleException(kernel: Kernel, thread: Thread, trapno: number, errorCode: number): { fatal: string } {
    void kernel;
    return { fatal: describeException(thread, trapno, errorCode) };
  }

  override describe(): Array<{ name: string; value: string }> {
    return this.map.list().map((r) => ({
      name: r.name,
      value: `0x${r.start.toString(16)}-0x${r.end.toString(16)} ${r.prot & 1 ? 'r' : '-'}${r.prot & 2 ? 'w' : '-'}${r.prot & 4 ? 'x' : '-'} ${r.backing.kind}`,
    }));
  }
}
