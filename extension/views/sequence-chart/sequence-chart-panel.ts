// The IPC sequence chart: a webview panel that shows the active Fiasco debug session's IPC trace. It takes batches
// through the custom request `fiasco/sequenceChart/events` when the adapter says there are new ones (the throttled
// custom event `fiasco/sequenceChart/changed`), reveals the sending source line of a clicked arrow, saves exports,
// and keeps what the webview last drew for the tests.
import * as vscode from 'vscode';
import type { TraceBatch, TraceChanged, TraceSource } from '../../../debug-adapter/sequence-chart-protocol';
import type { FromWebview, ToWebview } from './chart-messages';
import type { RenderReport } from './chart-render';
import { sequenceChartHtml } from './sequence-chart-html';

/** What a click on an arrow or mark selected; `clock` (retired instructions) is where time travel would go. */
export interface ChartSelection {
  session: vscode.DebugSession | undefined;
  seq: number;
  thread: number;
  to?: number;
  clock: number;
  sendClock?: number;
  label: string;
  source?: TraceSource;
}

/** What the webview last drew (for tests: `fiasco.sequenceChart.report`). */
export interface ChartReport {
  report?: RenderReport;
  frameMs?: number;
  events?: number;
  selection?: Omit<ChartSelection, 'session'>;
}

export class SequenceChartPanel implements vscode.Disposable {
  static current: SequenceChartPanel | undefined;
  private static readonly selectEmitter = new vscode.EventEmitter<ChartSelection>();
  /** Fires when the user clicks an arrow or a mark (time travel subscribes here). */
  static readonly onDidSelect = SequenceChartPanel.selectEmitter.event;

  private readonly disposables: vscode.Disposable[] = [];
  private session: vscode.DebugSession | undefined;
  /** A notification that came while a request was in flight. */
  private pushed: TraceChanged | undefined;
  private boot = -1;
  private next = 0;
  private fetching = false;
  private fetchAgain = false;
  private ready = false;
  private readonly lastReport: ChartReport = {};
  private pendingExport: { format: 'perfetto' | 'svg'; resolve: (content: string) => void } | undefined;

