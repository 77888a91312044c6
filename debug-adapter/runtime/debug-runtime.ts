// DebugRuntime: the debugger without the Debug Adapter Protocol. It boots a configuration into a Machine, runs
// and steps it (run-loop.ts, stepping.ts), keeps the breakpoints of every kind (code-breakpoints.ts,
// data-breakpoints.ts, entry-stop.ts) and the kernel-event filters (event-filters.ts), decides at every slice's
// end whether and why to stop (stop-decisions.ts) and keeps that answer in one place (stop-state.ts). It tells
// its user what happened through typed events. The DAP session (fiasco-debug-session.ts) only translates.
import * as path from 'path';
import { describeRoles } from '../../emulator/boot/role-resolution';
import { ServerCode } from '../../emulator/boot/server-code';
import type { RolePolicy } from '../../emulator/boot/role-resolution';
import { Reg } from '../../emulator/cpu/cpu-enums';
import { Machine, RegisterName, SliceResult } from '../../emulator/machine';
import type { KernelEvents } from '../../emulator/kernel/kernel-events';
import type { Task } from '../../emulator/kernel/task';
import { Thread } from '../../emulator/kernel/thread';
import { IpcGate } from '../../emulator/kernel/ipc-gate';
import { ICU_LINES } from '../../emulator/kernel/icu';
import { TypedEmitter } from '../../emulator/util/typed-emitter';
import type { ExpressionEnvironment } from '../c-expression';
import type { DebugInfo } from '../debug-info/debug-info';
import { StackFrameInfo, Unwinder } from '../debug-info/unwinder';
import type { DecodedInvocation } from '../ipc-descriptions';
import { describeIpc } from '../kernel-event-views';
import { ProgramImages } from '../program-images';
import type { BootPlan } from '../../emulator/boot/boot-config';
import type { BootImages } from './code-breakpoints';
import type { UserBreakpoint } from '../user-breakpoints';
import { CodeBreakpoints, FunctionBreakpointSpec, InstructionBreakpointSpec, LineBreakpointSpec } from './code-breakpoints';
import { DataBreakpointResult, DataBreakpoints, DataBreakpointSpec } from './data-breakpoints';
import { EntryStop } from './entry-stop';
import { EventFilterRequest, EventFilterResult, EventFilters } from './event-filters';
import { frameEnvironment } from './expression-environment';
import { IpcTrace } from './ipc-trace';
import { ReceivedMessages } from './received-messages';
import { RunLoop } from './run-loop';
import { afterSlice } from './stop-decisions';
import { eipOf, RunMode, stepFrom } from './stepping';
import { TimeTravel } from './time-travel';
import { HitHistory } from './hit-history';
import { reverseStepSearch } from './reverse-step';
import { CausalLog } from './causal-log';
import { Recording, saveRecording } from '../../emulator/time-travel/recording';
import { Stop, StopState } from './stop-state';
import { sysenterReturn } from './syscall-return-frame';
import { WordWriteWatch } from './word-write-watch';
import { PageFaultLog } from './page-fault-log';

export interface RuntimeOptions {
  modulesList: string;
  entry?: string;
  searchPath?: string[];
  roles?: RolePolicy;
  stopOnEntry: boolean;
  /** Stop at every IPC of a user thread, as if the 'ipc' filter were on. */
  breakOnIpc: boolean;
  /** Let the event filters stop in the L4Re servers' code too (default: only in the user's programs). */
  stopInServers?: boolean;
}

export interface RuntimeEvents {
  /** The program stopped; `stop` is also `runtime.currentStop` until it resumes. */
  stopped: Stop;
  /** The program runs again (continue, a step, pause released). */
  continued: undefined;
  /** The debugger's own messages: roles, debug-info warnings, logpoints, broken conditions. */
  output: { text: string; category: 'console' | 'stderr' };
  /** What a program wrote. */
  'program-output': { task: Task; text: string };
  /** A breakpoint became verified later than it was set. */
  'breakpoint-changed': UserBreakpoint;
  /** The boot ended: every task exited, or every thread is blocked for good. */
  exited: { exitCode: number; reason: string };
  /** The emulator threw: the run is over. */
  crashed: { error: Error };
}

/** Host time a travel re-executes before it lets requests (Pause) in. */
const TRAVEL_TICK_MS = 15;
/** Host time the program's DWARF is read ahead per tick (the extension host must not be held 16 ms). */
const PRELOAD_TICK_MS = 6;

