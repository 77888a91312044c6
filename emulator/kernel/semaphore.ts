import { Invocation, InvokeResult, Kobject, errorReply, okReply } from './kobject';
import type { Thread } from './thread';
import { L4_ERR, PROTO, SYSF_RECV, decodeTimeout, IPC_ERR } from './abi';

const SEMAPHORE_OP_DOWN = 0;

/** A kernel semaphore (spec §9.5): down blocks while the count is zero; up is an IRQ-style trigger. */
export class Semaphore extends Kobject {
  readonly kind = 'Semaphore';
  count = 0;
  readonly waiters: Thread[] = [];

  override invoke(inv: Invocation): InvokeResult {
    const c = inv.caller;
    const k = inv.kernel;
    const label = inv.tag.label;
    if (label !== PROTO.SEMAPHORE && label !== PROTO.IRQ) return errorReply(L4_ERR.EBADPROTO);
    if (inv.tag.words === 0) {
      // up: wake the first waiter, or count
      const w = this.waiters.shift();
      if (w) {
        k.unblock(w);
        w.cpu.regs[0] = 0; // down completed: tag 0
        k.scheduler.makeReady(w);
      } else this.count++;
      return okReply();
    }
    if ((c.mr(0) & 0xffff) !== SEMAPHORE_OP_DOWN || !(inv.flags & SYSF_RECV)) return errorReply(L4_ERR.ENOSYS);
    if (this.count > 0) {
      this.count--;
      return okReply();
    }
    const to = decodeTimeout(c.cpu.regs[1] & 0xffff);
    if (to.kind === 'relative' && to.us === 0) return { kind: 'ipc-error', code: IPC_ERR.RETIMEOUT };
    const wakeAt = to.kind === 'relative' ? k.clock + k.usToInstructions(to.us) : to.kind === 'absolute' ? k.absoluteTimeout(c, to.br) : undefined;
    c.cpu.regs[0] = inv.rawTag;
    k.block(c, 'receiving', this, wakeAt);
    this.waiters.push(c);
    return { kind: 'blocked' };
  }

  removeWaiter(t: Thread): void {
    const i = this.waiters.indexOf(t);
    if (i >= 0) this.waiters.splice(i, 1);
  }

  override describe(): Array<{ name: string; value: string }> {
    return [
      { name: 'count', value: String(this.count) },
      { name: 'waiters', value: this.waiters.map((w) => w.name).join(', ') || '(none)' },
    ];
  }
}
