import { Reg } from '../cpu/cpu';
import type { TypedEmitter } from '../util/typed-emitter';
import type { KernelServices } from './kernel-services';
import { KernelEvents, messageWords } from './kernel-events';
import type { Kobject } from './kobject';
import { Thread } from './thread';
import { IPC_ERR, MSGTAG_ERROR, MSGTAG_SCHEDULE, SYSF_OPEN_WAIT, SYSF_RECV, UTCB_MR_COUNT, isZeroTimeout, timeoutMicroseconds } from './abi';
import { transferItems } from './message-items';
import type { Irq } from './irq';

/** What IPC needs of the kernel: what objects get, every thread (to end waits on a dead one), and the events. */
export interface IpcKernel extends KernelServices {
  readonly threads: readonly Thread[];
  readonly events: TypedEmitter<KernelEvents>;
}

/**
 * Thread-to-thread IPC (spec §1.2–1.4, §5, §6): rendezvous between a sender and a receiver, sender queues in
 * priority-then-FIFO order, the implicit reply capability of a call, and timeouts against the emulated clock.
 */
export class Ipc {
  constructor(private readonly k: IpcKernel) {}

  /**
   * The send phase of `sender`'s operation to `receiver` (reached through `via`, which gives the receiver
   * `label`). Completes at once when the receiver waits for this sender; otherwise the sender queues.
   */
  send(sender: Thread, receiver: Thread, label: number, via: Kobject, rawTag: number, flags: number, timeout: number): void {
    if (!receiver.alive || receiver.state === 'inactive') {
      sender.completeWithIpcError(IPC_ERR.ENOT_EXISTENT, 0);
      return;
    }
    sender.ipcFlags = flags;
    sender.ipcTimeout = timeout;
    if (this.accepts(receiver, sender)) {
      const err = this.transfer(sender, receiver, rawTag, label);
      if (err) {
        sender.completeWithIpcError(err, 0);
        return;
      }
      if (flags & SYSF_RECV && !(flags & SYSF_OPEN_WAIT)) receiver.replyTo = sender;
      this.afterSend(sender, receiver, rawTag, flags, timeout);
      return;
    }
    if (isZeroTimeout(timeout >>> 16)) {
      sender.completeWithIpcError(IPC_ERR.SETIMEOUT, 0);
      return;
    }
    sender.cpu.regs[Reg.EAX] = rawTag;
    sender.sendLabel = label;
    sender.sendVia = via;
    this.block(sender, 'sending', receiver, this.wakeTime(sender, timeout >>> 16));
    enqueueByPriority(receiver.senders, sender);
  }

  /** A REPLY operation: answers the caller held in the implicit reply capability, which it consumes. */
  reply(replier: Thread, rawTag: number, flags: number, timeout: number): void {
    const caller = replier.replyTo;
    replier.replyTo = undefined;
    if (!caller || caller.state !== 'waiting-reply' || caller.partner !== replier) {
      replier.completeWithIpcError(IPC_ERR.ENOT_EXISTENT, 0);
      return;
    }
    const err = this.transfer(replier, caller, rawTag, replier.cpu.regs[Reg.ESI]);
    if (err) {
      replier.completeWithIpcError(err, 0);
      return;
    }
    this.afterSend(replier, caller, rawTag, flags, timeout);
  }

  /** The receive phase: takes a queued sender (any, or only `from` for a closed wait) or blocks. */
  receive(receiver: Thread, from: Thread | undefined, rawTag: number, flags: number, timeout: number): void {
    receiver.ipcFlags = flags;
    receiver.ipcTimeout = timeout;
    if (from === undefined && receiver.pendingIrqs.length) {
      this.takeIrq(receiver, receiver.pendingIrqs[0] as Irq);
      return;
    }
    // A plain search: findIndex's closure was the largest allocation of an IPC round trip.
    const i = from === undefined ? (receiver.senders.length > 0 ? 0 : -1) : receiver.senders.indexOf(from);
    if (i >= 0) {
      const sender = receiver.senders[i];
      if (i === 0) receiver.senders.shift();
      else receiver.senders.splice(i, 1);
      this.k.unblock(sender);
      const senderTag = sender.cpu.regs[Reg.EAX];
      const err = this.transfer(sender, receiver, senderTag, sender.sendLabel);
      if (err) {
        sender.completeWithIpcError(err, 0);
        this.k.scheduler.makeReady(sender);
        receiver.completeWithIpcError(err | 1, rawTag);
        return;
      }
      if (sender.ipcFlags & SYSF_RECV && !(sender.ipcFlags & SYSF_OPEN_WAIT)) receiver.replyTo = sender;
      this.afterSend(sender, receiver, senderTag, sender.ipcFlags, sender.ipcTimeout);
      if (!sender.alive) return;
      if (sender.state === 'ready') this.k.scheduler.makeReady(sender);
      return;
    }
    if (isZeroTimeout(timeout)) {
      receiver.completeWithIpcError(IPC_ERR.RETIMEOUT, rawTag);
      return;
    }
    receiver.cpu.regs[Reg.EAX] = rawTag;
    this.block(receiver, 'receiving', from, this.wakeTime(receiver, timeout));
  }

