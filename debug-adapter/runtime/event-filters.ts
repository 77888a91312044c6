// The kernel-event filters (the DAP's exception filters): which kinds of kernel event stop the program, each
// with an optional condition over the event's named fields (`proto == LOG`, `address >= 0x1000000`).
import { evaluateExpression, isTrue } from '../c-expression';
import type { EventFields } from '../kernel-event-views';
import { checkConditionSyntax } from '../user-breakpoints';

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

  constructor(private readonly complain: (message: string) => void) {}

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

  isEnabled(id: EventFilterId): boolean {
    return this.enabled.has(id);
  }

  /**
   * Does an enabled filter accept this event (its condition holds)? `forced` stands in for a filter that is
   * not enabled (the launch option breakOnIpc). A broken condition stops and says so.
   */
  allows(id: EventFilterId, fields: EventFields, forced = false): boolean {
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
