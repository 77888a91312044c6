// A snapshot of a whole Machine: CPU state of every thread (x87, SSE), guest RAM (by 4 KiB page, shared with
// the previous snapshot where unchanged), page tables, kernel objects, capabilities, the mapping database,
// scheduler and timers, and the Lua state of our ned's script (in the Lua coprocessor): everything reachable
// from the Machine object. Restoring puts it back in place, so threads and tasks keep their identity.
//
// Left out on purpose: what belongs to the debugger (breakpoints, data watches, access observers, event
// listeners), which persists across travel, and the code cache, which drops the decoded code of every page a
// restore changes. A closure's captured variables cannot be seen; the state hash (stateHash) is how tests
// prove that a restored machine runs exactly as it did.
import { EventEmitter } from 'events';
import { Machine } from '../machine';
import { Thread } from '../kernel/thread';
import { AddressSpace } from '../cpu/address-space';
import { CodeCache } from '../cpu/code-cache';
import { Cpu } from '../cpu/cpu';
import { isHostMeasuredField } from '../util/host-measured-fields';
import { TypedEmitter } from '../util/typed-emitter';
import { captureGraph, captureGraphSteps, GraphPolicy, GraphState, hashGraph, restoreGraph } from './object-graph-state';
import { PAGE_SIZE, PhysicalMemory } from '../cpu/physical-memory';
import { Kip } from '../kernel/kip';
import { MappingDb } from '../kernel/mapping-db';
import { PageIndex } from '../cpu/page-index';

/** The debugger's state inside an address space: kept as it is now when the machine travels. */
const ADDRESS_SPACE_DEBUGGER_FIELDS = new Set(['breakpoints', 'breakpointPages', 'breakpointCount', 'breakpointStamp', 'watches', 'watchCount', 'watchMarks', 'writeObserver', 'readObserver']);
/**
 * How the host sliced and stopped the run (a breakpoint stop, a cut dispatch, a pending single step, the last
 * run's count): captured and restored, but not part of the hash, which says what the guest computed, so a
 * debugger's stop and a plain replay to the same instruction hash alike.
 */
const CPU_RUN_BOOKKEEPING = new Set(['retired', 'resumeFrom', 'watchHit', 'watchPending', 'bk',
  // Scratch of compiled loops and block chains (Cpu.runChain): only meaningful inside one run.
  'looped', 'chainRetired',
  // Lazily computed flags: the same EFLAGS can be held materialised or pending (a debugger's read
  // materialises them); the hash takes each thread's EFLAGS value instead.
  'flags', 'lazy', 'lop', 'la', 'lb', 'lr', 'lsz']);
/** An address space's page-table written map: the tracker's bookkeeping, like PhysicalMemory.written. */
const PAGE_TABLE_TRACKING_FIELDS = new Set(['ptWritten', 'ptWrittenCleared']);
const MACHINE_RUN_BOOKKEEPING = new Set(['continuing', 'pendingStep', 'stopRequest', 'inSlice']);
/** The CPU's views of RAM and its code cache: the same for the machine's whole life. */
const CPU_DERIVED_FIELDS = new Set(['code', 'codeMarked', 'mem', 'dv', 'chainBlock', 'written']);

interface PhysicalMemoryInternals {
  nextFresh: number;
  allocLimit: number;
}

/**
 * fengari numbers host (JS) objects for printing (`tostring` of a light userdata) in a WeakMap that cannot be
 * walked: the `ids` of its global state. It is skipped: after travel, such a value keeps the number it was first
 * printed with. The global state is recognised by its shape (the ids table beside the registry), so every Lua
 * state reachable from the machine is covered (the coprocessor, a kernel object, creates its state when ned
 * starts the script), whatever a bundler renames.
 */
function isLuaHostObjectIds(o: object, key: string): boolean {
  if (key !== 'ids') return false;
  const g = o as { ids?: unknown; l_registry?: unknown };
  return g.ids instanceof WeakMap && 'l_registry' in g;
}

/**
 * RAM frames written since `since` was captured or restored are marked in PhysicalMemory.written (the caller
 * keeps it so: clearWrittenFrames after each capture or restore it tracks); `verify` compares the unmarked ones too.
 */
export interface WrittenSince {
  /** Undefined for a machine's first capture (`verify` then checks the frames never written since power-on). */
  since: MachineSnapshot | undefined;
  verify?: boolean;
}

