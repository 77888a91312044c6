import { Invocation, InvokeResult, Kobject, errorReply, okReply } from '../kernel/kobject';
import type { Kernel } from '../kernel/kernel';
import { CAP_RIGHT_W, FPAGE_TYPE_MEMORY, L4_ERR, PROTO, fpage } from '../kernel/abi';
import { PAGE_SIZE } from '../cpu/physical-memory';
import { PROT_R, PROT_W, PROT_X } from '../cpu/address-space';
import { decodeFpage } from '../kernel/message-items';
import { br, capItemSlot, mrU64, opcode, setMrU64 } from './rpc-message';

/** L4Re::Dataspace's opcodes: the order of its RPC list (l4re/include/dataspace; docs/l4re-protocols.md). */
export const DS_OP = { MAP: 0, CLEAR: 1, INFO: 2, COPY_IN: 3, ALLOCATE: 4, MAP_INFO: 5 } as const;
/** An L4Re::Ipc receive item that takes mappings (BR0 of a map request). */
const L4_ITEM_MAP = 8;
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
        this.kernel.phys.notifyWrite(pa, PAGE_SIZE);
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
    const words = inv.tag.words;
    switch (opcode(c)) {
      case DS_OP.MAP: {
        // MR2..3 offset, MR4..5 hot spot in the receive window, MR6 flags; BR0/BR1: the window.
        if (words < 7) return errorReply(L4_ERR.EMSGTOOSHORT);
        const offset = mrU64(c, 2);
        const spot = mrU64(c, 4);
        const flags = c.mr(6);
        if (offset >= this.size) return errorReply(L4_ERR.ERANGE);
        // As moe: asking for W or X that the capability (or the dataspace) does not give is refused.
        const capW = (inv.rights & CAP_RIGHT_W) !== 0 && (this.flags & DS_F.W) !== 0;
        if (flags & DS_F.W && !capW) return errorReply(L4_ERR.EPERM);
        if (flags & DS_F.X && !(this.flags & DS_F.X)) return errorReply(L4_ERR.EPERM);
        if (!(br(c, 0) & L4_ITEM_MAP)) return errorReply(L4_ERR.EINVAL);
        const window = decodeFpage(br(c, 1));
        if (window.type !== FPAGE_TYPE_MEMORY || window.order < 12 || spot >= 2 ** window.order) return errorReply(L4_ERR.EINVAL);
        const page = (window.address + spot - (spot % PAGE_SIZE)) >>> 0;
        const prot = this.prot & (flags & DS_F.W ? ~0 : ~PROT_W);
        c.task.as.map(page, this.frameAt(offset), prot);
        // One map item: send base = the hot spot, the page as a flexpage.
        c.setMr(0, (L4_ITEM_MAP | (spot - (spot % PAGE_SIZE))) >>> 0);
        c.setMr(1, fpage(page, 12, FPAGE_TYPE_MEMORY, flags & this.flags & 7));
        return okReply(0, 1);
      }
      case DS_OP.CLEAR: {
        if (words < 6) return errorReply(L4_ERR.EMSGTOOSHORT);
        const offset = mrU64(c, 2);
        if (offset >= this.size) return errorReply(L4_ERR.ERANGE);
        const size = Math.min(mrU64(c, 4), this.size - offset);
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
        // Stats: MR0..1 size (64 bits), MR2 flags.
        setMrU64(c, 0, this.size);
        c.setMr(2, this.flags);
        return okReply(3);
      case DS_OP.COPY_IN: {
        // MR2..3 destination offset, MR4..5 source offset, MR6..7 size; the source dataspace as an item.
        if (words < 8) return errorReply(L4_ERR.EMSGTOOSHORT);
        if (!(inv.rights & CAP_RIGHT_W)) return errorReply(L4_ERR.EPERM);
        const slot = capItemSlot(c, words, inv.tag.items);
        const src = slot === undefined ? undefined : c.task.caps.lookup(slot)?.object;
        if (!(src instanceof Dataspace)) return errorReply(L4_ERR.EINVAL);
        const dst = mrU64(c, 2);
        const from = mrU64(c, 4);
        if (dst >= this.size || from >= src.size) return errorReply(L4_ERR.ERANGE);
        const size = Math.min(mrU64(c, 6), this.size - dst, src.size - from);
        this.copyFrom(src, from, dst, size);
        return okReply();
      }
      case DS_OP.ALLOCATE: {
        if (words < 6) return errorReply(L4_ERR.EMSGTOOSHORT);
        const offset = mrU64(c, 2);
        const size = mrU64(c, 4);
        if (offset >= this.size) return errorReply(L4_ERR.ERANGE);
        for (let o = offset - (offset % PAGE_SIZE); o < Math.min(this.size, offset + size); o += PAGE_SIZE) this.frameAt(o);
        return okReply();
      }
      case DS_OP.MAP_INFO:
        // Any address will do on a machine with an MMU.
        c.setMr(0, 0);
        c.setMr(1, 0);
        return okReply(2);
      default:
        return errorReply(L4_ERR.ENOSYS);
    }
  }

  /** Copies `size` bytes of `src` (from `from`) into this dataspace at `to`, page piece by page piece. */
  private copyFrom(src: Dataspace, from: number, to: number, size: number): void {
    const bytes = this.kernel.phys.bytes;
    for (let done = 0; done < size; ) {
      const s = from + done;
      const d = to + done;
      const n = Math.min(size - done, PAGE_SIZE - (s % PAGE_SIZE), PAGE_SIZE - (d % PAGE_SIZE));
      const sp = src.frameAt(s) + (s % PAGE_SIZE);
      const dp = this.frameAt(d) + (d % PAGE_SIZE);
      bytes.copyWithin(dp, sp, sp + n);
      this.kernel.phys.notifyWrite(dp, n);
      done += n;
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
