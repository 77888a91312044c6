/* Thread objects (L4_PROTO_THREAD, spec section 9.1): control (bind to a
 * task, pager, exception handler), ex_regs, switch, stats.
 *
 * Thread control is built up in the caller's UTCB in steps, as in L4Re:
 *   l4_thread_control_start();
 *   l4_thread_control_pager(pager);
 *   l4_thread_control_bind(utcb_of_new_thread, task);
 *   tag = l4_thread_control_commit(thread);
 * Nothing else may use the UTCB's message registers between start and
 * commit. */
#ifndef L4_SYS_THREAD_H
#define L4_SYS_THREAD_H

#include <l4/sys/ipc.h>

enum L4_thread_ops
{
  L4_THREAD_CONTROL_OP               = 0UL,
  L4_THREAD_EX_REGS_OP               = 1UL,
  L4_THREAD_SWITCH_OP                = 2UL,
  L4_THREAD_STATS_OP                 = 3UL,
  L4_THREAD_VCPU_RESUME_OP           = 4UL,
  L4_THREAD_REGISTER_DELETE_IRQ_OP   = 5UL,
  L4_THREAD_MODIFY_SENDER_OP         = 6UL,
  L4_THREAD_VCPU_CONTROL_OP          = 7UL,
  L4_THREAD_REGISTER_DOORBELL_IRQ_OP = 8UL,
  L4_THREAD_X86_GDT_OP               = 0x10UL,
  L4_THREAD_OPCODE_MASK              = 0xffffUL,
};

enum L4_thread_control_flags
{
  L4_THREAD_CONTROL_SET_PAGER       = 0x0010000,
  L4_THREAD_CONTROL_BIND_TASK       = 0x0200000,
  L4_THREAD_CONTROL_ALIEN           = 0x0400000,
  L4_THREAD_CONTROL_UX_NATIVE       = 0x0800000,
  L4_THREAD_CONTROL_SET_EXC_HANDLER = 0x1000000,
};

/* Where each control parameter sits in the message registers. */
enum L4_thread_control_mr_indices
{
  L4_THREAD_CONTROL_MR_IDX_FLAGS       = 0,
  L4_THREAD_CONTROL_MR_IDX_PAGER       = 1,
  L4_THREAD_CONTROL_MR_IDX_EXC_HANDLER = 2,
  L4_THREAD_CONTROL_MR_IDX_FLAG_VALS   = 4,
  L4_THREAD_CONTROL_MR_IDX_BIND_UTCB   = 5,
  L4_THREAD_CONTROL_MR_IDX_BIND_TASK   = 6,
};

enum L4_thread_ex_regs_flags
{
  L4_THREAD_EX_REGS_CANCEL            = 0x10000UL,
  L4_THREAD_EX_REGS_TRIGGER_EXCEPTION = 0x20000UL,
  L4_THREAD_EX_REGS_ARCH_MASK         = 0xff000000UL,
};

/* --- ex_regs: set instruction and stack pointer (~0UL keeps a value). --- */

L4_INLINE l4_msgtag_t
l4_thread_ex_regs_u(l4_cap_idx_t thread, l4_addr_t ip, l4_addr_t sp,
                    l4_umword_t flags, l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  v->mr[0] = L4_THREAD_EX_REGS_OP | flags;
  v->mr[1] = ip;
  v->mr[2] = sp;
  return l4_ipc_call(thread, utcb, l4_msgtag(L4_PROTO_THREAD, 3, 0, 0),
                     L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t
l4_thread_ex_regs(l4_cap_idx_t thread, l4_addr_t ip, l4_addr_t sp,
                  l4_umword_t flags)
{
  return l4_thread_ex_regs_u(thread, ip, sp, flags, l4_utcb());
}

/* Like ex_regs, but *ip, *sp, *flags are in/out: on return they hold the
 * thread's previous instruction pointer, stack pointer and eflags. */
L4_INLINE l4_msgtag_t
l4_thread_ex_regs_ret_u(l4_cap_idx_t thread, l4_addr_t *ip, l4_addr_t *sp,
                        l4_umword_t *flags, l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  l4_msgtag_t tag = l4_thread_ex_regs_u(thread, *ip, *sp, *flags, utcb);
  if (l4_error_u(tag, utcb) < 0)
    return tag;
  *flags = v->mr[0];
  *ip = v->mr[1];
  *sp = v->mr[2];
  return tag;
}

L4_INLINE l4_msgtag_t
l4_thread_ex_regs_ret(l4_cap_idx_t thread, l4_addr_t *ip, l4_addr_t *sp,
                      l4_umword_t *flags)
{
  return l4_thread_ex_regs_ret_u(thread, ip, sp, flags, l4_utcb());
}

/* --- control ------------------------------------------------------------ */

L4_INLINE void
l4_thread_control_start_u(l4_utcb_t *utcb)
{
  l4_utcb_mr_u(utcb)->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS] = L4_THREAD_CONTROL_OP;
}

L4_INLINE void l4_thread_control_start(void) { l4_thread_control_start_u(l4_utcb()); }

L4_INLINE void
l4_thread_control_pager_u(l4_cap_idx_t pager, l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  v->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS] |= L4_THREAD_CONTROL_SET_PAGER;
  v->mr[L4_THREAD_CONTROL_MR_IDX_PAGER] = pager;
}

