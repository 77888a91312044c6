// Time travel: how much periodic snapshots slow a full-speed run (the recording overhead), and how long a
// step back takes after 10^8 and 10^9 instructions (restore the nearest snapshot, re-execute to the previous
// instruction of the thread). On the debugger test workspace's `spin` entry (a loop that never ends), built
// with the SDK at bench time.
import * as path from 'path';
import { Machine } from '../emulator/machine';
import { testWorkspace } from '../test/debug-adapter/dap-test-helpers';
import { TimeTravel } from '../debug-adapter/runtime/time-travel';
import { reverseStepSearch } from '../debug-adapter/runtime/reverse-step';

/** The debugger's slice size (run-loop.ts). */
const SLICE = 200_000;

export interface TimeTravelResult {
  overheadInstructions: number;
  plainSeconds: number;
  recordingSeconds: number;
  snapshots: number;
  snapshotMiB: number;
  stepBack: Array<{ after: number; ms: number; snapshots: number; snapshotMiB: number }>;
}

function boot(): Machine {
  return Machine.boot({ modulesList: path.join(testWorkspace(), 'conf', 'modules.lst'), entry: 'spin' });
}

function run(machine: Machine, instructions: number, travel?: TimeTravel): number {
  const t0 = performance.now();
  while (machine.instructions < instructions) {
    const r = machine.runSlice(Math.min(SLICE, instructions - machine.instructions));
    travel?.afterSlice(machine);
    if (r.kind === 'ended') throw new Error(`spin ended at ${machine.instructions}`);
  }
  return (performance.now() - t0) / 1000;
}

export function measureTimeTravel(overheadInstructions: number, stepBackAfter: number[], log: (l: string) => void): TimeTravelResult {
  // Plain runs before and after the recording one, averaged: the first run of a process also pays for the
  // JIT's warm-up, which alone made the recording run look faster than the plain one.
  const plainBefore = run(boot(), overheadInstructions);
  log(`plain run of ${overheadInstructions}: ${plainBefore.toFixed(2)} s`);
  const m = boot();
  const travel = new TimeTravel();
  travel.newMachine(m);
  travel.atStart(m);
  const recordingSeconds = run(m, overheadInstructions, travel);
  log(`recording run: ${recordingSeconds.toFixed(2)} s, ${travel.snapshotCount} snapshots`);
  const plainAfter = run(boot(), overheadInstructions);
  log(`plain run again: ${plainAfter.toFixed(2)} s`);
  const plainSeconds = (plainBefore + plainAfter) / 2;
  const result: TimeTravelResult = { overheadInstructions, plainSeconds, recordingSeconds, snapshots: travel.snapshotCount, snapshotMiB: travel.snapshotBytes / 2 ** 20, stepBack: [] };
  const sm = boot();
  const st = new TimeTravel();
  st.newMachine(sm);
  st.atStart(sm);
  for (const after of stepBackAfter) {
    // As the debugger does: a Continue resumes the timeline, a stop after a long run is captured at once.
    st.resumed();
    run(sm, after, st);
    st.atStop(sm);
    const t = sm.threads().find((x) => x.runnable && x.task.image) ?? sm.threads().find((x) => x.runnable);
    if (!t) throw new Error('no runnable thread to step back');
    // A step forward, as the user did before stepping back (right after it: its stop has no snapshot yet).
    st.resumed();
    sm.runSlice(SLICE, { stepThread: t });
    st.atStop(sm);
    const t0 = performance.now();
    const found = st.searchBack(sm, t, reverseStepSearch(sm, t, true, undefined));
    const ms = performance.now() - t0;
    if (found === undefined) throw new Error(`step back after ${after} found no earlier instruction`);
    log(`step back after ${after}: ${ms.toFixed(1)} ms`);
    result.stepBack.push({ after, ms, snapshots: st.snapshotCount, snapshotMiB: st.snapshotBytes / 2 ** 20 });
  }
  return result;
}

export function timeTravelTable(r: TimeTravelResult): string[] {
  const overhead = (r.recordingSeconds / r.plainSeconds - 1) * 100;
  return [
    `Recording overhead on spin, ${r.overheadInstructions / 1e6} M instructions in ${SLICE / 1000} k slices: ` +
      `${r.plainSeconds.toFixed(2)} s plain (mean of a run before and one after), ${r.recordingSeconds.toFixed(2)} s recording (**${overhead.toFixed(1)} %**; ` +
      `${r.snapshots} snapshots, ${r.snapshotMiB.toFixed(1)} MiB).`,
    '',
    '| step back after | latency | snapshots | snapshot MiB |',
    '|---:|---:|---:|---:|',
    ...r.stepBack.map((s) => `| ${s.after.toExponential(0)} instructions | ${s.ms.toFixed(1)} ms | ${s.snapshots} | ${s.snapshotMiB.toFixed(1)} |`),
  ];
}
