// The virtual page numbers an address space maps, so that listing and teardown do not scan all 2^20 page-table
// entries. A sigma0 that owns RAM 1:1 maps every frame: time travel captures the index as one copy labelled
// with a revision (SelfCapturing), so snapshots share it while no page is mapped or unmapped.
//
// A bit per page (128 KiB per space) rather than a Set: a boot adds tens of thousands of pages (sigma0's RAM,
// then moe's), and a Set's growth and hashing were a visible part of the boot's profile.
import { nextCaptureRevision } from '../util/capture-revision';

const WORDS = (1 << 20) >>> 5;

export class PageIndex {
  private bits = new Uint32Array(WORDS);
  captureRevision = nextCaptureRevision();

  add(vpn: number): void {
    this.bits[vpn >>> 5] |= 1 << (vpn & 31);
    this.captureRevision = nextCaptureRevision();
  }

  /** Adds `count` consecutive page numbers from `first` (a word of bits at a time where it can). */
  addRange(first: number, count: number): void {
    const bits = this.bits;
    let vpn = first;
    const end = first + count;
    while (vpn < end && (vpn & 31) !== 0) bits[vpn >>> 5] |= 1 << (vpn++ & 31);
    for (; vpn + 32 <= end; vpn += 32) bits[vpn >>> 5] = -1;
    while (vpn < end) bits[vpn >>> 5] |= 1 << (vpn++ & 31);
    this.captureRevision = nextCaptureRevision();
  }

  delete(vpn: number): void {
    this.bits[vpn >>> 5] &= ~(1 << (vpn & 31));
    this.captureRevision = nextCaptureRevision();
  }

  /** The page numbers, ascending. */
  values(): number[] {
    const out: number[] = [];
    const bits = this.bits;
    for (let w = 0; w < WORDS; w++) {
      let x = bits[w];
      while (x !== 0) {
        const low = x & -x;
        out.push((w << 5) | (31 - Math.clz32(low)));
        x ^= low;
      }
    }
    return out;
  }

  captureState(): Uint32Array {
    return this.bits.slice();
  }

  restoreState(state: unknown, revision: number): void {
    this.bits = (state as Uint32Array).slice();
    this.captureRevision = revision;
  }
}
