// Graphviz dot of a snapshot: tasks as boxes holding their threads, kernel objects by kind, one solid edge per
// capability labelled with slot and rights, dashed edges for derivations (who mapped a capability to whom, blue;
// who mapped pages to whom, green, one per pair of tasks listing its regions) and dotted ones for gate and IRQ
// bindings. Deterministic: objects and edges in id order.
import type { KernelSnapshot, ObjectNode } from './snapshot-model';
import { regionsByTaskPair, regionText } from './memory-derivations';
import { objectsById } from './snapshot-queries';

/** Regions listed on one memory edge; more are counted. */
const REGIONS_PER_EDGE = 3;

const SHAPES: Record<string, string> = { Task: 'box3d', Thread: 'ellipse', IpcGate: 'diamond', Irq: 'hexagon', Semaphore: 'octagon', Factory: 'house' };

const nodeId = (id: number): string => `o${id}`;
const escape = (s: string): string => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
const quote = (s: string): string => `"${escape(s)}"`;

function nodeLine(o: ObjectNode): string {
  const label = `${escape(o.label)}\\n${escape(o.kind + (o.state ? ` · ${o.state}` : ''))}`;
  return `${nodeId(o.id)} [label="${label}", shape=${SHAPES[o.kind] ?? 'component'}];`;
}

export function snapshotToDot(s: KernelSnapshot, title = 'capabilities'): string {
  const byId = objectsById(s);
  const objects = [...s.objects].sort((a, b) => a.id - b.id);
  const out: string[] = [`digraph ${quote(title)} {`, '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
  const inCluster = new Set<number>();
  for (const t of objects.filter((o) => o.kind === 'Task')) {
    out.push(`  subgraph cluster_${t.id} {`, `    label=${quote(t.label)};`, `    ${nodeLine(t)}`);
    for (const th of t.threadIds ?? []) {
      const o = byId.get(th);
      if (!o) continue;
      out.push(`    ${nodeLine(o)}`);
      inCluster.add(th);
    }
    out.push('  }');
    inCluster.add(t.id);
  }
  for (const o of objects) if (!inCluster.has(o.id)) out.push(`  ${nodeLine(o)}`);
  for (const c of [...s.capabilities].sort((a, b) => a.taskId - b.taskId || a.slot - b.slot)) {
    out.push(`  ${nodeId(c.taskId)} -> ${nodeId(c.objectId)} [label=${quote(`${c.slot}: ${c.rightsText}`)}];`);
  }
  for (const o of objects) {
    if (o.boundThreadId !== undefined) out.push(`  ${nodeId(o.id)} -> ${nodeId(o.boundThreadId)} [style=dotted, label="bound"];`);
  }
  const caps = new Map(s.capabilities.map((c) => [c.id, c]));
  for (const d of s.derivations) {
    const from = caps.get(d.from);
    const to = caps.get(d.to);
    if (!from || !to) continue;
    out.push(`  ${nodeId(from.taskId)} -> ${nodeId(to.taskId)} [style=dashed, color=blue, label=${quote(`mapped ${from.slot} → ${to.slot} (${byId.get(to.objectId)?.label ?? to.objectId})`)}];`);
  }
  // Memory: one edge per pair of tasks, listing its first regions (dot labels take \n as a line break).
  for (const p of regionsByTaskPair(s)) {
    if (!byId.has(p.fromTaskId) || !byId.has(p.toTaskId)) continue;
    const lines = p.regions.slice(0, REGIONS_PER_EDGE).map(regionText);
    if (p.regions.length > REGIONS_PER_EDGE) lines.push(`+${p.regions.length - REGIONS_PER_EDGE} more regions`);
    const head = `pages mapped: ${p.regions.length} region${p.regions.length === 1 ? '' : 's'}, ${p.pages} page${p.pages === 1 ? '' : 's'}`;
    out.push(`  ${nodeId(p.fromTaskId)} -> ${nodeId(p.toTaskId)} [style=dashed, color=darkgreen, label="${[head, ...lines].map(escape).join('\\n')}"];`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}
