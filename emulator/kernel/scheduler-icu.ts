import type { Invocation, InvokeResult } from './kobject';
import { errorReply, okReply } from './kobject';
import { Irq } from './irq';
import { ICU_OP, icuInfoReply } from './icu';
import { CAP_SHIFT, L4_ERR } from './abi';

/** The scheduler's one event line: CPU hotplug (Fiasco's Scheduler is also an Icu with one IRQ). */
const SCHEDULER_IRQ_LINES = 1;
const hotplugIrqs = new WeakMap<object, Irq>();

/**
 * The Icu protocol on the scheduler object (moe binds its CPU-hotplug IRQ there). Our machine has one CPU
 * that never goes on- or offline, so the bound IRQ is kept but never triggered.
 */
export function schedulerIcuInvoke(scheduler: object, inv: Invocation): InvokeResult {
  const c = inv.caller;
  switch (c.mr(0) & 0xffff) {
    case ICU_OP.BIND: {
      if (c.mr(1) >= SCHEDULER_IRQ_LINES || inv.tag.items < 1) return errorReply(L4_ERR.EINVAL);
      const e = c.task.caps.lookup(c.mr(inv.tag.words + 1) >>> CAP_SHIFT);
      if (!e || !(e.object instanceof Irq)) return errorReply(L4_ERR.EINVAL);
      hotplugIrqs.set(scheduler, e.object);
      return okReply();
    }
    case ICU_OP.UNBIND:
      hotplugIrqs.delete(scheduler);
      return okReply();
    case ICU_OP.INFO:
      return icuInfoReply(c, SCHEDULER_IRQ_LINES);
    case ICU_OP.UNMASK:
    case ICU_OP.MASK:
      return okReply();
    default:
      return errorReply(L4_ERR.ENOSYS);
  }
}
