// A program's fault on an L4Re system: the kernel sends the exception as IPC to the thread's exception
// handler, which for every thread l4re starts is l4re itself. l4re handles no exception (it prints "Unhandled
// exception: PC=… PFA=…" and never replies), so the thread waits for good: the kernel sees a thread blocked in
// IPC, the user a crash. This tells the two apart for the CLI's fault report, as the kernel's own "unhandled"
// report does on a system without l4re.
import type { Machine } from '../machine';
import { Thread } from '../kernel/thread';
import { IpcGate } from '../kernel/ipc-gate';
import { ServerCode } from '../boot/server-code';
import { describeException } from '../kernel/exceptions';

export interface RefusedException {
  thread: Thread;
  /** "x:main: unhandled #PF page fault (write) at 0x00000010, eip … — refused by x:#x (l4re)". */
  message: string;
}

/** The thread that takes `t`'s exception IPC, while `t` is in it. */
function exceptionHandler(t: Thread): Thread | undefined {
  if (t.kernelIpc?.kind !== 'exception' || t.state === 'dead') return undefined;
  const p = t.partner;
  return p instanceof Thread ? p : p instanceof IpcGate ? p.thread : undefined;
}

/**
 * Watches the exceptions of a machine: after each slice, `take()` returns those that went to l4re and so
 * will never be handled (each once). Exceptions a handler of the program's own takes are not reported.
 */
export class RefusedExceptions {
  private readonly pending: Array<{ thread: Thread; trapno: number; errorCode: number; message: string }> = [];
  private readonly servers: ServerCode;

  constructor(machine: Machine) {
    this.servers = new ServerCode(machine.plan.roles);
    if (!this.servers.knowsL4re) return;
    machine.events.on('exception', (e) => {
      // The message as raised carries the faulting eip; the fault address is the CPU's at this moment.
      this.pending.push({ thread: e.thread, trapno: e.trapno, errorCode: e.errorCode, message: describeException(e.thread, e.trapno, e.errorCode) });
    });
  }

  /** Exceptions delivered (or queued) to l4re since the last call; the others are dropped. */
  take(): RefusedException[] {
    const out: RefusedException[] = [];
    for (const p of this.pending.splice(0)) {
      const handler = exceptionHandler(p.thread);
      if (!handler || !this.servers.runsL4re(handler)) continue;
      out.push({ thread: p.thread, message: `${p.message} — refused by ${handler.name} (l4re handles no exception)` });
    }
    return out;
  }
}
