import { Invocation, InvokeResult, Kobject, errorReply } from '../kernel/kobject';
import type { Kernel } from '../kernel/kernel';
import { Factory } from '../kernel/factory';
import { SchedulerObject } from '../kernel/scheduler-object';
import { CAP_RIGHTS_RWSD, CAP_SHIFT, FPAGE_TYPE_OBJ, L4_ERR, PROTO, SCHED_MAX_PRIO, UTCB_BR_OFFSET, encodeTag, fpage } from '../kernel/abi';
import type { MemAlloc } from './mem-alloc';
import { factoryWordArgs } from './rpc-message';

/**
 * moe's factory, what an L4Re application's `factory` capability names: it creates kernel objects through
 * the kernel's factory, dataspaces through moe's memory allocator, and scheduler proxies
 * (`L4_PROTO_SCHEDULER` with a maximum and a base priority), as L4Re's moe does.
 */
export class MoeFactory extends Factory {
  /** moe serves creation itself and does not look at the client's rights (L4Re Allocator::op_create). */
  override readonly rightsProfile = 'Moe.Factory';

  constructor(
    private readonly kernel: Kernel,
    private readonly memAlloc: MemAlloc,
  ) {
    super('moe factory', Infinity, kernel.rootFactory); // what it creates counts against kernel memory
  }

  override invoke(inv: Invocation): InvokeResult {
    if (inv.tag.label !== PROTO.FACTORY || inv.tag.words === 0) return super.invoke(inv);
    const c = inv.caller;
    switch (c.mr(0) | 0) {
      case PROTO.L4RE_DATASPACE:
        return this.memAlloc.invoke(inv);
      case PROTO.SCHEDULER: {
        // vargs: maximum priority, base priority (as ned's factory:create(L4.Proto.Scheduler, max, base))
        const words = factoryWordArgs(c, inv.tag.words).map((w) => w | 0);
        const max = Math.min(words[0] ?? SCHED_MAX_PRIO, SCHED_MAX_PRIO);
        const base = Math.max(words[1] ?? 0, 0);
        if (base > max) return errorReply(L4_ERR.EINVAL);
        return createdInBr0(inv, this.kernel, new SchedulerProxy(this.kernel.schedulerObject, max, base));
      }
      default:
        return super.invoke(inv);
    }
  }
}

/**
 * A scheduler proxy (L4Re's `Sched_proxy`): priorities a program asks for are relative to `base` and limited
 * to `max`; everything else goes to the kernel's scheduler.
 */
export class SchedulerProxy extends Kobject {
  readonly kind = 'Moe.Scheduler';

  constructor(
    private readonly scheduler: SchedulerObject,
    readonly max: number,
    readonly base: number,
  ) {
    super(`sched(${base}..${max})`);
  }

  override invoke(inv: Invocation): InvokeResult {
    const c = inv.caller;
    // RUN_THREAD (op 1) carries the priority in MR3: shift it into this proxy's range before the kernel sees it.
    if (inv.tag.label === PROTO.SCHEDULER && inv.tag.words >= 5 && (c.mr(0) & 0xffff) === 1) {
      const asked = c.mr(3) | 0;
      if (asked >= 0) c.setMr(3, Math.min(this.base + asked, this.max));
    }
    return this.scheduler.invoke(inv);
  }

  override describe(): Array<{ name: string; value: string }> {
    return [
      { name: 'base priority', value: String(this.base) },
      { name: 'maximum priority', value: String(this.max) },
    ];
  }
}

/** Puts a new object into the slot the caller's BR0 names and answers with one capability item. */
function createdInBr0(inv: Invocation, kernel: Kernel, obj: Kobject): InvokeResult {
  const c = inv.caller;
  const br0 = c.task.as.readU32(c.utcb + UTCB_BR_OFFSET) ?? 0;
  if (!(br0 & 8)) return errorReply(L4_ERR.EINVAL);
  const slot = br0 >>> CAP_SHIFT;
  c.task.caps.insert(slot, obj, CAP_RIGHTS_RWSD);
  kernel.objectCreated(obj, c);
  kernel.emitMapping({ kind: 'cap', task: c.task, index: slot, object: obj.toString() });
  c.setMr(0, 0x8 | 0xe);
  c.setMr(1, fpage(slot << CAP_SHIFT, 0, FPAGE_TYPE_OBJ, CAP_RIGHTS_RWSD));
  return { kind: 'reply', tag: encodeTag(0, 0, 1, 0) };
}
