import type { KernelServices } from './kernel-services';
import type { Thread } from './thread';
import { MsgTag, encodeTag, L4_ERR } from './abi';

/** One invocation of a capability by a thread (the decoded `int 0x30` registers). */
export interface Invocation {
  readonly kernel: KernelServices;
  readonly caller: Thread;
  readonly rawTag: number;
  readonly tag: MsgTag;
  /** SYSF_* operation flags from EDX bits 0-3. */
  readonly flags: number;
  /** Rights of the capability the caller used (CAP_RIGHT_*). */
  readonly rights: number;
  /** ESI: the send label. */
  readonly label: number;
  /** The raw EDX value (selector | flags). */
  readonly selector: number;
}

/**
 * What invoking an object did. `reply`: completed; when the operation has a receive phase, the caller gets
 * `tag` in EAX (message registers already written). `blocked`: the caller now waits; the kernel wakes it later.
 * `ipc-error`: the IPC failed with an L4_IPC_* code.
 */
export type InvokeResult = { kind: 'reply'; tag: number } | { kind: 'blocked' } | { kind: 'ipc-error'; code: number };

/** A reply whose label is a negative L4_E* error, as kernel objects give (`commit_result`). */
export function errorReply(error: number): InvokeResult {
  return { kind: 'reply', tag: encodeTag(-error, 0, 0, 0) };
}

export function okReply(words = 0, items = 0, label = 0): InvokeResult {
  return { kind: 'reply', tag: encodeTag(label, words, items, 0) };
}

/**
 * Where object ids come from: one counter per boot (Machine sets the running machine's counter around boot and
 * every slice), so ids, and the names built from them, depend only on the boot, not on what ran before in the
 * same process (the inline debug adapter runs every session in one).
 */
export class ObjectIds {
  next = 1;
}

/** Objects made outside any machine (unit tests) draw from this one. */
let activeObjectIds = new ObjectIds();

/** Runs `fn` with new objects numbered from `ids`. */
export function withObjectIds<T>(ids: ObjectIds, fn: () => T): T {
  const saved = activeObjectIds;
  activeObjectIds = ids;
  try {
    return fn();
  } finally {
    activeObjectIds = saved;
  }
}

/** A kernel object: something a capability can point to. */
export abstract class Kobject {
  readonly id = activeObjectIds.next++;
  /** Shown in the debugger; set with the debugger protocol's set_name, or by whoever creates the object. */
  name: string;
  abstract readonly kind: string;
  /** The rights-table row set this object follows when it differs from its kind (rights-table.ts). */
  readonly rightsProfile?: string;
  /** Number of capabilities that point here; the object goes away when the last one is removed (where applicable). */
  capRefs = 0;

  constructor(name = '') {
    this.name = name;
  }

  /** The kernel memory this object was charged to (a factory's quota), given back when it goes away. */
  quota?: { refund(bytes: number): void; bytes: number };

  /** Called when the last capability naming the object is removed (the object may give up its resources). */
  lastCapRemoved?(): void;

  /** Handles an invocation through a capability. The default: the object speaks no protocol. */
  invoke(inv: Invocation): InvokeResult {
    void inv;
    return errorReply(L4_ERR.ENOSYS);
  }

  /** Properties for the debugger's views. */
  describe(): Array<{ name: string; value: string }> {
    return [];
  }

  toString(): string {
    return this.name ? `${this.kind} "${this.name}"` : `${this.kind} #${this.id}`;
  }
}

/** Gives an object's kernel memory back to the quota it was charged to (once). */
export function refundQuota(object: Kobject): void {
  const q = object.quota;
  object.quota = undefined;
  q?.refund(q.bytes);
}
