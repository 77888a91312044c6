import { Cpu, Reg, SegReg } from '../cpu/cpu';
import { Invocation, InvokeResult, Kobject } from './kobject';
import { threadInvoke } from './thread-object';
import type { Task } from './task';
import {
  CAP_RIGHTS_RWSD,
  DEFAULT_PRIO,
  INVALID_CAP,
  MSGTAG_ERROR,
  UTCB_MR_OFFSET,
  UTCB_SEGMENT,
  UTCB_SELF_POINTER_OFFSET,
  UTCB_TCR_ERROR_OFFSET,
  USER_CS,
  USER_DS,
} from './abi';
import { hex32 } from '../util/hex';

/**
 * A message the kernel sends on a thread's behalf (page-fault or exception IPC). While it is under way the
 * thread's own registers and UTCB words are saved, and restored when the reply arrives.
 */
export interface KernelIpc {
  kind: 'page-fault' | 'exception';
  regs: Uint32Array;
  eip: number;
  eflags: number;
  /** UTCB words the kernel borrowed: MR0, MR1, BDR, BR0, BR1. */
  utcb: number[];
  /** Called with the reply tag once the reply has been transferred (MRs in the UTCB). */
  complete(t: Thread, replyTag: number): void;
}

export type ThreadState =
  | 'inactive' // created, not yet started
  | 'ready'
  | 'running'
  | 'sending'
  | 'receiving'
  | 'waiting-reply'
  | 'sleeping'
  | 'page-fault'
  | 'faulted' // stopped by an exception nobody handled; kept for inspection
  | 'dead';

/** An L4 thread: a CPU context bound to a task, with a UTCB and scheduling parameters. */
export class Thread extends Kobject {
  readonly kind = 'Thread';
  readonly cpu: Cpu;
  private _state: ThreadState = 'inactive';
  /** Set by the kernel: reports state changes (the 'thread-state' event). */
  onStateChange?: (t: Thread, from: ThreadState, to: ThreadState) => void;

  get state(): ThreadState {
    return this._state;
  }

  set state(to: ThreadState) {
    const from = this._state;
    if (from === to) return;
    this._state = to;
    this.onStateChange?.(this, from, to);
  }
  prio = DEFAULT_PRIO;
  /** Time slice length in instructions (derived from µs by the scheduler). */
  quantum = 0;
  /** What is left of the current slice, in instructions. */
  quantumLeft = 0;
  /** UTCB virtual address in the task. */
  utcb = 0;
  pager = INVALID_CAP;
  excHandler = INVALID_CAP;
  /** Emulated clock (retired instructions) at which a pending timeout fires, or undefined. */
  wakeAt?: number;
  /** Who the thread is blocked on (send target, closed-wait partner, or the callee awaited). */
  partner?: Kobject;
  /** Threads blocked sending to this one (directly or through a gate): priority order, then FIFO. */
  readonly senders: Thread[] = [];
  /** While 'sending': the label the receiver will see and the object the sender invoked. */
  sendLabel = 0;
  sendVia?: Kobject;
  /** Rights of the capability the current send goes through (object items lose S without it). */
  sendRights = CAP_RIGHTS_RWSD;
  /** The blocked operation: SYSF_* flags and the timeout word (ECX), kept for its later phases. */
  ipcFlags = 0;
  ipcTimeout = 0;
  /** A page-fault or exception IPC the kernel sends on this thread's behalf, while it is under way. */
  kernelIpc?: KernelIpc;
  /** IRQs bound to this thread with triggers not yet received (oldest first). */
  readonly pendingIrqs: Kobject[] = [];
  /** The implicit reply capability: the caller this thread may answer with a REPLY operation. */
  replyTo?: Thread;
  /** Instructions this thread has retired (Thread STATS). */
  consumed = 0;
  /** ex_regs TRIGGER_EXCEPTION: raise exception 0xff (trap number of ex_regs-triggered exceptions) when it next runs. */
  triggerException = false;
  /** Set when the machine reported this thread at a breakpoint; resuming skips that breakpoint once. */
  atBreakpoint = false;
  /** The last system call's tag, for the debugger's UTCB view. */
  lastTag = 0;
  /** Why the thread is 'faulted'. */
  faultMessage?: string;
  /** The thread's own name without the task prefix. */
  shortName: string;
  /**
   * Made by a factory and not named yet: it gets `threadN`, N counted per task, when it is first bound to a
   * task without a name, so names depend only on what that task did (not on loaders' threads in others).
   */
  awaitingNumber = false;