export class DebugRuntime {
  readonly events = new TypedEmitter<RuntimeEvents>();
  readonly stops = new StopState();
  readonly received = new ReceivedMessages();
  /** The recent page faults (`pf`), in clock order across time travel. */
  readonly pageFaults = new PageFaultLog();
  /**
   * Snapshots and reverse execution (stepBack, reverseContinue, go to a clock); captures are spread over host
   * ticks, and the run loop waits for them (holdBeforeRunning).
   */
  readonly travel = new TimeTravel(undefined, true);
  /** Who sent what each thread received, and when (go to the send, go to the call). */
  readonly causes = new CausalLog();
  /** Breakpoint hit counts by clock: a travel back and a re-run count the same hits the same way. */
  private readonly hits = new HitHistory();
  /** Named positions (clock values) of this run. */
  readonly bookmarks = new Map<string, number>();
  /** What the IPC sequence chart shows: recorded from each boot on (sequence-chart-requests.ts serves it). */
  readonly ipcTrace = new IpcTrace();
  /** Print every IPC to the console (the `ipclog` command). */
  ipcLog = false;
  /** Hex or decimal for the values the debugger shows (the `hex` console command). */
  hex = true;
  private booted?: Machine;
  private images?: ProgramImages;
  /** The boot's ELF files, programs and servers: where line and function breakpoints bind. */
  private bootImages?: BootImages;
  /** Which code of this boot is the L4Re servers'. */
  private serverCode?: ServerCode;
  private options?: RuntimeOptions;
  private ended = false;
  /** A travel under way (stepBack, reverseContinue, reverseToWrite): its replay job. */
  private travelling?: { steps: Generator<void, number | undefined, void>; thread?: Thread; finish: (found: number | undefined) => void; cleanup?: () => void; pause: boolean };
  /** The thread named by the last pause request, reported as the pause stop's thread while it lives. */
  private pauseFocus?: Thread;
  private nextBreakpointId = 1;
  private readonly ebpUnwinder = new Unwinder(undefined, () => undefined);
  private readonly loop: RunLoop;
  private readonly breakpoints: CodeBreakpoints;
  private readonly data: DataBreakpoints;
  private readonly filters: EventFilters;
  private readonly entry = new EntryStop(() => this.options?.stopOnEntry ?? false);

  constructor() {
    this.travel.addCompanion(this.ipcTrace);
    const nextId = () => this.nextBreakpointId++;
    this.breakpoints = new CodeBreakpoints(nextId, (task) => this.images?.allForTask(task) ?? [], (bp) => this.events.emit('breakpoint-changed', bp), () => this.bootImages, this.hits);
    this.filters = new EventFilters((m) => this.message(m, 'stderr'), (t) => this.filtersStopIn(t));
    this.data = new DataBreakpoints({
      machine: () => this.machine,
      nextId,
      environment: (t) => this.environment(t),
      hex: () => this.hex,
      kernelThread: () => this.loop.kernelThread,
      stopAfterKernelEntry: (s) => this.stopAfterKernelEntry(s),
      hasPendingStop: () => this.stops.hasPending,
      hitHistory: this.hits,
    });
    this.loop = new RunLoop({
      machine: () => this.machine,
      debugInfo: (t) => this.debugInfoAt(t),
      traps: () => this.breakpoints.table,
      pauseThread: () => this.pausedThread(),
      decide: (r: SliceResult, mode: RunMode) => afterSlice(r, mode, {
        stops: this.stops, breakpoints: this.breakpoints, data: this.data,
        environment: (t) => this.environment(t), debugInfo: (t) => this.debugInfoAt(t), message: (text, category) => this.message(text, category),
        isServerCode: (t) => this.serverCode?.runsServerCode(t) ?? false,
        clock: () => this.machine?.instructions ?? 0,
      }),
      stopped: (s, invocation) => this.reportStop(s, invocation),
      ended: (exitCode, reason) => {
        this.ended = true;
        this.ipcTrace.flush();
        this.events.emit('exited', { exitCode, reason });
      },
      crashed: (error) => {
        this.ended = true;
        this.ipcTrace.flush();
        this.events.emit('crashed', { error });
      },
      sliceDone: (machine) => this.travel.afterSlice(machine),
      holdBeforeRunning: (machine, resume) => this.travel.holdRun(machine, resume),
      nextInputAfter: (clock) => this.travel.nextInputAfter(clock),
      replayInputs: (machine, from) => this.travel.replayInputs(machine, from),
    });
  }

  // ---- lifecycle -------------------------------------------------------------------------------------------

  /** Boots the configuration; returns an error message, or undefined when the machine is ready to start. */
  launch(options: RuntimeOptions): string | undefined {
    this.options = options;
    return this.boot(options);
  }

  /** After launch or restart: stop on entry or run. */
  start(): void {
    const machine = this.machine;
    if (machine) this.travel.atStart(machine);
    const t = machine && this.entry.initialThread(machine, this.userThreads());
    if (t) this.reportStop({ reason: 'entry', thread: t });
    else this.resume({ kind: 'continue' });
  }

