// L4 types shown as L4 types (Locals, Watch, hovers, Debug Console): a message tag as protocol/words/items/
// flags, a capability index as the slot and the object it names in the task, timeouts, flexpages and error
// numbers decoded. The DWARF typedef name decides (the names of the SDK headers, l4/sys/types.h and friends);
// errors, which are plain integers in C, are recognised by a fixed rule (see `l4KindOf`).
import {
  CAP_SHIFT, decodeTag, decodeTimeout, FPAGE_TYPE_IO, FPAGE_TYPE_MEMORY, FPAGE_TYPE_OBJ, INVALID_CAP_BIT,
  ipcErrorName, L4_ERR, protocolName, MSGTAG_ERROR, MSGTAG_PROPAGATE, MSGTAG_SCHEDULE, MSGTAG_TRANSFER_FPU,
} from '../emulator/kernel/abi';
import type { Task } from '../emulator/kernel/task';
import { hex32 } from '../emulator/util/hex';
import { memoryRightsString, rightsString } from './capability-rights';
import { attrNumber, attrString, type Die } from './debug-info/debug-info-entries';
import { DW_AT, DW_ATE, DW_TAG } from './debug-info/dwarf-constants';
import { stripType, type DieLookup } from './debug-info/variable-values';

export type L4Kind = 'msgtag' | 'cap' | 'timeout' | 'fpage' | 'ipc-error' | 'l4-error';

/** Type names (typedef, struct or union) of the SDK headers and what they hold. */
const TYPE_KINDS: Record<string, L4Kind> = {
  l4_msgtag_t: 'msgtag',
  l4_cap_idx_t: 'cap',
  l4_timeout_t: 'timeout',
  l4_fpage_t: 'fpage',
  l4_ret_t: 'l4-error',
};

/**
 * Integer variables with these names hold an error: a signed one an L4 error (0, -L4_E…, or an IPC error as
 * -(L4_EIPC_LO + code) as l4_error() returns it), an unsigned one an IPC error code (l4_ipc_error()).
 */
const ERROR_VARIABLE_NAMES = new Set(['err', 'error', 'ipc_err', 'ipc_error', 'l4_err']);

/** L4_EIPC_LO of l4/sys/err.h: l4_error() returns -(L4_EIPC_LO + code) for an IPC error. */
const EIPC_LO = 2000;
const EIPC_HI = 2031;

/**
 * The L4 kind of a variable: the first SDK type name met following typedefs and cv-qualifiers decides;
 * otherwise a 1..4-byte integer named like an error (ERROR_VARIABLE_NAMES) is an error number.
 */
export function l4KindOf(type: Die | undefined, lookup: DieLookup, variableName?: string): L4Kind | undefined {
  let t = type;
  for (let guard = 0; t && guard < 32; guard++) {
    const name = attrString(t, DW_AT.name);
    if (name !== undefined && Object.prototype.hasOwnProperty.call(TYPE_KINDS, name)) return TYPE_KINDS[name];
    if (t.tag !== DW_TAG.typedef && t.tag !== DW_TAG.const_type && t.tag !== DW_TAG.volatile_type) break;
    const ref = attrNumber(t, DW_AT.type);
    t = ref === undefined ? undefined : lookup(ref);
  }
  if (variableName === undefined || !ERROR_VARIABLE_NAMES.has(variableName)) return undefined;
  const base = stripType(type, lookup);
  if (!base || base.tag !== DW_TAG.base_type) return undefined;
  const size = attrNumber(base, DW_AT.byte_size) ?? 0;
  const enc = attrNumber(base, DW_AT.encoding);
  if (size < 1 || size > 4) return undefined;
  if (enc === DW_ATE.signed) return 'l4-error';
  if (enc === DW_ATE.unsigned) return 'ipc-error';
  return undefined;
}

export interface L4Rendering {
  /** The one-line value (Locals, Watch, hover). */
  value: string;
  /** The decoded parts, the raw value first. */
  fields: Array<{ name: string; value: string }>;
}

/** The value `raw` (the variable's bits, sign-extended for signed types) of an L4 kind, in `task`. */
export function renderL4Value(kind: L4Kind, raw: number, task: Task | undefined): L4Rendering {
  switch (kind) {
    case 'msgtag': return renderTag(raw);
    case 'cap': return renderCap(raw, task);
    case 'timeout': return renderTimeout(raw);
    case 'fpage': return renderFpage(raw);
    case 'ipc-error': return renderIpcError(raw);
    case 'l4-error': return renderL4Error(raw);
  }
}

const rawField = (raw: number) => ({ name: 'raw', value: `${hex32(raw)} (${raw | 0})` });

function tagFlags(flags: number): string[] {
  const out: string[] = [];
  if (flags & MSGTAG_ERROR) out.push('error');
  if (flags & MSGTAG_PROPAGATE) out.push('propagate');
  if (flags & MSGTAG_SCHEDULE) out.push('schedule');
  if (flags & MSGTAG_TRANSFER_FPU) out.push('fpu');
  return out;
}

function renderTag(raw: number): L4Rendering {
  const t = decodeTag(raw);
  const proto = protocolName(t.label);
  const label = proto && t.label !== 0 ? `L4_PROTO_${proto} (${t.label})` : t.label <= 0 ? String(t.label) : `0x${t.label.toString(16)}`;
  const flags = tagFlags(t.flags);
  const flagText = flags.length ? flags.join(',') : 'none';
  return {
    value: `proto ${label}, words ${t.words}, items ${t.items}, flags ${flagText}`,
    fields: [
      rawField(raw),
      { name: 'proto', value: label },
      { name: 'words', value: String(t.words) },
      { name: 'items', value: String(t.items) },
      { name: 'flags', value: `${flagText} (0x${t.flags.toString(16)})` },
    ],
  };
}

