import type { Kernel } from '../kernel/kernel';
import type { Task } from '../kernel/task';
import type { Thread } from '../kernel/thread';
import {
  BASE_DEBUGGER_CAP,
  BASE_FACTORY_CAP,
  BASE_ICU_CAP,
  BASE_LOG_CAP,
  BASE_PAGER_CAP,
  BASE_SCHEDULER_CAP,
  BASE_TASK_CAP,
  BASE_THREAD_CAP,
  CAP_RIGHTS_RWS,
  CAP_RIGHTS_RWSD,
  CAP_SHIFT,
  ROOT_UTCB_ADDRESS,
  ROOT_UTCB_AREA_SIZE,
} from '../kernel/abi';
import { buildInitialStack, createProgramTask } from './loader';
import type { Sigma0 } from './sigma0';

/**
 * Starts a root task that is not moe (`roottask FILE` in modules.lst), as the kernel and bootstrap do: its
 * image placed in memory, the kernel's initial capabilities (spec §3.2: task, factory, thread, a pager
 * capability to sigma0, log, ICU, scheduler, debugger), its UTCB at 0xBFF00000, priority 1, and no L4Re
 * environment. Unlike the real kernel (SP = 0) it gets a SysV initial stack with its arguments, so that
 * programs built with our SDK's crt0 start.
 */
export function startRootTask(kernel: Kernel, sigma0: Sigma0, name: string, path: string, argv: string[]): { task: Task; thread: Thread } {
  const { task, elf, rm } = createProgramTask(kernel, name, path);
  sigma0.images.set(task.id, rm);
  task.utcbArea = { address: ROOT_UTCB_ADDRESS, size: ROOT_UTCB_AREA_SIZE };
  const thread = kernel.createThread(task, 'main');
  task.caps.insert(BASE_TASK_CAP, task, CAP_RIGHTS_RWSD);
  task.caps.insert(BASE_FACTORY_CAP, kernel.rootFactory, CAP_RIGHTS_RWS);
  task.caps.insert(BASE_THREAD_CAP, thread, CAP_RIGHTS_RWSD);
  task.caps.insert(BASE_PAGER_CAP, sigma0, CAP_RIGHTS_RWS);
  task.caps.insert(BASE_LOG_CAP, kernel.vlog, CAP_RIGHTS_RWS);
  task.caps.insert(BASE_ICU_CAP, kernel.icu, CAP_RIGHTS_RWS);
  task.caps.insert(BASE_SCHEDULER_CAP, kernel.schedulerObject, CAP_RIGHTS_RWS);
  task.caps.insert(BASE_DEBUGGER_CAP, kernel.debuggerObject, CAP_RIGHTS_RWS);
  thread.bindUtcb(kernel.allocUtcb(task));
  thread.pager = (BASE_PAGER_CAP << CAP_SHIFT) >>> 0;
  const sp = buildInitialStack(kernel, task, rm, argv, undefined);
  kernel.startThread(thread, elf.entry, sp);
  return { task, thread };
}
