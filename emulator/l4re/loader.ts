import { ElfFile, ElfError } from '../elf/elf-file';
import { PT_LOAD, PF_R, PF_W, PF_X } from '../elf/elf-constants';
import { PROT_R, PROT_W, PROT_X } from '../cpu/address-space';
import { PAGE_SIZE } from '../cpu/physical-memory';
import type { Kernel } from '../kernel/kernel';
import type { Kobject } from '../kernel/kobject';
import type { Task } from '../kernel/task';
import type { Thread } from '../kernel/thread';
import {
  APP_STACK_SIZE,
  APP_STACK_TOP,
  APP_UTCB_AREA,
  APP_UTCB_AREA_ORDER,
  AT_EGID,
  AT_EUID,
  AT_GID,
  AT_L4_AUX,
  AT_L4_ENV,
  AT_L4_KIP,
  AT_NULL,
  AT_PAGESZ,
  AT_UID,
  BASE_DEBUGGER_CAP,
  BASE_FACTORY_CAP,
  BASE_ICU_CAP,
  BASE_LOG_CAP,
  BASE_SCHEDULER_CAP,
  BASE_TASK_CAP,
  BASE_THREAD_CAP,
  CAP_RIGHTS_RWS,
  CAP_RIGHTS_RWSD,
  CAP_SHIFT,
  FPAGE_TYPE_MEMORY,
  INVALID_CAP,
  KIP_ADDRESS,
  L4RE_ENV_CAP_ENTRY_SIZE,
  L4RE_ENV_CAP_NAME_LENGTH,
  L4RE_ENV_OFF,
  L4RE_FIRST_NAMED_CAP,
  L4RE_KIP_DS_CAP,
  L4RE_MAIN_THREAD_PRIO,
  L4RE_MEM_ALLOC_CAP,
  L4RE_PARENT_CAP,
  L4RE_RM_CAP,
  MEM_RIGHT_R,
  MEM_RIGHT_W,
  SYSCALL_PAGE_ADDRESS,
  USER_SPACE_END,
  UTCB_SIZE,
  fpage,
} from '../kernel/abi';
import { RegionManager } from './region-manager';

/** The objects an application's initial capabilities point to (what moe hands its children). */
export interface ApplicationServices {
  log: Kobject;
  parent: Kobject;
  factory: Kobject;
  scheduler: Kobject;
  icu: Kobject;
  memAlloc: Kobject;
  kipDataspace: Kobject;
  /** moe's `rom` namespace (the boot modules), handed to programs as the named capability "rom". */
  rom?: Kobject;
  /** Named capabilities for `l4re_env_get_cap()`, in order. */
  named?: Array<{ name: string; object: Kobject; rights: number }>;
}

export interface LoadedApplication {
  task: Task;
  thread: Thread;
  rm: RegionManager;
}

const sel = (slot: number): number => (slot << CAP_SHIFT) >>> 0;

/**
 * Loads a static 32-bit ELF program as a new L4Re application task, as moe's loader does: program segments
 * in the region map (mapped eagerly, like `--ldr-flags=eager_map`), a stack, the UTCB area, the initial
 * capabilities and an `l4re_env_t`, and a SysV initial stack whose aux vector points at them.
 */
export function loadApplication(kernel: Kernel, name: string, path: string, argv: string[], services: ApplicationServices): LoadedApplication {
  const { task, elf, rm } = createProgramTask(kernel, name, path);

  // Initial capabilities (slots as libloader's remote_app_model uses them).
  const thread = kernel.createThread(task, 'main');
  task.caps.insert(BASE_TASK_CAP, task, CAP_RIGHTS_RWSD);
  task.caps.insert(BASE_FACTORY_CAP, services.factory, CAP_RIGHTS_RWS);
  task.caps.insert(BASE_THREAD_CAP, thread, CAP_RIGHTS_RWSD);
  task.caps.insert(BASE_LOG_CAP, services.log, CAP_RIGHTS_RWS);
  task.caps.insert(BASE_ICU_CAP, services.icu, CAP_RIGHTS_RWS);
  task.caps.insert(BASE_SCHEDULER_CAP, services.scheduler, CAP_RIGHTS_RWS);
  task.caps.insert(BASE_DEBUGGER_CAP, kernel.debuggerObject, CAP_RIGHTS_RWS);
  task.caps.insert(L4RE_RM_CAP, rm, CAP_RIGHTS_RWS);
  task.caps.insert(L4RE_MEM_ALLOC_CAP, services.memAlloc, CAP_RIGHTS_RWS);
  task.caps.insert(L4RE_PARENT_CAP, services.parent, CAP_RIGHTS_RWS);
  task.caps.insert(L4RE_KIP_DS_CAP, services.kipDataspace, CAP_RIGHTS_RWS);
  const named = services.named ?? [];
  named.forEach((n, i) => task.caps.insert(L4RE_FIRST_NAMED_CAP + i, n.object, n.rights));

  const utcb = kernel.allocUtcb(task);
  thread.bindUtcb(utcb);
  thread.pager = sel(L4RE_RM_CAP);
  thread.excHandler = sel(L4RE_RM_CAP);
  kernel.scheduler.setPriority(thread, L4RE_MAIN_THREAD_PRIO);

  const sp = buildInitialStack(kernel, task, rm, argv, { named, firstFreeUtcb: utcb + UTCB_SIZE });
  kernel.startThread(thread, elf.entry, sp);
  return { task, thread, rm };
}

