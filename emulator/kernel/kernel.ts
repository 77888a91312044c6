import { AddressSpace, PROT_R, PROT_W, PROT_X } from '../cpu/address-space';
import { OutOfMemoryError, PhysicalMemory, PAGE_SIZE } from '../cpu/physical-memory';
import { Reg, Vector } from '../cpu/cpu';
import { TypedEmitter } from '../util/typed-emitter';
import { hex32 } from '../util/hex';
import {
  CAP_RIGHT_S,
  CAP_RIGHT_W,
  INVALID_CAP_BIT,
  KIP_ADDRESS,
  SYSCALL_PAGE_ADDRESS,
  SYSCALL_STUB,
  SYSENTER_STUB,
  DEFAULT_TIME_SLICE_US,
  SCHEDULER_GRANULARITY_US,
  UTCB_BR_OFFSET,
  UTCB_SIZE,
} from './abi';
import { Kobject, refundQuota } from './kobject';
import type { KernelEvents } from './kernel-events';
import type { KernelServices } from './kernel-services';
import { SyscallKernel, syscall } from './syscall-entry';
import { Kip } from './kip';
import { Factory } from './factory';
import { SchedulerObject } from './scheduler-object';
import { DebuggerObject } from './debugger-object';
import { MappingDb } from './mapping-db';
import { Icu } from './icu';
import { unmapFpage } from './task-object';
import { decodeFpage } from './message-items';
import { Ipc } from './ipc';
import { gateDeleted } from './thread-delete-irq';
import { identityPage } from './identity-space';
import { IpcGate } from './ipc-gate';
import { Vlog } from './vlog';
import { Scheduler } from './scheduler';
import { Task } from './task';
import { Thread } from './thread';
import { isNativeExceptionHandler, isNativePager } from './native-server';
import { describeException, describeRaisedException } from './exceptions';
import { sendExceptionIpc, sendPageFaultIpc } from './fault-ipc';

// The event types live in kernel-events.ts; they are re-exported for the machine and the debugger.
export type { IpcEvent, KernelEvents, SyscallEvent } from './kernel-events';

export interface KernelOptions {
  memoryBytes: number;
  /** Emulated clock rate: retired instructions per emulated microsecond. */
  instructionsPerMicrosecond: number;
  /** Fixed physical addresses, as bootstrap lays out a real L4Re boot (default: everything allocated). */
  physicalLayout?: PhysicalLayout;
}

/** Where a real boot puts the kernel's own memory (see emulator/real-l4re/bootstrap-layout.ts). */
export interface PhysicalLayout {
  /** Physical address of the KIP frame. */
  kipFrame: number;
  /** The kernel's memory pool: UTCBs and other kernel-made pages come only from here. */
  kernelPool: { start: number; end: number };
  /** The syscall page and KIP+0x800 hold the sysenter stub instead of `int $0x30; ret`. */
  sysenter: boolean;
  /** Real Fiasco does not map the KIP into tasks (the loader attaches it); ours does unless this is false. */
  kipInEveryTask: boolean;
}

/** Share of RAM that is kernel memory (the root factory's quota), as Fiasco's Config::kmem_per_cent. */
export const KERNEL_MEMORY_PERCENT = 8;

/** Largest clock value a timeout may set: below 2^53 every instruction still counts exactly (~1.4 years at 100 MHz). */
export const MAX_CLOCK = 2 ** 52;

/**
 * The Fiasco.OC-style kernel: tasks, threads, the scheduler, blocking and waking, timeouts against the
 * emulated clock, page faults and exceptions routed to pagers and exception handlers, and the events. The
 * system call itself runs in syscall-entry.ts; kernel objects see this class only as `KernelServices`.
 */
