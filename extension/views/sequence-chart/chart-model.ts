// The IPC sequence chart's data: the events received from the adapter (in clock order), the lanes (one per thread,
// grouped by task, the kernel last), the filters, and fast lookups by emulated time for drawing only what is seen.
// No DOM here: the webview draws it, the tests check it in Node.
import type { TraceBatch, TraceEvent, TraceThread } from '../../../debug-adapter/sequence-chart-protocol';

/** The kernel's lane: invocations of kernel objects end there. */
export const KERNEL_LANE = 0;
/** The chart keeps at most this many events (the adapter's ring holds 100 000; a long session keeps the newest). */
export const MAX_CHART_EVENTS = 200_000;

export interface ChartFilter {
  task?: number;
  thread?: number;
  protocol?: string;
}

export interface Lane {
  thread: number;
  label: string;
  task: number;
  taskName: string;
}

export function isArrow(e: TraceEvent): boolean {
  return e.to !== undefined;
}

/** First index in `events` whose `key` is ≥ `value` (events are in clock order, and seq grows with the clock). */
function firstAtLeast(events: readonly TraceEvent[], key: 'clock' | 'seq', value: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid][key] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in `events` whose clock is ≥ `clock`. */
export function lowerBound(events: readonly TraceEvent[], clock: number): number {
  return firstAtLeast(events, 'clock', clock);
}

export class ChartModel {
  boot = -1;
  instructionsPerMicrosecond = 1;
  /** The emulated clock when the last batch was taken. */
  clock = 0;
  /** The next seq to ask the adapter for. */
  next = 0;
  /** The seq of the first event after the debugger's position: the events from it on lie ahead (a travel back). */
  position = Infinity;
  private all: TraceEvent[] = [];
  private shown: TraceEvent[] = [];
  /** Shown arrows that wait before delivery (sent earlier than delivered): drawn when they cross the view. */
  private waiting: TraceEvent[] = [];
  private readonly threadMap = new Map<number, TraceThread>();
  private laneList?: Lane[];
  private filterValue: ChartFilter = {};

  /** Takes a batch; false when it belongs to another boot than the one held and nothing was taken (a reset happened). */
  apply(batch: TraceBatch): void {
    if (batch.boot !== this.boot) {
      this.boot = batch.boot;
      this.all = [];
      this.shown = [];
      this.waiting = [];
      this.threadMap.clear();
      this.next = 0;
      this.position = Infinity;
    }
    this.position = batch.position !== undefined && batch.position < batch.next ? batch.position : Infinity;
    for (const t of batch.threads) this.threadMap.set(t.id, t);
    this.instructionsPerMicrosecond = batch.instructionsPerMicrosecond;
    this.clock = Math.max(this.clock, batch.clock);
    const fresh = batch.events.filter((e) => e.seq >= this.next);
    if (fresh.length) this.next = fresh[fresh.length - 1].seq + 1;
    this.next = Math.max(this.next, batch.first);
    for (const e of fresh) this.all.push(e);
    if (this.all.length > MAX_CHART_EVENTS) {
      this.all = this.all.slice(this.all.length - MAX_CHART_EVENTS);
      this.refilter();
    } else {
      for (const e of fresh) this.admit(e);
    }
    this.laneList = undefined;
  }

  /** Does the event lie after the debugger's position (recorded ahead of a travel back, drawn muted)? */
  isAhead(e: TraceEvent): boolean {
    return e.seq >= this.position;
  }

  /** How many events held lie ahead of the position. */
  get aheadCount(): number {
    if (this.position === Infinity) return 0;
    return this.all.length - firstAtLeast(this.all, 'seq', this.position);
  }

  get filter(): ChartFilter {
    return this.filterValue;
  }

  set filter(f: ChartFilter) {
    this.filterValue = { ...f };
    this.refilter();
  }

  /** Every event held, in clock order. */
  get events(): readonly TraceEvent[] {
    return this.all;
  }

  /** The events that pass the filters, in clock order. */
  get visible(): readonly TraceEvent[] {
    return this.shown;
  }

  get threads(): TraceThread[] {
    return [...this.threadMap.values()].sort((a, b) => a.id - b.id);
  }

