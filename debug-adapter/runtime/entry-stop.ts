// "stopOnEntry": where the program stops first. With a program that has `main`, at main's first line; with a
// stripped program of a real L4Re build, at its ELF entry; with nothing of the sort, before the first
// instruction of the first user thread.
import { Machine } from '../../emulator/machine';
import { ServerCode } from '../../emulator/boot/server-code';
import { isRealL4ReBoot, realProgramEntries } from '../../emulator/real-l4re/real-boot';
import type { Task } from '../../emulator/kernel/task';
import type { Thread } from '../../emulator/kernel/thread';
import type { BreakpointTable } from '../breakpoint-table';
import type { DebugInfo } from '../debug-info/debug-info';

export class EntryStop {
  /** The entry breakpoint of the program is armed (it is armed once per boot). */
  private armed = false;

  constructor(private readonly enabled: () => boolean) {}

  reset(): void {
    this.armed = false;
  }

  /** Before the machine runs: the thread to stop on at once, when no program can carry an entry breakpoint. */
  initialThread(machine: Machine, userThreads: Thread[]): Thread | undefined {
    if (!this.enabled() || this.armed || isRealL4ReBoot(machine.plan)) return undefined;
    // A program root task on a sigma0 file: the first thread is sigma0's; the program's is the one to stop in.
    const roles = new Set(machine.plan.roles.map((r) => r.path).filter((p) => p !== undefined));
    return userThreads.find((t) => !roles.has(t.task.image!.path)) ?? userThreads[0] ?? machine.threads()[0];
  }

  /** First sight of a task with a program image: arm the entry stop in it if it is the program's. */
  onTask(machine: Machine, task: Task, debugInfo: () => DebugInfo | undefined, table: BreakpointTable): void {
    if (!this.enabled() || this.armed) return;
    // sigma0, moe and ned have a main too: the entry stop is the user's program's. (Asked before the DWARF is
    // read: a server's is not needed here.)
    if (new ServerCode(machine.plan.roles).isServerTask(task)) return;
    const info = debugInfo();
    if (!info) return;
    const space = Machine.codeBreakpoints(task);
    const main = info.functionByName('main');
    if (main) {
      table.add(space, info.breakpointAddress(main), { kind: 'entry' });
      this.armed = true;
    } else if (isRealProgram(machine, task)) {
      // A stripped program of a real build: stop at its ELF entry point.
      table.add(space, task.image!.elf.entry, { kind: 'entry' });
      this.armed = true;
    } else if (isRealL4ReBoot(machine.plan) && machine.plan.roles.some((r) => r.role === 'l4re' && r.path === task.image!.path)) {
      // A task that holds l4re, whose program nobody announced (ned gives its programs no debugger
      // capability, so l4re cannot name them): the entry points of the entry's program modules.
      for (const entry of realProgramEntries(machine.plan)) table.add(space, entry, { kind: 'entry' });
    }
  }

  /**
   * A real loader (moe, ned, l4re) named the program in a task: drop the guessed entry points armed while only
   * l4re was known there.
   */
  onProgramNamed(task: Task, table: BreakpointTable): void {
    const space = Machine.codeBreakpoints(task);
    if (!this.armed) table.removeWhere((r, s) => r.kind === 'entry' && s === space);
  }
}

/** In a real L4Re boot: a task running a program, not one of the real roles (sigma0, moe, l4re, ned). */
function isRealProgram(machine: Machine, task: Task): boolean {
  const plan = machine.plan;
  if (!task.image || !isRealL4ReBoot(plan)) return false;
  return !plan.roles.some((r) => r.path === task.image!.path);
}
