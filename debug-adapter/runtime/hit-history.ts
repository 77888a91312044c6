// Hit counts that follow time travel. A breakpoint's hits are kept as the emulated clock values at which its
// condition held, not as a counter: the count a hit gets is the number of hits before its clock plus one. The
// run is deterministic, so after a travel back the re-run hits at the same clocks and gets the same counts
// (a hit-count breakpoint stops at the same place, a logpoint logs the same hits), and a hit seen again (by a
// reverse search, or a forward run after travel) is not counted twice.
export class HitHistory {
  /** Per breakpoint (code or data breakpoint id): the clocks of its hits, ascending. */
  private readonly clocks = new Map<number, number[]>();

  /** Breakpoint `id` is hit at `clock` (its condition held): its hit number there, counting this hit once. */
  hit(id: number, clock: number): number {
    let list = this.clocks.get(id);
    if (!list) this.clocks.set(id, (list = []));
    const i = firstAtOrAfter(list, clock);
    if (list[i] !== clock) list.splice(i, 0, clock);
    return i + 1;
  }

  /** How many hits breakpoint `id` had before `clock`. */
  before(id: number, clock: number): number {
    const list = this.clocks.get(id);
    return list ? firstAtOrAfter(list, clock) : 0;
  }

  /** The breakpoint was removed (its id is never used again). */
  forget(id: number): void {
    this.clocks.delete(id);
  }

  /** The debugger wrote machine state at `clock`: the hits after it were hits of another future. */
  dropAfter(clock: number): void {
    for (const list of this.clocks.values()) list.length = firstAtOrAfter(list, clock + 1);
  }

  /** A new boot: every count starts over. */
  clear(): void {
    this.clocks.clear();
  }
}

/** The index of the first value ≥ `clock` in an ascending list (its length if none). */
function firstAtOrAfter(list: readonly number[], clock: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < clock) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
