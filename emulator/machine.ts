import { resolveBoot } from './boot/boot-config';
import type { BootPlan } from './boot/boot-config';
import type { RolePolicy } from './boot/role-resolution';
import { StopReason, Reg } from './cpu/cpu';
import { OutOfMemoryError } from './cpu/physical-memory';
import { Kernel, KernelEvents } from './kernel/kernel';
import { SYSCALL_VECTOR } from './kernel/abi';
import type { Task } from './kernel/task';
import type { Thread } from './kernel/thread';
import type { TypedEmitter } from './util/typed-emitter';
import { BootError } from './boot/boot-errors';
import { startRealL4Re } from './real-l4re/real-boot';
import { REAL_BOOT_RAM_BYTES, REAL_PHYSICAL_LAYOUT } from './real-l4re/bootstrap-layout';
import { hostActivities } from './host-activity';
import type { HostActivity } from './host-activity';
import { ObjectIds, withObjectIds } from './kernel/kobject';
import type { DataWatch, WatchHit, WatchKind } from './cpu/data-watches';
import type { SimdState } from './cpu/simd-state';

export interface MachineOptions {
  modulesList: string;
  entry?: string;
  searchPath?: string[];
  /** Emulated RAM: a real L4Re boot has the reference machine's (REAL_BOOT_RAM_BYTES); any other size is an error. */
  memoryMiB?: number;
  /** Emulated clock rate: instructions per emulated µs (default 100, i.e. a 100 MHz machine). */
  instructionsPerMicrosecond?: number;
  /** Which implementation sigma0/moe/l4re/ned take (default 'auto': a file on the search path wins). */
  roles?: RolePolicy;
}

export type SliceResult =
  | { kind: 'budget' }
  | { kind: 'breakpoint'; thread: Thread }
  | { kind: 'step'; thread: Thread }
  | { kind: 'ended'; exitCode: number; reason: string }
  | { kind: 'fault'; thread: Thread; message: string }
  /** An event listener called requestStop(): the machine stopped right after that kernel entry. */
  | { kind: 'event'; thread: Thread; description: string }
  /** A data watchpoint of the thread's address space was hit; the thread's cpu.watchHit says how. */
  | { kind: 'watchpoint'; thread: Thread };

/** The registers a debugger reads and writes by name (general registers in the CPU's order, then eip, eflags). */
export const REGISTER_NAMES = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi', 'eip', 'eflags'] as const;
export type RegisterName = (typeof REGISTER_NAMES)[number];

/** A thread's whole register state as a debugger shows it (copies, except the SIMD state, which is read-only). */
export interface RegisterState {
  /** eax, ecx, edx, ebx, esp, ebp, esi, edi. */
  gpr: number[];
  eip: number;
  eflags: number;
  segments: Array<{ selector: number; base: number }>;
  fpu: { top: number; empty: number[]; st: number[]; control: number; status: number };
  simd: Readonly<SimdState>;
}

/** A read or write of a task's memory by the kernel (an IPC copying a message into a UTCB) during a slice. */
export interface KernelMemoryAccess {
  task: Task;
  address: number;
  length: number;
  write: boolean;
}

/** Where a debugger arms code breakpoints of a task. */
export interface CodeBreakpoints {
  addBreakpoint(va: number): void;
  removeBreakpoint(va: number): void;
}

export type MachineEvents = KernelEvents;
export type MachineEventEmitter = TypedEmitter<MachineEvents>;

const DEFAULT_INSTRUCTIONS_PER_US = 100;
/** Instructions of one turn of host work (ned's script); it gets a turn after guest threads ran as long. */
const HOST_ACTIVITY_QUANTUM = 10_000;
/** Where a boot's exit status comes from: a task's exit, or our ned's script (its first program's exit value). */
interface BootExitSource {
  task: Task;
  script?: { readonly bootExitStatus: number | undefined };
}

/**
 * Starts what the entry's `roottask` line names, as bootstrap and the real kernel do (real-l4re/real-boot.ts):
 * moe (which starts the init program or ned), or a program of the user's own as the root task on sigma0.
 * Returns the task whose exit status is the boot's, and with our ned its script, which knows better.
 */
function startRootTask(kernel: Kernel, plan: BootPlan): BootExitSource {
  const real = startRealL4Re(kernel, plan);
  return { task: real.root.task, script: real.script };
}

