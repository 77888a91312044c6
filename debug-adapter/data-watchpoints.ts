// Data breakpoints on top of the CPU's exact watchpoints (AddressSpace.addWatch):
//  - memory: a guest instruction that reads/writes the watched bytes stops its thread after the instruction
//    (StopReason.Watchpoint, cpu.watchHit); implicit accesses (push/pop, call/ret, string, x87, SSE) included;
//  - the kernel's accesses (an IPC copying a message into a UTCB, the kernel reading a sender's MRs) are seen
//    through the address space's write/read observers and stop after that kernel entry, on the thread whose
//    system call caused them;
//  - capability slots: a change of the slot (the kernel's `mapping` event) is a write; invoking it is a read.
import type { Task } from '../emulator/kernel/task';
import type { Thread } from '../emulator/kernel/thread';
import { hex32 } from '../emulator/util/hex';
import type { DataWatch, WatchHit, WatchKind } from '../emulator/cpu/data-watches';

export type AccessType = 'read' | 'write' | 'readWrite';

export type WatchTarget =
  | { kind: 'memory'; taskId: number; address: number; size: number }
  | { kind: 'cap'; taskId: number; slot: number };

export interface Watchpoint {
  id: number;
  dataId: string;
  target: WatchTarget;
  accessType: AccessType;
  condition?: string;
  hitCondition?: string;
  hits: number;
  /** Capability slots: last seen object id and rights. */
  snapshot?: string;
  /** Memory: the CPU watch armed in the task's address space. */
  armed?: { task: Task; watch: DataWatch };
}

/** The CPU watch kind of a DAP access type. */
export function cpuWatchKind(a: AccessType): WatchKind {
  return a === 'readWrite' ? 'access' : a;
}

/** Does an access (read or write) concern a watchpoint of this access type? */
export function accessMatches(a: AccessType, write: boolean): boolean {
  return a === 'readWrite' || (a === 'write') === write;
}

/** The stop description of a CPU watch hit. */
export function describeHit(thread: Thread, hit: WatchHit, w: Watchpoint): string {
  const what = describeTarget(w.target, thread.task);
  const value = `0x${hit.value.toString(16).padStart(hit.length * 2 > 8 ? 8 : hit.length * 2, '0')}`;
  const access = `${hit.length} byte${hit.length === 1 ? '' : 's'} at ${hex32(hit.address)}`;
  return hit.kind === 'write'
    ? `${thread.name} wrote ${value} to ${what} (${access})`
    : `${thread.name} read ${value} from ${what} (${access})`;
}

export function encodeDataId(t: WatchTarget): string {
  return t.kind === 'memory' ? `mem:${t.taskId}:${hex32(t.address)}:${t.size}` : `cap:${t.taskId}:${t.slot}`;
}

export function decodeDataId(id: string): WatchTarget | undefined {
  const m = /^mem:(\d+):(0x[0-9a-f]+):(\d+)$/i.exec(id);
  if (m) return { kind: 'memory', taskId: Number(m[1]), address: parseInt(m[2], 16) >>> 0, size: Number(m[3]) };
  const c = /^cap:(\d+):(\d+)$/.exec(id);
  if (c) return { kind: 'cap', taskId: Number(c[1]), slot: Number(c[2]) };
  return undefined;
}

export function describeTarget(t: WatchTarget, task: Task | undefined): string {
  const name = task?.name ?? `task ${t.taskId}`;
  return t.kind === 'memory' ? `${t.size} byte${t.size === 1 ? '' : 's'} at ${hex32(t.address)} in ${name}` : `capability slot ${t.slot} of ${name}`;
}

/** A capability slot's contents as a comparable string. */
export function snapshotOf(t: WatchTarget, task: Task | undefined): string {
  if (!task) return 'gone';
  if (t.kind === 'memory') return '';
  const e = task.caps.lookup(t.slot);
  return e ? `${e.object.id}/${e.rights}` : 'empty';
}

export function overlaps(a: number, alen: number, b: number, blen: number): boolean {
  return a < b + blen && b < a + alen;
}

