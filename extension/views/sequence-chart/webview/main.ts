// The IPC sequence chart's webview: a toolbar (filters, spacing, fit, follow, export), the canvas and a details
// line. It keeps the events it was sent (chart-model.ts), draws only what is in view (chart-render.ts) at most once
// per animation frame, and tells the extension what was clicked and what it drew.
import type { TraceEvent } from '../../../../debug-adapter/sequence-chart-protocol';
import { chromeTrace } from '../chart-export';
import { FollowState, followView } from '../chart-follow';
import type { FromWebview, ToWebview } from '../chart-messages';
import { ChartModel } from '../chart-model';
import { SvgPainter } from '../chart-painter';
import { ChartTheme, ChartView, DARK_THEME, fitView, formatClock, HEADER_HEIGHT, Hit, hitTest, paintChart } from '../chart-render';
import { CanvasPainter } from './canvas-painter';

declare function acquireVsCodeApi(): { postMessage(m: FromWebview): void };
const vscode = acquireVsCodeApi();

const model = new ChartModel();
const view: ChartView = { mode: 'time', start: 0, unitsPerPixel: 1, laneOffset: 0, width: 800, height: 600 };
let hits: Hit[] = [];
let follow = true;
const followState: FollowState = { fitted: true };
let frameScheduled = false;
let lastReportAt = 0;
let reportTimer: ReturnType<typeof setTimeout> | undefined;
/** Paint times of the last frames, ms (read by the frame-time measurement through window.chartStats). */
const frameTimes: number[] = [];

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const canvas = $<HTMLCanvasElement>('chart');
const details = $('details');
const status = $('status');
const tooltip = $('tooltip');
const taskSelect = $<HTMLSelectElement>('filter-task');
const threadSelect = $<HTMLSelectElement>('filter-thread');
const protocolSelect = $<HTMLSelectElement>('filter-protocol');
const modeSelect = $<HTMLSelectElement>('mode');
const followBox = $<HTMLInputElement>('follow');

function cssColor(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

function theme(): ChartTheme {
  const d = DARK_THEME;
  return {
    background: cssColor('--vscode-editor-background', d.background),
    foreground: cssColor('--vscode-editor-foreground', d.foreground),
    muted: cssColor('--vscode-descriptionForeground', d.muted),
    grid: cssColor('--vscode-editorWidget-border', d.grid),
    bands: [cssColor('--vscode-editor-background', d.bands[0]), cssColor('--vscode-sideBar-background', d.bands[1])],
    header: cssColor('--vscode-sideBar-background', d.header),
    call: cssColor('--vscode-charts-blue', d.call),
    send: cssColor('--vscode-terminal-ansiCyan', d.send),
    reply: cssColor('--vscode-charts-green', d.reply),
    kernel: cssColor('--vscode-descriptionForeground', d.kernel),
    error: cssColor('--vscode-charts-red', d.error),
    pageFault: cssColor('--vscode-charts-yellow', d.pageFault),
    exception: cssColor('--vscode-charts-orange', d.exception),
    irq: cssColor('--vscode-charts-purple', d.irq),
    timeout: cssColor('--vscode-disabledForeground', d.timeout),
    selection: cssColor('--vscode-editorOverviewRuler-findMatchForeground', d.selection),
  };
}

function font(bold: boolean): string {
  const family = getComputedStyle(document.body).fontFamily || 'sans-serif';
  return `${bold ? '600 ' : ''}12px ${family}`;
}

function requestPaint(): void {
  if (frameScheduled) return;
  frameScheduled = true;
  requestAnimationFrame(paint);
}

function paint(): void {
  frameScheduled = false;
  const t0 = performance.now();
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  // A hidden panel has no size: nothing to draw, and the view keeps the size it will be shown at again.
  if (w === 0 || h === 0) {
    scheduleReport({ lanes: model.lanes().map((l) => `${l.taskName}:${l.label}`), arrows: [], marks: [], eventsInView: 0, overview: false, hidden: true }, 0);
    return;
  }
  const resized = w !== view.width || h !== view.height;
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
  }
  view.width = w;
  view.height = h;
  if (resized && follow) followView(model, view, followState);
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const out = paintChart(new CanvasPainter(ctx, font(false), font(true)), model, view, theme());
  hits = out.hits;
  const ms = performance.now() - t0;
  frameTimes.push(ms);
  if (frameTimes.length > 240) frameTimes.shift();
  status.textContent = `${model.visible.length.toLocaleString()} of ${model.events.length.toLocaleString()} events${model.aheadCount ? ` (${model.aheadCount.toLocaleString()} ahead of the travel position, greyed)` : ''} · clock ${formatClock(model.clock)} · ${out.report.overview ? 'overview (zoom in for labels)' : `${out.report.eventsInView} in view`}`;
  scheduleReport(out.report, ms);
}

