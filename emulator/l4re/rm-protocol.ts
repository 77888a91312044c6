import type { Invocation, InvokeResult } from '../kernel/kobject';
import { errorReply, okReply } from '../kernel/kobject';
import type { KernelServices } from '../kernel/kernel-services';
import type { Task } from '../kernel/task';
import { FPAGE_TYPE_MEMORY, INVALID_CAP, L4_ERR, PROTO, KIP_ADDRESS, SYSCALL_PAGE_ADDRESS, USER_SPACE_END, fpage } from '../kernel/abi';
import { PAGE_SIZE } from '../cpu/physical-memory';
import { PROT_R, PROT_W, PROT_X } from '../cpu/address-space';
import { Dataspace } from './dataspace';
import type { RegionMap } from './region-map';
import { capItemSlot, mrBytes, mrU64, opcode, setMrBytes, setMrU64 } from './rpc-message';

/** L4Re::Rm's opcodes: the order of its RPC list (l4re/include/rm; docs/l4re-protocols.md). */
export const RM_OP = {
  ATTACH: 0, DETACH: 1, FIND: 2, RESERVE_AREA: 3, FREE_AREA: 4,
  GET_REGIONS: 5, GET_AREAS: 6, GET_INFO: 7, ADD_RESCUE_JUMP: 8, REMOVE_RESCUE_JUMP: 9, PAGE_IN: 10,
} as const;
/** L4Re's `L4RE_RM_F_*` flags. */
export const RM_F = {
  X: 1, W: 2, R: 4, RW: 6, RWX: 7, RIGHTS: 0xf,
  KERNEL: 0x100, PAGER: 0x400, RESERVED: 0x800, PRIVATE: 0x1000, ANONYMOUS: 0x2000, CACHING: 0x30,
  SEARCH_ADDR: 0x20000, IN_AREA: 0x40000, EAGER_MAP: 0x80000, NO_EAGER_MAP: 0x100000,
} as const;
/** Detach results (L4Re::Rm::Detach_result): we unmap the pages ourselves, so the client need not. */
const DETACHED_DS = 0;
const UNMAPPED_RANGE = 8;
/** Flags attach and reserve_area accept, as L4Re's region-map server (others: -L4_EINVAL). */
const ATTACH_KNOWN = RM_F.SEARCH_ADDR | RM_F.IN_AREA | RM_F.EAGER_MAP | RM_F.NO_EAGER_MAP | RM_F.RWX | RM_F.KERNEL
  | RM_F.PAGER | RM_F.RESERVED | RM_F.PRIVATE | RM_F.ANONYMOUS | RM_F.CACHING;
const RESERVE_KNOWN = RM_F.SEARCH_ADDR | RM_F.KERNEL | RM_F.RESERVED;
/** L4Re::Debug_obj's protocol (L4RE_PROTO_DEBUG = ~0x7fff as a 16-bit label): MR0 = function, no opcode. */
export const L4RE_PROTO_DEBUG = -0x8000;
/** Where a search for free address space starts when the hint is lower. */
const SEARCH_FROM = 0x1000_0000;
/** Regions (3 words each) one get_regions / get_areas reply holds. */
const MAX_LISTED = 21;
/** The send item word of a memory mapping: L4_ITEM_MAP. */
const L4_ITEM_MAP = 8;

/** What the Rm protocol works on: the task whose address space it manages, that space's regions, and paging. */
export interface RmServed {
  readonly task: Task;
  readonly map: RegionMap;
  /** Maps the page at `page` now. */
  populate(kernel: KernelServices, page: number, prot?: number): void;
}