  /** `l4_irq_receive`: wait for one IRQ (closed wait on the IRQ object). */
  receiveIrq(t: Thread, irq: Irq, rawTag: number, timeout: number): void {
    if (irq.pending > 0 && irq.thread === t) {
      this.takeIrq(t, irq);
      return;
    }
    if (isZeroTimeout(timeout)) {
      t.completeWithIpcError(IPC_ERR.RETIMEOUT, rawTag);
      return;
    }
    t.cpu.regs[Reg.EAX] = rawTag;
    this.block(t, 'receiving', irq, this.wakeTime(t, timeout));
  }

  /** An IRQ was triggered: its thread gets it now if it waits for it, else the trigger stays pending. */
  deliverIrq(irq: Irq): void {
    const t = irq.thread;
    if (!t) return;
    if (t.state === 'receiving' && (t.partner === undefined || t.partner === irq)) this.takeIrq(t, irq);
    else if (!t.pendingIrqs.includes(irq)) t.pendingIrqs.push(irq);
  }

  /** Delivers one trigger of `irq` to t: tag 0, label = the bound label (spec §9.5). */
  private takeIrq(t: Thread, irq: Irq): void {
    irq.pending--;
    if (irq.pending <= 0) {
      irq.pending = 0;
      const i = t.pendingIrqs.indexOf(irq);
      if (i >= 0) t.pendingIrqs.splice(i, 1);
    }
    this.k.unblock(t);
    t.cpu.regs[Reg.EAX] = 0;
    t.cpu.regs[Reg.ESI] = irq.label;
    t.setError(0);
    this.k.scheduler.makeReady(t);
    if (this.k.events.listening.ipc) this.k.events.emit('ipc', { kind: 'receive', from: t, to: irq, tag: 0, label: irq.label, words: [] });
  }

  /** A thread's send phase is done: it continues, waits for the reply, or goes on to an open wait. */
  private afterSend(sender: Thread, receiver: Thread, rawTag: number, flags: number, timeout: number): void {
    this.sendPhaseDone(sender, receiver, rawTag, flags, timeout);
    // Time-slice donation (spec §12): a sender that now blocks (call, reply-and-wait) switches directly to
    // the receiver, ahead of its peers of equal priority, unless the tag asks for a scheduling decision.
    if (!sender.runnable && receiver.runnable && !(rawTag & MSGTAG_SCHEDULE)) this.k.scheduler.moveToFront(receiver);
  }

  private sendPhaseDone(sender: Thread, receiver: Thread, rawTag: number, flags: number, timeout: number): void {
    if (!(flags & SYSF_RECV)) {
      sender.cpu.regs[Reg.EAX] = (rawTag & ~MSGTAG_ERROR) >>> 0;
      sender.state = 'ready';
      return;
    }
    if (flags & SYSF_OPEN_WAIT) {
      sender.state = 'ready';
      this.receive(sender, undefined, rawTag, flags, timeout);
      return;
    }
    if (isZeroTimeout(timeout)) {
      sender.completeWithIpcError(IPC_ERR.RETIMEOUT, rawTag);
      sender.state = 'ready';
      return;
    }
    sender.cpu.regs[Reg.EAX] = rawTag;
    this.block(sender, 'waiting-reply', receiver, this.wakeTime(sender, timeout));
  }

  /** Does `receiver` take a message from `sender` now? */
  private accepts(receiver: Thread, sender: Thread): boolean {
    if (receiver.state === 'receiving') return receiver.partner === undefined || receiver.partner === sender;
    if (receiver.state === 'waiting-reply') return receiver.partner === sender;
    return false;
  }

