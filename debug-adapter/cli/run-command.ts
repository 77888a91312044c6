import * as fs from 'fs';
import * as path from 'path';
import { Machine } from '../../emulator/machine';
import { CliArgs, UsageError, allowOnly, numberOption, option, optionList } from './cli-args';
import { attachTrace } from './trace-printer';

const SLICE = 1_000_000;
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
  allowOnly(args, ['conf', 'entry', 'search-path', 'trace', 'max-instructions', 'memory-mib', 'mips']);
  const trace = (option(args, 'trace') ?? '').split(',').filter(Boolean);
  for (const t of trace) if (!TRACE_KINDS.includes(t)) throw new UsageError(`--trace knows ${TRACE_KINDS.join(',')}, not "${t}"`);
  const maxInstructions = numberOption(args, 'max-instructions');
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
  });
  machine.events.on('output', (e) => process.stdout.write(e.text));
  attachTrace(machine, new Set(trace), (line) => process.stderr.write(line + '\n'));

  // A thread's unhandled fault stops that thread only: the run goes on, and its status reports the faults.
  const faulted: string[] = [];
  for (;;) {
    let budget = SLICE;
    if (maxInstructions !== undefined) {
      budget = Math.min(budget, maxInstructions - machine.instructions);
      if (budget <= 0) {
        process.stderr.write(`fiasco run: stopped after ${machine.instructions} instructions (--max-instructions)\n`);
        return 3;
      }
    }
    const r = machine.runSlice(budget);
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
