import { lua, lauxlib } from 'fengari';
import type { LuaState } from 'fengari';

/** A JS function callable from Lua; it reads its arguments from the stack and returns the result count. */
export type LuaFunction = (L: LuaState) => number;

/**
 * Wraps a JS implementation so that a JS exception (a bad ELF, a missing module...) becomes a Lua error
 * carrying the script position of the call, like an error raised by a C function in the real ned.
 */
export function luaFunction(fn: LuaFunction): LuaFunction {
  return (L) => {
    let message: string | undefined;
    try {
      return fn(L);
    } catch (e) {
      // Lua's own errors are not Error instances: let them unwind untouched.
      if (!(e instanceof Error)) throw e;
      message = e.message;
    }
    return lauxlib.luaL_error(L, '%s', message);
  };
}

/** Raises a Lua error at the position of the Lua code calling the current function. */
export function luaError(L: LuaState, message: string): never {
  lauxlib.luaL_error(L, '%s', message);
  throw new Error('unreachable: luaL_error returned');
}

export function setFunction(L: LuaState, tableIndex: number, name: string, fn: LuaFunction): void {
  lua.lua_pushjsfunction(L, luaFunction(fn));
  lua.lua_setfield(L, tableIndex < 0 ? tableIndex - 1 : tableIndex, name);
}

export function setInteger(L: LuaState, tableIndex: number, name: string, value: number): void {
  lua.lua_pushinteger(L, value);
  lua.lua_setfield(L, tableIndex < 0 ? tableIndex - 1 : tableIndex, name);
}

export function setString(L: LuaState, tableIndex: number, name: string, value: string): void {
  lua.lua_pushstring(L, value);
  lua.lua_setfield(L, tableIndex < 0 ? tableIndex - 1 : tableIndex, name);
}

/** The string at `idx`, or a Lua error naming the argument. */
export function checkString(L: LuaState, idx: number, what: string): string {
  if (lua.lua_type(L, idx) !== lua.LUA_TSTRING) luaError(L, `${what}: expected a string, got ${typeName(L, idx)}`);
  return lua.lua_tojsstring(L, idx);
}

export function typeName(L: LuaState, idx: number): string {
  switch (lua.lua_type(L, idx)) {
    case lua.LUA_TNIL:
      return 'nil';
    case lua.LUA_TBOOLEAN:
      return 'boolean';
    case lua.LUA_TNUMBER:
      return 'number';
    case lua.LUA_TSTRING:
      return 'string';
    case lua.LUA_TTABLE:
      return 'table';
    case lua.LUA_TFUNCTION:
      return 'function';
    default:
      return 'value';
  }
}

/** Calls `visit` for every key/value of the table at `idx` (value on top of the stack, key below). */
export function forEachField(L: LuaState, idx: number, visit: (key: string) => void): void {
  const t = idx < 0 ? lua.lua_gettop(L) + idx + 1 : idx;
  lua.lua_pushnil(L);
  while (lua.lua_next(L, t) !== 0) {
    const key = lua.lua_type(L, -2) === lua.LUA_TSTRING ? lua.lua_tojsstring(L, -2) : String(lua.lua_tonumber(L, -2));
    visit(key);
    lua.lua_pop(L, 1);
  }
}

/**
 * "rom/x.cfg:12: " for the line the script's coroutine is on (at `level`: 0 the running function, 1 its caller),
 * or '' when it cannot tell (after a JS exception).
 */
export function positionOf(co: LuaState, level = 0): string {
  try {
    lua.lua_checkstack(co, 4);
    lauxlib.luaL_where(co, level);
    const where = lua.lua_tojsstring(co, -1);
    lua.lua_pop(co, 1);
    return where;
  } catch {
    return '';
  }
}

/**
 * A Lua error raised from the count hook, at the line the script is on: inside a hook the running Lua
 * function is level 0 (luaL_error would name its caller, which the top level of a script does not have).
 */
export function hookError(L: LuaState, message: string): never {
  lauxlib.luaL_where(L, 0);
  const where = lua.lua_tojsstring(L, -1);
  lua.lua_pop(L, 1);
  lua.lua_pushstring(L, where + message);
  lua.lua_error(L);
  throw new Error('unreachable: lua_error returned');
}

/** Bytes as MiB with one decimal, for the scripts' memory messages. */
export function mib(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}