  /** Boots the same configuration again; breakpoints stay, their hit counts start over. */
  restart(): string | undefined {
    if (!this.options) return 'restart: nothing was launched';
    this.abandonTravel('quiet');
    this.loop.halt();
    this.stops.resumed();
    return this.boot(this.options);
  }

  /** Stops running for good (disconnect, terminate); true when the run had not ended before. */
  end(): boolean {
    this.abandonTravel('quiet');
    this.travel.resumed(); // no capture of a stop after the end
    this.loop.halt();
    const wasRunning = !this.ended;
    this.ended = true;
    return wasRunning;
  }

  /** The booted machine (a new one at each restart). */
  get machine(): Machine | undefined {
    return this.booted;
  }

  /** The program runs, or a travel re-executes it. */
  get isRunning(): boolean {
    return this.loop.running || this.travelling !== undefined;
  }

  /** The boot is over (every task exited, the emulator failed, or the session ended it). */
  get hasEnded(): boolean {
    return this.ended;
  }

  get stats(): { slices: number; steps: number; instructions: number } {
    return { ...this.loop.stats };
  }

  private boot(options: RuntimeOptions): string | undefined {
    let machine: Machine;
    try {
      machine = Machine.boot({ modulesList: options.modulesList, entry: options.entry, searchPath: options.searchPath, roles: options.roles });
    } catch (e) {
      return `cannot boot ${options.modulesList}${options.entry ? ` entry "${options.entry}"` : ''}: ${(e as Error).message}`;
    }
    this.booted = machine;
    this.breakpoints.newMachine();
    this.entry.reset();
    this.ended = false;
    this.stops.kernelFrame = undefined;
    this.pageFaults.clear();
    this.images = new ProgramImages(machine.plan.workspaceRoot, (m) => this.message(m, 'console'));
    this.bootImages = this.images.bootImages(machine.plan);
    // The entry stop reads the program's DWARF at its first sight: read ahead, in pieces between the run's ticks.
    if (options.stopOnEntry) this.preloadDebugInfo(this.images, machine.plan);
    this.serverCode = new ServerCode(machine.plan.roles);
    this.listen(machine);
    if (machine.plan.roles.length) this.message(`roles: ${describeRoles(machine.plan.roles)}`, 'console');
    for (const task of machine.tasks()) this.discoverTask(task);
    this.loop.resetStats();
    this.data.newMachine();
    this.followMappings();
    this.travel.newMachine(machine);
    this.causes.clear();
    this.bookmarks.clear();
    this.hits.clear();
    return undefined;
  }

  /** Reads the boot's program DWARF ahead, ≤ PRELOAD_TICK_MS per host tick, until done or the boot is replaced. */
  private preloadDebugInfo(images: ProgramImages, plan: BootPlan): void {
    const steps = images.preloadPrograms(plan);
    const tick = (): void => {
      if (this.images !== images) return;
      const until = performance.now() + PRELOAD_TICK_MS;
      try {
        while (!steps.next().done) if (performance.now() >= until) return void setImmediate(tick);
      } catch (e) {
        this.message(`reading debug information ahead: ${(e as Error).message}`, 'console');
      }
    };
    setImmediate(tick);
  }

  // ---- running ---------------------------------------------------------------------------------------------

  continue(): void {
    this.resume({ kind: 'continue' });
  }

  /** Pauses the run (or a travel); `thread`, the one the user paused, is the stop's thread while it lives. */
  pause(thread?: Thread): void {
    this.pauseFocus = thread;
    if (this.travelling) this.travelling.pause = true;
    else this.loop.pause();
  }

  /** The thread the pause request named, if it still lives (once: the next pause names its own). */
  private askedPauseThread(): Thread | undefined {
    const t = this.pauseFocus && this.liveThread(this.pauseFocus);
    this.pauseFocus = undefined;
    return t && t.state !== 'dead' ? t : undefined;
  }

  /** The thread a pause reports: the one asked for, else a runnable thread in program code, else any. */
  private pausedThread(): Thread | undefined {
    const asked = this.askedPauseThread();
    return asked ?? this.userThreads().find((x) => x.runnable) ?? this.userThreads()[0] ?? this.machine?.threads()[0];
  }

  /** A source-line (or, with `instruction`, one-instruction) step over or into calls. */
  step(t: Thread, how: 'next' | 'stepIn', instruction: boolean): void {
    this.resume(stepFrom(t, how, instruction, this.debugInfoAt(t), this.stops.kernelFrame?.thread === t));
  }

