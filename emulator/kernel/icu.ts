import { Invocation, InvokeResult, Kobject, errorReply, okReply } from './kobject';
import { Irq } from './irq';
import type { KernelServices } from './kernel-services';
import { CAP_SHIFT, L4_ERR, PROTO } from './abi';

export const ICU_OP = { BIND: 0, UNBIND: 1, INFO: 2, MSI_INFO: 3, UNMASK: 4, MASK: 5, SET_MODE: 6 } as const;

/** Icu::info's answer: no MSI features, `lines` interrupt lines, no MSIs (the ICU and the scheduler's Icu). */
export function icuInfoReply(c: { setMr(i: number, v: number): void }, lines: number): InvokeResult {
  c.setMr(0, 0);
  c.setMr(1, lines);
  c.setMr(2, 0);
  return okReply(3);
}
/** Interrupt lines of the emulated platform's interrupt controller. */
export const ICU_LINES = 16;

/**
 * The interrupt controller (spec §9.5): binds IRQ objects to interrupt lines. The emulated platform has no
 * devices of its own yet; its host (a test, the debugger) raises a line with `raise()`.
 */
export class Icu extends Kobject {
  readonly kind = 'Icu';
  private readonly lines: Array<Irq | undefined> = new Array(ICU_LINES).fill(undefined);
  private readonly masked: boolean[] = new Array(ICU_LINES).fill(true);
  private readonly pendingWhileMasked: boolean[] = new Array(ICU_LINES).fill(false);
  readonly modes: number[] = new Array(ICU_LINES).fill(0);

  constructor(private readonly kernel: KernelServices) {
    super('icu');
  }

  override invoke(inv: Invocation): InvokeResult {
    if (inv.tag.label !== PROTO.IRQ) return errorReply(L4_ERR.EBADPROTO);
    if (inv.tag.words === 0) return errorReply(L4_ERR.EMSGTOOSHORT);
    const c = inv.caller;
    const line = c.mr(1);
    switch (c.mr(0) & 0xffff) {
      case ICU_OP.BIND:
      case ICU_OP.UNBIND: {
        if (line >= ICU_LINES) return errorReply(L4_ERR.EINVAL);
        if (inv.tag.items < 1) return errorReply(L4_ERR.EINVAL);
        const e = c.task.caps.lookup(c.mr(inv.tag.words + 1) >>> CAP_SHIFT);
        if (!e || !(e.object instanceof Irq)) return errorReply(L4_ERR.EINVAL);
        if ((c.mr(0) & 0xffff) === ICU_OP.BIND) {
          if (this.lines[line] && this.lines[line] !== e.object) return errorReply(L4_ERR.EBUSY);
          this.lines[line] = e.object;
          e.object.line = line;
          this.masked[line] = false;
        } else {
          if (this.lines[line] !== e.object) return errorReply(L4_ERR.EINVAL);
          this.lines[line] = undefined;
          e.object.line = undefined;
        }
        return okReply();
      }
      case ICU_OP.INFO:
        return icuInfoReply(c, ICU_LINES);
      case ICU_OP.MSI_INFO:
        return errorReply(L4_ERR.ENOSYS);
      case ICU_OP.UNMASK:
        if (line >= ICU_LINES) return errorReply(L4_ERR.EINVAL);
        this.masked[line] = false;
        if (this.pendingWhileMasked[line]) {
          this.pendingWhileMasked[line] = false;
          this.raise(line);
        }
        return okReply();
      case ICU_OP.MASK:
        if (line >= ICU_LINES) return errorReply(L4_ERR.EINVAL);
        this.masked[line] = true;
        return okReply();
      case ICU_OP.SET_MODE:
        if (line >= ICU_LINES) return errorReply(L4_ERR.EINVAL);
        this.modes[line] = c.mr(2);
        return okReply();
      default:
        return errorReply(L4_ERR.ENOSYS);
    }
  }

  /** A device asserts interrupt line `line`: the bound IRQ is triggered (or the event waits for unmask). */
  raise(line: number): boolean {
    const irq = this.lines[line];
    if (!irq) return false;
    if (this.masked[line]) {
      this.pendingWhileMasked[line] = true;
      return true;
    }
    irq.pending++;
    if (irq.thread) this.kernel.ipc.deliverIrq(irq);
    return true;
  }

  override describe(): Array<{ name: string; value: string }> {
    return this.lines.flatMap((irq, i) => (irq ? [{ name: `line ${i}`, value: `${irq}${this.masked[i] ? ' (masked)' : ''}` }] : []));
  }
}
