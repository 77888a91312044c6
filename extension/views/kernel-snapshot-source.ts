// Where the Kernel Objects tree and the Capability Graph get their data: the active Fiasco debug session's
// `fiasco/kernelObjects/snapshot` request, asked again on every stop and, while the system runs, at most once
// per second (throttled: a request waits for the previous answer).
import * as vscode from 'vscode';
import type { KernelSnapshot } from '../../debug-adapter/kernel-objects/snapshot-model';

const RUNNING_REFRESH_MS = 1000;
const RESUMING_REQUESTS = new Set(['configurationDone', 'continue', 'next', 'stepIn', 'stepOut', 'stepBack', 'reverseContinue', 'goto']);

export class KernelSnapshotSource implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<KernelSnapshot | undefined>();
  /** A new snapshot (undefined: no Fiasco session). */
  readonly onDidChange = this.changed.event;
  private current?: KernelSnapshot;
  private timer?: ReturnType<typeof setInterval>;
  private inFlight = false;
  private again = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(
      vscode.debug.registerDebugAdapterTrackerFactory('fiasco', {
        createDebugAdapterTracker: (session) => ({
          // The adapter sends no `continued` event for requests that resume: those requests start the sampling.
          onWillReceiveMessage: (m: { type?: string; command?: string }) => {
            if (m.type === 'request' && RESUMING_REQUESTS.has(m.command ?? '') && session === vscode.debug.activeDebugSession) this.startTimer();
          },
          onDidSendMessage: (m: { type?: string; event?: string }) => {
            if (m.type !== 'event' || session !== vscode.debug.activeDebugSession) return;
            if (m.event === 'stopped') {
              this.stopTimer();
              // After the stop is reported (the adapter answers in order: the snapshot sees the stopped system).
              setTimeout(() => this.refresh(), 0);
            } else if (m.event === 'continued') this.startTimer();
            else if (m.event === 'initialized') this.refresh();
          },
        }),
      }),
      vscode.debug.onDidChangeActiveDebugSession(() => this.refresh()),
      vscode.debug.onDidTerminateDebugSession(() => this.refresh()),
    );
  }

  get snapshot(): KernelSnapshot | undefined {
    return this.current;
  }

  /** The active session, when it is ours. */
  session(): vscode.DebugSession | undefined {
    const s = vscode.debug.activeDebugSession;
    return s?.type === 'fiasco' ? s : undefined;
  }

  /** Asks for a new snapshot (coalesced: one request at a time, one more if asked meanwhile). */
  async refresh(): Promise<KernelSnapshot | undefined> {
    if (this.inFlight) {
      this.again = true;
      return this.current;
    }
    this.inFlight = true;
    try {
      const s = this.session();
      let next: KernelSnapshot | undefined;
      try {
        next = s ? ((await s.customRequest('fiasco/kernelObjects/snapshot')) as KernelSnapshot) : undefined;
      } catch {
        next = undefined; // not booted yet, or the session just ended
      }
      this.current = next;
      if (next?.running) this.startTimer();
      else this.stopTimer(); // stopped, ended or no session: nothing changes until the next resume
      this.changed.fire(next);
    } finally {
      this.inFlight = false;
    }
    if (this.again) {
      this.again = false;
      return this.refresh();
    }
    return this.current;
  }

  private startTimer(): void {
    if (!this.timer) this.timer = setInterval(() => void this.refresh(), RUNNING_REFRESH_MS);
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.stopTimer();
    this.changed.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
