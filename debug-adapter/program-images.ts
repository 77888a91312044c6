// Debug information of the program images tasks run, loaded once per ELF file and shared by tasks running it.
// A task may hold several images (a real boot: l4re and the program it loads); an address is resolved in the
// image whose loadable segments hold it.
import type { Task } from '../emulator/kernel/task';
import type { ElfFile } from '../emulator/elf/elf-file';
import { PT_LOAD } from '../emulator/elf/elf-constants';
import { DebugInfo } from './debug-info/debug-info';
import * as path from 'path';
import { userLevelServersDir } from '../emulator/boot/user-level-servers';

type TaskImage = { path: string; elf: ElfFile };

/**
 * Where an image's relative DWARF paths resolve: our own servers in servers/bin name their sources relative
 * to servers/ (pkg/moe/...), whatever workspace they serve (roles=user-level); everything else, the workspace.
 */
function debugRoot(imagePath: string, workspaceRoot: string): string {
  const bin = userLevelServersDir();
  return bin && path.dirname(path.resolve(imagePath)) === bin ? path.dirname(bin) : workspaceRoot;
}

/** The task's images: the one it is known by first, then every other one a loader announced. */
export function imagesOf(task: Task): TaskImage[] {
  const list = task.image ? [task.image] : [];
  for (const i of task.images ?? []) if (!list.some((l) => l.path === i.path)) list.push(i);
  return list;
}

function holds(elf: ElfFile, address: number): boolean {
  return elf.segments.some((s) => s.type === PT_LOAD && address >= s.vaddr && address - s.vaddr < s.memsz);
}

/** The image of the task whose loadable segments hold `address`, if one does. */
export function imageHolding(task: Task, address: number): TaskImage | undefined {
  return imagesOf(task).find((i) => holds(i.elf, address >>> 0));
}

export class ProgramImages {
  private readonly byPath = new Map<string, DebugInfo>();
  private readonly failures = new Map<string, string>();

  constructor(private readonly workspaceRoot: string, private readonly log: (message: string) => void) {}

  /**
   * The debug info for code of a task: with an address, of the image that holds it (else the task's own
   * image); undefined for native tasks and images without DWARF.
   */
  forTask(task: Task, address?: number): DebugInfo | undefined {
    if (address !== undefined) {
      const holder = this.holding(task, address);
      if (holder) return holder;
    }
    return task.image ? this.load(task.image) : undefined;
  }

  /** The debug info of the image of the task whose segments hold `address`, if one does. */
  holding(task: Task, address: number): DebugInfo | undefined {
    const holder = imageHolding(task, address);
    return holder ? this.load(holder) : undefined;
  }

  /** The debug info of every image of the task that has it (breakpoints bind in each). */
  allForTask(task: Task): DebugInfo[] {
    return imagesOf(task).map((i) => this.load(i)).filter((i): i is DebugInfo => i !== undefined);
  }

  private load(image: TaskImage): DebugInfo | undefined {
    const cached = this.byPath.get(image.path);
    if (cached) return cached;
    if (this.failures.has(image.path)) return undefined;
    try {
      const info = DebugInfo.load(image.elf, debugRoot(image.path, this.workspaceRoot));
      for (const w of info.warnings) this.log(`${image.path}: ${w}`);
      this.byPath.set(image.path, info);
      return info;
    } catch (e) {
      const msg = `${image.path}: cannot read debug information: ${(e as Error).message}`;
      this.failures.set(image.path, msg);
      this.log(msg);
      return undefined;
    }
  }

  all(): DebugInfo[] {
    return [...this.byPath.values()];
  }
}
