// Kernel events (IPC, system calls, page faults, exceptions, capability faults) as the debugger shows them: a
// one-line decoded description for stop reasons and exceptionInfo, and the named fields that exception-filter
// conditions (`proto == LOG`, `label == 0x42`, `dest == srv`, `error != 0`) are evaluated over.
import {
  decodeTag, ipcErrorName, protocolName, CAP_SHIFT, INVALID_CAP_BIT, REPLY_CAP_BIT, SYSF_OPEN_WAIT, SYSF_RECV,
  SYSF_REPLY, SYSF_SEND, PROTO, UTCB_MR_OFFSET,
} from '../emulator/kernel/abi';
import type { IpcEvent, SyscallEvent } from '../emulator/kernel/kernel';
import { IpcGate } from '../emulator/kernel/ipc-gate';
import type { Kobject } from '../emulator/kernel/kobject';
import { Thread } from '../emulator/kernel/thread';
import { Machine } from '../emulator/machine';
import { hex32 } from '../emulator/util/hex';
import type { ExpressionValue, NumberValue } from './c-expression';
import { rightsWithHex } from './capability-rights';
import { describeTag, type DecodedInvocation } from './ipc-descriptions';

export type { DecodedInvocation };

/** Message register `i` of a thread's UTCB (0 when unmapped), read without looking like a kernel access. */
function mrOf(t: Thread, i: number): number {
  return Machine.readU32(t.task, t.utcb + UTCB_MR_OFFSET + 4 * i) ?? 0;
}

export type EventFields = Record<string, ExpressionValue>;

/** Every name an object is known by: `srv:main`, `main`, `srv`, a gate's bound thread, its kind. */
export function objectNames(o: Kobject | undefined): string[] {
  if (!o) return [];
  const names = new Set<string>();
  if (o.name) names.add(o.name);
  if (o instanceof Thread) {
    names.add(o.shortName);
    names.add(o.task.name);
  }
  if (o instanceof IpcGate && o.thread) for (const n of objectNames(o.thread)) names.add(n);
  names.add(o.toString());
  return [...names];
}

function objectValue(o: Kobject | undefined): NumberValue {
  return { kind: 'number', n: o ? o.id : 0, names: objectNames(o) };
}

function n(value: number, names?: string[]): NumberValue {
  return { kind: 'number', n: value, names };
}

/** Fields common to every event of a thread. */
function threadFields(t: Thread): EventFields {
  return { thread: objectValue(t), task: { kind: 'number', n: t.task.id, names: [t.task.name] } };
}

function tagFields(raw: number): EventFields {
  const tag = decodeTag(raw);
  const proto = protocolName(tag.label);
  return {
    tag: n(raw >>> 0),
    proto: n(tag.label, proto ? [proto, `L4_PROTO_${proto}`] : undefined),
    words: n(tag.words),
    items: n(tag.items),
  };
}

export function ipcFields(e: IpcEvent): EventFields {
  const receiver = e.kind === 'receive' && e.to instanceof Thread ? e.to : undefined;
  const f: EventFields = {
    ...threadFields(receiver ?? e.from),
    ...tagFields(e.tag),
    kind: n(['send', 'receive', 'call', 'reply'].indexOf(e.kind), [e.kind]),
    label: n(e.label >>> 0),
    from: objectValue(e.from),
    sender: objectValue(e.from),
    dest: objectValue(e.to),
    to: objectValue(e.to),
    error: n(e.error ?? 0, e.error ? [ipcErrorName(e.error)] : ['none']),
  };
  e.words.forEach((w, i) => (f[`mr${i}`] = n(w >>> 0)));
  return f;
}

export function describeIpc(e: IpcEvent): string {
  const who = e.kind === 'receive' && e.to instanceof Thread ? `${e.to.name} received from ${e.from.name}` : `${e.from.name} ${e.kind}${e.to ? ` to ${e.to.toString()}` : ''}`;
  const words = e.words.length ? ` MRs [${e.words.map((w) => hex32(w)).join(' ')}]` : '';
  return `IPC ${e.kind}: ${who}: ${describeTag(e.tag)} label=${hex32(e.label)}${words}${e.error ? ` error ${ipcErrorName(e.error)}` : ''}`;
}

export function syscallFields(e: SyscallEvent): EventFields {
  return {
    ...threadFields(e.thread),
    ...tagFields(e.tag),
    dest: objectValue(e.target),
    cap: n(e.dest >>> 0),
    slot: n(e.dest >>> CAP_SHIFT),
    flags: n(e.flags),
    timeout: n(e.timeout >>> 0),
    label: n(Machine.readRegister(e.thread, 'esi')),
    error: n(0),
    ...Object.fromEntries([0, 1, 2, 3, 4, 5, 6, 7].map((i) => [`mr${i}`, n(mrOf(e.thread, i))])),
  };
}

function operationName(flags: number): string {
  if (flags & SYSF_REPLY) return flags & SYSF_RECV ? 'reply and wait' : 'reply';
  const send = flags & SYSF_SEND;
  const recv = flags & SYSF_RECV;
  if (send && recv) return flags & SYSF_OPEN_WAIT ? 'send and wait' : 'call';
  if (send) return 'send';
  if (recv) return flags & SYSF_OPEN_WAIT ? 'wait' : 'receive';
  return 'no-op';
}

