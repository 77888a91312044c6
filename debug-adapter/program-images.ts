// Debug information of the program images tasks run, loaded once per ELF file and shared by tasks running it.
import type { Task } from '../emulator/kernel/task';
import { DebugInfo } from './debug-info/debug-info';
import { ElfImage } from './debug-info/elf-image';
import * as path from 'path';
import { userLevelServersDir } from '../emulator/boot/user-level-servers';

/**
 * Where an image's relative DWARF paths resolve: our own servers in servers/bin name their sources relative
 * to servers/ (pkg/moe/...), whatever workspace they serve (roles=user-level); everything else, the workspace.
 */
function debugRoot(imagePath: string, workspaceRoot: string): string {
  const bin = userLevelServersDir();
  return bin && path.dirname(path.resolve(imagePath)) === bin ? path.dirname(bin) : workspaceRoot;
}

export class ProgramImages {
  private readonly byPath = new Map<string, DebugInfo>();
  private readonly failures = new Map<string, string>();

  constructor(private readonly workspaceRoot: string, private readonly log: (message: string) => void) {}

  /** The debug info of a task's image, or undefined for native tasks (moe, sigma0) and images without DWARF. */
  forTask(task: Task): DebugInfo | undefined {
    const image = task.image;
    if (!image) return undefined;
    const cached = this.byPath.get(image.path);
    if (cached) return cached;
    if (this.failures.has(image.path)) return undefined;
    try {
      const elf: ElfImage = image.elf;
      const info = DebugInfo.load(elf, debugRoot(image.path, this.workspaceRoot));
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
