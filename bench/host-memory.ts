// Host memory the emulator needs: per booted machine (every boot has the reference machine's 256 MiB of guest RAM,
// so the cost per MiB is the whole machine's over 256, fixed costs included) and per emulated task, read from the
// growth of Node's heap plus ArrayBuffer memory when one more machine is booted (earlier machines stay alive, so
// each reading is that machine's own cost).
import { Machine } from '../emulator/machine';
import { REAL_BOOT_RAM_BYTES } from '../emulator/real-l4re/bootstrap-layout';

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
function machineCost(keep: Machine[], modulesList: string, entry: string, marker: string): { bytes: number; tasks: number } {
  const before = used();
  const machine = Machine.boot({ modulesList, entry });
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
  /** Host bytes of one booted machine with few tasks, at its marker line. */
  bytesPerMachine: number;
  /** Its guest RAM in MiB (the reference machine's). */
  guestMiB: number;
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
  const few = machineCost(keep, modulesList, small.entry, small.marker);
  const many = machineCost(keep, modulesList, large.entry, large.marker);
  return {
    bytesPerMachine: few.bytes,
    guestMiB: REAL_BOOT_RAM_BYTES / (1024 * 1024),
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
