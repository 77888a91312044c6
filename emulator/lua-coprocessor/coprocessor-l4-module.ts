import { lua } from 'fengari';
import type { LuaState } from 'fengari';
import { CAP_RIGHTS_RWSD, L4RE_ENV_CAP_NAME_LENGTH, L4_ERR, PROTO } from '../kernel/abi';
import type { BootPlan } from '../boot/boot-config';
import { splitModuleArgs } from '../boot/module-args';
import { DEFAULT_CAP_RIGHTS, SERVER_CAP_RIGHTS, parseRights, rightsText } from './cap-rights';
import { LUA_PROTO, LUA_RIGHTS } from './l4-proto-rights';
import { checkString, forEachField, luaError, setFunction, setInteger, typeName } from './lua-bridge';
import { LUA_REQ } from './lua-coprocessor-protocol';
import type { ScriptPrograms } from './script-programs';

/** A request the script makes of ned: its kind and encoded arguments (lua-coprocessor-protocol.ts). */
export interface ScriptRequest {
  kind: number;
  payload: Uint8Array;
}

/** Why a request cannot be made where the script is: inside a coroutine it created, or where Lua cannot yield. */
interface NotHere {
  nested: string;
  unyieldable: string;
}

/** A capability as the script holds it: an index in ned's capability space and the rights to pass it with. */
interface ScriptCap {
  index: number;
  rights: number;
}

const CAP_ID_FIELD = '__cap';
const CAP_METATABLE = 'L4.Cap';
const LOADER_MARK = '__loader';
const ENV_NAMES = ['log', 'factory', 'mem_alloc', 'scheduler', 'icu', 'parent', 'rom'] as const;

