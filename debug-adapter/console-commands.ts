// JDB-like commands of the Debug Console: `threads`, `tcb <thread>`, `utcb <thread>`, `caps <task>`, `objects`,
// `ipclog on|off`, `pf`, `ready`, `timeouts`, `hex on|off`, `stats`, `irq <line>`, `help`. Each answers with plain text.
import { DebugProtocol } from '@vscode/debugprotocol';
import { Machine } from '../emulator/machine';
import type { Task } from '../emulator/kernel/task';
import type { Thread } from '../emulator/kernel/thread';
import { hex32 } from '../emulator/util/hex';
import type { PageFaultLog } from './runtime/page-fault-log';

export const CONSOLE_COMMANDS: ReadonlyArray<{ name: string; args: string; help: string }> = [
  { name: 'threads', args: '', help: 'every thread with its state and eip' },
  { name: 'tcb', args: '<thread>', help: 'the thread control block' },
  { name: 'utcb', args: '<thread>', help: 'message registers, buffer registers and the error code' },
  { name: 'caps', args: '<task>', help: 'the capability table of a task' },
  { name: 'objects', args: '', help: 'every kernel object' },
  { name: 'ready', args: '', help: 'the scheduler ready queue' },
  { name: 'timeouts', args: '', help: 'threads waiting for a timeout' },
  { name: 'ipclog', args: 'on|off', help: 'print every IPC to the console' },
  { name: 'pf', args: '', help: 'the recent page faults' },
  { name: 'hex', args: 'on|off', help: 'show registers in hex or decimal' },
  { name: 'irq', args: '<line>', help: 'raise an interrupt line of the ICU, as a device would (logged for time travel)' },
  { name: 'stats', args: '', help: 'how the debugger ran the machine: slices, single steps, instructions' },
  { name: 'help', args: '', help: 'this list' },
];


export interface ConsoleContext {
  machine: Machine;
  currentThread(): Thread | undefined;
  tcb(thread: Thread): DebugProtocol.Variable[];
  utcb(thread: Thread): DebugProtocol.Variable[];
  capabilities(task: Task): DebugProtocol.Variable[];
  pageFaults: PageFaultLog;
  ipcLog: boolean;
  hex: boolean;
  /** Machine.runSlice calls (whole slices and single steps) and instructions since launch. */
  stats?: () => { slices: number; steps: number; instructions: number };
  /** Raises an ICU line as a device would; returns what happened (DebugRuntime.raiseIrq). */
  raiseIrq?: (line: number) => string;
}

export class ConsoleCommandError extends Error {}

export function isConsoleCommand(text: string): boolean {
  const word = text.trim().split(/\s+/)[0];
  return CONSOLE_COMMANDS.some((c) => c.name === word);
}

export function findThread(machine: Machine, spec: string | undefined, fallback: Thread | undefined): Thread {
  if (!spec) {
    if (fallback) return fallback;
    throw new ConsoleCommandError('no current thread: name one (task:thread, thread or id)');
  }
  const all = machine.threads();
  const t = all.find((x) => String(x.id) === spec) ?? all.find((x) => x.name === spec) ?? all.find((x) => x.shortName === spec) ?? all.find((x) => x.task.name === spec);
  if (!t) throw new ConsoleCommandError(`no thread "${spec}" — threads: ${all.map((x) => x.name).join(', ')}`);
  return t;
}

export function findTask(machine: Machine, spec: string | undefined, fallback: Task | undefined): Task {
  if (!spec) {
    if (fallback) return fallback;
    throw new ConsoleCommandError('name a task');
  }
  const all = machine.tasks();
  const t = all.find((x) => String(x.id) === spec) ?? all.find((x) => x.name === spec) ?? all.find((x) => x.threads.some((th) => th.name === spec));
  if (!t) throw new ConsoleCommandError(`no task "${spec}" — tasks: ${all.map((x) => x.name).join(', ')}`);
  return t;
}

function table(vars: DebugProtocol.Variable[]): string {
  const w = Math.max(...vars.map((v) => v.name.length), 4);
  return vars.map((v) => `${v.name.padEnd(w)}  ${v.value}`).join('\n');
}

