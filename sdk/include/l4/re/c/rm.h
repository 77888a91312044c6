/* L4Re region manager, C interface (l4re_rm_*): attaches dataspaces into the
 * caller's address space. Opcodes and flags: docs/l4re-protocols.md. */
#ifndef L4RE_C_RM_H
#define L4RE_C_RM_H

#include <l4/re/env.h>
#include <l4/re/c/dataspace.h>

enum l4re_rm_flags
{
  L4RE_RM_F_R = 1,
  L4RE_RM_F_W = 2,
  L4RE_RM_F_X = 4,
  L4RE_RM_F_RW = 3,
  L4RE_RM_F_RX = 5,
  L4RE_RM_F_RWX = 7,
  L4RE_RM_F_SEARCH_ADDR = 0x20,
  L4RE_RM_F_EAGER_MAP = 0x80,
};

enum l4re_rm_opcodes
{
  L4RE_RM_OP_ATTACH = 0,
  L4RE_RM_OP_DETACH = 1,
  L4RE_RM_OP_FIND = 2,
};

/* Attaches `size` bytes of `mem` (from `offs`) at *start (or anywhere from
 * *start on with L4RE_RM_F_SEARCH_ADDR); *start receives the address. */
L4_INLINE int
l4re_rm_attach(void **start, unsigned long size, unsigned long flags,
               l4re_ds_t mem, l4_addr_t offs, unsigned char align)
{
  l4_utcb_t *u = l4_utcb();
  l4_msg_regs_t *m = l4_utcb_mr_u(u);
  l4_msgtag_t t;
  m->mr[0] = L4RE_RM_OP_ATTACH;
  m->mr[1] = (l4_umword_t)*start;
  m->mr[2] = size;
  m->mr[3] = flags;
  m->mr[4] = offs;
  m->mr[5] = align;
  m->mr[6] = L4_ITEM_MAP;
  m->mr[7] = l4_obj_fpage(mem, 0, L4_CAP_FPAGE_RWS).raw;
  t = l4_ipc_call(l4re_env()->rm, u, l4_msgtag(L4RE_PROTO_RM, 6, 1, 0), L4_IPC_NEVER);
  if (l4_error(t) < 0)
    return (int)l4_error(t);
  *start = (void *)m->mr[0];
  return 0;
}

/* Detaches the region that contains `addr`. */
L4_INLINE int
l4re_rm_detach(void *addr)
{
  l4_utcb_t *u = l4_utcb();
  l4_utcb_mr_u(u)->mr[0] = L4RE_RM_OP_DETACH;
  l4_utcb_mr_u(u)->mr[1] = (l4_umword_t)addr;
  return (int)l4_error(l4_ipc_call(l4re_env()->rm, u, l4_msgtag(L4RE_PROTO_RM, 2, 0, 0), L4_IPC_NEVER));
}

#endif
