// Recordings as files: the boot configuration, a hash of every module file, the host's inputs (the debugger's
// writes, raised interrupt lines), the
// bookmarks, and the position and state hash reached. Replaying boots the same configuration (checking the
// module hashes), runs to each input's clock and applies it, runs to the final clock and compares the hash.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Machine } from '../machine';
import type { RolePolicy } from '../boot/role-resolution';
import { applyInput, InputEntry } from './input-log';
import { runToClock } from './run-to-clock';
import { stateHash } from './machine-snapshot';

export const RECORDING_FORMAT = 'fiasco-recording';
/** Version 2 added raised interrupt lines to the inputs; version 1 files (writes only) read alike. */
export const RECORDING_VERSION = 2;
const OLDEST_READABLE_VERSION = 1;

export interface RecordingBoot {
  /** The modules list, relative to the recording file's directory when it lies below it. */
  modulesList: string;
  entry?: string;
  searchPath?: string[];
  roles?: RolePolicy;
}

export interface Recording {
  format: typeof RECORDING_FORMAT;
  version: number;
  boot: RecordingBoot;
  modules: Array<{ name: string; sha256: string }>;
  inputs: InputEntry[];
  bookmarks: Record<string, number>;
  /** The position saved (Machine.instructions) and the machine's state hash there. */
  clock: number;
  stateHash: string;
}

export class RecordingError extends Error {}

function moduleHashes(machine: Machine): Array<{ name: string; sha256: string }> {
  const p = machine.plan;
  const files = [p.kernel, p.roottask, ...(p.bootstrap ? [p.bootstrap] : []), ...p.modules].filter((m) => m.path);
  return files.map((m) => ({ name: m.name, sha256: crypto.createHash('sha256').update(fs.readFileSync(m.path as string)).digest('hex') }));
}

/** Writes a recording of `machine` (booted from `boot`) at its current position. */
export function saveRecording(file: string, machine: Machine, boot: RecordingBoot, inputs: readonly InputEntry[], bookmarks: ReadonlyMap<string, number>): Recording {
  const dir = path.dirname(path.resolve(file));
  const rel = path.relative(dir, path.resolve(boot.modulesList));
  const rec: Recording = {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    boot: { ...boot, modulesList: rel.startsWith('..') ? path.resolve(boot.modulesList) : rel },
    modules: moduleHashes(machine),
    inputs: inputs.filter((e) => e.clock <= machine.instructions),
    bookmarks: Object.fromEntries(bookmarks),
    clock: machine.instructions,
    stateHash: stateHash(machine),
  };
  fs.writeFileSync(file, JSON.stringify(rec, null, 1));
  return rec;
}

/** Reads and checks a recording file; errors name the file and the field. */
export function readRecording(file: string): Recording {
  let rec: Recording;
  try {
    rec = JSON.parse(fs.readFileSync(file, 'utf8')) as Recording;
  } catch (e) {
    throw new RecordingError(`${file}: not a readable recording (${(e as Error).message})`);
  }
  if (rec?.format !== RECORDING_FORMAT) throw new RecordingError(`${file}: field "format" must be "${RECORDING_FORMAT}"`);
  if (!Number.isInteger(rec.version) || rec.version < OLDEST_READABLE_VERSION || rec.version > RECORDING_VERSION) {
    throw new RecordingError(`${file}: field "version" is ${String(rec.version)}; this version reads ${OLDEST_READABLE_VERSION} to ${RECORDING_VERSION}`);
  }
  if (typeof rec.boot?.modulesList !== 'string') throw new RecordingError(`${file}: field "boot.modulesList" is missing`);
  if (!Number.isInteger(rec.clock) || rec.clock < 0) throw new RecordingError(`${file}: field "clock" must be a non-negative integer`);
  if (!Array.isArray(rec.inputs)) throw new RecordingError(`${file}: field "inputs" must be a list`);
  rec.inputs.forEach((e, i) => {
    if (!Number.isInteger(e?.clock) || !Array.isArray(e.pages) || !Array.isArray(e.registers)) throw new RecordingError(`${file}: inputs[${i}] needs clock, pages and registers`);
    if (e.irq !== undefined && !(Number.isInteger(e.irq) && e.irq >= 0)) throw new RecordingError(`${file}: inputs[${i}].irq must be an interrupt line number`);
  });
  return rec;
}

export interface ReplayResult {
  clock: number;
  stateHash: string;
  expected: string;
  same: boolean;
}

/** Replays a recording in this process: boot, inputs at their clocks, run to the saved position, hash. */
export function replayRecording(file: string): ReplayResult {
  const rec = readRecording(file);
  const modulesList = path.resolve(path.dirname(path.resolve(file)), rec.boot.modulesList);
  const machine = Machine.boot({ modulesList, entry: rec.boot.entry, searchPath: rec.boot.searchPath, roles: rec.boot.roles });
  const now = moduleHashes(machine);
  for (const m of rec.modules) {
    const here = now.find((x) => x.name === m.name);
    if (!here) throw new RecordingError(`${file}: module ${m.name} of the recording is not in this boot`);
    if (here.sha256 !== m.sha256) throw new RecordingError(`${file}: module ${m.name} differs from the recorded one (sha256 ${here.sha256.slice(0, 12)}… ≠ ${m.sha256.slice(0, 12)}…)`);
  }
  for (const e of [...rec.inputs].sort((a, b) => a.clock - b.clock)) {
    if (runToClock(machine, e.clock) !== e.clock) throw new RecordingError(`${file}: the boot ended before the input at instruction ${e.clock}`);
    applyInput(machine, e);
  }
  runToClock(machine, rec.clock);
  const hash = stateHash(machine);
  return { clock: machine.instructions, stateHash: hash, expected: rec.stateHash, same: hash === rec.stateHash && machine.instructions === rec.clock };
}
