import type { Thread } from './thread';
import { SCHED_MAX_PRIO } from './abi';

/** Fixed-priority round robin (spec §12): the highest non-empty priority runs; equal priorities take turns. */
export class Scheduler {
  private readonly queues: Thread[][] = Array.from({ length: SCHED_MAX_PRIO + 1 }, () => []);

  makeReady(t: Thread): void {
    if (t.state !== 'ready' && t.state !== 'running') t.state = 'ready';
    const q = this.queues[t.prio];
    if (!q.includes(t)) q.push(t);
  }

  /** Takes a thread off the ready queues (it blocked, died or was suspended). */
  remove(t: Thread): void {
    const q = this.queues[t.prio];
    const i = q.indexOf(t);
    if (i >= 0) q.splice(i, 1);
  }

  /** The thread that should run now, or undefined when nothing is ready. */
  pick(): Thread | undefined {
    for (let p = SCHED_MAX_PRIO; p >= 0; p--) {
      const q = this.queues[p];
      if (q.length) return q[0];
    }
    return undefined;
  }

  /** The thread runs next among its peers (time-slice donation by IPC). */
  moveToFront(t: Thread): void {
    const q = this.queues[t.prio];
    const i = q.indexOf(t);
    if (i > 0) {
      q.splice(i, 1);
      q.unshift(t);
    }
  }

  /** The thread used up its time slice: it goes behind its peers. */
  rotate(t: Thread): void {
    const q = this.queues[t.prio];
    const i = q.indexOf(t);
    if (i >= 0) {
      q.splice(i, 1);
      q.push(t);
    }
  }

  setPriority(t: Thread, prio: number): void {
    const wasQueued = this.queues[t.prio].includes(t);
    this.remove(t);
    t.prio = prio;
    if (wasQueued) this.queues[prio].push(t);
  }

  /** Ready threads, highest priority first, for the debugger's Kernel view. */
  readyThreads(): Thread[] {
    const out: Thread[] = [];
    for (let p = SCHED_MAX_PRIO; p >= 0; p--) out.push(...this.queues[p]);
    return out;
  }
}
