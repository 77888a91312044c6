export const PAGE_SIZE = 4096;

/** Thrown by `PhysicalMemory.allocFrame` when all RAM is in use. */
export class OutOfMemoryError extends Error {
  constructor(message = 'out of physical memory') {
    super(message);
    this.name = 'OutOfMemoryError';
  }
}

/**
 * The machine's RAM: one ArrayBuffer (the host zero-fills it lazily) plus a 4 KiB frame allocator.
 * Physical address = index into `bytes`. Frame 0 is never handed out so that 0 can mean "no frame".
 */
export class PhysicalMemory {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  /** Told about every frame whose contents change behind the CPU's back (see onFrameChange). */
  private readonly frameListeners: Array<(frame: number) => void> = [];
  private readonly totalFrames: number;
  private nextFresh = 1;
  private readonly freeList: number[] = [];
  private inUse = 0;
  /** References per frame: page-table entries that map it plus owners that hold it (hold/drop). */
  private readonly refs: Int32Array;
  /**
   * One byte per frame, set by every write into it (the CPU's stores, frameChanged for all other writers) and
   * cleared by whoever keeps snapshots (the time-travel timeline): the frames that changed since its last
   * capture or restore. Set unconditionally, so the store path costs one byte store.
   */
  readonly written: Uint8Array;
  /**
   * False until `written` is first cleared (clearWritten): until then it marks every frame written since power-on,
   * so an unmarked frame is still the host's zero fill (a first snapshot then need not read it).
   */
  private writtenCleared = false;

  /**
   * With `allocWindow`, fresh frames come only from [start, end): the rest of RAM belongs to whoever places
   * things at fixed physical addresses (the bootstrap layout of a real L4Re boot, sigma0's 1:1 memory).
   */
  constructor(sizeBytes: number, allocWindow?: { start: number; end: number }) {
    const frames = Math.floor(sizeBytes / PAGE_SIZE);
    if (frames < 2) throw new RangeError(`physical memory of ${sizeBytes} bytes is too small`);
    if (frames * PAGE_SIZE > 0x7ffff000) throw new RangeError('physical memory is limited to 2 GiB');
    const buffer = new ArrayBuffer(frames * PAGE_SIZE);
    this.bytes = new Uint8Array(buffer);
    this.view = new DataView(buffer);
    this.totalFrames = frames;
    this.allocLimit = frames;
    if (allocWindow) {
      this.allocStart = this.nextFresh = Math.max(1, Math.ceil(allocWindow.start / PAGE_SIZE));
      this.allocLimit = Math.min(frames, Math.floor(allocWindow.end / PAGE_SIZE));
    }
    this.refs = new Int32Array(frames);
    this.written = new Uint8Array(frames);
  }

  /** Number of 4 KiB frames of RAM. */
  get frames(): number {
    return this.totalFrames;
  }

  /**
   * Subscribes to frame changes made outside the CPU's own stores: allocation, freeing, and writes through
   * AddressSpace.write or notifyWrite. The code cache uses it to drop decoded instructions of changed code.
   */
  onFrameChange(listener: (frame: number) => void): void {
    this.frameListeners.push(listener);
  }

  /** Announces that frame `frame`'s bytes changed (and marks it written). */
  frameChanged(frame: number): void {
    this.written[frame] = 1;
    const ls = this.frameListeners;
    for (let k = 0; k < ls.length; k++) ls[k](frame);
  }

  /** Clears the written-frame map (a snapshot keeper starts a new interval). */
  clearWritten(): void {
    this.written.fill(0);
    this.writtenCleared = true;
  }

  /** The frames written since power-on (1 = written; the others are all zero), while `written` still says so. */
  get writtenSincePowerOn(): Uint8Array | undefined {
    return this.writtenCleared ? undefined : this.written;
  }

  /** Bytes allocFrame can still hand out (fresh or freed frames of the allocation window). */
  get freeBytes(): number {
    return (this.allocLimit - this.nextFresh + this.freeList.length) * PAGE_SIZE;
  }

  /** One more reference to the frame at `pa` (a mapping, or an owner such as a dataspace). */
  hold(pa: number): void {
    this.refs[pa >>> 12]++;
  }

  /** One reference fewer; the frame returns to the free list when nothing maps or holds it any more. */
  drop(pa: number): void {
    const f = pa >>> 12;
    if (this.refs[f] <= 0) return;
    // Frames outside the allocation window belong to a fixed layout (a real boot's images, sigma0's 1:1 RAM):
    // they are counted but never recycled as fresh frames.
    if (--this.refs[f] === 0 && f >= this.allocStart && f < this.allocLimit) this.freeFrame(pa);
  }

  /** References to the frame at `pa` (0: free, or allocated but never mapped or held). */
  references(pa: number): number {
    return this.refs[pa >>> 12];
  }

  /** First and one past the last frame allocFrame may hand out. */
  private readonly allocStart: number = 1;
  private readonly allocLimit: number;

  get framesInUse(): number {
    return this.inUse;
  }

  get sizeBytes(): number {
    return this.totalFrames * PAGE_SIZE;
  }

  allocFrame(): number {
    let frame: number;
    if (this.freeList.length > 0) {
      frame = this.freeList.pop() as number;
      const pa = frame * PAGE_SIZE;
      this.bytes.fill(0, pa, pa + PAGE_SIZE);
    } else if (this.nextFresh < this.allocLimit) {
      frame = this.nextFresh++; // never touched: still zero
    } else {
      throw new OutOfMemoryError(`out of physical memory (${this.totalFrames} frames of 4 KiB in use)`);
    }
    this.frameChanged(frame);
    this.inUse++;
    return frame * PAGE_SIZE;
  }

  freeFrame(pa: number): void {
    if (pa % PAGE_SIZE !== 0 || pa <= 0 || pa >= this.totalFrames * PAGE_SIZE) {
      throw new RangeError(`freeFrame: 0x${pa.toString(16)} is not an allocated frame address`);
    }
    const frame = pa / PAGE_SIZE;
    this.frameChanged(frame);
    this.freeList.push(frame);
    this.inUse--;
  }

  /** Call after writing `bytes` directly (outside AddressSpace.write) where code may have been decoded. */
  notifyWrite(pa: number, length: number): void {
    if (length <= 0) return;
    const first = Math.floor(pa / PAGE_SIZE);
    const last = Math.floor((pa + length - 1) / PAGE_SIZE);
    for (let f = first; f <= last; f++) this.frameChanged(f);
  }
}
