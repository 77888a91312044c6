// The Capability Graph webview's stylesheet (inlined into its HTML with the page's nonce; VS Code theme colours).
export const GRAPH_CSS = `
body { padding: 0; margin: 0; font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); }
/* The tool bar and the selection's details stay in view while the graph scrolls under them. */
#head { position: sticky; top: 0; z-index: 2; background: var(--vscode-sideBar-background, var(--vscode-editor-background)); }
#toolbar { display: flex; gap: 4px; align-items: center; padding: 4px 8px; background: var(--vscode-sideBar-background, var(--vscode-editor-background)); border-bottom: 1px solid var(--vscode-panel-border, #8884); }
#toolbar button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none; padding: 2px 8px; cursor: pointer; }
#toolbar button:hover { background: var(--vscode-button-secondaryHoverBackground); }
#status { margin-left: 8px; opacity: 0.75; font-size: 90%; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
#info { padding: 4px 8px; font-size: 90%; border-bottom: 1px solid var(--vscode-panel-border, #8884); }
.info-line { margin: 1px 0; }
.info-line.chosen b { color: var(--vscode-charts-red, #e05252); }
.info-line.chain b, .info-line.reach b { color: var(--vscode-charts-blue, #3794ff); }
.info-line.derived b { color: var(--vscode-charts-orange, #d18616); }
.info-line.delete b { color: var(--vscode-charts-purple, #b180d7); }
#graph { overflow: auto; }
svg { display: block; }
text { fill: var(--vscode-foreground); font-size: 11px; pointer-events: none; }
text.title { font-weight: 600; font-size: 12px; }
text.sub { font-size: 10px; opacity: 0.85; }
text.heading { font-weight: 600; text-transform: uppercase; font-size: 10px; opacity: 0.7; }
text.edge-label { font-size: 9.5px; fill: var(--vscode-descriptionForeground, #999); }
text.derivation-label { font-size: 9.5px; fill: var(--vscode-charts-blue, #3794ff); }
.node { cursor: pointer; }
.node rect { stroke-width: 1.2; }
.task > rect { fill: var(--vscode-editorWidget-background, #252526); stroke: var(--vscode-charts-blue, #3794ff); }
.thread > rect { fill: var(--vscode-badge-background, #4d4d4d); fill-opacity: 0.45; stroke: var(--vscode-badge-background, #888); }
.thread.state-running > rect, .thread.state-ready > rect { stroke: var(--vscode-charts-green, #89d185); }
.thread.state-faulted > rect { stroke: var(--vscode-charts-red, #f14c4c); }
.object > rect { fill: var(--vscode-editorWidget-background, #252526); stroke: var(--vscode-descriptionForeground, #888); }
.kind-IpcGate > rect { stroke: var(--vscode-charts-purple, #b180d7); }
.kind-Irq > rect { stroke: var(--vscode-charts-yellow, #cca700); }
.kind-Semaphore > rect { stroke: var(--vscode-charts-orange, #d18616); }
.kind-Factory > rect { stroke: var(--vscode-charts-green, #89d185); }
.node.selected > rect { stroke-width: 3; }
.dim { opacity: 0.22; }
.node.lit > rect { stroke-width: 2.2; }
.edge { fill: none; }
.edge .line { stroke: var(--vscode-descriptionForeground, #888); stroke-width: 1; stroke-opacity: 0.55; fill: none; }
.edge .hit { stroke: transparent; stroke-width: 9; fill: none; cursor: pointer; pointer-events: stroke; }
.edge.cap.lit .line { stroke-opacity: 1; stroke-width: 2; stroke: var(--vscode-charts-blue, #3794ff); }
.edge.cap.chosen .line { stroke: var(--vscode-charts-red, #f14c4c); stroke-width: 3; }
.edge.cap.derived .line { stroke: var(--vscode-charts-orange, #d18616); stroke-dasharray: 5 3; stroke-width: 2; }
.edge.cap.delete .line { stroke: var(--vscode-charts-purple, #b180d7); stroke-width: 2; }
.edge.bound { stroke: var(--vscode-charts-purple, #b180d7); stroke-dasharray: 2 3; stroke-width: 1.2; stroke-opacity: 0.6; }
.edge.derivation { stroke: var(--vscode-charts-blue, #3794ff); stroke-dasharray: 6 3; stroke-width: 1.6; }
.edge.derivation.lit { stroke-width: 3; }
.marker.cap { fill: var(--vscode-descriptionForeground, #888); }
.marker.derivation { fill: var(--vscode-charts-blue, #3794ff); }
text.memory-label { font-size: 9.5px; fill: var(--vscode-charts-green, #89d185); }
.edge.memory .line { stroke: var(--vscode-charts-green, #89d185); stroke-dasharray: 2 3; stroke-width: 1.6; fill: none; }
.edge.memory.lit .line { stroke-width: 3; }
.marker.memory { fill: var(--vscode-charts-green, #89d185); }
`;
