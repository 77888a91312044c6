import { OutOfMemoryError } from '../cpu/physical-memory';
import { Reg } from '../cpu/cpu';
import type { TypedEmitter } from '../util/typed-emitter';
import {
  CAP_RIGHTS_RWSD,
  CAP_RIGHT_S,
  CAP_RIGHT_W,
  INVALID_CAP_BIT,
  IPC_ERR,
  L4_ERR,
  MSGTAG_ERROR,
  PROTO,
  REPLY_CAP_BIT,
  SYSF_MASK,
  SYSF_OPEN_WAIT,
  SYSF_RECV,
  SYSF_REPLY,
  SYSF_SEND,
  decodeTag,
  decodeTimeout,
} from './abi';
import { Invocation, InvokeResult, Kobject, errorReply } from './kobject';
import type { KernelServices } from './kernel-services';
import { KernelEvents, messageWords } from './kernel-events';
import type { Ipc } from './ipc';
import { IpcGate } from './ipc-gate';
import { Thread } from './thread';
import { checkRights } from './rights-table';

/** What the system-call path needs beyond what objects get: the event stream, the whole IPC, the KIP clock. */
export interface SyscallKernel extends KernelServices {
  readonly events: TypedEmitter<KernelEvents>;
  readonly ipc: Ipc;
  updateKipClock(): void;
}

/** The registers of an `int $0x30` (spec §1.1), decoded once. */
interface SyscallRegisters {
  /** EAX: the message tag. */
  rawTag: number;
  /** ECX: send timeout (high half) and receive timeout (low half). */
  timeout: number;
  /** EDX: capability selector | SYSF_* flags. */
  selector: number;
  flags: number;
  /** ESI: the send label. */
  label: number;
}

/**
 * One system call of thread t, top to bottom (its EIP already points after `int $0x30` or the sysenter stub):
 * 1. decode EAX/ECX/EDX/ESI; 2. a REPLY goes to the implicit reply capability; 3. look the capability up;
 * 4. the send phase goes to thread IPC (a thread or a bound gate) or to the object's `invoke` after the rights
 * check; 5. the result is written back to EAX (or the thread blocks); 6. a receive-only call waits.
 */
export function syscall(k: SyscallKernel, t: Thread): void {
  const call = decodeRegisters(t);
  t.lastTag = call.rawTag;
  k.updateKipClock();

  if (call.flags & SYSF_REPLY) {
    reply(k, t, call);
    return;
  }

  const { target, rights } = lookupCapability(t, call.selector);
  if (k.events.has('syscall')) k.events.emit('syscall', { thread: t, tag: call.rawTag, dest: call.selector, flags: call.flags, timeout: call.timeout, target });

  if (call.flags & SYSF_SEND) sendPhase(k, t, call, target, rights);
  else if (call.flags & SYSF_RECV) receiveOnly(k, t, call, target);
  // No send and no receive phase: nothing to do; the caller keeps its tag.
}

function decodeRegisters(t: Thread): SyscallRegisters {
  const r = t.cpu.regs;
  const selector = r[Reg.EDX];
  return { rawTag: r[Reg.EAX], timeout: r[Reg.ECX], selector, flags: selector & SYSF_MASK, label: r[Reg.ESI] };
}

/** REPLY: answers the caller held in the implicit reply capability (with full rights: the caller chose us). */
function reply(k: SyscallKernel, t: Thread, call: SyscallRegisters): void {
  if (k.events.has('syscall')) k.events.emit('syscall', { thread: t, tag: call.rawTag, dest: call.selector, flags: call.flags, timeout: call.timeout, target: t.replyTo });
  emitIpc(k, t, call, t.replyTo);
  t.sendRights = CAP_RIGHTS_RWSD;
  k.ipc.reply(t, call.rawTag, call.flags, call.timeout);
}

/** The object EDX names, with the rights of the capability; the invalid and reply selectors mean "self". */
function lookupCapability(t: Thread, selector: number): { target: Kobject | undefined; rights: number } {
  if (selector & (INVALID_CAP_BIT | REPLY_CAP_BIT)) return { target: t, rights: CAP_RIGHTS_RWSD };
  const e = t.task.caps.lookup(selector >>> 12);
  return e ? { target: e.object, rights: e.rights } : { target: undefined, rights: CAP_RIGHTS_RWSD };
}

/** SEND (and CALL, SEND+open wait): thread IPC when the target is a thread or a bound gate, else an object operation. */
function sendPhase(k: SyscallKernel, t: Thread, call: SyscallRegisters, target: Kobject | undefined, rights: number): void {
  if (!target) {
    emitIpc(k, t, call, undefined, IPC_ERR.ENOT_EXISTENT);
    t.completeWithIpcError(IPC_ERR.ENOT_EXISTENT, 0);
    return;
  }
  const tag = decodeTag(call.rawTag);
  const peer = ipcPeer(target, tag.label, rights, call.label);
  if (peer) {
    emitIpc(k, t, call, target);
    t.sendRights = rights; // object items sent through a cap without S lose S
    k.ipc.send(t, peer.receiver, peer.label, target, call.rawTag, call.flags, call.timeout);
    return;
  }
  const inv: Invocation = { kernel: k, caller: t, rawTag: call.rawTag, tag, flags: call.flags, rights, label: call.label, selector: call.selector };
  const res = invokeObject(target, inv);
  emitIpc(k, t, call, target, res.kind === 'ipc-error' ? res.code : undefined);
  writeBack(k, t, call, res);
}

