// The status bar item of a Fiasco debug session: state, threads, retired instructions, emulated time and speed,
// from the adapter's `fiasco/status` events (inline or process adapter alike: only DAP in between). Clicking it
// offers pause/continue and the debugger's views. Hidden when no Fiasco session runs or when switched off.
import * as vscode from 'vscode';
import { STATUS_EVENT, StatusSnapshot } from '../debug-adapter/status-requests';
import { FIASCO_DEBUG_TYPE } from './launch-configuration';
import { statusBarText, statusBarTooltip } from './status-bar-text';

export const STATUS_ACTIONS_COMMAND = 'fiasco.statusActions';

interface Action extends vscode.QuickPickItem {
  run: () => Thenable<unknown>;
}

function settings(): { enabled: boolean; intervalMs: number } {
  const c = vscode.workspace.getConfiguration('fiasco.statusBar');
  return { enabled: c.get<boolean>('enabled', true), intervalMs: c.get<number>('updateInterval', 500) };
}

export class FiascoStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('fiasco.status', vscode.StatusBarAlignment.Left, 10);
  private readonly snapshots = new Map<string, StatusSnapshot>();
  private readonly sessions = new Map<string, vscode.DebugSession>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.item.name = 'Fiasco System';
    this.item.command = STATUS_ACTIONS_COMMAND;
    this.disposables.push(
      vscode.debug.onDidStartDebugSession((s) => this.started(s)),
      vscode.debug.onDidTerminateDebugSession((s) => this.ended(s)),
      vscode.debug.onDidChangeActiveDebugSession(() => this.render()),
      vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
        if (e.event !== STATUS_EVENT || e.session.type !== FIASCO_DEBUG_TYPE) return;
        this.snapshots.set(e.session.id, e.body as StatusSnapshot);
        this.render();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('fiasco.statusBar')) return;
        for (const s of this.sessions.values()) this.subscribe(s);
        this.render();
      }),
    );
    const active = vscode.debug.activeDebugSession;
    if (active) this.started(active);
  }

  /** The session the item describes: the active one when it is ours, else the last Fiasco session started. */
  get session(): vscode.DebugSession | undefined {
    const active = vscode.debug.activeDebugSession;
    if (active && this.sessions.has(active.id)) return active;
    return [...this.sessions.values()].pop();
  }

  get snapshot(): StatusSnapshot | undefined {
    const s = this.session;
    return s && this.snapshots.get(s.id);
  }

  /** The item's text while it is shown (for the e2e tests), else undefined. */
  get shownText(): string | undefined {
    return settings().enabled && this.snapshot ? this.item.text : undefined;
  }

  private started(s: vscode.DebugSession): void {
    if (s.type !== FIASCO_DEBUG_TYPE) return;
    this.sessions.set(s.id, s);
    this.subscribe(s);
  }

  private ended(s: vscode.DebugSession): void {
    this.sessions.delete(s.id);
    this.snapshots.delete(s.id);
    this.render();
  }

  /** Asks for a snapshot; the adapter then sends `fiasco/status` events on its own. */
  private subscribe(s: vscode.DebugSession): void {
    s.customRequest('fiasco/status/get', { intervalMs: settings().intervalMs }).then(
      (body: StatusSnapshot) => {
        // An event may have overtaken the answer: keep whichever saw more of the run.
        const known = this.snapshots.get(s.id);
        if (this.sessions.has(s.id) && (!known || known.instructions <= body.instructions)) this.snapshots.set(s.id, body);
        this.render();
      },
      () => undefined, // a session that failed to launch ends right away; nothing to show
    );
  }

  private render(): void {
    const snap = this.snapshot;
    if (!settings().enabled || !snap) {
      this.item.hide();
      return;
    }
    this.item.text = statusBarText(snap);
    this.item.tooltip = statusBarTooltip(snap);
    this.item.show();
  }

  /** The quick pick behind the item: what one can do with the system from here. */
  async showActions(): Promise<void> {
    const snap = this.snapshot;
    if (!this.session || !snap) {
      void vscode.window.showInformationMessage('Fiasco: no system is running — press F5 on an entry of conf/modules.lst.');
      return;
    }
    const cmd = (id: string) => () => vscode.commands.executeCommand(id);
    const actions: Action[] = [];
    if (snap.state === 'running') actions.push({ label: '$(debug-pause) Pause', run: cmd('workbench.action.debug.pause') });
    if (snap.state === 'stopped') actions.push({ label: '$(debug-continue) Continue', run: cmd('workbench.action.debug.continue') });
    if (snap.state !== 'ended') actions.push({ label: '$(debug-stop) Stop', run: cmd('workbench.action.debug.stop') });
    actions.push(
      { label: '$(list-tree) Threads', description: 'the Call Stack: one entry per L4 thread', run: cmd('workbench.debug.action.focusCallStackView') },
      { label: '$(symbol-variable) Variables', description: 'registers, TCB, UTCB, capabilities, kernel objects', run: cmd('workbench.debug.action.focusVariablesView') },
      { label: '$(debug-console) Debug Console', description: 'JDB-like commands: threads, caps, objects, …', run: cmd('workbench.panel.repl.view.focus') },
      { label: '$(debug-alt) Run and Debug', description: 'the Fiasco views of the debug side bar', run: cmd('workbench.view.debug') },
      { label: '$(eye-closed) Hide this status bar item', description: 'setting fiasco.statusBar.enabled', run: () => vscode.workspace.getConfiguration('fiasco.statusBar').update('enabled', false, vscode.ConfigurationTarget.Global) },
    );
    const picked = await vscode.window.showQuickPick(actions, { title: `Fiasco system: ${snap.state}`, placeHolder: 'What to do with the system' });
    await picked?.run();
  }

  dispose(): void {
    this.item.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

export function registerStatusBar(context: vscode.ExtensionContext): FiascoStatusBar {
  const bar = new FiascoStatusBar();
  context.subscriptions.push(bar, vscode.commands.registerCommand(STATUS_ACTIONS_COMMAND, () => bar.showActions()));
  return bar;
}
