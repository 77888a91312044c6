import type { Invocation, InvokeResult } from './kobject';
import { errorReply, okReply } from './kobject';
import type { Task } from './task';
import { CAP_RIGHT_D, CAP_SHIFT, FPAGE_TYPE_MEMORY, FPAGE_TYPE_OBJ, L4_ERR, PROTO, USER_SPACE_END } from './abi';
import { Fpage, MAP_NO_REF_CNT, decodeFpage, mapCaps, mapMemory } from './message-items';
import type { KernelServices } from './kernel-services';
import { itemRightsMask } from './rights-table';
import { PROT_R, PROT_W, PROT_X } from '../cpu/address-space';
import { PAGE_SIZE } from '../cpu/physical-memory';

export const TASK_OP = { MAP: 0, UNMAP: 1, CAP_INFO: 2, ADD_KU_MEM: 3 } as const;
const ITEM_GRANT = 2;
/** Unmap masks (spec §7.4): also the invoker's own mapping; and destroy the object itself. */
const FP_ALL_SPACES = 0x80000000;
const FP_DELETE_OBJ = 0xc0000000;

/**
 * Memory: revokes `fp.rights` from every mapping derived from the flexpage (recursively, in all tasks) and,
 * with L4_FP_ALL_SPACES, from the task's own mapping. A mapping left without rights disappears.
 * Capabilities: as in Fiasco, whose object mapping database keeps no derivation tree (kobject_mapdb.cpp:
 * foreach_mapping visits nothing), only the task's own capability is touched (with L4_FP_ALL_SPACES); the
 * copies mapped from it stay. Revoking an object from everyone is deleting it (L4_FP_DELETE_OBJ with D).
 * The mapping database still records who mapped a capability to whom, for the views.
 */
export function unmapFpage(k: KernelServices, task: Task, fp: Fpage, own: boolean, deleteObj: boolean): void {
  if (fp.type === FPAGE_TYPE_OBJ) {
    const first = fp.address >>> CAP_SHIFT;
    for (let s = 0; s < 2 ** Math.min(fp.order, 20); s++) {
      const slot = first + s;
      if (!task.caps.lookup(slot)) continue;
      if (deleteObj) {
        // Only a capability with the delete right destroys the object (Kobject_mapdb::flush).
        const own = task.caps.lookup(slot);
        if (own && own.rights & CAP_RIGHT_D) k.deleteObject(own.object);
      }
      if (own) revokeCap(k, task, slot, fp.rights);
    }
  } else if (fp.type === FPAGE_TYPE_MEMORY) {
    const size = 2 ** Math.max(fp.order, 12);
    for (let off = 0; off < size; off += PAGE_SIZE) {
      const va = (fp.address + off) >>> 0;
      if (!task.as.lookup(va)) continue;
      for (const d of k.mappings.descendants('mem', task.id, va)) {
        const t = k.tasks.find((x) => x.id === d.taskId);
        if (t) revokePage(k, t, d.index, fp.rights);
      }
      if (own) revokePage(k, task, va, fp.rights);
    }
  }
}

function revokeCap(k: KernelServices, task: Task, slot: number, rights: number): void {
  const e = task.caps.lookup(slot);
  if (!e) return;
  const left = e.rights & ~rights;
  // Losing the read right (or all rights) removes an object capability.
  if ((rights & 4) || left === 0) {
    task.caps.remove(slot);
    k.mappings.forget('cap', task.id, slot);
    k.emitMapping({ kind: 'cap', task, index: slot, object: undefined });
  } else {
    task.caps.insert(slot, e.object, left);
  }
}

function revokePage(k: KernelServices, task: Task, va: number, rights: number): void {
  const m = task.as.lookup(va);
  if (!m) return;
  const revoke = ((rights & 4 ? PROT_R | PROT_X : 0) | (rights & 2 ? PROT_W : 0) | (rights & 1 ? PROT_X : 0)) >>> 0;
  const left = m.prot & ~revoke;
  if (!(left & PROT_R) || rights & 4) {
    task.as.unmap(va);
    k.mappings.forget('mem', task.id, va);
    k.emitMapping({ kind: 'mem', task, index: va, object: undefined });
  } else {
    task.as.map(va, m.pa, left);
  }
}

