/* Kernel semaphores (L4_PROTO_SEMAPHORE, spec section 9.5). Create one with
 * l4_factory_create(factory, L4_PROTO_SEMAPHORE, cap). */
#ifndef L4_SYS_SEMAPHORE_H
#define L4_SYS_SEMAPHORE_H

#include <l4/sys/irq.h>

enum L4_semaphore_op
{
  L4_SEMAPHORE_OP_DOWN = 0UL,
};

/* Up: the same message as an IRQ trigger. */
L4_INLINE l4_msgtag_t
l4_semaphore_up_u(l4_cap_idx_t sem, l4_utcb_t *utcb)
{
  return l4_irq_trigger_u(sem, utcb);
}

L4_INLINE l4_msgtag_t
l4_semaphore_up(l4_cap_idx_t sem)
{
  return l4_semaphore_up_u(sem, l4_utcb());
}

/* Down: blocks while the count is 0, at most `timeout` (receive half).
 * A timeout gives an IPC error (L4_IPC_RETIMEOUT). */
L4_INLINE l4_msgtag_t
l4_semaphore_down_u(l4_cap_idx_t sem, l4_timeout_t timeout, l4_utcb_t *utcb)
{
  l4_utcb_mr_u(utcb)->mr[0] = L4_SEMAPHORE_OP_DOWN;
  return l4_ipc_call(sem, utcb, l4_msgtag(L4_PROTO_SEMAPHORE, 1, 0, 0),
                     timeout);
}

L4_INLINE l4_msgtag_t
l4_semaphore_down(l4_cap_idx_t sem, l4_timeout_t timeout)
{
  return l4_semaphore_down_u(sem, timeout, l4_utcb());
}

#endif
