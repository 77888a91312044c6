import { Invocation, InvokeResult, Kobject, errorReply, okReply } from './kobject';
import { Thread } from './thread';
import { schedulerIcuInvoke } from './scheduler-icu';
import { CAP_SHIFT, L4_ERR, PROTO, SCHED_MAX_PRIO, SCHED_MIN_PRIO } from './abi';

export const SCHEDULER_OP = { INFO: 0, RUN_THREAD: 1, IDLE_TIME: 2 } as const;
/** Our one emulated CPU, and the fixed-priority scheduling class. */
const CPU_MAP = 1;
const SCHED_CLASS_FIXED_PRIO = 1 << 1;

/** The kernel's scheduler object (spec §9.4, §12). */
export class SchedulerObject extends Kobject {
  readonly kind = 'Scheduler';

  constructor() {
    super('scheduler');
  }

  override invoke(inv: Invocation): InvokeResult {
    if (inv.tag.label === PROTO.IRQ && inv.tag.words > 0) return schedulerIcuInvoke(this, inv);
    if (inv.tag.label !== PROTO.SCHEDULER) return errorReply(L4_ERR.EBADPROTO);
    if (inv.tag.words === 0) return errorReply(L4_ERR.EMSGTOOSHORT);
    const c = inv.caller;
    const k = inv.kernel;
    switch (c.mr(0) & 0xffff) {
      case SCHEDULER_OP.INFO:
        c.setMr(0, CPU_MAP);
        c.setMr(1, 1);
        c.setMr(2, SCHED_CLASS_FIXED_PRIO);
        return okReply(3);
      case SCHEDULER_OP.RUN_THREAD: {
        if (inv.tag.words < 5 || inv.tag.items < 1) return errorReply(L4_ERR.EINVAL);
        const e = c.task.caps.lookup(c.mr(inv.tag.words + 1) >>> CAP_SHIFT);
        if (!e || !(e.object instanceof Thread)) return errorReply(L4_ERR.EINVAL);
        const t = e.object;
        const prio = c.mr(3) | 0;
        if (prio < 0) return errorReply(L4_ERR.EINVAL); // extended scheduling classes are not supported
        k.scheduler.setPriority(t, Math.min(SCHED_MAX_PRIO, Math.max(SCHED_MIN_PRIO, prio)));
        const quantumUs = c.mr(4);
        t.quantum = k.usToInstructions(quantumUs === 0 ? k.defaultTimeSliceUs : quantumUs);
        t.quantumLeft = Math.min(t.quantumLeft || t.quantum, t.quantum);
        if (t.state === 'inactive' && t.utcb !== 0 && t.cpu.eip !== 0) k.scheduler.makeReady(t);
        return okReply();
      }
      case SCHEDULER_OP.IDLE_TIME: {
        const us = Math.floor(k.idleInstructions / k.instructionsPerMicrosecond);
        c.setMr(0, us >>> 0);
        c.setMr(1, Math.floor(us / 0x1_0000_0000) >>> 0);
        return okReply(2);
      }
      default:
        return errorReply(L4_ERR.ENOSYS);
    }
  }
}
