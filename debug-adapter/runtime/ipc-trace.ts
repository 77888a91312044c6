// The IPC trace of the sequence chart: a bounded ring of what the kernel reported (messages between threads,
// invocations of kernel objects, page faults, exceptions, IRQs, timeouts, threads coming and going), each with
// the emulated clock, the thread and, for a message, the sender's EIP at the system call. It is recorded from
// the boot on, so a chart opened later still shows the past; readers take batches by sequence number. After a
// travel back the recorded events stay (the position says which lie ahead), and the re-run does not add them
// again; a change of the machine there (a write, a raised IRQ) drops the ones ahead.
import { PROTO, ipcErrorName } from '../../emulator/kernel/abi';
import { pastSysenterPop } from '../../emulator/kernel/syscall-caller';
import { IpcGate } from '../../emulator/kernel/ipc-gate';
import { Irq } from '../../emulator/kernel/irq';
import type { IpcEvent } from '../../emulator/kernel/kernel-events';
import type { Kobject } from '../../emulator/kernel/kobject';
import type { Task } from '../../emulator/kernel/task';
import { Thread } from '../../emulator/kernel/thread';
import { Machine } from '../../emulator/machine';
import { hex32 } from '../../emulator/util/hex';
import { describeItems, describeMessage, logText, protocolKey, requestLabel, resultName } from '../ipc-trace-labels';
import type { TraceBatch, TraceEvent, TraceThread } from '../sequence-chart-protocol';

/** Events kept: enough for minutes of a lecture example; the oldest go first. */
export const DEFAULT_TRACE_CAPACITY = 100_000;
/** A batch answers at most this many events; the reader asks again for the rest. */
const MAX_BATCH = 20_000;
/** Return addresses recorded above the sender's EIP (the SDK's IPC wrappers sit between the stub and the program). */
const RECORDED_FRAMES = 5;

/** What the sender's own system call said, kept until the kernel delivers the message. */
interface PendingSend {
  kind: 'call' | 'send' | 'reply';
  clock: number;
  tag: number;
  items: () => string[];
  pcs: number[];
}

/** A recorded event whose words are made only when it is read (the recording must not slow the emulator). */
type RecordedEvent = TraceEvent & { describe?: (e: TraceEvent) => void };

/** Fills in the label and detail of an event recorded with lazy(), once. */
function described(e: RecordedEvent): TraceEvent {
  if (e.describe) {
    const d = e.describe;
    delete e.describe;
    d(e);
  }
  return e;
}

export class IpcTrace {
  private ring: Array<RecordedEvent | undefined>;
  private nextSeq = 0;
  /**
   * How many of the recorded events the machine has gone through: nextSeq while it runs at the front of the
   * run, fewer after a travel back. The re-run then passes the recorded events again (the machine is
   * deterministic): each moves the position on instead of being recorded twice.
   */
  private cursor = 0;
  private bootCount = 0;
  private machine?: Machine;
  private readonly threads = new Map<number, TraceThread>();
  /** The threads themselves, for their names now (see currentThreads). */
  private readonly live = new Map<number, Thread>();
  /** The tasks of the threads seen, kept after they exit: a click still finds the program's debug info. */
  private readonly tasks = new Map<number, Task>();
  private readonly pending = new Map<Thread, PendingSend>();
  /** The protocol of each caller's last call, so that its reply is filtered with it. */
  private readonly callProtocol = new Map<Thread, number>();
  /** Called after each recorded event (the chart's requests throttle it into a custom event). */
  onRecorded?: () => void;
  /** Called when the run stops or ends: a reader should hear of the last events now, not after its interval. */
  onFlush?: () => void;

  constructor(readonly capacity = DEFAULT_TRACE_CAPACITY) {
    this.ring = new Array(capacity);
  }

  get boot(): number {
    return this.bootCount;
  }

  get next(): number {
    return this.nextSeq;
  }

  get first(): number {
    return Math.max(0, this.nextSeq - this.capacity);
  }

  /** The seq of the first event after the machine's position (next, unless it travelled back). */
  get position(): number {
    return this.cursor;
  }

  /** The position, kept with a time-travel snapshot (TimeTravel companions). */
  travelState(): number {
    return this.cursor;
  }

