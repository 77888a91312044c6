import type { BasicBlock } from './basic-block';
import type { Insn } from './decoded-instruction';
import type { PhysicalMemory } from './physical-memory';

/** Decoded instructions and basic blocks of one physical frame, indexed by offset in the frame. */
export class DecodedPage {
  insns: Array<Insn | undefined> = new Array<Insn | undefined>(4096);
  blocks: Array<BasicBlock | undefined> = new Array<BasicBlock | undefined>(4096);
}

/**
 * Decoded-instruction cache keyed by physical frame, so that every address space mapping a frame shares
 * (and invalidates) the same entries. `marked[frame]` is 1 while the frame holds decoded code, which lets
 * the store fast path test for self-modifying code with one byte load.
 */
export class CodeCache {
  readonly marked: Uint8Array;
  /** Bumped on every invalidation so the run loop knows when its cached page array may be stale. */
  generation = 0;
  private readonly pages: Array<DecodedPage | undefined>;

  private constructor(frames: number) {
    this.marked = new Uint8Array(frames);
    this.pages = new Array<DecodedPage | undefined>(frames);
  }

  /**
   * The code cache of `phys`, created on first use: it subscribes to the memory's frame changes, so physical
   * memory knows nothing about decoded code.
   */
  static of(phys: PhysicalMemory): CodeCache {
    let cache = caches.get(phys);
    if (cache === undefined) {
      const created = new CodeCache(phys.frames);
      phys.onFrameChange((frame) => created.invalidateFrame(frame));
      caches.set(phys, created);
      cache = created;
    }
    return cache;
  }

  /** The decoded page for `frame`, created on demand; marks the frame as holding code. */
  page(frame: number): DecodedPage {
    let p = this.pages[frame];
    if (p === undefined) {
      p = new DecodedPage();
      this.pages[frame] = p;
    }
    this.marked[frame] = 1;
    return p;
  }

  invalidateFrame(frame: number): void {
    if (this.marked[frame] === 0) return;
    this.marked[frame] = 0;
    this.generation++;
    const p = this.pages[frame];
    // Replace rather than clear: the run loop notices through `generation` and re-fetches the array.
    if (p !== undefined) {
      p.insns = new Array<Insn | undefined>(4096);
      p.blocks = new Array<BasicBlock | undefined>(4096);
    }
  }
}

const caches = new WeakMap<PhysicalMemory, CodeCache>();
