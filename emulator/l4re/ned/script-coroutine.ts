import * as v8 from 'v8';
import { lua } from 'fengari';
import type { LuaState } from 'fengari';
import type { Kernel } from '../../kernel/kernel';
import type { Task } from '../../kernel/task';
import type { HostActivity } from '../../host-activity';
import { hookError, luaError, mib, positionOf } from '../../lua-coprocessor/lua-bridge';
import { luaHeapBytes } from '../../lua-coprocessor/lua-heap-size';
import { takeStringGuardTrip } from '../../lua-coprocessor/string-size-guard';
import { SCRIPT_MEMORY_BYTES, UNYIELDABLE_INSTRUCTIONS } from '../../lua-coprocessor/script-bounds';
import { HOST_MEASURED_FIELDS } from '../../util/host-measured-fields';

/** What ned does around the script's coroutine. */
export interface ScriptCoroutineHooks {
  /** The script raised an error (`message`, else on top of `co`'s stack); it does not run again. */
  failed(co: LuaState, message?: string): void;
  /** An awaited task exited; called just before the script continues (ned flushes that task's log lines). */
  resuming(task: Task): void;
}

/** How far a script may go before ned steps in; every number is in Lua VM instructions or bytes. */
export interface ScriptLimits {
  /** Lua instructions a script runs at boot before the machine takes over (it continues in later turns). */
  bootInstructions: number;
  /** Lua instructions of one turn after an awaited program exited (the rest runs in the machine's turns). */
  eventInstructions: number;
  /** Instructions a coroutine the script created, or a callback (sort, gsub, metamethod), may run past its turn. */
  unyieldableInstructions: number;
  /** Estimated bytes the Lua state may hold; more raises "not enough memory" in the script. */
  memoryBytes: number;
}

export const DEFAULT_SCRIPT_LIMITS: ScriptLimits = {
  bootInstructions: 5_000_000,
  eventInstructions: 100_000,
  unyieldableInstructions: UNYIELDABLE_INSTRUCTIONS,
  memoryBytes: SCRIPT_MEMORY_BYTES,
};

/** The count hook runs every this many Lua VM instructions: the unit of charged time and of every check. */
export const LUA_HOOK_INTERVAL = 1000;
/** The heap is measured at least this often (in instructions); more rarely while it is large (the walk costs). */
const MIN_HEAP_CHECK_INTERVAL = 10_000;
/** Bytes of heap per instruction of check interval: a walk of the heap costs about as much as the Lua work between walks. */
const HEAP_BYTES_PER_CHECK_INSTRUCTION = 64;

/**
 * A ned script run as a Lua coroutine, so that `app:wait()` can suspend it until the program exits: the
 * kernel's `task-exited` event resumes it with the exit code, and the rest of the script then runs while the
 * machine runs (it may start more programs). Everything happens in emulated order, never on host time.
 *
 * A count hook makes the script a fair citizen of the machine: every Lua instruction is charged to the
 * emulated clock, a script that runs past its turn is preempted (the machine's slice loop resumes it later,
 * so Pause and --max-instructions keep working), and its heap is measured so that a growing table ends in
 * a Lua error "not enough memory" instead of taking the host's memory.
 */
export class ScriptCoroutine implements HostActivity {
  /** When the heap was last walked, and what it held then, is the host's timing, not machine state. */
  static readonly [HOST_MEASURED_FIELDS] = new Set(['externalAtLastWalk', 'heapBytes', 'heapCheckInterval', 'sinceHeapCheck']);
  /** The coroutine's Lua thread: load the script onto its stack, then call start(). */
  readonly co: LuaState;
  private waitingFor?: Task;
  private ended = false;
  /** Suspended by the count hook at the end of its turn: the machine resumes it. */
  private preempted = false;
  private turnLeft = 0;
  /** Instructions run past the turn where the hook could not preempt (inside a nested coroutine or callback). */
  private overrun = 0;
  private charged = 0;
  private sinceHeapCheck = 0;
  private heapCheckInterval = MIN_HEAP_CHECK_INTERVAL;
  /** The last heap estimate, in bytes. */
  heapBytes = 0;
  /** The host's external (ArrayBuffer) memory at the last heap walk: big Lua strings live there. */
  private externalAtLastWalk = v8.getHeapStatistics().external_memory;

  constructor(
    private readonly main: LuaState,
    kernel: Kernel,
    private readonly hooks: ScriptCoroutineHooks,
    private readonly limits: ScriptLimits = DEFAULT_SCRIPT_LIMITS,
  ) {
    // lua_newthread also leaves the thread on main's stack, which keeps it referenced for Lua's collector.
    this.co = lua.lua_newthread(main);
    // Coroutines the script creates inherit the hook from the thread that creates them.
    lua.lua_sethook(this.co, (L) => this.countHook(L), lua.LUA_MASKCOUNT, LUA_HOOK_INTERVAL);
    kernel.events.on('task-exited', ({ task, exitCode }) => this.taskExited(task, exitCode));
  }

  /** True while the script is suspended in app:wait(). */
  get waiting(): boolean {
    return this.waitingFor !== undefined;
  }

