// Reverse execution for the debugger: a timeline of machine snapshots (taken at stops and, while running, as
// often as keeps their cost near a tenth of the run time), and searches that restore an earlier snapshot and
// re-execute to find the last position before "now" that satisfies a predicate (the thread's previous
// instruction or line, the previous breakpoint or event-filter hit). The emulator is deterministic, so
// re-executing from a snapshot reaches exactly the states the run went through: a stop that comes soon after
// the last snapshot is not captured at once (a line step would spend most of its time capturing) but once the
// debugger has been idle there a moment, or not at all if the program resumes first.
import type { Machine, SliceResult } from '../../emulator/machine';
import type { Thread } from '../../emulator/kernel/thread';
import { Timeline } from '../../emulator/time-travel/timeline';
import type { MachineSnapshot } from '../../emulator/time-travel/machine-snapshot';
import { applyInput, InputLog } from '../../emulator/time-travel/input-log';
import { runToClock } from '../../emulator/time-travel/run-to-clock';
import { UncapturableStateError } from '../../emulator/time-travel/object-graph-state';

/** Default host memory for snapshots. */
export const DEFAULT_SNAPSHOT_BUDGET_MIB = 512;
/** Fewest instructions between periodic snapshots while running. */
const MIN_SNAPSHOT_INTERVAL = 2_000_000;
/** Periodic snapshots cost at most about 1/OVERHEAD_RATIO of the host time spent running. */
const OVERHEAD_RATIO = 10;
/** Instructions per replay slice while searching (bounds how long one host tick takes). */
const SEARCH_SLICE = 1_000_000;
/**
 * A stop is captured at once when the program ran at least this many times the last capture's host time since
 * it: re-executing from the last snapshot to a stop then costs at most about that much.
 */
const STOP_CAPTURE_RATIO = 5;
/** A stop not captured at once is captured when the debugger stayed stopped there this long (host ms). */
const IDLE_CAPTURE_MS = 100;
/** Stop clocks kept as search stretch starts (the oldest are forgotten: a search then starts at a snapshot). */
const MAX_STOP_CLOCKS = 10_000;
/**
 * Host ms a capture works per tick before it lets the event loop turn: a capture walks ~5,000 records (20–30 ms),
 * and the inline adapter runs in VS Code's extension host, which must not be held for more than 16 ms at a time.
 */
const CAPTURE_TICK_MS = 6;

/** A capture spread over host ticks while the machine stands still at `clock` (the run loop waits for it). */
interface CaptureJob {
  steps: Generator<void, MachineSnapshot, void>;
  machine: Machine;
  clock: number;
  /** The boot's capture. */
  first: boolean;
  /** Right after a debugger's input (never thinned). */
  pinned: boolean;
  /** The companions' states at the clock (taken at the start: they follow the machine, which does not move). */
  companionStates: unknown[];
  /** Host ms the job has worked so far (not the ticks between). */
  busyMs: number;
  /** Called when the job ends (done or abandoned): a run waiting for it goes on. */
  waiters: Array<() => void>;
}

/** A position in the run: the emulated clock (instructions retired plus idle time). */
export interface TravelPosition {
  clock: number;
  /** Emulated microseconds at that clock. */
  microseconds: number;
}

/** What a backward search looks for while it re-executes a stretch of the run. */
export interface BackwardSearch {
  /** A new stretch starts (from an earlier snapshot). */
  reset?(): void;
  /** After the snapshot's restore (r undefined) and every slice end before now: true for a candidate. */
  observe(r: SliceResult | undefined): boolean;
  /** The slice that reached now (the search can see its state, e.g. the call depth there). */
  reachedNow?(r: SliceResult): void;
  /** Picks the position among the candidates (clock values, ascending); default the last. */
  choose?(candidates: number[]): number | undefined;
}

/**
 * Debugger state that follows the machine through travel though it is not machine state (the IPC trace's
 * position): taken with every snapshot, put back with its restore.
 */
export interface TravelCompanion {
  travelState(): unknown;
  restoreTravelState(state: never): void;
}

