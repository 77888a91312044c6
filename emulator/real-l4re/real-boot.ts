// Boots the way bootstrap and Fiasco's std_workload boot a real L4Re system: images at their physical
// addresses, the module table and KIP as bootstrap leaves them, sigma0 (a file: a real build's, or our own
// servers/bin/sigma0) identity-mapped and started with ECX = the KIP's physical address, and the root task paged
// by sigma0 through an IPC gate with label 0x40. The root task is moe (everything after that, moe loading l4re,
// ned and the programs, is the binaries' own work) or a program of the user's own (`roottask FILE args`), which
// gets an initial stack with its arguments and no L4Re environment.

import { loadElfFile } from '../elf/elf-file-cache';
import * as path from 'path';
import type { BootModule, BootPlan } from '../boot/boot-config';
import { userLevelServersDir } from '../boot/user-level-servers';
import type * as LuaCoprocessorModule from '../lua-coprocessor/lua-coprocessor';
import type { LuaCoprocessor } from '../lua-coprocessor/lua-coprocessor';
import { MOE_LUA_COPROCESSOR_SLOT } from '../lua-coprocessor/lua-coprocessor-protocol';
import { BootError } from '../boot/boot-errors';
import { addHostActivity } from '../host-activity';
import { findModuleFile } from '../boot/module-search';
import { ElfFile } from '../elf/elf-file';
import type { Kernel } from '../kernel/kernel';
import type { Task } from '../kernel/task';
import type { Thread } from '../kernel/thread';
import { Reg } from '../cpu/cpu';
import { PROT_R, PROT_W } from '../cpu/address-space';
import { IpcGate } from '../kernel/ipc-gate';
import { installDescriptorLookup } from '../kernel/thread-object';
import {
  BASE_DEBUGGER_CAP,
  BASE_FACTORY_CAP,
  BASE_ICU_CAP,
  BASE_LOG_CAP,
  BASE_PAGER_CAP,
  BASE_SCHEDULER_CAP,
  BASE_TASK_CAP,
  BASE_THREAD_CAP,
  CAP_RIGHTS_RWSD,
  CAP_SHIFT,
  ROOT_UTCB_ADDRESS,
  ROOT_UTCB_AREA_SIZE,
} from '../kernel/abi';
import { DEFAULT_MODADDR, KIP_PHYSICAL, MBI_ADDRESS, PlacedImage, memoryDescriptors, placeImage, placeModules, writeModuleTable } from './bootstrap-layout';
import { writeRealKip } from './real-kip';
import { ROOT_TASK_STACK, RootTaskStack, writeRootTaskStack } from './root-task-stack';
import { splitModuleArgs } from '../boot/module-args';

/** The label of the root task's pager gate: sigma0 tells clients apart by label >> 4 (4 = the root task). */
export const ROOT_PAGER_GATE_LABEL = 0x40;
/** Start priorities: sigma0 first (it raises itself to 255), then the root task. */
const SIGMA0_START_PRIO = 2;
const ROOT_START_PRIO = 1;

/** Is this plan a real L4Re boot (moe taken from a file)? */
export function isRealL4ReBoot(plan: BootPlan): boolean {
  return plan.roles.some((r) => r.role === 'moe' && r.path === plan.roottask.path);
}

function bootError(at: BootModule, message: string): BootError {
  return new BootError(`${at.file}:${at.line}: ${message}`, { file: at.file, line: at.line });
}

export interface RealBoot {
  sigma0: { task: Task; thread: Thread; image: PlacedImage };
  /** moe, or the user's program; `stack` only for a program. */
  root: { task: Task; thread: Thread; image: PlacedImage; stack?: RootTaskStack };
  /** Our ned's Lua coprocessor, which knows the boot's exit status (its first program's); absent with another ned. */
  script?: { readonly bootExitStatus: number | undefined };
}