  /**
   * Copies the message (untyped words and typed items) from sender's UTCB to receiver's, gives the receiver
   * its tag and label, and wakes it. Returns an IPC error code when an item cannot be transferred.
   */
  private transfer(sender: Thread, receiver: Thread, rawTag: number, label: number): number {
    // The tag's word and item counts, read without a MsgTag object: this runs for every message.
    const untyped = rawTag & 0x3f;
    const items = (rawTag >>> 6) & 0x3f;
    const words = Math.min(untyped + 2 * items, UTCB_MR_COUNT);
    sender.task.as.copyTo(receiver.task.as, receiver.utcb, sender.utcb, words * 4);
    const err = items ? transferItems(this.k, sender, receiver, untyped, items) : 0;
    if (err) return err;
    this.k.unblock(receiver);
    receiver.cpu.regs[Reg.EAX] = (rawTag & ~MSGTAG_ERROR) >>> 0;
    receiver.cpu.regs[Reg.ESI] = label >>> 0;
    receiver.setError(0);
    this.k.scheduler.makeReady(receiver);
    if (this.k.events.listening.ipc) this.k.events.emit('ipc', { kind: 'receive', from: sender, to: receiver, tag: rawTag, label, words: messageWords(receiver, rawTag) });
    const kipc = receiver.kernelIpc;
    if (kipc) {
      // The reply to a page-fault or exception message: the kernel finishes it for the thread.
      receiver.kernelIpc = undefined;
      kipc.complete(receiver, rawTag);
    }
    return 0;
  }

  /** The clock value at which a blocked operation with timeout half `half` (spec §5) gives up, undefined for never. */
  private wakeTime(t: Thread, half: number): number | undefined {
    half &= 0xffff;
    if (half === 0) return undefined;
    if (half & 0x8000) return this.k.absoluteTimeout(t, half & 0x3f);
    return this.k.clock + this.k.usToInstructions(timeoutMicroseconds(half));
  }

  private block(t: Thread, state: 'sending' | 'receiving' | 'waiting-reply', partner: Kobject | undefined, wakeAt: number | undefined): void {
    this.k.block(t, state, partner, wakeAt);
  }

  /** A timeout fired for a thread blocked in IPC: it leaves any queue and gets the timeout error. */
  timedOut(t: Thread): void {
    if (this.k.events.has('ipc-timeout')) this.k.events.emit('ipc-timeout', { thread: t, partner: t.partner, error: t.state === 'sending' ? IPC_ERR.SETIMEOUT : IPC_ERR.RETIMEOUT });
    if (t.state === 'sending' && t.partner instanceof Thread) {
      const q = t.partner.senders;
      const i = q.indexOf(t);
      if (i >= 0) q.splice(i, 1);
      t.completeWithIpcError(IPC_ERR.SETIMEOUT, 0);
    } else {
      const p = t.partner as { removeWaiter?: (w: Thread) => void } | undefined;
      p?.removeWaiter?.(t);
      t.completeWithIpcError(IPC_ERR.RETIMEOUT, t.cpu.regs[Reg.EAX]);
    }
  }

  /** Aborts t's IPC (ex_regs cancel, or its partner died): sending → SECANCELED, receiving → RECANCELED. */
  cancel(t: Thread, sendCode: number = IPC_ERR.SECANCELED, recvCode: number = IPC_ERR.RECANCELED): void {
    if (t.state === 'sending') {
      if (t.partner instanceof Thread) {
        const q = t.partner.senders;
        const i = q.indexOf(t);
        if (i >= 0) q.splice(i, 1);
      }
      t.completeWithIpcError(sendCode, 0);
    } else if (t.state === 'receiving' || t.state === 'waiting-reply' || t.state === 'sleeping') {
      t.completeWithIpcError(recvCode, t.cpu.regs[Reg.EAX]);
    } else {
      return;
    }
    this.k.unblock(t);
    this.k.scheduler.makeReady(t);
  }

  /** A thread is going away: its queued senders and the threads waiting on it must not wait forever. */
  partnerGone(dead: Thread): void {
    for (const s of dead.senders.splice(0)) {
      s.completeWithIpcError(IPC_ERR.ENOT_EXISTENT, 0);
      this.k.unblock(s);
      this.k.scheduler.makeReady(s);
    }
    for (const t of this.k.threads) {
      if (t !== dead && t.partner === dead && (t.state === 'waiting-reply' || t.state === 'receiving')) this.cancel(t, IPC_ERR.SEABORTED, IPC_ERR.REABORTED);
      if (t.replyTo === dead) t.replyTo = undefined;
    }
  }
}

/** Fiasco orders a receiver's waiting senders by priority, and FIFO among equals. */
function enqueueByPriority(queue: Thread[], t: Thread): void {
  const i = queue.findIndex((q) => q.prio < t.prio);
  if (i < 0) queue.push(t);
  else queue.splice(i, 0, t);
}
