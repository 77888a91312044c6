// The chart as a Chrome trace (JSON Trace Event Format, which Perfetto and chrome://tracing open): one process per
// task, one track per thread, a slice per message on the sender's track with a flow arrow to the receiver's, and
// instant events for the marks. Time is emulated: retired instructions turned into µs at the machine's rate.
import type { TraceEvent } from '../../../debug-adapter/sequence-chart-protocol';
import { ChartModel, KERNEL_LANE } from './chart-model';

interface ChromeEvent {
  name: string;
  ph: string;
  pid: number;
  tid?: number;
  ts?: number;
  dur?: number;
  id?: number;
  cat?: string;
  s?: string;
  bp?: string;
  args?: Record<string, unknown>;
}

/** The shown (filtered) events as a Chrome trace document. */
export function chromeTrace(model: ChartModel): { traceEvents: ChromeEvent[]; displayTimeUnit: string; otherData: Record<string, unknown> } {
  const ipm = model.instructionsPerMicrosecond || 1;
  const us = (clock: number) => clock / ipm;
  const taskOf = (thread: number) => (thread === KERNEL_LANE ? KERNEL_LANE : model.thread(thread)?.task ?? 0);
  const out: ChromeEvent[] = [];
  const tasks = new Map<number, string>();
  for (const t of model.threads) tasks.set(t.task, t.taskName);
  tasks.set(KERNEL_LANE, 'kernel');
  for (const [pid, name] of tasks) out.push({ name: 'process_name', ph: 'M', pid, args: { name } });
  for (const t of model.threads) out.push({ name: 'thread_name', ph: 'M', pid: t.task, tid: t.id, args: { name: t.name } });
  out.push({ name: 'thread_name', ph: 'M', pid: KERNEL_LANE, tid: KERNEL_LANE, args: { name: 'kernel objects' } });
  const slice = 1 / ipm; // one instruction: messages take no time of their own
  for (const e of model.visible) {
    const args = eventArgs(e);
    if (e.to !== undefined) {
      const send = us(e.sendClock ?? e.clock);
      const pid = taskOf(e.thread);
      out.push({ name: e.label, cat: e.kind, ph: 'X', pid, tid: e.thread, ts: send, dur: Math.max(us(e.clock) - send, slice), args });
      out.push({ name: e.label, cat: e.kind, ph: 'X', pid: taskOf(e.to), tid: e.to, ts: us(e.clock), dur: slice, args });
      out.push({ name: 'message', cat: 'ipc', ph: 's', id: e.seq, pid, tid: e.thread, ts: send });
      out.push({ name: 'message', cat: 'ipc', ph: 'f', bp: 'e', id: e.seq, pid: taskOf(e.to), tid: e.to, ts: us(e.clock) });
    } else {
      out.push({ name: e.label, cat: e.kind, ph: 'i', s: 't', pid: taskOf(e.thread), tid: e.thread, ts: us(e.clock), args });
    }
  }
  return { traceEvents: out, displayTimeUnit: 'ns', otherData: { source: 'Fiasco Studio IPC sequence chart', clock: 'emulated (retired instructions)', instructionsPerMicrosecond: ipm } };
}

function eventArgs(e: TraceEvent): Record<string, unknown> {
  const args: Record<string, unknown> = { seq: e.seq, kind: e.kind, instructions: e.clock, detail: e.detail };
  if (e.sendClock !== undefined) args.sentAtInstruction = e.sendClock;
  if (e.protocol) args.protocol = e.protocol;
  if (e.error) args.error = e.error;
  if (e.pcs?.length) args.eip = `0x${e.pcs[0].toString(16)}`;
  return args;
}