/** Lays out memory and the KIP, then creates sigma0 and the root task (moe or a program) as the real kernel does. */
export function startRealL4Re(k: Kernel, plan: BootPlan): RealBoot {
  const root = plan.roottask;
  const s0 = plan.sigma0;
  const moe = isRealL4ReBoot(plan);
  if (!root.path) throw bootError(root, `roottask ${root.name}: no file to start as the root task; use a moe file or a program file`);
  if (!s0.path) throw bootError(s0, `the root task ${root.path} needs sigma0 as a file: put a file named sigma0 on the search path`);

  const sigma0Image = placeImage(k.phys, s0.path);
  const rootImage = placeImage(k.phys, root.path);
  const line = (m: BootModule): string => [m.name, m.args].filter(Boolean).join(' ');
  const modules = placeModules(k.phys, plan.modaddr ?? DEFAULT_MODADDR, [
    // The kernel module: bootstrap copies the kernel's file; ours has none unless one lies on the search path.
    { cmdline: line(plan.kernel), kind: 1, path: plan.kernel.path ?? findModuleFile(plan.kernel.name, plan.searchPath) },
    { cmdline: line(s0), kind: 2, path: s0.path },
    { cmdline: line(root), kind: 3, path: root.path },
    ...plan.modules.map((m) => {
      if (!m.path) throw bootError(m, `module ${m.name}: the built-in ${m.builtin ?? 'component'} has no file to put into a real boot's rom/ (put ${m.name} on the search path)`);
      return { cmdline: line(m), kind: 0, path: m.path };
    }),
  ]);
  // A program's stack pages (moe makes its own stack), in RAM that no image or module may cover.
  if (!moe) assertStackFree(root, [sigma0Image, rootImage], modules);
  const stack = moe ? undefined : writeRootTaskStack(k.phys, [root.name, ...splitModuleArgs(root.args)]);
  const modaddr = plan.modaddr ?? DEFAULT_MODADDR;
  const mbiBytes = writeModuleTable(k.phys, `bootstrap -modaddr=0x${modaddr.toString(16).padStart(8, '0')}`, modules);
  writeRealKip(k.kip, {
    sigma0Ip: sigma0Image.entry,
    rootIp: rootImage.entry,
    userPtr: MBI_ADDRESS,
    memDescs: memoryDescriptors(sigma0Image, rootImage, mbiBytes, modules, stack ? [stack.region] : []),
  });

  // sigma0: all RAM 1:1, no pager; ECX = physical KIP address (thread-ia32-32.cpp: user_invoke).
  const sigma0Task = k.createTask('sigma0');
  sigma0Task.identityMapped = true;
  sigma0Task.image = { path: s0.path, elf: sigma0Image.elf };
  const sigma0Thread = createFirstThread(k, sigma0Task, SIGMA0_START_PRIO);
  initialCaps(k, sigma0Task, sigma0Thread);
  sigma0Thread.cpu.regs[Reg.ECX] = KIP_PHYSICAL;

  // The root task: paged by sigma0 through cap 4, an IPC gate with label 0x40 (std_workload.cpp:
  // create_boot_task), the same initial capabilities, its UTCB at 0xBFF00000, no L4Re environment.
  const rootTask = k.createTask(moe ? 'moe' : root.name);
  rootTask.image = { path: root.path, elf: rootImage.elf };
  const rootThread = createFirstThread(k, rootTask, ROOT_START_PRIO);
  initialCaps(k, rootTask, rootThread);
  const gate = new IpcGate();
  gate.name = 'sigma0 pager';
  gate.bind(sigma0Thread, ROOT_PAGER_GATE_LABEL);
  rootTask.caps.insert(BASE_PAGER_CAP, gate, CAP_RIGHTS_RWSD);
  k.objectCreated(gate);
  rootThread.pager = (BASE_PAGER_CAP << CAP_SHIFT) >>> 0;

  const script = moe ? grantLuaCoprocessor(k, plan, rootTask) : undefined;
  followImageInfo(k, plan);
  k.startThread(sigma0Thread, sigma0Image.entry, 0);
  // The real kernel starts the root task with SP = 0; a program gets its argument stack (root-task-stack.ts).
  k.startThread(rootThread, rootImage.entry, stack?.sp ?? 0);
  return { sigma0: { task: sigma0Task, thread: sigma0Thread, image: sigma0Image }, root: { task: rootTask, thread: rootThread, image: rootImage, stack }, script };
}

/** The program's stack pages must be free RAM: no image or module may lie there. */
function assertStackFree(root: BootModule, images: PlacedImage[], modules: Array<{ start: number; end: number }>): void {
  const { start, end } = ROOT_TASK_STACK;
  const taken = [...images.flatMap((i) => i.segments.map((s) => ({ ...s, what: i.path }))), ...modules.map((m) => ({ ...m, what: 'the boot modules' }))];
  const clash = taken.find((t) => t.start < end && start < t.end);
  if (clash) throw bootError(root, `the root task's initial stack [0x${start.toString(16)}, 0x${end.toString(16)}) would cover ${clash.what} at 0x${clash.start.toString(16)}`);
}

/**
 * When ned is our own user-level ned (servers/bin/ned), the boot gives moe the Lua coprocessor that runs
 * ned's scripts; moe hands it on only to the init program rom/ned (servers/pkg/moe loader.c). Any other ned
 * (a real build's) gets nothing, so its boot is unchanged.
 */
