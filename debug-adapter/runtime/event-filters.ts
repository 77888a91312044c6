// The kernel-event filters (the DAP's exception filters): which kinds of kernel event stop the program, each
// with an optional condition over the event's named fields (`proto == LOG`, `address >= 0x1000000`), and the
// stop each event becomes: an 'exception' stop of the thread, described by the decoded event.
import type { IpcEvent, SyscallEvent } from '../../emulator/kernel/kernel';
import { Thread } from '../../emulator/kernel/thread';
import { evaluateExpression, isTrue } from '../c-expression';
import {
  describeCapabilityFault, describeIpc, describePageFault, describeSyscall, EventFields, ExceptionEvent, exceptionFields, ipcFields,
  isCapabilityFault, PageFaultEvent, pageFaultFields, syscallFields,
} from '../kernel-event-views';
import { checkConditionSyntax } from '../user-breakpoints';
import type { Stop } from './stop-state';

export const EVENT_FILTER_IDS = ['ipc', 'syscall', 'pagefault', 'capfault', 'exception'] as const;
export type EventFilterId = (typeof EVENT_FILTER_IDS)[number];

export interface EventFilterRequest {
  filterId: string;
  condition?: string;
}

/** What became of one requested filter: enabled, or why not. */
export type EventFilterResult = { enabled: true } | { enabled: false; message: string };

export class EventFilters {
  /** CPU exceptions stop by default, as the filter list announces. */
  private enabled = new Map<string, { condition?: string }>([['exception', {}]]);

  constructor(
    private readonly complain: (message: string) => void,
    /** May a filter stop this thread (a program's code, not a server's)? */
    private readonly stopsIn: (t: Thread) => boolean = (t) => t.task.image !== undefined,
  ) {}

  set(requests: EventFilterRequest[]): EventFilterResult[] {
    const known = new Set<string>(EVENT_FILTER_IDS);
    this.enabled = new Map();
    return requests.map((w): EventFilterResult => {
      if (!known.has(w.filterId)) return { enabled: false, message: `unknown filter "${w.filterId}" — known: ${[...known].join(', ')}` };
      const bad = checkConditionSyntax(w.condition);
      if (bad && !/division by zero/.test(bad)) return { enabled: false, message: `condition "${w.condition}": ${bad}` };
      this.enabled.set(w.filterId, { condition: w.condition });
      return { enabled: true };
    });
  }

  /** A system call: a capability fault (any thread) or, of a program's thread, the call itself. */
  syscallStop(e: SyscallEvent): Stop | undefined {
    if (isCapabilityFault(e)) return this.allows('capfault', syscallFields(e)) ? stopOn(e.thread, 'capfault', describeCapabilityFault(e)) : undefined;
    return this.stopsIn(e.thread) && this.allows('syscall', syscallFields(e)) ? stopOn(e.thread, 'syscall', describeSyscall(e)) : undefined;
  }

  /** An IPC of a program's thread (the receiver once delivered); `breakOnIpc` stands in for the filter. */
  ipcStop(e: IpcEvent, breakOnIpc: boolean): Stop | undefined {
    const who = e.kind === 'receive' && e.to instanceof Thread ? e.to : e.from;
    if (!this.stopsIn(who) || !(this.enabled.has('ipc') || breakOnIpc)) return undefined;
    return this.allows('ipc', ipcFields(e), breakOnIpc) ? stopOn(who, 'ipc', describeIpc(e)) : undefined;
  }

  pageFaultStop(e: PageFaultEvent): Stop | undefined {
    return this.stopsIn(e.thread) && this.allows('pagefault', pageFaultFields(e)) ? stopOn(e.thread, 'pagefault', describePageFault(e)) : undefined;
  }

  exceptionStop(e: ExceptionEvent): Stop | undefined {
    return this.stopsIn(e.thread) && this.allows('exception', exceptionFields(e)) ? stopOn(e.thread, 'exception', e.message) : undefined;
  }

  /**
   * Does an enabled filter accept this event (its condition holds)? `forced` stands in for a filter that is
   * not enabled (the launch option breakOnIpc). A broken condition stops and says so.
   */
  private allows(id: EventFilterId, fields: EventFields, forced = false): boolean {
    const f = this.enabled.get(id);
    if (!f) return forced;
    if (!f.condition || f.condition.trim() === '') return true;
    try {
      return isTrue(evaluateExpression(f.condition, { identifier: (n) => fields[n], readMemory: () => undefined }));
    } catch (e) {
      this.complain(`${id} filter condition "${f.condition}": ${(e as Error).message}`);
      return true;
    }
  }
}

function stopOn(thread: Thread, filter: EventFilterId, description: string): Stop {
  return { reason: 'exception', thread, description, exception: { id: filter, description } };
}
