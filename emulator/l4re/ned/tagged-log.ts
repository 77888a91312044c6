import type { Invocation } from '../../kernel/kobject';
import { VconServer, consoleText } from '../../kernel/vcon-server';
import type { Kernel } from '../../kernel/kernel';
import type { Thread } from '../../kernel/thread';
import type { Task } from '../../kernel/task';
import { L4_ERR, VCON_WRITE_SIZE } from '../../kernel/abi';

/** Width L4Re's console pads an application's tag to, so that the "|" columns line up. */
export const LOG_TAG_WIDTH = 8;

/** How a tagged log's line starts: the tag padded to the console's column, then "| ". */
export function logLinePrefix(tag: string): string {
  return `${tag.slice(0, LOG_TAG_WIDTH).padEnd(LOG_TAG_WIDTH)}| `;
}

/**
 * A per-application log as moe's log factory creates it for ned (`log = {"tag", "color"}`): speaks the vcon
 * protocol and prints every line as "tag     | text", like L4Re's console. Text is collected per writing
 * task until a newline, so the lines of several programs never mix; a task's unfinished line is printed
 * when it exits.
 */
export class TaggedLog extends VconServer {
  readonly kind = 'Moe.Log';
  private readonly pending = new Map<Task, { thread: Thread; text: string; decoder: InstanceType<typeof TextDecoder> }>();

  constructor(
    private readonly kernel: Kernel,
    readonly tag: string,
    /** The color letter of the ned script (n r g y b m c w, upper case = bright); shown in the debugger. */
    readonly color = '',
  ) {
    super(`log(${tag})`);
    kernel.events.on('task-exited', ({ task }) => this.flush(task));
  }

  /** Longer than one UTCB can hold: moe's log refuses it. */
  protected writeLength(_inv: Invocation, requested: number): number | { error: number } {
    return requested > VCON_WRITE_SIZE ? { error: L4_ERR.EINVAL } : requested;
  }

  /** Adds bytes a thread wrote; every completed line goes out with the tag in front. */
  write(thread: Thread, bytes: Uint8Array): void {
    let p = this.pending.get(thread.task);
    if (!p) this.pending.set(thread.task, (p = { thread, text: '', decoder: new TextDecoder('utf-8') }));
    p.thread = thread;
    p.text += consoleText(p.decoder, bytes);
    const lastNewline = p.text.lastIndexOf('\n');
    if (lastNewline < 0) return;
    const complete = p.text.slice(0, lastNewline);
    p.text = p.text.slice(lastNewline + 1);
    this.kernel.emitOutput(thread, complete.split('\n').map((line) => logLinePrefix(this.tag) + line + '\n').join(''));
  }

  /** Prints a task's unfinished line (at its exit). */
  flush(task: Task): void {
    const p = this.pending.get(task);
    if (!p) return;
    this.pending.delete(task);
    const rest = p.text + p.decoder.decode();
    if (rest) this.kernel.emitOutput(p.thread, logLinePrefix(this.tag) + rest + '\n');
  }

  override describe(): Array<{ name: string; value: string }> {
    return [
      { name: 'tag', value: this.tag },
      { name: 'color', value: this.color || '(none)' },
      { name: 'unfinished lines', value: String([...this.pending.values()].filter((p) => p.text).length) },
    ];
  }
}
