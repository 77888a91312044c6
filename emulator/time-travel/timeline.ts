// The snapshots of one run, ordered by emulated clock, within a host-memory budget. The first (the boot) is
// always kept; when the budget is exceeded, every other snapshot of the older half is dropped (older history
// gets coarser, recent history stays dense), so recording never runs the host out of memory.
//
// RAM is tracked by written frames (PhysicalMemory.written): the timeline clears the map after each capture and
// restore, so a capture reads only the frames written since then and shares the rest with that snapshot, and a
// restore copies only frames written since then or differing between the two snapshots. One timeline per machine.
import type { Machine } from '../machine';
import { captureMachineSteps, clearWrittenFrames, MachineSnapshot, restoreMachine } from './machine-snapshot';
import { RetainedBytes } from './retained-bytes';
import { PAGE_SIZE } from '../cpu/physical-memory';
import { CHUNK_BYTES } from './object-graph-state';

const CHUNK_IS_PAGE = PAGE_SIZE === CHUNK_BYTES;

/** The bytes of every RAM frame at one moment. */
export interface RamPages {
  readonly frames: number;
  page(frame: number): Uint8Array;
}

export class Timeline {
  private snaps: MachineSnapshot[] = [];
  /**
   * The last capture or restore: RAM holds its bytes except in frames marked written since. Kept even when
   * thinned out of the timeline (it then costs the frames it does not share).
   */
  private base?: MachineSnapshot;
  /** ramNow's copies of the frames written since the base: their marks are taken out of PhysicalMemory.written. */
  private stopCopies = new Map<number, Uint8Array>();
  /** Host bytes the snapshots retain, kept up to date on every add and drop (each shared copy counted once). */
  private readonly retained = new RetainedBytes();
  /**
   * What the thinning trigger counts on top of `retained`: a capture used to add its ownBytes (which estimate its
   * object records a second time) and keep a replaced snapshot's bytes until the next recount. Kept so the
   * snapshots thinned stay the same; zero after every thinning and every drop.
   */
  private triggerExcess = 0;

  constructor(
    readonly machine: Machine,
    /** Host bytes the snapshots may hold together. */
    readonly budgetBytes: number,
    /** Compare every frame not marked written at each capture, throwing for one that changed (tests). */
    private readonly verifyWrittenFrames = false,
  ) {}

  get snapshots(): readonly MachineSnapshot[] {
    return this.snaps;
  }

  /** Host bytes the snapshots retain (shared pages counted once). */
  get bytes(): number {
    return this.retained.bytes;
  }

  /** Snapshots right after a debugger's write: never thinned (re-execution must not cross a write). */
  private readonly pinned = new Set<MachineSnapshot>();
  /** Capture jobs under way: ramNow leaves the written marks in place (the job reads them). */
  private capturing = 0;

  /** Captures the machine now (replacing a snapshot at the same clock); thins older ones over the budget. */
  capture(pinned = false): MachineSnapshot {
    const steps = this.captureSteps(pinned);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  }

  /**
   * capture as a job its caller drives, a bounded piece of the walk per `next()` (a few ms), so a capture can
   * be spread over host ticks while the machine stands still. The machine must not change until the job is done;
   * a job abandoned with `return()` leaves the timeline as it was (the machine changed: it can no longer finish).
   */
  *captureSteps(pinned = false): Generator<void, MachineSnapshot, void> {
    this.restoreMarks();
    const base = this.base;
    let s: MachineSnapshot;
    this.capturing++;
    try {
      s = yield* captureMachineSteps(this.machine, base, { since: base, verify: this.verifyWrittenFrames });
    } finally {
      this.capturing--;
    }
    // Nothing above changed the timeline or the written marks (restoreMarks only moved ramNow's marks back).
    clearWrittenFrames(this.machine);
    this.base = s;
    if (pinned) this.pinned.add(s);
    const before = this.retained.bytes;
    const i = this.snaps.findIndex((x) => x.clock >= s.clock);
    if (i < 0) this.snaps.push(s);
    else if (this.snaps[i].clock === s.clock) {
      // The same position again (a run after a travel back stops where an input was made): it stays pinned.
      if (this.pinned.delete(this.snaps[i])) this.pinned.add(s);
      this.retained.release(this.snaps[i]);
      this.snaps[i] = s;
    }
    else this.snaps.splice(i, 0, s);
    this.retained.hold(s);
    // (The old total was recounted when the base had left the timeline, the replaced snapshot perhaps.)
    if (base && !this.snaps.includes(base)) this.triggerExcess = 0;
    else this.triggerExcess += s.ownBytes + s.state.recordBytes - (this.retained.bytes - before);
    if (this.retained.bytes + this.triggerExcess > this.budgetBytes) this.thin();
    return s;
  }

