// The snapshot of the kernel's objects, capabilities and capability derivations that the Kernel Objects tree and
// the Capability Graph show. Plain data (it crosses the Debug Adapter Protocol as JSON); no emulator imports, so
// the extension and the webview can use these types too.

/** One kernel object (or an object served natively by a built-in server, kind `Moe.*`). */
export interface ObjectNode {
  /** The per-boot object id (kobject.ts ObjectIds): the same in every session of the same boot. */
  id: number;
  kind: string;
  /** The object's name (set_name or given by its creator); empty when it has none. */
  name: string;
  /** What the views print: the name, or `Kind #id`. */
  label: string;
  /** Short state text: a thread's state, a gate's binding, a factory's quota. */
  state: string;
  /** The object's own properties (Kobject.describe()). */
  details: Array<{ name: string; value: string }>;
  /** Thread: the task it runs in. */
  taskId?: number;
  /** Task: its threads, in creation order. */
  threadIds?: number[];
  /** IPC gate or IRQ: the thread it is bound to. */
  boundThreadId?: number;
  /** IPC gate: threads blocked sending through it, in queue order. Semaphore: threads blocked in down. */
  queue?: number[];
  /** Factory: kernel memory charged and the limit (null: unlimited). */
  quota?: { used: number; limit: number | null };
}

/** One capability: slot `slot` of task `taskId` names object `objectId` with `rights`. */
export interface CapabilityEdge {
  /** `taskId:slot`, unique in a snapshot. */
  id: string;
  taskId: number;
  slot: number;
  objectId: number;
  /** CAP_RIGHT_* bits (and the n flag). */
  rights: number;
  /** The rights as capability-rights.ts renders them (`rws`, `r--`, `rwsd`). */
  rightsText: string;
}

/** `to` was mapped (or granted) from `from`: the mapping database's derivation tree, capabilities only. */
export interface DerivationEdge {
  from: string;
  to: string;
}

/**
 * Pages of task `toTaskId` mapped (or granted) from pages of `fromTaskId`: the memory side of the mapping
 * database, one edge per region (a run of consecutive pages mapped from consecutive pages, with the same
 * rights) so that thousands of pages stay a few edges.
 */
export interface MemoryDerivation {
  fromTaskId: number;
  /** First source page. */
  fromAddress: number;
  toTaskId: number;
  /** First receiving page. */
  toAddress: number;
  pages: number;
  /** What the receiver may do with the pages (`rw-`, `r-x`). */
  rightsText: string;
}

export interface KernelSnapshot {
  /** Emulated clock (retired instructions) when the snapshot was taken. */
  clock: number;
  /** True while the system runs (the snapshot is a live sample). */
  running: boolean;
  objects: ObjectNode[];
  capabilities: CapabilityEdge[];
  derivations: DerivationEdge[];
  /** Memory mappings between tasks, summarised per region. */
  memoryDerivations: MemoryDerivation[];
}

export const capabilityId = (taskId: number, slot: number): string => `${taskId}:${slot}`;
