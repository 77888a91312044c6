// Serving FiascoDebugSession over stdio (VS Code's executable adapter, `fiasco dap`) or TCP (`fiasco dap --port N`).
import * as net from 'net';
import { PassThrough } from 'stream';
import type { Readable, Writable } from 'stream';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { FiascoDebugSession } from './fiasco-debug-session';
import { DapFrameReader } from './dap-frame-reader';

/**
 * Connects a session to a byte stream through DapFrameReader instead of the library's own reader, which
 * ends the adapter (exit 0, no message) on the first malformed message. `complain` also gets every problem
 * (stderr for `fiasco dap`).
 */
export function startSession(session: FiascoDebugSession, input: Readable, output: Writable, complain: (message: string) => void = () => undefined): void {
  const reader = new DapFrameReader();
  // The session reads nothing from this stream; it only learns from its end that the client is gone.
  const lifetime = new PassThrough();
  input.on('data', (data: Buffer) => {
    for (const r of reader.feed(data)) {
      if (r.kind === 'message') {
        session.handleMessage(r.message as unknown as DebugProtocol.ProtocolMessage);
      } else {
        complain(r.message);
        session.reportProtocolError(r.message, r.requestSeq, r.command);
      }
    }
  });
  input.on('end', () => lifetime.end());
  input.on('close', () => lifetime.end());
  input.on('error', (e) => {
    complain(`input error: ${e.message}`);
    lifetime.end();
  });
  session.start(lifetime, output);
  lifetime.resume();
}

/** Runs one session on this process's stdin/stdout until the client disconnects. */
export function runDebugAdapterOverStdio(): FiascoDebugSession {
  const session = new FiascoDebugSession();
  process.on('SIGTERM', () => session.shutdown());
  startSession(session, process.stdin, process.stdout, (m) => process.stderr.write(`fiasco dap: ${m}\n`));
  return session;
}

/** Listens on `port` (0 picks a free one); each connection gets its own session. */
export function serveDebugAdapter(port: number, host = '127.0.0.1'): net.Server {
  const server = net.createServer((socket) => {
    const session = new FiascoDebugSession();
    session.setRunAsServer(true);
    // A response and the stopped event that follows it are separate small writes: with Nagle's algorithm
    // the second waits for the client's delayed ACK (~40 ms on Linux), which made every step cost 44 ms.
    socket.setNoDelay(true);
    socket.on('error', () => socket.destroy());
    startSession(session, socket, socket, (m) => process.stderr.write(`fiasco dap (${socket.remoteAddress}:${socket.remotePort}): ${m}\n`));
  });
  server.listen(port, host);
  return server;
}
