import { lua } from 'fengari';
import type { LuaState } from 'fengari';
import type { Kernel } from '../../kernel/kernel';
import type { Kobject } from '../../kernel/kobject';
import type { Task } from '../../kernel/task';
import { Factory } from '../../kernel/factory';
import { IpcGate } from '../../kernel/ipc-gate';
import { Irq } from '../../kernel/irq';
import { Semaphore } from '../../kernel/semaphore';
import { CAP_RIGHTS_RWSD, L4RE_ENV_CAP_NAME_LENGTH, PROTO } from '../../kernel/abi';
import type { BootPlan } from '../../boot/boot-config';
import { findRomModule } from '../../boot/boot-config';
import { splitArgs } from '../moe-command-line';
import { ApplicationServices, LoadedApplication, loadApplication } from '../loader';
import { UnimplementedService } from '../unimplemented-service';
import type { NedCap } from './ned-cap';
import { DEFAULT_CAP_RIGHTS, SERVER_CAP_RIGHTS, parseRights, rightsText } from '../../lua-coprocessor/cap-rights';
import { LUA_PROTO, LUA_RIGHTS } from '../../lua-coprocessor/l4-proto-rights';
import { TaggedLog } from './tagged-log';
import type { ScriptCoroutine } from './script-coroutine';
import { checkString, forEachField, luaError, setFunction, setInteger, typeName } from '../../lua-coprocessor/lua-bridge';

/** Hidden field of a capability table: its index in the module's capability list. */
const CAP_ID_FIELD = '__cap';
const CAP_METATABLE = 'L4.Cap';
const LOADER_NAME = 'default_loader';
/** Field that marks the loader table (so a call with '.' instead of ':' is recognised). */
const LOADER_MARK = '__loader';

/**
 * The `L4` Lua module of ned: `L4.default_loader` (start, startv, new_channel), `L4.Env` (ned's own
 * capabilities), `L4.Proto`, `L4.Rights`, and capability objects with `:m()`, `:svr()` and, for factories,
 * `:create()`.
 */
export class NedL4Module {
  /** Programs started so far. */
  readonly apps: LoadedApplication[] = [];
  private readonly caps: NedCap[] = [];
  private get rom(): Kobject {
    return (this.romFallback ??= this.services.rom ?? new UnimplementedService('Moe.Namespace', 'rom'));
  }
  private romFallback?: Kobject;
  private channels = 0;
  /** The tagged logs this script created (for start() options and factory:create(L4.Proto.Log)). */
  private readonly logs: TaggedLog[] = [];

  constructor(
    private readonly kernel: Kernel,
    private readonly plan: BootPlan,
    private readonly services: ApplicationServices,
    private readonly scriptArgs: string[],
    /** The script's coroutine, which `app:wait()` suspends. */
    private readonly script: ScriptCoroutine,
  ) {}

  /**
   * Prints an exited task's unfinished log lines now, so that they come before whatever the script does
   * after waiting for it (the logs' own exit listeners may run after ned's).
   */
  flushLogs(task: Task): void {
    for (const log of this.logs) log.flush(task);
  }

  private newLog(tag: string, color: string): TaggedLog {
    const log = new TaggedLog(this.kernel, tag, color);
    this.logs.push(log);
    return log;
  }

  /** Registers `L4` in `package.preload`, so `require("L4")` returns it, and as the global `L4`. */
  install(L: LuaState): void {
    this.createCapMetatable(L);
    this.pushModule(L);
    lua.lua_pushvalue(L, -1);
    lua.lua_setglobal(L, 'L4');
    lua.lua_getglobal(L, 'package');
    lua.lua_getfield(L, -1, 'preload');
    lua.lua_pushvalue(L, -3);
    lua.lua_pushjsfunction(L, (S) => {
      lua.lua_getglobal(S, 'L4');
      return 1;
    });
    lua.lua_setfield(L, -3, 'L4');
    lua.lua_pop(L, 4);
  }