export class Kernel implements KernelServices, SyscallKernel {
  readonly phys: PhysicalMemory;
  readonly events = new TypedEmitter<KernelEvents>();
  readonly scheduler = new Scheduler();
  readonly kip: Kip;
  /** The kernel's console object (what L4_BASE_LOG_CAP names). */
  readonly vlog = new Vlog((t, text) => this.emitOutput(t, text));
  readonly ipc: Ipc = new Ipc(this);
  readonly tasks: Task[] = [];
  readonly threads: Thread[] = [];
  readonly instructionsPerMicrosecond: number;
  /** The emulated clock: instructions retired by all threads, plus idle time. */
  clock = 0;
  /** Part of the clock that passed with no thread ready (Scheduler IDLE_TIME). */
  idleInstructions = 0;
  readonly defaultTimeSliceUs = DEFAULT_TIME_SLICE_US;
  /** Instructions per scheduler granule (the timer tick): the KIP clock is never further behind than this. */
  readonly tickInstructions: number;
  /** The root factory, whose quota is the kernel memory: 8% of RAM as Fiasco's Config::kmem_per_cent. */
  readonly rootFactory: Factory;
  readonly schedulerObject = new SchedulerObject();
  readonly debuggerObject = new DebuggerObject();
  readonly mappings = new MappingDb();
  readonly icu: Icu = new Icu(this);
  private readonly syscallFrame: number;
  private readonly kipInEveryTask: boolean;
  private readonly sleepers = new Set<Thread>();

  constructor(opts: KernelOptions) {
    const layout = opts.physicalLayout;
    this.phys = new PhysicalMemory(opts.memoryBytes, layout?.kernelPool);
    this.rootFactory = new Factory('factory', Math.floor((opts.memoryBytes / 100) * KERNEL_MEMORY_PERCENT));
    this.instructionsPerMicrosecond = opts.instructionsPerMicrosecond;
    this.tickInstructions = this.usToInstructions(SCHEDULER_GRANULARITY_US);
    const stub = layout?.sysenter ? SYSENTER_STUB : SYSCALL_STUB;
    this.kip = new Kip(this.phys, opts.memoryBytes, opts.instructionsPerMicrosecond, layout?.kipFrame, stub);
    this.kipInEveryTask = layout?.kipInEveryTask ?? true;
    this.syscallFrame = this.phys.allocFrame();
    this.phys.bytes.set(stub, this.syscallFrame);
    this.phys.notifyWrite(this.syscallFrame, stub.length);
    // The global pages belong to the kernel: no task's end frees them.
    this.phys.hold(this.syscallFrame);
    this.phys.hold(this.kip.frame);
  }

  get microseconds(): number {
    return Math.floor(this.clock / this.instructionsPerMicrosecond);
  }

  usToInstructions(us: number): number {
    return Math.max(1, Math.round(us * this.instructionsPerMicrosecond));
  }

  // --- objects ------------------------------------------------------------------------

  /** A new task with the kernel's global pages (syscall page, KIP) mapped. */
  createTask(name: string): Task {
    const as = new AddressSpace(this.phys);
    as.map(SYSCALL_PAGE_ADDRESS, this.syscallFrame, PROT_R | PROT_X);
    if (this.kipInEveryTask) as.map(KIP_ADDRESS, this.kip.frame, PROT_R | PROT_X);
    const task = new Task(name, as);
    this.tasks.push(task);
    this.events.emit('task-created', task);
    return task;
  }

  createThread(task: Task, shortName: string): Thread {
    const t = new Thread(task, shortName);
    t.cpu.tsc = () => this.clock;
    t.onStateChange = (th, from, to) => {
      if (this.events.listening['thread-state']) this.events.emit('thread-state', { thread: th, from, to });
    };
    t.quantum = this.usToInstructions(DEFAULT_TIME_SLICE_US);
    t.quantumLeft = t.quantum;
    task.threads.push(t);
    this.threads.push(t);
    this.events.emit('thread-created', t);
    return t;
  }

  /** Maps fresh zeroed memory for a UTCB (and its page) from the task's UTCB area; returns its address. */
  allocUtcb(task: Task): number {
    const used = new Set(task.threads.map((t) => t.utcb));
    for (let a = task.utcbArea.address; a + UTCB_SIZE <= task.utcbArea.address + task.utcbArea.size; a += UTCB_SIZE) {
      if (used.has(a)) continue;
      const page = a & ~(PAGE_SIZE - 1);
      if (!task.as.lookup(page)) task.as.map(page, this.phys.allocFrame(), PROT_R | PROT_W);
      return a;
    }
    throw new Error(`task ${task.name}: UTCB area ${hex32(task.utcbArea.address)} is full`);
  }