  /** Runs until the current function returns to its caller (out of a kernel frame: the system call runs). */
  stepOut(t: Thread, instruction: boolean): void {
    if (this.stops.kernelFrame?.thread === t) return this.step(t, 'next', true);
    const frames = this.unwind(t, 2);
    const caller = frames[1];
    if (!caller || frames[0].cfa === undefined) return this.step(t, 'next', instruction);
    this.breakpoints.table.add(Machine.codeBreakpoints(t.task), caller.pc, { kind: 'temp', threadId: t.id, tag: 'step-out' });
    this.resume({ kind: 'stepOut', thread: t, address: caller.pc, cfa: frames[0].cfa });
  }

  /**
   * Step into IPC partner: the receiver of the message `t` is stopped on when the kernel already delivered it (an
   * IPC stop right after the send), else of the next message `t` sends; the receiver is stepped to its own code.
   */
  followIpc(t: Thread): void {
    // Stopped right after the kernel entry that delivered t's message: the partner already holds it.
    const receiver = this.stops.current?.thread === t ? this.stops.current.deliveredTo : undefined;
    if (receiver && receiver.state !== 'dead') return this.resume(partnerMode(receiver, t));
    this.resume({ kind: 'follow', thread: t });
  }

  /** Why a stopped thread cannot move to `address`, or undefined when it can. */
  gotoProblem(t: Thread, address: number): string | undefined {
    if (this.loop.running) return 'goto needs the program to be stopped';
    const info = this.debugInfoAt(t);
    if (info && info.functionAt(address) !== info.functionAt(eipOf(t))) return 'goto can only move within the current function (the stack frame would not fit)';
    return undefined;
  }

  /** Moves a stopped thread (see gotoProblem) and reports it stopped there. */
  goto(t: Thread, address: number): void {
    Machine.jump(t, address);
    this.stateWritten();
    this.reportStop({ reason: 'goto', thread: t });
  }

  // ---- time travel -----------------------------------------------------------------------------------------

  /** Saves the run up to now as a recording file (boot, module hashes, the debugger's inputs, bookmarks). */
  saveRecording(file: string): Recording {
    const m = this.machine;
    const o = this.options;
    if (!m || !o) throw new Error('travel save: the program is not running');
    return saveRecording(file, m, { modulesList: o.modulesList, entry: o.entry, searchPath: o.searchPath, roles: o.roles }, this.travel.inputs.entries, this.bookmarks);
  }

  /** Why the run cannot travel now (running, nothing launched, uncapturable state), or undefined. */
  travelProblem(): string | undefined {
    if (!this.machine) return 'time travel: the program is not running';
    if (this.isRunning) return 'time travel needs the program to be stopped';
    return this.travel.problem;
  }

  /** The debugger wrote registers or memory (or moved a thread): the recorded future no longer holds. */
  stateWritten(): void {
    if (!this.machine) return;
    this.travel.inputChanged(this.machine);
    this.hits.dropAfter(this.machine.instructions);
    this.causes.dropAfter(this.machine.instructions);
    this.ipcTrace.dropFuture();
    this.pageFaults.dropAfter(this.machine.kernel.clock);
  }

  /**
   * The host raises ICU interrupt line `line` now, as a device would: logged as an input (a run after a travel
   * back raises it again at this clock, and a recording replays it). Returns what happened.
   */
  raiseIrq(line: number): string {
    const m = this.machine;
    if (!m) throw new Error('irq: the program is not running');
    if (this.travelling) throw new Error('irq: a travel is under way; raise the line when it has stopped');
    if (this.ended) throw new Error('irq: the run has ended');
    if (!Number.isInteger(line) || line < 0 || line >= ICU_LINES) throw new Error(`irq: the interrupt controller has lines 0 to ${ICU_LINES - 1}`);
    if (!m.raiseIrq(line)) return `ICU line ${line}: no IRQ is bound to it, nothing raised`;
    this.travel.irqRaised(m, line);
    this.hits.dropAfter(m.instructions);
    this.causes.dropAfter(m.instructions);
    this.ipcTrace.dropFuture();
    this.pageFaults.dropAfter(m.kernel.clock);
    return `raised ICU line ${line} at instruction ${m.instructions}`;
  }

  /**
   * Steps `t` back: to just after its previous instruction, or (by line) to the start of the previous source
   * line it executed in this function or a caller. Reports a stop; false with a message when it cannot.
   */
  stepBack(t: Thread, instruction: boolean): string | undefined {
    const m = this.machine;
    if (!m || this.isRunning) return 'step back needs the program to be stopped';
    const problem = this.travel.problem;
    if (problem) return problem;
    this.startTravel(this.travel.searchBackSteps(m, t, reverseStepSearch(m, t, instruction, this.images?.forTask(t.task))), t, (found) => {
      this.reportTravelStop({ reason: 'step', thread: t, description: found === undefined ? 'nothing earlier: at the start of the recording' : `stepped back to instruction ${m.instructions}` });
    });
    return undefined;
  }

