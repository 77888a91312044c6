import { Invocation, InvokeResult, Kobject, errorReply, okReply } from './kobject';
import { Thread } from './thread';
import { CAP_SHIFT, L4_ERR, PROTO, SYSF_RECV, SYSF_SEND } from './abi';
import { KOBJECT_OP } from './ipc-gate';

const IRQ_OP_UNMASK = 4;
const IRQ_SENDER_OP_DETACH = 1;

/**
 * An IRQ object (spec §9.5): bound to a thread with a label, triggered by software (or later by devices);
 * a trigger is delivered as a message with tag 0 and the bound label, or kept pending until the thread waits.
 */
export class Irq extends Kobject {
  readonly kind = 'Irq';
  thread?: Thread;
  label = 0;
  pending = 0;
  masked = false;
  /** The interrupt line this IRQ is bound to at the ICU, if any. */
  line?: number;

  override invoke(inv: Invocation): InvokeResult {
    const c = inv.caller;
    const k = inv.kernel;
    switch (inv.tag.label) {
      case PROTO.KOBJECT: {
        if ((c.mr(0) & 0xffff) !== KOBJECT_OP.BIND) return errorReply(L4_ERR.ENOSYS);
        if (inv.tag.items < 1) return errorReply(L4_ERR.EINVAL);
        const e = c.task.caps.lookup(c.mr(inv.tag.words + 1) >>> CAP_SHIFT);
        if (!e || !(e.object instanceof Thread)) return errorReply(L4_ERR.EINVAL);
        this.thread = e.object;
        this.label = c.mr(1);
        return okReply();
      }
      case PROTO.IRQ_SENDER:
        if ((c.mr(0) & 0xffff) === IRQ_SENDER_OP_DETACH) {
          this.thread = undefined;
          return okReply();
        }
        return errorReply(L4_ERR.ENOSYS);
      case PROTO.IRQ: {
        if (inv.tag.words === 0) {
          this.trigger(inv);
          return okReply();
        }
        if ((c.mr(0) & 0xffff) !== IRQ_OP_UNMASK) return errorReply(L4_ERR.ENOSYS);
        this.masked = false;
        if (!(inv.flags & SYSF_RECV)) return okReply();
        // l4_irq_receive / l4_irq_wait: unmask, then wait for this IRQ.
        if (inv.flags & SYSF_SEND && this.thread !== c) return errorReply(L4_ERR.EPERM);
        k.ipc.receiveIrq(c, this, inv.rawTag, c.cpu.regs[1]);
        return { kind: 'blocked' };
      }
      default:
        return errorReply(L4_ERR.EBADPROTO);
    }
  }

  trigger(inv: Invocation): void {
    this.pending++;
    if (this.thread) inv.kernel.ipc.deliverIrq(this);
  }

  override describe(): Array<{ name: string; value: string }> {
    return [
      { name: 'bound to', value: this.thread?.name ?? '(unbound)' },
      { name: 'label', value: '0x' + this.label.toString(16) },
      { name: 'pending', value: String(this.pending) },
    ];
  }
}