function grantLuaCoprocessor(k: Kernel, plan: BootPlan, moeTask: Task): LuaCoprocessor | undefined {
  const ned = plan.roles.find((r) => r.role === 'ned');
  const own = userLevelServersDir();
  if (!ned?.path || !own || path.resolve(ned.path) !== path.join(own, 'ned')) return undefined;
  // Required here, not at the top: only a boot with our ned evaluates fengari (~0.1 s of `fiasco run` hello's start).
  const { LuaCoprocessor } = require('../lua-coprocessor/lua-coprocessor') as typeof LuaCoprocessorModule;
  const coprocessor = new LuaCoprocessor(plan);
  moeTask.caps.insert(MOE_LUA_COPROCESSOR_SLOT, coprocessor, CAP_RIGHTS_RWSD);
  k.objectCreated(coprocessor);
  // The script's Lua instructions go on the emulated clock (it runs only inside ned's calls: never on its own).
  addHostActivity(k, { runnable: false, run: () => undefined, takeCharge: () => coprocessor.takeCharge() });
  return coprocessor;
}

/** The first thread of a kernel-made task: UTCB at 0xBFF00000 (kernel memory), FS = GS = the UTCB segment. */
function createFirstThread(k: Kernel, task: Task, prio: number): Thread {
  task.utcbArea = { address: ROOT_UTCB_ADDRESS, size: ROOT_UTCB_AREA_SIZE };
  task.as.map(ROOT_UTCB_ADDRESS, k.phys.allocFrame(), PROT_R | PROT_W);
  const t = k.createThread(task, 'main');
  t.bindUtcb(ROOT_UTCB_ADDRESS);
  installDescriptorLookup(t);
  k.scheduler.setPriority(t, prio);
  return t;
}

/** The kernel's initial capabilities (l4sys consts.h l4_default_caps_t). */
function initialCaps(k: Kernel, task: Task, thread: Thread): void {
  task.caps.insert(BASE_TASK_CAP, task, CAP_RIGHTS_RWSD);
  task.caps.insert(BASE_FACTORY_CAP, k.rootFactory, CAP_RIGHTS_RWSD);
  task.caps.insert(BASE_THREAD_CAP, thread, CAP_RIGHTS_RWSD);
  task.caps.insert(BASE_LOG_CAP, k.vlog, CAP_RIGHTS_RWSD);
  task.caps.insert(BASE_ICU_CAP, k.icu, CAP_RIGHTS_RWSD);
  task.caps.insert(BASE_SCHEDULER_CAP, k.schedulerObject, CAP_RIGHTS_RWSD);
  task.caps.insert(BASE_DEBUGGER_CAP, k.debuggerObject, CAP_RIGHTS_RWSD);
}

function hasDwarf(elf: ElfFile): boolean {
  return elf.sections.some((sec) => sec.name === '.debug_info');
}

/** The in-task service every program runs with: its image counts only until the program's own is known. */
const ITAS_NAME = 'l4re';

/**
 * moe, ned and l4re announce each image they load into a task (l4_debugger_add_image_info). The task keeps
 * every one (task.images: the debugger resolves each address in the image that holds it), and its image
 * becomes that module's file, so the debugger finds the entry point; the program's image wins over l4re's,
 * which every program task also holds, unless only l4re's has debug information.
 */
function followImageInfo(k: Kernel, plan: BootPlan): void {
  const files = new Map<string, string>();
  for (const m of [plan.roottask, plan.sigma0, ...plan.modules]) if (m.path) files.set(m.name, m.path);
  k.events.on('image-info', ({ task, name }) => {
    const file = files.get(name);
    if (!file) return;
    if (task.images.some((i) => i.path === file)) return;
    try {
      const elf = loadElfFile(file);
      task.images.push({ path: file, elf });
      // The image the task is known by: the program's, unless only l4re's has debug information (the real,
      // stripped hello); the debugger resolves addresses in all of them anyway.
      if (task.image && name === ITAS_NAME) return;
      if (task.image && hasDwarf(task.image.elf) && !hasDwarf(elf)) return;
      task.image = { path: file, elf };
    } catch {
      // not an ELF file (a script module): nothing to show
    }
  });
}

/** ELF entry points of the entry's program modules (not sigma0, moe, l4re, ned; not scripts). */
export function realProgramEntries(plan: BootPlan): number[] {
  const roles = new Set(plan.roles.map((r) => r.path));
  const out: number[] = [];
  for (const m of plan.modules) {
    if (!m.path || roles.has(m.path)) continue;
    try {
      out.push(loadElfFile(m.path).entry);
    } catch {
      // not an ELF file (a ned script)
    }
  }
  return out;
}