/** `int n` is two bytes (CD ib): a forbidden one faults with EIP at the instruction. */
const INT_N_LENGTH = 2;
/** Trap number of an exception triggered by ex_regs (spec §10.2). */
const EXREGS_TRAPNO = 0xff;

/**
 * A booted system: the kernel, the root task's roles, and the user programs. It runs in slices of a given
 * number of instructions so that its host (CLI, debug adapter) stays responsive; everything is driven by the
 * emulated clock, so the same boot always runs the same way.
 */
export class Machine {
  readonly events: MachineEventEmitter;
  /** The init program's task, whose exit status becomes the boot's. */
  private initTask?: Task;
  private initExitCode = 0;
  /** Our ned's script, whose first program's exit value is the boot's status (moe, the root task, never exits). */
  private nedScript?: { readonly bootExitStatus: number | undefined };
  private pendingStep?: Thread;
  /** This boot's object id counter (kobject.ts): ids depend only on the boot. */
  private objectIds = new ObjectIds();
  private stopRequest?: { thread: Thread; description: string };
  /** Guest instructions since host work (ned's script) last had a turn. */
  private guestSinceHostTurn = 0;
  /** ned's script and other host work (the kernel's live list, looked up once: the slice loop reads it per dispatch). */
  private readonly hostWork: readonly HostActivity[];
  /** True while runSlice runs: only then are accesses to guest memory the kernel's. */
  private inSlice = false;
  /**
   * A thread whose run was cut short by the caller (slice budget, single step, breakpoint, watchpoint) rather
   * than by the kernel's own bounds: its next run continues the same dispatch (no host turn, no KIP clock
   * update), so where a debugger or a replay slices the run never changes what the guest sees.
   */
  private continuing: Thread | undefined = undefined;

  private constructor(
    readonly plan: BootPlan,
    readonly kernel: Kernel,
  ) {
    this.events = kernel.events;
    this.hostWork = hostActivities(kernel);
    this.events.on('task-exited', ({ task, exitCode }) => {
      if (task === this.initTask) this.initExitCode = exitCode;
    });
  }

  /** Boots an entry of a modules.lst. Throws BootError/ElfError with a message naming the file and line. */
  static boot(opts: MachineOptions): Machine {
    const ids = new ObjectIds();
    const machine = withObjectIds(ids, () => Machine.bootWithIds(opts));
    machine.objectIds = ids;
    return machine;
  }

  private static bootWithIds(opts: MachineOptions): Machine {
    const plan = resolveBoot({ modulesList: opts.modulesList, entry: opts.entry, searchPath: opts.searchPath, roles: opts.roles });
    if (opts.memoryMiB !== undefined && opts.memoryMiB * 1024 * 1024 !== REAL_BOOT_RAM_BYTES) {
      throw new BootError(`${plan.modulesList}: a real L4Re boot has the reference machine's ${REAL_BOOT_RAM_BYTES >> 20} MiB of RAM; leave the memory size unset`);
    }
    const kernel = new Kernel({
      memoryBytes: REAL_BOOT_RAM_BYTES,
      instructionsPerMicrosecond: opts.instructionsPerMicrosecond ?? DEFAULT_INSTRUCTIONS_PER_US,
      physicalLayout: REAL_PHYSICAL_LAYOUT,
    });
    const machine = new Machine(plan, kernel);
    // No guest runs before the first slice: nothing can print while the boot sets up.
    const exit = startRootTask(kernel, plan);
    machine.initTask = exit.task;
    machine.nedScript = exit.script;
    machine.chargeHostWork();
    kernel.updateKipClock();
    return machine;
  }

  /**
   * Asks the machine to stop once the current kernel entry is complete (for event breakpoints such as
   * "break on IPC"): runSlice then returns { kind: 'event' }. Call it from an event listener.
   */
  requestStop(thread: Thread, description: string): void {
    this.stopRequest ??= { thread, description };
  }

  /** A device raises interrupt line `line` of the ICU; false if no IRQ is bound to it. */
  raiseIrq(line: number): boolean {
    return this.kernel.icu.raise(line);
  }

  /** The emulated clock: instructions retired (plus idle time). */
  get instructions(): number {
    return this.kernel.clock;
  }

  /** Instructions actually executed (guest threads and ned's script), without idle time skipped while every thread was blocked. */
  get retiredInstructions(): number {
    return this.kernel.clock - this.kernel.idleInstructions;
  }

  threads(): Thread[] {
    return [...this.kernel.threads];
  }

