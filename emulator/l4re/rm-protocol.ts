import type { Invocation, InvokeResult } from '../kernel/kobject';
import { errorReply, okReply } from '../kernel/kobject';
import { CAP_SHIFT, L4_ERR, PROTO, KIP_ADDRESS, SYSCALL_PAGE_ADDRESS, USER_SPACE_END } from '../kernel/abi';
import { PAGE_SIZE } from '../cpu/physical-memory';
import { PROT_R, PROT_W, PROT_X } from '../cpu/address-space';
import { Dataspace } from './dataspace';
import type { RegionManager } from './region-manager';

/** Region-manager opcodes (the order of L4Re::Rm's RPCs) and flags (L4Re's `L4RE_RM_F_*`; docs/l4re-protocols.md). */
export const RM_OP = { ATTACH: 0, DETACH: 1, FIND: 2, RESERVE_AREA: 3, FREE_AREA: 4 } as const;
export const RM_F = {
  X: 1, W: 2, R: 4, RW: 6, RIGHTS: 0xf,
  KERNEL: 0x100, RESERVED: 0x800,
  SEARCH_ADDR: 0x20000, IN_AREA: 0x40000, EAGER_MAP: 0x80000,
} as const;
/** Where a search for free address space starts when the hint is lower. */
const SEARCH_FROM = 0x1000_0000;

/** The Rm protocol of an application's region manager: attach/detach/find dataspaces in its address space. */
export function rmInvoke(rm: RegionManager, inv: Invocation): InvokeResult {
  if (inv.tag.label !== PROTO.L4RE_RM) return errorReply(L4_ERR.EBADPROTO);
  if (inv.tag.words === 0) return errorReply(L4_ERR.EMSGTOOSHORT);
  const c = inv.caller;
  const k = inv.kernel;
  if (c.task !== rm.task) return errorReply(L4_ERR.EPERM);
  switch (c.mr(0) & 0xffff) {
    case RM_OP.ATTACH: {
      if (inv.tag.words < 6) return errorReply(L4_ERR.EMSGTOOSHORT);
      const hint = c.mr(1) & ~(PAGE_SIZE - 1);
      const size = Math.ceil(c.mr(2) / PAGE_SIZE) * PAGE_SIZE;
      const flags = c.mr(3);
      const offset = c.mr(4) & ~(PAGE_SIZE - 1);
      const align = 2 ** Math.max(12, Math.min(c.mr(5), 28));
      // The dataspace comes as a capability item, or (same task) as a selector in MR6.
      const sel = inv.tag.items >= 1 ? c.mr(inv.tag.words + 1) : c.mr(6);
      const e = c.task.caps.lookup(sel >>> CAP_SHIFT);
      if (!e || !(e.object instanceof Dataspace)) return errorReply(L4_ERR.EINVAL);
      const ds = e.object;
      if (size === 0 || offset + size > ds.size) return errorReply(L4_ERR.ERANGE);
      const inArea = (flags & RM_F.IN_AREA) !== 0;
      let start = hint;
      if (flags & RM_F.SEARCH_ADDR) {
        const found = findFree(rm, inArea ? hint : Math.max(hint, SEARCH_FROM), size, align, inArea);
        if (found === undefined) return errorReply(L4_ERR.EADDRNOTAVAIL);
        start = found;
      } else if (!isUsable(rm, start, size, inArea)) {
        return errorReply(L4_ERR.EADDRNOTAVAIL);
      }
      const prot = rightsToProt(flags & RM_F.RIGHTS || RM_F.RW);
      rm.map.attach({ start, end: start + size, prot, name: `ds ${ds.id}`, backing: { kind: 'dataspace', ds, offset } });
      if (flags & RM_F.EAGER_MAP) for (let p = start; p < start + size; p += PAGE_SIZE) rm.populate(k, p);
      c.setMr(0, start);
      return okReply(1);
    }
    case RM_OP.DETACH: {
      const r = rm.map.detach(c.mr(1));
      if (!r) return errorReply(L4_ERR.ENOENT);
      for (let p = r.start; p < r.end; p += PAGE_SIZE) c.task.as.unmap(p);
      c.setMr(0, r.start);
      c.setMr(1, r.end - r.start);
      return okReply(2);
    }
    case RM_OP.FIND: {
      const r = rm.map.find(c.mr(1));
      if (!r) return errorReply(L4_ERR.ENOENT);
      c.setMr(0, r.start);
      c.setMr(1, r.end - r.start);
      c.setMr(2, r.backing.kind === 'dataspace' ? r.backing.offset : 0);
      c.setMr(3, protToRights(r.prot));
      return okReply(4);
    }
    case RM_OP.RESERVE_AREA: {
      // MR1 start (hint with SEARCH_ADDR), MR2 size, MR3 flags, MR4 align (log2); reply MR0 = start.
      if (inv.tag.words < 5) return errorReply(L4_ERR.EMSGTOOSHORT);
      const size = Math.ceil(c.mr(2) / PAGE_SIZE) * PAGE_SIZE;
      const align = 2 ** Math.max(12, Math.min(c.mr(4), 28));
      let start = c.mr(1) & ~(PAGE_SIZE - 1);
      if (size === 0) return errorReply(L4_ERR.EINVAL);
      if (c.mr(3) & RM_F.SEARCH_ADDR) {
        const found = findFree(rm, Math.max(start, SEARCH_FROM), size, align, false);
        if (found === undefined) return errorReply(L4_ERR.EADDRNOTAVAIL);
        start = found;
      } else if (!isUsable(rm, start, size, false)) {
        return errorReply(L4_ERR.EADDRNOTAVAIL);
      }
      rm.map.reserveArea(start, start + size);
      c.setMr(0, start);
      return okReply(1);
    }
    case RM_OP.FREE_AREA: {
      if (inv.tag.words < 2) return errorReply(L4_ERR.EMSGTOOSHORT);
      return rm.map.freeArea(c.mr(1)) ? okReply() : errorReply(L4_ERR.ENOENT);
    }
    default:
      return errorReply(L4_ERR.ENOSYS);
  }
}