  /** Makes a thread runnable at eip with the given stack. */
  startThread(t: Thread, eip: number, esp: number): void {
    t.cpu.eip = eip >>> 0;
    t.cpu.regs[Reg.ESP] = esp >>> 0;
    t.quantumLeft = t.quantum;
    this.scheduler.makeReady(t);
  }

  get observesMappings(): boolean {
    return this.events.has('mapping');
  }

  emitMapping(e: KernelEvents['mapping']): void {
    if (this.events.has('mapping')) this.events.emit('mapping', e);
  }

  objectCreated(object: Kobject, by?: Thread): void {
    if (this.events.has('object-created')) this.events.emit('object-created', { object, by });
  }

  /** L4_FP_DELETE_OBJ: the object goes away, and with it every capability that names it. */
  deleteObject(object: Kobject): void {
    if (object instanceof Thread) this.killThread(object);
    else if (object instanceof Task) this.destroyTask(object, 0);
    else {
      if (object instanceof IpcGate) {
        if (object.destroyed) return;
        object.destroyed = true;
        gateDeleted(this, object.thread);
        object.thread = undefined;
      }
      for (const t of this.tasks) for (const e of t.caps.entries()) if (e.object === object) t.caps.remove(e.slot);
      refundQuota(object);
      if (this.events.has('object-destroyed')) this.events.emit('object-destroyed', { object });
    }
  }

  announceImage(task: Task, base: number, name: string): void {
    this.events.emit('image-info', { task, base, name });
  }

  enterDebugger(thread: Thread, text: string): void {
    this.events.emit('enter-debugger', { thread, text });
  }

  emitOutput(thread: Thread, text: string): void {
    this.events.emit('output', { task: thread.task, thread, text });
  }

  /** Ends a thread: it leaves every queue and is gone from the views. */
  killThread(t: Thread): void {
    if (t.state === 'dead') return;
    this.scheduler.remove(t);
    this.sleepers.delete(t);
    if (t.state === 'sending' && t.partner instanceof Thread) {
      const q = t.partner.senders;
      if (q.includes(t)) q.splice(q.indexOf(t), 1);
    }
    t.state = 'dead';
    this.ipc.partnerGone(t);
    t.wakeAt = undefined;
    t.task.threads.splice(t.task.threads.indexOf(t), 1);
    this.threads.splice(this.threads.indexOf(t), 1);
    refundQuota(t);
    this.events.emit('thread-exited', t);
  }

  /** Destroys a task: its threads end, its capabilities and memory are released. */
  destroyTask(task: Task, exitCode: number): void {
    if (task.exited) return;
    for (const t of [...task.threads]) this.killThread(t);
    task.exited = true;
    task.exitCode = exitCode;
    // Everything the task mapped to others goes with it (Fiasco unmaps a dying task's mappings recursively).
    for (const e of task.caps.entries()) unmapFpage(this, task, decodeFpage(((e.slot << 12) | (3 << 4) | 0xf) >>> 0), false, false);
    for (const p of task.as.mappedPages()) {
      if (p.pa !== this.syscallFrame && p.pa !== this.kip.frame) unmapFpage(this, task, decodeFpage(((p.va & ~0xfff) | (12 << 6) | (1 << 4) | 7) >>> 0), false, false);
    }
    this.mappings.forgetTask(task.id);
    // Frames are reference counted (page-table entries and holders such as dataspaces): unmapping frees the
    // frames nothing else maps or holds, in time proportional to this task's pages.
    for (const p of task.as.mappedPages()) task.as.unmap(p.va);
    task.caps.clear();
    this.tasks.splice(this.tasks.indexOf(task), 1);
    refundQuota(task);
    this.events.emit('task-exited', { task, exitCode });
  }

  // --- time -------------------------------------------------------------------------

  updateKipClock(): void {
    this.kip.setClock(this.microseconds);
  }