  /** A snapshot was restored: the machine stands where it stood when the snapshot was taken. */
  restoreTravelState(position: number): void {
    this.cursor = Math.min(position, this.nextSeq);
  }

  /**
   * The debugger changed the machine (a write, a raised IRQ) after a travel back: the recorded events after the
   * position were of another future. They go, and the boot number changes so that readers start over.
   */
  dropFuture(): void {
    if (this.cursor >= this.nextSeq) return;
    this.nextSeq = this.cursor;
    this.bootCount++;
    this.onRecorded?.();
  }

  /** Starts over for a new boot and listens to its kernel; `current` is false once a restart replaced it. */
  attach(machine: Machine, current: () => boolean = () => true): void {
    this.machine = machine;
    this.bootCount++;
    this.nextSeq = this.cursor = 0;
    this.ring = new Array(this.capacity);
    this.threads.clear();
    this.live.clear();
    this.tasks.clear();
    this.pending.clear();
    this.callProtocol.clear();
    for (const t of machine.threads()) this.addThread(t);
    const ev = machine.events;
    ev.on('thread-created', (t) => {
      if (!current()) return;
      this.addThread(t);
      // Named when read: a loader creates the thread in its own task ("moe:new thread") and only then names it
      // and binds it into the program; the mark says which thread it became (the lane's name).
      this.lazy({ kind: 'thread-start', thread: t.id }, (x) => {
        this.currentThreads();
        x.label = `${this.threads.get(t.id)?.name ?? t.name} created`;
      });
    });
    ev.on('thread-exited', (t) => {
      if (!current()) return;
      // Its lane keeps the name it had at the end (a loader may have named it after creating it).
      this.threads.set(t.id, { id: t.id, name: t.name, shortName: t.shortName, task: t.task.id, taskName: t.task.name });
      this.pending.delete(t);
      this.mark('thread-exit', t, `${t.name} exited`, '');
    });
    ev.on('ipc', (e) => {
      if (current()) this.onIpc(e);
    });
    ev.on('page-fault', (e) => {
      if (current()) this.mark('page-fault', e.thread, `page fault ${hex32(e.address)}`, `${e.write ? 'write' : 'read'} at eip ${hex32(e.eip)}${e.resolved ? '' : ', not resolved'}`, e.resolved ? undefined : 'unresolved', [e.eip]);
    });
    ev.on('exception', (e) => {
      if (current()) this.mark('exception', e.thread, `exception ${e.trapno}`, e.message, undefined, [Machine.readRegister(e.thread, 'eip')]);
    });
    ev.on('ipc-timeout', (e) => {
      if (current()) this.mark('timeout', e.thread, e.partner ? `timeout (${objectName(e.partner)})` : 'timeout', ipcErrorName(e.error), ipcErrorName(e.error));
    });
  }

  /** The run stopped or ended (DebugRuntime calls this before it tells the session). */
  flush(): void {
    this.onFlush?.();
  }

  /** Events from `from` on (at most `max`), with every thread the chart needs for its lanes. */
  batch(from = 0, max = MAX_BATCH): TraceBatch {
    const start = Math.max(from, this.first);
    const end = Math.min(this.nextSeq, start + Math.max(0, Math.min(max, MAX_BATCH)));
    const events: TraceEvent[] = [];
    for (let s = start; s < end; s++) events.push(described(this.ring[s % this.capacity] as RecordedEvent));
    return {
      boot: this.bootCount, first: this.first, next: this.nextSeq, position: this.cursor, events, threads: this.currentThreads(),
      instructionsPerMicrosecond: this.machine?.kernel.instructionsPerMicrosecond ?? 1, clock: this.machine?.kernel.clock ?? 0,
    };
  }

  /** One event by its number, while the ring still holds it. */
  event(seq: number): TraceEvent | undefined {
    const e = seq >= this.first && seq < this.nextSeq ? this.ring[seq % this.capacity] : undefined;
    return e && described(e);
  }

  threadInfo(id: number): TraceThread | undefined {
    this.currentThreads();
    return this.threads.get(id);
  }

  // ---- recording ---------------------------------------------------------------------------------------------

