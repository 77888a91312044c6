// Data breakpoints (see data-watchpoints.ts for what is watched how): memory watches armed through Machine in
// the task's address space, the kernel's own accesses reported by Machine during a slice, and capability slots
// followed through the kernel's `mapping` and `syscall` events. Each hit passes the watchpoint's condition and
// hit count before it stops.
import { Machine, KernelMemoryAccess } from '../../emulator/machine';
import type { KernelEvents, SyscallEvent } from '../../emulator/kernel/kernel';
import type { Task } from '../../emulator/kernel/task';
import type { Thread } from '../../emulator/kernel/thread';
import { CAP_SHIFT } from '../../emulator/kernel/abi';
import type { ExpressionEnvironment } from '../c-expression';
import { AccessType, accessMatches, cpuWatchKind, decodeDataId, describeHit, describeTarget, overlaps, snapshotOf, Watchpoint } from '../data-watchpoints';
import { describeSyscall } from '../kernel-event-views';
import { decideHit } from '../user-breakpoints';
import type { Stop } from './stop-state';
import type { HitHistory } from './hit-history';

export interface DataBreakpointSpec {
  dataId: string;
  accessType?: AccessType;
  condition?: string;
  hitCondition?: string;
}

export type DataBreakpointResult = { verified: true; id: number; message: string } | { verified: false; message: string };

/** What data breakpoints need of the runtime. */
export interface DataBreakpointHost {
  machine(): Machine | undefined;
  nextId(): number;
  environment(thread: Thread): ExpressionEnvironment;
  hex(): boolean;
  /** The thread whose kernel entry is being handled in the running slice. */
  kernelThread(): Thread | undefined;
  /** Stops right after the current kernel entry (ignored when another stop is already pending). */
  stopAfterKernelEntry(stop: Stop): void;
  hasPendingStop(): boolean;
  /** Hit counts by clock, shared with the code breakpoints: counts follow time travel. */
  hitHistory?: HitHistory;
}

export class DataBreakpoints {
  private watchpoints: Watchpoint[] = [];
  /** Tasks whose kernel accesses Machine reports to us. */
  private readonly observed = new Set<Task>();

  constructor(private readonly host: DataBreakpointHost) {}

  set(specs: DataBreakpointSpec[]): DataBreakpointResult[] {
    this.disarm();
    for (const w of this.watchpoints) this.host.hitHistory?.forget(w.id);
    this.watchpoints = [];
    const results = specs.map((b): DataBreakpointResult => {
      const target = decodeDataId(b.dataId);
      if (!target) return { verified: false, message: `unknown data id "${b.dataId}"` };
      const w: Watchpoint = { id: this.host.nextId(), dataId: b.dataId, target, accessType: b.accessType ?? 'write', condition: b.condition, hitCondition: b.hitCondition, hits: 0 };
      this.watchpoints.push(w);
      const how = target.kind === 'cap' ? 'a change of the slot is a write, invoking it a read' : 'stops after the accessing instruction or kernel entry';
      return { verified: true, id: w.id, message: `${describeTarget(target, this.taskById(target.taskId))} — ${how}` };
    });
    this.arm();
    return results;
  }

  /** A new machine's address spaces: every watchpoint is armed afresh. */
  newMachine(): void {
    for (const w of this.watchpoints) w.armed = w.snapshot = undefined;
    this.observed.clear();
    this.arm();
  }

  /** Arms the watchpoints whose task exists and is not armed yet (at launch, restart and task creation). */
  arm(): void {
    const machine = this.host.machine();
    if (!machine) return;
    for (const w of this.watchpoints) {
      const task = this.taskById(w.target.taskId);
      if (!task) continue;
      if (w.target.kind === 'cap') {
        w.snapshot ??= snapshotOf(w.target, task);
        continue;
      }
      if (w.armed && w.armed.task === task) continue;
      w.armed = { task, watch: Machine.addDataWatch(task, w.target.address, w.target.size, cpuWatchKind(w.accessType)) };
      if (!this.observed.has(task)) {
        this.observed.add(task);
        machine.reportKernelAccesses(task, (a) => this.kernelAccess(a));
      }
    }
  }

  /** Is a capability slot watched for changes? Only then does onMapping need the kernel's mapping events. */
  get watchesSlotChanges(): boolean {
    return this.watchpoints.some((x) => x.target.kind === 'cap' && x.accessType !== 'read');
  }

