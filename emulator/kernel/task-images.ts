// The program images a task runs. A task may hold several (a real boot: l4re and the program it loads, each
// announced by its loader); an address belongs to the image whose loadable segments hold it.
import type { Task } from './task';
import type { ElfFile } from '../elf/elf-file';
import { PT_LOAD } from '../elf/elf-constants';

export type TaskImage = { path: string; elf: ElfFile };

/** The task's images: the one it is known by first, then every other one a loader announced. */
export function imagesOf(task: Task): TaskImage[] {
  const list = task.image ? [task.image] : [];
  for (const i of task.images ?? []) if (!list.some((l) => l.path === i.path)) list.push(i);
  return list;
}

/** Do the ELF file's loadable segments cover this address? */
export function elfHolds(elf: ElfFile, address: number): boolean {
  const a = address >>> 0;
  return elf.segments.some((s) => s.type === PT_LOAD && a >= s.vaddr && a - s.vaddr < s.memsz);
}

/** The image of the task whose loadable segments hold `address`, if one does. */
export function imageHolding(task: Task, address: number): TaskImage | undefined {
  return imagesOf(task).find((i) => elfHolds(i.elf, address));
}
