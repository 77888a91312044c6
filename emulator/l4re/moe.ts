import type { Kernel } from '../kernel/kernel';
import type { BootModule, BootPlan } from '../boot/boot-config';
import { BootError } from '../boot/boot-errors';
import { UnimplementedService } from './unimplemented-service';
import { Parent } from './parent';
import { MemAlloc } from './mem-alloc';
import { RomNamespace } from './rom-namespace';
import { MoeFactory, SchedulerProxy } from './moe-factory';
import { CAP_RIGHT_R, SCHED_MAX_PRIO } from '../kernel/abi';
import { ApplicationServices, LoadedApplication, loadApplication } from './loader';
import type * as NedModule from './ned/ned';
import type * as ScriptCoroutineModule from './ned/script-coroutine';
import { parseMoeCommandLine } from './moe-command-line';

const ROM_PREFIX = 'rom/';

/**
 * The moe role: the root task of an L4Re system. It owns the boot modules (the `rom/` namespace), starts the
 * init program named by `--init=rom/X` as an application with an `l4re_env_t`, and serves its parent, region
 * manager and memory-allocator protocols.
 */
export class Moe {
  readonly parent = new Parent('parent');
  readonly kipDataspace = new UnimplementedService('Moe.Dataspace', 'kip');

  readonly memAlloc: MemAlloc;

  constructor(
    private readonly kernel: Kernel,
    private readonly plan: BootPlan,
  ) {
    this.memAlloc = new MemAlloc(kernel);
    this.rom = new RomNamespace(kernel, plan);
    this.factory = new MoeFactory(kernel, this.memAlloc);
    this.scheduler = new SchedulerProxy(kernel.schedulerObject, SCHED_MAX_PRIO, 0);
  }

  /** What applications get as `factory` and `scheduler`: moe's proxies, as in L4Re. */
  readonly factory: MoeFactory;
  readonly scheduler: SchedulerProxy;

  /** The boot modules as the `rom` namespace. */
  readonly rom: RomNamespace;

  /** Starts the init program; a boot configuration that cannot work throws a BootError naming the line. */
  start(): LoadedApplication {
    const root = this.plan.roottask;
    const cmd = parseMoeCommandLine(root.args);
    if (!cmd.init.startsWith(ROM_PREFIX)) {
      throw this.error(root, `moe: --init=${cmd.init} is not a rom/ name; write --init=rom/PROGRAM`);
    }
    const name = cmd.init.slice(ROM_PREFIX.length);
    const module = this.plan.modules.find((m) => m.name === name);
    if (name === 'ned' && (!module || module.builtin)) {
      // ned and its Lua (fengari) load only for boots that start ned: they are most of the CLI's start-up time.
      const { startNed } = require('./ned/ned') as typeof NedModule;
      const { DEFAULT_SCRIPT_LIMITS } = require('./ned/script-coroutine') as typeof ScriptCoroutineModule;
      const ned = startNed(this.kernel, this.plan, this.services(), cmd.initArgs);
      // The boot's exit status is that of the first program the script started.
      if (ned.apps.length === 0 && ned.coroutine.runnable) {
        throw this.error(ned.script, `ned: the script ${cmd.initArgs[0]} ran ${DEFAULT_SCRIPT_LIMITS.bootInstructions} Lua instructions at boot without starting a program (an endless loop?)`);
      }
      if (ned.apps.length === 0) throw this.error(ned.script, `ned: the script ${cmd.initArgs[0]} started no program; call L4.default_loader:start({}, "rom/PROGRAM")`);
      return ned.apps[0];
    }
    if (!module) {
      const known = this.plan.modules.map((m) => m.name).join(', ') || 'none';
      throw this.error(root, `moe: --init=${cmd.init} names no module of entry "${this.plan.entry}" (modules: ${known}); add "module ${name}"`);
    }
    if (module.builtin || !module.path) {
      throw this.error(module, `moe: rom/${name} is the built-in ${module.builtin ?? 'component'}, not a program to start`);
    }
    const argv = [cmd.init, ...cmd.initArgs];
    // moe gives its init program its named capabilities; "rom" is the one programs use.
    return loadApplication(this.kernel, name, module.path, argv, { ...this.services(), named: [{ name: 'rom', object: this.rom, rights: CAP_RIGHT_R }] });
  }

  /** What moe hands its children (ned passes them on, with a tagged log per program). */
  private services(): ApplicationServices {
    return {
      log: this.kernel.vlog,
      parent: this.parent,
      factory: this.factory,
      scheduler: this.scheduler,
      icu: this.kernel.icu,
      memAlloc: this.memAlloc,
      kipDataspace: this.kipDataspace,
      rom: this.rom,
    };
  }

  private error(at: BootModule, message: string): BootError {
    const e = new BootError(`${at.file}:${at.line}: ${message}`);
    e.file = at.file;
    e.line = at.line;
    return e;
  }
}