/** Little-endian words and NUL-terminated strings, as ned's C side reads them. */
class PayloadWriter {
  private readonly bytes: number[] = [];
  word(v: number): this {
    for (let i = 0; i < 4; i++) this.bytes.push((v >>> (8 * i)) & 0xff);
    return this;
  }
  str(s: string): this {
    for (const b of new TextEncoder().encode(s)) this.bytes.push(b);
    this.bytes.push(0);
    return this;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/**
 * The `L4` module of our ned's script, with the real ned's Lua interface:
 * `L4.default_loader` (start, startv, new_channel), `L4.Env`, `L4.Proto`, `L4.Rights`,
 * capabilities with `:m()`, `:svr()`, `:create()`. It holds no kernel object: a capability is an index in
 * ned's capability space, and whatever needs the kernel yields a request that ned performs by IPC.
 */
export class CoprocessorL4Module {
  private readonly caps: ScriptCap[] = [];
  private request?: ScriptRequest;

  constructor(
    private readonly plan: BootPlan,
    private readonly scriptName: string,
    /** ned's own capabilities, in the order of ENV_NAMES. */
    private readonly env: number[],
    /** The script's own Lua thread: the only one whose yield reaches ned (a coroutine's goes to its resumer). */
    private readonly co: LuaState,
    private readonly programs: ScriptPrograms,
  ) {}

  /** The request the script yielded with (undefined: it yielded its turn). */
  takeRequest(): ScriptRequest | undefined {
    const r = this.request;
    this.request = undefined;
    return r;
  }

  install(L: LuaState): void {
    this.createCapMetatable(L);
    this.pushModule(L);
    lua.lua_pushvalue(L, -1);
    lua.lua_setglobal(L, 'L4');
    lua.lua_getglobal(L, 'package');
    lua.lua_getfield(L, -1, 'preload');
    lua.lua_pushjsfunction(L, (S) => {
      lua.lua_getglobal(S, 'L4');
      return 1;
    });
    lua.lua_setfield(L, -2, 'L4');
    lua.lua_pop(L, 3);
  }

  /** Hands `req` to ned and suspends the script; `resumed` runs with ned's result on top of the stack. */
  private yieldRequest(L: LuaState, what: string, req: ScriptRequest, resumed: (S: LuaState, result: number) => number, notHere?: NotHere): number {
    if (L !== this.co) luaError(L, notHere?.nested ?? `${what}: ned performs it only from the script's own code, not inside a coroutine the script created`);
    if (!lua.lua_isyieldable(L)) luaError(L, notHere?.unyieldable ?? `${what}: cannot be called here (inside a metamethod, an iterator or a sort function)`);
    this.request = req;
    return lua.lua_yieldk(L, 0, 0, (S: LuaState) => resumed(S, lua.lua_tointeger(S, -1)));
  }

  private pushModule(L: LuaState): void {
    lua.lua_createtable(L, 0, 8);
    lua.lua_createtable(L, 0, Object.keys(LUA_PROTO).length);
    for (const [name, value] of Object.entries(LUA_PROTO)) setInteger(L, -1, name, value);
    lua.lua_setfield(L, -2, 'Proto');
    lua.lua_createtable(L, 0, Object.keys(LUA_RIGHTS).length);
    for (const [name, letters] of Object.entries(LUA_RIGHTS)) setInteger(L, -1, name, parseRights(letters) as number);
    lua.lua_setfield(L, -2, 'Rights');

    lua.lua_createtable(L, 0, ENV_NAMES.length);
    ENV_NAMES.forEach((name, i) => {
      this.pushCap(L, { index: this.env[i], rights: CAP_RIGHTS_RWSD });
      lua.lua_setfield(L, -2, name);
    });
    lua.lua_setfield(L, -2, 'Env');

    lua.lua_createtable(L, 0, 4);
    lua.lua_pushboolean(L, true);
    lua.lua_setfield(L, -2, LOADER_MARK);
    setFunction(L, -1, 'start', (S) => this.luaStart(S, false));
    setFunction(L, -1, 'startv', (S) => this.luaStart(S, true));
    setFunction(L, -1, 'new_channel', (S) => {
      this.checkLoader(S, 'new_channel');
      return this.yieldRequest(S, 'new_channel()', { kind: LUA_REQ.NEW_CHANNEL, payload: new Uint8Array() }, (R, result) => {
        if (result < 0) luaError(R, `new_channel(): ned could not create an IPC gate (error ${result})`);
        this.pushCap(R, { index: result, rights: DEFAULT_CAP_RIGHTS });
        return 1;
      });
    });
    lua.lua_setfield(L, -2, 'default_loader');

    lua.lua_pushstring(L, this.scriptName);
    lua.lua_setfield(L, -2, 'script');
  }

  private checkLoader(L: LuaState, method: string): void {
    let isLoader = false;
    if (lua.lua_type(L, 1) === lua.LUA_TTABLE) {
      lua.lua_getfield(L, 1, LOADER_MARK);
      isLoader = lua.lua_toboolean(L, -1);
      lua.lua_pop(L, 1);
    }
    if (!isLoader) luaError(L, `call it as L4.default_loader:${method}(...) (with a colon)`);
  }

  private createCapMetatable(L: LuaState): void {
    lua.lua_createtable(L, 0, 2);
    lua.lua_createtable(L, 0, 4);
    const withRights = (S: LuaState, rights: number): number => {
      this.pushCap(S, { index: this.toCap(S, 1, 'self').index, rights });
      return 1;
    };
    const mode = (S: LuaState): number => {
      const r = parseRights(checkString(S, 2, 'cap:m(rights)'));
      if (typeof r === 'string') luaError(S, `cap:m(): ${r}`);
      return withRights(S, r);
    };
    setFunction(L, -1, 'm', mode);
    setFunction(L, -1, 'mode', mode);
    setFunction(L, -1, 'svr', (S) => withRights(S, SERVER_CAP_RIGHTS));
    setFunction(L, -1, 'create', (S) => this.luaCreate(S));
    lua.lua_setfield(L, -2, '__index');
    setFunction(L, -1, '__tostring', (S) => {
      const c = this.toCap(S, 1, 'self');
      lua.lua_pushstring(S, `L4::Cap<0x${(c.index >>> 0).toString(16)}, ${rightsText(c.rights) || '-'}>`);
      return 1;
    });
    lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, CAP_METATABLE);
  }

  private pushCap(L: LuaState, cap: ScriptCap): void {
    this.caps.push(cap);
    lua.lua_createtable(L, 0, 1);
    setInteger(L, -1, CAP_ID_FIELD, this.caps.length - 1);
    lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, CAP_METATABLE);
    lua.lua_setmetatable(L, -2);
  }

