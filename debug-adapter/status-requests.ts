// The status bar's data (extension/status-bar.ts): `fiasco/status/get` answers a snapshot of the running system
// and subscribes the session to `fiasco/status` events — one at every stop and end, and while the program runs
// at most one per interval, so a fast emulator cannot flood the extension host with updates.
import type { DebugRuntime } from './runtime/debug-runtime';
import { CustomRequestContext, registerCustomRequest } from './custom-requests';
import { RequestError } from './request-errors';

export type SystemState = 'starting' | 'running' | 'stopped' | 'ended';

/** One look at the system, as the status bar shows it. */
export interface StatusSnapshot {
  state: SystemState;
  /** Threads alive: ready (able to run: the one on the CPU and those waiting for it; the emulated CPU runs one at a
   *  time, so a count of "running" threads would be 0 or 1) and blocked (in IPC, waiting, not started yet). */
  threads: { total: number; ready: number; blocked: number };
  /** Guest instructions retired so far (the kernel clock without idle time). */
  instructions: number;
  /** Emulated time in µs, as the kernel computes it: its clock (retired instructions plus idle) / instructions per µs. */
  emulatedMicroseconds: number;
  /** Guest instructions per host second in millions, over the last interval; only while running. */
  mips?: number;
}

export const STATUS_EVENT = 'fiasco/status';
/** Fewest milliseconds between two events while running (the extension may ask for a longer interval). */
export const MIN_STATUS_INTERVAL_MS = 100;
const DEFAULT_STATUS_INTERVAL_MS = 500;

export function statusSnapshot(runtime: DebugRuntime, mips?: number): StatusSnapshot {
  const m = runtime.machine;
  const state: SystemState = runtime.hasEnded ? 'ended' : !m ? 'starting' : runtime.isRunning ? 'running' : 'stopped';
  const alive = (m?.threads() ?? []).filter((t) => t.alive);
  const ready = alive.filter((t) => t.runnable).length;
  return {
    state,
    threads: { total: alive.length, ready, blocked: alive.length - ready },
    instructions: m?.retiredInstructions ?? 0,
    emulatedMicroseconds: m?.kernel.microseconds ?? 0,
    ...(state === 'running' && mips !== undefined ? { mips } : {}),
  };
}

/** The event stream of one session's runtime. */
class StatusSubscription {
  private timer?: ReturnType<typeof setInterval>;
  private sample?: { instructions: number; at: number };

  constructor(private readonly runtime: DebugRuntime, private sendEvent: CustomRequestContext['sendEvent'], private intervalMs: number) {
    const ev = runtime.events;
    ev.on('continued', () => this.startTicking());
    ev.on('stopped', () => this.publish());
    ev.on('exited', () => this.publish());
    ev.on('crashed', () => this.publish());
    if (runtime.isRunning) this.startTicking();
  }

  update(sendEvent: CustomRequestContext['sendEvent'], intervalMs: number): void {
    this.sendEvent = sendEvent;
    if (intervalMs !== this.intervalMs) {
      this.intervalMs = intervalMs;
      if (this.timer) this.startTicking();
    }
  }

  private startTicking(): void {
    this.stopTicking();
    this.sample = this.takeSample();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
  }

  private stopTicking(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Runs while the program does: one event per interval; the first tick after it stopped (a halt sends no event) ends it. */
  private tick(): void {
    if (!this.runtime.isRunning) return this.publish();
    const now = this.takeSample();
    const before = this.sample;
    this.sample = now;
    const seconds = before ? (now.at - before.at) / 1000 : 0;
    const mips = before && seconds > 0 ? Math.max(0, now.instructions - before.instructions) / seconds / 1e6 : undefined;
    this.sendEvent(STATUS_EVENT, statusSnapshot(this.runtime, mips));
  }

  private publish(): void {
    this.stopTicking();
    this.sendEvent(STATUS_EVENT, statusSnapshot(this.runtime));
  }

  /** MIPS is a rate display of the host's speed, so here (and only here) the host clock is right. */
  private takeSample(): { instructions: number; at: number } {
    return { instructions: this.runtime.machine?.retiredInstructions ?? 0, at: performance.now() };
  }
}

const subscriptions = new WeakMap<DebugRuntime, StatusSubscription>();

function intervalOf(args: unknown): number {
  if (args === undefined || args === null) return DEFAULT_STATUS_INTERVAL_MS;
  if (typeof args !== 'object') throw new RequestError(1021, 'fiasco/status/get: the arguments must be an object like { "intervalMs": 500 }');
  const v = (args as { intervalMs?: unknown }).intervalMs;
  if (v === undefined) return DEFAULT_STATUS_INTERVAL_MS;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RequestError(1021, `fiasco/status/get: intervalMs must be a number of milliseconds, not ${JSON.stringify(v)}`);
  return Math.max(MIN_STATUS_INTERVAL_MS, Math.round(v));
}

registerCustomRequest('fiasco/status/get', (args, ctx) => {
  const intervalMs = intervalOf(args);
  const sub = subscriptions.get(ctx.runtime);
  if (sub) sub.update(ctx.sendEvent, intervalMs);
  else subscriptions.set(ctx.runtime, new StatusSubscription(ctx.runtime, ctx.sendEvent, intervalMs));
  return statusSnapshot(ctx.runtime);
});