  /** The four per-thread user GDT entries (X86_GDT): base and limit, or undefined when unset. */
  readonly gdt: Array<{ base: number; limit: number } | undefined> = [undefined, undefined, undefined, undefined];

  constructor(public task: Task, shortName: string) {
    super('');
    this.shortName = shortName;
    this.name = `${task.name}:${shortName}`;
    this.cpu = new Cpu(task.as);
    this.cpu.sreg[SegReg.CS] = USER_CS;
    for (const s of [SegReg.DS, SegReg.ES, SegReg.SS]) this.cpu.sreg[s] = USER_DS;
  }

  /** Places the UTCB: %fs:0 (and %gs:0) yield the UTCB address via its self pointer (spec §1.5). */
  bindUtcb(address: number): void {
    this.utcb = address;
    this.task.as.writeU32(address + UTCB_SELF_POINTER_OFFSET, address);
    for (const s of [SegReg.FS, SegReg.GS]) {
      this.cpu.sreg[s] = UTCB_SEGMENT;
      this.cpu.segBase[s] = address + UTCB_SELF_POINTER_OFFSET;
    }
  }

  override invoke(inv: Invocation): InvokeResult {
    return threadInvoke(this, inv);
  }

  mr(i: number): number {
    return this.task.as.readU32(this.utcb + UTCB_MR_OFFSET + 4 * i) ?? 0;
  }

  setMr(i: number, value: number): void {
    this.task.as.writeU32(this.utcb + UTCB_MR_OFFSET + 4 * i, value >>> 0);
  }

  setError(code: number): void {
    this.task.as.writeU32(this.utcb + UTCB_TCR_ERROR_OFFSET, code >>> 0);
  }

  /** Finishes the thread's system call with an IPC error: EAX = tagBase | Error, TCR error = code. */
  completeWithIpcError(code: number, tagBase: number): void {
    this.cpu.regs[Reg.EAX] = (tagBase | MSGTAG_ERROR) >>> 0;
    this.setError(code);
  }

  get alive(): boolean {
    return this.state !== 'dead';
  }

  get runnable(): boolean {
    return this.state === 'ready' || this.state === 'running';
  }

  stateDescription(): string {
    const p = this.partner ? (this.partner instanceof Thread ? this.partner.name : this.partner.toString()) : undefined;
    if (this.kernelIpc && this.state !== 'dead') {
      const what = this.kernelIpc.kind === 'page-fault' ? `page fault at ${hex32(this.mr(0) & ~7)}` : 'exception';
      return `blocked: ${what}, waiting for ${p ?? 'its handler'}`;
    }
    switch (this.state) {
      case 'sending':
        return `sending to ${p ?? '?'}`;
      case 'receiving':
        return p ? `receiving from ${p}` : 'receiving from any';
      case 'waiting-reply':
        return `waiting for reply from ${p ?? '?'}`;
      case 'sleeping':
        return this.wakeAt === undefined ? 'sleeping forever' : `sleeping until instruction ${this.wakeAt}`;
      case 'faulted':
        return `faulted: ${this.faultMessage ?? 'unhandled exception'}`;
      case 'page-fault':
        return `blocked: page fault at ${hex32(this.cpu.faultAddress)}`;
      default:
        return this.state;
    }
  }

  override describe(): Array<{ name: string; value: string }> {
    return [
      { name: 'state', value: this.stateDescription() },
      { name: 'task', value: this.task.name },
      { name: 'priority', value: String(this.prio) },
      { name: 'quantum', value: `${this.quantum} instructions` },
      { name: 'utcb', value: hex32(this.utcb) },
      { name: 'pager', value: hex32(this.pager) },
      { name: 'exception handler', value: hex32(this.excHandler) },
      { name: 'consumed', value: `${this.consumed} instructions` },
    ];
  }
}
