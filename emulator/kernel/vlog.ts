import type { Thread } from './thread';
import { VCON_WRITE_SIZE } from './abi';
import { VconServer, consoleText } from './vcon-server';

/** The kernel's log object (Vlog): what `L4_BASE_LOG_CAP` names. Output goes to the machine's output event. */
export class Vlog extends VconServer {
  readonly kind = 'Vlog';
  private readonly decoders = new Map<number, InstanceType<typeof TextDecoder>>();

  constructor(private readonly output: (thread: Thread, text: string) => void) {
    super('log');
  }

  /** The kernel Vlog prints MR1 bytes from MR2 and ignores tag.words; a longer text prints nothing. */
  protected writeLength(_inv: unknown, requested: number): number | undefined {
    return requested <= VCON_WRITE_SIZE ? requested : undefined;
  }

  write(thread: Thread, bytes: Uint8Array): void {
    let decoder = this.decoders.get(thread.task.id);
    if (!decoder) this.decoders.set(thread.task.id, (decoder = new TextDecoder('utf-8')));
    const text = consoleText(decoder, bytes);
    if (text) this.output(thread, text);
  }
}