export class TimeTravel {
  private timeline?: Timeline;
  private readonly companions: TravelCompanion[] = [];
  private readonly companionStates = new WeakMap<MachineSnapshot, unknown[]>();
  private unsupported?: string;
  /** True while a search or a landing re-executes: the debugger's listeners stay quiet (no output printed twice). */
  replaying = false;
  /** True while a search re-executes: event filters may ask for stops (reverse-continue looks for them). */
  searching = false;
  private nextCaptureAfterHostMs = 0;
  private lastCaptureClock = -1;
  /** Host ms the last capture took (the boot's excepted). */
  private lastCaptureMs = 0;
  /** Host ms the program ran (resumed → stopped) since the last capture. */
  private ranSinceCaptureMs = 0;
  private resumedAtMs?: number;
  /** A stop not captured yet: captured when the timer fires while the machine still stands there. */
  private idleCapture?: { timer: ReturnType<typeof setTimeout>; machine: Machine; clock: number };
  /** The furthest clock the run reached in the current future: re-execution reaches anything up to it. */
  private furthest = -1;
  /** The clocks of the stops in the current future, ascending (those without a snapshot start search stretches too). */
  private stopClocks: number[] = [];
  /** The capture under way, a few ms per host tick; the machine does not move until it is done or abandoned. */
  private job?: CaptureJob;
  /** A periodic snapshot is due: taken before the run's next tick (holdRun). */
  private captureDue = false;

  constructor(
    private budgetMiB = DEFAULT_SNAPSHOT_BUDGET_MIB,
    /**
     * Captures are spread over host ticks (the owner's run loop asks holdRun before it runs the machine);
     * otherwise each is taken at once, for owners that run the machine themselves.
     */
    private readonly inPieces = false,
  ) {}

  /** `c` is taken with every snapshot from now on and put back with its restore. */
  addCompanion(c: TravelCompanion): void {
    this.companions.push(c);
  }

  setBudget(mib: number): void {
    this.budgetMiB = mib;
  }

  /** A new machine (launch, restart): a new, empty timeline (atStart adds the boot's snapshot). */
  newMachine(machine: Machine): void {
    this.unsupported = undefined;
    this.cancelIdleCapture();
    this.abandonCapture();
    this.captureDue = false;
    this.timeline = new Timeline(machine, this.budgetMiB * 1024 * 1024);
    this.lastCaptureClock = -1;
    this.furthest = -1;
    this.stopClocks = [];
    this.ranSinceCaptureMs = 0;
    this.resumedAtMs = undefined;
    this.inputs.entries.length = 0;
  }

  /** Before the machine first runs: the boot's snapshot (taken here, not at launch, so launching stays quick). */
  atStart(machine: Machine): void {
    if (this.timeline && this.timeline.snapshots.length === 0 && !this.job) this.startCapture(machine);
  }

  /** Why this run cannot travel, or undefined. */
  get problem(): string | undefined {
    return this.unsupported ?? (this.timeline ? undefined : 'time travel: nothing was launched');
  }

  get snapshotCount(): number {
    return this.timeline?.snapshots.length ?? 0;
  }

  get snapshotBytes(): number {
    return this.timeline?.bytes ?? 0;
  }

  position(machine: Machine): TravelPosition {
    return { clock: machine.instructions, microseconds: Math.floor(machine.instructions / machine.kernel.instructionsPerMicrosecond) };
  }

  /** The host's inputs so far (the debugger's writes, raised interrupt lines): a recording file's input log. */
  readonly inputs = new InputLog();

  /** The program runs again (or a travel starts): a stop not captured yet stays so. */
  resumed(): void {
    this.cancelIdleCapture();
    this.resumedAtMs = performance.now();
  }

  /**
   * At a stop: the position stays reachable, in one restore when the program ran long since the last snapshot
   * (captured now) or when the debugger stays here a moment (captured then), else by re-executing from the last.
   */
  atStop(machine: Machine): void {
    this.atStart(machine);
    if (this.resumedAtMs !== undefined) this.ranSinceCaptureMs += performance.now() - this.resumedAtMs;
    this.resumedAtMs = undefined;
    this.furthest = Math.max(this.furthest, machine.instructions);
    this.noteStopClock(machine.instructions);
    this.cancelIdleCapture();
    const due = this.captureDue;
    this.captureDue = false;
    if (machine.instructions !== this.lastCaptureClock && !this.capturingAt(machine)) {
      if (due || this.ranSinceCaptureMs >= this.lastCaptureMs * STOP_CAPTURE_RATIO) this.startCapture(machine);
      else this.captureWhenIdle(machine);
    }
    this.noteStopState(machine);
  }

  private noteStopClock(clock: number): void {
    const stops = this.stopClocks;
    let i = stops.length;
    while (i > 0 && stops[i - 1] > clock) i--;
    if (i > 0 && stops[i - 1] === clock) return;
    stops.splice(i, 0, clock);
    if (stops.length > MAX_STOP_CLOCKS) stops.shift();
  }

