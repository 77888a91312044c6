import type { Thread } from '../kernel/thread';
import { CAP_SHIFT, UTCB_BR_OFFSET, UTCB_MR_OFFSET } from '../kernel/abi';
import { decodeFpage } from '../kernel/message-items';

/**
 * Reading and writing L4Re's RPC messages (l4sys/include/cxx/ipc_*) in a caller's UTCB, as moe's servers
 * see them on ia32: the opcode is an int in MR0, 64-bit values sit 8-byte aligned (so a 64-bit argument
 * right after the opcode fills MR2..MR3), items follow the data words. docs/l4re-protocols.md has the layouts.
 */

/** A 64-bit value from MR[w] (low) and MR[w + 1]; values past 2^53 come back as Infinity (never valid here). */
export function mrU64(c: Thread, w: number): number {
  const hi = c.mr(w + 1);
  if (hi >= 0x20_0000) return Infinity;
  return hi * 0x1_0000_0000 + c.mr(w);
}

export function setMrU64(c: Thread, w: number, v: number): void {
  c.setMr(w, v % 0x1_0000_0000);
  c.setMr(w + 1, Math.floor(v / 0x1_0000_0000));
}

/** The opcode in MR0 (an int). */
export function opcode(c: Thread): number {
  return c.mr(0) | 0;
}

/** Buffer register `i` of the caller. */
export function br(c: Thread, i: number): number {
  return c.task.as.readU32(c.utcb + UTCB_BR_OFFSET + 4 * i) ?? 0;
}

/** Bytes of the caller's message registers from byte `offset` on. */
export function mrBytes(c: Thread, offset: number, length: number): Uint8Array {
  return c.task.as.read(c.utcb + UTCB_MR_OFFSET + offset, length) ?? new Uint8Array(length);
}

export function setMrBytes(c: Thread, offset: number, bytes: Uint8Array): void {
  c.task.as.write(c.utcb + UTCB_MR_OFFSET + offset, bytes);
}

/**
 * The capability slot that the `index`th send item of a message of `words` data words names in the caller's
 * own space (an L4::Ipc::Cap argument: item word 0, then an object flexpage), or undefined when the message
 * carries fewer items.
 */
export function capItemSlot(c: Thread, words: number, items: number, index = 0): number | undefined {
  if (index >= items) return undefined;
  const fp = decodeFpage(c.mr(words + 2 * index + 1));
  return fp.address >>> CAP_SHIFT;
}

/** Factory variable-argument types (l4sys/include/types.h L4_VARG_TYPE_*). */
export const VARG = { NIL: 0, UMWORD: 1, STRING: 2, FPAGE: 3, MWORD: 0x81 } as const;

/** One factory argument: a word (signed for MWORD), a string, a flexpage, or nil. */
export type Varg = { type: number; value: number } | { type: typeof VARG.STRING; text: string };

/**
 * The variable arguments of a factory create message (L4_PROTO_FACTORY, MR0 = the new object's protocol):
 * from MR1 on, each a type word (type | byte length << 16) followed by its value words.
 */
export function factoryVargs(c: Thread, words: number): Varg[] {
  const out: Varg[] = [];
  for (let w = 1; w < words; ) {
    const head = c.mr(w);
    const type = head & 0xffff;
    const len = head >>> 16;
    if (type === VARG.NIL) {
      out.push({ type, value: 0 });
      w += 1;
    } else if (type === VARG.STRING) {
      const bytes = mrBytes(c, 4 * (w + 1), Math.min(len, 4 * (words - w - 1)));
      out.push({ type, text: new TextDecoder().decode(bytes).replace(/\0.*$/s, '') });
      w += 1 + Math.ceil(len / 4);
    } else {
      const v = c.mr(w + 1);
      out.push({ type, value: type === VARG.MWORD ? v | 0 : v });
      w += 2;
    }
  }
  return out;
}

/** The numeric arguments (UMWORD/MWORD) of a factory create message, in order. */
export function factoryWordArgs(c: Thread, words: number): number[] {
  return factoryVargs(c, words)
    .filter((a): a is { type: number; value: number } => a.type === VARG.UMWORD || a.type === VARG.MWORD)
    .map((a) => a.value);
}
