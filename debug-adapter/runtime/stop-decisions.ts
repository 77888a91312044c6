// What the end of a slice means: run on, stop (and why), or the boot has ended. A code breakpoint may be a
// user breakpoint (condition and hit count decide), the entry stop, or a step's temporary trap; a data watch
// hit passes its condition; an event stop reports what the kernel-event listener recorded in StopState.
import type { SliceResult } from '../../emulator/machine';
import { Machine } from '../../emulator/machine';
import { Thread } from '../../emulator/kernel/thread';
import { IpcGate } from '../../emulator/kernel/ipc-gate';
import type { ExpressionEnvironment } from '../c-expression';
import type { DebugInfo } from '../debug-info/debug-info';
import { describeExceptionOutcome } from '../kernel-event-views';
import type { CodeBreakpoints } from './code-breakpoints';
import type { DataBreakpoints } from './data-breakpoints';
import { espOf, RunMode, stepDone } from './stepping';
import type { Stop, StopState } from './stop-state';

export type SliceOutcome =
  | { kind: 'run' }
  | { kind: 'stop'; stop: Stop }
  | { kind: 'ended'; exitCode: number; reason: string };

export interface DecisionContext {
  stops: StopState;
  breakpoints: CodeBreakpoints;
  data: DataBreakpoints;
  environment(t: Thread): ExpressionEnvironment;
  debugInfo(t: Thread): DebugInfo | undefined;
  /** Logpoint output and condition errors. */
  message(text: string, category: 'console' | 'stderr'): void;
  /** Does this thread run an L4Re server's code (l4re inside a program's task, sigma0, moe, ned)? */
  isServerCode(t: Thread): boolean;
  /** The machine's emulated clock (Machine.instructions): numbers breakpoint hits. */
  clock(): number;
}

const RUN: SliceOutcome = { kind: 'run' };
const stop = (s: Stop): SliceOutcome => ({ kind: 'stop', stop: s });

export function afterSlice(r: SliceResult, mode: RunMode, ctx: DecisionContext): SliceOutcome {
  switch (r.kind) {
    case 'ended':
      return { kind: 'ended', exitCode: r.exitCode, reason: r.reason };
    case 'fault': {
      // A page fault the pagefault filter asked to see, which nobody could resolve: show it as what it is.
      const pf = ctx.stops.pendingPageFault(r.thread);
      ctx.stops.takePending();
      const exception = pf ? { id: 'pagefault', description: `${pf.description}; ${r.message}`, fatal: true } : { id: 'fault', description: r.message, fatal: true };
      return stop({ reason: 'exception', thread: r.thread, description: exception.description, exception });
    }
    case 'event': {
      const pending = ctx.stops.takePending();
      if (!pending && mode.kind === 'toUserCode') return RUN; // the IPC partner was found: step it
      if (pending?.exception?.id === 'exception') {
        const outcome = exceptionOutcome(pending, ctx);
        return outcome ? stop(outcome) : RUN;
      }
      return stop(pending ?? { reason: 'exception', thread: r.thread, description: r.description });
    }
    case 'breakpoint':
      return atBreakpoint(r.thread, mode, ctx);
    case 'watchpoint': {
      const s = ctx.data.atWatchpoint(r.thread);
      return s ? stop(s) : RUN;
    }
    case 'step':
    case 'budget':
      return RUN;
  }
}

/**
 * An exception stop, told after the kernel entry: who handles the exception (see describeExceptionOutcome).
 * Exception IPC to l4re, the exception handler of every program's threads, is the program's fatal fault: l4re
 * handles no exception, so the thread waits for good. Undefined: run on (a check-only stop that was handled).
 */
function exceptionOutcome(s: Stop, ctx: DecisionContext): Stop | undefined {
  const t = s.thread;
  const p = t.partner;
  const handler = p instanceof Thread ? p : p instanceof IpcGate ? p.thread : undefined;
  if (t.kernelIpc?.kind === 'exception' && handler && ctx.isServerCode(handler)) {
    const description = `${unhandledMessage(t, s.exception!.description)} — ${handler.name}, its exception handler, handles no exception`;
    return { reason: 'exception', thread: t, description, exception: { id: 'fault', description, fatal: true } };
  }
  if (s.exception!.checkOnly) return undefined;
  const description = describeExceptionOutcome(t, s.exception!.description);
  return { ...s, description, exception: { ...s.exception!, description } };
}

/** "x:main: #PF …" as raised becomes "x:main: unhandled #PF …", as the kernel says of a fault nobody takes. */
function unhandledMessage(t: Thread, raised: string): string {
  return raised.startsWith(`${t.name}: `) ? raised.replace(`${t.name}: `, `${t.name}: unhandled `) : `${t.name}: unhandled ${raised}`;
}

function atBreakpoint(t: Thread, mode: RunMode, ctx: DecisionContext): SliceOutcome {
  const table = ctx.breakpoints.table;
  const eip = Machine.readRegister(t, 'eip');
  const reasons = table.reasonsAt(Machine.codeBreakpoints(t.task), eip);
  const mine = (tag: string) => reasons.some((r) => r.kind === 'temp' && r.threadId === t.id && r.tag === tag);
  if (reasons.some((r) => r.kind === 'entry')) {
    table.removeWhere((r) => r.kind === 'entry');
    return stop({ reason: 'entry', thread: t });
  }
  const hits = ctx.breakpoints.decide(t, reasons, () => ctx.environment(t), ctx.clock());
  for (const m of hits.messages) ctx.message(m.text, m.category);
  if (hits.hitIds.length > 0) return stop({ reason: hits.reason, thread: t, hitIds: hits.hitIds });
  if (mode.kind === 'step' && mode.overCall && mode.thread === t && mine('over-call')) {
    const esp = espOf(t);
    if (esp >= mode.overCall.esp) {
      table.removeWhere((r) => r.kind === 'temp' && r.threadId === t.id && r.tag === 'over-call');
      mode.overCall = undefined;
      // Back in the caller, usually mid-line: keep stepping to the start of a line.
      if (mode.instruction || stepDone(mode, { eip, esp }, ctx.debugInfo(t), table)) return stop({ reason: 'step', thread: t });
    }
    return RUN;
  }
  if (mode.kind === 'stepOut' && mode.thread === t && mine('step-out') && espOf(t) >= mode.cfa) return stop({ reason: 'step', thread: t });
  return RUN; // someone else's temporary trap, or a breakpoint whose condition is false: run on
}