/** Runs a command; returns its text. Throws ConsoleCommandError for bad arguments. */
export function runConsoleCommand(line: string, ctx: ConsoleContext): string {
  const [cmd, ...args] = line.trim().split(/\s+/);
  const k = ctx.machine.kernel;
  switch (cmd) {
    case 'help':
      return CONSOLE_COMMANDS.map((c) => `${`${c.name} ${c.args}`.padEnd(18)} ${c.help}`).join('\n') + '\nanything else is an expression: registers, variables, *(int*)0x..., &symbol';
    case 'threads':
      return ctx.machine.threads().map((t) => `${String(t.id).padStart(3)} ${t.name.padEnd(24)} ${hex32(Machine.readRegister(t, 'eip'))}  ${t.stateDescription()}`).join('\n');
    case 'tcb':
      return table(ctx.tcb(findThread(ctx.machine, args[0], ctx.currentThread())));
    case 'utcb':
      return table(ctx.utcb(findThread(ctx.machine, args[0], ctx.currentThread())));
    case 'caps': {
      const task = findTask(ctx.machine, args[0], ctx.currentThread()?.task);
      return `capabilities of ${task.name}:\n${table(ctx.capabilities(task))}`;
    }
    case 'objects':
      return k.allObjects().map((o) => `#${String(o.id).padEnd(4)} ${o.kind.padEnd(10)} ${o.name || '(unnamed)'}${o.describe().length ? `  ${o.describe().map((d) => `${d.name}=${d.value}`).join('; ')}` : ''}`).join('\n');
    case 'ready':
      return k.scheduler.readyThreads().map((t) => `prio ${String(t.prio).padStart(3)}  ${t.name}`).join('\n') || '(no thread is ready)';
    case 'timeouts': {
      const sleepers = ctx.machine.threads().filter((t) => t.wakeAt !== undefined).sort((a, b) => a.wakeAt! - b.wakeAt!);
      return sleepers.map((t) => `${t.name}: at instruction ${t.wakeAt} (in ${t.wakeAt! - k.clock})`).join('\n') || '(no timeout pending)';
    }
    case 'ipclog':
    case 'hex': {
      const on = args[0] === 'on' ? true : args[0] === 'off' ? false : undefined;
      if (on === undefined) throw new ConsoleCommandError(`usage: ${cmd} on|off (now ${(cmd === 'hex' ? ctx.hex : ctx.ipcLog) ? 'on' : 'off'})`);
      if (cmd === 'hex') ctx.hex = on;
      else ctx.ipcLog = on;
      return `${cmd} ${on ? 'on' : 'off'}`;
    }
    case 'stats': {
      const st = ctx.stats?.();
      if (!st) return '(no statistics)';
      return `${st.instructions} instructions in ${st.slices} slices and ${st.steps} single steps`;
    }
    case 'irq': {
      if (!args[0] || !/^(0x[0-9a-f]+|\d+)$/i.test(args[0])) throw new ConsoleCommandError('usage: irq <line> (an interrupt line of the ICU, 0 to 15)');
      if (!ctx.raiseIrq) throw new ConsoleCommandError('irq: no interrupt controller to raise');
      try {
        return ctx.raiseIrq(Number(args[0]));
      } catch (e) {
        throw new ConsoleCommandError((e as Error).message);
      }
    }
    case 'pf': {
      // Up to the machine's position: after a travel back, the faults ahead of it have not happened (yet).
      const now = ctx.machine.kernel.clock;
      const lines = ctx.pageFaults.upTo(now).map((p) => `${p.thread}: ${p.write ? 'write' : 'read '} ${hex32(p.address)} at eip ${hex32(p.eip)}${p.resolved ? '' : ' (unresolved)'} @${p.clock}`);
      const ahead = ctx.pageFaults.aheadOf(now);
      if (ahead > 0) lines.push(`(${ahead} recorded fault${ahead === 1 ? '' : 's'} ahead of this position)`);
      return lines.join('\n') || '(no page fault yet)';
    }
  }
  throw new ConsoleCommandError(`unknown command "${cmd}"`);
}

/** Completions for the Debug Console: commands first, then names that fit the word being typed. */
export function completeConsole(text: string, column: number, extra: { threads: string[]; tasks: string[]; symbols: string[]; registers: string[] }): DebugProtocol.CompletionItem[] {
  const upto = text.slice(0, Math.max(0, column - 1));
  const word = /[\w$:.-]*$/.exec(upto)?.[0] ?? '';
  const start = upto.length - word.length;
  const first = upto.trim().split(/\s+/)[0];
  const items: DebugProtocol.CompletionItem[] = [];
  const add = (label: string, type: DebugProtocol.CompletionItemType) => {
    if (label.startsWith(word) && !items.some((i) => i.label === label)) items.push({ label, type, start, length: word.length });
  };
  if (start === 0 || upto.slice(0, start).trim() === '') for (const c of CONSOLE_COMMANDS) add(c.name, 'keyword');
  if (first === 'tcb' || first === 'utcb') extra.threads.forEach((t) => add(t, 'value'));
  else if (first === 'caps') extra.tasks.forEach((t) => add(t, 'module'));
  else if (first === 'ipclog' || first === 'hex') ['on', 'off'].forEach((t) => add(t, 'value'));
  else {
    extra.registers.forEach((r) => add(r, 'variable'));
    extra.symbols.forEach((s) => add(s, 'function'));
  }
  return items;
}
