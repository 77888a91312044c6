/* IRQ objects (spec section 9.5): software-triggered interrupts delivered
 * to a bound thread as a message with tag 0 and the bound label. */
#ifndef L4_SYS_IRQ_H
#define L4_SYS_IRQ_H

#include <l4/sys/rcv_endpoint.h>

enum L4_irq_op
{
  L4_IRQ_OP_TRIGGER = 2UL,
  L4_IRQ_OP_EOI = 4UL,  /* unmask / end of interrupt */
};

enum L4_irq_sender_op
{
  L4_IRQ_SENDER_OP_RESERVED1 = 0UL, /* formerly attach */
  L4_IRQ_SENDER_OP_DETACH    = 1UL,
  L4_IRQ_SENDER_OP_BIND_VCPU = 2UL,
};

/* Deliver the IRQ's triggers to `thread`, which receives `label`. */
L4_INLINE l4_msgtag_t
l4_irq_attach_u(l4_cap_idx_t irq, l4_umword_t label, l4_cap_idx_t thread,
                l4_utcb_t *utcb)
{
  return l4_rcv_ep_bind_thread_u(irq, thread, label, utcb);
}

L4_INLINE l4_msgtag_t
l4_irq_attach(l4_cap_idx_t irq, l4_umword_t label, l4_cap_idx_t thread)
{
  return l4_irq_attach_u(irq, label, thread, l4_utcb());
}

L4_INLINE l4_msgtag_t
l4_irq_detach_u(l4_cap_idx_t irq, l4_utcb_t *utcb)
{
  l4_utcb_mr_u(utcb)->mr[0] = L4_IRQ_SENDER_OP_DETACH;
  return l4_ipc_call(irq, utcb, l4_msgtag(L4_PROTO_IRQ_SENDER, 1, 0, 0),
                     L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t
l4_irq_detach(l4_cap_idx_t irq)
{
  return l4_irq_detach_u(irq, l4_utcb());
}

/* Trigger: a send with no words and zero timeouts. */
L4_INLINE l4_msgtag_t
l4_irq_trigger_u(l4_cap_idx_t irq, l4_utcb_t *utcb)
{
  return l4_ipc_send(irq, utcb, l4_msgtag(L4_PROTO_IRQ, 0, 0, 0),
                     L4_IPC_BOTH_TIMEOUT_0);
}

L4_INLINE l4_msgtag_t
l4_irq_trigger(l4_cap_idx_t irq)
{
  return l4_irq_trigger_u(irq, l4_utcb());
}

/* Unmask, then wait for this IRQ only. */
L4_INLINE l4_msgtag_t
l4_irq_receive_u(l4_cap_idx_t irq, l4_timeout_t timeout, l4_utcb_t *utcb)
{
  l4_utcb_mr_u(utcb)->mr[0] = L4_IRQ_OP_EOI;
  return l4_ipc_call(irq, utcb, l4_msgtag(L4_PROTO_IRQ, 1, 0, 0), timeout);
}

L4_INLINE l4_msgtag_t
l4_irq_receive(l4_cap_idx_t irq, l4_timeout_t timeout)
{
  return l4_irq_receive_u(irq, timeout, l4_utcb());
}

/* Unmask, then wait for any message; *label identifies the sender. */
L4_INLINE l4_msgtag_t
l4_irq_wait_u(l4_cap_idx_t irq, l4_umword_t *label, l4_timeout_t timeout,
              l4_utcb_t *utcb)
{
  l4_utcb_mr_u(utcb)->mr[0] = L4_IRQ_OP_EOI;
  return l4_ipc_send_and_wait(irq, utcb, l4_msgtag(L4_PROTO_IRQ, 1, 0, 0),
                              label, timeout);
}

L4_INLINE l4_msgtag_t
l4_irq_wait(l4_cap_idx_t irq, l4_umword_t *label, l4_timeout_t timeout)
{
  return l4_irq_wait_u(irq, label, timeout, l4_utcb());
}

L4_INLINE l4_msgtag_t
l4_irq_unmask_u(l4_cap_idx_t irq, l4_utcb_t *utcb)
{
  l4_utcb_mr_u(utcb)->mr[0] = L4_IRQ_OP_EOI;
  return l4_ipc_send(irq, utcb, l4_msgtag(L4_PROTO_IRQ, 1, 0, 0),
                     L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t
l4_irq_unmask(l4_cap_idx_t irq)
{
  return l4_irq_unmask_u(irq, l4_utcb());
}

#endif