  /** Runs backwards to the previous stop a breakpoint, data breakpoint or event filter would make. */
  reverseContinue(fallback: Thread | undefined): string | undefined {
    const m = this.machine;
    if (!m || this.isRunning) return 'reverse continue needs the program to be stopped';
    const problem = this.travel.problem;
    if (problem) return problem;
    let last: Stop | undefined;
    const lastHits = new Map<number, Stop>();
    const steps = this.travel.searchBackSteps(m, undefined, { observe: (r) => {
      if (!r || r.kind === 'budget' || r.kind === 'step' || r.kind === 'ended') return false;
      const outcome = afterSlice(r, { kind: 'continue' }, {
        stops: this.stops, breakpoints: this.breakpoints, data: this.data,
        environment: (t) => this.environment(t), debugInfo: (t) => this.images?.forTask(t.task), message: () => undefined,
        isServerCode: (t) => this.serverCode?.runsServerCode(t) ?? false,
        clock: () => this.machine?.instructions ?? 0,
      });
      if (outcome.kind !== 'stop' || outcome.stop.reason === 'entry') return false;
      last = outcome.stop;
      lastHits.set(m.instructions, outcome.stop);
      return true;
    } });
    this.startTravel(steps, fallback, (found) => {
      const stop = found !== undefined ? lastHits.get(found) ?? last : undefined;
      if (stop) {
        const live = this.liveThread(stop.thread);
        if (live && stop.reason === 'breakpoint') live.atBreakpoint = true; // as when the run first stopped there
        this.reportTravelStop(stop);
      } else {
        const t = fallback ?? this.userThreads()[0];
        if (t) this.reportTravelStop({ reason: 'step', thread: t, description: 'no earlier stop: at the start of the recording' });
      }
    });
    return undefined;
  }

  /**
   * Travels back to just after the last change of a register of `t` (re-executing it instruction by
   * instruction) or of the 32-bit word at `address` in `t`'s task (CPU stores through a write watch, kernel
   * copies into the UTCB through the kernel-access report).
   */
  reverseToWrite(t: Thread, what: { register: RegisterName } | { address: number }): string | undefined {
    const m = this.machine;
    const problem = this.travelProblem();
    if (problem || !m) return problem;
    let steps: Generator<void, number | undefined, void>;
    let watch: WordWriteWatch | undefined;
    if ('register' in what) {
      let before = 0;
      steps = this.travel.searchBackSteps(m, t, {
        observe: (r) => {
          const now = m.thread(t.id) ?? t; // re-created by a stretch from before its creation: look it up
          const v = Machine.readRegister(now, what.register);
          const changed = r !== undefined && r.kind === 'step' && r.thread === now && v !== before;
          before = v;
          return changed;
        },
      });
    } else {
      // The watch marks the page tables: a capture under way must not see them (finished first, at once).
      this.travel.finishCapture();
      const w = watch = new WordWriteWatch(m, t.task.id, what.address);
      steps = this.travel.searchBackSteps(m, undefined, { observe: (r) => w.wroteIn(r) });
    }
    this.startTravel(steps, t, (found) => {
      this.reportTravelStop({ reason: 'step', thread: t, description: found === undefined ? 'no earlier write in the recording' : `last write, at instruction ${m.instructions}` });
    }, () => watch?.dispose());
    return undefined;
  }

  /** Travels to emulated clock `clock` (instruction count); stops on `t`. */
  goToClock(clock: number, t: Thread | undefined): string | undefined {
    const m = this.machine;
    if (!m || this.isRunning) return 'travel needs the program to be stopped';
    const problem = this.travel.problem;
    if (problem) return problem;
    const until = this.travel.recordedUntil;
    if (until !== undefined && clock > Math.max(until, m.instructions)) return `instruction ${clock} is beyond the recording (it ends at ${Math.max(until, m.instructions)}): run there instead`;
    const reached = this.travel.goTo(m, clock);
    if (reached === undefined) return `cannot travel to instruction ${clock}`;
    this.afterTravel();
    const live = t && this.liveThread(t);
    const thread = live && live.state !== 'dead' ? live : this.userThreads()[0];
    if (thread) this.reportTravelStop({ reason: 'goto', thread, description: `instruction ${m.instructions}` });
    return undefined;
  }

  /**
   * The machine's thread with `t`'s id now. A travel restores a snapshot and re-executes: a thread created after
   * that snapshot (every program thread, under user-level roles moe starts them at run time) is created anew as
   * another object, and the one the debugger held no longer runs.
   */
  private liveThread(t: Thread): Thread | undefined {
    return this.machine?.thread(t.id);
  }

  /** Reports the stop a travel landed on, with the machine's own thread objects. */
  private reportTravelStop(s: Stop): void {
    const thread = this.liveThread(s.thread) ?? s.thread;
    const deliveredTo = s.deliveredTo && (this.liveThread(s.deliveredTo) ?? s.deliveredTo);
    this.reportStop({ ...s, thread, deliveredTo });
  }

