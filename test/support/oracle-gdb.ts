// gdb on the i386 oracle: with a native oracle gdb starts the program itself (`run`); with qemu-i386 the program
// runs under `qemu-i386 -g PORT` and gdb attaches with `target remote`. Both stop at the same first breakpoint
// with the same registers, stack and variables. Everything is bounded by timeouts and qemu is always killed.
import { ChildProcess, execFileSync, spawn, spawnSync } from 'child_process';
import { guestOracle, guestOracleMissingReason } from './guest-oracle';

export interface GdbSession {
  /** Commands before the program starts (e.g. `break *0x8049000`). */
  setup: string[];
  /** Commands run once the program stopped at the first breakpoint. */
  atStop: string[];
  timeoutMs?: number;
}

/** Runs `binary` under gdb in batch mode on the oracle; returns gdb's stdout. Throws when gdb fails. */
export function gdbOnOracle(binary: string, session: GdbSession): string {
  const oracle = guestOracle();
  if (oracle === undefined) throw new Error(`no oracle for gdb: ${guestOracleMissingReason()}`);
  const timeout = session.timeoutMs ?? 30_000;
  const ex = (cmds: string[]): string[] => cmds.flatMap((c) => ['-ex', c]);
  if (oracle.kind === 'native') {
    return execFileSync('gdb', ['-batch', '-nx', ...ex(session.setup), '-ex', 'run', ...ex(session.atStop), '-ex', 'kill', binary],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout });
  }
  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = freeTcpPort();
    let qemu: ChildProcess | undefined;
    try {
      qemu = spawn('qemu-i386', ['-g', String(port), binary], { stdio: 'ignore' });
      // gdb retries the connection until qemu listens (tcp auto-retry), for at most connect-timeout seconds.
      const r = spawnSync('gdb', ['-batch', '-nx', '-ex', 'set tcp connect-timeout 10', '-ex', `target remote 127.0.0.1:${port}`,
        ...ex(session.setup), '-ex', 'continue', ...ex(session.atStop), '-ex', 'kill', binary],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout });
      if (r.error) throw new Error(`gdb against qemu-i386 -g ${port} failed: ${r.error.message}`);
      if (!/Connection refused|Connection timed out|Remote connection closed|Remote communication error/.test(r.stderr)) return r.stdout;
      lastError = `gdb could not attach to qemu-i386 -g ${port}:\n${r.stdout}\n${r.stderr}`;
    } finally {
      qemu?.kill('SIGKILL');
    }
  }
  throw new Error(lastError);
}

/** A TCP port that was free a moment ago (asked from the kernel by binding port 0 in a child node process). */
function freeTcpPort(): number {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close();});";
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 });
  const port = Number(r.stdout);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`could not find a free TCP port: ${r.stderr}`);
  return port;
}
