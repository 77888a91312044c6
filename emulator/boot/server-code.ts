// Which code is the L4Re servers' (sigma0, moe, l4re, ned: the files the role names took, ours from
// servers/bin or a real build's) and which is a program's. The debugger's event filters, entry stop and thread
// order and the CLI's fault report ask the same question, so they ask it here.
import { loadElfFile } from '../elf/elf-file-cache';
import * as path from 'path';
import type { Task } from '../kernel/task';
import type { Thread } from '../kernel/thread';
import { syscallCaller } from '../kernel/syscall-caller';
import { ElfFile } from '../elf/elf-file';
import { elfHolds, imageHolding, type TaskImage } from '../kernel/task-images';
import { roleFiles, type RoleChoice } from './role-resolution';

export class ServerCode {
  private readonly files: Set<string>;
  private readonly l4rePath?: string;
  private l4re?: ElfFile | null;

  constructor(roles: readonly RoleChoice[]) {
    this.files = roleFiles(roles);
    const l4re = roles.find((r) => r.role === 'l4re')?.path;
    this.l4rePath = l4re ? path.resolve(l4re) : undefined;
  }

  /** Is this file one of the servers'? */
  isServerFile(file: string): boolean {
    return this.files.has(path.resolve(file));
  }

  /** A task running sigma0, moe or ned. l4re shares every program's task, so it makes no task a server's. */
  isServerTask(task: Task): boolean {
    const file = task.image?.path;
    return file !== undefined && this.isServerFile(file) && path.resolve(file) !== this.l4rePath;
  }

  /**
   * The image whose code the thread runs: the pc's; in the syscall page, which no image holds, that of the
   * code that called it (syscall-caller.ts); else the task's own.
   */
  imageRunning(t: Thread): TaskImage | undefined {
    const here = imageHolding(t.task, t.cpu.eip);
    if (here) return here;
    const caller = syscallCaller(t);
    return (caller !== undefined ? imageHolding(t.task, caller) : undefined) ?? t.task.image;
  }

  /** Does the thread run a server's code now (sigma0, moe, ned, or l4re inside a program's task)? */
  runsServerCode(t: Thread): boolean {
    const image = this.imageRunning(t);
    return image !== undefined && this.isServerFile(image.path);
  }

  /**
   * Does the thread run l4re's code? l4re is linked at one address in every task, so its own file's segments
   * tell, whether or not its loader announced it in this task.
   */
  runsL4re(t: Thread): boolean {
    const elf = this.l4reElf();
    return elf !== null && elfHolds(elf, t.cpu.eip);
  }

  /** Is there an l4re whose code could be recognised? */
  get knowsL4re(): boolean {
    return this.l4reElf() !== null;
  }

  /** l4re's ELF file, read on first use; null when there is none readable. */
  private l4reElf(): ElfFile | null {
    if (this.l4re === undefined) {
      try {
        this.l4re = this.l4rePath ? loadElfFile(this.l4rePath) : null;
      } catch {
        this.l4re = null; // no readable l4re: nothing is recognised as l4re
      }
    }
    return this.l4re;
  }
}