  thread(id: number): TraceThread | undefined {
    return this.threadMap.get(id);
  }

  /** The protocols seen (for the protocol filter). */
  protocols(): string[] {
    const s = new Set<string>();
    for (const e of this.all) if (e.protocol) s.add(e.protocol);
    return [...s].sort();
  }

  passes(e: TraceEvent): boolean {
    const f = this.filterValue;
    if (f.thread !== undefined && e.thread !== f.thread && e.to !== f.thread) return false;
    if (f.task !== undefined && this.taskOf(e.thread) !== f.task && (e.to === undefined || this.taskOf(e.to) !== f.task)) return false;
    if (f.protocol !== undefined && e.protocol !== f.protocol) return false;
    return true;
  }

  /**
   * Lanes: the threads that appear in the shown events (all known threads when nothing is filtered), grouped by
   * task in the order tasks appeared, each task's threads by id; the kernel lane last when something goes there.
   */
  lanes(): Lane[] {
    if (this.laneList) return this.laneList;
    const used = new Set<number>();
    const filtered = this.filterValue.task !== undefined || this.filterValue.thread !== undefined || this.filterValue.protocol !== undefined;
    if (!filtered) for (const t of this.threadMap.values()) used.add(t.id);
    for (const e of this.shown) {
      used.add(e.thread);
      if (e.to !== undefined) used.add(e.to);
    }
    const threads = [...used].filter((id) => id !== KERNEL_LANE).map((id) => this.threadMap.get(id) ?? { id, name: `thread ${id}`, shortName: `thread ${id}`, task: -id, taskName: '?' });
    const taskOrder = new Map<number, number>();
    for (const t of [...threads].sort((a, b) => a.id - b.id)) if (!taskOrder.has(t.task)) taskOrder.set(t.task, taskOrder.size);
    threads.sort((a, b) => (taskOrder.get(a.task) as number) - (taskOrder.get(b.task) as number) || a.id - b.id);
    const lanes: Lane[] = threads.map((t) => ({ thread: t.id, label: t.shortName, task: t.task, taskName: t.taskName }));
    if (used.has(KERNEL_LANE)) lanes.push({ thread: KERNEL_LANE, label: 'kernel objects', task: KERNEL_LANE, taskName: 'kernel' });
    this.laneList = lanes;
    return lanes;
  }

  /** Indices [from, to) of the shown events delivered in [clockFrom, clockTo]. */
  range(clockFrom: number, clockTo: number): [number, number] {
    return [lowerBound(this.shown, clockFrom), lowerBound(this.shown, clockTo + 1)];
  }

  /** Shown arrows sent before `clockTo` and delivered after it (their line crosses the bottom of the view). */
  crossing(clockFrom: number, clockTo: number): TraceEvent[] {
    return this.waiting.filter((e) => (e.sendClock as number) <= clockTo && e.clock > clockTo && e.clock >= clockFrom);
  }

  /** The shown event with this seq (binary search: seq grows with the clock). */
  bySeq(seq: number): TraceEvent | undefined {
    let lo = 0;
    let hi = this.all.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.all[mid].seq < seq) lo = mid + 1;
      else hi = mid;
    }
    return this.all[lo]?.seq === seq ? this.all[lo] : undefined;
  }

  /** Clock of the first and last event held (0, 0 when empty). */
  get span(): [number, number] {
    if (!this.shown.length) return [0, Math.max(1, this.clock)];
    return [Math.min(this.shown[0].sendClock ?? this.shown[0].clock, this.shown[0].clock), this.shown[this.shown.length - 1].clock];
  }

  private taskOf(thread: number): number | undefined {
    return thread === KERNEL_LANE ? KERNEL_LANE : this.threadMap.get(thread)?.task;
  }

  private admit(e: TraceEvent): void {
    if (!this.passes(e)) return;
    this.shown.push(e);
    if (e.sendClock !== undefined && e.sendClock < e.clock) this.waiting.push(e);
    this.laneList = undefined;
  }

  private refilter(): void {
    this.shown = [];
    this.waiting = [];
    this.laneList = undefined;
    for (const e of this.all) this.admit(e);
  }
}
