import { Invocation, InvokeResult, Kobject, errorReply, okReply } from '../../kernel/kobject';
import type { Kernel } from '../../kernel/kernel';
import type { Thread } from '../../kernel/thread';
import type { Task } from '../../kernel/task';
import { L4_ERR, PROTO, UTCB_MR_OFFSET, VCON_GET_ATTR_OP, VCON_READ_OP, VCON_SET_ATTR_OP, VCON_WRITE_OP, VCON_WRITE_SIZE } from '../../kernel/abi';

/** Width L4Re's console pads an application's tag to, so that the "|" columns line up. */
export const LOG_TAG_WIDTH = 8;
/** vcon output flag ONLCR (newline → CR LF on a terminal); a log always reports it on. */
const ONLCR = 0o4;
/** READ reply: no input attached. */
const VCON_READ_DONE = 0x8000_0000;
/** The MR where the text of a WRITE starts (MR0 op, MR1 length). */
const WRITE_TEXT_MR = 2;

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
export class TaggedLog extends Kobject {
  readonly kind = 'Moe.Log';
  private attrs = { i: 0, o: ONLCR, l: 0 };
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

  override invoke(inv: Invocation): InvokeResult {
    if (inv.tag.label !== PROTO.LOG) return errorReply(L4_ERR.EBADPROTO);
    if (inv.tag.words === 0) return errorReply(L4_ERR.EMSGTOOSHORT);
    const t = inv.caller;
    switch (t.mr(0) & 0xffff) {
      case VCON_WRITE_OP: {
        const len = t.mr(1);
        if (len > VCON_WRITE_SIZE) return errorReply(L4_ERR.EINVAL);
        const bytes = t.task.as.read(t.utcb + UTCB_MR_OFFSET + 4 * WRITE_TEXT_MR, len) ?? new Uint8Array(0);
        this.write(t, bytes);
        return okReply();
      }
      case VCON_READ_OP:
        t.setMr(0, VCON_READ_DONE);
        return okReply(1);
      case VCON_SET_ATTR_OP:
        if (inv.tag.words < 4) return errorReply(L4_ERR.EMSGTOOSHORT);
        this.attrs = { i: t.mr(1), o: t.mr(2), l: t.mr(3) };
        return okReply();
      case VCON_GET_ATTR_OP:
        t.setMr(1, this.attrs.i);
        t.setMr(2, this.attrs.o);
        t.setMr(3, this.attrs.l);
        return okReply(4);
      default:
        return errorReply(L4_ERR.ENOSYS);
    }
  }

  /** Adds bytes a thread wrote; every completed line goes out with the tag in front. */
  write(thread: Thread, bytes: Uint8Array): void {
    let p = this.pending.get(thread.task);
    if (!p) this.pending.set(thread.task, (p = { thread, text: '', decoder: new TextDecoder('utf-8') }));
    p.thread = thread;
    // A console shows NUL as nothing (the lecture's hello-syscall sends one).
    p.text += p.decoder.decode(bytes, { stream: true }).replace(/\0/g, '');
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
