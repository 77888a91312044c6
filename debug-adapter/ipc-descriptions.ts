// What the variable views and the kernel-event views both show of IPC: the text of a message tag and the
// shape of a decoded invocation. Kept apart so that neither view module imports the other.
import { decodeTag, protocolName } from '../emulator/kernel/abi';
import { hex32 } from '../emulator/util/hex';

/** The invocation a thread is about to make with `int 0x30`, decoded for the kernel frame. */
export interface DecodedInvocation {
  summary: string;
  fields: Array<{ name: string; value: string }>;
  words: number[];
}

export function describeTag(raw: number): string {
  const t = decodeTag(raw);
  const proto = protocolName(t.label);
  const flags: string[] = [];
  if (t.flags & 0x8000) flags.push('error');
  if (t.flags & 0x4000) flags.push('propagate');
  if (t.flags & 0x2000) flags.push('schedule');
  if (t.flags & 0x1000) flags.push('fpu');
  return `label=${t.label}${proto ? ` (${proto})` : ''} words=${t.words} items=${t.items}${flags.length ? ` flags=${flags.join(',')}` : ''} [${hex32(raw)}]`;
}
