// A DAP client on raw bytes, for the transport tests: it can send broken frames, and it reads the adapter's
// frames with the same reader the adapter uses, so each test sees exactly what came back.
import { ChildProcess, spawn } from 'child_process';
import * as net from 'net';
import * as path from 'path';
import { DapFrameReader } from '../../debug-adapter/dap-frame-reader';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const CLI_MAIN = path.join(REPO, 'out', 'cli', 'main.js');
export const HELLO_CONF = path.join(REPO, 'examples', 'hello', 'conf', 'modules.lst');

export type Message = Record<string, unknown> & { type: string; seq: number; command?: string; event?: string; request_seq?: number; success?: boolean; message?: string; body?: Record<string, unknown> };

export function frame(json: string): Buffer {
  return Buffer.concat([Buffer.from(`Content-Length: ${Buffer.byteLength(json)}\r\n\r\n`), Buffer.from(json)]);
}

export class RawDapClient {
  readonly messages: Message[] = [];
  stderr = '';
  private readonly reader = new DapFrameReader();
  private waiters: Array<() => void> = [];
  private seq = 1;
  exit?: Promise<number | null>;

  constructor(
    private readonly write: (b: Buffer) => void,
    readonly close: () => void,
  ) {}

  /** `fiasco dap` over stdio. */
  static stdio(): { client: RawDapClient; child: ChildProcess } {
    const child = spawn(process.execPath, [CLI_MAIN, 'dap'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new RawDapClient(
      (b) => child.stdin!.write(b),
      () => child.stdin!.end(),
    );
    child.stdout!.on('data', (d: Buffer) => client.receive(d));
    child.stderr!.on('data', (d: Buffer) => client.receiveStderr(d));
    client.exit = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    return { client, child };
  }

  /** `fiasco dap --port 0`, then one TCP connection to it. */
  static async tcp(): Promise<{ client: RawDapClient; child: ChildProcess; socket: net.Socket }> {
    const child = spawn(process.execPath, [CLI_MAIN, 'dap', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    const port = await new Promise<number>((resolve, reject) => {
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /listening on port (\d+)/.exec(err);
        if (m) resolve(Number(m[1]));
      });
      child.on('exit', () => reject(new Error(`fiasco dap exited: ${err}`)));
    });
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    const client = new RawDapClient(
      (b) => socket.write(b),
      () => socket.end(),
    );
    child.stderr!.on('data', (d: Buffer) => client.receiveStderr(d));
    socket.on('data', (d: Buffer) => client.receive(d));
    client.exit = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    return { client, child, socket };
  }

  private receive(d: Buffer): void {
    for (const r of this.reader.feed(d)) if (r.kind === 'message') this.messages.push(r.message as Message);
    this.wakeWaiters();
  }

  private receiveStderr(d: Buffer): void {
    this.stderr += d.toString();
    this.wakeWaiters();
  }

  private wakeWaiters(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves at the next message or stderr chunk, or after `ms`. */
  private nextArrival(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  sendRaw(b: Buffer | string): void {
    this.write(typeof b === 'string' ? Buffer.from(b, 'latin1') : b);
  }

  /** Sends a request; returns its seq. */
  send(command: string, args?: unknown): number {
    const seq = this.seq++;
    this.sendRaw(frame(JSON.stringify({ seq, type: 'request', command, arguments: args })));
    return seq;
  }

  /** The first message matching `pred`, waiting up to `ms`. */
  async waitFor(pred: (m: Message) => boolean, ms = 20_000, what = 'a message'): Promise<Message> {
    const deadline = Date.now() + ms;
    for (;;) {
      const m = this.messages.find(pred);
      if (m) return m;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.messages).slice(0, 2000)}; stderr ${this.stderr}`);
      await this.nextArrival(left);
    }
  }

  /** Waits until stderr (a different pipe than the responses, so it may lag behind them) matches. */
  async stderrMatching(re: RegExp, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!re.test(this.stderr)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`stderr never matched ${re}: ${this.stderr}`);
      await this.nextArrival(left);
    }
  }

  response(seq: number, ms?: number): Promise<Message> {
    return this.waitFor((m) => m.type === 'response' && m.request_seq === seq, ms, `the response to request ${seq}`);
  }

  async request(command: string, args?: unknown, ms?: number): Promise<Message> {
    return this.response(this.send(command, args), ms);
  }

  /** initialize + launch hello stopped at main; returns the top frame's instruction pointer reference. */
  async launchHello(): Promise<string> {
    await this.request('initialize', { adapterID: 'fiasco', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
    const launched = await this.request('launch', { modulesList: HELLO_CONF, entry: 'hello', stopOnEntry: true });
    if (!launched.success) throw new Error(`launch failed: ${launched.message}`);
    await this.request('configurationDone');
    const stopped = await this.waitFor((m) => m.type === 'event' && m.event === 'stopped', 30_000, 'the stop at main');
    const threadId = (stopped.body as { threadId: number }).threadId;
    const trace = await this.request('stackTrace', { threadId });
    const frames = (trace.body as { stackFrames: Array<{ instructionPointerReference: string }> }).stackFrames;
    return frames[0].instructionPointerReference;
  }
}
