/* L4Re dataspaces, C interface (l4re_ds_*). Moe serves the protocol; the
 * opcodes are documented in docs/l4re-protocols.md. */
#ifndef L4RE_C_DATASPACE_H
#define L4RE_C_DATASPACE_H

#include <l4/sys/ipc.h>
#include <l4/re/protocols.h>

typedef l4_cap_idx_t l4re_ds_t;

enum l4re_ds_opcodes
{
  L4RE_DS_OP_MAP = 0,
  L4RE_DS_OP_CLEAR = 1,
  L4RE_DS_OP_INFO = 2,
  L4RE_DS_OP_ALLOCATE = 4,
};

/* Mapping rights a dataspace grants. */
enum l4re_ds_flags
{
  L4RE_DS_F_R = 1,
  L4RE_DS_F_W = 2,
  L4RE_DS_F_X = 4,
  L4RE_DS_F_RW = 3,
  L4RE_DS_F_RWX = 7,
};

/* INFO: MR0 = size, MR1 = flags; returns word `which` of the reply, or a negative error. */
L4_INLINE long
__l4re_ds_info(l4re_ds_t ds, unsigned which)
{
  l4_utcb_t *u = l4_utcb();
  l4_msgtag_t t;
  l4_utcb_mr_u(u)->mr[0] = L4RE_DS_OP_INFO;
  t = l4_ipc_call(ds, u, l4_msgtag(L4RE_PROTO_DATASPACE, 1, 0, 0), L4_IPC_NEVER);
  if (l4_error(t) < 0)
    return l4_error(t);
  return (long)l4_utcb_mr_u(u)->mr[which];
}

/* Size of the dataspace in bytes, or a negative error. */
L4_INLINE long
l4re_ds_size(l4re_ds_t ds)
{
  return __l4re_ds_info(ds, 0);
}

L4_INLINE long
l4re_ds_flags(l4re_ds_t ds)
{
  return __l4re_ds_info(ds, 1);
}

/* Maps the page at `offset` of the dataspace to `local_addr` in the caller. */
L4_INLINE int
l4re_ds_map(l4re_ds_t ds, l4_addr_t offset, unsigned long flags,
            l4_addr_t local_addr)
{
  l4_utcb_t *u = l4_utcb();
  l4_msg_regs_t *m = l4_utcb_mr_u(u);
  m->mr[0] = L4RE_DS_OP_MAP;
  m->mr[1] = offset;
  m->mr[2] = local_addr;
  m->mr[3] = flags;
  return l4_error(l4_ipc_call(ds, u, l4_msgtag(L4RE_PROTO_DATASPACE, 4, 0, 0), L4_IPC_NEVER));
}

/* An operation on the byte range [offset, offset + size). */
L4_INLINE int
__l4re_ds_range_op(l4re_ds_t ds, unsigned long op, l4_addr_t offset, unsigned long size)
{
  l4_utcb_t *u = l4_utcb();
  l4_msg_regs_t *m = l4_utcb_mr_u(u);
  m->mr[0] = op;
  m->mr[1] = offset;
  m->mr[2] = size;
  return l4_error(l4_ipc_call(ds, u, l4_msgtag(L4RE_PROTO_DATASPACE, 3, 0, 0), L4_IPC_NEVER));
}

/* Zeroes [offset, offset + size). */
L4_INLINE int
l4re_ds_clear(l4re_ds_t ds, l4_addr_t offset, unsigned long size)
{
  return __l4re_ds_range_op(ds, L4RE_DS_OP_CLEAR, offset, size);
}

/* Backs [offset, offset + size) with memory now. */
L4_INLINE int
l4re_ds_allocate(l4re_ds_t ds, l4_addr_t offset, unsigned long size)
{
  return __l4re_ds_range_op(ds, L4RE_DS_OP_ALLOCATE, offset, size);
}

#endif
