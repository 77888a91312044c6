import { MAX_BINARY_FILE_BYTES, readBoundedFile } from '../util/bounded-read';
import { Invocation, InvokeResult, Kobject, errorReply } from '../kernel/kobject';
import type { Kernel } from '../kernel/kernel';
import type { BootPlan } from '../boot/boot-config';
import { CAP_RIGHTS_RWS, CAP_SHIFT, FPAGE_TYPE_OBJ, L4_ERR, PROTO, UTCB_BR_OFFSET, UTCB_MR_OFFSET, encodeTag, fpage } from '../kernel/abi';
import { Dataspace, DS_F } from './dataspace';
import { PAGE_SIZE } from '../cpu/physical-memory';

/** Namespace opcodes (our SDK's `l4re_ns_*`; docs/l4re-protocols.md). */
export const NS_OP = { QUERY: 0 } as const;
/** Longest name a query may carry. */
const MAX_NAME = 200;

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
    if ((c.mr(0) & 0xffff) !== NS_OP.QUERY) return errorReply(L4_ERR.ENOSYS);
    const len = Math.min(c.mr(1), MAX_NAME, (inv.tag.words - 2) * 4);
    const bytes = c.task.as.read(c.utcb + UTCB_MR_OFFSET + 8, len) ?? new Uint8Array();
    const name = new TextDecoder().decode(bytes).replace(/\0.*$/s, '');
    const ds = this.module(name);
    if (!ds) return errorReply(L4_ERR.ENOENT);
    const br0 = c.task.as.readU32(c.utcb + UTCB_BR_OFFSET) ?? 0;
    if (!(br0 & 8)) return errorReply(L4_ERR.EINVAL);
    const slot = br0 >>> CAP_SHIFT;
    c.task.caps.insert(slot, ds, CAP_RIGHTS_RWS & ~1 /* read-only: no W right */);
    c.setMr(0, 0x8 | 0xe);
    c.setMr(1, fpage(slot << CAP_SHIFT, 0, FPAGE_TYPE_OBJ, 4));
    return { kind: 'reply', tag: encodeTag(0, 0, 1, 0) };
  }

  override describe(): Array<{ name: string; value: string }> {
    return this.plan.modules.map((m) => ({ name: m.name, value: m.path ?? `(built-in ${m.builtin ?? ''})` }));
  }
}
