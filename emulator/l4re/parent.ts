import { Invocation, InvokeResult, Kobject, errorReply, okReply } from '../kernel/kobject';
import { L4_ERR, PARENT_OP_SIGNAL, PARENT_SIGNAL_EXIT, PROTO } from '../kernel/abi';

/**
 * The parent of an application (moe's `Parent` role): an application's exit() signals it, and moe then
 * destroys the application's task.
 */
export class Parent extends Kobject {
  readonly kind = 'Moe.Parent';

  override invoke(inv: Invocation): InvokeResult {
    if (inv.tag.label !== PROTO.L4RE_PARENT) return errorReply(L4_ERR.EBADPROTO);
    if (inv.tag.words < 1) return errorReply(L4_ERR.EMSGTOOSHORT);
    const t = inv.caller;
    if (t.mr(0) !== PARENT_OP_SIGNAL) return errorReply(L4_ERR.ENOSYS);
    if (inv.tag.words < 3) return errorReply(L4_ERR.EMSGTOOSHORT);
    const signal = t.mr(1);
    const value = t.mr(2) | 0;
    if (signal === PARENT_SIGNAL_EXIT) {
      inv.kernel.destroyTask(t.task, value);
      return { kind: 'blocked' }; // the caller is gone
    }
    return okReply();
  }
}
