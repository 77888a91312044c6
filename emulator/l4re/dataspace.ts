import { Invocation, InvokeResult, Kobject, errorReply, okReply } from '../kernel/kobject';
import type { Kernel } from '../kernel/kernel';
import { CAP_RIGHT_W, L4_ERR, PROTO } from '../kernel/abi';
import { PAGE_SIZE } from '../cpu/physical-memory';
import { PROT_R, PROT_W, PROT_X } from '../cpu/address-space';

/** Dataspace opcodes (our SDK's `l4re_ds_*`; see docs/l4re-protocols.md). */
export const DS_OP = { MAP: 0, CLEAR: 1, INFO: 2, ALLOCATE: 4 } as const;
/** Dataspace rights flags, as L4Re's `L4RE_DS_F_*` (the flexpage rights bits: X 1, W 2, R 4). */
export const DS_F = { X: 1, W: 2, R: 4, RW: 6, RX: 5, RWX: 7 } as const;

/**
 * A dataspace (moe's anonymous memory): a number of pages whose frames are allocated on first touch and
 * shared by every region that attaches it — which is how two tasks share memory in L4Re.
 */
export class Dataspace extends Kobject {
  readonly kind = 'Moe.Dataspace';
  private readonly frames = new Map<number, number>();
  /** Regions (in any task's region map) that show this dataspace; with capRefs, what keeps its pages. */
  attachments = 0;
  /** Called once the pages are given back (moe's allocator stops counting them). */
  onRelease?: (ds: Dataspace) => void;

  constructor(
    private readonly kernel: Kernel,
    readonly size: number,
    readonly flags: number = DS_F.RWX,
    /** Initial contents (a boot module's bytes); the rest reads as zero. */
    private readonly content?: Uint8Array,
    name?: string,
  ) {
    super(name ?? `ds(${size} bytes)`);
  }

  /** The physical frame backing byte `offset`, allocated (zeroed) on first use. */
  frameAt(offset: number): number {
    const page = Math.floor(offset / PAGE_SIZE);
    let pa = this.frames.get(page);
    if (pa === undefined) {
      pa = this.kernel.phys.allocFrame();
      this.frames.set(page, pa);
      this.kernel.phys.hold(pa); // the dataspace keeps its pages while tasks come and go
      if (this.content && page * PAGE_SIZE < this.content.length) {
        const from = page * PAGE_SIZE;
        this.kernel.phys.bytes.set(this.content.subarray(from, Math.min(from + PAGE_SIZE, this.content.length)), pa);
      }
    }
    return pa;
  }

  /** Page rights a mapping of this dataspace may have. */
  get prot(): number {
    return (this.flags & DS_F.R ? PROT_R : 0) | (this.flags & DS_F.W ? PROT_W : 0) | (this.flags & DS_F.X ? PROT_X : 0);
  }

  override invoke(inv: Invocation): InvokeResult {
    if (inv.tag.label !== PROTO.L4RE_DATASPACE) return errorReply(L4_ERR.EBADPROTO);
    if (inv.tag.words === 0) return errorReply(L4_ERR.EMSGTOOSHORT);
    const c = inv.caller;
    switch (c.mr(0) & 0xffff) {
      case DS_OP.MAP: {
        // Maps the page at `offset` at the caller's hot spot (the receive window is the caller's whole space).
        const offset = c.mr(1);
        const hot = c.mr(2) & ~(PAGE_SIZE - 1);
        if (offset >= this.size) return errorReply(L4_ERR.ERANGE);
        // A writable mapping needs the W right on the dataspace capability, too.
        const writable = (c.mr(3) & DS_F.W) !== 0 && (this.flags & DS_F.W) !== 0 && (inv.rights & CAP_RIGHT_W) !== 0;
        c.task.as.map(hot, this.frameAt(offset), writable ? this.prot : this.prot & ~PROT_W);
        return okReply();
      }
      case DS_OP.CLEAR: {
        const offset = c.mr(1);
        const size = Math.min(c.mr(2), this.size - offset);
        for (let o = offset; o < offset + size; ) {
          const inPage = o % PAGE_SIZE;
          const n = Math.min(PAGE_SIZE - inPage, offset + size - o);
          const pa = this.frames.get(Math.floor(o / PAGE_SIZE));
          if (pa !== undefined) {
            this.kernel.phys.bytes.fill(0, pa + inPage, pa + inPage + n);
            this.kernel.phys.notifyWrite(pa + inPage, n);
          }
          o += n;
        }
        return okReply();
      }
      case DS_OP.INFO:
        c.setMr(0, this.size);
        c.setMr(1, this.flags);
        return okReply(2);
      case DS_OP.ALLOCATE: {
        const offset = c.mr(1);
        const size = c.mr(2);
        for (let o = offset - (offset % PAGE_SIZE); o < Math.min(this.size, offset + size); o += PAGE_SIZE) this.frameAt(o);
        return okReply();
      }
      default:
        return errorReply(L4_ERR.ENOSYS);
    }
  }

  /** Gives the pages back: each frame is freed once no task maps it any more. */
  release(): void {
    for (const pa of this.frames.values()) this.kernel.phys.drop(pa);
    this.frames.clear();
    this.onRelease?.(this);
  }

  /** Releases the pages when no capability names the dataspace and no region shows it. */
  releaseIfUnused(): void {
    if (this.capRefs === 0 && this.attachments === 0) this.release();
  }

  override lastCapRemoved(): void {
    this.releaseIfUnused();
  }

  /** Bytes of the dataspace that have a frame already. */
  get allocatedBytes(): number {
    return this.frames.size * PAGE_SIZE;
  }

  override describe(): Array<{ name: string; value: string }> {
    return [
      { name: 'size', value: `${this.size} bytes` },
      { name: 'pages allocated', value: String(this.frames.size) },
      { name: 'flags', value: `${this.flags & 1 ? 'r' : '-'}${this.flags & 2 ? 'w' : '-'}${this.flags & 4 ? 'x' : '-'}` },
    ];
  }
}
