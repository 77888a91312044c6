// The bounds of a ned script that runs in the Lua coprocessor: a growing heap ends in the Lua error "not enough
// memory", and a coroutine or callback the script made, which the turn's yield cannot preempt, is stopped with
// an error after a hard bound, so that no script can take the host's memory or hang the machine.
import * as v8 from 'v8';
import type { LuaState } from 'fengari';
import { luaHeapBytes } from './lua-heap-size';
import { hookError, mib } from './lua-bridge';
import { HOST_MEASURED_FIELDS } from '../util/host-measured-fields';

/** Estimated bytes the Lua state may hold. */
export const SCRIPT_MEMORY_BYTES = 64 * 1024 * 1024;
/** Instructions a coroutine the script created, or a callback (sort, gsub, metamethod), may run past its turn. */
export const UNYIELDABLE_INSTRUCTIONS = 20_000_000;
/** The heap is measured at least this often (in instructions); more rarely while it is large (the walk costs). */
const MIN_HEAP_CHECK_INTERVAL = 10_000;
/** Bytes of heap per instruction of check interval: a walk of the heap costs about as much as the Lua work between walks. */
const HEAP_BYTES_PER_CHECK_INSTRUCTION = 64;

export class ScriptBounds {
  /** When the heap was last walked is the host's timing, not machine state. */
  static readonly [HOST_MEASURED_FIELDS] = new Set(['externalAtLastWalk', 'heapCheckInterval', 'sinceHeapCheck']);
  private sinceHeapCheck = 0;
  private heapCheckInterval = MIN_HEAP_CHECK_INTERVAL;
  private externalAtLastWalk = v8.getHeapStatistics().external_memory;
  private overrun = 0;

  /** `main`: the script's Lua state, whose whole heap is measured. */
  constructor(private readonly main: LuaState) {}

  /** From the count hook, every `interval` instructions on Lua thread L: raises the heap's Lua error. */
  checkHeap(L: LuaState, interval: number): void {
    this.sinceHeapCheck += interval;
    // A script can allocate faster than the instruction count reveals (s = s .. s doubles a string per
    // instruction): when the host's external memory grew by more than the limit, walk the heap now.
    const external = v8.getHeapStatistics().external_memory;
    if (this.sinceHeapCheck < this.heapCheckInterval && external - this.externalAtLastWalk <= SCRIPT_MEMORY_BYTES) return;
    this.externalAtLastWalk = external;
    this.sinceHeapCheck = 0;
    const bytes = luaHeapBytes(this.main);
    this.heapCheckInterval = Math.max(MIN_HEAP_CHECK_INTERVAL, Math.floor(bytes / HEAP_BYTES_PER_CHECK_INSTRUCTION));
    if (bytes > SCRIPT_MEMORY_BYTES) hookError(L, `not enough memory (the script holds about ${mib(bytes)} MiB; ned allows ${mib(SCRIPT_MEMORY_BYTES)} MiB)`);
  }

  /** The turn ended but L cannot yield (a coroutine of the script, a callback): count, and stop it at the bound. */
  overran(L: LuaState, interval: number): void {
    this.overrun += interval;
    if (this.overrun < UNYIELDABLE_INSTRUCTIONS) return;
    this.overrun = 0;
    hookError(L, `ned stopped the script: it ran ${UNYIELDABLE_INSTRUCTIONS} Lua instructions inside a coroutine or callback without returning (endless loop?)`);
  }

  /** The script yielded at the end of its turn. */
  yielded(): void {
    this.overrun = 0;
  }
}


