import * as fs from 'fs';
import { lua, lauxlib } from 'fengari';
import type { LuaState } from 'fengari';
import type { Kernel } from '../../kernel/kernel';
import type { Task } from '../../kernel/task';
import { Thread } from '../../kernel/thread';
import type { BootModule, BootPlan } from '../../boot/boot-config';
import { findRomModule } from '../../boot/boot-config';
import { BootError } from '../../boot/boot-errors';
import type { ApplicationServices, LoadedApplication } from '../loader';
import { NedL4Module } from './l4-module';
import { ScriptCoroutine } from './script-coroutine';
import { MAX_LUA_MODULE_BYTES, restrictRequire } from '../../lua-coprocessor/rom-require';
import { openDeterministicLibs } from '../../lua-coprocessor/deterministic-libs';
import { scriptErrorPosition } from '../../lua-coprocessor/script-error-position';
import { addHostActivity } from '../../host-activity';
import { logLinePrefix } from './tagged-log';

/** The tag of ned's own output (Lua `print`), as L4Re's console shows it. */
const NED_LOG_TAG = 'ned';

/** What a ned script did at boot. */
export interface NedResult {
  /** ned's own task (it has no guest thread: the script runs in TypeScript). */
  task: Task;
  /** Programs the script started so far, in order (a script that waits adds more while the machine runs). */
  apps: LoadedApplication[];
  /** The running script: suspended in app:wait(), or finished. */
  coroutine: ScriptCoroutine;
  /** The script's module. */
  script: BootModule;
}

/** An error in a ned script, naming the script file and line ("conf/x.cfg:12: message"). */
export class NedScriptError extends BootError {}

/**
 * The ned role: runs the Lua boot script named by the first argument (`rom/NAME.cfg` or `.lua`) with a real
 * Lua implementation (fengari). The script runs at boot until it ends or calls `app:wait()`; it then
 * continues when that program exits, while the machine runs. The script's `L4` module starts programs with
 * their named capabilities and per-application logs, and creates channels (IPC gates) and other objects.
 */
export function startNed(kernel: Kernel, plan: BootPlan, services: ApplicationServices, scriptArgs: string[]): NedResult {
  const root = plan.roottask;
  const at = (message: string, where: { file: string; line?: number } = root): NedScriptError => {
    const e = new NedScriptError(`${where.file}${where.line ? `:${where.line}` : ''}: ${message}`);
    e.file = where.file;
    e.line = where.line;
    return e;
  };
  const scriptName = scriptArgs[0];
  if (!scriptName) {
    throw at(`moe starts rom/ned, but no script was given; write "roottask moe rom/NAME.cfg" and "module NAME.cfg" (or "moe NAME.cfg")`);
  }
  const script = findRomModule(plan, scriptName);
  if (!script || !script.path) {
    const known = plan.modules.map((m) => m.name).join(', ') || 'none';
    throw at(`ned: script ${scriptName} names no module of entry "${plan.entry}" (modules: ${known}); add "module ${scriptName.replace(/^rom\//, '')}"`);
  }
  let source: Uint8Array;
  try {
    const st = fs.statSync(script.path);
    if (!st.isFile()) throw new Error('not a regular file');
    if (st.size > MAX_LUA_MODULE_BYTES) throw new Error(`${st.size} bytes, more than ned's limit of ${MAX_LUA_MODULE_BYTES}`);
    source = fs.readFileSync(script.path);
  } catch (e) {
    throw at(`ned: cannot read ${script.path}: ${(e as Error).message}`, script);
  }

  const task = kernel.createTask('ned');
  // ned's output needs a thread to be attributed to; this one is never scheduled (ned runs in TypeScript).
  const voice = new Thread(task, 'ned');
  const print = (text: string): void => kernel.emitOutput(voice, text.split('\n').map((l) => logLinePrefix(NED_LOG_TAG) + l + '\n').join(''));

  const L = lauxlib.luaL_newstate();
  openDeterministicLibs(L, print);
  restrictRequire(L, plan);
  const chunkName = scriptName.startsWith('rom/') ? scriptName : `rom/${scriptName}`;
  // At boot a script error stops the boot; once the machine runs it is reported on ned's log instead (the
  // kernel must not see it) and only the script stops: its programs run on.
  let booting = true;
  const coroutine = new ScriptCoroutine(L, kernel, {
    failed: (co, message) => {
      const where = scriptErrorPosition(message ?? errorText(co), chunkName, script);
      if (booting) throw at(`ned: ${where.message}`, where);
      print(`ned: ${where.file}${where.line ? `:${where.line}` : ''}: ${where.message}`);
    },
    resuming: (exited) => module.flushLogs(exited),
  });
  addHostActivity(kernel, coroutine);
  const module = new NedL4Module(kernel, plan, services, scriptArgs, coroutine);
  module.install(L);

  const co = coroutine.co;
  // Source text only: a precompiled chunk could carry bytecode the VM does not verify.
  if (lauxlib.luaL_loadbufferx(co, source, source.length, `@${chunkName}`, 't') !== lua.LUA_OK) coroutine.failedToLoad();
  // Script arguments after the name are available as `...`, as for any Lua chunk.
  for (const a of scriptArgs.slice(1)) lua.lua_pushstring(co, a);
  try {
    coroutine.start(scriptArgs.length - 1);
  } finally {
    booting = false;
  }
  return { task, apps: module.apps, script, coroutine };
}

/** Where a Lua error (on top of the stack) happened: the script file as the user sees it, the line, the message. */
function errorText(L: LuaState): string {
  return lua.lua_type(L, -1) === lua.LUA_TSTRING ? lua.lua_tojsstring(L, -1) : 'error object is not a string';
}


