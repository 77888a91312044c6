import { Invocation, InvokeResult, Kobject, errorReply, okReply } from './kobject';
import { Thread } from './thread';
import { CAP_SHIFT, L4_ERR, PROTO } from './abi';
import type { KernelServices } from './kernel-services';

/** Kernel-object protocol opcodes on gates and IRQs (spec §9.5). */
export const KOBJECT_OP = { DEC_REFCNT: 0, BIND: 0x10, GET_INFO: 0x11 } as const;

/**
 * An IPC gate: a capability-addressable endpoint bound to a server thread. Messages through it reach the
 * thread with the gate's label, ORed with the sender's write/special rights.
 */
export class IpcGate extends Kobject {
  readonly kind = 'IpcGate';
  thread?: Thread;
  label = 0;
  /** The kernel that destroys the gate when its last counted capability goes (set when created or bound by it). */
  kernel?: KernelServices;
  /** Set once the gate is destroyed, so a capability removed during the destruction does not destroy it again. */
  destroyed = false;

  /**
   * The last counted capability is gone: as in Fiasco, the gate is destroyed, which removes the capabilities
   * held without reference (L4_FPAGE_C_NO_REF_CNT) and triggers the bound thread's deletion IRQ.
   */
  override lastCapRemoved(): void {
    if (!this.destroyed) this.kernel?.deleteObject(this);
  }

  /** Binds the gate; labels must have bits 0-1 clear (they carry the rights). Returns an L4 error or 0. */
  bind(thread: Thread, label: number): number {
    if (label & 3) return L4_ERR.EINVAL;
    this.thread = thread;
    this.label = label >>> 0;
    return 0;
  }

  override invoke(inv: Invocation): InvokeResult {
    if (inv.tag.label !== PROTO.KOBJECT) return errorReply(L4_ERR.EBADPROTO);
    if (inv.tag.words === 0) return errorReply(L4_ERR.EMSGTOOSHORT);
    const t = inv.caller;
    switch (t.mr(0) & 0xffff) {
      case KOBJECT_OP.BIND: {
        if (inv.tag.words < 2 || inv.tag.items < 1) return errorReply(L4_ERR.EINVAL);
        const fp = t.mr(inv.tag.words + 1);
        const e = t.task.caps.lookup(fp >>> CAP_SHIFT);
        if (!e || !(e.object instanceof Thread)) return errorReply(L4_ERR.EINVAL);
        const err = this.bind(e.object, t.mr(1));
        if (!err) this.kernel ??= inv.kernel;
        return err ? errorReply(err) : okReply();
      }
      case KOBJECT_OP.GET_INFO:
        t.setMr(0, this.label);
        return okReply(1);
      case KOBJECT_OP.DEC_REFCNT:
        return okReply();
      default:
        return errorReply(L4_ERR.ENOSYS);
    }
  }

  override describe(): Array<{ name: string; value: string }> {
    return [
      { name: 'label', value: '0x' + this.label.toString(16) },
      { name: 'bound to', value: this.thread ? this.thread.name : '(unbound)' },
      { name: 'waiting senders', value: this.thread ? String(this.thread.senders.filter((s) => s.sendVia === this).length) : '0' },
    ];
  }
}