  /** The latest snapshot strictly before `clock`. */
  before(clock: number): MachineSnapshot | undefined {
    let found: MachineSnapshot | undefined;
    for (const s of this.snaps) {
      if (s.clock >= clock) break;
      found = s;
    }
    return found;
  }

  /** The clock of the first snapshot after `clock` that follows a debugger's write. */
  nextPinnedAfter(clock: number): number | undefined {
    return this.snaps.find((s) => s.clock > clock && this.pinned.has(s))?.clock;
  }

  /** The latest snapshot at or before `clock`. */
  atOrBefore(clock: number): MachineSnapshot | undefined {
    return this.before(clock + 1);
  }

  /** The machine's future after `clock` changed (the debugger wrote state): snapshots after it no longer hold. */
  dropAfter(clock: number): void {
    const keep = this.snaps.filter((s) => s.clock <= clock);
    if (keep.length === this.snaps.length) return;
    for (const s of this.snaps) {
      if (s.clock <= clock) continue;
      this.pinned.delete(s);
      this.retained.release(s);
    }
    this.snaps = keep;
    this.triggerExcess = 0;
  }

  /**
   * RAM as it is now, page by page, without a capture: the last capture's (or restore's) pages, with copies of
   * the frames written since. Undefined before the first capture. Each call copies only the frames written since
   * the call before (their marks move from PhysicalMemory.written to the copies until the next capture or restore).
   */
  ramNow(): RamPages | undefined {
    const phys = this.machine.kernel.phys;
    const chunks = this.base?.state.chunksOf(phys.bytes.buffer as ArrayBuffer);
    if (!chunks || !CHUNK_IS_PAGE) return undefined;
    const copies = new Map(this.stopCopies);
    const written = phys.written;
    // During a capture job the marks stay (the job may not have read RAM yet): the copies are then this call's only.
    const consume = this.capturing === 0;
    // Four frames' marks per word: nearly all words are zero after a stop's few writes.
    const words = new Int32Array(written.buffer, written.byteOffset, written.length >> 2);
    for (let w = 0; w <= words.length; w++) {
      if (w < words.length && words[w] === 0) continue;
      const end = Math.min(w * 4 + 4, written.length);
      for (let f = w * 4; f < end; f++) {
        if (!written[f]) continue;
        copies.set(f, phys.bytes.slice(f * PAGE_SIZE, (f + 1) * PAGE_SIZE));
        if (consume) written[f] = 0;
      }
    }
    if (consume) this.stopCopies = copies;
    return { frames: chunks.length, page: (f) => copies.get(f) ?? chunks[f] };
  }

  /** Frames ramNow took out of PhysicalMemory.written: marked there again (written since the base). */
  private restoreMarks(): void {
    if (this.stopCopies.size === 0) return;
    const written = this.machine.kernel.phys.written;
    for (const f of this.stopCopies.keys()) written[f] = 1;
    this.stopCopies = new Map();
  }

  restore(s: MachineSnapshot): void {
    this.restoreMarks();
    const base = this.base;
    restoreMachine(this.machine, s, base && { since: base }, () => clearWrittenFrames(this.machine));
    this.base = s;
  }

  private thin(): void {
    while (this.retained.bytes + this.triggerExcess > this.budgetBytes && this.snaps.length > 2) {
      const older = Math.max(2, Math.floor(this.snaps.length / 2));
      // Keep the boot (index 0) and the newest; drop every other one of the older half.
      const kept = (x: MachineSnapshot, i: number): boolean => i === 0 || i >= older || i % 2 === 0 || this.pinned.has(x);
      const keep = this.snaps.filter(kept);
      if (keep.length === this.snaps.length) break; // only pinned ones left to drop
      this.snaps.forEach((x, i) => kept(x, i) || this.retained.release(x));
      this.snaps = keep;
      this.triggerExcess = 0;
      if (this.snaps.length <= 2) break;
    }
  }
}