  private captureWhenIdle(machine: Machine): void {
    if (!this.timeline || this.unsupported) return;
    const clock = machine.instructions;
    const timer = setTimeout(() => {
      if (this.idleCapture?.timer !== timer) return;
      this.idleCapture = undefined;
      if (this.timeline?.machine === machine && machine.instructions === clock && clock !== this.lastCaptureClock && !this.replaying) this.startCapture(machine);
    }, IDLE_CAPTURE_MS);
    timer.unref?.();
    this.idleCapture = { timer, machine, clock };
  }

  private cancelIdleCapture(): void {
    if (this.idleCapture) clearTimeout(this.idleCapture.timer);
    this.idleCapture = undefined;
  }

  /** What the debugger's writes are compared with: RAM now (the last snapshot's pages and the frames written since). */
  private noteStopState(machine: Machine): void {
    this.inputs.noteStop(machine, this.timeline?.ramNow());
  }

  /**
   * After a slice while running: a periodic snapshot is due when enough host time has passed since the last one
   * (taken before the run's next tick, holdRun, or at the stop if the run stops first).
   */
  afterSlice(machine: Machine): void {
    if (!this.timeline || this.unsupported || this.replaying) return;
    this.atStart(machine);
    if (machine.instructions - this.lastCaptureClock < MIN_SNAPSHOT_INTERVAL) return;
    if (performance.now() < this.nextCaptureAfterHostMs) return;
    this.captureDue = true;
  }

  /**
   * Before a tick of the run: true when a capture is under way (a due periodic one starts here), and `resume` is
   * then called when it has ended; the machine must not run until then.
   */
  holdRun(machine: Machine, resume: () => void): boolean {
    if (this.captureDue) {
      this.captureDue = false;
      if (this.timeline?.machine === machine && !this.replaying) this.startCapture(machine);
    }
    if (!this.job) return false;
    this.job.waiters.push(resume);
    return true;
  }

  /** The debugger changed the machine's state at the current clock: the recorded future no longer holds. */
  inputChanged(machine: Machine): void {
    this.inputs.noteWrite(machine);
    this.newFuture(machine);
  }

  /** The host raised ICU line `line` now (it had an IRQ bound): logged, and the recorded future no longer holds. */
  irqRaised(machine: Machine, line: number): void {
    this.inputs.noteIrq(machine, line);
    this.newFuture(machine);
  }

  /** After an input: a pinned snapshot here (re-execution never crosses an input), the old future gone. */
  private newFuture(machine: Machine): void {
    if (!this.timeline || this.unsupported) return;
    this.cancelIdleCapture();
    // A capture under way saw the machine before the input: it can no longer finish.
    this.abandonCapture();
    this.furthest = machine.instructions;
    while (this.stopClocks.length && this.stopClocks[this.stopClocks.length - 1] > machine.instructions) this.stopClocks.pop();
    this.timeline.dropAfter(machine.instructions - 1);
    this.startCapture(machine, true);
    this.noteStopState(machine);
  }

  /**
   * A forward run from a position before logged inputs (after a travel back) makes them again at their clocks,
   * as a recording's replay does: the run slices up to the next one (this clock), and replayInputs applies it.
   */
  nextInputAfter(clock: number): number | undefined {
    return this.inputs.nextAfter(clock);
  }

  /** After a forward slice that started at `from`: applies the inputs logged after it up to now. */
  replayInputs(machine: Machine, from: number): void {
    for (const e of this.inputs.between(from, machine.instructions)) applyInput(machine, e);
  }

  /**
   * Finds the last position before now that `search` accepts, re-executing from the nearest snapshot (then
   * earlier ones) with `step` stepped instruction by instruction (or in plain slices when undefined), and
   * leaves the machine there. `search.observe` sees the snapshot's state (r undefined) and every slice end
   * before now and says whether the position is a candidate; `search.choose` picks among the candidates
   * (default: the last). Returns the position, or undefined (the machine is then back where it was).
   */
  searchBack(machine: Machine, step: Thread | undefined, search: BackwardSearch): number | undefined {
    const steps = this.searchBackSteps(machine, step, search);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  }