/** The kernel's task object: map, unmap, cap_info (spec §7.4, §9.2). */
export function taskInvoke(target: Task, inv: Invocation): InvokeResult {
  if (inv.tag.label !== PROTO.TASK) return errorReply(L4_ERR.EBADPROTO);
  if (inv.tag.words === 0) return errorReply(L4_ERR.EMSGTOOSHORT);
  const c = inv.caller;
  switch (c.mr(0) & 0xffff) {
    case TASK_OP.MAP: {
      if (inv.tag.words < 3 || inv.tag.items < 1) return errorReply(L4_ERR.EINVAL);
      const control = c.mr(1);
      const fp = decodeFpage(c.mr(2));
      const srcCap = c.task.caps.lookup(c.mr(inv.tag.words + 1) >>> CAP_SHIFT);
      if (!srcCap || srcCap.object.kind !== 'Task') return errorReply(L4_ERR.EINVAL);
      const src = srcCap.object as Task;
      const grant = (control & ITEM_GRANT) !== 0;
      const base = (control & ~0xfff) >>> 0;
      // The S right of object fpages passes only when both task capabilities have it (Task::sys_map).
      const objRights = fp.rights & itemRightsMask(srcCap.rights & inv.rights);
      if (fp.type === FPAGE_TYPE_OBJ) mapCaps(inv.kernel, src, fp.address >>> CAP_SHIFT, 2 ** fp.order, target, base >>> CAP_SHIFT, objRights, grant, (control & MAP_NO_REF_CNT) !== 0);
      else if (fp.type === FPAGE_TYPE_MEMORY) mapMemory(inv.kernel, src, fp, target, base, grant);
      else return errorReply(L4_ERR.EINVAL);
      return okReply();
    }
    case TASK_OP.UNMAP: {
      const mask = c.mr(1);
      const n = Math.max(0, inv.tag.words - 2);
      for (let i = 0; i < n; i++) {
        const raw = c.mr(2 + i);
        unmapFpage(inv.kernel, target, decodeFpage(raw), ((mask & FP_ALL_SPACES) >>> 0) === FP_ALL_SPACES, ((mask & FP_DELETE_OBJ) >>> 0) === FP_DELETE_OBJ);
        c.setMr(2 + i, (raw & ~0xf) >>> 0);
      }
      return okReply(2 + n);
    }
    case TASK_OP.ADD_KU_MEM: {
      // More kernel-user memory (room for UTCBs): fresh pages at the fpage's addresses, which must be unused.
      const fp = decodeFpage(c.mr(1));
      if (fp.type !== FPAGE_TYPE_MEMORY || fp.order < 12 || fp.order > 22) return errorReply(L4_ERR.EINVAL);
      const size = 2 ** fp.order;
      const base = fp.address - (fp.address % size);
      if (base + size > USER_SPACE_END) return errorReply(L4_ERR.EINVAL);
      for (let off = 0; off < size; off += PAGE_SIZE) if (target.as.lookup(base + off)) return errorReply(L4_ERR.EADDRNOTAVAIL);
      if (target.kuMem.some((m) => base < m.address + m.size && m.address < base + size)) return errorReply(L4_ERR.EADDRNOTAVAIL);
      if (size > inv.kernel.phys.freeBytes) return errorReply(L4_ERR.ENOMEM);
      for (let off = 0; off < size; off += PAGE_SIZE) target.as.map(base + off, inv.kernel.phys.allocFrame(), PROT_R | PROT_W);
      target.kuMem.push({ address: base, size });
      c.setMr(0, c.mr(1));
      return okReply(1);
    }
    case TASK_OP.CAP_INFO: {
      const a = target.caps.lookup(c.mr(1) >>> CAP_SHIFT);
      if (inv.tag.words >= 3) {
        const b = target.caps.lookup(c.mr(2) >>> CAP_SHIFT);
        return okReply(0, 0, a && b && a.object === b.object ? 1 : 0);
      }
      return okReply(0, 0, a ? 1 : 0);
    }
    default:
      return errorReply(L4_ERR.ENOSYS);
  }
}
