// Custom requests of time travel: `fiasco/timeTravel/position` (where the run stands, for the status bar) and
// `fiasco/timeTravel/goto` ({ clock, threadId? }: travel to an instruction count and show that thread, as a click
// on the IPC sequence chart does).
import { registerCustomRequest } from './custom-requests';
import { RequestError } from './request-errors';

registerCustomRequest('fiasco/timeTravel/position', (_args, { runtime }) => {
  const m = runtime.machine;
  if (!m) return { running: false };
  const p = runtime.travel.position(m);
  return { instructions: p.clock, microseconds: p.microseconds, snapshots: runtime.travel.snapshotCount, snapshotBytes: runtime.travel.snapshotBytes, unsupported: runtime.travel.problem };
});

registerCustomRequest('fiasco/timeTravel/goto', (args, { runtime }) => {
  const clock = (args as { clock?: unknown } | undefined)?.clock;
  if (typeof clock !== 'number' || !Number.isInteger(clock) || clock < 0) throw new RequestError(1021, 'fiasco/timeTravel/goto: "clock" must be a non-negative integer');
  const threadId = (args as { threadId?: unknown }).threadId;
  if (threadId !== undefined && (typeof threadId !== 'number' || !runtime.thread(threadId))) throw new RequestError(1021, `fiasco/timeTravel/goto: no thread ${String(threadId)}`);
  const problem = runtime.goToClock(clock, typeof threadId === 'number' ? runtime.thread(threadId) : runtime.currentStop?.thread);
  if (problem) throw new RequestError(1022, problem);
  return { instructions: runtime.machine?.instructions };
});
