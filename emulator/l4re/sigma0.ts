import { Invocation, InvokeResult, Kobject, errorReply } from '../kernel/kobject';
import type { Kernel } from '../kernel/kernel';
import type { Thread } from '../kernel/thread';
import type { NativePager } from '../kernel/native-server';
import { FPAGE_TYPE_MEMORY, KIP_ADDRESS, L4_ERR, MEM_RIGHT_R, MEM_RIGHT_W, MEM_RIGHT_X, PROTO, encodeTag, fpage } from '../kernel/abi';
import { decodeFpage } from '../kernel/message-items';
import { PAGE_SIZE } from '../cpu/physical-memory';
import { PROT_R, PROT_W, PROT_X } from '../cpu/address-space';
import type { RegionManager } from './region-manager';

/** Sigma0 request ids in MR0 (`~0xFF | id`, spec §10.3). */
export const SIGMA0_REQ = { RAM: 0x60, IOMEM: 0x70, IOMEM_CACHED: 0x80, ANY_PAGE: 0x90, KIP: 0xa0, DEBUG_DUMP: 0xc0 } as const;
/** Where "any free page" requests are placed in the requester when it gives no window. */
const ANY_PAGE_BASE = 0x2000_0000;

/**
 * The sigma0 role: the root pager. It owns all memory and hands it out to the root task, by resolving its
 * page faults and by answering the sigma0 protocol. The root task's own image (placed by the bootstrap role)
 * comes from `images`; other addresses get fresh zeroed memory.
 */
export class Sigma0 extends Kobject implements NativePager {
  readonly kind = 'Sigma0';
  /** The bootstrap layout of each task sigma0 pages, by task id (its program image and stack). */
  readonly images = new Map<number, RegionManager>();

  constructor(private readonly kernel: Kernel) {
    super('sigma0');
  }

  handlePageFault(kernel: Kernel, thread: Thread, address: number): boolean {
    const page = address & ~(PAGE_SIZE - 1);
    if (thread.task.as.lookup(page)) return false;
    const image = this.images.get(thread.task.id);
    if (image?.map.find(page)) image.populate(kernel, page);
    else thread.task.as.map(page, kernel.phys.allocFrame(), PROT_R | PROT_W | PROT_X);
    return true;
  }

  override invoke(inv: Invocation): InvokeResult {
    if (inv.tag.label !== PROTO.SIGMA0) return errorReply(L4_ERR.EBADPROTO);
    if (inv.tag.words === 0) return errorReply(L4_ERR.EMSGTOOSHORT);
    const c = inv.caller;
    const as = c.task.as;
    const id = c.mr(0) & 0xff;
    let granted: number;
    switch (id) {
      case SIGMA0_REQ.RAM:
      case SIGMA0_REQ.IOMEM:
      case SIGMA0_REQ.IOMEM_CACHED: {
        const fp = decodeFpage(c.mr(1));
        const size = 2 ** Math.max(12, Math.min(fp.order, 24));
        for (let off = 0; off < size; off += PAGE_SIZE) {
          const va = (fp.address + off) >>> 0;
          if (!as.lookup(va)) as.map(va, this.kernel.phys.allocFrame(), PROT_R | PROT_W | PROT_X);
        }
        granted = fpage(fp.address, Math.max(12, fp.order), FPAGE_TYPE_MEMORY, MEM_RIGHT_R | MEM_RIGHT_W | MEM_RIGHT_X);
        break;
      }
      case SIGMA0_REQ.ANY_PAGE: {
        let va = ANY_PAGE_BASE;
        while (as.lookup(va)) va += PAGE_SIZE;
        as.map(va, this.kernel.phys.allocFrame(), PROT_R | PROT_W | PROT_X);
        granted = fpage(va, 12, FPAGE_TYPE_MEMORY, MEM_RIGHT_R | MEM_RIGHT_W | MEM_RIGHT_X);
        break;
      }
      case SIGMA0_REQ.KIP:
        granted = fpage(KIP_ADDRESS, 12, FPAGE_TYPE_MEMORY, MEM_RIGHT_R | MEM_RIGHT_X);
        break;
      default:
        return errorReply(L4_ERR.ENOSYS);
    }
    // One map item: what is now mapped in the requester (sigma0 maps where it was asked, like 1:1).
    c.setMr(0, 0x8);
    c.setMr(1, granted);
    return { kind: 'reply', tag: encodeTag(0, 0, 1, 0) };
  }
}