function renderCap(raw: number, task: Task | undefined): L4Rendering {
  const sel = raw >>> 0;
  if (sel & INVALID_CAP_BIT) return { value: `L4_INVALID_CAP (${hex32(sel)})`, fields: [rawField(sel), { name: 'valid', value: 'no (invalid bit 0x800 set)' }] };
  const slot = sel >>> CAP_SHIFT;
  const entry = task?.caps.lookup(slot);
  const object = entry ? `${entry.object.kind} ${entry.object.name ? `"${entry.object.name}"` : `#${entry.object.id}`}` : undefined;
  const where = task ? ` in ${task.name}` : '';
  return {
    value: entry ? `slot ${slot} → ${object} ${rightsString(entry.rights)}` : `slot ${slot} (empty${where})`,
    fields: [
      rawField(sel),
      { name: 'slot', value: String(slot) },
      { name: 'object', value: entry ? `${object}${where}` : `(none: the slot is empty${where})` },
      { name: 'rights', value: entry ? rightsString(entry.rights) : '-' },
    ],
  };
}

/** One 16-bit timeout half: never, zero, a relative time in µs, or an absolute one in buffer registers. */
export function describeTimeoutHalf(half: number): string {
  const d = decodeTimeout(half);
  if (d.kind === 'never') return 'never';
  if (d.kind === 'absolute') return `absolute (BR${d.br})`;
  return d.us === 0 ? 'zero' : `${d.us} µs`;
}

function renderTimeout(raw: number): L4Rendering {
  const rcv = raw & 0xffff;
  const snd = (raw >>> 16) & 0xffff;
  return {
    value: `send ${describeTimeoutHalf(snd)}, receive ${describeTimeoutHalf(rcv)}`,
    fields: [
      rawField(raw),
      { name: 'send', value: `${describeTimeoutHalf(snd)} (0x${snd.toString(16).padStart(4, '0')})` },
      { name: 'receive', value: `${describeTimeoutHalf(rcv)} (0x${rcv.toString(16).padStart(4, '0')})` },
    ],
  };
}

function sizeText(order: number, unit: 'bytes' | 'caps' | 'ports'): string {
  if (unit === 'bytes') {
    if (order >= 30) return `${2 ** (order - 30)} GiB`;
    if (order >= 20) return `${2 ** (order - 20)} MiB`;
    if (order >= 10) return `${2 ** (order - 10)} KiB`;
    return `${2 ** order} bytes`;
  }
  return `${2 ** order} ${unit}`;
}

function renderFpage(raw: number): L4Rendering {
  const type = (raw >>> 4) & 3;
  const order = (raw >>> 6) & 0x3f;
  const rights = raw & 0xf;
  const fields = [rawField(raw)];
  let value: string;
  if (type === FPAGE_TYPE_MEMORY) {
    const address = (raw & ~0xfff) >>> 0;
    value = `memory ${hex32(address)} order ${order} (${sizeText(order, 'bytes')}) ${memoryRightsString(rights)}`;
    fields.push({ name: 'type', value: 'memory' }, { name: 'address', value: hex32(address) }, { name: 'order', value: `${order} (${sizeText(order, 'bytes')})` }, { name: 'rights', value: memoryRightsString(rights) });
  } else if (type === FPAGE_TYPE_OBJ) {
    const slot = raw >>> CAP_SHIFT;
    value = `object slot ${slot} order ${order} (${sizeText(order, 'caps')}) ${rightsString(rights)}`;
    fields.push({ name: 'type', value: 'object' }, { name: 'slot', value: String(slot) }, { name: 'order', value: `${order} (${sizeText(order, 'caps')})` }, { name: 'rights', value: rightsString(rights) });
  } else if (type === FPAGE_TYPE_IO) {
    const port = raw >>> 12;
    value = `io port 0x${port.toString(16)} order ${order} (${sizeText(order, 'ports')})`;
    fields.push({ name: 'type', value: 'io' }, { name: 'port', value: `0x${port.toString(16)}` }, { name: 'order', value: `${order} (${sizeText(order, 'ports')})` });
  } else {
    value = raw === 0 ? 'nil fpage' : `special fpage ${hex32(raw)}`;
    fields.push({ name: 'type', value: 'special' });
  }
  return { value, fields };
}

function renderIpcError(raw: number): L4Rendering {
  const code = raw >>> 0;
  const name = code === 0 ? 'no error' : code <= 0x1f ? ipcErrorName(code) : 'not an IPC error code';
  const phase = code === 0 || code > 0x1f ? undefined : code & 1 ? 'receive phase' : 'send phase';
  return {
    value: `${code} (${name}${phase ? `, ${phase}` : ''})`,
    fields: [rawField(code), { name: 'error', value: name }, ...(phase ? [{ name: 'phase', value: phase }] : [])],
  };
}

function renderL4Error(raw: number): L4Rendering {
  const n = raw | 0;
  let name: string;
  if (n === 0) name = 'L4_EOK';
  else if (n > 0) name = 'not an error (positive)';
  else if (-n >= EIPC_LO && -n <= EIPC_HI) name = `IPC error ${ipcErrorName(-n - EIPC_LO)}`;
  else {
    const entry = Object.entries(L4_ERR).find(([, v]) => v === -n);
    name = entry ? `-L4_${entry[0]}` : 'unknown error';
  }
  return { value: `${n} (${name})`, fields: [rawField(n), { name: 'error', value: name }] };
}