  /** State the debugger keeps about the run that a travel made stale. */
  /**
   * Runs a travel (a backward search and its landing) a few replay slices per host tick, so requests are served
   * meanwhile and Pause acts at once: it abandons the search where it is, a position of the run as it was.
   */
  private startTravel(steps: Generator<void, number | undefined, void>, thread: Thread | undefined, finish: (found: number | undefined) => void, cleanup?: () => void): void {
    this.travel.resumed();
    this.afterTravel();
    this.travelling = { steps, thread, finish, cleanup, pause: false };
    this.scheduleTravel();
  }

  private scheduleTravel(): void {
    setImmediate(() => this.travelChunk());
  }

  private travelChunk(): void {
    const job = this.travelling;
    if (!job) return;
    // Host time decides only when to let requests in; the replay's slices are the same whatever it says.
    const until = performance.now() + TRAVEL_TICK_MS;
    try {
      for (;;) {
        if (job.pause) return this.abandonTravel('pause');
        const r = job.steps.next();
        if (r.done) {
          this.travelling = undefined;
          job.cleanup?.();
          this.afterTravel();
          job.finish(r.value);
          return;
        }
        if (performance.now() >= until) break;
      }
    } catch (e) {
      this.travelling = undefined;
      job.cleanup?.();
      this.ended = true;
      this.events.emit('crashed', { error: e as Error });
      return;
    }
    this.scheduleTravel();
  }

  /** Ends a travel where it stands; with 'pause', reports the stop there. */
  private abandonTravel(why: 'pause' | 'quiet'): void {
    const job = this.travelling;
    if (!job) return;
    this.travelling = undefined;
    job.steps.return(undefined);
    job.cleanup?.();
    if (why !== 'pause' || !this.machine) return;
    this.afterTravel();
    const asked = this.askedPauseThread();
    const t = asked ?? (job.thread && this.liveThread(job.thread)) ?? this.userThreads()[0];
    if (t) this.reportTravelStop({ reason: 'pause', thread: t, description: `travel paused at instruction ${this.machine.instructions}` });
  }

  private afterTravel(): void {
    this.stops.resumed();
    this.stops.kernelFrame = undefined;
    this.events.emit('continued', undefined);
  }

  private resume(mode: RunMode): void {
    if (!this.machine || this.ended) return;
    this.abandonTravel('quiet');
    this.stops.resumed();
    this.travel.resumed();
    this.events.emit('continued', undefined);
    this.loop.start(mode);
  }

  private reportStop(s: Stop, invocation?: DecodedInvocation): void {
    this.loop.halt();
    if (this.machine) this.travel.atStop(this.machine);
    this.stops.stopped(s);
    if (invocation) this.stops.kernelFrame = { thread: s.thread, invocation };
    this.breakpoints.table.removeWhere((r) => r.kind === 'temp' && (r.tag === 'over-call' || r.tag === 'step-out'));
    this.ipcTrace.flush();
    this.events.emit('stopped', s);
  }

  /** Stops right after the current kernel entry, on `stop.thread` (from a kernel-event listener). */
  private stopAfterKernelEntry(stop: Stop | undefined): void {
    if (!stop || !this.machine || !(this.loop.running || this.travel.searching)) return;
    this.stops.requestAfterKernelEntry(this.machine, stop);
  }

  // ---- breakpoints -----------------------------------------------------------------------------------------

  setLineBreakpoints(file: string, specs: LineBreakpointSpec[]): UserBreakpoint[] {
    return this.breakpoints.setLineBreakpoints(file, specs);
  }

  setFunctionBreakpoints(specs: FunctionBreakpointSpec[]): UserBreakpoint[] {
    return this.breakpoints.setFunctionBreakpoints(specs);
  }

  setInstructionBreakpoints(specs: InstructionBreakpointSpec[]): UserBreakpoint[] {
    return this.breakpoints.setInstructionBreakpoints(specs);
  }

  setDataBreakpoints(specs: DataBreakpointSpec[]): DataBreakpointResult[] {
    const results = this.data.set(specs);
    // Watches are marks in the page tables, which a capture under way may have read already.
    this.travel.restartCapture();
    this.followMappings();
    return results;
  }

  /** The machine the mapping listener is on, and the listener. */
  private mappingListener?: { machine: Machine; listener: (e: KernelEvents['mapping']) => void };