  /**
   * searchBack as a job its caller drives: each `next()` runs one replay slice, so a long search leaves the
   * host free between slices, and `return()` abandons it where it is (a pause): the machine then stands at a
   * position of the run it re-executed, exactly as the run was there.
   */
  *searchBackSteps(machine: Machine, step: Thread | undefined, search: BackwardSearch): Generator<void, number | undefined, void> {
    if (!this.timeline || this.unsupported) return undefined;
    this.cancelIdleCapture();
    // A capture of now under way is finished first (a few ms per step): it is a stretch start like any snapshot.
    while (this.job) {
      this.stepCapture(this.job);
      if (this.job) yield;
    }
    const tl = this.timeline;
    if (this.unsupported) return undefined;
    const now = machine.instructions;
    // The stepped thread by id: a stretch from a snapshot taken before it was created re-creates it as another
    // object, and the slice that creates it ends there so that its first instructions are stepped too.
    const stepped = (): Thread | undefined => (step ? machine.thread(step.id) : undefined);
    const created = (t: Thread): void => {
      if (step && t.id === step.id) machine.requestStop(t, 'the stepped thread was created');
    };
    if (step) machine.events.on('thread-created', created);
    this.replaying = true;
    try {
      this.searching = true;
      // A stretch runs to now, or to the next debugger's write if one came earlier: re-execution never
      // crosses a write (a snapshot is pinned right after each, and the stretch after it starts there).
      // Stretches start at snapshots and at the stops in between (a search by line treats a stretch's start
      // as a new line, as it did when every stop had its snapshot).
      for (let start = this.stretchStartBefore(now); start !== undefined; start = this.stretchStartBefore(start)) {
        const s = tl.atOrBefore(start) as MachineSnapshot;
        const end = Math.min(now, tl.nextPinnedAfter(start) ?? now);
        this.restore(s);
        // A stop without a snapshot: re-executed to (not observed, no filter stops), so the stretch starts where
        // the run stopped.
        this.searching = false;
        while (machine.instructions < start) {
          yield;
          if (runToClock(machine, Math.min(start, machine.instructions + SEARCH_SLICE), SEARCH_SLICE) === 'ended') break;
        }
        this.searching = true;
        search.reset?.();
        const candidates: number[] = [];
        if (search.observe(undefined)) candidates.push(machine.instructions);
        while (machine.instructions < end) {
          yield;
          const stepThread = stepped();
          const r = stepThread
            ? machine.runSlice(SEARCH_SLICE, { stepThread, clockLimit: end })
            : machine.runSlice(Math.min(SEARCH_SLICE, end - machine.instructions), { clockLimit: end });
          if (machine.instructions >= end) {
            if (end === now) search.reachedNow?.(r);
            break;
          }
          if (search.observe(r)) candidates.push(machine.instructions);
          if (r.kind === 'ended') break;
        }
        const found = search.choose ? search.choose(candidates) : candidates[candidates.length - 1];
        if (found !== undefined) {
          this.searching = false;
          yield* this.landSteps(machine, start, found);
          return found;
        }
      }
      // Nothing found: back to where the search started.
      this.searching = false;
      const s = tl.atOrBefore(now);
      if (s) yield* this.landSteps(machine, s.clock, now);
      return undefined;
    } finally {
      this.replaying = this.searching = false;
      machine.events.off('thread-created', created);
    }
  }