  /** The earliest pending timeout (clock value), if any. */
  nextTimeout(): number | undefined {
    let next: number | undefined;
    for (const t of this.sleepers) if (t.wakeAt !== undefined && (next === undefined || t.wakeAt < next)) next = t.wakeAt;
    return next;
  }

  /** Wakes every thread whose timeout has passed: its receive fails with RETIMEOUT. */
  fireTimeouts(): void {
    for (const t of [...this.sleepers]) {
      if (t.wakeAt !== undefined && t.wakeAt <= this.clock) {
        this.ipc.timedOut(t);
        this.unblock(t);
        this.scheduler.makeReady(t);
      }
    }
  }

  get hasSleepers(): boolean {
    return this.sleepers.size > 0;
  }

  // --- the system call ------------------------------------------------------------------

  /** Handles `int 0x30` of thread t (its EIP already points after the instruction): see syscall-entry.ts. */
  syscall(t: Thread): void {
    syscall(this, t);
  }

  /**
   * The clock value of an absolute timeout held in t's buffer registers br, br+1 (µs); undefined (never) when
   * it lies beyond MAX_CLOCK: jumping the clock there would make it too coarse to count single instructions.
   */
  absoluteTimeout(t: Thread, br: number): number | undefined {
    const lo = t.task.as.readU32(t.utcb + UTCB_BR_OFFSET + 4 * br) ?? 0;
    const hi = t.task.as.readU32(t.utcb + UTCB_BR_OFFSET + 4 * (br + 1)) ?? 0;
    const at = (hi * 0x1_0000_0000 + lo) * this.instructionsPerMicrosecond;
    if (at > MAX_CLOCK) return undefined;
    return Math.max(this.clock, Math.round(at));
  }

  /** Takes t off the CPU into a blocked state, with an optional timeout (clock value). */
  block(t: Thread, state: 'sending' | 'receiving' | 'waiting-reply' | 'sleeping', partner: Kobject | undefined, wakeAt: number | undefined): void {
    this.scheduler.remove(t);
    t.state = state;
    t.partner = partner;
    t.wakeAt = wakeAt;
    if (wakeAt !== undefined) this.sleepers.add(t);
    else this.sleepers.delete(t);
  }

  /** Ends t's blocked state (its IPC completed); the caller makes it ready. */
  unblock(t: Thread): void {
    this.sleepers.delete(t);
    t.wakeAt = undefined;
    t.partner = undefined;
    if (t.state !== 'dead' && t.state !== 'faulted' && t.state !== 'inactive') t.state = 'ready';
  }

  // --- faults and exceptions ------------------------------------------------------------

  /**
   * A CPU fault of thread t (EIP at the faulting instruction). Page faults go to the pager; the rest, and
   * unresolved page faults, to the exception handler. A fault nobody can handle stops the thread and is
   * reported through `takeFault()`.
   */
  fault(t: Thread, vector: number, errorCode: number, address: number): void {
    this.updateKipClock();
    if (vector === Vector.PF) {
      const write = (errorCode & 2) !== 0;
      const fetch = (errorCode & 16) !== 0;
      if (!(errorCode & 1) && identityPage(this, t.task, address)) {
        if (this.events.has('page-fault')) this.events.emit('page-fault', { thread: t, address, write, eip: t.cpu.eip, resolved: true });
        return;
      }
      const pager = this.lookupCap(t, t.pager);
      const peer = pager && this.handlerThread(pager, t.pager);
      if (peer) {
        if (this.events.has('page-fault')) this.events.emit('page-fault', { thread: t, address, write, eip: t.cpu.eip, resolved: true });
        sendPageFaultIpc(this, t, peer.receiver, peer.label, pager, address, errorCode);
        this.checkKernelIpcSent(t, `${t.name}: page fault at ${hex32(address)}: its pager ${pager} is gone`);
        return;
      }
      let resolved = false;
      if (pager && isNativePager(pager)) {
        try {
          resolved = pager.handlePageFault(this, t, address, write, fetch);
        } catch (e) {
          if (!(e instanceof OutOfMemoryError)) throw e;
          // No frame left for the page: the thread stops, reported like any fault nobody can resolve.
          this.stopThread(t, `${describeException(t, vector, errorCode)} (out of memory: ${e.message})`);
          return;
        }
      }
      if (this.events.has('page-fault')) this.events.emit('page-fault', { thread: t, address, write, eip: t.cpu.eip, resolved });
      if (resolved) return;
      if (!pager) {
        // A pager capability that does not exist kills the thread (spec §10.1).
        const message = `${describeException(t, vector, errorCode)} (no pager)`;
        if (this.events.has('exception')) this.events.emit('exception', { thread: t, trapno: vector, errorCode, message });
        this.stopThread(t, message);
        return;
      }
    }
    this.exception(t, vector, errorCode);
  }