L4_INLINE void
l4_thread_control_pager(l4_cap_idx_t pager)
{
  l4_thread_control_pager_u(pager, l4_utcb());
}

L4_INLINE void
l4_thread_control_exc_handler_u(l4_cap_idx_t exc_handler, l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  v->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS] |= L4_THREAD_CONTROL_SET_EXC_HANDLER;
  v->mr[L4_THREAD_CONTROL_MR_IDX_EXC_HANDLER] = exc_handler;
}

L4_INLINE void
l4_thread_control_exc_handler(l4_cap_idx_t exc_handler)
{
  l4_thread_control_exc_handler_u(exc_handler, l4_utcb());
}

/* Bind the thread to `task`, with its UTCB at `thread_utcb` (an address in
 * the task's UTCB area). The task travels as a typed item. */
L4_INLINE void
l4_thread_control_bind_u(l4_utcb_t *thread_utcb, l4_cap_idx_t task,
                         l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  v->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS] |= L4_THREAD_CONTROL_BIND_TASK;
  v->mr[L4_THREAD_CONTROL_MR_IDX_BIND_UTCB] = (l4_addr_t)thread_utcb;
  v->mr[L4_THREAD_CONTROL_MR_IDX_BIND_TASK] = l4_map_obj_control(0, 0);
  v->mr[L4_THREAD_CONTROL_MR_IDX_BIND_TASK + 1]
    = l4_obj_fpage(task, 0, L4_CAP_FPAGE_RWS).raw;
}

L4_INLINE void
l4_thread_control_bind(l4_utcb_t *thread_utcb, l4_cap_idx_t task)
{
  l4_thread_control_bind_u(thread_utcb, task, l4_utcb());
}

L4_INLINE void
l4_thread_control_alien_u(l4_utcb_t *utcb, int on)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  v->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS] |= L4_THREAD_CONTROL_ALIEN;
  v->mr[L4_THREAD_CONTROL_MR_IDX_FLAG_VALS] |= on ? L4_THREAD_CONTROL_ALIEN : 0;
}

L4_INLINE void l4_thread_control_alien(int on) { l4_thread_control_alien_u(l4_utcb(), on); }

/* Send the collected control request: 6 words, plus the task item when
 * binding. The reply's MR1/MR2 hold the old pager and exception handler. */
L4_INLINE l4_msgtag_t
l4_thread_control_commit_u(l4_cap_idx_t thread, l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  unsigned items = (v->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS]
                    & L4_THREAD_CONTROL_BIND_TASK) ? 1 : 0;
  return l4_ipc_call(thread, utcb, l4_msgtag(L4_PROTO_THREAD, 6, items, 0),
                     L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t
l4_thread_control_commit(l4_cap_idx_t thread)
{
  return l4_thread_control_commit_u(thread, l4_utcb());
}

/* --- scheduling helpers ---------------------------------------------------- */

/* l4_thread_yield() lives in <l4/sys/ipc.h> (a receive with zero timeouts). */

/* Switch to `to_thread` if it is ready (donating the rest of the slice). */
L4_INLINE l4_msgtag_t
l4_thread_switch_u(l4_cap_idx_t to_thread, l4_utcb_t *utcb)
{
  l4_utcb_mr_u(utcb)->mr[0] = L4_THREAD_SWITCH_OP;
  return l4_ipc_call(to_thread, utcb, l4_msgtag(L4_PROTO_THREAD, 1, 0, 0),
                     L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t
l4_thread_switch(l4_cap_idx_t to_thread)
{
  return l4_thread_switch_u(to_thread, l4_utcb());
}

/* CPU time the thread has consumed, in microseconds. */
L4_INLINE l4_msgtag_t
l4_thread_stats_time_u(l4_cap_idx_t thread, l4_kernel_clock_t *us,
                       l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  l4_msgtag_t tag;
  v->mr[0] = L4_THREAD_STATS_OP;
  tag = l4_ipc_call(thread, utcb, l4_msgtag(L4_PROTO_THREAD, 1, 0, 0),
                    L4_IPC_NEVER);
  if (l4_error_u(tag, utcb) >= 0)
    *us = v->mr64[0];
  return tag;
}

L4_INLINE l4_msgtag_t
l4_thread_stats_time(l4_cap_idx_t thread, l4_kernel_clock_t *us)
{
  return l4_thread_stats_time_u(thread, us, l4_utcb());
}

/* Register an IRQ that the kernel triggers when the thread is deleted. */
L4_INLINE l4_msgtag_t
l4_thread_register_del_irq_u(l4_cap_idx_t thread, l4_cap_idx_t irq,
                             l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  v->mr[0] = L4_THREAD_REGISTER_DELETE_IRQ_OP;
  v->mr[1] = l4_map_obj_control(0, 0);
  v->mr[2] = l4_obj_fpage(irq, 0, L4_CAP_FPAGE_RWS).raw;
  return l4_ipc_call(thread, utcb, l4_msgtag(L4_PROTO_THREAD, 1, 1, 0),
                     L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t
l4_thread_register_del_irq(l4_cap_idx_t thread, l4_cap_idx_t irq)
{
  return l4_thread_register_del_irq_u(thread, irq, l4_utcb());
}

#endif
