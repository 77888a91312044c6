// Custom requests of the IPC sequence chart (extension/views/sequence-chart/): batches of the runtime's IPC trace,
// the source line where a message was sent, and — once a chart has asked for events — a throttled custom event
// `fiasco/sequenceChart/changed` while the system runs (one per interval at most, never one per message).
import { isSdkSource } from './runtime/stepping';
import { registerCustomRequest, CustomRequestContext } from './custom-requests';
import { RequestError } from './request-errors';
import type { TraceChanged, TraceSource } from './sequence-chart-protocol';
import type { IpcTrace } from './runtime/ipc-trace';

/** Host milliseconds between two change notifications: a few redraws a second, whatever the IPC rate. */
export const CHANGE_NOTIFY_INTERVAL_MS = 250;

function numberArg(args: unknown, name: string, fallback?: number): number {
  const v = (args as Record<string, unknown> | undefined)?.[name];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RequestError(1021, `fiasco/sequenceChart: '${name}' must be a number`);
  return v;
}

/** Events a notification carries itself; more, and the chart asks for them. */
const EVENTS_IN_NOTIFICATION = 2000;

/** Tells the session's client about new events, at most once per interval, and at once when the run stops or ends. */
function subscribe(trace: IpcTrace, ctx: CustomRequestContext): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let told = trace.next;
  let toldPosition = trace.position;
  let boot = trace.boot;
  const notify = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (trace.boot !== boot) {
      boot = trace.boot;
      told = 0;
    }
    // A travel moves the position without new events: the chart greys what lies ahead, so it is told too.
    if (trace.next === told && trace.position === toldPosition) return;
    const body: TraceChanged = { boot: trace.boot, next: trace.next };
    if (trace.next - Math.max(told, trace.first) <= EVENTS_IN_NOTIFICATION) body.batch = trace.batch(told, EVENTS_IN_NOTIFICATION);
    told = trace.next;
    toldPosition = trace.position;
    ctx.sendEvent('fiasco/sequenceChart/changed', body);
  };
  trace.onRecorded = () => {
    if (timer) return;
    timer = setTimeout(notify, CHANGE_NOTIFY_INTERVAL_MS);
    timer.unref?.();
  };
  trace.onFlush = notify;
}

registerCustomRequest('fiasco/sequenceChart/events', (args, ctx) => {
  const trace = ctx.runtime.ipcTrace;
  if (!trace.onRecorded) subscribe(trace, ctx);
  return trace.batch(numberArg(args, 'from', 0), numberArg(args, 'max', 20_000));
});

registerCustomRequest('fiasco/sequenceChart/source', (args, ctx): TraceSource => {
  const seq = numberArg(args, 'seq');
  const trace = ctx.runtime.ipcTrace;
  const e = trace.event(seq);
  if (!e) throw new RequestError(1022, `fiasco/sequenceChart/source: event ${seq} is no longer in the trace`);
  const info = trace.threadInfo(e.thread);
  const answer: TraceSource = { thread: e.thread, threadName: info?.name ?? `thread ${e.thread}` };
  const task = info && (ctx.runtime.taskById(info.task) ?? trace.task(info.task));
  const debugInfo = task && ctx.runtime.debugInfo(task);
  if (!debugInfo || !e.pcs?.length) return answer;
  // The first frame in the program's own sources; else the first with any line (an SDK wrapper).
  let fallback: TraceSource | undefined;
  for (const [i, pc] of e.pcs.entries()) {
    const loc = debugInfo.addressToLine(i === 0 ? pc : pc - 1);
    if (!loc) continue;
    const found = { ...answer, file: loc.file, line: loc.line, pc };
    if (!isSdkSource(loc.file)) return found;
    fallback ??= found;
  }
  return fallback ?? { ...answer, pc: e.pcs[0] };
});
