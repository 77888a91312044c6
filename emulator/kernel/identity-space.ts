import type { KernelServices } from './kernel-services';
import type { Task } from './task';
import { PROT_R, PROT_W, PROT_X } from '../cpu/address-space';
import { PAGE_SIZE } from '../cpu/physical-memory';

/**
 * Sigma0's address space in real Fiasco: all physical memory, virtual = physical. The kernel resolves its page
 * faults itself, and a map item from sigma0 finds every RAM page there, touched or not. We fill the page
 * table lazily. Addresses past the end of RAM (device memory) are not backed: they stay unresolved.
 */
export function identityPage(k: KernelServices, task: Task, va: number): { pa: number; prot: number } | undefined {
  if (!task.identityMapped) return undefined;
  const page = (va & ~(PAGE_SIZE - 1)) >>> 0;
  if (page >= k.phys.sizeBytes) return undefined;
  const have = task.as.lookup(page);
  if (have) return have;
  task.as.map(page, page, PROT_R | PROT_W | PROT_X);
  return task.as.lookup(page);
}

/** identityPage as a page-table entry (0: none), without an object per page (a map item of all of RAM). */
export function identityEntry(k: KernelServices, task: Task, va: number): number {
  if (!task.identityMapped) return 0;
  const page = (va & ~(PAGE_SIZE - 1)) >>> 0;
  if (page >= k.phys.sizeBytes) return 0;
  const have = task.as.entryAt(page);
  if (have !== 0) return have;
  task.as.map(page, page, PROT_R | PROT_W | PROT_X);
  return task.as.entryAt(page);
}
