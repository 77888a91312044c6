import type { Invocation, InvokeResult } from './kobject';
import { errorReply, okReply } from './kobject';
import type { Thread } from './thread';
import { Task } from './task';
import { registerDeleteIrq } from './thread-delete-irq';
import { CAP_SHIFT, GDT_USER_ENTRY_SELECTORS, L4_ERR, PROTO, UTCB_SIZE, USER_CS, USER_DS, UTCB_SEGMENT } from './abi';
import { PAGE_SIZE } from '../cpu/physical-memory';
import { PROT_R, PROT_W } from '../cpu/address-space';

/** Thread protocol opcodes (spec §9.1). */
export const THREAD_OP = { CONTROL: 0, EX_REGS: 1, SWITCH: 2, STATS: 3, REGISTER_DELETE_IRQ: 5, X86_GDT: 0x10 } as const;
export const THREAD_CONTROL = { SET_PAGER: 0x10000, BIND_TASK: 0x200000, ALIEN: 0x400000, SET_EXC_HANDLER: 0x1000000 } as const;
export const EX_REGS_FLAG = { CANCEL: 0x10000, TRIGGER_EXCEPTION: 0x20000 } as const;
const KEEP = 0xffffffff;
/** Number of the first per-thread user GDT entry (selector 0x4B). */
const FIRST_USER_GDT_ENTRY = 9;

/** Decodes an 8-byte segment descriptor into base and byte-granular limit. */
function decodeDescriptor(lo: number, hi: number): { base: number; limit: number } {
  const base = ((lo >>> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000)) >>> 0;
  let limit = (lo & 0xffff) | (hi & 0xf0000);
  if (hi & 0x800000) limit = ((limit << 12) | 0xfff) >>> 0;
  return { base, limit };
}

/** Segment selectors a thread may load: the flat user segments, the UTCB segment, and its four GDT entries. */
export function installDescriptorLookup(t: Thread): void {
  t.cpu.descriptorLookup = (selector: number) => {
    const sel = selector & 0xfffc;
    if (sel === (USER_CS & 0xfffc) || sel === (USER_DS & 0xfffc)) return { base: 0, limit: 0xffffffff };
    if (sel === (UTCB_SEGMENT & 0xfffc)) return { base: (t.utcb + 0xfc) >>> 0, limit: 3 };
    const i = GDT_USER_ENTRY_SELECTORS.indexOf(sel | 3);
    return i >= 0 ? t.gdt[i] : undefined;
  };
}

/** The kernel's thread object: CONTROL, EX_REGS, SWITCH, STATS, X86_GDT (spec §9.1). */
export function threadInvoke(target: Thread, inv: Invocation): InvokeResult {
  if (inv.tag.label !== PROTO.THREAD) return errorReply(L4_ERR.EBADPROTO);
  if (inv.tag.words === 0) return errorReply(L4_ERR.EMSGTOOSHORT);
  const c = inv.caller;
  const k = inv.kernel;
  const mr0 = c.mr(0);
  switch (mr0 & 0xffff) {
    case THREAD_OP.CONTROL: {
      if (inv.tag.words < 6) return errorReply(L4_ERR.EINVAL);
      const oldPager = target.pager;
      const oldExc = target.excHandler;
      if (mr0 & THREAD_CONTROL.BIND_TASK) {
        if (inv.tag.items < 1) return errorReply(L4_ERR.EINVAL);
        const fp = c.mr(inv.tag.words + 1);
        const e = c.task.caps.lookup(fp >>> CAP_SHIFT);
        if (!e || !(e.object instanceof Task)) return errorReply(L4_ERR.EINVAL);
        const err = bindTask(inv, target, e.object, c.mr(5));
        if (err) return errorReply(err);
      }
      if (mr0 & THREAD_CONTROL.SET_PAGER) target.pager = c.mr(1);
      if (mr0 & THREAD_CONTROL.SET_EXC_HANDLER) target.excHandler = c.mr(2);
      c.setMr(1, oldPager);
      c.setMr(2, oldExc);
      return okReply(3);
    }
    case THREAD_OP.EX_REGS: {
      if (inv.tag.words !== 3) return errorReply(L4_ERR.EINVAL);
      const ip = c.mr(1);
      const sp = c.mr(2);
      const oldFlags = target.cpu.getEflags();
      const oldIp = target.cpu.eip;
      const oldSp = target.cpu.regs[4];
      if (mr0 & EX_REGS_FLAG.CANCEL) k.ipc.cancel(target);
      if (mr0 & EX_REGS_FLAG.TRIGGER_EXCEPTION) {
        target.triggerException = true;
        k.ipc.cancel(target); // a blocked thread leaves its IPC to take the exception
      }
      if (ip !== KEEP) target.cpu.eip = ip;
      if (sp !== KEEP) target.cpu.regs[4] = sp;
      // A bound thread that has never run starts once it has somewhere to run.
      if (target.state === 'inactive' && target.utcb !== 0 && ip !== KEEP) k.scheduler.makeReady(target);
      c.setMr(0, oldFlags);
      c.setMr(1, oldIp);
      c.setMr(2, oldSp);
      return okReply(3);
    }
    case THREAD_OP.SWITCH:
      if (target.runnable && target !== c) k.scheduler.rotate(c);
      return okReply();
    case THREAD_OP.STATS: {
      const us = Math.floor(target.consumed / k.instructionsPerMicrosecond);
      c.setMr(0, us >>> 0);
      c.setMr(1, Math.floor(us / 0x1_0000_0000) >>> 0);
      return okReply(2);
    }
    case THREAD_OP.REGISTER_DELETE_IRQ:
      return registerDeleteIrq(target, inv);
    case THREAD_OP.X86_GDT: {
      if (inv.tag.words === 1) {
        c.setMr(0, FIRST_USER_GDT_ENTRY);
        return okReply(1);
      }
      const first = c.mr(1);
      const n = Math.floor((inv.tag.words - 2) / 2);
      if (first >= target.gdt.length || first + n > target.gdt.length) return errorReply(L4_ERR.EINVAL);
      for (let i = 0; i < n; i++) target.gdt[first + i] = decodeDescriptor(c.mr(2 + 2 * i), c.mr(3 + 2 * i));
      installDescriptorLookup(target);
      return okReply(0, 0, ((first << 3) + GDT_USER_ENTRY_SELECTORS[0]) & 0xffff);
    }
    default:
      return errorReply(L4_ERR.ENOSYS);
  }
}

/** BIND_TASK: the thread moves into `task` with its UTCB at `utcb` (inside the task's UTCB area). */
function bindTask(inv: Invocation, t: Thread, task: Task, utcb: number): number {
  if (!task.inKernelUserMemory(utcb, UTCB_SIZE) || utcb % UTCB_SIZE) return L4_ERR.EINVAL;
  if (t.task !== task) {
    const old = t.task;
    old.threads.splice(old.threads.indexOf(t), 1);
    task.threads.push(t);
    t.task = task;
    t.cpu.as = task.as;
  }
  if (t.awaitingNumber) {
    t.awaitingNumber = false;
    t.shortName = `thread${++task.threadsNumbered}`;
  }
  t.name = `${task.name}:${t.shortName}`;
  const page = utcb & ~(PAGE_SIZE - 1);
  if (!task.as.lookup(page)) task.as.map(page, inv.kernel.phys.allocFrame(), PROT_R | PROT_W);
  t.bindUtcb(utcb);
  installDescriptorLookup(t);
  return 0;
}
