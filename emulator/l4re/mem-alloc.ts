import { Invocation, InvokeResult, Kobject, errorReply, okReply } from '../kernel/kobject';
import { CAP_RIGHTS_RWSD, CAP_SHIFT, FPAGE_TYPE_OBJ, L4_ERR, PROTO, UTCB_BR_OFFSET, encodeTag, fpage } from '../kernel/abi';
import { Dataspace, DS_F } from './dataspace';
import { PAGE_SIZE } from '../cpu/physical-memory';
import { factoryWordArgs, opcode } from './rpc-message';

/** L4Re::Mem_alloc's own opcodes (its one RPC, info); allocating is a factory create (docs/l4re-protocols.md). */
export const MEM_ALLOC_OP = { INFO: 0 } as const;
/** Largest single allocation we hand out. */
const MAX_ALLOC = 256 * 1024 * 1024;

/**
 * moe's memory allocator: creates dataspaces, as L4Re::Mem_alloc::alloc asks for them — a factory create
 * (L4_PROTO_FACTORY) of an L4RE_PROTO_DATASPACE object with the arguments size, flags and alignment — and
 * reports its numbers (L4RE_PROTO_MEM_ALLOC, info).
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
    if (inv.tag.label === PROTO.L4RE_MEM_ALLOC) {
      if (inv.tag.words < 1) return errorReply(L4_ERR.EMSGTOOSHORT);
      if (opcode(c) !== MEM_ALLOC_OP.INFO) return errorReply(L4_ERR.ENOSYS);
      return this.info(inv);
    }
    if (inv.tag.label !== PROTO.FACTORY) return errorReply(L4_ERR.EBADPROTO);
    if ((c.mr(0) | 0) !== PROTO.L4RE_DATASPACE) return errorReply(L4_ERR.ENODEV);
    const [size = 0, flags = 0] = factoryWordArgs(c, inv.tag.words);
    if (size <= 0 || size > MAX_ALLOC) return errorReply(L4_ERR.EINVAL);
    const br0 = c.task.as.readU32(c.utcb + UTCB_BR_OFFSET) ?? 0;
    if (!(br0 & 8)) return errorReply(L4_ERR.EINVAL);
    const slot = br0 >>> CAP_SHIFT;
    const rounded = Math.ceil(size / PAGE_SIZE) * PAGE_SIZE;
    // moe promises only memory the machine has: free RAM minus what earlier dataspaces may still claim.
    if (rounded > this.available()) return errorReply(L4_ERR.ENOMEM);
    const ds = new Dataspace(this.kernel, rounded, DS_F.RWX);
    this.live.add(ds);
    ds.onRelease = (d) => this.live.delete(d);
    void flags; // continuous / pinned / super-page requests and alignment need no special handling here
    c.task.caps.insert(slot, ds, CAP_RIGHTS_RWSD);
    c.setMr(0, 0x8 | 0xe);
    c.setMr(1, fpage(slot << CAP_SHIFT, 0, FPAGE_TYPE_OBJ, CAP_RIGHTS_RWSD));
    return { kind: 'reply', tag: encodeTag(0, 0, 1, 0) };
  }

  /** Mem_alloc::Stats: quota (none: ~0), quota used, memory limit, used and free, one word each. */
  private info(inv: Invocation): InvokeResult {
    const c = inv.caller;
    const phys = this.kernel.phys;
    let promised = 0;
    for (const ds of this.live) promised += ds.size;
    c.setMr(0, 0xffffffff);
    c.setMr(1, Math.min(promised, 0xffffffff));
    c.setMr(2, phys.sizeBytes);
    c.setMr(3, phys.sizeBytes - phys.freeBytes);
    c.setMr(4, phys.freeBytes);
    return okReply(5);
  }
}
