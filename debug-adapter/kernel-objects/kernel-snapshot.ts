// Builds the snapshot (snapshot-model.ts) from a booted Machine's kernel, through read-only accessors only:
// the tasks' capability tables, the threads' states and queues, the mapping database's derivations.
import type { Kernel } from '../../emulator/kernel/kernel';
import type { Kobject } from '../../emulator/kernel/kobject';
import { Factory } from '../../emulator/kernel/factory';
import { IpcGate } from '../../emulator/kernel/ipc-gate';
import { Irq } from '../../emulator/kernel/irq';
import { Semaphore } from '../../emulator/kernel/semaphore';
import { Task } from '../../emulator/kernel/task';
import { Thread } from '../../emulator/kernel/thread';
import { memoryRightsString, rightsString } from '../capability-rights';
import { PageDerivation, summariseRegions } from './memory-derivations';
import { capabilityId, CapabilityEdge, DerivationEdge, KernelSnapshot, MemoryDerivation, ObjectNode } from './snapshot-model';

const bytes = (n: number): string => (n >= 1024 ? `${Math.round(n / 1024)} KiB` : `${n} B`);

function objectState(o: Kobject): string {
  if (o instanceof Thread) return o.stateDescription();
  if (o instanceof Task) return o.exited ? `exited (${o.exitCode ?? '?'})` : `${o.threads.length} thread${o.threads.length === 1 ? '' : 's'}`;
  if (o instanceof IpcGate) {
    if (!o.thread) return 'unbound';
    const waiting = gateQueue(o).length;
    return `→ ${o.thread.name}${waiting ? `, ${waiting} waiting` : ''}`;
  }
  if (o instanceof Irq) return `${o.thread ? `→ ${o.thread.name}` : 'unbound'}${o.pending ? `, ${o.pending} pending` : ''}${o.masked ? ', masked' : ''}`;
  if (o instanceof Semaphore) return `count ${o.count}${o.waiters.length ? `, ${o.waiters.length} waiting` : ''}`;
  if (o instanceof Factory) return `${bytes(o.used)} of ${Number.isFinite(o.limit) ? bytes(o.limit) : 'unlimited'}`;
  return '';
}

/** Threads blocked sending through the gate, in the bound thread's queue order. */
function gateQueue(g: IpcGate): Thread[] {
  return g.thread ? g.thread.senders.filter((s) => s.sendVia === g) : [];
}

function objectNode(o: Kobject): ObjectNode {
  const n: ObjectNode = {
    id: o.id,
    kind: o.kind,
    name: o.name,
    label: o.name || `${o.kind} #${o.id}`,
    state: objectState(o),
    details: o.describe(),
  };
  if (o instanceof Thread) n.taskId = o.task.id;
  if (o instanceof Task) n.threadIds = o.threads.filter((t) => t.alive).map((t) => t.id);
  if ((o instanceof IpcGate || o instanceof Irq) && o.thread) n.boundThreadId = o.thread.id;
  if (o instanceof IpcGate) n.queue = gateQueue(o).map((t) => t.id);
  if (o instanceof Semaphore) n.queue = o.waiters.map((t) => t.id);
  if (o instanceof Factory) n.quota = { used: o.used, limit: Number.isFinite(o.limit) ? o.limit : null };
  return n;
}

export function kernelSnapshot(kernel: Kernel, running: boolean): KernelSnapshot {
  const objects = new Map<number, Kobject>();
  const capabilities: CapabilityEdge[] = [];
  for (const task of kernel.tasks) {
    objects.set(task.id, task);
    for (const th of task.threads) if (th.alive) objects.set(th.id, th);
    for (const e of task.caps.entries()) {
      objects.set(e.object.id, e.object);
      capabilities.push({ id: capabilityId(task.id, e.slot), taskId: task.id, slot: e.slot, objectId: e.object.id, rights: e.rights, rightsText: rightsString(e.rights) });
    }
  }
  // Gates and IRQs bound to threads of tasks: the threads are there; objects only bound (no capability) are not.
  const present = new Set(capabilities.map((c) => c.id));
  const derivations: DerivationEdge[] = kernel.mappings.derivations('cap')
    .map((d) => ({ from: capabilityId(d.from.taskId, d.from.index), to: capabilityId(d.to.taskId, d.to.index) }))
    .filter((d) => present.has(d.from) && present.has(d.to))
    .sort((a, b) => (a.from + a.to).localeCompare(b.from + b.to));
  return {
    clock: kernel.clock,
    running,
    objects: [...objects.values()].sort((a, b) => a.id - b.id).map(objectNode),
    capabilities,
    derivations,
    memoryDerivations: memoryDerivations(kernel),
  };
}

/** Page derivations between tasks the snapshot shows, with the receiver's rights, summarised per region. */
function memoryDerivations(kernel: Kernel): MemoryDerivation[] {
  const tasks = new Map(kernel.tasks.map((t) => [t.id, t]));
  const pages: PageDerivation[] = [];
  for (const d of kernel.mappings.derivations('mem')) {
    const to = tasks.get(d.to.taskId);
    const page = to?.as.lookup(d.to.index);
    if (!tasks.has(d.from.taskId) || !page) continue;
    // Page-table protection bits (R 1, W 2, X 4) as the r/w/x memory rights of an fpage (R 4, W 2, X 1).
    const rights = (page.prot & 1 ? 4 : 0) | (page.prot & 2 ? 2 : 0) | (page.prot & 4 ? 1 : 0);
    pages.push({ fromTaskId: d.from.taskId, fromAddress: d.from.index >>> 0, toTaskId: d.to.taskId, toAddress: d.to.index >>> 0, rightsText: memoryRightsString(rights) });
  }
  return summariseRegions(pages);
}
