import { lua } from 'fengari';
import type { LuaState } from 'fengari';
import type { Kernel } from '../../kernel/kernel';
import type { Task } from '../../kernel/task';
import { luaError } from './lua-bridge';

/** What ned does around the script's coroutine. */
export interface ScriptCoroutineHooks {
  /** The script raised an error (on top of `co`'s stack); it does not run again. */
  failed(co: LuaState): void;
  /** An awaited task exited; called just before the script continues (ned flushes that task's log lines). */
  resuming(task: Task): void;
}

/**
 * A ned script run as a Lua coroutine, so that `app:wait()` can suspend it until the program exits: the
 * kernel's `task-exited` event resumes it with the exit code, and the rest of the script then runs while the
 * machine runs (it may start more programs). Everything happens in emulated order, never on host time.
 */
export class ScriptCoroutine {
  /** The coroutine's Lua thread: load the script onto its stack, then call run(). */
  readonly co: LuaState;
  private waitingFor?: Task;
  private ended = false;

  constructor(
    private readonly main: LuaState,
    kernel: Kernel,
    private readonly hooks: ScriptCoroutineHooks,
  ) {
    // lua_newthread also leaves the thread on main's stack, which keeps it referenced for Lua's collector.
    this.co = lua.lua_newthread(main);
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

  /** Runs the function on the coroutine's stack (below its `nargs` arguments) until it ends or waits. */
  run(nargs: number): void {
    this.resume(nargs);
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

  private taskExited(task: Task, exitCode: number): void {
    if (this.ended || task !== this.waitingFor) return;
    this.waitingFor = undefined;
    this.hooks.resuming(task);
    lua.lua_pushinteger(this.co, exitCode);
    this.resume(1);
  }

  private resume(nargs: number): void {
    const status = lua.lua_resume(this.co, this.main, nargs);
    if (status === lua.LUA_YIELD && this.waitingFor) return;
    this.ended = true;
    if (status === lua.LUA_OK) return;
    if (status === lua.LUA_YIELD) {
      // coroutine.yield() at the script's top level: nothing would ever resume it.
      lua.lua_pushstring(this.co, 'coroutine.yield() outside a coroutine: only app:wait() suspends the script');
    }
    this.waitingFor = undefined;
    this.hooks.failed(this.co);
  }
}
