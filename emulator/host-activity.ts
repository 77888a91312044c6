// Work the host does on the emulated machine's behalf outside any guest thread (ned's Lua script). The
// machine's slice loop gives such work turns and charges the instructions it used to the emulated clock, so
// an endless script costs emulated time like a guest loop and never keeps the host from regaining control.
import type { Kernel } from './kernel/kernel';

export interface HostActivity {
  /** True while the activity has work to do (it was preempted, not waiting or finished). */
  readonly runnable: boolean;
  /** Runs for about `budget` emulated instructions at most, then returns. */
  run(budget: number): void;
  /** Instructions used since the last call (also work done in event handlers), to be charged to the clock. */
  takeCharge(): number;
}

const activities = new WeakMap<Kernel, HostActivity[]>();

export function addHostActivity(kernel: Kernel, activity: HostActivity): void {
  (hostActivities(kernel) as HostActivity[]).push(activity);
}

/** The kernel's activities: one live list per kernel, so a caller may keep it and see later additions. */
export function hostActivities(kernel: Kernel): readonly HostActivity[] {
  let list = activities.get(kernel);
  if (!list) activities.set(kernel, (list = []));
  return list;
}
