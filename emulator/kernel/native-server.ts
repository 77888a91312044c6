import type { KernelServices } from './kernel-services';
import type { Thread } from './thread';

/**
 * A pager implemented in TypeScript (the sigma0/moe roles). The kernel asks it directly instead of sending
 * page-fault IPC to a user thread; the outcome for the faulting thread is the same as the real protocol's.
 */
export interface NativePager {
  /** Returns true when the fault is resolved (the page is now mapped); false turns it into an exception. */
  handlePageFault(kernel: KernelServices, thread: Thread, address: number, write: boolean, fetch: boolean): boolean;
}

/** An exception handler implemented in TypeScript. Returns 'resume' when it fixed the thread, or a message. */
export interface NativeExceptionHandler {
  handleException(kernel: KernelServices, thread: Thread, trapno: number, errorCode: number): 'resume' | { fatal: string };
}

export function isNativePager(o: unknown): o is NativePager {
  return typeof (o as NativePager | undefined)?.handlePageFault === 'function';
}

export function isNativeExceptionHandler(o: unknown): o is NativeExceptionHandler {
  return typeof (o as NativeExceptionHandler | undefined)?.handleException === 'function';
}