/**
 * A task holding a program image: its segments in a region map (mapped eagerly, like
 * `--ldr-flags=eager_map`, or like bootstrap placing the root task) and a stack region mapped on demand.
 */
export function createProgramTask(kernel: Kernel, name: string, path: string): { task: Task; elf: ElfFile; rm: RegionManager } {
  const elf = ElfFile.load(path);
  elf.assertI386Executable();

  const task = kernel.createTask(name);
  task.image = { path, elf };
  const rm = new RegionManager(task);

  // Program segments.
  const loads = elf.segments.filter((s) => s.type === PT_LOAD && s.memsz > 0);
  if (loads.length === 0) throw new ElfError(path, 'e_phnum', `${path}: no loadable segment (PT_LOAD) in program headers`);
  for (const seg of loads) {
    const end = seg.vaddr + seg.memsz;
    const reserved = [SYSCALL_PAGE_ADDRESS, KIP_ADDRESS];
    if (end > USER_SPACE_END || reserved.some((r) => seg.vaddr < r + PAGE_SIZE && r < end)) {
      kernel.destroyTask(task, -1);
      throw new ElfError(path, `program header ${seg.index}`, `${path}: program header ${seg.index} (p_vaddr 0x${seg.vaddr.toString(16)}, p_memsz 0x${seg.memsz.toString(16)}) overlaps the kernel's reserved addresses`);
    }
    const prot = (seg.flags & PF_R ? PROT_R : 0) | (seg.flags & PF_W ? PROT_W : 0) | (seg.flags & PF_X ? PROT_X | PROT_R : 0);
    try {
      rm.map.attach({
        start: seg.vaddr,
        end,
        prot,
        name: `${name} segment ${seg.index}`,
        backing: { kind: 'image', bytes: elf.bytes, fileOffset: seg.offset, fileSize: seg.filesz, vaddr: seg.vaddr },
      });
    } catch (e) {
      kernel.destroyTask(task, -1);
      throw new ElfError(path, `program header ${seg.index}`, `${path}: ${(e as Error).message}`);
    }
  }
  for (const r of rm.map.list()) for (let p = r.start; p < r.end; p += PAGE_SIZE) rm.populate(kernel, p);

  // Stack (mapped on demand) and UTCB area.
  rm.map.attach({ start: APP_STACK_TOP - APP_STACK_SIZE, end: APP_STACK_TOP, prot: PROT_R | PROT_W, name: 'stack', backing: { kind: 'anonymous' } });
  task.utcbArea = { address: APP_UTCB_AREA, size: 1 << APP_UTCB_AREA_ORDER };

  return { task, elf, rm };
}

/**
 * Writes argv and the aux vector, and for an L4Re application also the cap entries, `l4re_env_t` and
 * `l4re_aux_t`; returns the initial ESP.
 */