function policyFor(machine: Machine, tracking?: WrittenSince): GraphPolicy & { skipHash(o: object): boolean; skipHashProperty(o: object, key: string): boolean } {
  const phys: PhysicalMemory = machine.kernel.phys;
  const ram = phys.bytes.buffer;
  // The tasks' page tables, tracked like RAM by written chunks (AddressSpace.ptWritten).
  const tables = new Map<ArrayBufferLike, AddressSpace>();
  for (const t of machine.kernel.tasks) tables.set(t.as.pt.buffer, t.as);
  return {
    skipObject: (o) =>
      // The written-frame map is the tracker's bookkeeping, not machine state (the CPU and the KIP hold it too).
      o === phys.written ||
      o instanceof TypedEmitter ||
      // Host resources a role holds (the Lua io library's stdout stream): not machine state.
      o instanceof EventEmitter ||
      o instanceof CodeCache ||
      // Node Buffers may share a pooled ArrayBuffer with unrelated data; the boot's file images never change.
      (ArrayBuffer.isView(o) && o.constructor.name === 'Buffer'),
    skipProperty: (o, key) =>
      (o instanceof AddressSpace && ADDRESS_SPACE_DEBUGGER_FIELDS.has(key)) ||
      isLuaHostObjectIds(o, key) ||
      (o instanceof Cpu && CPU_DERIVED_FIELDS.has(key)) ||
      // The written-frame map (held by the memory, the CPU and the KIP) is left out of captures and the hash.
      (key === 'written' && (o instanceof PhysicalMemory || o instanceof Kip)) ||
      (key === 'writtenCleared' && o instanceof PhysicalMemory) ||
      (o instanceof AddressSpace && PAGE_TABLE_TRACKING_FIELDS.has(key)) ||
      // A label of the copies in snapshots, not state.
      (key === 'captureRevision' && (o instanceof MappingDb || o instanceof PageIndex)),
    knownZeroChunks: (b) => {
      const table = tables.get(b);
      // A page table's chunks never written since its space was made are zero.
      if (table) return { from: 0, to: 0, unwritten: table.ptWrittenSinceCreation, verify: tracking?.verify };
      if (b !== ram) return undefined;
      // Frames above the allocator's high-water mark were never handed out: still zero.
      const p = phys as unknown as PhysicalMemoryInternals;
      // Before the first clear of the written map, frames it does not mark were never written (the first
      // capture of a boot then skips reading 256 MiB of untouched RAM).
      return { from: p.nextFresh, to: p.allocLimit, unwritten: phys.writtenSincePowerOn, verify: tracking?.verify };
    },
    chunkRestored: (b, chunk) => {
      if (b === ram && CHUNK_IS_PAGE) phys.frameChanged(chunk);
    },
    // Equal databases may differ in their tables' layout (chunks left empty, tasks first seen in another order).
    hashForm: (o) => (o instanceof MappingDb ? o.hashState() : undefined),
    selfCapturing: (o): o is MappingDb | PageIndex => o instanceof MappingDb || o instanceof PageIndex,
    writtenChunks: (b) => {
      if (!CHUNK_IS_PAGE || !tracking?.since) return undefined;
      if (b === ram) return { since: tracking.since.state, written: phys.written, verify: tracking.verify };
      const table = tables.get(b);
      return table ? { since: tracking.since.state, written: table.ptWritten, verify: tracking.verify } : undefined;
    },
    // The instructions the last Cpu.run retired: an output of that run, read right after it, never an input.
    // ned's heap checks are timed by the host's external memory: when a check ran is not machine state
    // (util/host-measured-fields.ts: the classes name those fields).
    skipHashProperty: (o, key) =>
      (o instanceof Cpu && CPU_RUN_BOOKKEEPING.has(key)) ||
      (o instanceof Machine && MACHINE_RUN_BOOKKEEPING.has(key)) ||
      (o instanceof Thread && key === 'atBreakpoint') ||
      isHostMeasuredField(o, key),
    // Page tables carry the debugger's watch marks: they are hashed as the mappings they describe.
    skipHash: (o) => o instanceof Int32Array && o.length === 1 << 20,
  };
}

const CHUNK_IS_PAGE = PAGE_SIZE === 4096;

export class MachineSnapshot {
  constructor(
    /** The emulated clock (Machine.instructions) at the capture. */
    readonly clock: number,
    readonly state: GraphState,
  ) {}

  /** Host bytes this snapshot holds that no earlier snapshot shares. */
  get ownBytes(): number {
    return this.state.ownBytes;
  }
}

/**
 * Captures the machine between slices; `previous` (an earlier snapshot of the same machine) shares unchanged
 * pages. With `tracking` whose `since` is `previous`, only the frames marked written are read.
 */
export function captureMachine(machine: Machine, previous?: MachineSnapshot, tracking?: WrittenSince): MachineSnapshot {
  return new MachineSnapshot(machine.instructions, captureGraph({ machine }, policyFor(machine, tracking), previous?.state));
}

/** captureMachine in bounded pieces (captureGraphSteps): the machine must not change until the job is done. */
export function* captureMachineSteps(machine: Machine, previous?: MachineSnapshot, tracking?: WrittenSince): Generator<void, MachineSnapshot, void> {
  const clock = machine.instructions;
  const state = yield* captureGraphSteps({ machine }, policyFor(machine, tracking), previous?.state);
  return new MachineSnapshot(clock, state);
}

/**
 * Puts the machine back to the snapshot; breakpoints and watches armed now stay armed. With `tracking`, only
 * frames written since `tracking.since` or differing between the two snapshots are compared and copied.
 */
export function restoreMachine(machine: Machine, snapshot: MachineSnapshot, tracking?: WrittenSince, restored?: () => void): void {
  restoreGraph(snapshot.state, policyFor(machine, tracking));
  // `restored` runs while the machine is exactly the snapshot (a tracker clears its written maps there), before
  // the debugger's watch markings are put back into the page tables: those writes stay marked.
  restored?.();
  for (const task of machine.kernel.tasks) task.as.rewatchAll();
}

/** Starts a new interval of written-frame tracking (after a capture or restore the tracker relates it to). */
export function clearWrittenFrames(machine: Machine): void {
  machine.kernel.phys.clearWritten();
  for (const task of machine.kernel.tasks) task.as.clearPtWritten();
}

/** A digest of the machine's state (CPU, memory, kernel, roles): equal digests mean the machines run alike. */
export function stateHash(machine: Machine): string {
  const pages = machine.kernel.tasks.map((t) => t.as.mappedPages().map((p) => [p.va, p.pa, p.prot]));
  const eflags = machine.kernel.threads.map((t) => t.cpu.getEflags());
  return hashGraph({ machine, pages, eflags }, policyFor(machine));
}
