// Runs the machine in slices with setImmediate between them, so that requests (pause, views, evaluation) are
// served while the guest runs and no guest can hold the host. Stepping drives the machine one instruction of
// one thread at a time, a bounded number per host tick.
import type { Machine, SliceResult } from '../../emulator/machine';
import type { Thread } from '../../emulator/kernel/thread';
import { decodeInvocation } from '../kernel-event-views';
import type { SliceOutcome } from './stop-decisions';
import { atSystemCall, atUserLine, eipOf, espOf, MAX_PARTNER_STEPS, RunMode, StepMode, stepDone } from './stepping';
import type { BreakpointTable } from '../breakpoint-table';
import type { DebugInfo } from '../debug-info/debug-info';
import type { Stop } from './stop-state';
import type { DecodedInvocation } from '../ipc-descriptions';

/** Most instructions of one step (a system call may run other threads until the stepping thread returns). */
const SLICE_INSTRUCTIONS = 200_000;
/**
 * Instructions per Machine.runSlice while running: small enough that a tick can end on time on cold code
 * (a few MIPS); how the run is sliced never changes what the guest does (Machine.runSlice).
 */
const RUN_SLICE_INSTRUCTIONS = 20_000;
/**
 * Host ms one run slice should take. Cold code runs at a few hundred thousand instructions per second (decoding,
 * compiling), so a slice of RUN_SLICE_INSTRUCTIONS could hold the event loop for 50 ms: the next slice's budget
 * follows the last one's speed, between MIN_RUN_SLICE_INSTRUCTIONS and RUN_SLICE_INSTRUCTIONS.
 */
const SLICE_TARGET_MS = 3;
const MIN_RUN_SLICE_INSTRUCTIONS = 1_000;
/** Most single steps per host tick while stepping. */
const STEPS_PER_TICK = 5_000;
/**
 * Host time one tick may use before it yields to the event loop: the inline adapter runs in VS Code's extension
 * host, which must not be held for more than 16 ms at a time.
 */
const TICK_MS = 8;

/** A tick's end in host time (never seen by the guest: emulated time is retired instructions). */
function tickDeadline(): number {
  return performance.now() + TICK_MS;
}

export interface RunLoopHost {
  machine(): Machine | undefined;
  debugInfo(t: Thread): DebugInfo | undefined;
  traps(): BreakpointTable;
  /** The thread a pause stops on when no thread is stepping. */
  pauseThread(): Thread | undefined;
  /** What the end of a slice means. */
  decide(r: SliceResult, mode: RunMode): SliceOutcome;
  /** The loop stopped (the host reports it); `invocation`: a step stopped in front of this system call. */
  stopped(stop: Stop, invocation?: DecodedInvocation): void;
  ended(exitCode: number, reason: string): void;
  crashed(error: Error): void;
  /** After every slice of the running machine (periodic time-travel snapshots). */
  sliceDone?(machine: Machine): void;
  /**
   * Before a tick runs the machine: true when it must stand still for now (a time-travel capture spread over
   * ticks); `resume` is called when it may run again.
   */
  holdBeforeRunning?(machine: Machine, resume: () => void): boolean;
  /** The clock of the next logged input after `clock` (a run after a travel back makes it again there). */
  nextInputAfter?(clock: number): number | undefined;
  /** After a slice that started at clock `from`: makes the logged inputs after it up to now. */
  replayInputs?(machine: Machine, from: number): void;
}

export class RunLoop {
  running = false;
  mode: RunMode = { kind: 'continue' };
  /** The thread whose kernel entry (system call, page fault, exception) the running slice handles. */
  kernelThread?: Thread;
  /** Machine.runSlice calls and instructions run since launch (the `stats` console command). */
  readonly stats = { slices: 0, steps: 0, instructions: 0 };
  private scheduled = false;
  private pauseRequested = false;
  /** Instructions of the next run slice (adapted to the guest code's speed, SLICE_TARGET_MS). */
  private runSliceBudget = RUN_SLICE_INSTRUCTIONS;

  constructor(private readonly host: RunLoopHost) {}

  start(mode: RunMode): void {
    this.mode = mode;
    this.running = true;
    this.pauseRequested = false;
    this.schedule();
  }

  /** Acts at the next host tick, within one slice. */
  pause(): void {
    if (!this.running) return;
    this.pauseRequested = true;
    this.schedule();
  }

  /** The program stopped or ended: nothing runs until the next start. */
  halt(): void {
    this.running = false;
    this.pauseRequested = false;
    this.mode = { kind: 'continue' };
  }

