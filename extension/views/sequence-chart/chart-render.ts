// Draws the IPC sequence chart: lanes (threads, grouped under their task) side by side, emulated time downwards,
// an arrow per message and a mark per fault, exception, IRQ or timeout. Only what lies in the view is visited
// (binary search by clock); when the view holds more events than can be told apart, arrows are drawn once per
// pixel row and lane pair, without labels, so 10^5 events draw as fast as a few hundred.
import type { TraceEvent } from '../../../debug-adapter/sequence-chart-protocol';
import { ChartModel, Lane, lowerBound } from './chart-model';
import type { Painter } from './chart-painter';

export const AXIS_WIDTH = 92;
export const HEADER_HEIGHT = 48;
const LANE_MIN_WIDTH = 130;
/** More events than this in view: the overview drawing (no labels, one line per pixel row and lane pair). */
export const DETAIL_LIMIT = 1500;
/** Labels closer than this (px, vertically) to the previous one in the same column are left out. */
const LABEL_SPACING = 13;

export interface ChartView {
  /** 'time': y follows the emulated clock; 'order': one step per event (the axis still shows the clock). */
  mode: 'time' | 'order';
  /** Units (clock or event index) at the top of the plot. */
  start: number;
  unitsPerPixel: number;
  /** Horizontal scroll of the lanes, px. */
  laneOffset: number;
  width: number;
  height: number;
  selected?: number;
}

export interface ChartTheme {
  background: string;
  foreground: string;
  muted: string;
  grid: string;
  bands: [string, string];
  header: string;
  call: string;
  send: string;
  reply: string;
  kernel: string;
  error: string;
  pageFault: string;
  exception: string;
  irq: string;
  timeout: string;
  selection: string;
}

export const DARK_THEME: ChartTheme = {
  background: '#1e1e1e', foreground: '#d4d4d4', muted: '#8a8a8a', grid: '#3a3a3a', bands: ['#252526', '#2b2b30'], header: '#252526',
  call: '#4fc1ff', send: '#3dc9b0', reply: '#89d185', kernel: '#9d9d9d', error: '#f14c4c', pageFault: '#cca700', exception: '#f14c4c',
  irq: '#c586c0', timeout: '#b0b0b0', selection: '#ffcc00',
};

