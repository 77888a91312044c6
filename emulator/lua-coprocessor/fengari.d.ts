// The part of fengari's C-like Lua API that ned uses (fengari ships no type declarations).
declare module 'fengari' {
  /** A Lua state (opaque). */
  export interface LuaState {
    readonly __luaState: unique symbol;
  }
  export type LuaString = Uint8Array;
  export type LuaJsFunction = (L: LuaState) => number;

  export const lua: {
    LUA_OK: number;
    LUA_YIELD: number;
    LUA_ERRSYNTAX: number;
    LUA_ERRRUN: number;
    LUA_MULTRET: number;
    LUA_REGISTRYINDEX: number;
    LUA_TNIL: number;
    LUA_TBOOLEAN: number;
    LUA_TNUMBER: number;
    LUA_TSTRING: number;
    LUA_TTABLE: number;
    LUA_TFUNCTION: number;
    lua_gettop(L: LuaState): number;
    lua_settop(L: LuaState, idx: number): void;
    lua_pop(L: LuaState, n: number): void;
    lua_pushvalue(L: LuaState, idx: number): void;
    lua_pushnil(L: LuaState): void;
    lua_pushinteger(L: LuaState, n: number): void;
    lua_pushnumber(L: LuaState, n: number): void;
    lua_pushboolean(L: LuaState, b: boolean | number): void;
    lua_pushstring(L: LuaState, s: string | LuaString): void;
    lua_pushjsfunction(L: LuaState, f: LuaJsFunction): void;
    lua_createtable(L: LuaState, narr: number, nrec: number): void;
    lua_setfield(L: LuaState, idx: number, k: string): void;
    lua_getfield(L: LuaState, idx: number, k: string): number;
    lua_rawgeti(L: LuaState, idx: number, n: number): number;
    lua_rawseti(L: LuaState, idx: number, n: number): void;
    lua_rawlen(L: LuaState, idx: number): number;
    lua_setglobal(L: LuaState, name: string): void;
    lua_getglobal(L: LuaState, name: string): number;
    lua_setmetatable(L: LuaState, idx: number): void;
    lua_type(L: LuaState, idx: number): number;
    lua_next(L: LuaState, idx: number): number;
    lua_toboolean(L: LuaState, idx: number): boolean;
    lua_tojsstring(L: LuaState, idx: number): string;
    lua_isinteger(L: LuaState, idx: number): boolean;
    lua_tointeger(L: LuaState, idx: number): number;
    lua_tonumber(L: LuaState, idx: number): number;
    lua_pcall(L: LuaState, nargs: number, nresults: number, msgh: number): number;
    lua_error(L: LuaState): number;
    /** A new coroutine sharing L's globals (also pushed on L's stack). */
    lua_newthread(L: LuaState): LuaState;
    /** Starts or continues coroutine L1 with `nargs` values from its stack; returns LUA_OK, LUA_YIELD or an error. */
    lua_resume(L1: LuaState, from: LuaState | null, nargs: number): number;
    /** Suspends the running coroutine; never returns normally (it unwinds by throwing). */
    lua_yield(L: LuaState, nresults: number): void;
    lua_yieldk(L: LuaState, nresults: number, ctx: number, k: (L: LuaState, status: number, ctx: number) => number): number;
    lua_isyieldable(L: LuaState): boolean;
    LUA_MASKCOUNT: number;
    /** Calls `hook` every `count` VM instructions of L (and of the threads L creates afterwards). */
    lua_sethook(L: LuaState, hook: ((L: LuaState, ar: unknown) => void) | null, mask: number, count: number): void;
    /** Turns a JS exception thrown inside Lua into a Lua error value: `handler` finds the exception as light userdata at -1 and returns the error value. */
    lua_atnativeerror(L: LuaState, handler: LuaJsFunction): void;
    lua_touserdata(L: LuaState, idx: number): unknown;
    /** Pushes a JS function with the top `n` values as its upvalues (lua_upvalueindex(i) reads them). */
    lua_pushjsclosure(L: LuaState, f: LuaJsFunction, n: number): void;
    lua_upvalueindex(i: number): number;
    lua_insert(L: LuaState, idx: number): void;
    lua_call(L: LuaState, nargs: number, nresults: number): void;
    /** Makes room for `n` more values on L's stack; false if it cannot grow. */
    lua_checkstack(L: LuaState, n: number): boolean;
  };

  export const lauxlib: {
    luaL_newstate(): LuaState;
    luaL_loadbuffer(L: LuaState, buff: LuaString, size: number | null, name: LuaString | string): number;
    /** Like luaL_loadbuffer; `mode` "t" accepts only source text, not precompiled chunks. */
    luaL_loadbufferx(L: LuaState, buff: LuaString, size: number | null, name: LuaString | string, mode: string | null): number;
    luaL_error(L: LuaState, fmt: LuaString | string, ...args: Array<LuaString | string | number>): number;
    luaL_where(L: LuaState, level: number): void;
    luaL_tolstring(L: LuaState, idx: number): LuaString;
    luaL_traceback(L: LuaState, L1: LuaState, msg: LuaString | string | null, level: number): void;
  };

  export const lualib: {
    luaL_openlibs(L: LuaState): void;
  };

  export function to_luastring(s: string, cache?: boolean): LuaString;
  export function to_jsstring(s: LuaString, from?: number, to?: number, replacement_char?: boolean): string;
}
