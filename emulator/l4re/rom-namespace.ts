import { MAX_BINARY_FILE_BYTES, readBoundedFile } from '../util/bounded-read';
import { Invocation, InvokeResult, Kobject, errorReply } from '../kernel/kobject';
import type { Kernel } from '../kernel/kernel';
import type { BootPlan } from '../boot/boot-config';
import { CAP_RIGHTS_RWS, CAP_SHIFT, FPAGE_TYPE_OBJ, L4_ERR, PROTO, encodeTag, fpage } from '../kernel/abi';
import { Dataspace, DS_F } from './dataspace';
import { PAGE_SIZE } from '../cpu/physical-memory';
import { br, mrBytes, opcode, setMrBytes } from './rpc-message';

/** L4Re::Namespace's opcodes (unlink keeps its old number 3; docs/l4re-protocols.md). */
export const NS_OP = { QUERY: 0, REGISTER: 1, UNLINK: 3 } as const;
/** The query result flag "only the front of the name was resolved" (L4Re::Namespace::Partly_resolved). */
export const NS_PARTLY_RESOLVED = 0x20;

/**
 * moe's `rom` namespace: every boot module of the entry, by name, as a read-only dataspace (the file's
 * bytes), so programs can open their boot modules like files.
 */
export class RomNamespace extends Kobject {
  readonly kind = 'Moe.Namespace';
  private readonly dataspaces = new Map<string, Dataspace>();

  constructor(
    private readonly kernel: Kernel,
    private readonly plan: BootPlan,
  ) {
    super('rom');
  }

  /** The dataspace of boot module `name`, created on first use; undefined for unknown or built-in names. */
  module(name: string): Dataspace | undefined {
    let ds = this.dataspaces.get(name);
    if (ds) return ds;
    const m = this.plan.modules.find((x) => x.name === name);
    if (!m?.path) return undefined;
    let bytes: Uint8Array;
    try {
      bytes = readBoundedFile(m.path, MAX_BINARY_FILE_BYTES);
    } catch {
      return undefined;
    }
    ds = new Dataspace(this.kernel, Math.max(PAGE_SIZE, Math.ceil(bytes.length / PAGE_SIZE) * PAGE_SIZE), DS_F.R | DS_F.X, bytes, `rom/${name}`);
    this.dataspaces.set(name, ds);
    return ds;
  }

  override invoke(inv: Invocation): InvokeResult {
    if (inv.tag.label !== PROTO.L4RE_NAMESPACE) return errorReply(L4_ERR.EBADPROTO);
    if (inv.tag.words < 2) return errorReply(L4_ERR.EMSGTOOSHORT);
    const c = inv.caller;
    const op = opcode(c);
    // The boot modules are fixed: nothing registers into or unlinks from rom.
    if (op === NS_OP.REGISTER || op === NS_OP.UNLINK) return errorReply(L4_ERR.EPERM);
    if (op !== NS_OP.QUERY) return errorReply(L4_ERR.ENOSYS);
    // MR1 name length, the name (no NUL) from byte 8.
    const len = c.mr(1);
    if (len === 0 || 8 + len > 4 * inv.tag.words) return errorReply(L4_ERR.EMSGTOOSHORT);
    const name = mrBytes(c, 8, len);
    const slash = name.indexOf(0x2f);
    const part = new TextDecoder().decode(slash < 0 ? name : name.subarray(0, slash));
    const ds = this.module(part);
    if (!ds) return errorReply(L4_ERR.ENOENT);
    const br0 = br(c, 0);
    if (!(br0 & 8)) return errorReply(L4_ERR.EINVAL);
    const slot = br0 >>> CAP_SHIFT;
    c.task.caps.insert(slot, ds, CAP_RIGHTS_RWS & ~1 /* read-only: no W right */);
    // Reply: MR0 a dummy opcode, MR1 + bytes the unresolved rest of the name, then the capability item.
    const rest = slash < 0 ? new Uint8Array() : name.slice(slash + 1);
    c.setMr(0, 0);
    c.setMr(1, rest.length);
    setMrBytes(c, 8, rest);
    const words = 2 + Math.ceil(rest.length / 4);
    c.setMr(words, 0x8 | 0xe);
    c.setMr(words + 1, fpage(slot << CAP_SHIFT, 0, FPAGE_TYPE_OBJ, 4));
    return { kind: 'reply', tag: encodeTag(rest.length ? NS_PARTLY_RESOLVED : 0, words, 1, 0) };
  }

  override describe(): Array<{ name: string; value: string }> {
    return this.plan.modules.map((m) => ({ name: m.name, value: m.path ?? `(built-in ${m.builtin ?? ''})` }));
  }
}