  resetStats(): void {
    this.stats.slices = this.stats.steps = this.stats.instructions = 0;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      try {
        this.runChunk();
      } catch (e) {
        this.running = false;
        this.host.crashed(e as Error);
      }
    });
  }

  private stop(s: Stop, invocation?: DecodedInvocation): void {
    this.halt();
    this.host.stopped(s, invocation);
  }

  /** Handles a slice's end; true when the machine keeps running. */
  private settle(r: SliceResult): boolean {
    const outcome = this.host.decide(r, this.mode);
    if (outcome.kind === 'run') return true;
    if (outcome.kind === 'stop') this.stop(outcome.stop);
    else {
      this.halt();
      this.host.ended(outcome.exitCode, outcome.reason);
    }
    return false;
  }

  private runChunk(): void {
    const machine = this.host.machine();
    if (!machine || !this.running) return;
    if (this.pauseRequested) {
      const t = this.mode.kind !== 'continue' ? this.mode.thread : this.host.pauseThread();
      if (t) return this.stop({ reason: 'pause', thread: t });
    }
    if (this.host.holdBeforeRunning?.(machine, () => this.schedule())) return;
    const mode = this.mode;
    if (mode.kind === 'step' && !mode.overCall) {
      if (mode.thread.state !== 'dead') return this.stepChunk(machine, mode);
      this.mode = { kind: 'continue' };
    }
    if (mode.kind === 'toUserCode') return this.runToUserCode(machine, mode);
    const deadline = tickDeadline();
    do {
      const t0 = performance.now();
      const before = machine.instructions;
      const r = this.runMachine(machine, this.runSliceBudget);
      this.adaptSliceBudget(machine.instructions - before, performance.now() - t0);
      if (r.kind !== 'budget' && !this.settle(r)) return;
      // A step over a call that returned (overCall cleared) goes on instruction by instruction: stepChunk.
    } while (this.mode === mode && !(mode.kind === 'step' && !mode.overCall) && !this.pauseRequested && performance.now() < deadline);
    this.schedule();
  }

  /** The next slice's budget from the last one's speed (grows at most twofold a slice when code warms up). */
  private adaptSliceBudget(instructions: number, ms: number): void {
    if (instructions <= 0) return;
    const fit = Math.floor((instructions / Math.max(ms, 0.01)) * SLICE_TARGET_MS);
    this.runSliceBudget = Math.max(MIN_RUN_SLICE_INSTRUCTIONS, Math.min(RUN_SLICE_INSTRUCTIONS, fit, this.runSliceBudget * 2));
  }

  private stepChunk(machine: Machine, mode: StepMode): void {
    const deadline = tickDeadline();
    for (let i = 0; i < STEPS_PER_TICK && (i % 64 !== 63 || performance.now() < deadline); i++) {
      if (mode.how === 'stepIn' && !mode.skipKernelStop && mode.thread.runnable && atSystemCall(mode.thread)) {
        // Step into a system call: stop in a kernel frame that shows the decoded invocation.
        const invocation = decodeInvocation(mode.thread);
        return this.stop({ reason: 'step', thread: mode.thread, description: invocation.summary }, invocation);
      }
      mode.skipKernelStop = false;
      const before = { eip: eipOf(mode.thread), esp: espOf(mode.thread) };
      const r = this.runMachine(machine, SLICE_INSTRUCTIONS, mode.thread);
      if ((r.kind === 'step' || r.kind === 'watchpoint') && r.thread === mode.thread) {
        // A watch hit whose condition is false still completed the stepping thread's instruction.
        if (r.kind === 'watchpoint' && !this.settle(r)) return;
        if (stepDone(mode, before, this.host.debugInfo(mode.thread), this.host.traps())) return this.stop({ reason: 'step', thread: mode.thread });
        if (mode.overCall) break;
        continue;
      }
      if (!this.settle(r)) return;
      break;
    }
    this.schedule();
  }

  /**
   * Steps the IPC partner one instruction at a time until it stands at the start of a line of its own
   * (non-SDK) source: out of the SDK's l4_ipc_* code that did the receive. Gives up after MAX_PARTNER_STEPS.
   */
  private runToUserCode(machine: Machine, mode: Extract<RunMode, { kind: 'toUserCode' }>): void {
    const t = mode.thread;
    const deadline = tickDeadline();
    for (let i = 0; i < STEPS_PER_TICK && (i % 64 !== 63 || performance.now() < deadline); i++) {
      if (t.state === 'dead' || atUserLine(t, this.host.debugInfo(t)) || mode.steps >= MAX_PARTNER_STEPS) {
        return this.stop({ reason: 'step', thread: t, description: mode.description });
      }
      const r = this.runMachine(machine, SLICE_INSTRUCTIONS, t);
      if ((r.kind === 'step' || r.kind === 'watchpoint') && r.thread === t) {
        if (r.kind === 'watchpoint' && !this.settle(r)) return;
        mode.steps++;
        continue;
      }
      if (!this.settle(r)) return;
      break;
    }
    this.schedule();
  }

  /** Machine.runSlice with the bookkeeping of the kernel thread and the statistics. */
  private runMachine(machine: Machine, budget: number, stepThread?: Thread): SliceResult {
    const before = machine.instructions;
    this.kernelThread = undefined;
    // A logged input ahead (the run was travelled back before it): the slice ends at its clock exactly. The
    // limit is passed however far ahead it is: idle time skipped to a timeout costs the budget one unit only.
    const clockLimit = this.host.nextInputAfter?.(before);
    const opts = stepThread || clockLimit !== undefined ? { stepThread, clockLimit } : undefined;
    try {
      const r = machine.runSlice(clockLimit !== undefined ? Math.min(budget, clockLimit - before) : budget, opts);
      if (clockLimit !== undefined && machine.instructions >= clockLimit) this.host.replayInputs?.(machine, before);
      return r;
    } finally {
      this.kernelThread = undefined;
      if (stepThread) this.stats.steps++;
      else this.stats.slices++;
      this.stats.instructions += machine.instructions - before;
      this.host.sliceDone?.(machine);
    }
  }
}