/** Tells the extension what was drawn, at most twice a second (the e2e tests read it). */
function scheduleReport(report: ReturnType<typeof paintChart>['report'], ms: number): void {
  const send = () => {
    lastReportAt = performance.now();
    vscode.postMessage({ type: 'rendered', report, frameMs: ms, events: model.visible.length });
  };
  if (reportTimer) clearTimeout(reportTimer);
  const wait = 500 - (performance.now() - lastReportAt);
  if (wait <= 0) send();
  else reportTimer = setTimeout(send, wait);
}

/** Where the first drawn event of `kind` is (page coordinates), for the screenshot script's click. */
(window as unknown as { chartPointOf: (kind: string) => unknown }).chartPointOf = (kind: string) => {
  const h = hits.find((x) => model.bySeq(x.seq)?.kind === kind);
  const r = canvas.getBoundingClientRect();
  return h ? { x: r.left + (h.x1 * 2 + h.x2) / 3, y: r.top + (h.y1 * 2 + h.y2) / 3, seq: h.seq } : undefined;
};
(window as unknown as { chartStatsReset: () => void }).chartStatsReset = () => {
  frameTimes.length = 0;
};
(window as unknown as { chartStats: () => unknown }).chartStats = () => ({
  frames: frameTimes.length,
  lastMs: frameTimes[frameTimes.length - 1],
  maxMs: frameTimes.length ? Math.max(...frameTimes) : 0,
  avgMs: frameTimes.reduce((a, b) => a + b, 0) / Math.max(1, frameTimes.length),
  events: model.events.length,
  view: { ...view },
});

// ---- data from the extension ------------------------------------------------------------------------------------

function fillSelect(sel: HTMLSelectElement, all: string, options: Array<[string, string]>): void {
  const keep = sel.value;
  const key = options.map((o) => o.join('=')).join('|');
  if (sel.dataset.key === key) return;
  sel.dataset.key = key;
  sel.replaceChildren(new Option(all, ''), ...options.map(([v, label]) => new Option(label, v)));
  sel.value = options.some(([v]) => v === keep) ? keep : '';
}

function refreshFilters(): void {
  const tasks = new Map<number, string>();
  for (const t of model.threads) tasks.set(t.task, t.taskName);
  fillSelect(taskSelect, 'All tasks', [...tasks].map(([id, name]) => [String(id), name]));
  fillSelect(threadSelect, 'All threads', model.threads.map((t) => [String(t.id), t.name]));
  fillSelect(protocolSelect, 'All protocols', model.protocols().map((p) => [p, p]));
}

function applyFilter(): void {
  const num = (s: string) => (s === '' ? undefined : Number(s));
  model.filter = { task: num(taskSelect.value), thread: num(threadSelect.value), protocol: protocolSelect.value || undefined };
  fitNow();
}

function followEnd(): void {
  followView(model, view, followState);
}

window.addEventListener('message', (ev: MessageEvent<ToWebview>) => {
  const m = ev.data;
  if (m.type === 'batch') {
    const before = model.boot;
    model.apply(m.batch);
    if (model.boot !== before) {
      followState.fitted = true;
      view.selected = undefined;
      details.textContent = 'Click an arrow or a mark for its details.';
    }
    refreshFilters();
    if (follow) followEnd();
    requestPaint();
  } else if (m.type === 'session') {
    document.body.classList.toggle('running', m.running);
  } else if (m.type === 'export-request') {
    exportChart(m.format);
  } else if (m.type === 'configure') {
    if (m.mode) modeSelect.value = view.mode = m.mode;
    if (m.follow !== undefined) followBox.checked = follow = m.follow;
    if (m.filter) {
      taskSelect.value = m.filter.task !== undefined ? String(m.filter.task) : '';
      threadSelect.value = m.filter.thread !== undefined ? String(m.filter.thread) : '';
      protocolSelect.value = m.filter.protocol ?? '';
      applyFilter();
    }
    if (m.fit) fitNow();
    requestPaint();
  }
});

// ---- interaction ------------------------------------------------------------------------------------------------

function zoomAround(y: number, factor: number): void {
  followState.fitted = false;
  const units = view.start + (y - HEADER_HEIGHT) * view.unitsPerPixel;
  view.unitsPerPixel = Math.min(Math.max(view.unitsPerPixel * factor, 1e-3), 1e12);
  view.start = units - (y - HEADER_HEIGHT) * view.unitsPerPixel;
  requestPaint();
}

canvas.addEventListener('wheel', (e) => {
  e.preventDefault();
  if (e.ctrlKey || e.metaKey) zoomAround(e.offsetY, Math.exp(e.deltaY * 0.002));
  else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) view.laneOffset = Math.max(0, view.laneOffset + (e.shiftKey ? e.deltaY : e.deltaX));
  else view.start += e.deltaY * view.unitsPerPixel;
  if (!(e.ctrlKey || e.metaKey)) followState.fitted = false;
  if (!(e.ctrlKey || e.metaKey) && e.deltaY !== 0) followBox.checked = follow = false;
  requestPaint();
}, { passive: false });

