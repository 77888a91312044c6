// The initial stack of a root task that is a program of the user's own (`roottask FILE args` in modules.lst).
//
// The real kernel starts the root task with SP = 0 (moe's crt0 builds its own stack). A program built with our
// SDK's crt0 instead expects a SysV initial stack: argc, argv, envp, auxv. That is the one difference we keep:
// the boot reserves a few pages of physical RAM for the stack, as it does for the image, just below the kernel's
// memory pool (the top of free RAM, far from the images and the modules), writes argc/argv there from the
// module line, and describes the pages in the KIP as the root task's boot memory (Bootloader, RW). So sigma0
// never hands them to anyone else, and maps them 1:1 when the root task first touches them, as it maps the
// image: the stack's virtual addresses are its physical ones. The aux vector is empty: no L4Re environment.

import type { PhysicalMemory } from '../cpu/physical-memory';
import { KERNEL_POOL } from './bootstrap-layout';

/** 64 KiB of stack. A program that needs more runs on below it: sigma0 maps that free RAM 1:1 on its faults. */
export const ROOT_TASK_STACK_BYTES = 0x1_0000;
/** Where the stack lies, physical = virtual (exclusive end). */
export const ROOT_TASK_STACK = { start: KERNEL_POOL.start - ROOT_TASK_STACK_BYTES, end: KERNEL_POOL.start };
/** Memory rights of the stack pages (sigma0's sub-type of a Bootloader descriptor: R=4 W=2 X=1). */
const STACK_RIGHTS_RW = 4 | 2;
/** SysV: the stack pointer is 16-byte aligned at the program's entry. */
const STACK_ALIGN = 16;
const AT_NULL = 0;


export interface RootTaskStack {
  /** The reserved pages, for the KIP's memory descriptors. */
  region: { start: number; end: number; rights: number };
  /** The initial ESP: [esp] = argc, then argv[0..argc-1], 0, envp = 0, auxv = AT_NULL. */
  sp: number;
}

/** Writes argv's strings and the SysV start words at the top of the stack pages; returns the initial ESP. */
export function writeRootTaskStack(phys: PhysicalMemory, argv: readonly string[]): RootTaskStack {
  const { start, end } = ROOT_TASK_STACK;
  phys.bytes.fill(0, start, end);
  let top = end;
  const enc = new TextEncoder();
  const pointers = argv.map((arg) => {
    const b = enc.encode(arg);
    top -= b.length + 1;
    phys.bytes.set(b, top);
    phys.bytes[top + b.length] = 0;
    return top;
  });
  const words = [argv.length, ...pointers, 0, /* envp */ 0, /* auxv */ AT_NULL, 0];
  top = Math.floor((top - 4 * words.length) / STACK_ALIGN) * STACK_ALIGN;
  if (top < start) throw new RangeError(`the root task's arguments do not fit into its ${ROOT_TASK_STACK_BYTES / 1024} KiB initial stack`);
  words.forEach((w, i) => phys.view.setUint32(top + 4 * i, w >>> 0, true));
  phys.notifyWrite(start, end - start);
  return { region: { start, end, rights: STACK_RIGHTS_RW }, sp: top };
}
