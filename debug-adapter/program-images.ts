// Debug information of the program images tasks run, loaded once per ELF file and shared by tasks running it.
// A task may hold several images (a real boot: l4re and the program it loads); an address is resolved in the
// image whose loadable segments hold it.
import { loadElfFile } from '../emulator/elf/elf-file-cache';
import type { Task } from '../emulator/kernel/task';
import { imageHolding, imagesOf, type TaskImage } from '../emulator/kernel/task-images';
import { DebugInfo } from './debug-info/debug-info';
import * as path from 'path';
import { userLevelServersDir } from '../emulator/boot/user-level-servers';
import { roleFiles } from '../emulator/boot/role-resolution';
import type { BootPlan } from '../emulator/boot/boot-config';
import { ElfFile } from '../emulator/elf/elf-file';
import type { BootImages } from './runtime/code-breakpoints';


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

  /**
   * Reads the debug info of the boot's program files (and l4re's, not the other servers') as a job its caller drives, a
   * unit or a line table per `next()`, so that a program's first sight (the entry stop's `main`) finds it read
   * without one long host tick. A file read meanwhile by `load` is not read again; a failure is logged as there.
   */
  *preloadPrograms(plan: BootPlan): Generator<void, void, void> {
    const servers = roleFiles(plan.roles);
    // l4re is in every program's task (the image a task is first seen with): the entry stop reads it too.
    const l4re = new Set(plan.roles.filter((r) => r.role === 'l4re' && r.path).map((r) => path.resolve(r.path!)));
    const files = [...new Set(plan.modules.filter((m) => m.path).map((m) => m.path!))].filter((f) => !servers.has(path.resolve(f)) || l4re.has(path.resolve(f)));
    for (const file of files) {
      if (this.byPath.has(file) || this.failures.has(file)) continue;
      let elf: ElfFile;
      try {
        elf = ElfFile.load(file);
      } catch {
        continue; // a script or data module
      }
      yield;
      let info: DebugInfo;
      try {
        info = yield* DebugInfo.loadSteps(elf, debugRoot(file, this.workspaceRoot));
      } catch (e) {
        if (this.byPath.has(file) || this.failures.has(file)) continue;
        const msg = `${file}: cannot read debug information: ${(e as Error).message}`;
        this.failures.set(file, msg);
        this.log(msg);
        continue;
      }
      if (this.byPath.has(file) || this.failures.has(file)) continue;
      for (const w of info.warnings) this.log(`${file}: ${w}`);
      this.byPath.set(file, info);
      yield;
    }
  }

  all(): DebugInfo[] {
    return [...this.byPath.values()];
  }

  /**
   * The boot's ELF modules (root task, sigma0, every module) as breakpoints see them: the L4Re servers are the
   * files the role names took (sigma0, moe, l4re, ned); everything else is the user's. Debug info is read on
   * first use and shared with the tasks that run the same file.
   */
  bootImages(plan: BootPlan): BootImages {
    const servers = roleFiles(plan.roles);
    const names = new Map<DebugInfo, string>();
    const serverInfos = new Set<DebugInfo>();
    let loaded: DebugInfo[] | undefined;
    const files = [...new Set([plan.roottask, plan.sigma0, ...plan.modules].filter((m) => m.path).map((m) => m.path!))];
    const all = (): DebugInfo[] => {
      if (loaded) return loaded;
      loaded = [];
      for (const file of files) {
        let elf: ElfFile;
        try {
          elf = loadElfFile(file);
        } catch {
          continue; // a script or data module
        }
        const info = this.load({ path: file, elf });
        if (!info) continue;
        loaded.push(info);
        names.set(info, path.basename(file));
        if (servers.has(path.resolve(file))) serverInfos.add(info);
      }
      return loaded;
    };
    return {
      all,
      isServer: (info) => (all(), serverInfos.has(info)),
      fileName: (info) => (all(), names.get(info) ?? this.fileNameOf(info)),
    };
  }

  private fileNameOf(info: DebugInfo): string {
    for (const [p, i] of this.byPath) if (i === info) return path.basename(p);
    return '';
  }
}
