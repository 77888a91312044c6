// Where messages came from, for causal navigation: for every message a thread received, the sender and the
// emulated clock of the sender's kernel entry that sent it; for every call, its clock (a reply's "go to the
// call"). Kept as history so it still answers after the debugger travelled back; by thread id, because a travel
// to before a thread was created re-creates it as another object.
import type { IpcEvent } from '../../emulator/kernel/kernel-events';
import { Thread } from '../../emulator/kernel/thread';

export interface ReceivedFrom {
  /** When the receiver got it. */
  clock: number;
  /** The sender as it was then (a travel may have re-created it: look it up by id). */
  sender: Thread;
  /** When the sender's send (or call, or reply) entered the kernel. */
  sendClock: number;
  kind: IpcEvent['kind'];
}

export class CausalLog {
  private readonly lastSend = new Map<number, { clock: number; kind: IpcEvent['kind'] }>();
  private readonly received = new Map<number, ReceivedFrom[]>();
  private readonly calls = new Map<number, number[]>();

  clear(): void {
    this.lastSend.clear();
    this.received.clear();
    this.calls.clear();
  }

  record(e: IpcEvent, clock: number): void {
    if (e.kind === 'receive') {
      if (!(e.to instanceof Thread)) return;
      const send = this.lastSend.get(e.from.id);
      const list = this.received.get(e.to.id) ?? [];
      // A re-run after a travel back records the same receives again: they replace those from that clock on.
      while (list.length && list[list.length - 1].clock >= clock) list.pop();
      list.push({ clock, sender: e.from, sendClock: send?.clock ?? clock, kind: send?.kind ?? 'send' });
      this.received.set(e.to.id, list);
      return;
    }
    this.lastSend.set(e.from.id, { clock, kind: e.kind });
    if (e.kind === 'call') {
      const list = this.calls.get(e.from.id) ?? [];
      while (list.length && list[list.length - 1] >= clock) list.pop();
      list.push(clock);
      this.calls.set(e.from.id, list);
    }
  }

  /** The debugger changed the machine at `clock` (a write, a raised IRQ): what came after was another future. */
  dropAfter(clock: number): void {
    for (const list of this.received.values()) while (list.length && list[list.length - 1].clock > clock) list.pop();
    for (const list of this.calls.values()) while (list.length && list[list.length - 1] > clock) list.pop();
    for (const [id, send] of this.lastSend) if (send.clock > clock) this.lastSend.delete(id);
  }

  /** The last message `t` received at or before `now`. */
  lastReceived(t: Thread, now: number): ReceivedFrom | undefined {
    const list = this.received.get(t.id) ?? [];
    for (let i = list.length - 1; i >= 0; i--) if (list[i].clock <= now) return list[i];
    return undefined;
  }

  /** The last call `t` made at or before `now`. */
  lastCall(t: Thread, now: number): number | undefined {
    const list = this.calls.get(t.id) ?? [];
    for (let i = list.length - 1; i >= 0; i--) if (list[i] <= now) return list[i];
    return undefined;
  }
}
