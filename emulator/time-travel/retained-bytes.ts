// The host bytes a changing set of snapshots retains together, each shared copy counted once: the same number as
// retainedBytes over the set, but kept up to date as snapshots are added and dropped, so a timeline over its
// budget does not recount every snapshot at each capture (that was quadratic in the number of snapshots).
import type { MachineSnapshot } from './machine-snapshot';

export class RetainedBytes {
  /** How many held snapshots share each copy; a copy is counted while any does. */
  private readonly holders = new Map<Uint8Array, number>();
  private total = 0;

  get bytes(): number {
    return this.total;
  }

  hold(s: MachineSnapshot): void {
    this.total += s.state.recordBytes;
    for (const c of s.state.copies()) {
      const n = this.holders.get(c) ?? 0;
      if (n === 0) this.total += c.byteLength;
      this.holders.set(c, n + 1);
    }
  }

  /** `s` must be held. */
  release(s: MachineSnapshot): void {
    this.total -= s.state.recordBytes;
    for (const c of s.state.copies()) {
      const n = this.holders.get(c) as number;
      if (n > 1) this.holders.set(c, n - 1);
      else {
        this.holders.delete(c);
        this.total -= c.byteLength;
      }
    }
  }
}
