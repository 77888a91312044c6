import { Invocation, InvokeResult, Kobject, errorReply } from '../kernel/kobject';
import { CAP_RIGHTS_RWSD, CAP_SHIFT, FPAGE_TYPE_OBJ, L4_ERR, PROTO, UTCB_BR_OFFSET, encodeTag, fpage } from '../kernel/abi';
import { Dataspace, DS_F } from './dataspace';
import { PAGE_SIZE } from '../cpu/physical-memory';

/** Mem_alloc opcodes (docs/l4re-protocols.md). */
export const MEM_ALLOC_OP = { ALLOC: 0 } as const;
/** Factory-protocol variable-argument type: an unsigned machine word. */
const VARG_UMWORD = 1;
/** Largest single allocation we hand out. */
const MAX_ALLOC = 256 * 1024 * 1024;

/**
 * moe's memory allocator: creates dataspaces. Speaks the current protocol (L4RE_PROTO_MEM_ALLOC, op ALLOC)
 * and the 2018-era form (the factory protocol creating an L4RE_PROTO_DATASPACE object with size and flags).
 */
export class MemAlloc extends Kobject {
  readonly kind = 'Moe.MemAlloc';

  /** Dataspaces handed out and not yet released. */
  private readonly live = new Set<Dataspace>();

  constructor(private readonly kernel: import('../kernel/kernel').Kernel) {
    super('mem_alloc');
  }

  /** Bytes a new dataspace may have: free frames not already promised to a live dataspace. */
  available(): number {
    let promised = 0;
    for (const ds of this.live) promised += ds.size - ds.allocatedBytes;
    return Math.max(0, this.kernel.phys.freeBytes - promised);
  }

  override invoke(inv: Invocation): InvokeResult {
    const c = inv.caller;
    let size: number;
    let flags: number;
    if (inv.tag.label === PROTO.L4RE_MEM_ALLOC) {
      if (inv.tag.words < 2) return errorReply(L4_ERR.EMSGTOOSHORT);
      if ((c.mr(0) & 0xffff) !== MEM_ALLOC_OP.ALLOC) return errorReply(L4_ERR.ENOSYS);
      size = c.mr(1);
      flags = inv.tag.words >= 3 ? c.mr(2) : 0;
    } else if (inv.tag.label === PROTO.FACTORY) {
      if ((c.mr(0) | 0) !== PROTO.L4RE_DATASPACE) return errorReply(L4_ERR.ENODEV);
      const vargs: number[] = [];
      for (let i = 1; i + 1 <= inv.tag.words - 1; i += 2) if ((c.mr(i) & 0xffff) === VARG_UMWORD) vargs.push(c.mr(i + 1));
      size = vargs[0] ?? 0;
      flags = vargs[1] ?? 0;
    } else {
      return errorReply(L4_ERR.EBADPROTO);
    }
    if (size === 0 || size > MAX_ALLOC) return errorReply(L4_ERR.EINVAL);
    const br0 = c.task.as.readU32(c.utcb + UTCB_BR_OFFSET) ?? 0;
    if (!(br0 & 8)) return errorReply(L4_ERR.EINVAL);
    const slot = br0 >>> CAP_SHIFT;
    const rounded = Math.ceil(size / PAGE_SIZE) * PAGE_SIZE;
    // moe promises only memory the machine has: free RAM minus what earlier dataspaces may still claim.
    if (rounded > this.available()) return errorReply(L4_ERR.ENOMEM);
    const ds = new Dataspace(this.kernel, rounded, DS_F.RWX);
    this.live.add(ds);
    ds.onRelease = (d) => this.live.delete(d);
    void flags; // continuous / pinned / super-page requests need no special handling here
    c.task.caps.insert(slot, ds, CAP_RIGHTS_RWSD);
    c.setMr(0, 0x8 | 0xe);
    c.setMr(1, fpage(slot << CAP_SHIFT, 0, FPAGE_TYPE_OBJ, CAP_RIGHTS_RWSD));
    return { kind: 'reply', tag: encodeTag(0, 0, 1, 0) };
  }
}
