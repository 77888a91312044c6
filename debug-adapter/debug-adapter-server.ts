// Serving FiascoDebugSession over stdio (VS Code's executable adapter, `fiasco dap`) or TCP (`fiasco dap --port N`).
import * as net from 'net';
import { FiascoDebugSession } from './fiasco-debug-session';

/** Runs one session on this process's stdin/stdout until the client disconnects. */
export function runDebugAdapterOverStdio(): FiascoDebugSession {
  const session = new FiascoDebugSession();
  process.on('SIGTERM', () => session.shutdown());
  session.start(process.stdin, process.stdout);
  return session;
}

/** Listens on `port` (0 picks a free one); each connection gets its own session. */
export function serveDebugAdapter(port: number, host = '127.0.0.1'): net.Server {
  const server = net.createServer((socket) => {
    const session = new FiascoDebugSession();
    session.setRunAsServer(true);
    socket.on('error', () => socket.destroy());
    session.start(socket, socket);
  });
  server.listen(port, host);
  return server;
}
