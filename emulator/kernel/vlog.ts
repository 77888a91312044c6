import { Invocation, InvokeResult, Kobject, errorReply, okReply } from './kobject';
import { L4_ERR, PROTO, VCON_GET_ATTR_OP, VCON_READ_OP, VCON_SET_ATTR_OP, VCON_WRITE_OP, VCON_WRITE_SIZE, UTCB_MR_OFFSET } from './abi';

/** vcon output flag ONLCR: the kernel console always has it on (spec §8). */
const ONLCR = 0o4;
/** READ reply: no more data. */
const VCON_READ_DONE = 0x8000_0000;

/** The kernel's log object (Vlog): what `L4_BASE_LOG_CAP` names. Output goes to the machine's output event. */
export class Vlog extends Kobject {
  readonly kind = 'Vlog';
  private attrs = { i: 0, o: ONLCR, l: 0 };
  private readonly decoders = new Map<number, InstanceType<typeof TextDecoder>>();

  constructor() {
    super('log');
  }

  override invoke(inv: Invocation): InvokeResult {
    if (inv.tag.label !== PROTO.LOG) return errorReply(L4_ERR.EBADPROTO);
    if (inv.tag.words === 0) return errorReply(L4_ERR.EMSGTOOSHORT);
    const t = inv.caller;
    const op = t.mr(0) & 0xffff;
    switch (op) {
      case VCON_WRITE_OP: {
        // The kernel Vlog prints MR1 bytes from MR2 and ignores tag.words; too long prints nothing.
        const len = t.mr(1);
        if (len <= VCON_WRITE_SIZE) {
          const bytes = t.task.as.read(t.utcb + UTCB_MR_OFFSET + 8, len) ?? new Uint8Array(0);
          let decoder = this.decoders.get(t.task.id);
          if (!decoder) this.decoders.set(t.task.id, (decoder = new TextDecoder('utf-8')));
          // A console shows a NUL as nothing (the lecture's hello-syscall sends one); so do we.
          const text = decoder.decode(bytes, { stream: true }).replace(/\0/g, '');
          if (text) inv.kernel.emitOutput(t, text);
        }
        return okReply();
      }
      case VCON_READ_OP:
        // No input device is attached yet: report "no data, done".
        t.setMr(0, VCON_READ_DONE);
        return okReply(1);
      case VCON_SET_ATTR_OP:
        if (inv.tag.words < 4) return errorReply(L4_ERR.EMSGTOOSHORT);
        this.attrs = { i: t.mr(1), o: t.mr(2), l: t.mr(3) };
        return okReply();
      case VCON_GET_ATTR_OP:
        t.setMr(1, this.attrs.i);
        t.setMr(2, this.attrs.o);
        t.setMr(3, this.attrs.l);
        return okReply(4);
      default:
        return errorReply(L4_ERR.ENOSYS);
    }
  }
}
