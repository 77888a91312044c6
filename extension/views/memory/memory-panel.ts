// The Fiasco Memory panel: hosts the webview (webview/memory-webview.ts) and carries its requests to the debug
// session: the layout through fiasco/memory/regions, bytes through the standard readMemory/writeMemory (so an
// edit reaches the adapter's write path: the code cache and data watches see it, a memory event follows).
import * as vscode from 'vscode';
import type { FromWebview, LayoutInfo, ToWebview, ViewState } from './memory-protocol';

/** Which task and address to show: a task id, or the task of a thread, or (neither) the stopped thread's. */
export interface MemoryTarget {
  taskId?: number;
  threadId?: number;
  address?: number;
}

export class MemoryPanel {
  private static current: MemoryPanel | undefined;
  private readonly panel: vscode.WebviewPanel;
  private session: vscode.DebugSession | undefined;
  private taskId: number | undefined;
  private ready = false;
  private queued: MemoryTarget | undefined;
  private lastState: ViewState | undefined;
  private readonly stateChanged = new vscode.EventEmitter<ViewState>();

  /** The open panel, or a new one. */
  static show(extensionUri: vscode.Uri, session: vscode.DebugSession | undefined, target: MemoryTarget): MemoryPanel {
    const p = MemoryPanel.current ?? new MemoryPanel(extensionUri);
    MemoryPanel.current = p;
    p.panel.reveal(undefined, true);
    p.session = session ?? p.session;
    void p.load(target);
    return p;
  }

  static get open(): MemoryPanel | undefined {
    return MemoryPanel.current;
  }