  private record(e: Omit<TraceEvent, 'seq' | 'clock'> & { clock?: number }): void {
    if (this.cursor < this.nextSeq) {
      // Re-executed after a travel back: this event is recorded already.
      this.cursor++;
      return;
    }
    const seq = this.nextSeq++;
    this.cursor = this.nextSeq;
    const full = e as TraceEvent;
    full.seq = seq;
    full.clock ??= this.machine?.kernel.clock ?? 0;
    this.ring[seq % this.capacity] = full;
    this.onRecorded?.();
  }

  private lazy(e: Omit<TraceEvent, 'seq' | 'clock' | 'label' | 'detail'>, describe: (e: TraceEvent) => void): void {
    this.record({ ...e, label: '', detail: '', describe } as RecordedEvent);
  }

  private mark(kind: TraceEvent['kind'], t: Thread, label: string, detail: string, error?: string, pcs?: number[]): void {
    this.record({ kind, thread: t.id, label, detail, error, pcs });
  }

  task(id: number): Task | undefined {
    return this.tasks.get(id);
  }

  private addThread(t: Thread): void {
    this.tasks.set(t.task.id, t.task);
    this.live.set(t.id, t);
    this.threads.set(t.id, { id: t.id, name: t.name, shortName: t.shortName, task: t.task.id, taskName: t.task.name });
  }

  /**
   * The lanes as they are now: a loader names a thread after creating it in its own task, then binds it into
   * the program's (ned's "new thread" becomes the program's `#name` l4re thread); an exited thread keeps the
   * name it had.
   */
  private currentThreads(): TraceThread[] {
    for (const [id, info] of this.threads) {
      const t = this.live.get(id);
      if (!t || t.state === 'dead') continue;
      if (info.name === t.name && info.task === t.task.id && info.taskName === t.task.name) continue;
      this.tasks.set(t.task.id, t.task);
      this.threads.set(id, { id, name: t.name, shortName: t.shortName, task: t.task.id, taskName: t.task.name });
    }
    return [...this.threads.values()];
  }

  private onIpc(e: IpcEvent): void {
    if (e.kind === 'receive' && e.to instanceof Irq) {
      const irq = e.to;
      this.lazy({ kind: 'irq', thread: e.from.id }, (x) => {
        x.label = `IRQ ${objectName(irq)}`;
        x.detail = `label ${hex32(e.label >>> 0)}`;
      });
      return;
    }
    if (e.kind === 'receive' && e.to instanceof Thread) {
      this.delivered(e.from, e.to, e);
      return;
    }
    // The caller's own step: its system call, before the kernel delivers anything.
    if (e.kind === 'receive') {
      if (e.error !== undefined) this.mark('ipc-error', e.from, `receive failed`, ipcErrorName(e.error), ipcErrorName(e.error));
      return;
    }
    const tagLabel = e.tag >> 16;
    const words = e.tag & 0x3f;
    const itemCount = (e.tag >>> 6) & 0x3f;
    // Only numbers are taken now (the message registers change later); the words are made when someone reads.
    const itemWords: number[] = [];
    for (let i = 0; i < 2 * itemCount; i++) itemWords.push(e.from.mr(words + i));
    const items = () => describeItems(words, itemCount, (i) => itemWords[i - words] ?? 0);
    const pcs = senderPcs(e.from);
    const to = e.to;
    if (e.error !== undefined && (to === undefined || !isThreadIpc(to, tagLabel))) {
      const error = e.error;
      this.lazy({ kind: 'ipc-error', thread: e.from.id, pcs }, (x) => {
        x.label = `${e.kind} failed`;
        x.protocol = protocolKey(tagLabel);
        x.detail = `${requestLabel(tagLabel, e.words)} to ${to ? objectName(to) : 'an empty slot'}`;
        x.error = ipcErrorName(error);
      });
      return;
    }
    if (to && !isThreadIpc(to, tagLabel)) {
      // An invocation of a kernel object (or of moe's objects when moe is not a thread): an arrow to the kernel.
      const logWords: number[] = [];
      if (tagLabel === PROTO.LOG && (e.words[0] ?? 0) === 0) for (let i = 0; i < 12; i++) logWords.push(e.from.mr(i));
      this.lazy({ kind: 'kernel', thread: e.from.id, to: 0, sendClock: this.machine?.kernel.clock, pcs }, (x) => {
        x.label = requestLabel(tagLabel, e.words) + (logWords.length ? ` "${logText((i) => logWords[i] ?? 0)}"` : '');
        x.protocol = protocolKey(tagLabel);
        x.detail = `${objectName(to)}: ${describeMessage(e.tag, e.words, items())}`;
      });
      return;
    }
    this.pending.set(e.from, { kind: e.kind, clock: this.machine?.kernel.clock ?? 0, tag: e.tag >>> 0, items, pcs });
  }

