// What each thread last received (IPC 'receive' events): the label for conditions (`label == 0x42`) and the TCB
// view, the tag for the UTCB view (whose MRs then hold that message).
import type { Thread } from '../../emulator/kernel/thread';

export class ReceivedMessages {
  readonly labels = new Map<Thread, number>();
  readonly tags = new Map<Thread, number>();

  record(receiver: Thread, label: number, tag: number): void {
    this.labels.set(receiver, label >>> 0);
    this.tags.set(receiver, tag >>> 0);
  }
}
