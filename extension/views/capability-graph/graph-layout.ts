// The Capability Graph's layout: deterministic and layered. Tasks form the left layer, each a box listing its
// threads; every other object sits in the right layer, grouped by kind, ordered inside its group by the mean
// position of the tasks that hold capabilities to it (one barycenter pass, ties by id), which keeps most
// capability edges short and uncrossed. The same snapshot always gives the same picture. Pure: no DOM.
import type { KernelSnapshot, ObjectNode } from '../../../debug-adapter/kernel-objects/snapshot-model';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface TaskBox extends Box {
  task: ObjectNode;
  /** One row per thread, inside the task box. */
  threads: Array<{ thread: ObjectNode } & Box>;
}

export interface ObjectBox extends Box {
  object: ObjectNode;
}

export interface GroupHeading {
  kind: string;
  x: number;
  y: number;
}

export interface GraphLayout {
  width: number;
  height: number;
  tasks: TaskBox[];
  objects: ObjectBox[];
  headings: GroupHeading[];
  /** Where an object (task, thread or other) is drawn, by id. */
  boxOf: Map<number, Box>;
}

export const LAYOUT = {
  margin: 24,
  /** Room left of the tasks for the derivation arcs and the arcs of capabilities to tasks and threads. */
  leftArcs: 190,
  taskWidth: 230,
  taskHeader: 34,
  threadRow: 22,
  taskGap: 18,
  objectWidth: 210,
  objectHeight: 34,
  objectGap: 8,
  /** Vertical room per capability edge arriving at an object. */
  edgeRow: 11,
  groupGap: 22,
  /** Horizontal room between the layers for edges and their labels. */
  channel: 300,
} as const;

/** Groups of the right layer, in order: what lecture examples are about first; everything else under "other". */
const KIND_ORDER = ['IpcGate', 'Irq', 'Semaphore', 'Factory'];
export const OTHER_GROUP = 'other';

export const groupOf = (kind: string): string => (KIND_ORDER.includes(kind) ? kind : OTHER_GROUP);
const groupRank = (k: string): number => {
  const i = KIND_ORDER.indexOf(groupOf(k));
  return i < 0 ? KIND_ORDER.length : i;
};

export function layoutGraph(s: KernelSnapshot): GraphLayout {
  const byId = new Map(s.objects.map((o) => [o.id, o]));
  const boxOf = new Map<number, Box>();
  const tasks: TaskBox[] = [];
  let y = LAYOUT.margin;
  const x0 = LAYOUT.margin + LAYOUT.leftArcs;
  for (const task of s.objects.filter((o) => o.kind === 'Task')) {
    const threads = (task.threadIds ?? []).map((id) => byId.get(id)).filter((t): t is ObjectNode => !!t);
    const h = LAYOUT.taskHeader + threads.length * LAYOUT.threadRow + 8;
    const box: TaskBox = { task, x: x0, y, w: LAYOUT.taskWidth, h, threads: [] };
    threads.forEach((thread, i) => {
      const row = { thread, x: x0 + 10, y: y + LAYOUT.taskHeader + i * LAYOUT.threadRow, w: LAYOUT.taskWidth - 20, h: LAYOUT.threadRow - 4 };
      box.threads.push(row);
      boxOf.set(thread.id, row);
    });
    boxOf.set(task.id, box);
    tasks.push(box);
    y += h + LAYOUT.taskGap;
  }
  const leftHeight = y;

  // The right layer: objects that are neither tasks nor threads shown in a task box.
  const others = s.objects.filter((o) => !boxOf.has(o.id));
  const centre = (o: ObjectNode): number => {
    const ys = s.capabilities.filter((c) => c.objectId === o.id).map((c) => boxOf.get(c.taskId)).filter((b): b is Box => !!b).map((b) => b.y + b.h / 2);
    return ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : Number.MAX_SAFE_INTEGER;
  };
  const centres = new Map(others.map((o) => [o.id, centre(o)]));
  others.sort((a, b) => groupRank(a.kind) - groupRank(b.kind) || centres.get(a.id)! - centres.get(b.id)! || a.id - b.id);
  const x1 = x0 + LAYOUT.taskWidth + LAYOUT.channel;
  const objects: ObjectBox[] = [];
  const headings: GroupHeading[] = [];
  y = LAYOUT.margin;
  let kind = '';
  for (const o of others) {
    if (groupOf(o.kind) !== kind) {
      if (kind) y += LAYOUT.groupGap;
      kind = groupOf(o.kind);
      headings.push({ kind, x: x1, y: y + 10 });
      y += 16;
    }
    // Taller when many capabilities name the object: each incoming edge and its rights label gets its own row.
    const incoming = s.capabilities.filter((c) => c.objectId === o.id).length;
    const h = Math.max(LAYOUT.objectHeight, 12 + incoming * LAYOUT.edgeRow);
    const box: ObjectBox = { object: o, x: x1, y, w: LAYOUT.objectWidth, h };
    objects.push(box);
    boxOf.set(o.id, box);
    y += h + LAYOUT.objectGap;
  }
  return {
    width: x1 + LAYOUT.objectWidth + LAYOUT.margin,
    height: Math.max(leftHeight, y) + LAYOUT.margin,
    tasks,
    objects,
    headings,
    boxOf,
  };
}
