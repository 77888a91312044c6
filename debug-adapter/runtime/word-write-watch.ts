// What `travel write <address>` watches while it searches backwards: the 32-bit word at an address of one task,
// written by the CPU (a data watch) or by the kernel (an IPC copy into the UTCB, reported by Machine). The
// search re-executes from earlier snapshots, and one taken before the task existed (a program that moe starts
// at run time) re-creates the task as a new object: the watch follows the task's id onto every task object
// that appears, and is taken off all of them, their kernel-access observers put back, when the search ends.
import { Machine, SliceResult } from '../../emulator/machine';
import type { Task } from '../../emulator/kernel/task';
import type { DataWatch } from '../../emulator/cpu/data-watches';

const WORD = 4;

export class WordWriteWatch {
  private readonly armed = new Map<Task, { watch: DataWatch; read: Task['as']['readObserver']; write: Task['as']['writeObserver'] }>();
  private kernelWrote = false;
  private readonly onTask = (task: Task): void => {
    if (task.id === this.taskId) this.armIn(task);
  };

  constructor(private readonly machine: Machine, private readonly taskId: number, private readonly address: number) {
    for (const task of machine.tasks()) this.onTask(task);
    machine.events.on('task-created', this.onTask);
  }

  /** After a slice (undefined: a snapshot's restore): did it write the word? */
  wroteIn(r: SliceResult | undefined): boolean {
    const kernel = this.kernelWrote;
    this.kernelWrote = false;
    if (kernel) return true;
    if (r?.kind !== 'watchpoint' || r.thread.task.id !== this.taskId) return false;
    const hit = Machine.watchHit(r.thread);
    return hit !== undefined && hit.kind === 'write' && this.overlaps(hit.address, hit.length);
  }

  /** Takes the watch off every task it was armed in. */
  dispose(): void {
    this.machine.events.off('task-created', this.onTask);
    for (const [task, a] of this.armed) {
      Machine.removeDataWatch(task, a.watch);
      task.as.readObserver = a.read;
      task.as.writeObserver = a.write;
    }
    this.armed.clear();
  }

  private armIn(task: Task): void {
    if (this.armed.has(task)) return;
    // The data breakpoints' own kernel-access observers of this task are put back afterwards.
    const saved = { read: task.as.readObserver, write: task.as.writeObserver };
    const watch = Machine.addDataWatch(task, this.address, WORD, 'write');
    this.machine.reportKernelAccesses(task, (a) => {
      if (a.write && this.overlaps(a.address, a.length)) this.kernelWrote = true;
    });
    this.armed.set(task, { watch, ...saved });
  }

  private overlaps(address: number, length: number): boolean {
    return address < this.address + WORD && address + length > this.address;
  }
}
