// Why and where the program stopped: the one record of it. A kernel-event listener (IPC filter, data breakpoint
// on a UTCB) that wants to stop records the stop here and asks the machine to end the slice after that kernel
// entry; the slice's end then reports exactly the recorded stop. The stop the program is in stays here until it
// resumes (exceptionInfo, goto, the current thread of the Debug Console read it).
import type { Machine } from '../../emulator/machine';
import type { Thread } from '../../emulator/kernel/thread';
import type { DecodedInvocation } from '../ipc-descriptions';

export type StopReason =
  | 'entry' | 'breakpoint' | 'function breakpoint' | 'instruction breakpoint' | 'data breakpoint'
  | 'step' | 'pause' | 'exception' | 'goto';

/** A kernel event or fault shown as an exception (exceptionInfo); `id` is the filter that stopped. */
export interface StopException {
  id: string;
  description: string;
  /** Nobody handled it: the thread cannot go on. */
  fatal?: boolean;
  /**
   * Not a filter's stop: an exception of a program's code, looked at after the kernel entry only to see
   * whether it went to l4re (which handles none: the real l4re prints "Unhandled exception" and never
   * replies). Then it is the program's fatal fault; otherwise the run goes on.
   */
  checkOnly?: boolean;
}

export interface Stop {
  reason: StopReason;
  thread: Thread;
  description?: string;
  exception?: StopException;
  /** The user breakpoints (DAP ids) that caused it. */
  hitIds?: number[];
  /**
   * An IPC stop of the sender whose message the kernel delivered in the same kernel entry: the thread that
   * received it (step into IPC partner goes there instead of waiting for the sender's next message).
   */
  deliveredTo?: Thread;
}

export class StopState {
  /** A stop asked for during the running slice, reported when the slice ends. */
  private pending?: Stop;
  /** The stop the program is in; undefined while it runs. */
  current?: Stop;
  /** A step stopped in front of a system call: the kernel frame that shows the decoded invocation. */
  kernelFrame?: { thread: Thread; invocation: DecodedInvocation };

  get hasPending(): boolean {
    return this.pending !== undefined;
  }

  /** Stops after the current kernel entry; the first request of a slice wins. */
  requestAfterKernelEntry(machine: Machine, stop: Stop): void {
    if (this.pending) return;
    this.pending = stop;
    machine.requestStop(stop.thread, stop.description ?? stop.reason);
  }

  /** The pending stop, if any, for the slice's end. */
  takePending(): Stop | undefined {
    const s = this.pending;
    this.pending = undefined;
    return s;
  }

  /** The kernel delivered `sender`'s message to `receiver` in the kernel entry a pending stop of `sender` follows. */
  delivered(sender: Thread, receiver: Thread): void {
    if (this.pending?.thread === sender && this.pending.exception?.id === 'ipc') this.pending.deliveredTo = receiver;
  }

  /** A page fault the pagefault filter asked to see, when the same fault ended the slice as unresolved. */
  pendingPageFault(thread: Thread): StopException | undefined {
    const p = this.pending;
    return p?.thread === thread && p.exception?.id === 'pagefault' ? p.exception : undefined;
  }

  /** The program resumes: nothing is pending, nothing is current. */
  resumed(): void {
    this.pending = undefined;
    this.current = undefined;
  }

  /** The program stops: `stop` is now the current stop (a kernel frame is set again by the step that wants one). */
  stopped(stop: Stop): void {
    this.pending = undefined;
    this.current = stop;
    this.kernelFrame = undefined;
  }
}
