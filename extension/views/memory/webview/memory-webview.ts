// The Fiasco Memory webview: a hex view over a task's whole 4 GiB address space. Only the rows on screen
// exist in the DOM (the view keeps a top address, not a scroll position); bytes are asked for per visible
// mapped run and cached until the layout changes; unmapped pages are drawn as such, never read. A byte is
// edited by double-clicking it; the write goes to the extension, which sends it to the adapter.
import type { FromWebview, LayoutInfo, RegionInfo, ToWebview, ViewState } from '../memory-protocol';

declare function acquireVsCodeApi(): { postMessage(m: FromWebview): void };

const vscode = acquireVsCodeApi();
const ROW_BYTES = 16;
const ROW_HEIGHT = 20;
const LAST_ROW = 0x1_0000_0000 / ROW_BYTES - 1;

let layout: LayoutInfo | undefined;
let tasks: Array<{ id: number; name: string }> = [];
let live = false;
/** Address of the first row shown (a multiple of ROW_BYTES). */
let top = 0;
/** Bytes by row address; null: asked for, not here yet. */
const cache = new Map<number, number[] | null>();
let nextReq = 1;
const pending = new Map<number, { address: number; count: number }>();
let status = '';
/** The row and column being edited, if any. */
let selected: number | undefined;

const el = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
const hex2 = (n: number) => n.toString(16).padStart(2, '0');

function post(m: FromWebview): void {
  vscode.postMessage(m);
}

function visibleRows(): number {
  return Math.max(1, Math.floor(el('rows').clientHeight / ROW_HEIGHT));
}

function isMapped(address: number): string | undefined {
  const run = layout?.mapped.find((m) => address >= m.start && address < m.end);
  return run?.prot;
}

/** The most specific (smallest) region holding `address`. */
function regionAt(address: number): RegionInfo | undefined {
  let best: RegionInfo | undefined;
  for (const r of layout?.regions ?? []) {
    if (address >= r.start && address < r.end && (!best || r.end - r.start < best.end - best.start)) best = r;
  }
  return best;
}

function setTop(address: number): void {
  const row = Math.min(Math.max(0, Math.floor((address >>> 0) / ROW_BYTES)), LAST_ROW - visibleRows() + 1);
  top = row * ROW_BYTES;
  render();
}

/** Asks for the bytes of the visible mapped rows not in the cache, one request per mapped run. */
function fetchVisible(): void {
  if (!layout || !live) return;
  const end = Math.min(top + visibleRows() * ROW_BYTES, 0x1_0000_0000);
  for (const run of layout.mapped) {
    const from = Math.max(run.start, top);
    const to = Math.min(run.end, end);
    if (from >= to) continue;
    let first: number | undefined;
    for (let a = from; a < to; a += ROW_BYTES) {
      if (cache.has(a)) continue;
      first ??= a;
      cache.set(a, null);
    }
    if (first === undefined) continue;
    const reqId = nextReq++;
    pending.set(reqId, { address: first, count: to - first });
    post({ type: 'read', reqId, address: first, count: to - first });
  }
}

/** Widest row label the rows reserve room for (longer names end in "…", whole in the tooltip). */
const MAX_LABEL_CH = 32;

function renderRegions(): void {
  const list = el('regions');
  list.textContent = '';
  // The rows keep a label column as wide as the longest region name, so a label at a row's end is never cut off by
  // the view's edge (the regions list gives up its width first) and the hex columns do not move while scrolling.
  const longest = Math.max('unmapped page'.length, ...(layout?.regions ?? []).map((r) => r.name.length));
  document.documentElement.style.setProperty('--label-ch', String(Math.min(MAX_LABEL_CH, longest)));
  for (const r of layout?.regions ?? []) {
    const item = document.createElement('div');
    item.className = `region kind-${r.kind}`;
    item.title = `${r.name}: ${hex8(r.start)}–${hex8(r.end)} ${r.prot ?? ''} (from the ${r.source})`;
    item.textContent = `${hex8(r.start)} ${r.name}`;
    item.addEventListener('click', () => setTop(r.start));
    list.appendChild(item);
  }
}

function rowLabel(address: number, index: number): string {
  const r = regionAt(address);
  if (!r) return isMapped(address) ? 'mapped' : 'unmapped';
  // The label is written where a region starts and on the first row shown.
  return index === 0 || (r.start >= address && r.start < address + ROW_BYTES) ? r.name : '';
}