export function describeSyscall(e: SyscallEvent): string {
  return `system call ${operationName(e.flags)} on ${hex32(e.dest & ~0xf)}${e.target ? ` (${e.target.toString()})` : ''}: ${describeTag(e.tag)}`;
}

export function isCapabilityFault(e: SyscallEvent): boolean {
  return !e.target && (e.dest & (INVALID_CAP_BIT | REPLY_CAP_BIT)) === 0 && (e.flags & SYSF_REPLY) === 0 && (e.flags & (SYSF_SEND | SYSF_RECV)) !== 0 && !(e.flags & SYSF_OPEN_WAIT && !(e.flags & SYSF_SEND));
}

export function describeCapabilityFault(e: SyscallEvent): string {
  return `capability fault: ${e.thread.name} invoked empty slot ${e.dest >>> CAP_SHIFT} (selector ${hex32(e.dest & ~0xfff)}) with ${describeTag(e.tag)}`;
}

export interface PageFaultEvent { thread: Thread; address: number; write: boolean; eip: number; resolved: boolean }

export function pageFaultFields(e: PageFaultEvent): EventFields {
  return { ...threadFields(e.thread), address: n(e.address >>> 0), pfa: n(e.address >>> 0), write: n(e.write ? 1 : 0), eip: n(e.eip >>> 0), resolved: n(e.resolved ? 1 : 0), error: n(e.resolved ? 0 : 1) };
}

export function describePageFault(e: PageFaultEvent): string {
  return `page fault at ${hex32(e.address)} (${e.write ? 'write' : 'read'}) by ${e.thread.name} at eip ${hex32(e.eip)}${e.resolved ? '' : ' — not resolved'}`;
}

export interface ExceptionEvent { thread: Thread; trapno: number; errorCode: number; message: string }

export function exceptionFields(e: ExceptionEvent): EventFields {
  return { ...threadFields(e.thread), trapno: n(e.trapno), vector: n(e.trapno), errorCode: n(e.errorCode >>> 0), error: n(e.errorCode >>> 0) };
}

/**
 * The kernel reports an exception as raised, before it knows who takes it. Right after that kernel entry the
 * thread shows what became of it: blocked in exception IPC to its handler ("handled by <handler thread>"),
 * resumed by a handler inside the kernel, or stopped for good (then the kernel's fault message says "unhandled").
 */
export function describeExceptionOutcome(t: Thread, message: string): string {
  if (t.state === 'faulted' || t.state === 'dead') return t.faultMessage ?? message;
  const what = message;
  if (t.kernelIpc?.kind === 'exception') {
    const p = t.partner;
    const handler = p instanceof Thread ? p.name : p instanceof IpcGate && p.thread ? p.thread.name : p ? p.toString() : 'its exception handler';
    return `${what} — handled by ${handler} (exception IPC)`;
  }
  return `${what} — handled by its exception handler in the kernel (resumed)`;
}

export function decodeInvocation(t: Thread): DecodedInvocation {
  const reg = (name: 'eax' | 'ecx' | 'edx' | 'esi') => Machine.readRegister(t, name);
  const tagRaw = reg('eax');
  const edx = reg('edx');
  const flags = edx & 0xf;
  const tag = decodeTag(tagRaw);
  let target: Kobject | undefined;
  let rights = '';
  if (flags & SYSF_REPLY) target = t.replyTo;
  else if (edx & (INVALID_CAP_BIT | REPLY_CAP_BIT)) target = t;
  else {
    const e = t.task.caps.lookup(edx >>> CAP_SHIFT);
    target = e?.object;
    if (e) rights = ` rights ${rightsWithHex(e.rights)}`;
  }
  const words: number[] = [];
  for (let i = 0; i < Math.min(tag.words + 2 * tag.items, 16); i++) words.push(mrOf(t, i));
  const kernelProto = tag.label < 0 && tag.label !== PROTO.NONE && !(target instanceof IpcGate && tag.label !== PROTO.KOBJECT);
  const opcode = kernelProto && words.length > 0 ? `0x${(words[0] & 0xffff).toString(16)}` : '(none: a message to a user thread)';
  const obj = target ? target.toString() : flags & SYSF_SEND || !(flags & SYSF_OPEN_WAIT) ? `nothing — slot ${edx >>> CAP_SHIFT} is empty` : 'any sender';
  const bound = target instanceof IpcGate ? ` → ${target.thread ? target.thread.name : 'unbound'}` : '';
  const summary = `kernel: ${operationName(flags)} ${obj}${bound}`;
  return {
    summary,
    words,
    fields: [
      { name: 'operation', value: operationName(flags) },
      { name: 'object', value: obj + bound },
      { name: 'capability', value: `${hex32(edx & ~0xf)} (slot ${edx >>> CAP_SHIFT}${rights})` },
      { name: 'tag', value: describeTag(tagRaw) },
      { name: 'opcode', value: opcode },
      { name: 'label (esi)', value: hex32(reg('esi')) },
      { name: 'timeout (ecx)', value: hex32(reg('ecx')) },
      { name: 'flags', value: `${hex32(flags)} (${[flags & SYSF_SEND ? 'send' : '', flags & SYSF_RECV ? 'recv' : '', flags & SYSF_OPEN_WAIT ? 'open-wait' : '', flags & SYSF_REPLY ? 'reply' : ''].filter(Boolean).join('|') || 'none'})` },
    ],
  };
}