  /** Where the search stretch before `clock` starts: the latest snapshot or stop before it. */
  private stretchStartBefore(clock: number): number | undefined {
    const snap = this.timeline?.before(clock)?.clock;
    const stops = this.stopClocks;
    let lo = 0;
    let hi = stops.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (stops[mid] < clock) lo = mid + 1;
      else hi = mid;
    }
    const stop = lo > 0 ? stops[lo - 1] : undefined;
    if (snap === undefined) return undefined; // nothing to re-execute from
    return stop !== undefined && stop > snap ? stop : snap;
  }

  /** The furthest position the recording holds (a stop or a periodic snapshot); travel goes no further. */
  get recordedUntil(): number | undefined {
    const list = this.timeline?.snapshots;
    if (!list || !list.length) return undefined;
    return Math.max(list[list.length - 1].clock, this.furthest);
  }

  /** Travels to clock `target` (restore the nearest snapshot at or before it and re-execute). */
  goTo(machine: Machine, target: number): number | undefined {
    if (!this.timeline || this.unsupported) return undefined;
    this.cancelIdleCapture();
    this.finishCapture();
    const tl = this.timeline;
    if (this.unsupported) return undefined;
    const s = tl.atOrBefore(target);
    if (!s) return undefined;
    this.replaying = true;
    try {
      this.land(machine, s.clock, target);
    } finally {
      this.replaying = false;
    }
    return machine.instructions;
  }

  private land(machine: Machine, from: number, target: number): void {
    for (const _ of this.landSteps(machine, from, target)) {
      // each step is one replay slice
    }
  }

  /** Restores the snapshot nearest before `target` (else `from`'s) and re-executes to `target`, a slice a step. */
  private *landSteps(machine: Machine, from: number, target: number): Generator<void, void, void> {
    const tl = this.timeline as Timeline;
    const s = tl.atOrBefore(target) ?? tl.atOrBefore(from);
    if (!s) return;
    this.restore(s);
    while (machine.instructions < target) {
      yield;
      if (runToClock(machine, Math.min(target, machine.instructions + SEARCH_SLICE), SEARCH_SLICE) === 'ended') return;
    }
  }

  private restore(s: MachineSnapshot): void {
    (this.timeline as Timeline).restore(s);
    const states = this.companionStates.get(s);
    if (states) this.companions.forEach((c, i) => c.restoreTravelState(states[i] as never));
  }

  /** Whether a capture of the machine as it stands now is under way. */
  private capturingAt(machine: Machine): boolean {
    return this.job !== undefined && this.job.machine === machine && this.job.clock === machine.instructions;
  }

  /**
   * Starts a capture of the machine as it stands (a job of a few ms per host tick: the machine must not change
   * until it is done; the run loop waits for it, holdRun). A capture of this same position under way goes on.
   */
  private startCapture(machine: Machine, pinned = false): void {
    const tl = this.timeline;
    if (!tl || this.unsupported) return;
    this.cancelIdleCapture();
    if (this.job) {
      if (this.capturingAt(machine) && !pinned) return;
      this.abandonCapture();
    }
    const job: CaptureJob = {
      steps: tl.captureSteps(pinned),
      machine,
      clock: machine.instructions,
      first: tl.snapshots.length === 0,
      pinned,
      companionStates: this.companions.map((c) => c.travelState()),
      busyMs: 0,
      waiters: [],
    };
    this.job = job;
    if (this.inPieces) this.scheduleCapture(job);
    else this.finishCapture();
  }

  private scheduleCapture(job: CaptureJob): void {
    setImmediate(() => {
      if (this.job !== job) return;
      // Host time decides only how the work is spread over ticks: the snapshot is the same.
      const until = performance.now() + CAPTURE_TICK_MS;
      while (this.job === job && this.stepCapture(job) && performance.now() < until) {
        // one piece of the walk a step
      }
      if (this.job === job) this.scheduleCapture(job);
    });
  }

  /** Does one piece of `job`; false when it has ended (done, abandoned, or the state turned out uncapturable). */
  private stepCapture(job: CaptureJob): boolean {
    // A machine that ran meanwhile (a run outside holdRun) is no longer the one the job began to capture.
    if (job.machine.instructions !== job.clock) {
      this.abandonCapture();
      return false;
    }
    const t0 = performance.now();
    let r: IteratorResult<void, MachineSnapshot>;
    try {
      r = job.steps.next();
    } catch (e) {
      this.job = undefined;
      this.unsupported = e instanceof UncapturableStateError ? e.message : `time travel: a capture failed: ${(e as Error).message}`;
      job.waiters.forEach((w) => w());
      return false;
    }
    job.busyMs += performance.now() - t0;
    if (!r.done) return true;
    this.job = undefined;
    this.captured(job, r.value);
    job.waiters.forEach((w) => w());
    return false;
  }

  /**
   * The debugger changed machine state a capture sees but the run does not (watch marks in the page tables): a
   * capture under way starts over, so that it sees one state.
   */
  restartCapture(): void {
    const job = this.job;
    if (!job) return;
    this.abandonCapture();
    this.startCapture(job.machine, job.pinned);
  }

  /** Finishes a capture under way at once (before a travel restores another snapshot). */
  finishCapture(): void {
    while (this.job && this.stepCapture(this.job)) {
      // the rest of the walk
    }
  }

  /** Drops a capture under way (the machine changed, or a new one was booted): the timeline stays as it was. */
  private abandonCapture(): void {
    const job = this.job;
    if (!job) return;
    this.job = undefined;
    job.steps.return(undefined as unknown as MachineSnapshot);
    job.waiters.forEach((w) => w());
  }

  private captured(job: CaptureJob, s: MachineSnapshot): void {
    this.companionStates.set(s, job.companionStates);
    this.lastCaptureClock = job.clock;
    this.furthest = Math.max(this.furthest, job.clock);
    this.ranSinceCaptureMs = 0;
    if (this.resumedAtMs !== undefined) this.resumedAtMs = performance.now(); // a periodic capture: count from here
    // The boot's capture reads all of RAM once; later ones read the frames written since: its cost says
    // nothing about theirs, so it does not hold the next one back (a step back soon after the boot stays short).
    const took = job.busyMs;
    if (!job.first) this.lastCaptureMs = took;
    this.nextCaptureAfterHostMs = job.first ? 0 : performance.now() + took * OVERHEAD_RATIO;
  }
}
