// The virtual page numbers an address space maps, so that listing and teardown do not scan all 2^20 page-table
// entries. A sigma0 that owns RAM 1:1 maps every frame: time travel captures the index as one copy labelled
// with a revision (SelfCapturing), so snapshots share it while no page is mapped or unmapped.
import { nextCaptureRevision } from '../util/capture-revision';

export class PageIndex {
  private vpns = new Set<number>();
  captureRevision = nextCaptureRevision();

  add(vpn: number): void {
    this.vpns.add(vpn);
    this.captureRevision = nextCaptureRevision();
  }

  delete(vpn: number): void {
    this.vpns.delete(vpn);
    this.captureRevision = nextCaptureRevision();
  }

  /** The page numbers in no particular order. */
  values(): number[] {
    return [...this.vpns];
  }

  captureState(): number[] {
    return [...this.vpns];
  }

  restoreState(state: unknown, revision: number): void {
    this.vpns = new Set(state as number[]);
    this.captureRevision = revision;
  }
}