/** Where an IPC to `target` goes: a thread (for non-thread-protocol messages) or a gate's bound thread. */
function ipcPeer(target: Kobject, protoLabel: number, rights: number, sendLabel: number): { receiver: Thread; label: number } | undefined {
  if (target instanceof Thread) {
    if (protoLabel === PROTO.THREAD) return undefined;
    return { receiver: target, label: sendLabel };
  }
  if (target instanceof IpcGate) {
    if (protoLabel === PROTO.KOBJECT || !target.thread) return undefined;
    // The receiver sees the gate's label with the caller's W and S rights in its low bits.
    return { receiver: target.thread, label: (target.label | (rights & (CAP_RIGHT_W | CAP_RIGHT_S))) >>> 0 };
  }
  return undefined;
}

/** Runs an object's operation after the rights check; emulated RAM running out is -L4_ENOMEM, as in Fiasco. */
function invokeObject(target: Kobject, inv: Invocation): InvokeResult {
  try {
    return checkRights(target, inv) ?? target.invoke(inv);
  } catch (e) {
    if (e instanceof OutOfMemoryError) return errorReply(L4_ERR.ENOMEM);
    throw e;
  }
}

/** The object's answer lands in EAX (the message registers are already written), or the caller waits. */
function writeBack(k: SyscallKernel, t: Thread, call: SyscallRegisters, res: InvokeResult): void {
  if (res.kind === 'blocked') return;
  if (res.kind === 'ipc-error') {
    t.completeWithIpcError(res.code, 0);
    return;
  }
  const r = t.cpu.regs;
  if (call.flags & SYSF_RECV) {
    r[Reg.EAX] = res.tag;
    r[Reg.ESI] = 0;
    if (call.flags & SYSF_OPEN_WAIT) k.ipc.receive(t, undefined, res.tag, call.flags, call.timeout);
  } else {
    // A successful send-only operation gives back the tag that was sent, without the error bit.
    r[Reg.EAX] = (call.rawTag & ~MSGTAG_ERROR) >>> 0;
  }
}

/** RECV without a send phase: an open wait, a closed wait on a thread or gate, or a sleep. */
function receiveOnly(k: SyscallKernel, t: Thread, call: SyscallRegisters, target: Kobject | undefined): void {
  const { rawTag, flags, timeout } = call;
  if (flags & SYSF_OPEN_WAIT) {
    k.ipc.receive(t, undefined, rawTag, flags, timeout);
    return;
  }
  if (!target) {
    t.completeWithIpcError(IPC_ERR.RENOT_EXISTENT, rawTag);
    return;
  }
  if (target === t) {
    sleep(k, t, timeout & 0xffff, rawTag); // a closed receive from oneself never completes: l4_ipc_sleep
    return;
  }
  const from = target instanceof Thread ? target : target instanceof IpcGate ? target.thread : undefined;
  if (!from) {
    // Kernel objects never send: a closed wait on one only ends with its timeout.
    sleep(k, t, timeout & 0xffff, rawTag, target);
    return;
  }
  k.ipc.receive(t, from, rawTag, flags, timeout);
}

/** Blocks t in a receive nobody can answer, until its timeout (or forever); a zero timeout yields. */
function sleep(k: SyscallKernel, t: Thread, rcvTimeout: number, rawTag: number, partner?: Kobject): void {
  const to = decodeTimeout(rcvTimeout);
  if (to.kind === 'relative' && to.us === 0) {
    t.completeWithIpcError(IPC_ERR.RETIMEOUT, rawTag);
    k.scheduler.rotate(t); // l4_thread_yield(): give up the rest of the time slice
    return;
  }
  const wakeAt = to.kind === 'relative' ? k.clock + k.usToInstructions(to.us) : to.kind === 'absolute' ? k.absoluteTimeout(t, to.br) : undefined;
  t.cpu.regs[Reg.EAX] = rawTag;
  k.block(t, partner ? 'receiving' : 'sleeping', partner, wakeAt);
}

/** The 'ipc' event of the caller's own step (send, call, reply or receive). */
function emitIpc(k: SyscallKernel, t: Thread, call: SyscallRegisters, to: Kobject | undefined, error?: number): void {
  if (!k.events.has('ipc')) return;
  const { flags, rawTag: tag, label } = call;
  const kind = flags & SYSF_REPLY ? 'reply' : (flags & (SYSF_SEND | SYSF_RECV)) === (SYSF_SEND | SYSF_RECV) ? 'call' : flags & SYSF_SEND ? 'send' : 'receive';
  k.events.emit('ipc', { kind, from: t, to, tag, label, words: messageWords(t, tag), error });
}
