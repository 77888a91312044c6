// A kernel with one task and one thread, driven directly through Kernel.syscall (no guest program):
// for table-driven tests of what one system call does.
import { Reg } from '../../emulator/cpu/cpu';
import { Kernel } from '../../emulator/kernel/kernel';
import type { Kobject } from '../../emulator/kernel/kobject';
import type { Task } from '../../emulator/kernel/task';
import type { Thread } from '../../emulator/kernel/thread';
import { CAP_SHIFT, UTCB_BR_OFFSET, encodeTag } from '../../emulator/kernel/abi';

export const UTCB_AREA = 0xb000_0000;

export interface Harness {
  kernel: Kernel;
  task: Task;
  thread: Thread;
}

export function makeHarness(memoryMiB = 8): Harness {
  const kernel = new Kernel({ memoryBytes: memoryMiB * 1024 * 1024, instructionsPerMicrosecond: 100 });
  const task = kernel.createTask('harness');
  task.utcbArea = { address: UTCB_AREA, size: 4096 };
  const thread = kernel.createThread(task, 'main');
  thread.bindUtcb(kernel.allocUtcb(task));
  return { kernel, task, thread };
}

/** Puts `object` into slot `slot` of the harness task with `rights`; returns the selector. */
export function giveCap(h: Harness, slot: number, object: Kobject, rights: number): number {
  h.task.caps.insert(slot, object, rights);
  return (slot << CAP_SHIFT) >>> 0;
}

/** One system call of the harness thread: MRs, BR0, tag, selector | flags. Returns EAX (the result tag). */
export function call(h: Harness, selector: number, flags: number, label: number, mrs: number[], items: number, br0 = 0): number {
  const t = h.thread;
  mrs.forEach((v, i) => t.setMr(i, v));
  t.task.as.writeU32(t.utcb + UTCB_BR_OFFSET, br0);
  const words = mrs.length - 2 * items;
  t.cpu.regs[Reg.EAX] = encodeTag(label, words, items, 0);
  t.cpu.regs[Reg.ECX] = 0;
  t.cpu.regs[Reg.EDX] = (selector | flags) >>> 0;
  t.cpu.regs[Reg.ESI] = 0;
  h.kernel.syscall(t);
  return t.cpu.regs[Reg.EAX];
}

export const tagLabel = (tag: number): number => tag >> 16;