  /** A capability-slot watchpoint is "written" when the slot changes. */
  onMapping(e: KernelEvents['mapping']): void {
    if (e.kind !== 'cap') return;
    const w = this.watchpoints.find((x) => x.target.kind === 'cap' && x.accessType !== 'read' && x.target.taskId === e.task.id && x.target.slot === e.index);
    if (!w) return;
    const now = snapshotOf(w.target, e.task);
    if (now === w.snapshot) return;
    w.snapshot = now;
    const thread = this.host.kernelThread() ?? e.task.threads[0];
    if (thread && this.passes(w, thread)) {
      this.host.stopAfterKernelEntry({ reason: 'data breakpoint', thread, description: `${describeTarget(w.target, e.task)} changed to ${e.object ?? 'empty'} (system call of ${thread.name})`, hitIds: [w.id] });
    }
  }

  /** A capability-slot watchpoint "reads" the slot when it is invoked. */
  onSyscall(e: SyscallEvent): void {
    const slot = e.dest >>> CAP_SHIFT;
    const w = this.watchpoints.find((x) => x.target.kind === 'cap' && x.accessType !== 'write' && x.target.taskId === e.thread.task.id && x.target.slot === slot);
    if (w && this.passes(w, e.thread)) {
      this.host.stopAfterKernelEntry({ reason: 'data breakpoint', thread: e.thread, description: `capability slot ${slot} invoked (${describeSyscall(e)})`, hitIds: [w.id] });
    }
  }

  /** A CPU watch stopped thread `t` after its accessing instruction: the stop, or undefined to run on. */
  atWatchpoint(t: Thread): Stop | undefined {
    const hit = Machine.watchHit(t);
    const w = hit && this.watchpoints.find((x) => x.armed?.watch === hit.watch);
    if (!hit || !w || !this.passes(w, t)) return undefined;
    return { reason: 'data breakpoint', thread: t, description: describeHit(t, hit, w), hitIds: [w.id] };
  }

  private kernelAccess(a: KernelMemoryAccess): void {
    if (this.host.hasPendingStop()) return;
    const { task, write } = a;
    const w = this.watchpoints.find((x) => x.target.kind === 'memory' && x.target.taskId === task.id && accessMatches(x.accessType, write) && overlaps(a.address, a.length, x.target.address, x.target.size));
    if (!w || w.target.kind !== 'memory') return;
    const thread = this.host.kernelThread() ?? task.threads[0];
    if (!thread || !this.passes(w, thread)) return;
    const bytes = Machine.readMemory(task, w.target.address, Math.min(w.target.size, 4));
    const value = bytes ? ` = 0x${Buffer.from(bytes).reverse().toString('hex')}` : '';
    this.host.stopAfterKernelEntry({ reason: 'data breakpoint', thread, description: `the kernel ${write ? 'wrote' : 'read'} ${describeTarget(w.target, task)}${value} in a kernel entry of ${thread.name}`, hitIds: [w.id] });
  }

  /** Condition and hit count of a watchpoint: does this hit stop? */
  private passes(w: Watchpoint, t: Thread): boolean {
    // The hit is numbered by the clock of the access (its kernel entry, or the instruction after it), once.
    const bp = { id: w.id, kind: 'instruction' as const, verified: true, hits: w.hits, condition: w.condition, hitCondition: w.hitCondition };
    const history = this.host.hitHistory;
    const clock = this.host.machine()?.instructions ?? 0;
    const outcome = decideHit(bp, this.host.environment(t), this.host.hex(), history ? () => history.hit(w.id, clock) : undefined);
    // A hit the hit count passes over is a hit all the same: the next one counts on from it.
    w.hits = bp.hits;
    return outcome.kind !== 'skip';
  }

  private disarm(): void {
    const machine = this.host.machine();
    for (const w of this.watchpoints) {
      if (w.armed) Machine.removeDataWatch(w.armed.task, w.armed.watch);
      w.armed = undefined;
    }
    for (const task of this.observed) machine?.reportKernelAccesses(task, undefined);
    this.observed.clear();
  }

  private taskById(id: number): Task | undefined {
    return this.host.machine()?.tasks().find((t) => t.id === id);
  }
}
