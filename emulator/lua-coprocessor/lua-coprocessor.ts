import { lua, lauxlib } from 'fengari';
import type { LuaState } from 'fengari';
import { Invocation, InvokeResult, Kobject, errorReply, okReply } from '../kernel/kobject';
import { L4_ERR, UTCB_MR_OFFSET } from '../kernel/abi';
import type { BootPlan } from '../boot/boot-config';
import { findRomModule } from '../boot/boot-config';
import { MAX_LUA_MODULE_BYTES, restrictRequire } from './rom-require';
import { openDeterministicLibs } from './deterministic-libs';
import { scriptErrorPosition } from './script-error-position';
import { LUA_CHUNK_BYTES, LUA_COPROCESSOR_PROTO, LUA_OP, LUA_REQ } from './lua-coprocessor-protocol';
import { CoprocessorL4Module, ScriptRequest } from './coprocessor-l4-module';
import { ScriptBounds } from './script-bounds';
import { takeStringGuardTrip } from './string-size-guard';
import { positionOf } from './lua-bridge';
import { ScriptPrograms } from './script-programs';

/** Lua VM instructions the script runs per request before it yields its turn back to ned's thread. */
const TURN_INSTRUCTIONS = 200_000;
const HOOK_INTERVAL = 1000;
/**
 * Lua instructions a script may run before it starts its first program. A boot script that loops before
 * starting anything would keep the machine busy with no output until --max-instructions (minutes of host time
 * in the Lua VM): ned stops it with an error naming the script's line instead.
 */
export const INSTRUCTIONS_BEFORE_FIRST_PROGRAM = 20_000_000;
/** What a script gets for a coroutine.yield() of its own: only ned's requests suspend it. */
const TOP_LEVEL_YIELD = 'coroutine.yield() outside a coroutine: only app:wait() suspends the script';

/**
 * The Lua coprocessor of the user-level ned: a device in the kernel that only ned holds a capability to
 * (the boot gives it to moe, moe hands it only to the init program rom/ned). It runs the script's Lua with
 * fengari and does nothing else: every L4 operation the script asks for (start a program, make a channel,
 * create an object, print) comes back to ned as a request, and ned performs it by IPC from its own thread
 * and resumes the script with the result. Its whole state (the Lua state and the pending request) lives
 * in this one object; it runs only inside ned's calls, so it is as deterministic as ned's thread.
 */
export class LuaCoprocessor extends Kobject {
  readonly kind = 'LuaCoprocessor';
  private source: number[] = [];
  private L?: LuaState;
  private co?: LuaState;
  private module?: CoprocessorL4Module;
  private chunkName = '';
  /** The request ned is serving, or the one it is to read next. */
  private pending: { kind: number; payload: Uint8Array } = { kind: LUA_REQ.DONE, payload: new Uint8Array() };
  /** Text printed by the script, delivered before its next request. */
  private printed = '';
  private queued?: { kind: number; payload: Uint8Array };
  private ended = false;
  private turnLeft = 0;
  /** Lua instructions run so far (counted by the hook, shown in the debugger). */
  private instructions = 0;
  /** Lua instructions not yet charged to the emulated clock (takeCharge). */
  private uncharged = 0;
  private bounds?: ScriptBounds;
  /** The count hook yielded at the end of the script's turn (not a request, not a yield of the script's own). */
  private preempted = false;
  /** Why the count hook stopped the script, at the script's line (it yielded to end it). */
  private stopped?: string;
  /** The programs the script started and their exits (app:wait(), the boot's exit status). */
  private readonly programs = new ScriptPrograms();

  constructor(private readonly plan: BootPlan) {
    super('ned Lua coprocessor');
  }