function render(): void {
  const rows = el('rows');
  rows.textContent = '';
  const n = visibleRows();
  const report: ViewState['rows'] = [];
  for (let i = 0; i < n; i++) {
    const address = top + i * ROW_BYTES;
    if (address >= 0x1_0000_0000) break;
    const row = document.createElement('div');
    const region = regionAt(address);
    const mapped = isMapped(address);
    row.className = `row ${mapped ? '' : 'unmapped'} ${region ? `kind-${region.kind}` : ''}`;
    const addr = document.createElement('span');
    addr.className = 'addr';
    addr.textContent = hex8(address);
    row.appendChild(addr);
    const bytes = cache.get(address);
    const hexCells = document.createElement('span');
    hexCells.className = 'hex';
    const ascii = document.createElement('span');
    ascii.className = 'ascii';
    let hexText = '';
    for (let b = 0; b < ROW_BYTES; b++) {
      const cell = document.createElement('span');
      cell.className = 'byte';
      const v = bytes ? bytes[b] : undefined;
      const text = !mapped ? '··' : v === undefined ? '??' : hex2(v);
      cell.textContent = text;
      hexText += (b ? ' ' : '') + text;
      if (mapped && v !== undefined) {
        const at = address + b;
        cell.dataset.address = String(at);
        if (selected === at) cell.classList.add('selected');
        cell.addEventListener('dblclick', () => startEdit(cell, at));
      }
      hexCells.appendChild(cell);
      ascii.textContent += v === undefined ? (mapped ? '?' : ' ') : v >= 0x20 && v < 0x7f ? String.fromCharCode(v) : '.';
    }
    row.appendChild(hexCells);
    row.appendChild(ascii);
    const label = document.createElement('span');
    label.className = 'label';
    label.textContent = mapped ? rowLabel(address, i) : i === 0 || (address & 0xfff) === 0 ? 'unmapped page' : '';
    if (label.textContent) label.title = label.textContent;
    row.appendChild(label);
    rows.appendChild(row);
    report.push({ address, hex: hexText, label: label.textContent ?? '' });
  }
  el<HTMLInputElement>('scroll').value = String(Math.floor(top / ROW_BYTES));
  el('status').textContent = status;
  fetchVisible();
  post({
    type: 'report',
    state: { taskId: layout?.taskId, taskName: layout?.taskName, top, rows: report, regionLabels: (layout?.regions ?? []).map((r) => r.name), status },
  });
}

function startEdit(cell: HTMLElement, address: number): void {
  selected = address;
  const input = document.createElement('input');
  input.className = 'edit';
  input.maxLength = 2;
  input.value = cell.textContent ?? '';
  cell.textContent = '';
  cell.appendChild(input);
  input.focus();
  input.select();
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      writeBytes(address, input.value);
    } else if (e.key === 'Escape') {
      selected = undefined;
      render();
    }
  });
  input.addEventListener('blur', () => render());
}

/** Writes hex text ("de ad be ef") at `address` through the extension; a bad text is reported, not sent. */
function writeBytes(address: number, text: string): void {
  const digits = text.replace(/\s+/g, '');
  if (!/^([0-9a-f]{2})+$/i.test(digits)) {
    status = `not a hex byte: "${text}"`;
    render();
    return;
  }
  const data = digits.match(/../g)!.map((h) => parseInt(h, 16));
  post({ type: 'write', address, data });
}

function fillTasks(): void {
  const select = el<HTMLSelectElement>('task');
  select.textContent = '';
  for (const t of tasks) {
    const o = document.createElement('option');
    o.value = String(t.id);
    o.textContent = t.name;
    o.selected = t.id === layout?.taskId;
    select.appendChild(o);
  }
}

window.addEventListener('message', (ev: MessageEvent<ToWebview>) => {
  const m = ev.data;
  switch (m.type) {
    case 'layout':
      layout = m.layout;
      tasks = m.tasks;
      live = m.live;
      cache.clear();
      pending.clear();
      status = live ? `${m.layout.taskName}: ${m.layout.regions.length} regions` : `${m.layout.taskName} (running: bytes shown when it stops)`;
      fillTasks();
      renderRegions();
      if (m.goto !== undefined) setTop(m.goto - (m.goto % ROW_BYTES));
      else render();
      break;
    case 'bytes': {
      const req = pending.get(m.reqId);
      if (!req) return; // from before the last layout
      pending.delete(m.reqId);
      for (let a = req.address; a < req.address + req.count; a += ROW_BYTES) {
        const off = a - m.address;
        cache.set(a, m.data.slice(off, off + ROW_BYTES));
      }
      render();
      break;
    }
    case 'goto':
      setTop(m.address);
      break;
    case 'edit':
      writeBytes(m.address, m.hex);
      break;
    case 'written':
      selected = undefined;
      for (let a = m.address - (m.address % ROW_BYTES); a < m.address + m.count; a += ROW_BYTES) cache.delete(a);
      status = `wrote ${m.count} byte${m.count === 1 ? '' : 's'} at ${hex8(m.address)}`;
      render();
      break;
    case 'status':
      status = m.text;
      render();
      break;
  }
});

el('rows').addEventListener('wheel', (e) => {
  e.preventDefault();
  setTop(top + Math.sign(e.deltaY) * Math.max(1, Math.round(Math.abs(e.deltaY) / ROW_HEIGHT)) * ROW_BYTES);
}, { passive: false });
el('rows').addEventListener('keydown', (e) => {
  const page = visibleRows() * ROW_BYTES;
  const moves: Record<string, number> = { ArrowDown: ROW_BYTES, ArrowUp: -ROW_BYTES, PageDown: page, PageUp: -page };
  if (moves[e.key] !== undefined) {
    e.preventDefault();
    setTop(top + moves[e.key]);
  }
});
el<HTMLInputElement>('scroll').addEventListener('input', (e) => setTop(Number((e.target as HTMLInputElement).value) * ROW_BYTES));
el('go').addEventListener('click', () => post({ type: 'resolve', text: el<HTMLInputElement>('address').value }));
el<HTMLInputElement>('address').addEventListener('keydown', (e) => {
  if (e.key === 'Enter') post({ type: 'resolve', text: el<HTMLInputElement>('address').value });
});
el<HTMLSelectElement>('task').addEventListener('change', (e) => post({ type: 'selectTask', taskId: Number((e.target as HTMLSelectElement).value) }));
window.addEventListener('resize', () => render());
el<HTMLInputElement>('scroll').max = String(LAST_ROW);
post({ type: 'ready' });
