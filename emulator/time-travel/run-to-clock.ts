// Runs a machine to an exact emulated clock value: guest runs stop at the budget's exact instruction and idle
// time stops at the limit, so the clock lands on `target` unless a whole host turn (ned's script) or the end
// of the boot comes first.
import type { Machine, SliceResult } from '../machine';

/**
 * Runs until Machine.instructions reaches `target`, in slices of at most `slice`; stops early when the boot
 * ends. Breakpoints, watchpoints and event stops are passed over. Returns the clock reached, or 'ended'.
 */
export function runToClock(machine: Machine, target: number, slice = 1_000_000, onSlice?: (r: SliceResult) => void): number | 'ended' {
  while (machine.instructions < target) {
    const r = machine.runSlice(Math.min(slice, target - machine.instructions), { clockLimit: target });
    onSlice?.(r);
    if (r.kind === 'ended') return 'ended';
  }
  return machine.instructions;
}
