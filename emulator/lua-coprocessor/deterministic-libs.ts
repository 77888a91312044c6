import { lua, lauxlib, lualib } from 'fengari';
import type { LuaState } from 'fengari';
import { installStringSizeGuard } from './string-size-guard';
import { SCRIPT_MEMORY_BYTES } from './script-bounds';

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
  installStringSizeGuard(SCRIPT_MEMORY_BYTES);
  // string.rep is the one library call that makes a huge string from small arguments: bound it at once.
  lua.lua_getglobal(L, 'string');
  lua.lua_getfield(L, -1, 'rep');
  lua.lua_pushjsclosure(L, (S) => {
    const len = lua.lua_type(S, 1) === lua.LUA_TSTRING || lua.lua_type(S, 1) === lua.LUA_TNUMBER ? lauxlib.luaL_tolstring(S, 1).length : 0;
    if (len > 0) lua.lua_pop(S, 1);
    const n = lua.lua_tonumber(S, 2);
    const sep = lua.lua_type(S, 3) === lua.LUA_TSTRING ? lua.lua_tojsstring(S, 3).length : 0;
    if (n > 0 && (len + sep) * n > SCRIPT_MEMORY_BYTES) {
      return lauxlib.luaL_error(S, '%s', `not enough memory (string.rep of ${(len + sep) * n} bytes; ned allows ${SCRIPT_MEMORY_BYTES})`);
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
