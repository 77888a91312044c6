// Which breakpoint addresses are armed in which address space, and why. An address may carry several reasons
// (a user breakpoint, a step's return trap, the entry stop); the CPU breakpoint stays armed while any remains.

export type BreakpointReason =
  | { kind: 'user'; id: number }
  | { kind: 'function'; id: number }
  | { kind: 'entry' }
  /** A temporary trap for one thread, e.g. the return address of a call being stepped over. */
  | { kind: 'temp'; threadId: number; tag: string };

export interface BreakpointSpace {
  addBreakpoint(va: number): void;
  removeBreakpoint(va: number): void;
}

export class BreakpointTable {
  private readonly armed = new Map<BreakpointSpace, Map<number, BreakpointReason[]>>();

  add(space: BreakpointSpace, address: number, reason: BreakpointReason): void {
    let byAddr = this.armed.get(space);
    if (!byAddr) this.armed.set(space, (byAddr = new Map()));
    const list = byAddr.get(address >>> 0) ?? [];
    // Armed again (a task named anew re-arms its breakpoints): one reason is enough.
    if (list.some((r) => JSON.stringify(r) === JSON.stringify(reason))) return;
    if (list.length === 0) space.addBreakpoint(address >>> 0);
    list.push(reason);
    byAddr.set(address >>> 0, list);
  }

  /** Removes every reason matching `pred` (in all spaces); disarms addresses left without a reason. */
  removeWhere(pred: (r: BreakpointReason, space: BreakpointSpace, address: number) => boolean): void {
    for (const [space, byAddr] of this.armed) {
      for (const [address, list] of byAddr) {
        const keep = list.filter((r) => !pred(r, space, address));
        if (keep.length === list.length) continue;
        if (keep.length === 0) {
          byAddr.delete(address);
          space.removeBreakpoint(address);
        } else byAddr.set(address, keep);
      }
    }
  }

  reasonsAt(space: BreakpointSpace, address: number): BreakpointReason[] {
    return this.armed.get(space)?.get(address >>> 0) ?? [];
  }
}