/** L4Re rights bits (R 4, W 2, X 1) to page protection bits. */
function rightsToProt(f: number): number {
  return (f & RM_F.R ? PROT_R : 0) | (f & RM_F.W ? PROT_W : 0) | (f & RM_F.X ? PROT_X : 0);
}

function protToRights(p: number): number {
  return (p & PROT_R ? RM_F.R : 0) | (p & PROT_W ? RM_F.W : 0) | (p & PROT_X ? RM_F.X : 0);
}

/** Addresses the kernel keeps for itself or the UTCB area: never attachable. */
function isUsable(rm: RegionManager, start: number, size: number, inArea: boolean): boolean {
  const end = start + size;
  if (start < PAGE_SIZE || end > USER_SPACE_END) return false;
  const task = rm.task;
  const reserved: Array<[number, number]> = [
    [KIP_ADDRESS, KIP_ADDRESS + PAGE_SIZE],
    [SYSCALL_PAGE_ADDRESS, SYSCALL_PAGE_ADDRESS + PAGE_SIZE],
    [task.utcbArea.address, task.utcbArea.address + task.utcbArea.size],
    ...task.kuMem.map((m): [number, number] => [m.address, m.address + m.size]),
  ];
  if (reserved.some(([a, b]) => start < b && a < end)) return false;
  return rm.map.isFree(start, end, inArea);
}

function findFree(rm: RegionManager, from: number, size: number, align: number, inArea: boolean): number | undefined {
  for (let a = Math.ceil(from / align) * align; a + size <= USER_SPACE_END; a += align) {
    if (isUsable(rm, a, size, inArea)) return a;
  }
  return undefined;
}
