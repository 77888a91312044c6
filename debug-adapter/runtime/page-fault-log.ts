// The recent page faults the `pf` console command lists, kept in clock order across time travel: a run after a
// travel back passes faults that are already recorded (the machine is deterministic) and does not add them a
// second time; an input the debugger makes (a write, a raised IRQ) drops the recorded ones ahead of it, which no
// longer hold; and the list shows only the faults up to the machine's position.

/** A page fault as the `pf` console command lists it. */
export interface PageFaultRecord {
  thread: string;
  address: number;
  write: boolean;
  eip: number;
  resolved: boolean;
  clock: number;
}

function same(a: PageFaultRecord, b: PageFaultRecord): boolean {
  return a.clock === b.clock && a.thread === b.thread && a.address === b.address && a.eip === b.eip && a.write === b.write;
}

export class PageFaultLog {
  private records: PageFaultRecord[] = [];

  constructor(private readonly capacity = 64) {}

  clear(): void {
    this.records = [];
  }

  /** A fault the machine just took: added in clock order, unless it is the re-run of one already recorded. */
  record(r: PageFaultRecord): void {
    const list = this.records;
    let at = list.length;
    while (at > 0 && list[at - 1].clock > r.clock) at--;
    for (let k = at - 1; k >= 0 && list[k].clock === r.clock; k--) if (same(list[k], r)) return;
    list.splice(at, 0, r);
    // The oldest go first; a re-run before the oldest kept one may insert at the front and go at once.
    if (list.length > this.capacity) list.splice(0, list.length - this.capacity);
  }

  /** The run diverges at `clock` (a debugger input): the faults recorded after it no longer hold. */
  dropAfter(clock: number): void {
    while (this.records.length > 0 && this.records[this.records.length - 1].clock > clock) this.records.pop();
  }

  /** The faults up to `clock` (the machine's position), oldest first. */
  upTo(clock: number): PageFaultRecord[] {
    return this.records.filter((r) => r.clock <= clock);
  }

  /** How many recorded faults lie ahead of `clock` (after a travel back). */
  aheadOf(clock: number): number {
    return this.records.reduce((n, r) => n + (r.clock > clock ? 1 : 0), 0);
  }
}