  private toCap(L: LuaState, idx: number, what: string): ScriptCap {
    const cap = this.capAt(L, idx);
    if (!cap) luaError(L, `${what}: expected a capability, got ${typeName(L, idx)}`);
    return cap;
  }

  private capAt(L: LuaState, idx: number): ScriptCap | undefined {
    if (lua.lua_type(L, idx) !== lua.LUA_TTABLE) return undefined;
    lua.lua_getfield(L, idx, CAP_ID_FIELD);
    const id = lua.lua_isinteger(L, -1) ? lua.lua_tointeger(L, -1) : -1;
    lua.lua_pop(L, 1);
    return this.caps[id];
  }

  /** `factory:create(L4.Proto.X, ...)`: ned asks the factory by IPC; integer and string arguments pass on. */
  private luaCreate(L: LuaState): number {
    const f = this.toCap(L, 1, 'factory:create()');
    if (!lua.lua_isinteger(L, 2)) luaError(L, `factory:create(): the first argument must be an L4.Proto value, got ${typeName(L, 2)}`);
    const proto = lua.lua_tointeger(L, 2);
    const w = new PayloadWriter().word(f.index).word(proto);
    const args: Array<number | string> = [];
    for (let i = 3; i <= lua.lua_gettop(L); i++) {
      if (lua.lua_isinteger(L, i)) args.push(lua.lua_tointeger(L, i));
      else if (lua.lua_type(L, i) === lua.LUA_TSTRING) args.push(lua.lua_tojsstring(L, i));
      else luaError(L, `factory:create(): argument ${i - 1} must be an integer or a string, got ${typeName(L, i)}`);
    }
    w.word(args.length);
    for (const a of args) (typeof a === 'number' ? w.word(0).word(a) : w.word(1).str(a));
    const name = Object.entries(LUA_PROTO).find(([, v]) => v === proto)?.[0] ?? String(proto);
    return this.yieldRequest(L, 'factory:create()', { kind: LUA_REQ.CREATE, payload: w.done() }, (R, result) => {
      if (result < 0) luaError(R, `factory:create(): creating ${name} objects failed (error ${result}${result === -L4_ERR.ENOSYS ? ': not supported by that factory' : ''})`);
      this.pushCap(R, { index: result, rights: CAP_RIGHTS_RWSD });
      return 1;
    });
  }