  override invoke(inv: Invocation): InvokeResult {
    if (inv.tag.label !== LUA_COPROCESSOR_PROTO) return errorReply(L4_ERR.EBADPROTO);
    const c = inv.caller;
    const words = inv.tag.words;
    if (words < 1) return errorReply(L4_ERR.EMSGTOOSHORT);
    switch (c.mr(0)) {
      case LUA_OP.LOAD: {
        const n = c.mr(1);
        if (this.L || n > LUA_CHUNK_BYTES || words < 2 + Math.ceil(n / 4)) return errorReply(L4_ERR.EINVAL);
        if (this.source.length + n > MAX_LUA_MODULE_BYTES) return errorReply(L4_ERR.ENOMEM);
        const bytes = c.task.as.read(c.utcb + UTCB_MR_OFFSET + 8, n);
        if (!bytes) return errorReply(L4_ERR.EINVAL);
        for (const b of bytes) this.source.push(b);
        return okReply();
      }
      case LUA_OP.RUN: {
        if (this.L || words < 9) return errorReply(L4_ERR.EINVAL);
        const env = [1, 2, 3, 4, 5, 6, 7].map((i) => c.mr(i));
        const raw = c.task.as.read(c.utcb + UTCB_MR_OFFSET + 32, (words - 8) * 4) ?? new Uint8Array();
        const strings = new TextDecoder().decode(raw).split('\0');
        strings.pop(); // what follows the last NUL is padding
        const [name, ...args] = strings;
        if (!name) return errorReply(L4_ERR.EINVAL);
        this.start(name, args, env);
        return this.answer(c, () => this.step(args.length));
      }
      case LUA_OP.RESUME: {
        if (!this.co || (this.ended && !this.queued)) return errorReply(L4_ERR.EINVAL);
        // A script preempted by the count hook takes no value back (Lua: resume a hook's yield with none).
        const result = this.pending.kind === LUA_REQ.CONTINUE ? undefined : c.mr(1) | 0;
        return this.answer(c, () => this.step(0, result));
      }
      case LUA_OP.EXITED: {
        if (words < 3) return errorReply(L4_ERR.EMSGTOOSHORT);
        this.programs.exited(c.mr(1), c.mr(2) | 0);
        return okReply();
      }
      case LUA_OP.NOT_RUN:
        if (this.L) return errorReply(L4_ERR.EINVAL);
        this.programs.scriptOver();
        return okReply();
      case LUA_OP.READ: {
        const offset = c.mr(1);
        const chunk = this.pending.payload.subarray(offset, offset + LUA_CHUNK_BYTES);
        c.setMr(0, chunk.length);
        c.task.as.write(c.utcb + UTCB_MR_OFFSET + 4, chunk);
        return okReply(1 + Math.ceil(chunk.length / 4));
      }
      default:
        return errorReply(L4_ERR.ENOSYS);
    }
  }

  /** The Lua state with the deterministic libraries and the `L4` module; the script loaded on a coroutine. */
  private start(name: string, args: string[], env: number[]): void {
    const L = lauxlib.luaL_newstate();
    this.L = L;
    this.bounds = new ScriptBounds(L);
    openDeterministicLibs(L, (text) => { this.printed += text + '\n'; });
    // `require` reaches the boot's rom modules only, never the host's .lua or .js files.
    restrictRequire(L, this.plan);
    this.chunkName = name.startsWith('rom/') ? name : `rom/${name}`;
    this.co = lua.lua_newthread(L);
    this.module = new CoprocessorL4Module(this.plan, name, env, this.co, this.programs);
    this.module.install(L);
    lua.lua_sethook(this.co, (S) => this.countHook(S), lua.LUA_MASKCOUNT, HOOK_INTERVAL);
    const source = Uint8Array.from(this.source);
    this.source = [];
    if (lauxlib.luaL_loadbufferx(this.co, source, source.length, `@${this.chunkName}`, 't') !== lua.LUA_OK) {
      this.fail(lua.lua_tojsstring(this.co, -1));
      return;
    }
    for (const a of args) lua.lua_pushstring(this.co, a);
  }

  /** Resumes the script (with `result` pushed as its one argument) until its next request, end or error. */
  private step(nargs: number, result?: number): void {
    const co = this.co;
    if (!co || this.ended) return;
    if (result !== undefined) {
      lua.lua_pushinteger(co, result);
      nargs++;
    }
    this.turnLeft = TURN_INSTRUCTIONS;
    takeStringGuardTrip();
    this.preempted = false;
    let status: number;
    try {
      status = lua.lua_resume(co, this.L!, nargs);
    } catch (e) {
      // A JS exception unwound the VM (the string-size guard, or a fault of fengari): the script is over.
      const guard = takeStringGuardTrip();
      this.fail(positionOf(co) + (guard ?? `internal error in the Lua VM (${e instanceof Error ? e.message : String(e)})`));
      return;
    }
    const guard = takeStringGuardTrip();
    if (guard && status !== lua.LUA_OK && status !== lua.LUA_YIELD) {
      this.fail(positionOf(co) + guard);
      return;
    }
    if (status === lua.LUA_YIELD) {
      const req: ScriptRequest | undefined = this.module!.takeRequest();
      if (this.stopped) this.fail(this.stopped);
      // Neither a request nor the hook: the script's own coroutine.yield, a function it called (level 1).
      else if (!req && !this.preempted) this.fail(positionOf(co, 1) + TOP_LEVEL_YIELD);
      else {
        lua.lua_settop(co, 0);
        this.pending = req ? { kind: req.kind, payload: req.payload } : { kind: LUA_REQ.CONTINUE, payload: new Uint8Array() };
      }
    } else if (status === lua.LUA_OK) {
      this.ended = true;
      this.programs.scriptOver();
      this.pending = { kind: LUA_REQ.DONE, payload: new Uint8Array() };
    } else {
      this.fail(lua.lua_type(co, -1) === lua.LUA_TSTRING ? lua.lua_tojsstring(co, -1) : 'error object is not a string');
    }
  }

