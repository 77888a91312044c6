// Debugger latency as a user feels it: launch → first stop, a line step, Continue → the next IPC stop,
// driven by the real DebugClient against `fiasco dap` over stdio and over TCP. Host wall-clock time of the
// round trips (request sent → stopped event received); nothing here is asserted.
//
// `inline` runs the adapter inside this process, as VS Code's inline adapter runs inside the extension host, and
// also reports the longest time the adapter kept the event loop from turning (the extension host's goal: 16 ms).
import * as child_process from 'child_process';
import type * as net from 'net';
import * as path from 'path';
import { IntervalHistogram, monitorEventLoopDelay } from 'perf_hooks';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'out', 'cli', 'main.js');
const STDIO_ADAPTER = path.join(__dirname, 'dap-stdio-adapter.js');
const LECTURE = path.join(ROOT, 'examples', 'lecture', 'conf', 'modules.lst');

export type DapTransport = 'stdio' | 'tcp' | 'inline';

export interface DapLatency {
  transport: DapTransport;
  launchToStopMs: number;
  stepMs: number[];
  continueToIpcMs: number[];
  /** inline: the longest event-loop delay (ms) during the launch, the steps and the continues. */
  blockedMs?: { launch: number; step: number; continue: number };
}

function msSince(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/**
 * Starts a client on a fresh adapter: a child process on stdio, a `dap --port 0` server over TCP, or a server
 * in this process (inline: the adapter shares this event loop, as it shares the extension host's).
 */
async function connect(transport: DapTransport): Promise<{ dc: DebugClient; close: () => void }> {
  if (transport === 'inline') {
    // Required here so the other transports do not load the adapter into the bench's process.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { serveDebugAdapter } = require('../debug-adapter/debug-adapter-server') as typeof import('../debug-adapter/debug-adapter-server');
    const server: net.Server = serveDebugAdapter(0);
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('inline adapter: no TCP port');
    const dc = new DebugClient('node', CLI, 'fiasco');
    await dc.start(address.port);
    return { dc, close: () => server.close() };
  }
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
export async function measureDap(transport: DapTransport, steps = 25, continues = 25): Promise<DapLatency> {
  const t0 = process.hrtime.bigint();
  const { dc, close } = await connect(transport);
  // 1 ms resolution: a delay of the monitor's timer is the time something ran without yielding.
  const phase = (): IntervalHistogram => {
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    return h;
  };
  const longest = (h: IntervalHistogram): number => {
    h.disable();
    return h.max / 1e6;
  };
  let h = phase();
  const blockedMs = { launch: 0, step: 0, continue: 0 };
  try {
    const stopped = dc.waitForEvent('stopped', 60000);
    const launched = dc.launch({ modulesList: LECTURE, entry: 'client-server', stopOnEntry: true } as DebugProtocol.LaunchRequestArguments);
    await dc.configurationDoneRequest();
    await launched;
    const first = (await stopped) as DebugProtocol.StoppedEvent;
    const launchToStopMs = msSince(t0);
    blockedMs.launch = longest(h);
    const threadId = await firstThread(dc, first);
    h = phase();

    const stepMs: number[] = [];
    for (let i = 0; i < steps; i++) {
      const next = dc.waitForEvent('stopped', 60000);
      const t = process.hrtime.bigint();
      await dc.nextRequest({ threadId });
      await next;
      stepMs.push(msSince(t));
    }

    blockedMs.step = longest(h);
    h = phase();
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
    blockedMs.continue = longest(h);
    return { transport, launchToStopMs, stepMs, continueToIpcMs, ...(transport === 'inline' ? { blockedMs } : {}) };
  } finally {
    h.disable();
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
