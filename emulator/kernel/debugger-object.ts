import { Invocation, InvokeResult, Kobject, errorReply, okReply } from './kobject';
import { Thread } from './thread';
import { Task } from './task';
import { CAP_SHIFT, L4_ERR, PROTO, UTCB_MR_OFFSET, UTCB_MR_COUNT } from './abi';

/** Kernel-debugger operations (spec §1.6): console output, and kobject ops from 0x100 on. */
export const DEBUGGER_OP = { ENTER: 0, OUTCHAR: 1, OUTNSTRING: 2, OUTHEX32: 3, OUTHEX20: 4, OUTHEX16: 5, OUTHEX12: 6, OUTHEX8: 7, OUTDEC: 8 } as const;
export const DEBUGGER_KOBJ_OP = { SET_NAME: 0, GLOBAL_ID: 1, TASK_ADD_IMAGE_INFO: 7, GET_NAME: 8 } as const;
const KOBJECT_OPS = 0x100;
const HEX_DIGITS: Record<number, number> = { 3: 8, 4: 5, 5: 4, 6: 3, 7: 2 };

/**
 * The kernel debugger object (`L4_BASE_DEBUGGER_CAP`): the current kernels' replacement for the old int3
 * kdebug magic. Output goes to the guest log; names given with set_name show up in the debugger's views.
 */
export class DebuggerObject extends Kobject {
  readonly kind = 'Debugger';

  constructor() {
    super('jdb');
  }

  override invoke(inv: Invocation): InvokeResult {
    if (inv.tag.label !== PROTO.DEBUGGER) return errorReply(L4_ERR.EBADPROTO);
    if (inv.tag.words === 0) return errorReply(L4_ERR.EMSGTOOSHORT);
    const c = inv.caller;
    const k = inv.kernel;
    const op = c.mr(0) & 0xffff;
    if (op >= KOBJECT_OPS) {
      if (inv.tag.items < 1) return errorReply(L4_ERR.EINVAL);
      const e = c.task.caps.lookup(c.mr(inv.tag.words + 1) >>> CAP_SHIFT);
      if (!e) return errorReply(L4_ERR.EINVAL);
      switch (op - KOBJECT_OPS) {
        case DEBUGGER_KOBJ_OP.SET_NAME: {
          const max = Math.max(0, (inv.tag.words - 1) * 4);
          const name = c.task.as.readCString(c.utcb + UTCB_MR_OFFSET + 4, max) ?? '';
          rename(e.object, name);
          return okReply();
        }
        case DEBUGGER_KOBJ_OP.TASK_ADD_IMAGE_INFO: {
          // A loader tells the debugger which program image it put into a task (MR1 base, MR2.. name).
          if (!(e.object instanceof Task)) return errorReply(L4_ERR.EINVAL);
          const name = c.task.as.readCString(c.utcb + UTCB_MR_OFFSET + 8, Math.max(0, (inv.tag.words - 2) * 4)) ?? '';
          k.announceImage(e.object, c.mr(1), name);
          return okReply();
        }
        case DEBUGGER_KOBJ_OP.GLOBAL_ID:
          c.setMr(0, e.object.id);
          return okReply(1);
        case DEBUGGER_KOBJ_OP.GET_NAME: {
          const name = e.object instanceof Thread ? e.object.shortName : e.object.name;
          const bytes = new TextEncoder().encode(name + '\0').subarray(0, (UTCB_MR_COUNT - 1) * 4);
          c.task.as.write(c.utcb + UTCB_MR_OFFSET, bytes);
          return okReply(Math.ceil(bytes.length / 4));
        }
        default:
          return errorReply(L4_ERR.ENOSYS);
      }
    }
    const v = c.mr(1);
    switch (op) {
      case DEBUGGER_OP.ENTER: {
        const text = c.task.as.read(c.utcb + UTCB_MR_OFFSET + 8, Math.min(v, (UTCB_MR_COUNT - 2) * 4)) ?? new Uint8Array();
        k.enterDebugger(c, new TextDecoder().decode(text).replace(/\0.*$/s, ''));
        return okReply();
      }
      case DEBUGGER_OP.OUTCHAR:
        k.emitOutput(c, String.fromCharCode(v & 0xff));
        return okReply();
      case DEBUGGER_OP.OUTNSTRING: {
        const text = c.task.as.read(c.utcb + UTCB_MR_OFFSET + 8, Math.min(v, (UTCB_MR_COUNT - 2) * 4)) ?? new Uint8Array();
        k.emitOutput(c, new TextDecoder().decode(text));
        return okReply();
      }
      case DEBUGGER_OP.OUTDEC:
        k.emitOutput(c, String(v | 0));
        return okReply();
      default: {
        const digits = HEX_DIGITS[op];
        if (digits === undefined) return errorReply(L4_ERR.ENOSYS);
        const mask = digits === 8 ? 0xffffffff : 2 ** (digits * 4) - 1;
        k.emitOutput(c, ((v & mask) >>> 0).toString(16).padStart(digits, '0'));
        return okReply();
      }
    }
  }
}

/** Names an object; a thread keeps its task prefix, and a renamed task renames its threads' prefixes. */
function rename(obj: Kobject, name: string): void {
  if (obj instanceof Thread) {
    obj.awaitingNumber = false;
    obj.shortName = name;
    obj.name = `${obj.task.name}:${name}`;
  } else if (obj instanceof Task) {
    obj.name = name;
    for (const t of obj.threads) t.name = `${name}:${t.shortName}`;
  } else {
    obj.name = name;
  }
}
