import type { Thread } from './thread';
import { SCHED_MAX_PRIO } from './abi';

/** Words of the bitmap of non-empty ready queues (one bit per priority). */
const READY_WORDS = (SCHED_MAX_PRIO >>> 5) + 1;

/** Fixed-priority round robin (spec §12): the highest non-empty priority runs; equal priorities take turns. */
export class Scheduler {
  private readonly queues: Thread[][] = Array.from({ length: SCHED_MAX_PRIO + 1 }, () => []);
  /**
   * Bit p is set while queue p is non-empty: pick() finds the highest ready priority with a few word tests
   * instead of looking at all 256 queues on every dispatch (most threads run at priority 2, near the bottom).
   */
  private readonly nonEmpty = new Uint32Array(READY_WORDS);
  /** The highest priority whose queue is non-empty (-1: none): pick() is two loads. */
  private top = -1;

  makeReady(t: Thread): void {
    if (t.state !== 'ready' && t.state !== 'running') t.state = 'ready';
    const q = this.queues[t.prio];
    if (!q.includes(t)) {
      q.push(t);
      this.markNonEmpty(t.prio);
    }
  }

  /** Takes a thread off the ready queues (it blocked, died or was suspended). */
  remove(t: Thread): void {
    const q = this.queues[t.prio];
    const i = q.indexOf(t);
    if (i < 0) return;
    // The running thread (at the front) blocks in nearly every IPC: shift() allocates nothing, splice() would.
    if (i === 0) q.shift();
    else q.splice(i, 1);
    if (q.length === 0) {
      this.nonEmpty[t.prio >>> 5] &= ~(1 << (t.prio & 31));
      if (t.prio === this.top) this.top = this.highestNonEmpty();
    }
  }

  /** The thread that should run now, or undefined when nothing is ready. */
  pick(): Thread | undefined {
    return this.top < 0 ? undefined : this.queues[this.top][0];
  }

  private markNonEmpty(prio: number): void {
    this.nonEmpty[prio >>> 5] |= 1 << (prio & 31);
    if (prio > this.top) this.top = prio;
  }

  private highestNonEmpty(): number {
    const bits = this.nonEmpty;
    for (let w = READY_WORDS - 1; w >= 0; w--) {
      const word = bits[w];
      if (word !== 0) return (w << 5) | (31 - Math.clz32(word));
    }
    return -1;
  }

  /** The thread runs next among its peers (time-slice donation by IPC). */
  moveToFront(t: Thread): void {
    const q = this.queues[t.prio];
    const i = q.indexOf(t);
    if (i > 0) {
      q.copyWithin(1, 0, i);
      q[0] = t;
    }
  }

  /** The thread used up its time slice: it goes behind its peers. */
  rotate(t: Thread): void {
    const q = this.queues[t.prio];
    const i = q.indexOf(t);
    if (i >= 0) {
      q.copyWithin(i, i + 1);
      q[q.length - 1] = t;
    }
  }

  setPriority(t: Thread, prio: number): void {
    const wasQueued = this.queues[t.prio].includes(t);
    this.remove(t);
    t.prio = prio;
    if (wasQueued) {
      this.queues[prio].push(t);
      this.markNonEmpty(prio);
    }
  }

  /** Ready threads, highest priority first, for the debugger's Kernel view. */
  readyThreads(): Thread[] {
    const out: Thread[] = [];
    for (let p = SCHED_MAX_PRIO; p >= 0; p--) out.push(...this.queues[p]);
    return out;
  }
}