  /** The kernel copied a message from `sender` to `receiver`: the arrow, with what the sender's call said. */
  private delivered(sender: Thread, receiver: Thread, e: IpcEvent): void {
    const p = this.pending.get(sender);
    const mine = p && p.tag === e.tag >>> 0 ? p : undefined;
    if (mine) this.pending.delete(sender);
    const tagLabel = e.tag >> 16;
    const kernelMade = !mine && (tagLabel === PROTO.PAGE_FAULT || tagLabel === PROTO.EXCEPTION);
    const kind = mine?.kind ?? 'call';
    const message = () => describeMessage(e.tag, e.words, mine ? mine.items() : []);
    if (kind === 'reply') {
      const callLabel = this.callProtocol.get(receiver);
      this.lazy({ kind, thread: sender.id, to: receiver.id, sendClock: mine?.clock, pcs: mine?.pcs }, (x) => {
        const result = resultName(tagLabel);
        x.label = `reply ${result}`;
        x.protocol = callLabel !== undefined ? protocolKey(callLabel) : undefined;
        x.detail = message();
        x.error = tagLabel < 0 ? result : undefined;
      });
      return;
    }
    if (kind === 'call') this.callProtocol.set(sender, tagLabel);
    // A log write to a log server thread (moe's, on the user-level servers) shows its text, as one to the
    // kernel's log does: the receiver holds the message now.
    const logWords: number[] = [];
    if (tagLabel === PROTO.LOG && (e.words[0] ?? 0) === 0) for (let i = 0; i < 12; i++) logWords.push(receiver.mr(i));
    this.lazy({ kind, thread: sender.id, to: receiver.id, sendClock: mine?.clock, pcs: mine?.pcs }, (x) => {
      x.label = requestLabel(tagLabel, e.words) + (logWords.length ? ` "${logText((i) => logWords[i] ?? 0)}"` : '');
      x.protocol = protocolKey(tagLabel);
      x.detail = `${kernelMade ? 'sent by the kernel; ' : ''}${message()}; receiver's label ${hex32(e.label >>> 0)}`;
    });
  }
}

/** Mirrors the kernel's choice between thread IPC and an object's operation (syscall-entry.ts ipcPeer). */
function isThreadIpc(target: Kobject, protoLabel: number): boolean {
  if (target instanceof Thread) return protoLabel !== PROTO.THREAD;
  if (target instanceof IpcGate) return protoLabel !== PROTO.KOBJECT && target.thread !== undefined;
  return false;
}

function objectName(o: Kobject): string {
  return o instanceof IpcGate && o.thread ? `${o.toString()} → ${o.thread.name}` : o.toString();
}

/**
 * The sender's EIP (in the syscall stub) and the return addresses above it: the stub's own (on top of the stack)
 * and then the frame-pointer chain. A few memory reads, cheap enough for every message; the chart resolves them
 * to the first line of the program's own code when asked.
 */
function senderPcs(t: Thread): number[] {
  const eip = Machine.readRegister(t, 'eip');
  const pcs = [eip];
  const top = Machine.readU32(t.task, Machine.readRegister(t, 'esp'));
  let ebp = Machine.readRegister(t, 'ebp');
  if (pastSysenterPop(t, eip)) {
    // Real Fiasco's sysenter stub popped the return address into EBX; the caller's EBP is on the stack.
    pcs.push(Machine.readRegister(t, 'ebx'));
    if (top !== undefined) ebp = top;
  } else if (top !== undefined) pcs.push(top);
  while (pcs.length < RECORDED_FRAMES && ebp !== 0) {
    const ret = Machine.readU32(t.task, ebp + 4);
    const up = Machine.readU32(t.task, ebp);
    if (ret === undefined || up === undefined || ret === 0) break;
    pcs.push(ret);
    if (up <= ebp) break;
    ebp = up;
  }
  return pcs;
}