  /** True once the script ran to its end or failed. */
  get finished(): boolean {
    return this.ended;
  }

  /** True while the script was preempted at the end of a turn and waits for the machine to resume it. */
  get runnable(): boolean {
    return this.preempted && !this.ended;
  }

  /** Runs the function on the coroutine's stack (below its `nargs` arguments) until it ends, waits or its boot turn is over. */
  start(nargs: number): void {
    this.turnLeft = this.limits.bootInstructions;
    this.resume(nargs);
  }

  /** The machine's turn for a preempted script: about `budget` instructions. */
  run(budget: number): void {
    if (!this.runnable) return;
    this.preempted = false;
    this.turnLeft = budget;
    this.resume(0);
  }

  takeCharge(): number {
    const c = this.charged;
    this.charged = 0;
    return c;
  }

  /** The script did not compile: its error message is on the coroutine's stack. */
  failedToLoad(): void {
    this.ended = true;
    this.hooks.failed(this.co);
  }

  /**
   * `app:wait()` called on Lua thread L: the exit code right away if the task is gone, otherwise suspends
   * the script (this function then does not return; the exit code becomes wait()'s result at the resume).
   */
  wait(L: LuaState, task: Task, name: string): number {
    if (task.exited) {
      lua.lua_pushinteger(L, task.exitCode ?? 0);
      return 1;
    }
    if (L !== this.co) luaError(L, `app:wait(): ${name} can be waited for only in the script's own code, not inside a coroutine it created`);
    if (!lua.lua_isyieldable(L)) luaError(L, `app:wait(): cannot wait for ${name} here (inside a metamethod, an iterator or a sort function)`);
    this.waitingFor = task;
    lua.lua_yield(L, 0);
    throw new Error('unreachable: lua_yield returned');
  }

  private countHook(L: LuaState): void {
    this.charged += LUA_HOOK_INTERVAL;
    this.turnLeft -= LUA_HOOK_INTERVAL;
    this.sinceHeapCheck += LUA_HOOK_INTERVAL;
    // A script can allocate faster than the instruction count reveals (s = s .. s doubles a string per
    // instruction): when the host's external memory grew by more than the limit, walk the heap now.
    const external = v8.getHeapStatistics().external_memory;
    if (this.sinceHeapCheck >= this.heapCheckInterval || external - this.externalAtLastWalk > this.limits.memoryBytes) {
      this.externalAtLastWalk = external;
      this.sinceHeapCheck = 0;
      this.heapBytes = luaHeapBytes(this.main);
      this.heapCheckInterval = Math.max(MIN_HEAP_CHECK_INTERVAL, Math.floor(this.heapBytes / HEAP_BYTES_PER_CHECK_INSTRUCTION));
      if (this.heapBytes > this.limits.memoryBytes) {
        hookError(L, `not enough memory (the script holds about ${mib(this.heapBytes)} MiB; ned allows ${mib(this.limits.memoryBytes)} MiB)`);
      }
    }
    if (this.turnLeft > 0) return;
    if (L === this.co && lua.lua_isyieldable(L)) {
      // A yield from a count hook returns here; the VM then unwinds to lua_resume with LUA_YIELD.
      this.overrun = 0;
      this.preempted = true;
      lua.lua_yield(L, 0);
      return;
    }
    this.overrun += LUA_HOOK_INTERVAL;
    if (this.overrun >= this.limits.unyieldableInstructions) {
      this.overrun = 0;
      hookError(L, `ned stopped the script: it ran ${this.limits.unyieldableInstructions} Lua instructions inside a coroutine or callback without returning (endless loop?)`);
    }
  }

  private taskExited(task: Task, exitCode: number): void {
    if (this.ended || task !== this.waitingFor) return;
    this.waitingFor = undefined;
    this.hooks.resuming(task);
    lua.lua_pushinteger(this.co, exitCode);
    this.turnLeft = this.limits.eventInstructions;
    this.resume(1);
  }

  private resume(nargs: number): void {
    takeStringGuardTrip();
    let status: number;
    let internal: string | undefined;
    try {
      status = lua.lua_resume(this.co, this.main, nargs);
    } catch (e) {
      // fengari's own consistency checks can throw after a JS exception unwound the VM: the script is over.
      status = lua.LUA_ERRRUN;
      internal = `internal error in the Lua VM (${e instanceof Error ? e.message : String(e)})`;
    }
    const guard = takeStringGuardTrip();
    if (status === lua.LUA_YIELD && (this.waitingFor || this.preempted)) return;
    this.ended = true;
    this.preempted = false;
    if (status === lua.LUA_OK) return;
    this.waitingFor = undefined;
    if (guard || internal) {
      // A JS exception unwound the VM (the string-size guard, or a fault of fengari): there is no Lua error
      // value, so name the script's position, if the dead coroutine still knows it.
      this.hooks.failed(this.co, positionOf(this.co) + (guard ?? internal));
      return;
    }
    if (status === lua.LUA_YIELD) {
      // coroutine.yield() at the script's top level: nothing would ever resume it.
      lua.lua_pushstring(this.co, 'coroutine.yield() outside a coroutine: only app:wait() suspends the script');
    }
    this.hooks.failed(this.co);
  }
}