  static show(extensionUri: vscode.Uri): SequenceChartPanel {
    if (SequenceChartPanel.current) {
      SequenceChartPanel.current.panel.reveal();
      return SequenceChartPanel.current;
    }
    const panel = vscode.window.createWebviewPanel('fiasco.sequenceChart', 'IPC Sequence Chart', vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
    });
    SequenceChartPanel.current = new SequenceChartPanel(panel, extensionUri);
    return SequenceChartPanel.current;
  }

  private constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri) {
    panel.webview.html = sequenceChartHtml(panel.webview, extensionUri);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: FromWebview) => this.onMessage(m)),
      vscode.debug.onDidChangeActiveDebugSession((s) => this.follow(s)),
      vscode.debug.onDidStartDebugSession((s) => this.follow(s)),
      vscode.debug.onDidTerminateDebugSession((s) => {
        if (s === this.session) this.post({ type: 'session', name: s.name, running: false });
      }),
      vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
        if (e.session === this.session && e.event === 'fiasco/sequenceChart/changed') this.changed(e.body as TraceChanged);
      }),
    );
    this.follow(vscode.debug.activeDebugSession);
  }

  /** What the webview last drew and what was last clicked. */
  get report(): ChartReport {
    return this.lastReport;
  }

  /** Sets filters, spacing or zoom (tests, the screenshot script). */
  configure(m: Extract<ToWebview, { type: 'configure' }>): void {
    this.post(m);
  }

  /** The chart as Chrome-trace JSON or SVG text (what the Export buttons save). */
  exportContent(format: 'perfetto' | 'svg'): Promise<string> {
    return new Promise((resolve) => {
      this.pendingExport = { format, resolve };
      this.post({ type: 'export-request', format });
    });
  }

  private follow(s: vscode.DebugSession | undefined): void {
    if (!s || s.type !== 'fiasco' || s === this.session) return;
    this.session = s;
    this.boot = -1;
    this.next = 0;
    this.post({ type: 'session', name: s.name, running: true });
    void this.fetch();
  }

  /** New events: taken from the notification when it carries them and they follow what the chart has, else asked for. */
  private changed(c: TraceChanged): void {
    if (this.fetching) {
      // Kept until the request in flight is answered: at the end of a short run the session is gone by then, and
      // the notification is the only copy of the last events.
      this.pushed = c;
      this.fetchAgain = true;
      return;
    }
    if (this.takePushed(c)) return;
    void this.fetch();
  }

  /** Posts the events a notification carries that the chart does not have yet; true when it has them all now. */
  private takePushed(c: TraceChanged): boolean {
    const b = c.batch;
    if (!this.ready || !b || b.boot !== this.boot || (b.events[0]?.seq ?? b.next) > this.next) return false;
    const fresh = b.events.filter((e) => e.seq >= this.next);
    const last = fresh[fresh.length - 1];
    if (last) this.next = last.seq + 1;
    // No new event but a travel moved the position: the chart greys other events.
    if (last || b.position !== undefined) this.post({ type: 'batch', batch: { ...b, events: fresh } });
    return this.next >= c.next;
  }

  /** Takes every new event from the adapter (one request in flight; a notification meanwhile asks again after). */
  private async fetch(): Promise<void> {
    if (!this.ready || !this.session) return;
    if (this.fetching) {
      this.fetchAgain = true;
      return;
    }
    this.fetching = true;
    try {
      for (;;) {
        this.fetchAgain = false;
        const session: vscode.DebugSession | undefined = this.session;
        if (!session) break;
        let batch = (await session.customRequest('fiasco/sequenceChart/events', { from: this.next })) as TraceBatch;
        if (batch.boot !== this.boot && this.next !== 0) {
          // A restart: the new boot's events start at 0.
          batch = (await session.customRequest('fiasco/sequenceChart/events', { from: 0 })) as TraceBatch;
        }
        if (session !== this.session) continue;
        this.boot = batch.boot;
        const last = batch.events[batch.events.length - 1];
        this.next = last ? last.seq + 1 : Math.max(this.next, batch.first);
        this.post({ type: 'batch', batch });
        if (this.next < batch.next) continue;
        if (!this.fetchAgain) break;
      }
    } catch {
      // The session ended between the notification and the request: the chart keeps what it has.
    } finally {
      this.fetching = false;
      const pushed = this.pushed;
      this.pushed = undefined;
      if (pushed) this.takePushed(pushed);
    }
  }

  private onMessage(m: FromWebview): void {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (this.session) {
          this.boot = -1;
          this.next = 0;
          void this.fetch();
        }
        break;
      case 'rendered':
        this.lastReport.report = m.report;
        this.lastReport.frameMs = m.frameMs;
        this.lastReport.events = m.events;
        break;
      case 'select':
        void this.select(m);
        break;
      case 'export':
        if (this.pendingExport?.format === m.format) {
          this.pendingExport.resolve(m.content);
          this.pendingExport = undefined;
        } else void saveExport(m.format, m.content);
        break;
    }
  }

  /** A click: remember it, tell listeners (time travel), and show where the sender made the system call. */
  private async select(m: Extract<FromWebview, { type: 'select' }>): Promise<void> {
    const selection: ChartSelection = { session: this.session, seq: m.seq, thread: m.thread, to: m.to, clock: m.clock, sendClock: m.sendClock, label: m.label };
    try {
      selection.source = (await this.session?.customRequest('fiasco/sequenceChart/source', { seq: m.seq })) as TraceSource | undefined;
    } catch {
      // The event left the adapter's ring, or the session ended: no source to show.
    }
    const { session, ...rest } = selection;
    void session;
    this.lastReport.selection = rest;
    SequenceChartPanel.selectEmitter.fire(selection);
    const src = selection.source;
    if (src?.file && src.line) {
      const pos = new vscode.Position(src.line - 1, 0);
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(src.file));
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, selection: new vscode.Range(pos, pos) });
      vscode.window.setStatusBarMessage(`IPC sequence chart: ${src.threadName} sent "${m.label}" from line ${src.line}`, 5000);
    } else if (src) {
      vscode.window.setStatusBarMessage(`IPC sequence chart: ${src.threadName} (no source line for this event)`, 5000);
    }
  }

  private post(m: ToWebview): void {
    void this.panel.webview.postMessage(m);
  }

  dispose(): void {
    if (SequenceChartPanel.current === this) SequenceChartPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

async function saveExport(format: 'perfetto' | 'svg', content: string): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = format === 'perfetto' ? 'ipc-trace.json' : 'ipc-sequence-chart.svg';
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
    filters: format === 'perfetto' ? { 'Chrome trace (Perfetto)': ['json'] } : { SVG: ['svg'] },
    title: format === 'perfetto' ? 'Export the IPC trace for Perfetto' : 'Export the IPC sequence chart as SVG',
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, Buffer.from(content, 'utf8'));
  void vscode.window.showInformationMessage(`Saved ${vscode.workspace.asRelativePath(target)}.`);
}