export function buildInitialStack(
  kernel: Kernel,
  task: Task,
  rm: RegionManager,
  argv: string[],
  l4re: { named: Array<{ name: string; object: Kobject; rights: number }>; firstFreeUtcb: number } | undefined,
): number {
  const named = l4re?.named ?? [];
  const firstFreeUtcb = l4re?.firstFreeUtcb ?? 0;
  const image = new Uint8Array(PAGE_SIZE * 2);
  const view = new DataView(image.buffer);
  const base = APP_STACK_TOP - image.length; // address of image[0]
  let top = image.length;
  const enc = new TextEncoder();
  const pushBytes = (b: Uint8Array, align = 1): number => {
    top = Math.floor((top - b.length) / align) * align;
    image.set(b, top);
    return base + top;
  };
  const cstr = (s: string): number => pushBytes(Uint8Array.of(...enc.encode(s), 0));

  const argvPtrs = argv.map(cstr);

  // l4re_env_cap_entry_t[]: {cap, flags, name[16]}, ended by flags == ~0.
  const entries = new Uint8Array((named.length + 1) * L4RE_ENV_CAP_ENTRY_SIZE);
  const ev = new DataView(entries.buffer);
  named.forEach((n, i) => {
    const o = i * L4RE_ENV_CAP_ENTRY_SIZE;
    ev.setUint32(o, sel(L4RE_FIRST_NAMED_CAP + i), true);
    ev.setUint32(o + 4, 0, true);
    entries.set(enc.encode(n.name).subarray(0, L4RE_ENV_CAP_NAME_LENGTH), o + 8);
  });
  const endOff = named.length * L4RE_ENV_CAP_ENTRY_SIZE;
  ev.setUint32(endOff, INVALID_CAP, true);
  ev.setUint32(endOff + 4, 0xffffffff, true);
  const capsPtr = pushBytes(entries, 4);

  const env = new Uint8Array(L4RE_ENV_OFF.SIZE);
  const envView = new DataView(env.buffer);
  const put = (off: number, v: number): void => envView.setUint32(off, v >>> 0, true);
  put(L4RE_ENV_OFF.PARENT, sel(L4RE_PARENT_CAP));
  put(L4RE_ENV_OFF.RM, sel(L4RE_RM_CAP));
  put(L4RE_ENV_OFF.MEM_ALLOC, sel(L4RE_MEM_ALLOC_CAP));
  put(L4RE_ENV_OFF.LOG, sel(BASE_LOG_CAP));
  put(L4RE_ENV_OFF.MAIN_THREAD, sel(BASE_THREAD_CAP));
  put(L4RE_ENV_OFF.FACTORY, sel(BASE_FACTORY_CAP));
  put(L4RE_ENV_OFF.SCHEDULER, sel(BASE_SCHEDULER_CAP));
  put(L4RE_ENV_OFF.ITAS, INVALID_CAP);
  put(L4RE_ENV_OFF.DBG_EVENTS, INVALID_CAP);
  put(L4RE_ENV_OFF.FIRST_FREE_CAP, L4RE_FIRST_NAMED_CAP + named.length);
  put(L4RE_ENV_OFF.FIRST_FREE_REPLY_CAP, 0);
  put(L4RE_ENV_OFF.UTCB_AREA, fpage(task.utcbArea.address, APP_UTCB_AREA_ORDER, FPAGE_TYPE_MEMORY, MEM_RIGHT_R | MEM_RIGHT_W));
  put(L4RE_ENV_OFF.FIRST_FREE_UTCB, firstFreeUtcb);
  put(L4RE_ENV_OFF.CAPS, capsPtr);
  const envPtr = pushBytes(env, 8);

  // l4re_aux_t {binary name, kip_ds cap, dbg_lvl, ldr_flags, ldr_base}
  const aux = new Uint8Array(20);
  const auxView = new DataView(aux.buffer);
  auxView.setUint32(0, argvPtrs[0] ?? 0, true);
  auxView.setUint32(4, sel(L4RE_KIP_DS_CAP), true);
  const auxPtr = pushBytes(aux, 4);

  const auxv: Array<[number, number]> = [
    [AT_PAGESZ, PAGE_SIZE],
    [AT_UID, 0],
    [AT_EUID, 0],
    [AT_GID, 0],
    [AT_EGID, 0],
    ...(l4re ? ([[AT_L4_AUX, auxPtr], [AT_L4_ENV, envPtr]] as Array<[number, number]>) : []),
    [AT_L4_KIP, KIP_ADDRESS],
    [AT_NULL, 0],
  ];
  const words: number[] = [argv.length, ...argvPtrs, 0, /* envp */ 0, ...auxv.flat()];
  top = Math.floor((top - words.length * 4) / 16) * 16;
  words.forEach((w, i) => view.setUint32(top + i * 4, w >>> 0, true));

  for (let p = base; p < APP_STACK_TOP; p += PAGE_SIZE) rm.populate(kernel, p);
  task.as.write(base, image);
  return base + top;
}
