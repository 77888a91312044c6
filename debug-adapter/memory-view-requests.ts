// The memory view's requests: which tasks there are, the labelled layout of one task's address space, and
// an address for what the user typed (a number, a symbol, symbol+offset, a register of the stopped thread).
// The bytes themselves travel through the standard readMemory/writeMemory requests.
import { registerCustomRequest, type CustomRequestContext } from './custom-requests';
import { RequestError } from './request-errors';
import { taskMemoryLayout } from './memory-regions';
import { Machine } from '../emulator/machine';
import { GPR_NAMES } from './register-names';
import type { Task } from '../emulator/kernel/task';
import type { Thread } from '../emulator/kernel/thread';

interface TaskArgs {
  taskId?: number;
  threadId?: number;
}

function asObject(args: unknown): Record<string, unknown> {
  return args && typeof args === 'object' ? (args as Record<string, unknown>) : {};
}

/** The task named by `taskId`, else the task of `threadId`, else the stopped thread's, else the first program's. */
function taskOf(args: TaskArgs, ctx: CustomRequestContext): { task: Task; thread?: Thread } {
  const rt = ctx.runtime;
  if (!rt.machine) throw new RequestError(3101, 'the program is not running');
  if (args.taskId !== undefined) {
    if (typeof args.taskId !== 'number') throw new RequestError(3102, 'taskId must be a number');
    const task = rt.taskById(args.taskId);
    if (!task) throw new RequestError(3103, `no task ${args.taskId}`);
    return { task, thread: rt.currentStop?.thread.task === task ? rt.currentStop.thread : undefined };
  }
  if (args.threadId !== undefined) {
    const thread = typeof args.threadId === 'number' ? rt.thread(args.threadId) : undefined;
    if (!thread) throw new RequestError(3104, `no thread ${String(args.threadId)}`);
    return { task: thread.task, thread };
  }
  const thread = rt.currentStop?.thread ?? rt.userThreads()[0];
  if (!thread) throw new RequestError(3105, 'no task to show: no program thread yet');
  return { task: thread.task, thread };
}

registerCustomRequest('fiasco/memory/tasks', (_args, ctx) => {
  const rt = ctx.runtime;
  const current = rt.currentStop?.thread.task ?? rt.userThreads()[0]?.task;
  return {
    currentTaskId: current?.id,
    tasks: (rt.machine?.tasks() ?? []).filter((t) => !t.exited).map((t) => ({ id: t.id, name: t.name, hasImage: !!t.image })),
  };
});

registerCustomRequest('fiasco/memory/regions', (args, ctx) => {
  const a = asObject(args);
  const { task } = taskOf({ taskId: a.taskId as number | undefined, threadId: a.threadId as number | undefined }, ctx);
  return taskMemoryLayout(task);
});

registerCustomRequest('fiasco/memory/resolve', (args, ctx) => {
  const a = asObject(args);
  if (typeof a.text !== 'string' || a.text.trim() === '') throw new RequestError(3106, 'resolve needs text: an address, a symbol, symbol+offset or a register');
  const { task, thread } = taskOf({ taskId: a.taskId as number | undefined }, ctx);
  const text = a.text.trim();
  const m = /^(.+?)\s*([+-])\s*(0x[0-9a-f]+|\d+)$/i.exec(text);
  const base = m ? m[1] : text;
  const offset = m ? (m[2] === '+' ? 1 : -1) * Number(m[3]) : 0;
  let address: number | undefined;
  if (/^(0x[0-9a-f]+|\d+)$/i.test(base)) address = Number(base);
  const reg = base.replace(/^\$/, '').toLowerCase();
  if (address === undefined && thread && ((GPR_NAMES as readonly string[]).includes(reg) || reg === 'eip')) {
    address = Machine.readRegister(thread, reg as (typeof GPR_NAMES)[number] | 'eip');
  }
  if (address === undefined) {
    const name = base.replace(/^&/, '');
    const sym = task.image?.elf.symbolByName(name) ?? task.image?.elf.symbols().find((s) => s.name === name);
    const fn = sym ? undefined : ctx.runtime.debugInfo(task)?.functionByName(name);
    address = sym?.value ?? fn?.low;
  }
  if (address === undefined) throw new RequestError(3107, `"${text}" is not an address, a symbol of ${task.name}${thread ? ' or a register' : ''}`);
  return { taskId: task.id, address: (address + offset) >>> 0 };
});
