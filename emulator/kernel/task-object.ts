import type { Invocation, InvokeResult } from './kobject';
import { errorReply, okReply } from './kobject';
import type { Task } from './task';
import { CAP_RIGHT_W, CAP_SHIFT, FPAGE_TYPE_MEMORY, FPAGE_TYPE_OBJ, L4_ERR, PROTO } from './abi';
import { decodeFpage, mapCaps, mapMemory } from './message-items';
import { PAGE_SIZE } from '../cpu/physical-memory';

export const TASK_OP = { MAP: 0, UNMAP: 1, CAP_INFO: 2, ADD_KU_MEM: 3 } as const;
const ITEM_GRANT = 2;

/** The kernel's task object: map, unmap, cap_info (spec §7.4, §9.2). */
export function taskInvoke(target: Task, inv: Invocation): InvokeResult {
  if (inv.tag.label !== PROTO.TASK) return errorReply(L4_ERR.EBADPROTO);
  if (inv.tag.words === 0) return errorReply(L4_ERR.EMSGTOOSHORT);
  const c = inv.caller;
  switch (c.mr(0) & 0xffff) {
    case TASK_OP.MAP: {
      if (!(inv.rights & CAP_RIGHT_W)) return errorReply(L4_ERR.EPERM);
      if (inv.tag.words < 3 || inv.tag.items < 1) return errorReply(L4_ERR.EINVAL);
      const control = c.mr(1);
      const fp = decodeFpage(c.mr(2));
      const srcCap = c.task.caps.lookup(c.mr(inv.tag.words + 1) >>> CAP_SHIFT);
      if (!srcCap || srcCap.object.kind !== 'Task') return errorReply(L4_ERR.EINVAL);
      const src = srcCap.object as Task;
      const grant = (control & ITEM_GRANT) !== 0;
      const base = (control & ~0xfff) >>> 0;
      if (fp.type === FPAGE_TYPE_OBJ) mapCaps(src, fp.address >>> CAP_SHIFT, 2 ** fp.order, target, base >>> CAP_SHIFT, fp.rights, grant);
      else if (fp.type === FPAGE_TYPE_MEMORY) mapMemory(inv.kernel, src, fp, target, base, grant);
      else return errorReply(L4_ERR.EINVAL);
      return okReply();
    }
    case TASK_OP.UNMAP: {
      // MR1 is the map mask (L4_FP_ALL_SPACES / L4_FP_OTHER_SPACES); see the deviation note below.
      const n = Math.max(0, inv.tag.words - 2);
      for (let i = 0; i < n; i++) {
        const raw = c.mr(2 + i);
        const fp = decodeFpage(raw);
        // Without a mapping database, unmap removes the task's own mappings; derived ones in other tasks
        // stay (known deviation from Fiasco's recursive unmap).
        {
          if (fp.type === FPAGE_TYPE_OBJ) {
            const first = fp.address >>> CAP_SHIFT;
            for (let s = 0; s < 2 ** fp.order; s++) {
              const e = target.caps.lookup(first + s);
              if (!e) continue;
              const left = e.rights & ~fp.rights;
              if (fp.rights === 0xf || left === 0 || (fp.rights & 4)) target.caps.remove(first + s);
              else target.caps.insert(first + s, e.object, left);
            }
          } else if (fp.type === FPAGE_TYPE_MEMORY) {
            const size = 2 ** Math.max(fp.order, 12);
            for (let off = 0; off < size; off += PAGE_SIZE) target.as.unmap((fp.address + off) >>> 0);
          }
        }
        c.setMr(2 + i, (raw & ~0xf) >>> 0);
      }
      return okReply(2 + n);
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