  private constructor(private readonly extensionUri: vscode.Uri) {
    this.panel = vscode.window.createWebviewPanel('fiasco.memory', 'Fiasco Memory', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
    });
    this.panel.webview.html = this.html();
    this.panel.onDidDispose(() => {
      if (MemoryPanel.current === this) MemoryPanel.current = undefined;
      this.stateChanged.dispose();
    });
    this.panel.webview.onDidReceiveMessage((m: FromWebview) => void this.receive(m));
  }

  /** The view as the webview last reported it; with `until`, waits (up to `ms`) for a report that satisfies it. */
  async state(until?: (s: ViewState) => boolean, ms = 10000): Promise<ViewState | undefined> {
    if (!until || (this.lastState && until(this.lastState))) return this.lastState;
    return new Promise((resolve) => {
      const timer = setTimeout(() => { sub.dispose(); resolve(this.lastState); }, ms);
      const sub = this.stateChanged.event((s) => {
        if (!until(s)) return;
        clearTimeout(timer);
        sub.dispose();
        resolve(s);
      });
    });
  }

  /** Writes hex bytes at `address` the way an edit in the view does. */
  edit(address: number, hex: string): void {
    this.post({ type: 'edit', address, hex });
  }

  /** The session stopped: show the stopped thread's task (keeping the address when the task is the same). */
  followStop(session: vscode.DebugSession, threadId: number): void {
    this.session = session;
    void this.load({ threadId }, true);
  }

  /** Memory changed (a write by anyone): read the bytes again. */
  refresh(): void {
    if (this.taskId !== undefined) void this.load({ taskId: this.taskId }, true);
  }

  sessionEnded(session: vscode.DebugSession): void {
    if (this.session?.id !== session.id) return;
    this.session = undefined;
    this.post({ type: 'status', text: 'the debug session ended' });
  }

  private post(m: ToWebview): void {
    void this.panel.webview.postMessage(m);
  }

  private async load(target: MemoryTarget, keepAddress = false): Promise<void> {
    if (!this.ready) {
      this.queued = target;
      return;
    }
    const session = this.session;
    if (!session) {
      this.post({ type: 'status', text: 'start a Fiasco debug session to see memory' });
      return;
    }
    try {
      const layout = await session.customRequest('fiasco/memory/regions', { taskId: target.taskId, threadId: target.threadId }) as LayoutInfo;
      const list = await session.customRequest('fiasco/memory/tasks', {}) as { tasks: Array<{ id: number; name: string }> };
      const sameTask = layout.taskId === this.taskId;
      this.taskId = layout.taskId;
      const goto = target.address ?? (keepAddress && sameTask ? undefined : firstInteresting(layout));
      this.post({ type: 'layout', layout, tasks: list.tasks, goto, live: true });
    } catch (e) {
      this.post({ type: 'status', text: (e as Error).message });
    }
  }

  private async receive(m: FromWebview): Promise<void> {
    const session = this.session;
    const ref = (address: number) => `task:${this.taskId}:0x${(address >>> 0).toString(16)}`;
    try {
      switch (m.type) {
        case 'ready':
          this.ready = true;
          await this.load(this.queued ?? {});
          this.queued = undefined;
          return;
        case 'report':
          this.lastState = m.state;
          this.stateChanged.fire(m.state);
          return;
        case 'selectTask':
          await this.load({ taskId: m.taskId });
          return;
      }
      if (!session || this.taskId === undefined) return;
      switch (m.type) {
        case 'read': {
          const r = await session.customRequest('readMemory', { memoryReference: ref(m.address), count: m.count }) as { data?: string; unreadableBytes?: number };
          const data = [...Buffer.from(r.data ?? '', 'base64')];
          this.post({ type: 'bytes', reqId: m.reqId, address: m.address, data, unreadable: r.unreadableBytes ?? 0 });
          return;
        }
        case 'write': {
          const r = await session.customRequest('writeMemory', { memoryReference: ref(m.address), data: Buffer.from(m.data).toString('base64') }) as { bytesWritten?: number };
          this.post({ type: 'written', address: m.address, count: r.bytesWritten ?? m.data.length });
          return;
        }
        case 'resolve': {
          const r = await session.customRequest('fiasco/memory/resolve', { taskId: this.taskId, text: m.text }) as { address: number };
          this.post({ type: 'goto', address: r.address });
          return;
        }
      }
    } catch (e) {
      this.post({ type: 'status', text: (e as Error).message });
    }
  }

  private html(): string {
    const webview = this.panel.webview;
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'memory-webview.js'));
    const nonce = [...Array(32)].map(() => Math.floor(Math.random() * 36).toString(36)).join('');
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}';">
<title>Fiasco Memory</title>
<style>
  body { margin: 0; padding: 0; font-family: var(--vscode-font-family); color: var(--vscode-foreground); display: flex; flex-direction: column; height: 100vh; }
  #toolbar { display: flex; gap: 6px; padding: 6px; align-items: center; border-bottom: 1px solid var(--vscode-panel-border); }
  #toolbar input, #toolbar select, #toolbar button { background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, transparent); padding: 2px 4px; }
  #status { opacity: 0.8; margin-left: auto; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  #main { display: flex; flex: 1; min-height: 0; }
  /* The rows take the width they need (hex, text and the label column); the regions list gives up width first and
     takes what is left over (up to 30 %). The rows do not shrink while the list can (a shared shrink cut a label
     by a pixel); only a window too narrow for the list's minimum (140 px, its border and the scroll bar) narrows them. */
  #regions { flex: 1 1000 auto; width: max-content; min-width: 140px; max-width: 30%; overflow-y: auto; border-right: 1px solid var(--vscode-panel-border); font-family: var(--vscode-editor-font-family); font-size: 12px; }
  .region { padding: 2px 6px; cursor: pointer; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; border-left: 4px solid transparent; }
  .region:hover { background: var(--vscode-list-hoverBackground); }
  #rows { flex: 0 0 auto; max-width: calc(100% - 157px); min-width: 0; overflow: hidden; font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); outline: none; }
  #scroll { writing-mode: vertical-lr; width: 16px; margin-left: auto; }
  .row { height: 20px; line-height: 20px; white-space: pre; display: flex; gap: 12px; width: max-content; padding-left: 4px; border-left: 4px solid transparent; }
  .row.unmapped { opacity: 0.45; }
  .addr { color: var(--vscode-debugTokenExpression-number, #b5cea8); }
  .hex { display: inline-flex; gap: 4px; }
  .byte { width: 2ch; text-align: center; cursor: default; }
  .byte.selected { outline: 1px solid var(--vscode-focusBorder); }
  .edit { width: 2.5ch; font: inherit; padding: 0; }
  .ascii { color: var(--vscode-debugTokenExpression-string, #ce9178); }
  .label { flex: none; width: calc(var(--label-ch, 24) * 1ch); color: var(--vscode-descriptionForeground); overflow: hidden; text-overflow: ellipsis; }
  .kind-text { border-left-color: #569cd6; } .kind-rodata { border-left-color: #9cdcfe; }
  .kind-data { border-left-color: #4ec9b0; } .kind-bss { border-left-color: #89d185; }
  .kind-stack { border-left-color: #d7ba7d; } .kind-utcb { border-left-color: #c586c0; }
  .kind-kip, .kind-syscall { border-left-color: #f14c4c; } .kind-dataspace { border-left-color: #ce9178; }
  .kind-region, .kind-mapped { border-left-color: #808080; } .kind-area { border-left-color: #4d4d4d; }
</style></head>
<body>
  <div id="toolbar">
    <label>Task <select id="task"></select></label>
    <input id="address" placeholder="address, symbol, symbol+off, register" size="32">
    <button id="go">Go</button>
    <span id="status"></span>
  </div>
  <div id="main">
    <div id="regions"></div>
    <div id="rows" tabindex="0"></div>
    <input id="scroll" type="range" min="0" step="1">
  </div>
  <script nonce="${nonce}" src="${script.toString()}"></script>
</body></html>`;
  }
}

/** Where to open a task's view first: the start of its text, else its first region. */
function firstInteresting(layout: LayoutInfo): number | undefined {
  return (layout.regions.find((r) => r.kind === 'text') ?? layout.regions[0])?.start;
}
