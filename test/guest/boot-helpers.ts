import * as path from 'path';
import { Machine, SliceResult } from '../../emulator/machine';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const HELLO_CONF = path.join(REPO, 'examples', 'hello', 'conf', 'modules.lst');

export interface BootOutcome {
  machine: Machine;
  output: string;
  result: SliceResult;
}

/** Boots an entry and runs it to the end (or a limit), collecting the guest's log output. */
export function bootAndRun(modulesList: string, entry: string, maxInstructions = 50_000_000): BootOutcome {
  const machine = Machine.boot({ modulesList, entry });
  let output = '';
  machine.events.on('output', (e) => (output += e.text));
  let result: SliceResult = { kind: 'budget' };
  while (machine.instructions < maxInstructions) {
    result = machine.runSlice(1_000_000);
    if (result.kind !== 'budget') break;
  }
  return { machine, output, result };
}
