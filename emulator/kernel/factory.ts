import { Invocation, InvokeResult, Kobject, errorReply } from './kobject';
import { IpcGate } from './ipc-gate';
import { Thread } from './thread';
import { Task } from './task';
import { Semaphore } from './semaphore';
import { Irq } from './irq';
import { decodeFpage } from './message-items';
import { CAP_RIGHTS_RWSD, CAP_SHIFT, L4_ERR, PROTO, UTCB_BR_OFFSET, UTCB_BDR_OFFSET, encodeTag, fpage, FPAGE_TYPE_OBJ } from './abi';

/** Variable-argument types in factory requests (spec §9.3). */
const VARG = { NIL: 0, UMWORD: 1, MWORD: 0x81, STRING: 2, FPAGE: 3 } as const;

/** What each kind of object costs against a factory's quota (bytes, as the real kernel's allocator sizes). */
const OBJECT_COST: Record<string, number> = { IpcGate: 64, Thread: 4096, Task: 16384, Factory: 64, Irq: 64, Semaphore: 64 };

interface Varg {
  type: number;
  value: number;
}

function readVargs(inv: Invocation): Varg[] {
  const t = inv.caller;
  const out: Varg[] = [];
  let i = 1;
  while (i < inv.tag.words) {
    const w = t.mr(i);
    const type = w & 0xffff;
    if ((type & 0x7f) === VARG.STRING) {
      // a string: the type word carries the byte length, the bytes follow
      out.push({ type, value: i + 1 });
      i += 1 + Math.ceil((w >>> 16) / 4);
    } else {
      out.push({ type, value: t.mr(i + 1) });
      i += 2;
    }
  }
  return out;
}

/** The kernel factory: creates tasks, threads, IPC gates, factories, IRQs and semaphores (spec §9.3). */
/** What a factory-made thread is called until it is named or bound (thread-object.ts bindTask numbers it). */
const UNBOUND_THREAD_NAME = 'new thread';

export class Factory extends Kobject {
  readonly kind = 'Factory';
  used = 0;

  constructor(
    name: string,
    /** Quota in bytes; Infinity for the root factory. */
    readonly limit: number = Infinity,
    private readonly parentFactory?: Factory,
  ) {
    super(name);
  }

  private charge(cost: number): boolean {
    if (this.used + cost > this.limit) return false;
    if (this.parentFactory && !this.parentFactory.charge(cost)) return false;
    this.used += cost;
    return true;
  }

  /** Kernel memory of an object this factory created comes back (the object went away). */
  refund(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
    this.parentFactory?.refund(bytes);
  }

  override invoke(inv: Invocation): InvokeResult {
    if (inv.tag.label !== PROTO.FACTORY) return errorReply(L4_ERR.EBADPROTO);
    if (inv.tag.words === 0) return errorReply(L4_ERR.EMSGTOOSHORT);
    const c = inv.caller;
    const k = inv.kernel;
    const what = c.mr(0) | 0;
    const vargs = readVargs(inv);
    const bdr = c.task.as.readU32(c.utcb + UTCB_BDR_OFFSET) ?? 0;
    void bdr;
    const br0 = c.task.as.readU32(c.utcb + UTCB_BR_OFFSET) ?? 0;
    const slot = br0 >>> CAP_SHIFT;
    if (!(br0 & 8)) return errorReply(L4_ERR.EINVAL);

    let obj: Kobject;
    let extraWords = 0;
    switch (what) {
      case PROTO.NONE:
      case PROTO.KOBJECT: {
        const gate = new IpcGate();
        gate.kernel = k;
        // With a thread item, the gate is bound right away with the label; otherwise it starts unbound.
        if (inv.tag.items >= 1) {
          const fp = c.mr(inv.tag.words + 1);
          const e = c.task.caps.lookup(fp >>> CAP_SHIFT);
          if (!e || !(e.object instanceof Thread)) return errorReply(L4_ERR.EINVAL);
          const label = vargs.find((v) => v.type === VARG.UMWORD || v.type === VARG.MWORD)?.value ?? 0;
          const err = gate.bind(e.object, label);
          if (err) return errorReply(err);
        }
        obj = gate;
        break;
      }
      case PROTO.THREAD: {
        const t = k.createThread(c.task, UNBOUND_THREAD_NAME);
        t.awaitingNumber = true;
        t.state = 'inactive';
        obj = t;
        break;
      }
      case PROTO.TASK: {
        const area = vargs.find((v) => v.type === VARG.FPAGE);
        const task = k.createTask(`task${k.tasks.length}`);
        if (area) {
          const fp = decodeFpage(area.value);
          task.utcbArea = { address: fp.address, size: 2 ** fp.order };
          c.setMr(0, area.value);
          extraWords = 1;
        }
        obj = task;
        break;
      }
      case PROTO.FACTORY: {
        const limit = vargs.find((v) => v.type === VARG.UMWORD || v.type === VARG.MWORD)?.value ?? 0;
        obj = new Factory('factory', limit, this);
        break;
      }
      case PROTO.IRQ_SENDER:
        obj = new Irq();
        break;
      case PROTO.SEMAPHORE:
        obj = new Semaphore();
        break;
      default:
        return errorReply(L4_ERR.ENODEV);
    }
    const cost = OBJECT_COST[obj.kind] ?? 64;
    if (!this.charge(cost)) {
      if (obj instanceof Thread) k.killThread(obj);
      if (obj instanceof Task) k.destroyTask(obj, 0);
      return errorReply(L4_ERR.ENOMEM);
    }
    obj.quota = { refund: (b) => this.refund(b), bytes: cost };
    c.task.caps.insert(slot, obj, CAP_RIGHTS_RWSD);
    k.objectCreated(obj, c);
    k.emitMapping({ kind: 'cap', task: c.task, index: slot, object: obj.toString() });
    // The reply carries one typed item describing the capability now in the receive buffer's slot.
    c.setMr(extraWords, 0x8 | 0xe);
    c.setMr(extraWords + 1, fpage(slot << CAP_SHIFT, 0, FPAGE_TYPE_OBJ, CAP_RIGHTS_RWSD));
    return { kind: 'reply', tag: encodeTag(0, extraWords, 1, 0) };
  }

  override describe(): Array<{ name: string; value: string }> {
    return [
      { name: 'quota', value: this.limit === Infinity ? 'unlimited' : `${this.limit} bytes` },
      { name: 'used', value: `${this.used} bytes` },
    ];
  }
}
