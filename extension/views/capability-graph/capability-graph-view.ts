// The Capability Graph webview view (Run and Debug): hands each snapshot to the webview script
// (webview/capability-graph-webview.ts, bundled by webpack into dist/capability-graph-webview.js), saves Graphviz dot on request
// and keeps what the webview last reported drawing (for the e2e tests, through the extension's API).
import * as crypto from 'crypto';
import * as vscode from 'vscode';
import { snapshotToDot } from '../../../debug-adapter/kernel-objects/snapshot-dot';
import type { KernelSnapshotSource } from '../kernel-snapshot-source';
import { GRAPH_CSS } from './graph-style';
import type { FromWebview, RenderedGraph, ToWebview } from './graph-messages';

export const CAPABILITY_GRAPH_VIEW = 'fiasco.capabilityGraph';

export class CapabilityGraphView implements vscode.WebviewViewProvider {
  private view?: vscode.WebviewView;
  private ready = false;
  private pendingSelect?: number;
  private readonly renderedEmitter = new vscode.EventEmitter<RenderedGraph>();
  /** Fires with what the webview drew after each render. */
  readonly onDidRender = this.renderedEmitter.event;
  lastRendered?: RenderedGraph;

  constructor(private readonly extensionUri: vscode.Uri, private readonly source: KernelSnapshotSource) {
    source.onDidChange(() => this.post({ type: 'snapshot', snapshot: source.snapshot }));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    view.webview.html = this.html(view.webview, dist);
    view.webview.onDidReceiveMessage((m: FromWebview) => this.receive(m));
    view.onDidDispose(() => {
      this.view = undefined;
      this.ready = false;
    });
  }

  /** Shows the graph view with `objectId` selected (a task: its reach; anything else: who holds it). */
  async reveal(objectId: number): Promise<void> {
    this.pendingSelect = objectId;
    await vscode.commands.executeCommand(`${CAPABILITY_GRAPH_VIEW}.focus`);
    if (this.ready) this.flushSelect();
  }

  private flushSelect(): void {
    if (this.pendingSelect === undefined) return;
    this.post({ type: 'select', objectId: this.pendingSelect });
    this.pendingSelect = undefined;
  }

  private receive(m: FromWebview): void {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.post({ type: 'snapshot', snapshot: this.source.snapshot });
        this.flushSelect();
        break;
      case 'rendered':
        this.lastRendered = m.graph;
        this.renderedEmitter.fire(m.graph);
        break;
      case 'exportDot':
        void vscode.commands.executeCommand('fiasco.capabilityGraph.exportDot'); // EXPORT_DOT_COMMAND (kernel-views.ts)
        break;
      case 'focusThread':
        void vscode.commands.executeCommand('fiasco.kernelObjects.focusThread', m.threadId);
        break;
    }
  }

  private post(m: ToWebview): void {
    if (this.view && this.ready) void this.view.webview.postMessage(m);
  }

  /** Graphviz dot of the current snapshot, or undefined without one. */
  dot(): string | undefined {
    const s = this.source.snapshot;
    return s && snapshotToDot(s);
  }

  private html(webview: vscode.Webview, dist: vscode.Uri): string {
    const script = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'capability-graph-webview.js'));
    const nonce = crypto.randomBytes(16).toString('hex');
    return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<style nonce="${nonce}">${GRAPH_CSS}</style></head><body>
<div id="head"><div id="toolbar"><button id="zoom-out" title="Zoom out">−</button><button id="zoom-in" title="Zoom in">+</button><button id="clear">Clear selection</button><button id="export">Export dot…</button><span id="status"></span></div>
<div id="info"></div></div>
<div id="graph"></div>
<script nonce="${nonce}" src="${script}"></script></body></html>`;
  }
}
