import * as fs from 'fs';
import * as path from 'path';
import { RefusedExceptions } from '../emulator/real-l4re/refused-exceptions';
import { Machine } from '../emulator/machine';
import { CliArgs, UsageError, allowOnly, numberOption, option, optionList } from './cli-args';
import { attachTrace } from './trace-printer';
import { ROLE_POLICIES, RolePolicy, describeRoles } from '../emulator/boot/role-resolution';
import { GuestOutput } from './guest-output';
import { userLevelServersDir } from '../emulator/boot/user-level-servers';

const SLICE = 1_000_000;
/**
 * Instructions `fiasco run` executes at most unless --max-instructions says otherwise (20 emulated seconds
 * at the default 100 MHz): a program that never ends stops with a message instead of running forever.
 */
export const DEFAULT_MAX_INSTRUCTIONS = 2_000_000_000;

/** --max-instructions N, or `unlimited` to lift the default limit. */
function maxInstructionsOption(args: CliArgs): number {
  if (option(args, 'max-instructions') === 'unlimited') return Infinity;
  return numberOption(args, 'max-instructions') ?? DEFAULT_MAX_INSTRUCTIONS;
}
const TRACE_KINDS = ['ipc', 'syscall', 'pf', 'exception'];

/** Finds the modules list: --conf, else conf/modules.lst or conf/modules.list below the current directory. */
function findModulesList(conf: string | undefined): string {
  if (conf) return path.resolve(conf);
  for (const c of ['conf/modules.lst', 'conf/modules.list', 'modules.lst', 'modules.list']) {
    if (fs.existsSync(c)) return path.resolve(c);
  }
  throw new UsageError('no --conf given and no conf/modules.lst in the current directory');
}

/** `fiasco run`: boots an entry headless; guest log output goes to stdout. */
export function runCommand(args: CliArgs): number {
  allowOnly(args, ['conf', 'entry', 'search-path', 'trace', 'max-instructions', 'memory-mib', 'mips', 'roles']);
  const roles = option(args, 'roles');
  if (roles !== undefined && !(ROLE_POLICIES as readonly string[]).includes(roles)) throw new UsageError(`--roles takes ${ROLE_POLICIES.join('|')}, not "${roles}"`);
  const trace = (option(args, 'trace') ?? '').split(',').filter(Boolean);
  for (const t of trace) if (!TRACE_KINDS.includes(t)) throw new UsageError(`--trace knows ${TRACE_KINDS.join(',')}, not "${t}"`);
  const maxInstructions = maxInstructionsOption(args);
  // `fiasco run E=hello` reads like the lecture's `make qemu E=hello`.
  let entry = option(args, 'entry');
  for (const p of args.positional) {
    const m = /^(?:E|ENTRY)=(.+)$/.exec(p);
    if (m) entry = m[1];
    else throw new UsageError(`unexpected argument "${p}" (did you mean --entry ${p}?)`);
  }
  const machine = Machine.boot({
    modulesList: findModulesList(option(args, 'conf')),
    entry,
    searchPath: optionList(args, 'search-path').map((p) => path.resolve(p)),
    memoryMiB: numberOption(args, 'memory-mib'),
    instructionsPerMicrosecond: numberOption(args, 'mips'),
    roles: roles as RolePolicy | undefined,
  });
  // Which roles came from a real build is worth a line; our own servers (servers/bin) are the quiet default.
  const own = userLevelServersDir();
  const rolesMatter = roles !== undefined || machine.plan.roles.some((r) => own === undefined || path.dirname(path.resolve(r.path)) !== own);
  if (rolesMatter) process.stderr.write(`fiasco run: roles: ${describeRoles(machine.plan.roles)}\n`);
  const out = new GuestOutput();
  machine.events.on('output', (e) => out.write(e.text));
  attachTrace(machine, new Set(trace), (line) => process.stderr.write(line + '\n'));

  // A thread's unhandled fault stops that thread only: the run goes on, and its status reports the faults.
  const faulted: string[] = [];
  // On L4Re a program's fault is exception IPC to l4re, which refuses it: the same report as the kernel's.
  const refused = new RefusedExceptions(machine);
  const reportRefused = (): void => {
    for (const x of refused.take()) {
      process.stderr.write(`fiasco run: ${x.message}\n`);
      faulted.push(x.thread.name);
    }
  };
  for (;;) {
    // The reader of our output is gone (`fiasco run | head`): stop quietly, as cat or grep would.
    if (out.closed) return 0;
    // The limit counts executed instructions only: time skipped while every thread was blocked is free.
    const budget = Math.min(SLICE, maxInstructions - machine.retiredInstructions);
    if (budget <= 0) {
      const which = option(args, 'max-instructions') === undefined ? `the default limit of ${DEFAULT_MAX_INSTRUCTIONS}; --max-instructions N or unlimited changes it` : '--max-instructions';
      process.stderr.write(`fiasco run: stopped after ${machine.retiredInstructions} instructions (${which})\n`);
      return 3;
    }
    const r = machine.runSlice(budget);
    reportRefused();
    switch (r.kind) {
      case 'budget':
        continue;
      case 'ended':
        if (faulted.length === 0) return 0;
        process.stderr.write(`fiasco run: ${faulted.length} thread${faulted.length > 1 ? 's' : ''} stopped by a fault: ${faulted.join(', ')}\n`);
        return 1;
      case 'fault':
        process.stderr.write(`fiasco run: ${r.message}\n`);
        faulted.push(r.thread.name);
        continue;
      case 'breakpoint':
      case 'step':
      case 'event':
        continue; // the CLI sets no breakpoints and requests no stops
    }
  }
}