  private pushModule(L: LuaState): void {
    lua.lua_createtable(L, 0, 8);

    lua.lua_createtable(L, 0, Object.keys(LUA_PROTO).length);
    for (const [name, value] of Object.entries(LUA_PROTO)) setInteger(L, -1, name, value);
    lua.lua_setfield(L, -2, 'Proto');

    lua.lua_createtable(L, 0, Object.keys(LUA_RIGHTS).length);
    for (const [name, letters] of Object.entries(LUA_RIGHTS)) setInteger(L, -1, name, parseRights(letters) as number);
    lua.lua_setfield(L, -2, 'Rights');

    // ned's own capabilities.
    lua.lua_createtable(L, 0, 8);
    const env: Array<[string, Kobject]> = [
      ['log', this.services.log],
      ['factory', this.services.factory],
      ['mem_alloc', this.services.memAlloc],
      ['scheduler', this.services.scheduler],
      ['icu', this.services.icu],
      ['parent', this.services.parent],
      ['rom', this.rom],
    ];
    for (const [name, object] of env) {
      this.pushCap(L, { object, rights: CAP_RIGHTS_RWSD });
      lua.lua_setfield(L, -2, name);
    }
    lua.lua_setfield(L, -2, 'Env');

    lua.lua_createtable(L, 0, 5);
    lua.lua_pushboolean(L, true);
    lua.lua_setfield(L, -2, LOADER_MARK);
    setFunction(L, -1, 'start', (S) => this.luaStart(S, false));
    setFunction(L, -1, 'startv', (S) => this.luaStart(S, true));
    setFunction(L, -1, 'new_channel', (S) => {
      this.checkLoader(S, 'new_channel');
      const gate = new IpcGate(`channel${++this.channels}`);
      // Passed as it is, a channel is read-only (a client's end); chan:svr() gives the server's rws.
      this.pushCap(S, { object: gate, rights: DEFAULT_CAP_RIGHTS });
      return 1;
    });
    lua.lua_setfield(L, -2, LOADER_NAME);

    lua.lua_pushstring(L, this.scriptArgs[0] ?? '');
    lua.lua_setfield(L, -2, 'script');
  }

  private checkLoader(L: LuaState, method: string): void {
    let isLoader = false;
    if (lua.lua_type(L, 1) === lua.LUA_TTABLE) {
      lua.lua_getfield(L, 1, LOADER_MARK);
      isLoader = lua.lua_toboolean(L, -1);
      lua.lua_pop(L, 1);
    }
    if (!isLoader) luaError(L, `call it as L4.${LOADER_NAME}:${method}(...) (with a colon)`);
  }

  // --- capabilities -------------------------------------------------------------------