  /** Delivers an exception (trap number + error code) to t's exception handler. */
  exception(t: Thread, trapno: number, errorCode: number): void {
    if (this.events.has('exception')) this.events.emit('exception', { thread: t, trapno, errorCode, message: describeRaisedException(t, trapno, errorCode) });
    const sel = t.excHandler & INVALID_CAP_BIT ? t.pager : t.excHandler;
    const handler = this.lookupCap(t, sel);
    const peer = handler && this.handlerThread(handler, sel);
    if (peer) {
      sendExceptionIpc(this, t, peer.receiver, peer.label, handler, trapno, errorCode);
      this.checkKernelIpcSent(t, `${describeException(t, trapno, errorCode)}: its exception handler ${handler} is gone`);
      return;
    }
    let message = describeException(t, trapno, errorCode);
    if (handler && isNativeExceptionHandler(handler)) {
      const res = handler.handleException(this, t, trapno, errorCode);
      if (res === 'resume') return;
      message = res.fatal;
    } else if (!handler) {
      message += ' (no exception handler)';
    }
    this.stopThread(t, message);
  }

  /** The thread a page-fault or exception message to `obj` goes to, with the label it will see. */
  private handlerThread(obj: Kobject, selector: number): { receiver: Thread; label: number } | undefined {
    if (obj instanceof Thread) return { receiver: obj, label: 0 };
    if (obj instanceof IpcGate && obj.thread) {
      const rights = (obj === undefined || selector & INVALID_CAP_BIT ? 0 : this.currentCapRights) ?? 0;
      return { receiver: obj.thread, label: (obj.label | (rights & (CAP_RIGHT_W | CAP_RIGHT_S))) >>> 0 };
    }
    return undefined;
  }

  /** If the kernel's message could not even be sent (the handler died), the thread stops. */
  private checkKernelIpcSent(t: Thread, message: string): void {
    if (t.kernelIpc && t.runnable) {
      t.kernelIpc = undefined;
      this.stopThread(t, message);
    }
  }

  private readonly faults: Array<{ thread: Thread; message: string }> = [];

  /** Stops a thread that hit an exception nobody handles; it stays for inspection. */
  stopThread(t: Thread, message: string): void {
    this.scheduler.remove(t);
    this.sleepers.delete(t);
    t.state = 'faulted';
    t.faultMessage = message;
    this.faults.push({ thread: t, message });
  }

  /** The oldest unreported fatal fault, if any (the machine turns it into a 'fault' stop). */
  takeFault(): { thread: Thread; message: string } | undefined {
    return this.faults.shift();
  }

  /** Rights of the capability the last lookupCap() found (the label of a gate carries them). */
  private currentCapRights = 0;

  private lookupCap(t: Thread, selector: number): Kobject | undefined {
    if (selector & INVALID_CAP_BIT) return undefined;
    const e = t.task.caps.lookup(selector >>> 12);
    this.currentCapRights = e?.rights ?? 0;
    return e?.object;
  }

  /** Kernel-wide objects (for the debugger's Kernel view). */
  allObjects(): Kobject[] {
    const seen = new Set<Kobject>();
    for (const task of this.tasks) {
      seen.add(task);
      for (const e of task.caps.entries()) seen.add(e.object);
      for (const th of task.threads) seen.add(th);
    }
    return [...seen];
  }
}
