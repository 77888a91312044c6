/* Factory objects (L4_PROTO_FACTORY, spec section 9.3): create tasks,
 * threads, IPC gates, factories, IRQs, semaphores.
 *
 * Request: MR0 = protocol of the new object, then "vargs" (a type|size<<16
 * word and the value), BDR = 0 and BR0 = target slot | L4_RCV_ITEM_SINGLE_CAP.
 * The new capability lands in the target slot. Success is label 0, failure
 * a negative L4_E* label (e.g. -L4_ENOMEM when the quota is used up). */
#ifndef L4_SYS_FACTORY_H
#define L4_SYS_FACTORY_H

#include <l4/sys/ipc.h>

/* Begins a create request for an object of protocol `obj`; returns the tag
 * that the add functions extend. */
L4_INLINE l4_msgtag_t
l4_factory_create_start_u(long obj, l4_cap_idx_t target, l4_utcb_t *utcb)
{
  l4_buf_regs_t *b = l4_utcb_br_u(utcb);
  l4_utcb_mr_u(utcb)->mr[0] = (l4_umword_t)obj;
  b->bdr = 0;
  b->br[0] = target | L4_RCV_ITEM_SINGLE_CAP;
  return l4_msgtag(L4_PROTO_FACTORY, 1, 0, 0);
}

/* Appends one two-word argument; 0 when the MRs are full. */
L4_INLINE int
__l4_factory_add_word_u(l4_umword_t type, l4_umword_t value,
                        l4_msgtag_t *tag, l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  unsigned w = l4_msgtag_words(*tag);
  if (w + 2 > L4_UTCB_GENERIC_DATA_SIZE)
    return 0;
  v->mr[w] = type | (sizeof(l4_umword_t) << 16);
  v->mr[w + 1] = value;
  tag->raw = (tag->raw & ~0x3fL) | ((w + 2) & 0x3f);
  return 1;
}

L4_INLINE int
l4_factory_create_add_fpage_u(l4_fpage_t d, l4_msgtag_t *tag, l4_utcb_t *utcb)
{
  return __l4_factory_add_word_u(L4_VARG_TYPE_FPAGE, d.raw, tag, utcb);
}

L4_INLINE int
l4_factory_create_add_int_u(l4_mword_t d, l4_msgtag_t *tag, l4_utcb_t *utcb)
{
  return __l4_factory_add_word_u(L4_VARG_TYPE_MWORD, (l4_umword_t)d, tag, utcb);
}

L4_INLINE int
l4_factory_create_add_uint_u(l4_umword_t d, l4_msgtag_t *tag, l4_utcb_t *utcb)
{
  return __l4_factory_add_word_u(L4_VARG_TYPE_UMWORD, d, tag, utcb);
}

/* A string argument: the type word carries the byte length, bytes follow. */
L4_INLINE int
l4_factory_create_add_lstr_u(char const *s, unsigned len, l4_msgtag_t *tag,
                             l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  unsigned w = l4_msgtag_words(*tag);
  unsigned n = l4_bytes_to_mwords(len);
  char *c;
  unsigned i;
  if (w + 1 + n > L4_UTCB_GENERIC_DATA_SIZE)
    return 0;
  v->mr[w] = L4_VARG_TYPE_STRING | ((l4_umword_t)len << 16);
  c = (char *)&v->mr[w + 1];
  for (i = 0; i < len; ++i)
    c[i] = s[i];
  tag->raw = (tag->raw & ~0x3fL) | ((w + 1 + n) & 0x3f);
  return 1;
}

L4_INLINE int
l4_factory_create_add_str_u(char const *s, l4_msgtag_t *tag, l4_utcb_t *utcb)
{
  unsigned len = 0;
  while (s[len])
    ++len;
  return l4_factory_create_add_lstr_u(s, len + 1, tag, utcb);
}

L4_INLINE int
l4_factory_create_add_nil_u(l4_msgtag_t *tag, l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  unsigned w = l4_msgtag_words(*tag);
  if (w + 1 > L4_UTCB_GENERIC_DATA_SIZE)
    return 0;
  v->mr[w] = L4_VARG_TYPE_NIL;
  tag->raw = (tag->raw & ~0x3fL) | ((w + 1) & 0x3f);
  return 1;
}

L4_INLINE l4_msgtag_t
l4_factory_create_commit_u(l4_cap_idx_t factory, l4_msgtag_t tag,
                           l4_utcb_t *utcb)
{
  return l4_ipc_call(factory, utcb, tag, L4_IPC_NEVER);
}

/* Create an object of protocol `obj` that needs no arguments. */
L4_INLINE l4_msgtag_t
l4_factory_create_u(l4_cap_idx_t factory, long obj, l4_cap_idx_t target,
                    l4_utcb_t *utcb)
{
  l4_msgtag_t t = l4_factory_create_start_u(obj, target, utcb);
  return l4_factory_create_commit_u(factory, t, utcb);
}

