/// <reference lib="dom" />
// The Capability Graph webview: draws a snapshot with the layered layout (graph-layout.ts) as SVG and answers
// clicks: a task shows what it can reach, a capability where it came from and what unmapping or deleting it
// would take away, an object the capabilities naming it. Plain TS and SVG; the extension feeds it snapshots.
import type { CapabilityEdge, KernelSnapshot, ObjectNode } from '../../../../debug-adapter/kernel-objects/snapshot-model';
import { memoryRevocationOf, regionsByTaskPair, regionText } from '../../../../debug-adapter/kernel-objects/memory-derivations';
import { derivationChain, reachableFrom, revocationOf } from '../../../../debug-adapter/kernel-objects/snapshot-queries';
import { Box, GraphLayout, layoutGraph, OTHER_GROUP } from '../graph-layout';
import type { FromWebview, RenderedGraph, ToWebview } from '../graph-messages';

declare function acquireVsCodeApi(): { postMessage(m: FromWebview): void };
const vscode = acquireVsCodeApi();
const SVG = 'http://www.w3.org/2000/svg';

/** `mem`: the pages one task mapped to another (one arc per pair of tasks). */
type Selection = { kind: 'task'; id: number } | { kind: 'object'; id: number } | { kind: 'cap'; id: string } | { kind: 'mem'; from: number; to: number } | undefined;

let snapshot: KernelSnapshot | undefined;
let selection: Selection;
let zoom = 1;

const graphHost = document.getElementById('graph')!;
const info = document.getElementById('info')!;
const status = document.getElementById('status')!;

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent?.appendChild(e);
  return e;
}

function text(parent: Element, x: number, y: number, s: string, cls: string, anchor = 'start'): SVGTextElement {
  const t = el('text', { x, y, class: cls, 'text-anchor': anchor }, parent);
  t.textContent = s;
  return t;
}

const fit = (s: string, chars: number): string => (s.length > chars ? s.slice(0, chars - 1) + '…' : s);

/** What the current selection lights up: object ids, capability ids, and the roles of capabilities. */
interface Highlight {
  objects: Set<number>;
  caps: Map<string, 'reach' | 'chosen' | 'chain' | 'derived' | 'delete' | 'names'>;
  summary: string[];
}

function highlightOf(s: KernelSnapshot, sel: Selection): Highlight | undefined {
  if (!sel) return undefined;
  const h: Highlight = { objects: new Set(), caps: new Map(), summary: [] };
  const name = (id: number): string => s.objects.find((o) => o.id === id)?.label ?? `#${id}`;
  if (sel.kind === 'task') {
    const r = reachableFrom(s, sel.id);
    r.objects.forEach((o) => h.objects.add(o));
    r.capabilities.forEach((c) => h.caps.set(c, 'reach'));
    h.summary = [...r.objects].map(name).sort();
  } else if (sel.kind === 'mem') {
    // The two tasks and every task an unmap of the mapped pages would take pages from.
    h.objects.add(sel.from).add(sel.to);
    for (const d of memoryPairRevocation(s, sel.from, sel.to)) h.objects.add(d.toTaskId);
    h.summary = [...h.objects].map(name).sort();
  } else if (sel.kind === 'object') {
    h.objects.add(sel.id);
    for (const c of s.capabilities.filter((c) => c.objectId === sel.id)) {
      h.caps.set(c.id, 'names');
      h.objects.add(c.taskId);
      h.summary.push(`${name(c.taskId)} slot ${c.slot} ${c.rightsText}`);
    }
  } else {
    const rev = revocationOf(s, sel.id);
    for (const id of rev.deleteObject ?? []) h.caps.set(id, 'delete');
    for (const id of derivationChain(s, sel.id)) h.caps.set(id, 'chain');
    for (const id of rev.derivedStay) h.caps.set(id, 'derived');
    h.caps.set(sel.id, 'chosen');
    // The holders of the lit capabilities and what they name.
    for (const c of s.capabilities) if (h.caps.has(c.id)) h.objects.add(c.taskId).add(c.objectId);
    h.summary = [...h.caps.keys()];
  }
  return h;
}