  /** `loader:start(opts, "rom/prog args")` and `loader:startv(opts, "rom/prog", "arg", ...)`. */
  private luaStart(L: LuaState, vector: boolean): number {
    const method = vector ? 'startv' : 'start';
    this.checkLoader(L, method);
    if (lua.lua_type(L, 2) !== lua.LUA_TTABLE) luaError(L, `${method}(): the first argument must be a table such as {caps = {...}, log = {"tag", "color"}}, got ${typeName(L, 2)}`);
    let argv: string[];
    if (vector) {
      argv = [];
      for (let i = 3; i <= lua.lua_gettop(L); i++) argv.push(checkString(L, i, `startv() argument ${i - 2}`));
    } else {
      argv = splitModuleArgs(checkString(L, 3, 'start() command line'));
    }
    if (argv.length === 0) luaError(L, `${method}(): no program given; write "rom/PROGRAM args"`);
    const prog = argv[0];
    if (!prog.startsWith('rom/')) luaError(L, `${method}(): program "${prog}" is not a rom/ name; write "rom/${prog}"`);

    const given: Array<{ name: string; cap: ScriptCap }> = [];
    lua.lua_getfield(L, 2, 'caps');
    if (lua.lua_type(L, -1) === lua.LUA_TTABLE) {
      forEachField(L, -1, (key) => {
        const cap = this.capAt(L, -1);
        if (!cap) luaError(L, `${method}(): caps.${key} is not a capability (got ${typeName(L, -1)})`);
        if (key.length >= L4RE_ENV_CAP_NAME_LENGTH) luaError(L, `${method}(): capability name "${key}" is too long (at most ${L4RE_ENV_CAP_NAME_LENGTH - 1} characters)`);
        given.push({ name: key, cap });
      });
      given.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } else if (lua.lua_type(L, -1) !== lua.LUA_TNIL) {
      luaError(L, `${method}(): caps must be a table {name = capability, ...}, got ${typeName(L, -1)}`);
    }
    lua.lua_pop(L, 1);
    // Every application gets `rom` unless the script gives its own.
    const named = given.some((g) => g.name === 'rom') ? given : [{ name: 'rom', cap: { index: this.env[6], rights: DEFAULT_CAP_RIGHTS } }, ...given];

    let tag = prog.slice(4);
    let color = '';
    let logCap = -1;
    lua.lua_getfield(L, 2, 'log');
    if (lua.lua_type(L, -1) === lua.LUA_TTABLE) {
      lua.lua_rawgeti(L, -1, 1);
      if (lua.lua_type(L, -1) === lua.LUA_TSTRING) tag = lua.lua_tojsstring(L, -1);
      lua.lua_pop(L, 1);
      lua.lua_rawgeti(L, -1, 2);
      if (lua.lua_type(L, -1) === lua.LUA_TSTRING) color = lua.lua_tojsstring(L, -1);
      lua.lua_pop(L, 1);
    } else if (lua.lua_type(L, -1) !== lua.LUA_TNIL) {
      const cap = this.capAt(L, -1);
      if (!cap) luaError(L, `${method}(): log must be {"tag", "color"} or a log capability, got ${typeName(L, -1)}`);
      logCap = cap.index;
    }
    lua.lua_pop(L, 1);

    const w = new PayloadWriter().word(argv.length).word(named.length).word(logCap).str(tag).str(color);
    for (const a of argv) w.str(a);
    for (const n of named) w.word(n.cap.index).word(n.cap.rights).str(n.name);
    return this.yieldRequest(L, `${method}()`, { kind: LUA_REQ.START, payload: w.done() }, (R, result) => {
      if (result === -L4_ERR.ENOENT) {
        const known = this.plan.modules.map((m) => m.name).join(', ') || 'none';
        luaError(R, `${method}(): ${prog} names no module of entry "${this.plan.entry}" (modules: ${known}); add "module ${prog.slice(4)}" to it`);
      }
      if (result < 0) luaError(R, `${method}(): ned could not start ${prog} (error ${result})`);
      this.programs.started(result);
      const name = prog.slice(4);
      lua.lua_createtable(R, 0, 2);
      lua.lua_pushstring(R, name);
      lua.lua_setfield(R, -2, 'name');
      setFunction(R, -1, 'wait', (S) => this.luaWait(S, result, name));
      return 1;
    });
  }

  /**
   * `app:wait()`: the exit value of a program that is gone at once; otherwise ned serves its programs' parent
   * requests until this one has exited (the script suspended meanwhile), then resumes it with the value.
   */
  private luaWait(L: LuaState, app: number, name: string): number {
    const gone = this.programs.exitValue(app);
    if (gone !== undefined) {
      lua.lua_pushinteger(L, gone);
      return 1;
    }
    const req = { kind: LUA_REQ.WAIT, payload: new PayloadWriter().word(app).done() };
    return this.yieldRequest(L, 'app:wait()', req, (S, code) => {
      lua.lua_pushinteger(S, code);
      return 1;
    }, {
      nested: `app:wait(): ${name} can be waited for only in the script's own code, not inside a coroutine it created`,
      unyieldable: `app:wait(): cannot wait for ${name} here (inside a metamethod, an iterator or a sort function)`,
    });
  }
}
