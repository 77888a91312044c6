import { Machine } from '../../emulator/machine';
import type { RolePolicy } from '../../emulator/boot/role-resolution';

export interface BootedOutput {
  machine: Machine;
  /** The complete lines printed so far. */
  lines: string[];
  /** The emulated clock (instructions) at which each line matching `countPattern` ended. */
  stamps: number[];
}

/**
 * Boots a real L4Re entry and runs it until `count` lines match `countPattern` or `maxInstructions` pass
 * (idle time included); fails with the output so far when the machine stops for another reason.
 */
export function runRealEntry(opts: { modulesList: string; entry: string; searchPath: string[]; roles?: RolePolicy; countPattern: RegExp; count: number; maxInstructions: number }): BootedOutput {
  const machine = Machine.boot({ modulesList: opts.modulesList, entry: opts.entry, searchPath: opts.searchPath, roles: opts.roles });
  const lines: string[] = [];
  const stamps: number[] = [];
  let partial = '';
  machine.events.on('output', (e) => {
    if (stamps.length >= opts.count) return; // a slice may run on past the last wanted line
    partial += e.text;
    let nl: number;
    while ((nl = partial.indexOf('\n')) >= 0) {
      if (stamps.length >= opts.count) break;
      const line = partial.slice(0, nl).replace(/\r$/, '');
      partial = partial.slice(nl + 1);
      lines.push(line);
      if (opts.countPattern.test(line)) stamps.push(machine.instructions);
    }
  });
  while (stamps.length < opts.count && machine.instructions < opts.maxInstructions) {
    const r = machine.runSlice(2_000_000, { clockLimit: opts.maxInstructions });
    if (r.kind === 'fault' || r.kind === 'ended') throw new Error(`${opts.entry}: ${r.kind === 'fault' ? r.message : r.reason}\n${lines.join('\n')}`);
  }
  return { machine, lines, stamps };
}

/** The serial log of the real system from sigma0's first line on, without terminal colour codes. */
export function referenceLines(log: string): string[] {
  const all = log.replace(/\r/g, '').split('\n');
  const from = all.findIndex((l) => l.startsWith('SIGMA0: Hello!'));
  return all.slice(from);
}

export const stripColours = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, '');