/** The Rm protocol of an application's region manager: attach/detach/find dataspaces in its address space. */
export function rmInvoke(rm: RmServed, inv: Invocation): InvokeResult {
  if (inv.tag.label === L4RE_PROTO_DEBUG && inv.caller.task === rm.task) {
    inv.kernel.emitOutput(inv.caller, showLists(rm));
    return okReply();
  }
  if (inv.tag.label !== PROTO.L4RE_RM) return errorReply(L4_ERR.EBADPROTO);
  if (inv.tag.words === 0) return errorReply(L4_ERR.EMSGTOOSHORT);
  const c = inv.caller;
  if (c.task !== rm.task) return errorReply(L4_ERR.EPERM);
  const words = inv.tag.words;
  switch (opcode(c)) {
    case RM_OP.ATTACH:
      return attach(rm, inv);
    case RM_OP.DETACH: {
      // MR1 address, MR2 size, MR3 flags (exact 1 / overlap 2); reply MR0 start, MR1 size, MR2 selector.
      if (words < 4) return errorReply(L4_ERR.EMSGTOOSHORT);
      const addr = c.mr(1);
      const size = c.mr(2);
      if (size === 0 || c.mr(3) & ~3) return errorReply(L4_ERR.EINVAL);
      const hit = rm.map.findOverlapping(addr - (addr % PAGE_SIZE), addr + size);
      const r = hit && rm.map.detach(hit.start);
      if (!r) return errorReply(L4_ERR.ENOENT);
      for (let p = r.start; p < r.end; p += PAGE_SIZE) c.task.as.unmap(p);
      c.setMr(0, r.start);
      c.setMr(1, r.end - r.start);
      c.setMr(2, r.backing.kind === 'dataspace' ? (r.backing.clientCap ?? INVALID_CAP) : INVALID_CAP);
      return okReply(3, 0, DETACHED_DS | UNMAPPED_RANGE);
    }
    case RM_OP.FIND: {
      // MR1 address, MR2 size; reply MR0 start, MR1 size, MR2 flags, MR4..5 offset, MR6 selector.
      if (words < 3) return errorReply(L4_ERR.EMSGTOOSHORT);
      const addr = c.mr(1);
      const size = c.mr(2);
      if (size === 0) return errorReply(L4_ERR.EINVAL);
      const end = Math.min(addr + size, 2 ** 32);
      const r = rm.map.findOverlapping(addr, end);
      if (r) {
        c.setMr(0, r.start);
        c.setMr(1, r.end - r.start);
        c.setMr(2, protToRights(r.prot));
        c.setMr(3, 0);
        setMrU64(c, 4, r.backing.kind === 'dataspace' ? r.backing.offset : 0);
        c.setMr(6, r.backing.kind === 'dataspace' ? (r.backing.clientCap ?? INVALID_CAP) : INVALID_CAP);
        return okReply(7);
      }
      const a = rm.map.findArea(addr, end);
      if (!a) return errorReply(L4_ERR.ENOENT);
      c.setMr(0, a.start);
      c.setMr(1, a.end - a.start);
      c.setMr(2, RM_F.RESERVED | RM_F.IN_AREA);
      c.setMr(3, 0);
      setMrU64(c, 4, 0);
      c.setMr(6, INVALID_CAP);
      return okReply(7);
    }
    case RM_OP.RESERVE_AREA: {
      // MR1 start (hint with SEARCH_ADDR), MR2 size, MR3 flags, MR4 align (log2); reply MR0 = start.
      if (words < 5) return errorReply(L4_ERR.EMSGTOOSHORT);
      const flags = c.mr(3);
      const alignLog = c.mr(4) & 0xff;
      if (flags & ~RESERVE_KNOWN) return errorReply(L4_ERR.EINVAL);
      if (flags & RM_F.SEARCH_ADDR && alignLog > 31) return errorReply(L4_ERR.EINVAL);
      const size = Math.ceil(c.mr(2) / PAGE_SIZE) * PAGE_SIZE;
      const align = 2 ** Math.max(12, Math.min(alignLog, 28));
      let start = c.mr(1) & ~(PAGE_SIZE - 1);
      if (size === 0) return errorReply(L4_ERR.EINVAL);
      if (flags & RM_F.SEARCH_ADDR) {
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
      if (words < 2) return errorReply(L4_ERR.EMSGTOOSHORT);
      return rm.map.freeArea(c.mr(1)) ? okReply() : errorReply(L4_ERR.ENOENT);
    }
    case RM_OP.GET_REGIONS:
    case RM_OP.GET_AREAS: {
      // MR1 address; reply label = count, then {start, end (inclusive), flags} per region or area that ends at or
      // after the address, as many as the message registers hold.
      if (words < 2) return errorReply(L4_ERR.EMSGTOOSHORT);
      const from = c.mr(1);
      const regions = opcode(c) === RM_OP.GET_REGIONS;
      const list: Array<{ start: number; end: number; flags: number }> = regions
        ? rm.map.list().map((r) => ({ start: r.start, end: r.end, flags: protToRights(r.prot) }))
        : rm.map.listAreas().map((a) => ({ start: a.start, end: a.end, flags: 0 }));
      const shown = list.filter((x) => x.end - 1 >= from).slice(0, MAX_LISTED);
      shown.forEach((x, i) => {
        c.setMr(3 * i, x.start);
        c.setMr(3 * i + 1, x.end - 1);
        c.setMr(3 * i + 2, x.flags);
      });
      return okReply(3 * shown.length, 0, shown.length);
    }
    case RM_OP.GET_INFO: {
      // MR1 address; reply MR0 name length (with NUL), the name from MR1, the backing offset 8-aligned after it.
      if (words < 2) return errorReply(L4_ERR.EMSGTOOSHORT);
      const r = rm.map.find(c.mr(1));
      if (!r) return errorReply(L4_ERR.ENOENT);
      const name = new TextEncoder().encode(r.name).subarray(0, 160);
      const bytes = new Uint8Array(name.length + 1);
      bytes.set(name);
      c.setMr(0, bytes.length);
      setMrBytes(c, 4, bytes);
      const at = Math.ceil((4 + bytes.length) / 8) * 8;
      setMrU64(c, at / 4, 0);
      return okReply(at / 4 + 2);
    }
    case RM_OP.PAGE_IN: {
      // MR1 first page, MR2 last byte, MR3 rights; maps the first page, answers with no helper (MR0 = 0)
      // and a map item of order 12, so the client asks again for the next page.
      if (words < 4) return errorReply(L4_ERR.EMSGTOOSHORT);
      const min = c.mr(1);
      const max = c.mr(2);
      if (min % PAGE_SIZE || (max + 1) % PAGE_SIZE) return errorReply(L4_ERR.EINVAL);
      const r = rm.map.find(min);
      if (!r) return errorReply(L4_ERR.ENOENT);
      rm.populate(inv.kernel, min, rightsToProt(c.mr(3) & RM_F.RWX) & r.prot);
      c.setMr(0, 0);
      c.setMr(1, (L4_ITEM_MAP | (12 << 6)) >>> 0);
      c.setMr(2, fpage(min, 12, FPAGE_TYPE_MEMORY, c.mr(3) & RM_F.RWX));
      return okReply(1, 1);
    }
    default:
      return errorReply(L4_ERR.ENOSYS);
  }
}

/**
 * attach: MR1 start, MR2 size, MR3 flags, MR4..5 offset, MR6 align (log2), MR7 the dataspace's selector as
 * the client names it, MR8 name length (with NUL) and the name from byte 36, the backing offset 8-aligned
 * after it; the dataspace as a capability item. Reply MR0 = start.
 */
function attach(rm: RmServed, inv: Invocation): InvokeResult {
  const c = inv.caller;
  const words = inv.tag.words;
  if (words < 10) return errorReply(L4_ERR.EMSGTOOSHORT);
  const hint = c.mr(1) & ~(PAGE_SIZE - 1);
  const size = Math.ceil(c.mr(2) / PAGE_SIZE) * PAGE_SIZE;
  const flags = c.mr(3);
  const offset = mrU64(c, 4);
  const alignLog = c.mr(6) & 0xff;
  const clientCap = c.mr(7);
  const nameLen = Math.min(c.mr(8), 4 * words - 36);
  const name = new TextDecoder().decode(mrBytes(c, 36, Math.max(0, nameLen))).replace(/\0.*$/s, '');
  if (flags & ~ATTACH_KNOWN) return errorReply(L4_ERR.EINVAL);
  if (flags & RM_F.SEARCH_ADDR && (alignLog < 12 || alignLog > 31)) return errorReply(L4_ERR.EINVAL);
  // Reserved and kernel-memory regions are not ours to serve (docs/l4re-protocols.md); anonymous memory is
  // zero-filled pages of the region manager's own, as L4Re's libc asks for its heap and TLS.
  if (flags & (RM_F.RESERVED | RM_F.KERNEL)) return errorReply(L4_ERR.ENOSYS);
  const anonymous = (flags & RM_F.ANONYMOUS) !== 0;
  let ds: Dataspace | undefined;
  if (!anonymous) {
    const slot = capItemSlot(c, words, inv.tag.items);
    const e = slot === undefined ? undefined : c.task.caps.lookup(slot);
    if (!e || !(e.object instanceof Dataspace)) return errorReply(L4_ERR.ENOENT);
    ds = e.object;
    if (offset % PAGE_SIZE) return errorReply(L4_ERR.EINVAL);
    if (size === 0 || offset + size > ds.size) return errorReply(L4_ERR.ERANGE);
  }
  if (size === 0) return errorReply(L4_ERR.EINVAL);
  const align = 2 ** Math.max(12, Math.min(alignLog, 28));
  const inArea = (flags & RM_F.IN_AREA) !== 0;
  let start = hint;
  if (flags & RM_F.SEARCH_ADDR) {
    const found = findFree(rm, inArea ? hint : Math.max(hint, SEARCH_FROM), size, align, inArea);
    if (found === undefined) return errorReply(L4_ERR.EADDRNOTAVAIL);
    start = found;
  } else if (!isUsable(rm, start, size, inArea)) {
    return errorReply(L4_ERR.EADDRNOTAVAIL);
  }
  const prot = rightsToProt(flags & RM_F.RWX || RM_F.RW);
  if (ds) rm.map.attach({ start, end: start + size, prot, name: name || `ds ${ds.id}`, backing: { kind: 'dataspace', ds, offset, clientCap } });
  else rm.map.attach({ start, end: start + size, prot, name: name || 'anonymous', backing: { kind: 'anonymous' } });
  c.setMr(0, start);
  return okReply(1);
}

/** The areas and regions, in the manner of the real l4re's debug dump (`l4re_rm_show_lists`). */
function showLists(rm: RmServed): string {
  const hex = (n: number, w: number): string => n.toString(16).padStart(w, '0');
  const lines = [`Region mapping: limits [0-${hex(USER_SPACE_END - 1, 1)}]`, ' Area map:'];
  for (const a of rm.map.listAreas()) lines.push(`  [${hex(a.start, 10)}-${hex(a.end - 1, 10)}]`);
  lines.push(' Region map:');
  for (const r of rm.map.list()) {
    const b = r.backing;
    const ds = b.kind === 'dataspace' && b.clientCap !== undefined ? hex(b.clientCap >>> 12, 4) : '----';
    const offset = b.kind === 'dataspace' ? b.offset : 0;
    const rights = `${r.prot & PROT_R ? 'r' : '-'}${r.prot & PROT_W ? 'w' : '-'}${r.prot & PROT_X ? 'x' : '-'}`;
    lines.push(`  ${hex(r.start, 10)}-${hex(r.end - 1, 10)} ds=${ds}@${hex(offset, 7)} ${rights}: ${r.name}`);
  }
  return lines.join('\n') + '\n';
}

/** L4Re rights bits (R 4, W 2, X 1) to page protection bits. */
function rightsToProt(f: number): number {
  return (f & RM_F.R ? PROT_R : 0) | (f & RM_F.W ? PROT_W : 0) | (f & RM_F.X ? PROT_X : 0);
}

function protToRights(p: number): number {
  return (p & PROT_R ? RM_F.R : 0) | (p & PROT_W ? RM_F.W : 0) | (p & PROT_X ? RM_F.X : 0);
}

/** Addresses the kernel keeps for itself or the UTCB area: never attachable. */
function isUsable(rm: RmServed, start: number, size: number, inArea: boolean): boolean {
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

function findFree(rm: RmServed, from: number, size: number, align: number, inArea: boolean): number | undefined {
  for (let a = Math.ceil(from / align) * align; a + size <= USER_SPACE_END; a += align) {
    if (isUsable(rm, a, size, inArea)) return a;
  }
  return undefined;
}
