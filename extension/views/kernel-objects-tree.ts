// The Kernel Objects tree (Run and Debug): tasks with their threads, IPC gates with their sender queues, IRQs,
// semaphores with their waiters, factories with their quota, and the other objects capabilities name. A
// thread item selects that thread in the Call Stack; "Reveal in Capability Graph" on any item.
import * as vscode from 'vscode';
import type { KernelSnapshot, ObjectNode } from '../../debug-adapter/kernel-objects/snapshot-model';
import type { KernelSnapshotSource } from './kernel-snapshot-source';

export const FOCUS_THREAD_COMMAND = 'fiasco.kernelObjects.focusThread';

/** A group (by kind), an object, or one line under an object (a queued sender, a property). */
export type KernelObjectItem =
  | { type: 'group'; kind: string; label: string; objects: ObjectNode[] }
  | { type: 'object'; object: ObjectNode; as?: string }
  | { type: 'detail'; label: string; description: string };

const GROUPS: Array<{ kind: string; label: string }> = [
  { kind: 'Task', label: 'Tasks' },
  { kind: 'IpcGate', label: 'IPC Gates' },
  { kind: 'Irq', label: 'IRQs' },
  { kind: 'Semaphore', label: 'Semaphores' },
  { kind: 'Factory', label: 'Factories' },
];

const ICONS: Record<string, string> = { Task: 'symbol-namespace', Thread: 'debug-stackframe', IpcGate: 'plug', Irq: 'zap', Semaphore: 'lock', Factory: 'package' };

export class KernelObjectsTree implements vscode.TreeDataProvider<KernelObjectItem> {
  private readonly changed = new vscode.EventEmitter<KernelObjectItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private snapshot?: KernelSnapshot;

  constructor(source: KernelSnapshotSource) {
    source.onDidChange((s) => {
      this.snapshot = s;
      this.changed.fire(undefined);
    });
    this.snapshot = source.snapshot;
  }

  getChildren(item?: KernelObjectItem): KernelObjectItem[] {
    const s = this.snapshot;
    if (!s) return [];
    const byId = new Map(s.objects.map((o) => [o.id, o]));
    if (!item) {
      const groups: KernelObjectItem[] = GROUPS.map((g) => ({ type: 'group' as const, ...g, objects: s.objects.filter((o) => o.kind === g.kind) }));
      const known = new Set([...GROUPS.map((g) => g.kind), 'Thread']);
      groups.push({ type: 'group', kind: 'other', label: 'Other Objects', objects: s.objects.filter((o) => !known.has(o.kind)) });
      return groups.filter((g) => g.type === 'group' && g.objects.length > 0);
    }
    if (item.type === 'group') return item.objects.map((object) => ({ type: 'object' as const, object }));
    if (item.type !== 'object') return [];
    const o = item.object;
    const thread = (id: number, as: string): KernelObjectItem => (byId.get(id) ? { type: 'object', object: byId.get(id)!, as } : { type: 'detail', label: as, description: `#${id}` });
    switch (o.kind) {
      case 'Task':
        return [...(o.threadIds ?? []).map((id) => thread(id, '')), ...this.capabilityLines(s, o)];
      case 'IpcGate':
      case 'Irq': {
        const out: KernelObjectItem[] = o.boundThreadId !== undefined ? [thread(o.boundThreadId, 'bound to')] : [];
        (o.queue ?? []).forEach((id, i) => out.push(thread(id, `sender ${i + 1}`)));
        return [...out, ...details(o, ['bound to'])];
      }
      case 'Semaphore':
        return [...(o.queue ?? []).map((id, i) => thread(id, `waiter ${i + 1}`)), ...details(o, ['waiters'])];
      case 'Thread':
        return details(o, []);
      default:
        return details(o, []);
    }
  }

  /** A task's capability table, one line per slot. */
  private capabilityLines(s: KernelSnapshot, task: ObjectNode): KernelObjectItem[] {
    const byId = new Map(s.objects.map((o) => [o.id, o]));
    return s.capabilities.filter((c) => c.taskId === task.id).map((c) => ({
      type: 'detail' as const,
      label: `cap ${c.slot}`,
      description: `${byId.get(c.objectId)?.label ?? c.objectId} (${byId.get(c.objectId)?.kind ?? '?'}) ${c.rightsText}`,
    }));
  }

  getTreeItem(item: KernelObjectItem): vscode.TreeItem {
    if (item.type === 'group') {
      const t = new vscode.TreeItem(item.label, item.kind === 'Task' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      t.description = String(item.objects.length);
      t.id = `group:${item.kind}`;
      return t;
    }
    if (item.type === 'detail') {
      const t = new vscode.TreeItem(item.label, vscode.TreeItemCollapsibleState.None);
      t.description = item.description;
      t.tooltip = `${item.label}: ${item.description}`;
      return t;
    }
    const o = item.object;
    const label = item.as ? `${item.as}: ${o.label}` : o.label;
    const hasChildren = o.kind !== 'Thread' || o.details.length > 0;
    const t = new vscode.TreeItem(label, hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    t.description = o.state;
    t.tooltip = new vscode.MarkdownString([`**${o.label}** — ${o.kind} #${o.id}`, '', ...o.details.map((d) => `- ${d.name}: ${d.value}`)].join('\n'));
    t.iconPath = new vscode.ThemeIcon(ICONS[o.kind] ?? 'symbol-object');
    t.contextValue = `fiascoObject.${o.kind}`;
    if (o.kind === 'Thread') t.command = { command: FOCUS_THREAD_COMMAND, title: 'Select in Call Stack', arguments: [item] };
    return t;
  }
}

/** The object's properties, minus those the tree already shows as children. */
function details(o: ObjectNode, shown: string[]): KernelObjectItem[] {
  return o.details.filter((d) => !shown.includes(d.name)).map((d) => ({ type: 'detail' as const, label: d.name, description: d.value }));
}