L4_INLINE l4_msgtag_t
l4_factory_create(l4_cap_idx_t factory, long obj, l4_cap_idx_t target)
{
  return l4_factory_create_u(factory, obj, target, l4_utcb());
}

/* A task whose UTCBs live in `utcb_area` (a memory fpage). */
L4_INLINE l4_msgtag_t
l4_factory_create_task_u(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
                         l4_fpage_t utcb_area, l4_utcb_t *utcb)
{
  l4_msgtag_t t = l4_factory_create_start_u(L4_PROTO_TASK, target_cap, utcb);
  l4_factory_create_add_fpage_u(utcb_area, &t, utcb);
  return l4_factory_create_commit_u(factory, t, utcb);
}

L4_INLINE l4_msgtag_t
l4_factory_create_task(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
                       l4_fpage_t utcb_area)
{
  return l4_factory_create_task_u(factory, target_cap, utcb_area, l4_utcb());
}

/* A thread: not bound to a task and not running until thread control and
 * ex_regs / l4_scheduler_run_thread give it a task, UTCB, IP and SP. */
L4_INLINE l4_msgtag_t
l4_factory_create_thread_u(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
                           l4_utcb_t *utcb)
{
  return l4_factory_create_u(factory, L4_PROTO_THREAD, target_cap, utcb);
}

L4_INLINE l4_msgtag_t
l4_factory_create_thread(l4_cap_idx_t factory, l4_cap_idx_t target_cap)
{
  return l4_factory_create_thread_u(factory, target_cap, l4_utcb());
}

/* A factory whose objects may use at most `limit` bytes of kernel memory
 * (charged to the creating factory as well). */
L4_INLINE l4_msgtag_t
l4_factory_create_factory_u(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
                            unsigned long limit, l4_utcb_t *utcb)
{
  l4_msgtag_t t = l4_factory_create_start_u(L4_PROTO_FACTORY, target_cap, utcb);
  l4_factory_create_add_uint_u(limit, &t, utcb);
  return l4_factory_create_commit_u(factory, t, utcb);
}

L4_INLINE l4_msgtag_t
l4_factory_create_factory(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
                          unsigned long limit)
{
  return l4_factory_create_factory_u(factory, target_cap, limit, l4_utcb());
}

/* An IPC gate, bound to `thread_cap` with `label` (bits 0-1 must be clear:
 * they carry the sender's rights), or unbound with L4_INVALID_CAP. */
L4_INLINE l4_msgtag_t
l4_factory_create_gate_u(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
                         l4_cap_idx_t thread_cap, l4_umword_t label,
                         l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  l4_msgtag_t t = l4_factory_create_start_u(0, target_cap, utcb);
  unsigned items = 0;
  l4_factory_create_add_uint_u(label, &t, utcb);
  if (!l4_is_invalid_cap(thread_cap))
    {
      items = 1;
      v->mr[3] = l4_map_obj_control(0, 0);
      v->mr[4] = l4_obj_fpage(thread_cap, 0, L4_CAP_FPAGE_RWS).raw;
    }
  t = l4_msgtag(l4_msgtag_label(t), l4_msgtag_words(t), items,
                l4_msgtag_flags(t));
  return l4_factory_create_commit_u(factory, t, utcb);
}

L4_INLINE l4_msgtag_t
l4_factory_create_gate(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
                       l4_cap_idx_t thread_cap, l4_umword_t label)
{
  return l4_factory_create_gate_u(factory, target_cap, thread_cap, label,
                                  l4_utcb());
}

/* An IRQ (sender) object; attach it to a thread with l4_rcv_ep_bind_thread. */
L4_INLINE l4_msgtag_t
l4_factory_create_irq_u(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
                        l4_utcb_t *utcb)
{
  return l4_factory_create_u(factory, L4_PROTO_IRQ_SENDER, target_cap, utcb);
}

L4_INLINE l4_msgtag_t
l4_factory_create_irq(l4_cap_idx_t factory, l4_cap_idx_t target_cap)
{
  return l4_factory_create_irq_u(factory, target_cap, l4_utcb());
}

L4_INLINE l4_msgtag_t
l4_factory_create_vm_u(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
                       l4_utcb_t *utcb)
{
  return l4_factory_create_u(factory, L4_PROTO_VM, target_cap, utcb);
}

L4_INLINE l4_msgtag_t
l4_factory_create_vm(l4_cap_idx_t factory, l4_cap_idx_t target_cap)
{
  return l4_factory_create_vm_u(factory, target_cap, l4_utcb());
}

/* The L4Re C API has no semaphore-specific create call (C++ uses
 * L4::Factory::create<L4::Semaphore>); use
 * l4_factory_create(factory, L4_PROTO_SEMAPHORE, cap). */

#endif