let drag: { x: number; y: number; start: number; lane: number; moved: boolean } | undefined;
canvas.addEventListener('mousedown', (e) => {
  drag = { x: e.clientX, y: e.clientY, start: view.start, lane: view.laneOffset, moved: false };
});
window.addEventListener('mousemove', (e) => {
  if (drag) {
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
    if (drag.moved) {
      view.start = drag.start - dy * view.unitsPerPixel;
      view.laneOffset = Math.max(0, drag.lane - dx);
      followState.fitted = false;
      followBox.checked = follow = false;
      requestPaint();
    }
    return;
  }
  if (e.target !== canvas) return;
  const seq = hitTest(hits, e.offsetX, e.offsetY);
  const ev = seq !== undefined ? model.bySeq(seq) : undefined;
  if (!ev) {
    tooltip.style.display = 'none';
    canvas.style.cursor = 'default';
    return;
  }
  canvas.style.cursor = 'pointer';
  tooltip.textContent = describe(ev);
  tooltip.style.display = 'block';
  tooltip.style.left = `${Math.min(e.clientX + 14, window.innerWidth - tooltip.offsetWidth - 8)}px`;
  tooltip.style.top = `${e.clientY + 16}px`;
});
window.addEventListener('mouseup', (e) => {
  const wasDrag = drag?.moved;
  drag = undefined;
  if (wasDrag || e.target !== canvas) return;
  select(hitTest(hits, e.offsetX, e.offsetY));
});

function threadName(id: number | undefined): string {
  if (id === 0) return 'kernel';
  return id === undefined ? '' : model.thread(id)?.name ?? `thread ${id}`;
}

function describe(e: TraceEvent): string {
  const who = e.to !== undefined ? `${threadName(e.thread)} → ${threadName(e.to)}` : threadName(e.thread);
  const when = e.sendClock !== undefined && e.sendClock !== e.clock ? `sent at ${e.sendClock.toLocaleString()}, delivered at ${e.clock.toLocaleString()}` : `at ${e.clock.toLocaleString()}`;
  return `${e.kind} · ${who} · ${e.label}${e.error ? ` · error ${e.error}` : ''}\n${e.detail}\n${when} instructions${e.pcs?.length ? ` · eip 0x${e.pcs[0].toString(16)}` : ''}`;
}

function select(seq: number | undefined): void {
  view.selected = seq;
  const e = seq !== undefined ? model.bySeq(seq) : undefined;
  details.textContent = e ? describe(e).replace(/\n/g, '  ·  ') : 'Click an arrow or a mark for its details.';
  if (e) vscode.postMessage({ type: 'select', seq: e.seq, thread: e.thread, to: e.to, clock: e.clock, sendClock: e.sendClock, label: e.label });
  requestPaint();
}

window.addEventListener('keydown', (e) => {
  if ((e.target as HTMLElement).tagName === 'SELECT') return;
  if (e.key === '+' || e.key === '=') zoomAround(view.height / 2, 1 / 1.5);
  else if (e.key === '-') zoomAround(view.height / 2, 1.5);
  else if (e.key === 'f') fitNow();
  else if (e.key === 'Home') view.start = view.mode === 'time' ? model.span[0] : 0;
  else if (e.key === 'End') followEnd();
  else return;
  requestPaint();
});

function fitNow(): void {
  fitView(model, view);
  followState.fitted = true;
  requestPaint();
}

taskSelect.addEventListener('change', applyFilter);
threadSelect.addEventListener('change', applyFilter);
protocolSelect.addEventListener('change', applyFilter);
modeSelect.addEventListener('change', () => {
  view.mode = modeSelect.value === 'order' ? 'order' : 'time';
  fitNow();
});
followBox.addEventListener('change', () => {
  follow = followBox.checked;
  if (follow) followEnd();
  requestPaint();
});
$('fit').addEventListener('click', fitNow);
$('zoom-in').addEventListener('click', () => zoomAround(view.height / 2, 1 / 1.5));
$('zoom-out').addEventListener('click', () => zoomAround(view.height / 2, 1.5));
function exportChart(format: 'perfetto' | 'svg'): void {
  if (format === 'perfetto') {
    vscode.postMessage({ type: 'export', format, content: JSON.stringify(chromeTrace(model)) });
    return;
  }
  // What is in view, drawn again as SVG, its labels measured in the canvas's font: the export cuts no label
  // the view shows whole (an average glyph width overestimates most fonts, a narrow chart lost its marks' labels).
  const measure = canvas.getContext('2d') as CanvasRenderingContext2D;
  const svg = new SvgPainter(view.width, view.height, font(false), (s) => {
    measure.font = font(false);
    return measure.measureText(s).width;
  });
  paintChart(svg, model, view, theme());
  vscode.postMessage({ type: 'export', format, content: svg.toString() });
}
$('export-perfetto').addEventListener('click', () => exportChart('perfetto'));
$('export-svg').addEventListener('click', () => exportChart('svg'));
new ResizeObserver(() => requestPaint()).observe(canvas);
vscode.postMessage({ type: 'ready' });
