/* Interrupt controller objects (L4_PROTO_IRQ ICU ops, spec section 9.5). */
#ifndef L4_SYS_ICU_H
#define L4_SYS_ICU_H

#include <l4/sys/ipc.h>

enum L4_icu_ops
{
  L4_ICU_OP_BIND     = 0UL,
  L4_ICU_OP_UNBIND   = 1UL,
  L4_ICU_OP_INFO     = 2UL,
  L4_ICU_OP_MSI_INFO = 3UL,
  L4_ICU_OP_UNMASK   = 4UL,
  L4_ICU_OP_MASK     = 5UL,
  L4_ICU_OP_SET_MODE = 6UL,
};

enum L4_icu_flags
{
  L4_ICU_FLAG_MSI = 0x80000000UL,
};

/* Trigger modes for l4_icu_set_mode. */
enum L4_irq_mode
{
  L4_IRQ_F_NONE       = 0,
  L4_IRQ_F_SET_MODE   = 0x1,
  L4_IRQ_F_LEVEL      = 0x2,
  L4_IRQ_F_EDGE       = 0x0,
  L4_IRQ_F_POS        = 0x0,
  L4_IRQ_F_NEG        = 0x4,
  L4_IRQ_F_BOTH       = 0x8,
  L4_IRQ_F_LEVEL_HIGH = 0x3,
  L4_IRQ_F_LEVEL_LOW  = 0x7,
  L4_IRQ_F_POS_EDGE   = 0x1,
  L4_IRQ_F_NEG_EDGE   = 0x5,
  L4_IRQ_F_BOTH_EDGE  = 0x9,
  L4_IRQ_F_MASK       = 0xf,
  L4_IRQ_F_SET_WAKEUP   = 0x10,
  L4_IRQ_F_CLEAR_WAKEUP = 0x20,
};

typedef struct l4_icu_info_t
{
  unsigned features;
  unsigned nr_irqs;
  unsigned nr_msis;
} l4_icu_info_t;

L4_INLINE l4_msgtag_t
l4_icu_bind_u(l4_cap_idx_t icu, unsigned irqnum, l4_cap_idx_t irq,
              l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  v->mr[0] = L4_ICU_OP_BIND;
  v->mr[1] = irqnum;
  v->mr[2] = l4_map_obj_control(0, 0);
  v->mr[3] = l4_obj_fpage(irq, 0, L4_CAP_FPAGE_RWS).raw;
  return l4_ipc_call(icu, utcb, l4_msgtag(L4_PROTO_IRQ, 2, 1, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t
l4_icu_bind(l4_cap_idx_t icu, unsigned irqnum, l4_cap_idx_t irq)
{
  return l4_icu_bind_u(icu, irqnum, irq, l4_utcb());
}

L4_INLINE l4_msgtag_t
l4_icu_unbind_u(l4_cap_idx_t icu, unsigned irqnum, l4_cap_idx_t irq,
                l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  v->mr[0] = L4_ICU_OP_UNBIND;
  v->mr[1] = irqnum;
  v->mr[2] = l4_map_obj_control(0, 0);
  v->mr[3] = l4_obj_fpage(irq, 0, L4_CAP_FPAGE_RWS).raw;
  return l4_ipc_call(icu, utcb, l4_msgtag(L4_PROTO_IRQ, 2, 1, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t
l4_icu_unbind(l4_cap_idx_t icu, unsigned irqnum, l4_cap_idx_t irq)
{
  return l4_icu_unbind_u(icu, irqnum, irq, l4_utcb());
}

L4_INLINE l4_msgtag_t
l4_icu_info_u(l4_cap_idx_t icu, l4_icu_info_t *info, l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  l4_msgtag_t tag;
  v->mr[0] = L4_ICU_OP_INFO;
  tag = l4_ipc_call(icu, utcb, l4_msgtag(L4_PROTO_IRQ, 1, 0, 0), L4_IPC_NEVER);
  if (l4_error_u(tag, utcb) >= 0)
    {
      info->features = v->mr[0];
      info->nr_irqs = v->mr[1];
      info->nr_msis = v->mr[2];
    }
  return tag;
}

L4_INLINE l4_msgtag_t
l4_icu_info(l4_cap_idx_t icu, l4_icu_info_t *info)
{
  return l4_icu_info_u(icu, info, l4_utcb());
}

/* The `op` of l4_icu_control_u (added to L4_ICU_OP_UNMASK). */
enum L4_icu_ctl_op
{
  L4_ICU_CTL_UNMASK = 0,
  L4_ICU_CTL_MASK   = 1,
};

/* UNMASK or MASK a line; with a label pointer, also wait for the next message. */
L4_INLINE l4_msgtag_t
__l4_icu_mask_op_u(l4_cap_idx_t icu, unsigned long op, unsigned irqnum,
                   l4_umword_t *label, l4_timeout_t to, l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  v->mr[0] = op;
  v->mr[1] = irqnum;
  if (label)
    return l4_ipc_send_and_wait(icu, utcb, l4_msgtag(L4_PROTO_IRQ, 2, 0, 0),
                                label, to);
  return l4_ipc_send(icu, utcb, l4_msgtag(L4_PROTO_IRQ, 2, 0, 0), to);
}

/* Unmask (L4_ICU_CTL_UNMASK) or mask (L4_ICU_CTL_MASK) line `irqnum`. */
L4_INLINE l4_msgtag_t
l4_icu_control_u(l4_cap_idx_t icu, unsigned irqnum, unsigned op, l4_umword_t *label,
                 l4_timeout_t to, l4_utcb_t *utcb)
{
  return __l4_icu_mask_op_u(icu, L4_ICU_OP_UNMASK + op, irqnum, label, to, utcb);
}

L4_INLINE l4_msgtag_t
l4_icu_unmask_u(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t *label,
                l4_timeout_t to, l4_utcb_t *utcb)
{
  return __l4_icu_mask_op_u(icu, L4_ICU_OP_UNMASK, irqnum, label, to, utcb);
}

L4_INLINE l4_msgtag_t
l4_icu_unmask(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t *label,
              l4_timeout_t to)
{
  return l4_icu_unmask_u(icu, irqnum, label, to, l4_utcb());
}

L4_INLINE l4_msgtag_t
l4_icu_mask_u(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t *label,
              l4_timeout_t to, l4_utcb_t *utcb)
{
  return __l4_icu_mask_op_u(icu, L4_ICU_OP_MASK, irqnum, label, to, utcb);
}

L4_INLINE l4_msgtag_t
l4_icu_mask(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t *label,
            l4_timeout_t to)
{
  return l4_icu_mask_u(icu, irqnum, label, to, l4_utcb());
}

L4_INLINE l4_msgtag_t
l4_icu_set_mode_u(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t mode,
                  l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  v->mr[0] = L4_ICU_OP_SET_MODE;
  v->mr[1] = irqnum;
  v->mr[2] = mode;
  return l4_ipc_call(icu, utcb, l4_msgtag(L4_PROTO_IRQ, 3, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t
l4_icu_set_mode(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t mode)
{
  return l4_icu_set_mode_u(icu, irqnum, mode, l4_utcb());
}

#endif
