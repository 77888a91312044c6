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

/** Fills the identity space's page table for `pages` pages from `va` (those within RAM not mapped yet), as
 * identityPage would page by page: a map item of sigma0's that covers much of RAM. */
export function identityFill(k: KernelServices, task: Task, va: number, pages: number): void {
  if (!task.identityMapped) return;
  const first = (va & ~(PAGE_SIZE - 1)) >>> 0;
  let run = 0;
  for (let i = 0; i <= pages; i++) {
    const page = (first + i * PAGE_SIZE) >>> 0;
    const missing = i < pages && page < k.phys.sizeBytes && task.as.entryAt(page) === 0;
    if (missing) run++;
    else if (run > 0) {
      const start = (first + (i - run) * PAGE_SIZE) >>> 0;
      task.as.mapRange(start, start, run, PROT_R | PROT_W | PROT_X);
      run = 0;
    }
  }
}