/** Something clickable that was drawn. */
export interface Hit {
  seq: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** What a paint drew (the e2e tests read it back through the extension). */
export interface RenderReport {
  lanes: string[];
  arrows: string[];
  marks: string[];
  eventsInView: number;
  overview: boolean;
  /** The panel was hidden (no size): nothing was drawn; the SVG export still draws the view at its last size. */
  hidden?: boolean;
}

export interface Layout {
  lanes: Lane[];
  laneWidth: number;
  laneX: Map<number, number>;
}

export function layoutLanes(model: ChartModel, width: number): Layout {
  const lanes = model.lanes();
  const laneWidth = Math.max(LANE_MIN_WIDTH, (width - AXIS_WIDTH) / Math.max(1, lanes.length));
  const laneX = new Map<number, number>();
  lanes.forEach((l, i) => laneX.set(l.thread, AXIS_WIDTH + laneWidth * (i + 0.5)));
  return { lanes, laneWidth, laneX };
}

/** The view's units of an event's delivery (`clock`) or of another clock value. */
export function unitsOf(model: ChartModel, view: ChartView, clock: number, index?: number): number {
  if (view.mode === 'time') return clock;
  return index ?? lowerBound(model.visible, clock);
}

/** Room (px) above the first event of a fitted view, so that its label is not under the header. */
const FIT_MARGIN = 20;
/**
 * The finest scale a fit chooses in time mode (instructions per pixel): a trace of one event, or of events a few
 * instructions apart, is shown at a readable scale instead of a fraction of an instruction across the plot.
 */
export const MIN_FIT_UNITS_PER_PIXEL = 0.25;

/** The view that shows every event held. */
export function fitView(model: ChartModel, view: ChartView): void {
  const plot = Math.max(1, view.height - HEADER_HEIGHT - 2 * FIT_MARGIN);
  if (view.mode === 'time') {
    const [a, b] = model.span;
    view.unitsPerPixel = Math.max((b - a) / plot, MIN_FIT_UNITS_PER_PIXEL);
    view.start = a - FIT_MARGIN * view.unitsPerPixel;
  } else {
    view.unitsPerPixel = Math.max(model.visible.length / plot, 0.02);
    view.start = -FIT_MARGIN * view.unitsPerPixel;
  }
}

function colorOf(e: TraceEvent, t: ChartTheme): string {
  if (e.error) return t.error;
  switch (e.kind) {
    case 'call': return t.call;
    case 'send': return t.send;
    case 'reply': return t.reply;
    case 'kernel': return t.kernel;
    case 'page-fault': return t.pageFault;
    case 'exception': return t.exception;
    case 'irq': return t.irq;
    case 'timeout': return t.timeout;
    default: return t.muted;
  }
}

/** Chooses a round step of at least `min` units: 1, 2, 5 × 10^n. */
function niceStep(min: number): number {
  const p = 10 ** Math.floor(Math.log10(Math.max(min, 1e-9)));
  for (const m of [1, 2, 5, 10]) if (m * p >= min) return m * p;
  return 10 * p;
}

/** 1234567 → "1.23M" (retired instructions); with `step`, enough digits that neighbouring ticks differ. */
export function formatClock(n: number, step?: number): string {
  const unit = n >= 1e9 ? 1e9 : n >= 1e6 ? 1e6 : n >= 1e4 ? 1e3 : 1;
  const suffix = unit === 1e9 ? 'G' : unit === 1e6 ? 'M' : unit === 1e3 ? 'k' : '';
  const digits = step !== undefined ? Math.min(6, Math.max(0, Math.ceil(Math.log10(unit / step) - 1e-9))) : n / unit >= 100 ? 0 : n / unit >= 10 ? 1 : 2;
  return `${(n / unit).toFixed(unit === 1 ? 0 : digits)}${suffix}`;
}

/**
 * The time axis' labels. In event order the ticks' clocks are not evenly spaced: they get as many digits as the
 * closest two distinct clocks in view need to differ, and a tick at the same clock as the one above stays unlabelled.
 */
export function axisLabels(ticks: ReadonlyArray<{ y: number; clock: number }>, step?: number): Array<{ y: number; label: string }> {
  let gap = step;
  if (gap === undefined) {
    for (let i = 1; i < ticks.length; i++) {
      const d = Math.abs(ticks[i].clock - ticks[i - 1].clock);
      if (d > 0 && (gap === undefined || d < gap)) gap = d;
    }
  }
  return ticks.map((t, i) => ({ y: t.y, label: i > 0 && ticks[i - 1].clock === t.clock ? '' : formatClock(t.clock, gap) }));
}

export function paintChart(p: Painter, model: ChartModel, view: ChartView, theme: ChartTheme): { hits: Hit[]; report: RenderReport } {
  const { lanes, laneWidth, laneX } = layoutLanes(model, view.width);
  const xOf = (thread: number) => (laneX.get(thread) ?? -1e6) - view.laneOffset;
  const plotTop = HEADER_HEIGHT;
  const yOf = (units: number) => plotTop + (units - view.start) / view.unitsPerPixel;
  const hits: Hit[] = [];
  const report: RenderReport = { lanes: lanes.map((l) => `${l.taskName}:${l.label}`), arrows: [], marks: [], eventsInView: 0, overview: false };

  p.rect(0, 0, view.width, view.height, theme.background);
  // Task bands and lifelines.
  lanes.forEach((l, i) => {
    const x = AXIS_WIDTH + laneWidth * i - view.laneOffset;
    const taskIndex = new Set(lanes.slice(0, i + 1).map((x) => x.task)).size - 1;
    p.rect(x, plotTop, laneWidth, view.height - plotTop, theme.bands[taskIndex % 2]);
    p.line(x + laneWidth / 2, plotTop, x + laneWidth / 2, view.height, theme.grid, 1, [4, 4]);
  });

  // Time axis: ticks and labels.
  const units0 = view.start;
  const units1 = view.start + (view.height - plotTop) * view.unitsPerPixel;
  const step = niceStep(view.unitsPerPixel * 60);
  const ticks: Array<{ y: number; clock: number }> = [];
  for (let u = Math.ceil(units0 / step) * step; u <= units1; u += step) {
    const clock = view.mode === 'time' ? u : model.visible[Math.min(Math.max(0, Math.round(u)), model.visible.length - 1)]?.clock ?? 0;
    ticks.push({ y: yOf(u), clock });
  }
  for (const { label, y } of axisLabels(ticks, view.mode === 'time' ? step : undefined)) {
    p.line(AXIS_WIDTH - 6, y, view.width, y, theme.grid, 0.5);
    if (label) p.text(AXIS_WIDTH - 10, y + 4, label, theme.muted, { align: 'right' });
  }

  // The events in view.
  const shown = model.visible;
  let i0: number;
  let i1: number;
  if (view.mode === 'time') [i0, i1] = model.range(units0, units1);
  else [i0, i1] = [Math.max(0, Math.floor(units0)), Math.min(shown.length, Math.ceil(units1) + 1)];
  const clockTo = view.mode === 'time' ? units1 : shown[Math.max(0, i1 - 1)]?.clock ?? 0;
  const clockFrom = view.mode === 'time' ? units0 : shown[i0]?.clock ?? 0;
  const crossing = model.crossing(clockFrom, clockTo);
  report.eventsInView = i1 - i0 + crossing.length;
  const overview = report.eventsInView > DETAIL_LIMIT;
  report.overview = overview;

  if (overview) {
    // One line per (pixel row, sender lane, receiver lane, colour), all lines of a colour in one path.
    const laneIndex = new Map(lanes.map((l, i) => [l.thread, i] as [number, number]));
    const n = lanes.length + 1;
    const seen = new Set<number>();
    const byColor = new Map<string, number[]>();
    const xs = lanes.map((l) => xOf(l.thread));
    const kindCode: Record<string, number> = { call: 0, send: 1, reply: 2, kernel: 3, 'page-fault': 4, exception: 5, irq: 6, timeout: 7, 'ipc-error': 8 };
    for (let i = i0; i < i1; i++) {
      const e = shown[i];
      const y = Math.round(yOf(view.mode === 'time' ? e.clock : i));
      const a = laneIndex.get(e.thread) ?? 0;
      const b = e.to !== undefined ? laneIndex.get(e.to) ?? n - 1 : n - 1;
      const key = ((y * n + a) * n + b) * 16 + (e.error ? 15 : kindCode[e.kind] ?? 9);
      if (seen.has(key)) continue;
      seen.add(key);
      const color = model.isAhead(e) ? theme.muted : colorOf(e, theme);
      let list = byColor.get(color);
      if (!list) byColor.set(color, (list = []));
      if (e.to !== undefined) list.push(xs[a], y, xs[b] ?? xOf(e.to), y);
      else list.push(xs[a] - 5, y, xs[a] + 5, y);
    }
    for (const [color, coords] of byColor) p.lines(coords, color, 1);
  } else {
    const lastLabel = new Map<number, number>();
    const drawArrow = (e: TraceEvent, index?: number) => {
      const y2 = yOf(unitsOf(model, view, e.clock, index));
      const y1 = e.sendClock !== undefined && e.sendClock < e.clock ? yOf(unitsOf(model, view, e.sendClock)) : y2;
      const x1 = xOf(e.thread);
      const x2 = xOf(e.to as number);
      const color = model.isAhead(e) ? theme.muted : colorOf(e, theme);
      const selected = e.seq === view.selected;
      if (selected) p.line(x1, y1, x2, y2, theme.selection, 6);
      p.line(x1, y1, x2, y2, color, selected ? 2 : 1.4, e.kind === 'reply' ? [5, 3] : e.kind === 'kernel' ? [2, 3] : undefined);
      const dir = Math.sign(x2 - x1) || 1;
      p.polygon([[x2, y2], [x2 - 8 * dir, y2 - 4], [x2 - 8 * dir, y2 + 4]], color);
      p.circle(x1, y1, 2.5, color);
      hits.push({ seq: e.seq, x1, y1, x2, y2 });
      const col = Math.min(x1, x2);
      const last = lastLabel.get(col);
      const ymid = (y1 + y2) / 2;
      if (last === undefined || ymid - last >= LABEL_SPACING || selected) {
        lastLabel.set(col, ymid);
        const text = e.error && !e.label.includes(e.error) ? `${e.label} (${e.error})` : e.label;
        p.text((x1 + x2) / 2, ymid - 4, text, selected ? theme.selection : theme.foreground, { align: 'center', maxWidth: Math.max(40, Math.abs(x2 - x1) - 16) });
        report.arrows.push(text);
      }
    };
    for (const e of crossing) drawArrow(e);
    for (let i = i0; i < i1; i++) {
      const e = shown[i];
      if (e.to !== undefined) {
        drawArrow(e, i);
        continue;
      }
      const x = xOf(e.thread);
      const y = yOf(unitsOf(model, view, e.clock, i));
      const color = model.isAhead(e) ? theme.muted : colorOf(e, theme);
      if (e.seq === view.selected) p.circle(x, y, 10, theme.selection);
      drawMark(p, e, x, y, color, theme);
      hits.push({ seq: e.seq, x1: x - 6, y1: y, x2: x + 6, y2: y });
      const last = lastLabel.get(x + 1);
      if (last === undefined || y - last >= LABEL_SPACING) {
        lastLabel.set(x + 1, y);
        p.text(x + 10, y + 4, e.label, color, { maxWidth: laneWidth - 24 });
      }
      report.marks.push(e.label);
    }
  }

  // Header over everything: task names spanning their lanes, thread names under them.
  p.rect(0, 0, view.width, plotTop, theme.header);
  p.line(0, plotTop, view.width, plotTop, theme.grid, 1);
  p.text(10, 20, 'instructions', theme.muted);
  let i = 0;
  while (i < lanes.length) {
    let j = i;
    while (j + 1 < lanes.length && lanes[j + 1].task === lanes[i].task) j++;
    const x = AXIS_WIDTH + laneWidth * i - view.laneOffset;
    const w = laneWidth * (j - i + 1);
    p.rect(x + 3, 4, w - 6, 18, theme.bands[(new Set(lanes.slice(0, i + 1).map((l) => l.task)).size - 1) % 2]);
    p.text(x + w / 2, 17, lanes[i].taskName, theme.foreground, { align: 'center', bold: true, maxWidth: w - 12 });
    for (let k = i; k <= j; k++) p.text(xOf(lanes[k].thread), 39, lanes[k].label, theme.muted, { align: 'center', maxWidth: laneWidth - 10 });
    i = j + 1;
  }
  p.rect(0, 0, AXIS_WIDTH - 2, 2, theme.header);
  return { hits, report };
}

function drawMark(p: Painter, e: TraceEvent, x: number, y: number, color: string, theme: ChartTheme): void {
  switch (e.kind) {
    case 'page-fault':
      p.polygon([[x, y - 6], [x + 6, y + 5], [x - 6, y + 5]], color);
      break;
    case 'exception':
      p.polygon([[x, y - 7], [x + 7, y], [x, y + 7], [x - 7, y]], color);
      break;
    case 'irq':
      p.polygon([[x + 1, y - 8], [x - 5, y + 1], [x, y + 1], [x - 2, y + 8], [x + 5, y - 2], [x, y - 2]], color);
      break;
    case 'timeout':
      p.polygon([[x - 5, y - 6], [x + 5, y - 6], [x - 5, y + 6], [x + 5, y + 6]], color);
      break;
    case 'thread-exit':
      p.line(x - 5, y - 5, x + 5, y + 5, color, 2);
      p.line(x - 5, y + 5, x + 5, y - 5, color, 2);
      break;
    case 'ipc-error':
      p.circle(x, y, 5, theme.background, color);
      p.line(x - 3, y - 3, x + 3, y + 3, color, 1.5);
      break;
    default:
      p.circle(x, y, 4, color);
  }
}

/** The drawn thing nearest to (x, y), within a few pixels. */
export function hitTest(hits: readonly Hit[], x: number, y: number): number | undefined {
  let best: number | undefined;
  let bestD = 6;
  for (const h of hits) {
    const d = distanceToSegment(x, y, h);
    if (d < bestD) {
      bestD = d;
      best = h.seq;
    }
  }
  return best;
}

function distanceToSegment(px: number, py: number, h: Hit): number {
  const dx = h.x2 - h.x1;
  const dy = h.y2 - h.y1;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - h.x1) * dx + (py - h.y1) * dy) / len));
  return Math.hypot(px - (h.x1 + t * dx), py - (h.y1 + t * dy));
}
