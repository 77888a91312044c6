import * as fs from 'fs';
import * as path from 'path';
import { lua, lauxlib, lualib } from 'fengari';
import type { LuaState } from 'fengari';
import type { Kernel } from '../../kernel/kernel';
import type { Task } from '../../kernel/task';
import { Thread } from '../../kernel/thread';
import type { BootModule, BootPlan } from '../../boot/boot-config';
import { findRomModule } from '../../boot/boot-config';
import { BootError } from '../../boot/boot-errors';
import type { ApplicationServices, LoadedApplication } from '../loader';
import { NedL4Module } from './l4-module';
import { DEFAULT_SCRIPT_LIMITS, ScriptCoroutine } from './script-coroutine';
import { MAX_LUA_MODULE_BYTES, restrictRequire } from './rom-require';
import { addHostActivity } from '../../host-activity';
import { installStringSizeGuard } from './string-size-guard';
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

export function scriptErrorPosition(raw: string, chunkName: string, script: BootModule): { file: string; line?: number; message: string } {
  const file = path.resolve(script.path ?? script.file);
  const prefix = `${chunkName}:`;
  const m = raw.startsWith(prefix) ? /^(\d+): ?(.*)$/s.exec(raw.slice(prefix.length)) : null;
  if (m) return { file, line: Number(m[1]), message: m[2] };
  return { file, message: raw.split(prefix).join(`${file}:`) };
}

/**
 * Opens Lua's standard libraries, keeping the boot deterministic: no host files, clock or environment
 * (`io`, `os` and `require` of files are gone), a seeded `math.random`, and `print` to ned's log.
 */
export function openDeterministicLibs(L: LuaState, print: (text: string) => void): void {
  lualib.luaL_openlibs(L);
  for (const name of ['io', 'os', 'dofile', 'loadfile']) {
    lua.lua_pushnil(L);
    lua.lua_setglobal(L, name);
  }
  installStringSizeGuard(DEFAULT_SCRIPT_LIMITS.memoryBytes);
  // string.rep is the one library call that makes a huge string from small arguments: bound it at once.
  lua.lua_getglobal(L, 'string');
  lua.lua_getfield(L, -1, 'rep');
  lua.lua_pushjsclosure(L, (S) => {
    const len = lua.lua_type(S, 1) === lua.LUA_TSTRING || lua.lua_type(S, 1) === lua.LUA_TNUMBER ? lauxlib.luaL_tolstring(S, 1).length : 0;
    if (len > 0) lua.lua_pop(S, 1);
    const n = lua.lua_tonumber(S, 2);
    const sep = lua.lua_type(S, 3) === lua.LUA_TSTRING ? lua.lua_tojsstring(S, 3).length : 0;
    if (n > 0 && (len + sep) * n > DEFAULT_SCRIPT_LIMITS.memoryBytes) {
      return lauxlib.luaL_error(S, '%s', `not enough memory (string.rep of ${(len + sep) * n} bytes; ned allows ${DEFAULT_SCRIPT_LIMITS.memoryBytes})`);
    }
    lua.lua_pushvalue(S, lua.lua_upvalueindex(1));
    lua.lua_insert(S, 1);
    lua.lua_call(S, lua.lua_gettop(S) - 1, 1);
    return 1;
  }, 1);
  lua.lua_setfield(L, -2, 'rep');
  lua.lua_pop(L, 1);
  // load() of text only, as for the script itself.
  const textOnlyLoad = lauxlib.luaL_loadbufferx(L, TEXT_ONLY_LOAD, TEXT_ONLY_LOAD.length, '=ned', 't');
  if (textOnlyLoad !== lua.LUA_OK || lua.lua_pcall(L, 0, 0, 0) !== lua.LUA_OK) throw new Error('ned: cannot restrict load()');

  lua.lua_pushjsfunction(L, (S) => {
    const n = lua.lua_gettop(S);
    const parts: string[] = [];
    for (let i = 1; i <= n; i++) parts.push(tostring(S, i));
    print(parts.join('\t'));
    return 0;
  });
  lua.lua_setglobal(L, 'print');

  // A fixed-seed generator instead of the host's Math.random.
  let seed = 0x2545f491;
  lua.lua_getglobal(L, 'math');
  lua.lua_pushjsfunction(L, (S) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    const r = (seed >>> 0) / 0x1_0000_0000;
    const n = lua.lua_gettop(S);
    if (n === 0) {
      lua.lua_pushnumber(S, r);
      return 1;
    }
    const lo = n >= 2 ? lua.lua_tointeger(S, 1) : 1;
    const hi = n >= 2 ? lua.lua_tointeger(S, 2) : lua.lua_tointeger(S, 1);
    lua.lua_pushinteger(S, lo + Math.floor(r * (hi - lo + 1)));
    return 1;
  });
  lua.lua_setfield(L, -2, 'random');
  lua.lua_pushjsfunction(L, (S) => {
    seed = (lua.lua_tointeger(S, 1) | 0) || 0x2545f491;
    return 0;
  });
  lua.lua_setfield(L, -2, 'randomseed');
  lua.lua_pop(L, 1);
}

const TEXT_ONLY_LOAD = new TextEncoder().encode('local load = load; _G.load = function(chunk, name, mode, ...) return load(chunk, name, "t", ...) end');

/** Lua's tostring() of the value at idx, as print shows it. */
function tostring(L: LuaState, idx: number): string {
  const s = lauxlib.luaL_tolstring(L, idx);
  lua.lua_pop(L, 1);
  return new TextDecoder().decode(s);
}