/** What unmapping, in `from`, the pages it mapped to `to` would take away (from `to` and transitively beyond). */
function memoryPairRevocation(s: KernelSnapshot, from: number, to: number) {
  const regions = s.memoryDerivations.filter((d) => d.fromTaskId === from && d.toTaskId === to);
  return regions.flatMap((r) => memoryRevocationOf(s, { taskId: from, address: r.fromAddress, pages: r.pages }));
}

function capLabel(s: KernelSnapshot, c: CapabilityEdge): string {
  const o = s.objects.find((x) => x.id === c.objectId);
  return `${s.objects.find((x) => x.id === c.taskId)?.label ?? c.taskId} → ${o?.label ?? c.objectId} [${c.rightsText}]`;
}

/** Where the i-th of n edges meets a side of a box: spread over its height, so edges and labels do not pile up. */
const spread = (b: Box, i: number, n: number): number => b.y + 6 + ((i + 0.5) * (b.h - 12)) / Math.max(1, n);

/** Edge path from a holder task to an object: a curve to the right layer, or an arc left of the tasks. */
function capPath(from: Box, to: Box, rightLayer: boolean, out: [number, number], into: [number, number]): { d: string; lx: number; ly: number } {
  const y1 = spread(from, ...out);
  if (rightLayer) {
    const x1 = from.x + from.w;
    const x2 = to.x;
    const y2 = spread(to, ...into);
    const mx = (x1 + x2) / 2;
    return { d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`, lx: x2 - 8, ly: y2 - 4 };
  }
  const x1 = from.x;
  const y2 = to.h > 24 ? spread({ ...to, h: Math.min(to.h, 34) }, ...into) : to.y + to.h / 2;
  const bulge = 20 + Math.min(50, Math.abs(y2 - y1) / 6);
  return { d: `M${x1},${y1} C${x1 - bulge},${y1} ${to.x - bulge},${y2} ${to.x},${y2}`, lx: to.x - 4, ly: y2 - 3 };
}

function render(): void {
  graphHost.textContent = '';
  const s = snapshot;
  if (!s) {
    status.textContent = 'No Fiasco debug session: start one to see its capabilities.';
    report({ nodes: [], edges: [], derivations: [], memory: [], highlighted: [] });
    return;
  }
  status.textContent = `${s.running ? 'running' : 'stopped'} · clock ${s.clock} · ${s.objects.length} objects · ${s.capabilities.length} capabilities · ${s.derivations.length} derivations · ${s.memoryDerivations.length} mapped memory regions`;
  const layout = layoutGraph(s);
  const hl = highlightOf(s, selection);
  const svg = el('svg', { width: layout.width * zoom, height: layout.height * zoom, viewBox: `0 0 ${layout.width} ${layout.height}`, class: hl ? 'has-selection' : '' }, graphHost);
  const defs = el('defs', {}, svg);
  for (const [id, cls] of [['arrow', 'cap'], ['arrow-derived', 'derivation'], ['arrow-memory', 'memory']]) {
    const m = el('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' }, defs);
    el('path', { d: 'M0,0 L10,5 L0,10 z', class: `marker ${cls}` }, m);
  }
  const edges = el('g', { class: 'edges' }, svg);
  const nodes = el('g', { class: 'nodes' }, svg);
  const rendered: RenderedGraph = { nodes: [], edges: [], derivations: [], memory: [], highlighted: hl?.summary ?? [] };
  drawNodes(s, layout, nodes, hl, rendered);
  drawEdges(s, layout, edges, hl, rendered);
  rendered.selected = selectionText(s);
  showInfo(s, hl);
  report(rendered);
}

function nodeClass(id: number, hl: Highlight | undefined): string {
  if (!hl) return '';
  return hl.objects.has(id) ? ' lit' : ' dim';
}

function drawNodes(s: KernelSnapshot, layout: GraphLayout, g: SVGGElement, hl: Highlight | undefined, out: RenderedGraph): void {
  for (const t of layout.tasks) {
    const grp = el('g', { class: `node task${nodeClass(t.task.id, hl)}${selection?.kind === 'task' && selection.id === t.task.id ? ' selected' : ''}` }, g);
    el('rect', { x: t.x, y: t.y, width: t.w, height: t.h, rx: 6 }, grp);
    text(grp, t.x + 10, t.y + 15, fit(t.task.label, 30), 'title');
    text(grp, t.x + 10, t.y + 28, fit(`Task #${t.task.id} · ${t.task.state}`, 36), 'sub');
    grp.addEventListener('click', (e) => { e.stopPropagation(); select({ kind: 'task', id: t.task.id }); });
    out.nodes.push(t.task.label);
    for (const r of t.threads) {
      const tg = el('g', { class: `node thread state-${r.thread.state.split(/[ :]/)[0]}${nodeClass(r.thread.id, hl)}` }, g);
      el('rect', { x: r.x, y: r.y, width: r.w, height: r.h, rx: 9 }, tg);
      text(tg, r.x + 8, r.y + 13, fit(`${r.thread.label.replace(/^.*:/, '')} — ${r.thread.state}`, 34), 'sub');
      tg.addEventListener('click', (e) => { e.stopPropagation(); select({ kind: 'object', id: r.thread.id }); });
      tg.addEventListener('dblclick', () => vscode.postMessage({ type: 'focusThread', threadId: r.thread.id }));
      out.nodes.push(r.thread.label);
    }
  }
  for (const h of layout.headings) text(g, h.x, h.y, headingOf(h.kind), 'heading');
  for (const b of layout.objects) {
    const o = b.object;
    const grp = el('g', { class: `node object kind-${o.kind.replace(/\W/g, '-')}${nodeClass(o.id, hl)}${selection?.kind === 'object' && selection.id === o.id ? ' selected' : ''}` }, g);
    el('rect', { x: b.x, y: b.y, width: b.w, height: b.h, rx: o.kind === 'IpcGate' ? 14 : 3 }, grp);
    text(grp, b.x + 8, b.y + 14, fit(o.label, 28), 'title');
    text(grp, b.x + 8, b.y + 27, fit(`${o.kind} #${o.id}${o.state ? ' · ' + o.state : ''}`, 34), 'sub');
    grp.addEventListener('click', (e) => { e.stopPropagation(); select({ kind: 'object', id: o.id }); });
    out.nodes.push(o.label);
  }
}

const HEADINGS: Record<string, string> = { IpcGate: 'IPC gates', Irq: 'IRQs', Semaphore: 'Semaphores', Factory: 'Factories', [OTHER_GROUP]: 'Other objects' };
const headingOf = (kind: string): string => HEADINGS[kind] ?? kind;

function drawEdges(s: KernelSnapshot, layout: GraphLayout, g: SVGGElement, hl: Highlight | undefined, out: RenderedGraph): void {
  const rightLayer = new Set(layout.objects.map((b) => b.object.id));
  // Outgoing edges leave a task in the order of their targets' positions; incoming ones arrive in the order of
  // their holders' positions: no two edges share an endpoint, fewer cross near the boxes.
  const drawn = s.capabilities.filter((c) => layout.boxOf.has(c.taskId) && layout.boxOf.has(c.objectId));
  const yOf = (id: number): number => layout.boxOf.get(id)!.y;
  const outIndex = new Map<string, [number, number]>();
  const inIndex = new Map<string, [number, number]>();
  const index = (key: (c: CapabilityEdge) => number, order: (c: CapabilityEdge) => number, into: Map<string, [number, number]>): void => {
    const groups = new Map<number, CapabilityEdge[]>();
    for (const c of drawn) groups.set(key(c), [...(groups.get(key(c)) ?? []), c]);
    for (const list of groups.values()) list.sort((a, b) => order(a) - order(b) || a.slot - b.slot).forEach((c, i) => into.set(c.id, [i, list.length]));
  };
  index((c) => c.taskId, (c) => yOf(c.objectId), outIndex);
  index((c) => c.objectId, (c) => yOf(c.taskId), inIndex);
  for (const c of drawn) {
    const from = layout.boxOf.get(c.taskId)!;
    const to = layout.boxOf.get(c.objectId)!;
    const p = capPath(from, to, rightLayer.has(c.objectId), outIndex.get(c.id)!, inIndex.get(c.id)!);
    const role = hl?.caps.get(c.id);
    const grp = el('g', { class: `edge cap${role ? ` lit ${role}` : hl ? ' dim' : ''}` }, g);
    el('path', { d: p.d, class: 'line', 'marker-end': 'url(#arrow)' }, grp);
    el('path', { d: p.d, class: 'hit' }, grp);
    const title = el('title', {}, grp);
    title.textContent = `slot ${c.slot}: ${capLabel(s, c)}`;
    if (role || rightLayer.has(c.objectId)) text(grp, p.lx, p.ly, `${c.slot}:${c.rightsText}`, 'edge-label', 'end');
    grp.addEventListener('click', (e) => { e.stopPropagation(); select({ kind: 'cap', id: c.id }); });
    out.edges.push(capLabel(s, c));
  }
  for (const b of layout.objects) {
    const t = b.object.boundThreadId !== undefined ? layout.boxOf.get(b.object.boundThreadId) : undefined;
    if (!t) continue;
    const x1 = b.x;
    const y1 = b.y + b.h - 6;
    const x2 = t.x + t.w;
    const y2 = t.y + t.h / 2;
    el('path', { d: `M${x1},${y1} C${x1 - 60},${y1 + 20} ${x2 + 60},${y2} ${x2},${y2}`, class: `edge bound${hl && !(hl.objects.has(b.object.id) && hl.objects.has(b.object.boundThreadId!)) ? ' dim' : ''}` }, g);
  }
  // Derivations run between holders, left of the task layer: one arc per pair of tasks, labelled with what
  // was mapped (the first few; the rest counted). An arc is lit when the selection lights one of its mappings.
  const caps = new Map(s.capabilities.map((c) => [c.id, c]));
  const label = (id: number): string => s.objects.find((o) => o.id === id)?.label ?? `#${id}`;
  const pairs = new Map<string, Array<{ from: CapabilityEdge; to: CapabilityEdge; lit: boolean }>>();
  for (const d of s.derivations) {
    const from = caps.get(d.from);
    const to = caps.get(d.to);
    if (!from || !to || !layout.boxOf.has(from.taskId) || !layout.boxOf.has(to.taskId)) continue;
    const key = `${from.taskId}>${to.taskId}`;
    pairs.set(key, [...(pairs.get(key) ?? []), { from, to, lit: !!(hl?.caps.has(d.from) && hl.caps.has(d.to)) }]);
    out.derivations.push(`${label(from.taskId)} → ${label(to.taskId)} (${label(to.objectId)})`);
  }
  const MAX_LINES = 3;
  for (const list of pairs.values()) {
    const a = layout.boxOf.get(list[0].from.taskId)!;
    const b = layout.boxOf.get(list[0].to.taskId)!;
    const lit = list.some((m) => m.lit);
    const cls = lit ? ' lit' : hl ? ' dim' : '';
    const x = a.x;
    const y1 = a.y + 10;
    const y2 = b.y + 10;
    const bend = 36 + Math.min(40, Math.abs(y2 - y1) / 8);
    const arc = el('path', { d: `M${x},${y1} C${x - bend},${y1} ${x - bend},${y2} ${x},${y2}`, class: `edge derivation${cls}`, 'marker-end': 'url(#arrow-derived)' }, g);
    el('title', {}, arc).textContent = `${label(list[0].from.taskId)} mapped to ${label(list[0].to.taskId)}:\n${list.map((m) => `${label(m.to.objectId)}: slot ${m.from.slot} → ${m.to.slot} ${m.to.rightsText}`).join('\n')}`;
    // Lit mappings first, so a selected capability's mapping is always among the lines shown.
    const shown = [...list].sort((p, q) => Number(q.lit) - Number(p.lit)).slice(0, MAX_LINES);
    const lines = shown.map((m) => `${label(m.to.objectId)} ${m.from.slot}→${m.to.slot}`);
    if (list.length > MAX_LINES) lines.push(`+${list.length - MAX_LINES} more`);
    const top = (y1 + y2) / 2 - ((lines.length - 1) * 11) / 2 + 3;
    lines.forEach((line, i) => text(g, x - bend * 0.75 - 4, top + i * 11, line, `derivation-label${cls}`, 'end'));
  }
  drawMemoryArcs(s, layout, g, hl, out);
}

/**
 * Pages mapped between tasks: one green arc per pair of tasks, right of the task layer's left edge (the
 * capability derivations take the left), from the lower part of the boxes, labelled with regions and pages.
 */
function drawMemoryArcs(s: KernelSnapshot, layout: GraphLayout, g: SVGGElement, hl: Highlight | undefined, out: RenderedGraph): void {
  const label = (id: number): string => s.objects.find((o) => o.id === id)?.label ?? `#${id}`;
  for (const p of regionsByTaskPair(s)) {
    const a = layout.boxOf.get(p.fromTaskId);
    const b = layout.boxOf.get(p.toTaskId);
    if (!a || !b) continue;
    const chosen = selection?.kind === 'mem' && selection.from === p.fromTaskId && selection.to === p.toTaskId;
    const cls = chosen ? ' lit' : hl ? ' dim' : '';
    const x = a.x;
    const y1 = a.y + a.h - 8;
    const y2 = b.y + b.h - 8;
    const bend = 70 + Math.min(60, Math.abs(y2 - y1) / 6);
    const summary = `${p.regions.length} region${p.regions.length === 1 ? '' : 's'}, ${p.pages} page${p.pages === 1 ? '' : 's'}`;
    const grp = el('g', { class: `edge memory${cls}` }, g);
    const d = `M${x},${y1} C${x - bend},${y1} ${x - bend},${y2} ${x},${y2}`;
    el('path', { d, class: 'line', 'marker-end': 'url(#arrow-memory)' }, grp);
    el('path', { d, class: 'hit' }, grp);
    el('title', {}, grp).textContent = `${label(p.fromTaskId)} mapped pages to ${label(p.toTaskId)}:\n${p.regions.map(regionText).join('\n')}`;
    text(g, x - bend * 0.75 - 4, (y1 + y2) / 2 + 3, `pages: ${summary}`, `memory-label${cls}`, 'end');
    grp.addEventListener('click', (e) => { e.stopPropagation(); select({ kind: 'mem', from: p.fromTaskId, to: p.toTaskId }); });
    out.memory.push(`${label(p.fromTaskId)} → ${label(p.toTaskId)} (${summary})`);
  }
}

function selectionText(s: KernelSnapshot): string | undefined {
  if (!selection) return undefined;
  if (selection.kind === 'cap') {
    const c = s.capabilities.find((x) => x.id === selection!.id);
    return c ? `capability ${capLabel(s, c)}` : undefined;
  }
  if (selection.kind === 'mem') {
    const n = (id: number): string => s.objects.find((o) => o.id === id)?.label ?? `#${id}`;
    return `memory ${n(selection.from)} → ${n(selection.to)}`;
  }
  const id = selection.id;
  const o = s.objects.find((x) => x.id === id);
  return o ? `${selection.kind} ${o.label}` : undefined;
}

function showInfo(s: KernelSnapshot, hl: Highlight | undefined): void {
  info.textContent = '';
  const line = (label: string, value: string, cls = ''): void => {
    const p = document.createElement('div');
    p.className = `info-line ${cls}`;
    const b = document.createElement('b');
    b.textContent = label;
    p.append(b, ' ', value);
    info.appendChild(p);
  };
  if (!selection || !hl) {
    line('Click', 'a task to see what it can reach, a capability (edge) for its derivation and what an unmap would revoke, an object for who holds it.');
    return;
  }
  const name = (id: number): string => s.objects.find((o) => o.id === id)?.label ?? `#${id}`;
  const capText = (id: string): string => {
    const c = s.capabilities.find((x) => x.id === id);
    return c ? `${name(c.taskId)}[${c.slot}] ${name(c.objectId)} ${c.rightsText}` : id;
  };
  if (selection.kind === 'mem') {
    const { from, to } = selection;
    const regions = s.memoryDerivations.filter((d) => d.fromTaskId === from && d.toTaskId === to);
    line(`${name(from)} mapped to ${name(to)}`, regions.map(regionText).join('; '), 'chosen');
    const gone = memoryPairRevocation(s, from, to);
    line('unmap revokes', gone.map((d) => `${name(d.toTaskId)} ${regionText(d).replace(/^.*→ /, '')}`).join('; ') || 'nothing', 'derived');
    return;
  }
  if (selection.kind === 'task') {
    line(`${name(selection.id)} reaches`, `${hl.objects.size} objects through ${hl.caps.size} capabilities (IPC through gates and threads, transitively).`, 'reach');
  } else if (selection.kind === 'object') {
    const o = s.objects.find((x) => x.id === selection!.id) as ObjectNode | undefined;
    line(o?.label ?? '', `${o?.kind} #${o?.id}${o?.state ? ' · ' + o.state : ''}`);
    for (const d of o?.details ?? []) line(d.name, d.value);
    line('held by', hl.summary.join('; ') || 'no capability');
  } else {
    const rev = revocationOf(s, selection.id);
    line('capability', capText(selection.id), 'chosen');
    line('mapped along', derivationChain(s, selection.id).map(capText).join(' ⇒ '), 'chain');
    line('unmap revokes', rev.unmap.map(capText).join(', '), 'chosen');
    line('derived copies stay', rev.derivedStay.map(capText).join(', ') || 'none', 'derived');
    line('delete (d right) removes', rev.deleteObject ? rev.deleteObject.map(capText).join(', ') : 'not possible: no d right', 'delete');
  }
}

function select(sel: Selection): void {
  selection = sel;
  render();
}

function report(graph: RenderedGraph): void {
  vscode.postMessage({ type: 'rendered', graph });
}

window.addEventListener('message', (e: MessageEvent<ToWebview>) => {
  const m = e.data;
  if (m.type === 'snapshot') {
    snapshot = m.snapshot;
    // A selection whose object is gone is dropped.
    if (selection && snapshot && selection.kind !== 'cap' && selection.kind !== 'mem' && !snapshot.objects.some((o) => o.id === (selection as { id: number }).id)) selection = undefined;
    if (selection?.kind === 'cap' && !snapshot?.capabilities.some((c) => c.id === (selection as { id: string }).id)) selection = undefined;
    const mem = selection?.kind === 'mem' ? selection : undefined;
    if (mem && !snapshot?.memoryDerivations.some((d) => d.fromTaskId === mem.from && d.toTaskId === mem.to)) selection = undefined;
    render();
  } else if (m.type === 'select') {
    const o = snapshot?.objects.find((x) => x.id === m.objectId);
    selection = o ? { kind: o.kind === 'Task' ? 'task' : 'object', id: o.id } : undefined;
    render();
    const box = document.querySelector('.selected');
    box?.scrollIntoView({ block: 'center', inline: 'center' });
  }
});

document.getElementById('export')!.addEventListener('click', () => vscode.postMessage({ type: 'exportDot' }));
document.getElementById('clear')!.addEventListener('click', () => select(undefined));
document.getElementById('zoom-in')!.addEventListener('click', () => { zoom = Math.min(3, zoom * 1.25); render(); });
document.getElementById('zoom-out')!.addEventListener('click', () => { zoom = Math.max(0.3, zoom / 1.25); render(); });
graphHost.addEventListener('click', () => { if (selection) select(undefined); });
vscode.postMessage({ type: 'ready' });
