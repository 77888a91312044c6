// Which capability rights each operation of each object needs, as Fiasco.OC checks them (kernel objects:
// `thread_object.cpp`, `ipc_gate.cpp`, `irq.cpp`, `semaphore.cpp`, `task.cpp`, `factory.cpp`,
// `icu_helper.cpp`, `vlog.cpp`, `scheduler.cpp`; Kobject_rpc::check_rights compares only W and S).
// The system-call entry (syscall-entry.ts) consults it before an object's invoke runs; a missing right gives -L4_EPERM.
import type { Invocation, InvokeResult } from './kobject';
import { errorReply } from './kobject';
import type { Kobject } from './kobject';
import { CAP_RIGHT_S, CAP_RIGHT_W, CAP_SHIFT, L4_ERR, PROTO, VCON_READ_OP } from './abi';

export interface RightsRule {
  /** Object kind (`Kobject.kind`, or `rightsProfile` where an object differs from its kind). */
  object: string;
  /** Protocol label of the message. */
  protocol: number;
  /** MR0 & 0xffff; undefined: any operation of the protocol (or a message with no words). */
  op?: number;
  /** Operation name for the documentation. */
  operation: string;
  /** Rights the invoked capability must have (W = 1, S = 2). */
  needs: number;
  /** Rights the capability named by the first typed item must have, when there is one. */
  itemNeeds?: number;
  /** What the real kernel does that the row stands for. */
  source: string;
}

const W = CAP_RIGHT_W;
const S = CAP_RIGHT_S;
/** Operation codes repeated here so the table reads on its own. */
const KOBJECT_BIND = 0x10;
const KOBJECT_GET_INFO = 0x11;
const KOBJECT_DEC_REFCNT = 0;
const IRQ_SENDER_DETACH = 1;
const IRQ_UNMASK = 4;
const SEMAPHORE_DOWN = 0;
const ICU_BIND = 0;
const ICU_UNBIND = 1;
const TASK_MAP = 0;
const TASK_UNMAP = 1;
const TASK_CAP_INFO = 2;
const TASK_ADD_KU_MEM = 3;
const THREAD_CONTROL = 0;
const THREAD_EX_REGS = 1;
const THREAD_SWITCH = 2;
const THREAD_STATS = 3;
const THREAD_X86_GDT = 0x10;
const SCHEDULER_INFO = 0;
const SCHEDULER_RUN_THREAD = 1;
const SCHEDULER_IDLE_TIME = 2;