  /**
   * Listens to the kernel's mapping events only while a watchpoint on a capability slot needs them: nothing
   * else here reads them, and a boot maps ~60,000 pages (sigma0 hands moe all of RAM page by page), which the
   * kernel builds no event for when nobody listens (Kernel.observesMappings).
   */
  private followMappings(): void {
    const want = this.data.watchesSlotChanges ? this.machine : undefined;
    if (this.mappingListener?.machine === want) return;
    if (this.mappingListener) this.mappingListener.machine.events.off('mapping', this.mappingListener.listener);
    this.mappingListener = undefined;
    if (!want) return;
    const listener = (e: KernelEvents['mapping']): void => {
      if (this.machine === want) this.data.onMapping(e);
    };
    want.events.on('mapping', listener);
    this.mappingListener = { machine: want, listener };
  }

  setEventFilters(requests: EventFilterRequest[]): EventFilterResult[] {
    return this.filters.set(requests);
  }

  /** Tasks seen with a program image (breakpoints are armed in them). */
  programTasks(): Task[] {
    return [...this.breakpoints.knownTasks];
  }

  // ---- inspection ------------------------------------------------------------------------------------------

  get currentStop(): Stop | undefined {
    return this.stops.current;
  }

  /**
   * Threads of tasks that run an image, the user's programs first (their main threads before l4re's), then
   * the L4Re servers': where a request without a thread (evaluate, pause) looks first.
   */
  userThreads(): Thread[] {
    const live = (this.machine?.threads() ?? []).filter((t) => t.task.image && t.state !== 'dead');
    const rank = (t: Thread): number => (this.isServerTask(t.task) ? 2 : this.runsProgramCode(t) ? 0 : 1);
    return live.map((t, i) => ({ t, i, r: rank(t) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.t);
  }

  /**
   * A thread's state as the Threads view tells it: a program's thread whose exception went to l4re (which
   * handles none) is faulted for good, though the kernel sees it waiting in exception IPC.
   */
  threadState(t: Thread): string {
    const p = t.partner;
    const handler = p instanceof Thread ? p : p instanceof IpcGate ? p.thread : undefined;
    if (t.kernelIpc?.kind === 'exception' && t.state !== 'dead' && handler && this.serverCode?.runsServerCode(handler)) {
      return `faulted: unhandled exception, sent to ${handler.name}, which handles none`;
    }
    return t.stateDescription();
  }

  /** Is this one of the L4Re servers' tasks (sigma0, moe, ned), by the image it runs? */
  isServerTask(task: Task): boolean {
    return this.serverCode?.isServerTask(task) ?? false;
  }

  thread(id: number): Thread | undefined {
    return this.machine?.thread(id);
  }

  taskById(id: number): Task | undefined {
    return this.machine?.tasks().find((t) => t.id === id);
  }

  /** The debug info for code of a task: at an address, of the image holding it (a task may hold l4re and its
   * program); without one, of the task's own image. */
  debugInfo(task: Task, address?: number): DebugInfo | undefined {
    return this.images?.forTask(task, address);
  }

  /**
   * The debug info of the code a thread runs now. A thread in the kernel's syscall page (blocked in IPC) is
   * in no image: the return address on its stack tells whose code called it.
   */
  debugInfoAt(t: Thread): DebugInfo | undefined {
    const images = this.images;
    if (!images) return undefined;
    const here = images.holding(t.task, eipOf(t));
    if (here) return here;
    const caller = Machine.readU32(t.task, t.cpu.regs[Reg.ESP] >>> 0);
    return (caller !== undefined ? images.holding(t.task, caller) : undefined) ?? images.forTask(t.task);
  }

  /** The debug info of every image of a task (breakpoints, loaded sources). */
  allDebugInfo(task: Task): DebugInfo[] {
    return this.images?.allForTask(task) ?? [];
  }

  /** The thread's call stack, innermost first (CFI when the program has it, else the ebp chain). */
  unwind(t: Thread, max = 64): StackFrameInfo[] {
    const info = this.debugInfoAt(t);
    const regs = Machine.registers(t);
    const read = (a: number): number | undefined => Machine.readU32(t.task, a);
    const unwinder = info ? info.unwinder : this.ebpUnwinder;
    const stub = sysenterReturn(t, regs.gpr, regs.eip);
    if (!stub) return unwinder.unwind(regs.gpr, regs.eip, read, max);
    // Back from the kernel and about to run on: the caller's frame with its EBP; still in the kernel (blocked
    // in IPC, or stopped at the system call's kernel entry): the stub's frame first, as with int $0x30.
    const inKernel = (t.state !== 'ready' && t.state !== 'running') || this.stops.kernelFrame?.thread === t;
    if (!inKernel && stub.callerPc === regs.eip) return unwinder.unwind(stub.callerRegs, regs.eip, read, max);
    return [stub.frame, ...unwinder.unwind(stub.callerRegs, stub.callerPc, read, max - 1)];
  }

  /** Where conditions and the Debug Console evaluate, for a thread (and one of its frames). */
  environment(t: Thread, frame?: StackFrameInfo, frameIndex = 0): ExpressionEnvironment {
    return frameEnvironment({ thread: t, frame: frame ?? this.unwind(t, 1)[0], frameIndex, info: this.images?.forTask(t.task, frame?.pc ?? eipOf(t)) }, this.received);
  }

  // ---- the machine's events --------------------------------------------------------------------------------

  private message(text: string, category: 'console' | 'stderr'): void {
    this.events.emit('output', { text, category });
  }

  /**
   * May an event filter stop this thread? Only where it runs a program's code, unless stopInServers: not in
   * sigma0, moe or ned, nor in the l4re that serves a program inside its own task.
   */
  private filtersStopIn(t: Thread): boolean {
    if (this.options?.stopInServers) return t.task.image !== undefined;
    return this.runsProgramCode(t);
  }

  /** Does the thread run a program's code (not a server's, nor in a task without an image)? */
  private runsProgramCode(t: Thread): boolean {
    return t.task.image !== undefined && !(this.serverCode?.runsServerCode(t) ?? false);
  }

  /** First sight of a task with a program image: arm breakpoints that name its sources, and the entry stop. */
  private discoverTask(task: Task): void {
    if (this.breakpoints.knownTasks.has(task) || !task.image || !this.images || !this.machine) return;
    this.breakpoints.armTask(task);
    const images = this.images;
    this.entry.onTask(this.machine, task, () => images.forTask(task), this.breakpoints.table);
  }

  private listen(machine: Machine): void {
    const ev = machine.events;
    const current = () => this.machine === machine;
    // Also while a travel re-executes: the trace's position follows the machine (no event is recorded twice).
    this.ipcTrace.attach(machine, current);
    ev.on('output', ({ task, text }) => {
      if (!this.travel.replaying) this.events.emit('program-output', { task, text });
    });
    ev.on('thread-created', (t) => this.discoverTask(t.task));
    ev.on('image-info', ({ task }) => {
      // A real loader (moe, ned, l4re) named the program in a task: look at the task again.
      this.entry.onProgramNamed(task, this.breakpoints.table);
      this.breakpoints.forgetTask(task);
      this.discoverTask(task);
    });
    ev.on('task-created', () => this.data.arm());
    ev.on('syscall', (e) => {
      if (!current()) return;
      this.loop.kernelThread = e.thread;
      this.stopAfterKernelEntry(this.filters.syscallStop(e));
      this.data.onSyscall(e);
    });
    ev.on('ipc', (e) => {
      if (!current()) return;
      const receiver = e.kind === 'receive' && e.to instanceof Thread ? e.to : undefined;
      if (receiver) this.received.record(receiver, e.label, e.tag);
      if (!this.travel.replaying) this.causes.record(e, machine.instructions);
      if (this.ipcLog) this.message(`[ipc] ${describeIpc(e)}`, 'console');
      const mode = this.loop.mode;
      if (mode.kind === 'follow' && e.from === mode.thread && this.loop.running && !this.stops.hasPending) {
        if (receiver) {
          // End the slice here, then step the receiver (run-loop.ts) until it is back in its own source.
          this.loop.mode = partnerMode(receiver, e.from);
          machine.requestStop(receiver, 'step into IPC partner');
          return;
        }
        // The send of the followed message itself: no filter stop for it, the step ends in its receiver.
        if (e.error === undefined) return;
      }
      this.stopAfterKernelEntry(this.filters.ipcStop(e, this.options?.breakOnIpc ?? false));
      if (receiver) this.stops.delivered(e.from, receiver);
    });
    ev.on('page-fault', (e) => {
      if (!current()) return;
      this.loop.kernelThread = e.thread;
      if (!this.travel.replaying) this.pageFaults.record({ thread: e.thread.name, address: e.address, write: e.write, eip: e.eip, resolved: e.resolved, clock: machine.kernel.clock });
      this.stopAfterKernelEntry(this.filters.pageFaultStop(e));
    });
    ev.on('exception', (e) => {
      if (!current()) return;
      this.loop.kernelThread = e.thread;
      // Even with the exception filter off, look after the kernel entry whether the program's exception went
      // to l4re, which handles none: that is the program's fault (stop-decisions.ts exceptionOutcome).
      const check = this.runsProgramCode(e.thread) ? { reason: 'exception' as const, thread: e.thread, description: e.message, exception: { id: 'exception', description: e.message, checkOnly: true } } : undefined;
      this.stopAfterKernelEntry(this.filters.exceptionStop(e) ?? check);
    });
  }
}

/** Step into IPC partner, once `receiver` holds `sender`'s message: step it out of the SDK's IPC code. */
function partnerMode(receiver: Thread, sender: Thread): RunMode {
  return { kind: 'toUserCode', thread: receiver, description: `${receiver.name} received the message from ${sender.name}`, steps: 0 };
}

