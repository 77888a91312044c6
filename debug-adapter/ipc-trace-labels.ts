// Words for one message of the IPC sequence chart: the protocol and its operation (the opcode tables of
// docs/l4re-protocols.md), the map/grant items, and a reply's result or an error by name.
import { decodeTag, ipcErrorName, L4_ERR, PROTO, protocolName } from '../emulator/kernel/abi';
import { decodeFpage } from '../emulator/kernel/message-items';
import { hex32 } from '../emulator/util/hex';

/** Operation names by opcode (word 0, or its low 16 bits for the kernel's protocols), per protocol label. */
const OPCODES: Record<number, string[]> = {
  [PROTO.L4RE_DATASPACE]: ['map', 'clear', 'info', 'copy_in', 'allocate', 'map_info'],
  [PROTO.L4RE_NAMESPACE]: ['query', 'register_obj', '', 'unlink'],
  [PROTO.L4RE_PARENT]: ['signal'],
  [PROTO.L4RE_RM]: ['attach', 'detach', 'find', 'reserve_area', 'free_area', 'get_regions', 'get_areas', 'get_info', '', '', 'page_in'],
  [PROTO.L4RE_MEM_ALLOC]: ['info'],
  [PROTO.LOG]: ['write', 'read'],
  [PROTO.SCHEDULER]: ['info', 'run_thread', 'idle_time'],
};

/** Short protocol names for the chart (the kernel's PROTO names are long: L4RE_DATASPACE). */
function shortProtocol(label: number): string | undefined {
  const name = protocolName(label);
  if (!name || label === PROTO.NONE) return undefined;
  const s = name.replace(/^L4RE_/, '').toLowerCase().replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The filter key of a label: the protocol's name, or `label 0x…` for a program's own labels. */
export function protocolKey(label: number): string {
  return protocolName(label) && label !== PROTO.NONE ? (protocolName(label) as string) : `label ${shortHex(label)}`;
}

function shortHex(n: number): string {
  return n < 0 ? `-0x${(-n).toString(16)}` : `0x${n.toString(16)}`;
}

/**
 * The text of a Log/Vcon write (length in MR1, bytes from MR2), shortened, for the arrow's label. NUL bytes are
 * left out as the console leaves them out (a C string's terminator counted in the length is common).
 */
export function logText(mr: (i: number) => number, max = 32): string {
  const len = Math.min(mr(1), 244);
  let s = '';
  let i = 0;
  for (; i < len && s.length < max; i++) {
    const byte = (mr(2 + (i >> 2)) >>> ((i & 3) * 8)) & 0xff;
    if (byte !== 0) s += String.fromCharCode(byte);
  }
  s = s.replace(/\n/g, '⏎').replace(/[^\x20-\x7e⏎]/g, '.');
  return i < len ? `${s}…` : s;
}

/** "Dataspace map", "Factory create L4RE_DATASPACE", "Log write", "label 0x10". */
export function requestLabel(label: number, words: readonly number[]): string {
  if (label === PROTO.PAGE_FAULT) return `page fault ${words.length ? hex32((words[0] ?? 0) & ~3) : ''}`.trim();
  if (label === PROTO.EXCEPTION) return 'exception';
  const proto = shortProtocol(label);
  if (!proto) return `label ${shortHex(label)}`;
  if (label === PROTO.FACTORY && words.length) {
    const made = protocolName((words[0] << 16) >> 16);
    return `Factory create ${made ? made.replace(/^L4RE_/, '') : (words[0] << 16) >> 16}`;
  }
  const ops = OPCODES[label];
  if (!ops || !words.length) return proto;
  const op = label < 0 ? words[0] & 0xffff : words[0];
  return `${proto} ${ops[op] || `op ${op}`}`;
}

/** The name of an L4 error (the negative label of a reply): -L4_ENOENT; 0 and positive results as numbers. */
export function resultName(label: number): string {
  if (label >= 0) return String(label);
  for (const [name, value] of Object.entries(L4_ERR)) if (value === -label) return `-L4_${name}`;
  return String(label);
}

/** Map and grant items (capabilities or memory) of a message, one phrase each. */
export function describeItems(words: number, items: number, mr: (i: number) => number): string[] {
  const out: string[] = [];
  for (let i = 0; i < items; i++) {
    const w0 = mr(words + 2 * i);
    const w1 = mr(words + 2 * i + 1);
    if (w0 === 0) {
      out.push('void item');
      continue;
    }
    if (!(w0 & 8)) {
      out.push(`item ${hex32(w0)}`);
      continue;
    }
    const fp = decodeFpage(w1);
    const how = w0 & 2 ? 'grant' : 'map';
    if (fp.type === 3) out.push(`${how} cap slot ${fp.address >>> 12}${fp.order ? ` (+${2 ** fp.order} slots)` : ''}`);
    else if (fp.type === 1) out.push(`${how} mem ${hex32(fp.address)} ${2 ** fp.order / 1024} KiB ${memRights(fp.rights)}`);
    else out.push(`${how} io ${hex32(fp.address >>> 12)}`);
  }
  return out;
}

function memRights(r: number): string {
  return `${r & 4 ? 'r' : '-'}${r & 2 ? 'w' : '-'}${r & 1 ? 'x' : '-'}`;
}

/** The words of the untyped part as hex, at most `max` of them. */
export function describeWords(words: readonly number[], count: number): string {
  const shown = words.slice(0, count).map((w) => hex32(w >>> 0));
  return `${count} word${count === 1 ? '' : 's'}${shown.length ? ` [${shown.join(' ')}${count > shown.length ? ' …' : ''}]` : ''}`;
}

/** Everything a message's tag says, in words (for the detail line). */
export function describeMessage(rawTag: number, words: readonly number[], itemPhrases: string[]): string {
  const t = decodeTag(rawTag);
  const parts = [describeWords(words, t.words)];
  if (t.items) parts.push(itemPhrases.length ? itemPhrases.join(', ') : `${t.items} item${t.items === 1 ? '' : 's'}`);
  if (t.flags & 0x2000) parts.push('schedule');
  return parts.join('; ');
}

export { ipcErrorName };
