import type { PhysicalMemory } from '../cpu/physical-memory';
import type { KernelEvents } from './kernel-events';
import type { Irq } from './irq';
import type { Kobject } from './kobject';
import type { MappingDb } from './mapping-db';
import type { Task } from './task';
import type { Thread } from './thread';

/** The scheduler operations an object may use: make a thread ready, let it give way, change its priority. */
export interface ThreadScheduling {
  makeReady(t: Thread): void;
  rotate(t: Thread): void;
  moveToFront(t: Thread): void;
  setPriority(t: Thread, prio: number): void;
}

/** The IPC operations an object may start on a thread's behalf (IRQ delivery, cancelling a blocked IPC). */
export interface IpcServices {
  /** `l4_irq_receive`: `t` waits for one trigger of `irq`. */
  receiveIrq(t: Thread, irq: Irq, rawTag: number, timeout: number): void;
  /** An IRQ was triggered: its bound thread gets it now, or later. */
  deliverIrq(irq: Irq): void;
  /** ex_regs cancel: aborts t's IPC. */
  cancel(t: Thread): void;
}

/**
 * What a kernel object (or a native L4Re role) may ask of the kernel while it handles an invocation: memory
 * and the mapping database, the clock, creating and ending tasks and threads, blocking and waking threads,
 * and reporting events. `Kernel` implements it; the system-call path, the loader and the machine keep the
 * whole `Kernel`.
 */
export interface KernelServices {
  // --- memory --------------------------------------------------------------------------------------------
  readonly phys: PhysicalMemory;
  /** Who mapped which capability or page to whom (for recursive unmap). */
  readonly mappings: MappingDb;

  // --- the clock (retired instructions) -----------------------------------------------------------------
  readonly clock: number;
  /** Part of the clock that passed with no thread ready. */
  readonly idleInstructions: number;
  readonly instructionsPerMicrosecond: number;
  readonly defaultTimeSliceUs: number;
  usToInstructions(us: number): number;
  /** The clock value of an absolute timeout held in t's buffer registers br, br+1 (undefined: never). */
  absoluteTimeout(t: Thread, br: number): number | undefined;

  // --- tasks, threads, objects ----------------------------------------------------------------------------
  readonly tasks: readonly Task[];
  createTask(name: string): Task;
  createThread(task: Task, shortName: string): Thread;
  killThread(t: Thread): void;
  destroyTask(task: Task, exitCode: number): void;
  /** L4_FP_DELETE_OBJ: the object goes away with every capability naming it. */
  deleteObject(object: Kobject): void;

  // --- blocking and waking ------------------------------------------------------------------------------
  readonly scheduler: ThreadScheduling;
  readonly ipc: IpcServices;
  /** Takes t off the CPU into a blocked state, with an optional timeout (clock value). */
  block(t: Thread, state: 'sending' | 'receiving' | 'waiting-reply' | 'sleeping', partner: Kobject | undefined, wakeAt: number | undefined): void;
  /** Ends t's blocked state; the caller makes it ready. */
  unblock(t: Thread): void;

  // --- events -------------------------------------------------------------------------------------------
  objectCreated(object: Kobject, by?: Thread): void;
  emitMapping(e: KernelEvents['mapping']): void;
  /** Whether anybody listens to mapping events: a boot maps every RAM page, so callers skip building them. */
  readonly observesMappings: boolean;
  emitOutput(thread: Thread, text: string): void;
  enterDebugger(thread: Thread, text: string): void;
  /** l4_debugger_add_image_info: a loader says which program file lies at `base` in `task`. */
  announceImage(task: Task, base: number, name: string): void;
}
