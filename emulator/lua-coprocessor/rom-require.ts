// ned's `require`: the built-in modules (L4) and Lua modules among the boot's rom modules, nothing else.
// fengari's default searchers would look for `.lua` and `.js` files on the host (package.path/cpath, and
// package.loadlib loads any `.js` file): a boot script must never reach host files or host code.
import * as fs from 'fs';
import { lua, lauxlib } from 'fengari';
import type { LuaState } from 'fengari';
import type { BootPlan } from '../boot/boot-config';
import { findRomModule } from '../boot/boot-config';

/** Biggest Lua module ned reads from the rom (a boot script is a few KiB). */
export const MAX_LUA_MODULE_BYTES = 4 * 1024 * 1024;

/**
 * Leaves `package.searchers` with the preload searcher and a rom searcher, and removes every way to name
 * host files: `package.loadlib`, `package.searchpath`, `path` and `cpath`.
 */
export function restrictRequire(L: LuaState, plan: BootPlan): void {
  lua.lua_getglobal(L, 'package');
  for (const name of ['loadlib', 'searchpath']) {
    lua.lua_pushnil(L);
    lua.lua_setfield(L, -2, name);
  }
  lua.lua_pushstring(L, '');
  lua.lua_setfield(L, -2, 'path');
  lua.lua_pushstring(L, '');
  lua.lua_setfield(L, -2, 'cpath');
  lua.lua_getfield(L, -1, 'searchers');
  lua.lua_rawgeti(L, -1, 1); // the preload searcher, which only reads package.preload
  const searchers = lua.lua_gettop(L) - 1;
  lua.lua_createtable(L, 2, 0);
  lua.lua_pushvalue(L, -2);
  lua.lua_rawseti(L, -2, 1);
  lua.lua_pushjsfunction(L, (S) => romSearcher(S, plan));
  lua.lua_rawseti(L, -2, 2);
  lua.lua_setfield(L, searchers - 1, 'searchers');
  lua.lua_settop(L, searchers - 2);
}

/** package.searchers[2]: `require "x"` finds the rom module `x.lua` (or `x` itself) of the boot's entry. */
function romSearcher(L: LuaState, plan: BootPlan): number {
  const name = lua.lua_tojsstring(L, 1);
  const module = [`${name}.lua`, name].map((n) => findRomModule(plan, n)).find((m) => m && m.path && !m.builtin);
  if (!module || !module.path) {
    lua.lua_pushstring(L, `\n\tno rom module '${name}.lua' or '${name}' in this boot entry`);
    return 1;
  }
  let source: Uint8Array;
  try {
    const st = fs.statSync(module.path);
    if (!st.isFile()) throw new Error('not a regular file');
    if (st.size > MAX_LUA_MODULE_BYTES) throw new Error(`${st.size} bytes, more than ned's limit of ${MAX_LUA_MODULE_BYTES}`);
    source = fs.readFileSync(module.path);
  } catch (e) {
    return lauxlib.luaL_error(L, '%s', `require "${name}": cannot read rom/${module.name}: ${(e as Error).message}`);
  }
  // Text only: precompiled chunks could carry bytecode the VM does not check.
  if (lauxlib.luaL_loadbufferx(L, source, source.length, `@rom/${module.name}`, 't') !== lua.LUA_OK) {
    return lua.lua_error(L);
  }
  lua.lua_pushstring(L, `rom/${module.name}`);
  return 2;
}