  private fail(raw: string): void {
    this.ended = true;
    this.programs.scriptOver();
    const script = findRomModule(this.plan, this.chunkName);
    const where = script ? scriptErrorPosition(raw, this.chunkName, script) : { file: this.chunkName, line: undefined, message: raw };
    const text = `${where.file}${where.line ? `:${where.line}` : ''}: ${where.message}`;
    this.pending = { kind: LUA_REQ.FAILED, payload: new TextEncoder().encode(text) };
  }

  /** Runs `run` unless a request is still queued behind printed text; answers with the next request. */
  private answer(c: Invocation['caller'], run: () => void): InvokeResult {
    if (this.queued) {
      this.pending = this.queued;
      this.queued = undefined;
    } else {
      const before = this.instructions;
      run();
      // The Lua ran on the calling thread's time: it uses up its time slice, so a script's loop lets the
      // programs it started (same priority) have their turns, as a Lua loop in the real ned's thread would.
      const used = this.instructions - before;
      c.quantumLeft -= used;
      c.consumed += used;
      if (this.printed) {
        this.queued = this.pending;
        this.pending = { kind: LUA_REQ.PRINT, payload: new TextEncoder().encode(this.printed) };
        this.printed = '';
      }
    }
    const first = this.pending.payload.subarray(0, LUA_CHUNK_BYTES);
    c.setMr(0, this.pending.kind);
    c.setMr(1, this.pending.payload.length);
    c.task.as.write(c.utcb + UTCB_MR_OFFSET + 8, first);
    return okReply(2 + Math.ceil(first.length / 4));
  }

  /**
   * Every HOOK_INTERVAL instructions: the heap bound; at the end of the turn, yield to ned (so a loop cannot
   * hang the machine), or, where the script cannot yield, count towards the hard bound.
   */
  private countHook(L: LuaState): void {
    this.instructions += HOOK_INTERVAL;
    this.uncharged += HOOK_INTERVAL;
    this.turnLeft -= HOOK_INTERVAL;
    this.bounds?.checkHeap(L, HOOK_INTERVAL);
    const yieldable = L === this.co && lua.lua_isyieldable(L);
    if (yieldable && !this.programs.anyStarted && this.instructions >= INSTRUCTIONS_BEFORE_FIRST_PROGRAM) {
      // Ended by a yield rather than a Lua error, which the script's pcall could catch. The line is taken
      // here: after a hook's yield, the coroutine's frame no longer tells it.
      this.stopped = `${positionOf(L)}ned stopped the script: it ran ${INSTRUCTIONS_BEFORE_FIRST_PROGRAM} Lua instructions at boot without starting a program (an endless loop?)`;
      lua.lua_yield(L, 0);
      return;
    }
    if (this.turnLeft > 0) return;
    if (yieldable) {
      this.bounds?.yielded();
      this.preempted = true;
      lua.lua_yield(L, 0);
      return;
    }
    this.bounds?.overran(L, HOOK_INTERVAL);
  }

  /** The boot's exit status as far as the script decides it (ScriptPrograms.bootExitStatus). */
  get bootExitStatus(): number | undefined {
    return this.programs.bootExitStatus;
  }

  /**
   * The Lua instructions run since the last call. The machine charges them to the emulated clock, as work of
   * ned's thread: a script's loop costs emulated time and counts against --max-instructions like guest code.
   */
  takeCharge(): number {
    const n = this.uncharged;
    this.uncharged = 0;
    return n;
  }

  override describe(): Array<{ name: string; value: string }> {
    return [
      { name: 'script', value: this.chunkName || '(not loaded)' },
      { name: 'state', value: !this.co ? 'loading' : this.ended ? 'ended' : 'suspended' },
      { name: 'Lua instructions', value: String(this.instructions) },
    ];
  }
}

