// Questions the Capability Graph asks of a snapshot: what a task can reach, where a capability came from and
// what unmapping or deleting it would take away. Pure functions of the snapshot (snapshot-model.ts).
import type { CapabilityEdge, KernelSnapshot, ObjectNode } from './snapshot-model';

/** What a task can reach: the objects its capabilities name, and through IPC the tasks that serve them. */
export interface Reach {
  /** Objects reachable (the task itself included). */
  objects: Set<number>;
  /** Capabilities whose holder is reachable: the edges along which the reach spreads. */
  capabilities: Set<string>;
}

/**
 * Everything `taskId` can reach: the objects its capabilities name; a gate it can call, a thread it can send
 * to or an IRQ it can trigger makes the task of the receiving thread reachable, and with it that task's
 * capabilities, transitively.
 * Task and factory capabilities are not followed into the tasks they could create or map from: the reach is
 * what IPC can touch.
 */
export function reachableFrom(s: KernelSnapshot, taskId: number): Reach {
  const byId = objectsById(s);
  const capsOf = capabilitiesByTask(s);
  const objects = new Set<number>([taskId]);
  const capabilities = new Set<string>();
  const tasks = [taskId];
  const visitedTasks = new Set<number>([taskId]);
  while (tasks.length) {
    const t = tasks.shift()!;
    for (const th of byId.get(t)?.threadIds ?? []) objects.add(th);
    for (const c of capsOf.get(t) ?? []) {
      capabilities.add(c.id);
      objects.add(c.objectId);
      const server = serverTask(byId, byId.get(c.objectId));
      if (server !== undefined && !visitedTasks.has(server)) {
        visitedTasks.add(server);
        objects.add(server);
        tasks.push(server);
      }
    }
  }
  return { objects, capabilities };
}

/**
 * The task whose thread receives what is sent to `o`, if any: a thread; a bound gate; a bound IRQ, which its
 * holder can trigger (l4_irq_trigger) and so make its thread receive.
 */
function serverTask(byId: Map<number, ObjectNode>, o: ObjectNode | undefined): number | undefined {
  if (!o) return undefined;
  if (o.kind === 'Thread') return o.taskId;
  if ((o.kind === 'IpcGate' || o.kind === 'Irq') && o.boundThreadId !== undefined) return byId.get(o.boundThreadId)?.taskId;
  return undefined;
}

/** What taking a capability away would remove (kernel semantics of task-object.ts unmapFpage). */
export interface Revocation {
  /** Unmap (L4_FP_ALL_SPACES): the capability itself. */
  unmap: string[];
  /**
   * Copies mapped from it, transitively (the derivation subtree). As in Fiasco, whose object mapping database
   * keeps no derivation tree, unmapping an object capability leaves them in place.
   */
  derivedStay: string[];
  /** Delete (L4_FP_DELETE_OBJ): every capability naming the object; undefined without the d right. */
  deleteObject?: string[];
}

export function revocationOf(s: KernelSnapshot, capId: string): Revocation {
  const cap = s.capabilities.find((c) => c.id === capId);
  if (!cap) throw new Error(`no capability ${capId} in the snapshot`);
  const derivedStay = derivedFrom(s, capId);
  const canDelete = (cap.rights & 8) !== 0;
  let deleteObject: string[] | undefined;
  if (canDelete) {
    const gone = new Set(s.capabilities.filter((c) => c.objectId === cap.objectId).map((c) => c.id));
    // A deleted task takes its own capability table with it.
    if (s.objects.find((o) => o.id === cap.objectId)?.kind === 'Task') for (const c of s.capabilities) if (c.taskId === cap.objectId) gone.add(c.id);
    deleteObject = [...gone].sort();
  }
  return { unmap: [capId], derivedStay, deleteObject };
}

/** Capabilities mapped from `capId`, depth first. */
export function derivedFrom(s: KernelSnapshot, capId: string): string[] {
  const kids = new Map<string, string[]>();
  for (const d of s.derivations) kids.set(d.from, [...(kids.get(d.from) ?? []), d.to]);
  const out: string[] = [];
  const seen = new Set<string>([capId]);
  const walk = (id: string): void => {
    for (const k of kids.get(id) ?? []) {
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(k);
      walk(k);
    }
  };
  walk(capId);
  return out;
}

/** The chain a capability was mapped along, from its origin down to it. */
export function derivationChain(s: KernelSnapshot, capId: string): string[] {
  const parent = new Map(s.derivations.map((d) => [d.to, d.from]));
  const chain = [capId];
  while (parent.has(chain[0]) && !chain.includes(parent.get(chain[0])!)) chain.unshift(parent.get(chain[0])!);
  return chain;
}

export function objectsById(s: KernelSnapshot): Map<number, ObjectNode> {
  return new Map(s.objects.map((o) => [o.id, o]));
}

export function capabilitiesByTask(s: KernelSnapshot): Map<number, CapabilityEdge[]> {
  const m = new Map<number, CapabilityEdge[]>();
  for (const c of s.capabilities) m.set(c.taskId, [...(m.get(c.taskId) ?? []), c]);
  return m;
}
