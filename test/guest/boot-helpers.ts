import * as path from 'path';
import { Machine, SliceResult } from '../../emulator/machine';
import type { RolePolicy } from '../../emulator/boot/role-resolution';
import { runEntry } from '../l4re/l4re-helpers';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const HELLO_CONF = path.join(REPO, 'examples', 'hello', 'conf', 'modules.lst');

export interface BootOutcome {
  machine: Machine;
  /** What the programs printed (sigma0's and moe's boot log is in `log`). */
  output: string;
  /** Everything the guest printed. */
  log: string;
  result: SliceResult;
}

/** Boots an entry and runs it to the end (or a limit), collecting the guest's log output. */
export function bootAndRun(modulesList: string, entry: string, maxInstructions = 50_000_000, roles?: RolePolicy): BootOutcome {
  const { machine, output, log, result } = runEntry(modulesList, entry, maxInstructions, roles);
  return { machine, output, log, result };
}
