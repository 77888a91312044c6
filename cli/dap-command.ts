import { runDebugAdapterOverStdio, serveDebugAdapter } from '../debug-adapter/debug-adapter-server';
import { CliArgs, allowOnly, numberOption } from './cli-args';

/** `fiasco dap [--port N]`: the debug adapter over stdio, or a TCP server (one session per connection). */
export async function dapCommand(args: CliArgs): Promise<number> {
  allowOnly(args, ['port']);
  const port = numberOption(args, 'port');
  if (port === undefined) {
    runDebugAdapterOverStdio();
    return -1; // keep running until the client disconnects
  }
  const server = serveDebugAdapter(port);
  await new Promise<void>((resolve) => server.on('listening', () => resolve()));
  const addr = server.address();
  process.stderr.write(`fiasco dap: listening on port ${typeof addr === 'object' && addr ? addr.port : port}\n`);
  return -1;
}
