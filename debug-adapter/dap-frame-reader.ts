// The Debug Adapter Protocol's framing ("Content-Length: N\r\n\r\n" + N bytes of JSON), read defensively:
// a bad header, a bad body or junk between messages is reported and skipped, and reading goes on with the
// next valid header, so that one broken message never loses the ones after it or ends the session.

/** Longest header block we wait for before treating the bytes as junk. */
export const MAX_HEADER_BYTES = 8 * 1024;
/** Biggest message body accepted (writeMemory of a few MiB in base64 fits). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /^content-length$/i;
const HEADER_START = Buffer.from('Content-Length:');

export type FrameResult =
  | { kind: 'message'; message: Record<string, unknown> }
  /** A problem the client should hear about; `requestSeq` when the broken message still named its request. */
  | { kind: 'error'; message: string; requestSeq?: number; command?: string };

/** Feeds bytes in, gets whole messages and error reports out. */
export class DapFrameReader {
  private buffer: Buffer = Buffer.alloc(0);
  private bodyLength = -1;
  /** True while skipping junk: reported once per run of junk. */
  private skipping = false;

  /** Bytes still missing of a body whose header was read (0 when not inside a body). */
  get pendingBodyBytes(): number {
    return this.bodyLength < 0 ? 0 : Math.max(0, this.bodyLength - this.buffer.length);
  }

  feed(data: Buffer): FrameResult[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, data]) : data;
    const out: FrameResult[] = [];
    for (;;) {
      if (this.bodyLength >= 0) {
        if (this.buffer.length < this.bodyLength) break;
        const body = this.buffer.subarray(0, this.bodyLength);
        this.buffer = this.buffer.subarray(this.bodyLength);
        this.bodyLength = -1;
        const parsed = parseBody(body);
        out.push(parsed);
        // A body that is no JSON but holds a header was cut out by a wrong Content-Length: the messages
        // inside it are read again from their own headers.
        const inner = parsed.kind === 'error' && parsed.requestSeq === undefined ? indexOfIgnoreCase(body, HEADER_START) : -1;
        if (inner >= 0) this.buffer = Buffer.concat([body.subarray(inner), this.buffer]);
        continue;
      }
      if (!this.readHeader(out)) break;
    }
    return out;
  }

  /** Reads one header block if complete; false when more bytes are needed. */
  private readHeader(out: FrameResult[]): boolean {
    const start = indexOfIgnoreCase(this.buffer, HEADER_START);
    if (start !== 0) {
      // Junk before the next header (or no header at all yet): drop it, keeping a possible partial header.
      const drop = start > 0 ? start : Math.max(0, this.buffer.length - HEADER_START.length);
      if (drop > 0 && !isWhitespace(this.buffer.subarray(0, drop))) {
        if (!this.skipping) out.push({ kind: 'error', message: `skipped ${drop} bytes that are not a DAP message (expected "Content-Length: N" and an empty line)` });
        this.skipping = start < 0;
      }
      this.buffer = this.buffer.subarray(drop);
      if (start < 0) return false;
    }
    this.skipping = false;
    const end = this.buffer.indexOf(HEADER_END);
    if (end < 0) {
      if (this.buffer.length > MAX_HEADER_BYTES) {
        out.push({ kind: 'error', message: `a DAP header longer than ${MAX_HEADER_BYTES} bytes without an empty line: skipped` });
        this.buffer = this.buffer.subarray(HEADER_START.length);
        return true;
      }
      return false;
    }
    const header = this.buffer.subarray(0, end).toString('latin1');
    this.buffer = this.buffer.subarray(end + HEADER_END.length);
    let length: number | undefined;
    let problem: string | undefined;
    for (const line of header.split('\r\n')) {
      const colon = line.indexOf(':');
      const name = colon < 0 ? line.trim() : line.slice(0, colon).trim();
      const value = colon < 0 ? '' : line.slice(colon + 1).trim();
      if (!CONTENT_LENGTH.test(name)) continue;
      if (!/^\d{1,10}$/.test(value)) problem = `invalid Content-Length "${value.slice(0, 40)}" (a whole number of bytes is needed)`;
      else if (Number(value) > MAX_BODY_BYTES) problem = `Content-Length ${value} is more than the limit of ${MAX_BODY_BYTES} bytes`;
      else length = Number(value);
    }
    if (problem || length === undefined) {
      out.push({ kind: 'error', message: `${problem ?? 'a DAP header without Content-Length'}: message skipped` });
      return true;
    }
    this.bodyLength = length;
    return true;
  }
}

/** A body as a DAP message, or why not (with the request's seq when it can still be answered). */
export function parseBody(body: Buffer): FrameResult {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (e) {
    return { kind: 'error', message: `a DAP message body is not valid JSON (${(e as Error).message}): skipped` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'error', message: 'a DAP message must be a JSON object: skipped' };
  }
  const m = value as Record<string, unknown>;
  const seq = Number.isSafeInteger(m.seq) ? (m.seq as number) : undefined;
  if (m.type === 'request') {
    if (typeof m.command !== 'string' || m.command === '') return { kind: 'error', message: 'a DAP request without a command: skipped', requestSeq: seq };
    if (seq === undefined) return { kind: 'error', message: `DAP request "${m.command.slice(0, 40)}" without a whole-number seq: skipped`, command: m.command };
    if (m.arguments !== undefined && (typeof m.arguments !== 'object' || m.arguments === null || Array.isArray(m.arguments))) {
      return { kind: 'error', message: `DAP request "${m.command}": arguments must be an object`, requestSeq: seq, command: m.command };
    }
    return { kind: 'message', message: m };
  }
  if (m.type === 'response' || m.type === 'event') return { kind: 'message', message: m };
  return { kind: 'error', message: `a DAP message of type ${JSON.stringify(m.type)?.slice(0, 40) ?? 'undefined'} (expected request, response or event): skipped`, requestSeq: seq };
}

function indexOfIgnoreCase(haystack: Buffer, needle: Buffer): number {
  const first = haystack.indexOf(needle);
  if (first >= 0) return first;
  // Header names are case-insensitive; the common spelling is found above without this copy.
  return Buffer.from(haystack.toString('latin1').toLowerCase(), 'latin1').indexOf(Buffer.from(needle.toString('latin1').toLowerCase(), 'latin1'));
}

function isWhitespace(b: Buffer): boolean {
  for (const c of b) if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false;
  return true;
}
