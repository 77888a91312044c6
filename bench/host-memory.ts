// Host memory the emulator needs: per MiB of guest RAM and per emulated task, read from the growth of Node's
// heap plus ArrayBuffer memory when one more machine is booted (earlier machines stay alive, so each reading
// is that machine's own cost).
import { Machine } from '../emulator/machine';

function used(): number {
  // Twice: ArrayBuffers of collected machines are released by the first collection's finalizers.
  if (global.gc) { global.gc(); global.gc(); }
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * Host bytes one more machine costs at the moment it prints `marker` (read inside the output event, while its
 * tasks are alive), and its task count then.
 */
function machineCost(keep: Machine[], modulesList: string, entry: string, memoryMiB: number, marker: string): { bytes: number; tasks: number } {
  const before = used();
  const machine = Machine.boot({ modulesList, entry, memoryMiB });
  keep.push(machine);
  let text = '';
  let reading: { bytes: number; tasks: number } | undefined;
  machine.events.on('output', (e) => {
    text += e.text;
    if (reading === undefined && text.includes(marker)) reading = { bytes: used() - before, tasks: machine.tasks().length };
  });
  while (reading === undefined) {
    if (machine.runSlice(100_000).kind === 'ended' || machine.retiredInstructions > 1e9) {
      if (reading !== undefined) break;
      throw new Error(`${entry} never printed ${JSON.stringify(marker)}: ${JSON.stringify(text)}`);
    }
  }
  return reading;
}

export interface HostMemory {
  /** Host bytes per MiB of configured guest RAM. */
  bytesPerGuestMiB: number;
  /** Host bytes per task beyond guest RAM: the difference between an entry with many tasks and one with few. */
  bytesPerTask: number;
  tasksSmall: number;
  tasksLarge: number;
  /** Whether the numbers include a forced GC before each reading (node --expose-gc). */
  gc: boolean;
}

/** `small` and `large`: entries of `modulesList` with few and with many tasks, each with a line it prints while they live. */
export function measureHostMemory(modulesList: string, small: { entry: string; marker: string }, large: { entry: string; marker: string }): HostMemory {
  const keep: Machine[] = [];
  const at64 = machineCost(keep, modulesList, small.entry, 64, small.marker);
  const at256 = machineCost(keep, modulesList, small.entry, 256, small.marker);
  const many = machineCost(keep, modulesList, large.entry, 64, large.marker);
  const few = machineCost(keep, modulesList, small.entry, 64, small.marker);
  return {
    bytesPerGuestMiB: (at256.bytes - at64.bytes) / 192,
    bytesPerTask: many.tasks > few.tasks ? (many.bytes - few.bytes) / (many.tasks - few.tasks) : NaN,
    tasksSmall: few.tasks,
    tasksLarge: many.tasks,
    gc: global.gc !== undefined,
  };
}

/** Measured in a fresh process, so what earlier measurements left on the heap does not count. */
export function measureHostMemoryInChild(modulesList: string, small: { entry: string; marker: string }, large: { entry: string; marker: string }): HostMemory {
  const { execFileSync } = require('child_process') as typeof import('child_process');
  const out = execFileSync(process.execPath, ['--expose-gc', __filename, JSON.stringify({ modulesList, small, large })], { encoding: 'utf8' });
  return JSON.parse(out) as HostMemory;
}

if (require.main === module) {
  const a = JSON.parse(process.argv[2]) as { modulesList: string; small: { entry: string; marker: string }; large: { entry: string; marker: string } };
  process.stdout.write(JSON.stringify(measureHostMemory(a.modulesList, a.small, a.large)));
}
