import type { Invocation, InvokeResult, Kobject } from './kobject';
import { errorReply, okReply } from './kobject';
import type { KernelServices } from './kernel-services';
import type { Thread } from './thread';
import type { Irq } from './irq';
import { CAP_RIGHT_W, CAP_SHIFT, L4_ERR } from './abi';

/** Deletion IRQ of each thread (Thread REGISTER_DELETE_IRQ): triggered when an IPC gate bound to it is deleted. */
const deleteIrqs = new WeakMap<Thread, Irq>();

/** L4_THREAD_REGISTER_DELETE_IRQ_OP: MR1/MR2 = an object item naming the IRQ (which needs the W right). */
export function registerDeleteIrq(target: Thread, inv: Invocation): InvokeResult {
  const c = inv.caller;
  if (inv.tag.items < 1) return errorReply(L4_ERR.EINVAL);
  const e = c.task.caps.lookup(c.mr(inv.tag.words + 1) >>> CAP_SHIFT);
  if (!e || !isIrq(e.object)) return errorReply(L4_ERR.EINVAL);
  if (!(e.rights & CAP_RIGHT_W)) return errorReply(L4_ERR.EPERM);
  deleteIrqs.set(target, e.object);
  return okReply();
}

/**
 * Whether an object is an IRQ, by its kind rather than `instanceof`: irq.ts imports thread.ts, whose protocol
 * runs this file, so importing the class here would close a load-order circle.
 */
function isIrq(o: Kobject): o is Irq {
  return o.kind === 'Irq';
}

/** A gate bound to `thread` went away: its server learns it through the deletion IRQ (moe's object GC). */
export function gateDeleted(k: KernelServices, thread: Thread | undefined): void {
  const irq = thread && deleteIrqs.get(thread);
  if (!irq) return;
  irq.pending++;
  if (irq.thread) k.ipc.deliverIrq(irq);
}
