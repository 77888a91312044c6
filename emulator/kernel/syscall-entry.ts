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

/**
 * One system call of thread t, top to bottom (its EIP already points after `int $0x30` or the sysenter stub):
 * 1. decode EAX/ECX/EDX/ESI; 2. a REPLY goes to the implicit reply capability; 3. look the capability up;
 * 4. the send phase goes to thread IPC (a thread or a bound gate) or to the object's `invoke` after the rights
 * check; 5. the result is written back to EAX (or the thread blocks); 6. a receive-only call waits.
 * The registers travel as plain numbers (spec §1.1: EAX tag, ECX timeouts, EDX selector | SYSF_* flags, ESI
 * label), not as an object: this is the path of every IPC, and it allocates nothing unless someone listens.
 */
export function syscall(k: SyscallKernel, t: Thread): void {
  const r = t.cpu.regs;
  const rawTag = r[Reg.EAX];
  const timeout = r[Reg.ECX];
  const selector = r[Reg.EDX];
  const flags = selector & SYSF_MASK;
  t.lastTag = rawTag;
  k.updateKipClock();

  if (flags & SYSF_REPLY) {
    reply(k, t, rawTag, timeout, selector, flags);
    return;
  }

  // The invalid and reply selectors mean "self", with full rights.
  let target: Kobject | undefined = t;
  let rights = CAP_RIGHTS_RWSD;
  if (!(selector & (INVALID_CAP_BIT | REPLY_CAP_BIT))) {
    const e = t.task.caps.lookup(selector >>> 12);
    target = e?.object;
    if (e) rights = e.rights;
  }
  if (k.events.listening.syscall) k.events.emit('syscall', { thread: t, tag: rawTag, dest: selector, flags, timeout, target });

  if (flags & SYSF_SEND) sendPhase(k, t, rawTag, timeout, selector, flags, target, rights);
  else if (flags & SYSF_RECV) receiveOnly(k, t, rawTag, timeout, flags, target);
  // No send and no receive phase: nothing to do; the caller keeps its tag.
}

/** REPLY: answers the caller held in the implicit reply capability (with full rights: the caller chose us). */
function reply(k: SyscallKernel, t: Thread, rawTag: number, timeout: number, selector: number, flags: number): void {
  if (k.events.listening.syscall) k.events.emit('syscall', { thread: t, tag: rawTag, dest: selector, flags, timeout, target: t.replyTo });
  emitIpc(k, t, rawTag, flags, t.cpu.regs[Reg.ESI], t.replyTo);
  t.sendRights = CAP_RIGHTS_RWSD;
  k.ipc.reply(t, rawTag, flags, timeout);
}

/** SEND (and CALL, SEND+open wait): thread IPC when the target is a thread or a bound gate, else an object operation. */
function sendPhase(k: SyscallKernel, t: Thread, rawTag: number, timeout: number, selector: number, flags: number, target: Kobject | undefined, rights: number): void {
  if (!target) {
    emitIpc(k, t, rawTag, flags, t.cpu.regs[Reg.ESI], undefined, IPC_ERR.ENOT_EXISTENT);
    t.completeWithIpcError(IPC_ERR.ENOT_EXISTENT, 0);
    return;
  }
  // Thread IPC: to a thread (for non-thread-protocol messages) or to a gate's bound thread.
  const protoLabel = rawTag >> 16;
  const sendLabel = t.cpu.regs[Reg.ESI];
  let receiver: Thread | undefined;
  let label = 0;
  if (target instanceof Thread) {
    if (protoLabel !== PROTO.THREAD) {
      receiver = target;
      label = sendLabel;
    }
  } else if (target instanceof IpcGate) {
    if (protoLabel !== PROTO.KOBJECT && target.thread) {
      receiver = target.thread;
      // The receiver sees the gate's label with the caller's W and S rights in its low bits.
      label = (target.label | (rights & (CAP_RIGHT_W | CAP_RIGHT_S))) >>> 0;
    }
  }
  if (receiver) {
    emitIpc(k, t, rawTag, flags, sendLabel, target);
    t.sendRights = rights; // object items sent through a cap without S lose S
    k.ipc.send(t, receiver, label, target, rawTag, flags, timeout);
    return;
  }
  const inv: Invocation = { kernel: k, caller: t, rawTag, tag: decodeTag(rawTag), flags, rights, label: sendLabel, selector };
  const res = invokeObject(target, inv);
  emitIpc(k, t, rawTag, flags, sendLabel, target, res.kind === 'ipc-error' ? res.code : undefined);
  writeBack(k, t, rawTag, timeout, flags, res);
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
function writeBack(k: SyscallKernel, t: Thread, rawTag: number, timeout: number, flags: number, res: InvokeResult): void {
  if (res.kind === 'blocked') return;
  if (res.kind === 'ipc-error') {
    t.completeWithIpcError(res.code, 0);
    return;
  }
  const r = t.cpu.regs;
  if (flags & SYSF_RECV) {
    r[Reg.EAX] = res.tag;
    r[Reg.ESI] = 0;
    if (flags & SYSF_OPEN_WAIT) k.ipc.receive(t, undefined, res.tag, flags, timeout);
  } else {
    // A successful send-only operation gives back the tag that was sent, without the error bit.
    r[Reg.EAX] = (rawTag & ~MSGTAG_ERROR) >>> 0;
  }
}

/** RECV without a send phase: an open wait, a closed wait on a thread or gate, or a sleep. */
function receiveOnly(k: SyscallKernel, t: Thread, rawTag: number, timeout: number, flags: number, target: Kobject | undefined): void {
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
function emitIpc(k: SyscallKernel, t: Thread, tag: number, flags: number, label: number, to: Kobject | undefined, error?: number): void {
  if (!k.events.listening.ipc) return;
  const kind = flags & SYSF_REPLY ? 'reply' : (flags & (SYSF_SEND | SYSF_RECV)) === (SYSF_SEND | SYSF_RECV) ? 'call' : flags & SYSF_SEND ? 'send' : 'receive';
  k.events.emit('ipc', { kind, from: t, to, tag, label, words: messageWords(t, tag), error });
}
