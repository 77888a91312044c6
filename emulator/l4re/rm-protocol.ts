import type { Invocation, InvokeResult } from '../kernel/kobject';
import { errorReply, okReply } from '../kernel/kobject';
import { CAP_SHIFT, L4_ERR, PROTO, KIP_ADDRESS, SYSCALL_PAGE_ADDRESS, USER_SPACE_END } from '../kernel/abi';
import { PAGE_SIZE } from '../cpu/physical-memory';
import { Dataspace, DS_F } from './dataspace';
import type { RegionManager } from './region-manager';

/** Region-manager opcodes and attach flags (our SDK's `l4re_rm_*`; docs/l4re-protocols.md). */
export const RM_OP = { ATTACH: 0, DETACH: 1, FIND: 2 } as const;
export const RM_F = { R: 1, W: 2, X: 4, RIGHTS: 7, SEARCH_ADDR: 0x20, EAGER_MAP: 0x80 } as const;
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
      let start = hint;
      if (flags & RM_F.SEARCH_ADDR) {
        const found = findFree(rm, Math.max(hint, SEARCH_FROM), size, align);
        if (found === undefined) return errorReply(L4_ERR.EADDRNOTAVAIL);
        start = found;
      } else if (!isUsable(rm, start, size)) {
        return errorReply(L4_ERR.EADDRNOTAVAIL);
      }
      const prot = dsFlagsToProt(flags & RM_F.RIGHTS || DS_F.RW);
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
      c.setMr(3, r.prot);
      return okReply(4);
    }
    default:
      return errorReply(L4_ERR.ENOSYS);
  }
}

function dsFlagsToProt(f: number): number {
  // DS_F and PROT_* share the bit layout (R=1, W=2, X=4).
  return f & 7;
}

/** Addresses the kernel keeps for itself or the UTCB area: never attachable. */
function isUsable(rm: RegionManager, start: number, size: number): boolean {
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
  return rm.map.isFree(start, end);
}

function findFree(rm: RegionManager, from: number, size: number, align: number): number | undefined {
  for (let a = Math.ceil(from / align) * align; a + size <= USER_SPACE_END; a += align) {
    if (isUsable(rm, a, size)) return a;
  }
  return undefined;
}
