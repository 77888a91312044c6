// What the adapter's IPC trace sends to the IPC sequence chart (custom requests `fiasco/sequenceChart/*` and the
// custom event `fiasco/sequenceChart/changed`). Types only: shared by the adapter, the extension and the webview.

/** What happened: an IPC step between two threads (an arrow) or something that befell one thread (a mark). */
export type TraceEventKind =
  | 'call' | 'send' | 'reply' // a message delivered: sender → receiver (an arrow)
  | 'kernel' // an invocation of a kernel object (Factory, Log, Task, Thread, …; moe's objects unless moe is a thread)
  | 'page-fault' | 'exception' | 'irq' | 'timeout' | 'ipc-error' // marks on one thread
  | 'thread-start' | 'thread-exit';

export interface TraceEvent {
  /** Numbers every event of one boot, from 0: a reader asks for what follows the last it has. */
  seq: number;
  kind: TraceEventKind;
  /** Emulated time (retired instructions) when it happened; for a message: when it was delivered. */
  clock: number;
  /** A message: when the sender made the system call (it may wait before delivery). */
  sendClock?: number;
  /** The acting thread (the sender of a message). */
  thread: number;
  /** The receiving thread of a message (0: the kernel). */
  to?: number;
  /** The protocol or label decoded ("Dataspace map", "reply 0", "page fault"). */
  label: string;
  /** The protocol's name or the label as number, for the protocol filter ("L4RE_DATASPACE", "label 0x10"). */
  protocol?: string;
  /** Words, items, result or error, in words. */
  detail: string;
  /** An error by name (IPC error or a negative result). */
  error?: string;
  /** The sender's EIP at the system call and the return addresses above it (innermost first), for "reveal source". */
  pcs?: number[];
}

export interface TraceThread {
  id: number;
  /** `task:thread` */
  name: string;
  shortName: string;
  task: number;
  taskName: string;
}

/** The answer to `fiasco/sequenceChart/events`. */
export interface TraceBatch {
  /** Changes at each boot (restart): a reader drops what it has when it changes. */
  boot: number;
  /** The oldest event still held (the trace is a ring: older ones were dropped). */
  first: number;
  /** The seq the next event will get. */
  next: number;
  /**
   * The seq of the first event after the machine's position: `next`, unless the debugger travelled back; the
   * events from it on are the run's recorded future (a re-run passes them again without adding them).
   * Absent: `next`.
   */
  position?: number;
  events: TraceEvent[];
  threads: TraceThread[];
  /** Emulated clock rate, for time in µs (the Perfetto export). */
  instructionsPerMicrosecond: number;
  /** The emulated clock now. */
  clock: number;
}

/** The body of the custom event `fiasco/sequenceChart/changed`: new events exist (sent at most a few times a second). */
export interface TraceChanged {
  boot: number;
  next: number;
  /** The new events themselves when they are few (from the seq the last notification ended at): no request needed. */
  batch?: TraceBatch;
}

/** The answer to `fiasco/sequenceChart/source`: where the sender made the system call. */
export interface TraceSource {
  thread: number;
  threadName: string;
  file?: string;
  /** 1-based */
  line?: number;
  pc?: number;
}