  tasks(): Task[] {
    return [...this.kernel.tasks];
  }

  thread(id: number): Thread | undefined {
    return this.kernel.threads.find((t) => t.id === id);
  }

  /**
   * Runs up to `budget` instructions. With `stepThread`, returns as soon as that thread has retired one
   * instruction, or has come back from one whole system call (other threads may run meanwhile). With
   * `clockLimit`, idle time never takes the clock past that value, nor (when not stepping) do guest runs; a host
   * turn may.
   */
  runSlice(budget: number, opts?: { stepThread?: Thread; clockLimit?: number }): SliceResult {
    this.inSlice = true;
    try {
      // New kernel objects take their ids from this boot's counter.
      return withObjectIds(this.objectIds, () => this.runSliceInner(budget, opts));
    } finally {
      this.inSlice = false;
    }
  }

  private runSliceInner(budget: number, opts?: { stepThread?: Thread; clockLimit?: number }): SliceResult {
    const k = this.kernel;
    const stepThread = opts?.stepThread;
    if (this.pendingStep !== stepThread) this.pendingStep = undefined;
    for (const t of k.threads) {
      if (t.atBreakpoint) {
        t.cpu.resumeFrom = t.cpu.eip;
        t.atBreakpoint = false;
      }
    }
    let left = budget;
    // The budget counts work, and idle time skipped to a timeout costs one unit of it: the clock limit is what
    // keeps a run from passing a clock value (a travel's target, a logged input), so guest runs end there too.
    // A step is a unit (one instruction, or a whole system call while others run): only idle time is bounded.
    const clockLimit = opts?.clockLimit;
    const guestLimit = stepThread ? undefined : clockLimit;
    const tick = k.tickInstructions;
    let tickEnd = -1;
    while (left > 0) {
      if (guestLimit !== undefined && k.clock >= guestLimit) return { kind: 'budget' };
      if (k.hasSleepers) k.fireTimeouts();
      const t = k.scheduler.pick();
      const continued = t !== undefined && t === this.continuing;
      this.continuing = undefined;
      const host = continued ? undefined : this.runnableHostActivity();
      if (host && (!t || this.guestSinceHostTurn >= HOST_ACTIVITY_QUANTUM)) {
        this.guestSinceHostTurn = 0;
        // A turn is never cut by the slice (it may overrun the budget): how a caller slices never changes it.
        host.run(HOST_ACTIVITY_QUANTUM);
        left -= Math.max(1, this.chargeHostWork());
        const stop = this.takeStop();
        if (stop) return stop;
        continue;
      }
      if (!t) {
        const next = k.nextTimeout();
        if (next === undefined) return this.ended();
        const limit = clockLimit;
        if (limit !== undefined && next > limit) {
          // Idle past the caller's time bound: the clock stops at the bound (a `--max-instructions` run of a
          // program that sleeps for seconds ends on time).
          if (limit > k.clock) {
            k.idleInstructions += limit - k.clock;
            k.clock = limit;
          }
          return { kind: 'budget' };
        }
        if (next > k.clock) {
          k.idleInstructions += next - k.clock; // idle until the next timeout
          k.clock = next;
        }
        left--;
        continue;
      }
      if (t.triggerException) {
        t.triggerException = false;
        k.exception(t, EXREGS_TRAPNO, 0);
        continue;
      }
      if (this.pendingStep === t) {
        this.pendingStep = undefined;
        return { kind: 'step', thread: t };
      }
      // Run at most to the next timer tick, so the KIP clock (refreshed at every dispatch) is never more
      // than one scheduler granule behind, as with the real kernel's timer interrupt. The tick's end is kept
      // while the clock stays inside it (a float modulo per dispatch showed in the IPC profile).
      if (k.clock >= tickEnd || k.clock < tickEnd - tick) tickEnd = k.clock - (k.clock % tick) + tick;
      let natural = Math.min(t.quantumLeft, tickEnd - k.clock);
      const timeout = k.hasSleepers ? k.nextTimeout() : undefined;
      if (timeout !== undefined) natural = Math.min(natural, Math.max(1, timeout - k.clock));
      const n = t === stepThread ? 1 : Math.min(left, natural, guestLimit !== undefined ? guestLimit - k.clock : left);

      t.state = 'running';
      if (!continued) k.updateKipClock();
      const reason = t.cpu.run(n);
      const retired = t.cpu.retired;
      k.clock += retired;
      left -= Math.max(1, retired);
      this.guestSinceHostTurn += retired;
      t.quantumLeft -= retired;
      t.consumed += retired;
      if (t.state === 'running') t.state = 'ready';

      try {
        this.kernelEntry(t, reason);
      } catch (e) {
        // Emulated RAM ran out in a kernel path that has no error code for it: that thread stops, reported.
        if (!(e instanceof OutOfMemoryError)) throw e;
        k.stopThread(t, `${t.name}: out of memory: ${e.message}`);
      }
      switch (reason) {
        case StopReason.Budget:
          if (retired < natural) this.continuing = t;
          break;
        case StopReason.Breakpoint:
          t.atBreakpoint = true;
          this.continuing = t;
          return { kind: 'breakpoint', thread: t };
        case StopReason.Watchpoint:
          this.continuing = t;
          return { kind: 'watchpoint', thread: t };
      }
      // Work ned's script did in an event handler (after an awaited program exited) costs time too.
      if (this.hostWork.length !== 0) left -= this.chargeHostWork();
      const stop = this.takeStop();
      if (stop) return stop;
      if (t.quantumLeft <= 0) {
        t.quantumLeft = t.quantum;
        k.scheduler.rotate(t);
      }
      if (t === stepThread && (retired > 0 || reason !== StopReason.Budget)) {
        if (t.runnable) return { kind: 'step', thread: t };
        this.pendingStep = t; // blocked in a system call: the step ends when it runs again
      }
    }
    return { kind: 'budget' };
  }

