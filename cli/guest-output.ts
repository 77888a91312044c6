import * as fs from 'fs';

/**
 * The guest's output on stdout, written synchronously so that a reader that went away (`fiasco run | head`)
 * is noticed at once: process.stdout would queue every later line in memory and report EPIPE only after
 * the run, which may never end.
 */
export class GuestOutput {
  /** True once the reader closed the pipe: the run should stop quietly. */
  closed = false;
  private queued = false;

  /** ned's tagged logs are coloured (ANSI SGR, as on the real console): kept for a terminal only. */
  private readonly colour: boolean;

  constructor(private readonly fd = 1) {
    this.colour = require('tty').isatty(fd) && process.env.NO_COLOR === undefined;
  }

  write(text: string): void {
    if (this.closed) return;
    if (!this.colour) text = text.replace(/\x1b\[[0-9;]*m/g, '');
    if (this.queued) {
      process.stdout.write(text);
      return;
    }
    let bytes = Buffer.from(text, 'utf8');
    while (bytes.length > 0) {
      try {
        const n = fs.writeSync(this.fd, bytes);
        bytes = bytes.subarray(n);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') {
          this.closed = true;
          return;
        }
        if (code === 'EAGAIN') {
          // A non-blocking stdout (some terminals): let Node's stream queue the rest.
          this.queued = true;
          process.stdout.write(bytes);
          return;
        }
        throw e;
      }
    }
  }
}