/** Every checked (and every deliberately unchecked) operation. Rows with needs 0 document "no right". */
export const RIGHTS_TABLE: readonly RightsRule[] = [
  { object: 'Thread', protocol: PROTO.THREAD, op: THREAD_CONTROL, operation: 'control (pager, exception handler, bind)', needs: S, itemNeeds: S, source: 'Thread_object::sys_control: S on the thread; S on the task it binds to' },
  { object: 'Thread', protocol: PROTO.THREAD, op: THREAD_EX_REGS, operation: 'ex_regs', needs: 0, source: 'Thread_object::sys_ex_regs: no rights check' },
  { object: 'Thread', protocol: PROTO.THREAD, op: THREAD_SWITCH, operation: 'switch', needs: 0, source: 'Thread_object::sys_thread_switch: no rights check' },
  { object: 'Thread', protocol: PROTO.THREAD, op: THREAD_STATS, operation: 'stats', needs: 0, source: 'Thread_object::sys_thread_stats: no rights check' },
  { object: 'Thread', protocol: PROTO.THREAD, op: THREAD_X86_GDT, operation: 'x86 gdt', needs: 0, source: 'Thread::sys_gdt_x86: no rights check' },
  { object: 'Task', protocol: PROTO.TASK, op: TASK_MAP, operation: 'map (invoked on the destination)', needs: W, source: 'Task::sys_map: W on the destination task; S of object fpages masked by both task caps' },
  { object: 'Task', protocol: PROTO.TASK, op: TASK_UNMAP, operation: 'unmap', needs: 0, source: 'Task::sys_unmap: none; deleting an object needs D on its capability' },
  { object: 'Task', protocol: PROTO.TASK, op: TASK_CAP_INFO, operation: 'cap_info', needs: 0, source: 'Task::sys_cap_info: no rights check' },
  { object: 'Task', protocol: PROTO.TASK, op: TASK_ADD_KU_MEM, operation: 'add_ku_mem', needs: 0, source: 'Task::sys_add_ku_mem: no rights check' },
  { object: 'Factory', protocol: PROTO.FACTORY, operation: 'create (any object)', needs: S, itemNeeds: S, source: 'Factory::kinvoke check_basics(S); a gate bound at creation needs S on the thread' },
  { object: 'IpcGate', protocol: PROTO.KOBJECT, op: KOBJECT_BIND, operation: 'bind', needs: S, itemNeeds: S, source: 'Ipc_gate_ctl::bind_thread: S on the gate and on the thread' },
  { object: 'IpcGate', protocol: PROTO.KOBJECT, op: KOBJECT_GET_INFO, operation: 'get_info', needs: 0, source: 'Ipc_gate_ctl::get_infos: no rights check (documented as "server", not enforced)' },
  { object: 'IpcGate', protocol: PROTO.KOBJECT, op: KOBJECT_DEC_REFCNT, operation: 'dec_refcnt', needs: 0, source: 'Kobject::kobject_invoke: no rights check' },
  { object: 'Irq', protocol: PROTO.KOBJECT, op: KOBJECT_BIND, operation: 'bind (attach to a thread)', needs: S, itemNeeds: S, source: 'Irq_sender::sys_bind: S on the IRQ and on the thread' },
  { object: 'Irq', protocol: PROTO.IRQ_SENDER, op: IRQ_SENDER_DETACH, operation: 'detach', needs: S, source: 'Irq_sender::sys_detach: S' },
  { object: 'Irq', protocol: PROTO.IRQ, op: IRQ_UNMASK, operation: 'unmask / receive', needs: 0, source: 'Irq_sender::kinvoke Eoi: no rights check' },
  { object: 'Irq', protocol: PROTO.IRQ, operation: 'trigger (0 words)', needs: 0, source: 'Irq::dispatch_irq_proto Trigger: no rights check' },
  { object: 'Semaphore', protocol: PROTO.SEMAPHORE, op: SEMAPHORE_DOWN, operation: 'down', needs: S, source: 'Semaphore::sys_down: S' },
  { object: 'Semaphore', protocol: PROTO.IRQ, operation: 'up (trigger)', needs: 0, source: 'Irq::dispatch_irq_proto Trigger: no rights check' },
  { object: 'Icu', protocol: PROTO.IRQ, op: ICU_BIND, operation: 'bind', needs: 0, itemNeeds: W, source: 'Icu_h::op_icu_bind: W on the IRQ argument' },
  { object: 'Icu', protocol: PROTO.IRQ, op: ICU_UNBIND, operation: 'unbind', needs: 0, source: 'Icu_h::op_icu_unbind: no rights check' },
  { object: 'Icu', protocol: PROTO.IRQ, operation: 'info, msi_info, mask, unmask, set_mode', needs: 0, source: 'Icu_h::icu_invoke: no rights check' },
  { object: 'Vlog', protocol: PROTO.LOG, op: VCON_READ_OP, operation: 'read', needs: W, source: 'Vlog::get_input: W' },
  { object: 'Vlog', protocol: PROTO.LOG, operation: 'write, set_attr, get_attr', needs: 0, source: 'Vlog::kinvoke: no rights check' },
  { object: 'Scheduler', protocol: PROTO.SCHEDULER, op: SCHEDULER_RUN_THREAD, operation: 'run_thread', needs: 0, source: 'Scheduler::sys_run: no rights check (on the scheduler or the thread)' },
  { object: 'Scheduler', protocol: PROTO.SCHEDULER, op: SCHEDULER_INFO, operation: 'info', needs: 0, source: 'Scheduler::kinvoke: no rights check' },
  { object: 'Scheduler', protocol: PROTO.SCHEDULER, op: SCHEDULER_IDLE_TIME, operation: 'idle_time', needs: 0, source: 'Scheduler::kinvoke: no rights check' },
  { object: 'Debugger', protocol: PROTO.DEBUGGER, operation: 'any (output, set_name, ...)', needs: 0, source: 'Jdb_object::kinvoke: no rights check' },
];

/** Message-item rule (Thread::transfer_msg_items): an object fpage sent through a cap without S loses S. */
export function itemRightsMask(senderRights: number): number {
  return (senderRights & S) | ~S;
}

/** The rule that governs an invocation of `object` with protocol `label` and MR0 `mr0`, if any. */
export function rightsRule(object: Kobject, label: number, words: number, mr0: number): RightsRule | undefined {
  const kind = object.rightsProfile ?? object.kind;
  const op = words > 0 ? mr0 & 0xffff : undefined;
  let fallback: RightsRule | undefined;
  for (const r of RIGHTS_TABLE) {
    if (r.object !== kind || r.protocol !== label) continue;
    if (r.op === undefined) fallback ??= r;
    else if (r.op === op) return r;
  }
  return fallback;
}

/**
 * Checks the rights an invocation needs: the invoked capability's, and the capability the first typed item
 * names (when the caller holds it; a missing one is the object's EINVAL). Returns the -EPERM reply, or
 * undefined when the object may run the operation.
 */
export function checkRights(object: Kobject, inv: Invocation): InvokeResult | undefined {
  const c = inv.caller;
  const rule = rightsRule(object, inv.tag.label, inv.tag.words, inv.tag.words > 0 ? c.mr(0) : 0);
  if (!rule) return undefined;
  if ((inv.rights & rule.needs) !== rule.needs) return errorReply(L4_ERR.EPERM);
  if (rule.itemNeeds && inv.tag.items > 0) {
    const item = c.task.caps.lookup(c.mr(inv.tag.words + 1) >>> CAP_SHIFT);
    if (item && (item.rights & rule.itemNeeds) !== rule.itemNeeds) return errorReply(L4_ERR.EPERM);
  }
  return undefined;
}