  // ---- inspection: how a debugger reads and changes guest state -------------------------------------------
  // Reads and writes through these never reach the kernel-access listeners (reportKernelAccesses), so the
  // debugger's own views are never mistaken for the kernel's accesses, and they never trigger data watches.

  /** `length` bytes of a task's memory at `address`, or undefined when any of them is unmapped. */
  static readMemory(task: Task, address: number, length: number): Uint8Array | undefined {
    const as = task.as;
    const observer = as.readObserver;
    as.readObserver = undefined;
    try {
      return as.read(address >>> 0, length);
    } finally {
      as.readObserver = observer;
    }
  }

  /** Writes bytes into a task's memory; false (nothing written) when any byte is unmapped. */
  static writeMemory(task: Task, address: number, data: Uint8Array): boolean {
    const as = task.as;
    const observer = as.writeObserver;
    as.writeObserver = undefined;
    try {
      return as.write(address >>> 0, data);
    } finally {
      as.writeObserver = observer;
    }
  }

  static readU32(task: Task, address: number): number | undefined {
    const b = Machine.readMemory(task, address, 4);
    return b === undefined ? undefined : (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
  }

  static writeU32(task: Task, address: number, value: number): boolean {
    return Machine.writeMemory(task, address, Uint8Array.of(value, value >>> 8, value >>> 16, value >>> 24));
  }

  static readRegister(thread: Thread, name: RegisterName): number {
    const cpu = thread.cpu;
    if (name === 'eip') return cpu.eip >>> 0;
    if (name === 'eflags') return cpu.getEflags() >>> 0;
    return cpu.regs[REGISTER_NAMES.indexOf(name)] >>> 0;
  }

  /** Sets a register; returns the value it now holds (eflags keeps only the bits a program may change). */
  static writeRegister(thread: Thread, name: RegisterName, value: number): number {
    const cpu = thread.cpu;
    if (name === 'eip') cpu.eip = value >>> 0;
    else if (name === 'eflags') cpu.setEflags(value >>> 0);
    else cpu.regs[REGISTER_NAMES.indexOf(name)] = value >>> 0;
    return Machine.readRegister(thread, name);
  }

  static registers(thread: Thread): RegisterState {
    const cpu = thread.cpu;
    return {
      gpr: Array.from(cpu.regs),
      eip: cpu.eip >>> 0,
      eflags: cpu.getEflags() >>> 0,
      segments: Array.from(cpu.sreg, (selector, i) => ({ selector, base: cpu.segBase[i] })),
      fpu: { top: cpu.fpu.top, empty: Array.from(cpu.fpu.empty), st: Array.from(cpu.fpu.st), control: cpu.fpu.cw, status: cpu.fpu.statusWord() },
      simd: cpu.simd,
    };
  }

  /** Moves a stopped thread to `address` (a debugger's "go to"); a breakpoint there fires when it resumes. */
  static jump(thread: Thread, address: number): void {
    thread.cpu.eip = address >>> 0;
    thread.atBreakpoint = false;
  }

  /** How the data watch that stopped `thread` (SliceResult 'watchpoint') was hit. */
  static watchHit(thread: Thread): WatchHit | undefined {
    return thread.cpu.watchHit;
  }

  /** Arms an exact data watch in a task's address space (StopReason.Watchpoint after the accessing instruction). */
  static addDataWatch(task: Task, address: number, length: number, kind: WatchKind): DataWatch {
    return task.as.addWatch(address >>> 0, length, kind);
  }

  static removeDataWatch(task: Task, watch: DataWatch): void {
    task.as.removeWatch(watch);
  }

  /** Where code breakpoints of a task are armed (the identity stays the same for the task's life). */
  static codeBreakpoints(task: Task): CodeBreakpoints {
    return task.as;
  }

  /**
   * Reports the kernel's reads and writes of `task`'s memory made while a slice runs (an IPC copying a
   * message into a UTCB), which CPU data watches do not see; `undefined` stops the reports.
   */
  reportKernelAccesses(task: Task, listener: ((access: KernelMemoryAccess) => void) | undefined): void {
    const as = task.as;
    if (!listener) {
      as.readObserver = as.writeObserver = undefined;
      return;
    }
    as.writeObserver = (address, length) => {
      if (this.inSlice) listener({ task, address, length, write: true });
    };
    as.readObserver = (address, length) => {
      if (this.inSlice) listener({ task, address, length, write: false });
    };
  }

  /** A fault or an event breakpoint that ends the slice. */
  private takeStop(): SliceResult | undefined {
    const fault = this.kernel.takeFault();
    if (fault) {
      // The fault is the stop: an event stop the same fault asked for is not reported a second time.
      if (this.stopRequest?.thread === fault.thread) this.stopRequest = undefined;
      return { kind: 'fault', thread: fault.thread, message: fault.message };
    }
    if (this.stopRequest) {
      const r = this.stopRequest;
      this.stopRequest = undefined;
      return { kind: 'event', thread: r.thread, description: r.description };
    }
    return undefined;
  }

  private runnableHostActivity(): HostActivity | undefined {
    const work = this.hostWork;
    for (let i = 0; i < work.length; i++) if (work[i].runnable) return work[i];
    return undefined;
  }

  /** Adds the instructions host work used to the emulated clock; returns them. */
  private chargeHostWork(): number {
    let used = 0;
    for (const a of this.hostWork) used += a.takeCharge();
    this.kernel.clock += used;
    return used;
  }

  /** The kernel's part of a CPU stop: a system call, a fault. */
  private kernelEntry(t: Thread, reason: StopReason): void {
    const k = this.kernel;
    switch (reason) {
      case StopReason.Interrupt:
        this.softwareInterrupt(t);
        break;
      case StopReason.Sysenter: {
        // The sysenter stub: the kernel returns to EIP = EBX with ESP = EBP (spec §1.1).
        const ret = t.cpu.regs[Reg.EBX];
        const sp = t.cpu.regs[Reg.EBP];
        k.syscall(t);
        t.cpu.eip = ret;
        t.cpu.regs[Reg.ESP] = sp;
        break;
      }
      case StopReason.Fault:
        k.fault(t, t.cpu.vector, t.cpu.errorCode, t.cpu.faultAddress);
        break;
      default:
        break;
    }
  }

  /** `int n` and friends: 0x30 is the system call; int3/into are traps; any other vector is #GP as on hardware. */
  private softwareInterrupt(t: Thread): void {
    const v = t.cpu.vector;
    if (v === SYSCALL_VECTOR) this.kernel.syscall(t);
    else if (v === 3 || v === 4) this.kernel.exception(t, v, 0);
    else {
      t.cpu.eip = (t.cpu.eip - INT_N_LENGTH) >>> 0;
      this.kernel.exception(t, 13, ((v << 3) | 2) >>> 0);
    }
  }

  private ended(): SliceResult {
    const k = this.kernel;
    const alive = k.threads.filter((t) => t.state !== 'dead');
    const exitCode = this.nedScript?.bootExitStatus ?? this.initExitCode;
    if (alive.length === 0) return { kind: 'ended', exitCode, reason: 'all tasks exited' };
    const blocked = alive.map((t) => `${t.name} (${t.stateDescription()})`).join(', ');
    return { kind: 'ended', exitCode, reason: `every thread is blocked with no timeout pending: ${blocked}` };
  }
}
