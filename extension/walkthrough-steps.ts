// What ticks the Getting Started walkthrough's steps (package.json "walkthroughs"), kept free of `vscode` so it
// can be tested in node. VS Code's walkthrough service is made only when a walkthrough is first shown (the Welcome
// page or "Welcome: Open Walkthrough…"), sees only the events that happen while it exists, and never counts a
// context condition that already holds when it starts. So a step done before the walkthrough was opened would
// never tick. Instead the extension remembers which steps the user has done and announces each as a pulse of its
// own context key (true, then false again): when the user does it, and again whenever an editor tab opens (the
// walkthrough's page is one), so the service sees each key become true while it listens.
import type { DebugProtocol } from '@vscode/debugprotocol';

export const WALKTHROUGH_STEPS = ['openProject', 'build', 'openModulesList', 'debugEntry', 'ipcFilter', 'ipcStop'] as const;
export type WalkthroughStep = (typeof WALKTHROUGH_STEPS)[number];

/** The context key whose pulse ticks `step` (its completion event is `onContext:<key>`). */
export function stepDoneContextKey(step: WalkthroughStep): string {
  return `fiasco.walkthrough.${step}Done`;
}

/** The IPC kernel-event filter (debug-adapter/dap-capabilities.ts) is among those VS Code switched on. */
export function enablesIpcFilter(args: DebugProtocol.SetExceptionBreakpointsArguments | undefined): boolean {
  return !!args && (args.filters?.includes('ipc') || !!args.filterOptions?.some((o) => o.filterId === 'ipc'));
}

/** A stop of the IPC filter (or breakOnIpc): event-filters.ts describes it as "IPC send: …", "IPC receive: …". */
export function isIpcStop(body: DebugProtocol.StoppedEvent['body'] | undefined): boolean {
  return !!body && body.reason === 'exception' && /^IPC /.test(body.description ?? '');
}

/** Where the done steps are kept between windows (the walkthrough's own ticks are per profile, too). */
export interface StepMemory {
  get(): readonly string[];
  set(steps: readonly string[]): void;
}

export type SetContext = (key: string, value: boolean) => PromiseLike<unknown>;

export class WalkthroughProgress {
  /** Pulses run one after the other: a key's `false` must never overtake its `true`. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly setContext: SetContext, private readonly memory: StepMemory) {}

  get doneSteps(): WalkthroughStep[] {
    return WALKTHROUGH_STEPS.filter((s) => this.memory.get().includes(s));
  }

  /** The user did `step`: remember it and tick it now if the walkthrough service listens. */
  done(step: WalkthroughStep): Promise<unknown> {
    if (!this.memory.get().includes(step)) this.memory.set([...this.memory.get(), step]);
    return this.pulse([step]);
  }

  /** Ticks again every step done so far (a walkthrough may have started listening since). */
  announce(): Promise<unknown> {
    return this.pulse(this.doneSteps);
  }

  private pulse(steps: readonly WalkthroughStep[]): Promise<unknown> {
    for (const step of steps) {
      const key = stepDoneContextKey(step);
      // Never left true: a condition that holds when the service starts is one it will never count.
      this.queue = this.queue.then(() => this.setContext(key, true)).then(() => this.setContext(key, false), () => undefined)
        .then(undefined, () => undefined);
    }
    return this.queue;
  }
}
