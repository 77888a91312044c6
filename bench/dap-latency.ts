// Debugger latency as a user feels it: launch → first stop, a line step, Continue → the next IPC stop,
// driven by the real DebugClient against `fiasco dap` over stdio and over TCP. Host wall-clock time of the
// round trips (request sent → stopped event received); nothing here is asserted.
import * as child_process from 'child_process';
import * as path from 'path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'out', 'cli', 'main.js');
const STDIO_ADAPTER = path.join(__dirname, 'dap-stdio-adapter.js');
const LECTURE = path.join(ROOT, 'examples', 'lecture', 'conf', 'modules.lst');

export interface DapLatency {
  transport: 'stdio' | 'tcp';
  launchToStopMs: number;
  stepMs: number[];
  continueToIpcMs: number[];
}

function msSince(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Starts a client on a fresh adapter: a child process on stdio, or a `dap --port 0` server over TCP. */
async function connect(transport: 'stdio' | 'tcp'): Promise<{ dc: DebugClient; close: () => void }> {
  if (transport === 'stdio') {
    // DebugClient starts `node SCRIPT` without further arguments, so a two-line script stands in for `fiasco dap`.
    const dc = new DebugClient('node', STDIO_ADAPTER, 'fiasco');
    await dc.start();
    return { dc, close: () => undefined };
  }
  const server = child_process.spawn(process.execPath, [CLI, 'dap', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    server.stderr.on('data', (d: Buffer) => {
      text += d.toString();
      const m = /listening on port (\d+)/.exec(text);
      if (m) resolve(Number(m[1]));
    });
    server.on('exit', (code) => reject(new Error(`fiasco dap --port exited with ${code}: ${text}`)));
  });
  const dc = new DebugClient('node', CLI, 'fiasco');
  await dc.start(port);
  return { dc, close: () => server.kill() };
}

async function firstThread(dc: DebugClient, stopped: DebugProtocol.StoppedEvent): Promise<number> {
  if (stopped.body.threadId !== undefined) return stopped.body.threadId;
  return (await dc.threadsRequest()).body.threads[0].id;
}

/** One session: stop on entry of the client-server entry, `steps` line steps, then `continues` IPC stops. */
export async function measureDap(transport: 'stdio' | 'tcp', steps = 25, continues = 25): Promise<DapLatency> {
  const t0 = process.hrtime.bigint();
  const { dc, close } = await connect(transport);
  try {
    const stopped = dc.waitForEvent('stopped', 60000);
    const launched = dc.launch({ modulesList: LECTURE, entry: 'client-server', stopOnEntry: true } as DebugProtocol.LaunchRequestArguments);
    await dc.configurationDoneRequest();
    await launched;
    const first = (await stopped) as DebugProtocol.StoppedEvent;
    const launchToStopMs = msSince(t0);
    const threadId = await firstThread(dc, first);

    const stepMs: number[] = [];
    for (let i = 0; i < steps; i++) {
      const next = dc.waitForEvent('stopped', 60000);
      const t = process.hrtime.bigint();
      await dc.nextRequest({ threadId });
      await next;
      stepMs.push(msSince(t));
    }

    await dc.setExceptionBreakpointsRequest({ filters: ['ipc'] });
    const continueToIpcMs: number[] = [];
    const terminated = dc.waitForEvent('terminated', 600000).catch(() => undefined);
    for (let i = 0; i < continues; i++) {
      const next = Promise.race([dc.waitForEvent('stopped', 60000), terminated.then(() => ({ event: 'terminated' }))]);
      const t = process.hrtime.bigint();
      await dc.continueRequest({ threadId });
      const e = await next;
      if (e.event !== 'stopped') break;
      continueToIpcMs.push(msSince(t));
    }
    return { transport, launchToStopMs, stepMs, continueToIpcMs };
  } finally {
    await dc.stop().catch(() => undefined);
    close();
  }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
}

export function p90(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * 0.9))] : NaN;
}
