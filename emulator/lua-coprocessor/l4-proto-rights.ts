import { PROTO } from '../kernel/abi';

/** `L4.Proto`: protocol numbers by the names ned scripts use (values from the ABI table). */
export const LUA_PROTO: Record<string, number> = {
  Ipc_gate: PROTO.NONE,
  Irq: PROTO.IRQ,
  Sigma0: PROTO.SIGMA0,
  Kobject: PROTO.KOBJECT,
  Task: PROTO.TASK,
  Thread: PROTO.THREAD,
  Log: PROTO.LOG,
  Scheduler: PROTO.SCHEDULER,
  Factory: PROTO.FACTORY,
  Vm: PROTO.VM,
  Irq_sender: PROTO.IRQ_SENDER,
  Semaphore: PROTO.SEMAPHORE,
  Debugger: PROTO.DEBUGGER,
  Dataspace: PROTO.L4RE_DATASPACE,
  Namespace: PROTO.L4RE_NAMESPACE,
  Parent: PROTO.L4RE_PARENT,
  Goos: PROTO.L4RE_GOOS,
  Rm: PROTO.L4RE_RM,
  Event: PROTO.L4RE_EVENT,
  Mem_alloc: PROTO.L4RE_MEM_ALLOC,
};

/** `L4.Rights`: capability right combinations by name. */
export const LUA_RIGHTS: Record<string, string> = { r: 'r', ro: 'r', w: 'w', s: 's', d: 'd', rw: 'rw', rs: 'rs', rws: 'rws', rwsd: 'rwsd', full: 'rwsd' };