  private createCapMetatable(L: LuaState): void {
    lua.lua_createtable(L, 0, 4);
    lua.lua_createtable(L, 0, 4); // methods
    const withRights = (S: LuaState, rights: number): number => {
      const c = this.toCap(S, 1, 'self');
      this.pushCap(S, { object: c.object, rights });
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
      lua.lua_pushstring(S, `L4::Cap<${c.object.toString()}, ${rightsText(c.rights) || '-'}>`);
      return 1;
    });
    lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, CAP_METATABLE);
  }

  private pushCap(L: LuaState, cap: NedCap): void {
    this.caps.push(cap);
    lua.lua_createtable(L, 0, 1);
    setInteger(L, -1, CAP_ID_FIELD, this.caps.length - 1);
    lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, CAP_METATABLE);
    lua.lua_setmetatable(L, -2);
  }

  /** The capability at `idx`, or a Lua error saying what was found instead. */
  private toCap(L: LuaState, idx: number, what: string): NedCap {
    const cap = this.capAt(L, idx);
    if (!cap) luaError(L, `${what}: expected a capability, got ${typeName(L, idx)}`);
    return cap;
  }

  private capAt(L: LuaState, idx: number): NedCap | undefined {
    if (lua.lua_type(L, idx) !== lua.LUA_TTABLE) return undefined;
    lua.lua_getfield(L, idx, CAP_ID_FIELD);
    const id = lua.lua_isinteger(L, -1) ? lua.lua_tointeger(L, -1) : -1;
    lua.lua_pop(L, 1);
    return this.caps[id];
  }

  /** `factory:create(L4.Proto.X, ...)`: a new kernel object (or a tagged log) with full rights. */
  private luaCreate(L: LuaState): number {
    const f = this.toCap(L, 1, 'factory:create()');
    if (!(f.object instanceof Factory)) luaError(L, `create() needs a factory capability, not ${f.object}`);
    if (!lua.lua_isinteger(L, 2)) luaError(L, `factory:create(): the first argument must be an L4.Proto value, got ${typeName(L, 2)}`);
    const proto = lua.lua_tointeger(L, 2);
    let object: Kobject;
    switch (proto) {
      case PROTO.NONE:
      case PROTO.KOBJECT:
        object = new IpcGate(`gate${++this.channels}`);
        break;
      case PROTO.SEMAPHORE:
        object = new Semaphore('semaphore');
        break;
      case PROTO.IRQ:
      case PROTO.IRQ_SENDER:
        object = new Irq('irq');
        break;
      case PROTO.FACTORY: {
        const limit = lua.lua_isinteger(L, 3) ? lua.lua_tointeger(L, 3) : 0;
        object = new Factory('factory', limit, f.object);
        break;
      }
      case PROTO.LOG: {
        const tag = lua.lua_type(L, 3) === lua.LUA_TSTRING ? lua.lua_tojsstring(L, 3) : '';
        const color = lua.lua_type(L, 4) === lua.LUA_TSTRING ? lua.lua_tojsstring(L, 4) : '';
        object = this.newLog(tag, color);
        break;
      }
      default: {
        const name = Object.entries(LUA_PROTO).find(([, v]) => v === proto)?.[0] ?? String(proto);
        luaError(L, `factory:create(): creating ${name} objects from a ned script is not supported (supported: Ipc_gate, Semaphore, Irq, Factory, Log)`);
      }
    }
    this.pushCap(L, { object, rights: CAP_RIGHTS_RWSD });
    return 1;
  }

  // --- starting programs ----------------------------------------------------------------

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
      argv = splitArgs(checkString(L, 3, 'start() command line'));
    }
    if (argv.length === 0) luaError(L, `${method}(): no program given; write "rom/PROGRAM args"`);
    const prog = argv[0];
    if (!prog.startsWith('rom/')) luaError(L, `${method}(): program "${prog}" is not a rom/ name; write "rom/${prog}"`);
    const module = findRomModule(this.plan, prog);
    if (!module) {
      const known = this.plan.modules.map((m) => m.name).join(', ') || 'none';
      luaError(L, `${method}(): ${prog} names no module of entry "${this.plan.entry}" (modules: ${known}); add "module ${prog.slice(4)}" to it`);
    }
    if (module.builtin || !module.path) luaError(L, `${method}(): ${prog} is the built-in ${module.builtin ?? 'component'}, not a program to start`);
    const name = module.name;

    const named: Array<{ name: string; object: Kobject; rights: number }> = [];
    let tag = name;
    let color = '';
    lua.lua_getfield(L, 2, 'caps');
    if (lua.lua_type(L, -1) === lua.LUA_TTABLE) {
      const given: Array<{ name: string; object: Kobject; rights: number }> = [];
      forEachField(L, -1, (key) => {
        const cap = this.capAt(L, -1);
        if (!cap) luaError(L, `${method}(): caps.${key} is not a capability (got ${typeName(L, -1)})`);
        if (key.length >= L4RE_ENV_CAP_NAME_LENGTH) luaError(L, `${method}(): capability name "${key}" is too long (at most ${L4RE_ENV_CAP_NAME_LENGTH - 1} characters)`);
        given.push({ name: key, object: cap.object, rights: cap.rights });
      });
      given.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      // Every application gets `rom` unless the script gives its own.
      if (!given.some((g) => g.name === 'rom')) named.push({ name: 'rom', object: this.rom, rights: DEFAULT_CAP_RIGHTS });
      named.push(...given);
    } else if (lua.lua_type(L, -1) !== lua.LUA_TNIL) {
      luaError(L, `${method}(): caps must be a table {name = capability, ...}, got ${typeName(L, -1)}`);
    } else {
      named.push({ name: 'rom', object: this.rom, rights: DEFAULT_CAP_RIGHTS });
    }
    lua.lua_pop(L, 1);

    let log: Kobject | undefined;
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
      log = cap.object;
    }
    lua.lua_pop(L, 1);

    const app = loadApplication(this.kernel, name, module.path, argv, {
      ...this.services,
      log: log ?? this.newLog(tag, color),
      named,
    });
    this.apps.push(app);

    // The application object: its name, and wait(), which suspends the script until the program exits and
    // returns its exit code.
    lua.lua_createtable(L, 0, 2);
    lua.lua_pushstring(L, name);
    lua.lua_setfield(L, -2, 'name');
    setFunction(L, -1, 'wait', (S) => this.script.wait(S, app.task, name));
    return 1;
  }
}
