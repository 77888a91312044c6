/* IPC gates (spec section 9.5): bind to a server thread, read the label. */
#ifndef L4_SYS_IPC_GATE_H
#define L4_SYS_IPC_GATE_H

#include <l4/sys/rcv_endpoint.h>

enum L4_ipc_gate_ops
{
  L4_IPC_GATE_BIND_OP     = L4_RCV_EP_BIND_OP,
  L4_IPC_GATE_GET_INFO_OP = 0x11UL,
};

L4_INLINE l4_msgtag_t
l4_ipc_gate_bind_thread_u(l4_cap_idx_t gate, l4_cap_idx_t thread,
                          l4_umword_t label, l4_utcb_t *utcb)
{
  return l4_rcv_ep_bind_thread_u(gate, thread, label, utcb);
}

L4_INLINE l4_msgtag_t
l4_ipc_gate_bind_thread(l4_cap_idx_t gate, l4_cap_idx_t thread,
                        l4_umword_t label)
{
  return l4_ipc_gate_bind_thread_u(gate, thread, label, l4_utcb());
}

/* The gate's label (without rights bits) in *label. */
L4_INLINE l4_msgtag_t
l4_ipc_gate_get_infos_u(l4_cap_idx_t gate, l4_umword_t *label, l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  l4_msgtag_t tag;
  v->mr[0] = L4_IPC_GATE_GET_INFO_OP;
  tag = l4_ipc_call(gate, utcb, l4_msgtag(L4_PROTO_KOBJECT, 1, 0, 0),
                    L4_IPC_NEVER);
  if (l4_error_u(tag, utcb) >= 0)
    *label = v->mr[0];
  return tag;
}

L4_INLINE l4_msgtag_t
l4_ipc_gate_get_infos(l4_cap_idx_t gate, l4_umword_t *label)
{
  return l4_ipc_gate_get_infos_u(gate, label, l4_utcb());
}

#endif
