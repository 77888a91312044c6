import { Invocation, InvokeResult, Kobject, errorReply, okReply } from './kobject';
import type { Thread } from './thread';
import { L4_ERR, PROTO, UTCB_MR_OFFSET, VCON_GET_ATTR_OP, VCON_READ_OP, VCON_SET_ATTR_OP, VCON_WRITE_OP } from './abi';

/** vcon output flag ONLCR (newline → CR LF on a terminal): a console always reports it on (spec §8). */
const ONLCR = 0o4;
/** READ reply: no more data (no input device is attached). */
const VCON_READ_DONE = 0x8000_0000;
/** The MR where the text of a WRITE starts (MR0 op, MR1 length). */
const WRITE_TEXT_MR = 2;

/**
 * An object that speaks the vcon protocol (spec §8): the kernel's Vlog and moe's per-application logs.
 * Subclasses decide how many bytes of a WRITE they print and where the text goes.
 */
export abstract class VconServer extends Kobject {
  private attrs = { i: 0, o: ONLCR, l: 0 };

  /** Bytes of a WRITE to print, or an L4 error code; undefined prints nothing and succeeds. */
  protected abstract writeLength(inv: Invocation, requested: number): number | { error: number } | undefined;

  /** Takes the text one thread wrote. */
  abstract write(thread: Thread, bytes: Uint8Array): void;

  override invoke(inv: Invocation): InvokeResult {
    if (inv.tag.label !== PROTO.LOG) return errorReply(L4_ERR.EBADPROTO);
    if (inv.tag.words === 0) return errorReply(L4_ERR.EMSGTOOSHORT);
    const t = inv.caller;
    switch (t.mr(0) & 0xffff) {
      case VCON_WRITE_OP: {
        const len = this.writeLength(inv, t.mr(1));
        if (typeof len === 'object') return errorReply(len.error);
        if (len !== undefined) this.write(t, t.task.as.read(t.utcb + UTCB_MR_OFFSET + 4 * WRITE_TEXT_MR, len) ?? new Uint8Array(0));
        return okReply();
      }
      case VCON_READ_OP:
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

/** A console shows a NUL as nothing (the lecture's hello-syscall sends one); so do we. */
export function consoleText(decoder: InstanceType<typeof TextDecoder>, bytes: Uint8Array): string {
  return decoder.decode(bytes, { stream: true }).replace(/\0/g, '');
}
