// The sequence chart webview's page: toolbar, canvas, details line; styled with VS Code's theme variables.
import type * as vscode from 'vscode';

function nonce(): string {
  let s = '';
  for (let i = 0; i < 32; i++) s += 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.charAt(Math.floor(Math.random() * 62));
  return s;
}

export function sequenceChartHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const script = extensionUri.with({ path: `${extensionUri.path.replace(/\/$/, '')}/dist/sequence-chart.js` });
  return sequenceChartPage(webview.asWebviewUri(script).toString());
}

/** The page with the chart's script at `scriptUrl` (the frame-time measurement loads it outside VS Code). */
export function sequenceChartPage(scriptUrl: string): string {
  const script = scriptUrl;
  const n = nonce();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${n}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>IPC Sequence Chart</title>
<style>
  html, body { height: 100%; margin: 0; padding: 0; overflow: hidden; }
  body { display: flex; flex-direction: column; color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
  #toolbar { display: flex; align-items: center; gap: 6px; padding: 6px 10px; border-bottom: 1px solid var(--vscode-panel-border, transparent); flex-wrap: wrap; }
  #toolbar .group { display: flex; align-items: center; gap: 4px; }
  #toolbar .sep { width: 1px; align-self: stretch; background: var(--vscode-panel-border, #444); margin: 0 4px; }
  select { background: var(--vscode-dropdown-background); color: var(--vscode-dropdown-foreground); border: 1px solid var(--vscode-dropdown-border); padding: 2px 4px; font: inherit; max-width: 180px; }
  button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none; padding: 3px 9px; font: inherit; cursor: pointer; border-radius: 2px; }
  button:hover { background: var(--vscode-button-secondaryHoverBackground); }
  label { display: flex; align-items: center; gap: 3px; }
  #status-wrap { margin-left: auto; color: var(--vscode-descriptionForeground); white-space: nowrap; }
  #live { width: 8px; height: 8px; border-radius: 50%; background: var(--vscode-descriptionForeground); display: inline-block; margin-right: 4px; }
  body.running #live { background: var(--vscode-charts-green); }
  #chart { flex: 1; width: 100%; min-height: 0; display: block; outline: none; }
  #details { padding: 5px 10px; border-top: 1px solid var(--vscode-panel-border, transparent); color: var(--vscode-descriptionForeground); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-family: var(--vscode-editor-font-family); font-size: 12px; }
  #tooltip { position: fixed; display: none; pointer-events: none; white-space: pre; max-width: 70vw; overflow: hidden; padding: 5px 8px; background: var(--vscode-editorHoverWidget-background); color: var(--vscode-editorHoverWidget-foreground); border: 1px solid var(--vscode-editorHoverWidget-border); font-family: var(--vscode-editor-font-family); font-size: 12px; z-index: 10; }
  .legend { display: flex; gap: 10px; color: var(--vscode-descriptionForeground); font-size: 11px; }
  .legend span::before { content: ''; display: inline-block; width: 14px; height: 2px; margin-right: 4px; vertical-align: middle; background: currentColor; }
  .legend .call { color: var(--vscode-charts-blue); } .legend .reply { color: var(--vscode-charts-green); } .legend .kernel { color: var(--vscode-descriptionForeground); }
  .legend .pf { color: var(--vscode-charts-yellow); } .legend .exc { color: var(--vscode-charts-orange); } .legend .irq { color: var(--vscode-charts-purple); } .legend .err { color: var(--vscode-charts-red); }
</style>
</head>
<body>
<div id="toolbar">
  <div class="group" title="Show only messages of a task, a thread or a protocol">
    <select id="filter-task" aria-label="Task"><option value="">All tasks</option></select>
    <select id="filter-thread" aria-label="Thread"><option value="">All threads</option></select>
    <select id="filter-protocol" aria-label="Protocol"><option value="">All protocols</option></select>
  </div>
  <div class="sep"></div>
  <div class="group">
    <select id="mode" aria-label="Spacing" title="Time: distances are emulated time; Event order: one step per event">
      <option value="time">Spacing: emulated time</option><option value="order">Spacing: event order</option>
    </select>
    <button id="zoom-in" title="Zoom in (+, Ctrl+wheel)">+</button><button id="zoom-out" title="Zoom out (-)">−</button>
    <button id="fit" title="Show everything (F)">Fit</button>
    <label title="Keep the newest events in view while the system runs"><input type="checkbox" id="follow" checked>Follow</label>
  </div>
  <div class="sep"></div>
  <div class="group">
    <button id="export-perfetto" title="Save as Chrome trace JSON (opens in Perfetto / chrome://tracing)">Export Perfetto…</button>
    <button id="export-svg" title="Save what is in view as SVG">Export SVG…</button>
  </div>
  <div class="legend"><span class="call">call/send</span><span class="reply">reply</span><span class="kernel">kernel object</span><span class="pf">page fault</span><span class="exc">exception</span><span class="irq">IRQ</span><span class="err">error</span></div>
  <div id="status-wrap"><span id="live" title="green while the system runs"></span><span id="status">no events yet</span></div>
</div>
<canvas id="chart" tabindex="0"></canvas>
<div id="details">Click an arrow or a mark for its details.</div>
<div id="tooltip"></div>
<script nonce="${n}" src="${script}"></script>
</body>
</html>`;
}
