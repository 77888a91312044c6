/* L4Re memory allocator, C interface (l4re_ma_*): allocates dataspaces from
 * moe. Opcodes: docs/l4re-protocols.md. */
#ifndef L4RE_C_MEM_ALLOC_H
#define L4RE_C_MEM_ALLOC_H

#include <l4/re/env.h>
#include <l4/re/c/dataspace.h>

L4_BEGIN_DECLS

enum l4re_ma_flags
{
  L4RE_MA_CONTINUOUS = 0x01,
  L4RE_MA_PINNED = 0x02,
  L4RE_MA_SUPER_PAGES = 0x04,
};

#define L4RE_MA_OP_ALLOC 0

/* Allocates `size` bytes as a new dataspace from the allocator `srv` into
 * the capability slot `mem`. Returns 0 or a negative error. */
L4_INLINE l4_ret_t
l4re_ma_alloc_align_srv(l4_cap_idx_t srv, long size, l4re_ds_t const mem,
                        unsigned long flags, unsigned long align)
{
  l4_utcb_t *u = l4_utcb();
  l4_msg_regs_t *m = l4_utcb_mr_u(u);
  l4_buf_regs_t *b = l4_utcb_br_u(u);
  m->mr[0] = L4RE_MA_OP_ALLOC;
  m->mr[1] = (l4_umword_t)size;
  m->mr[2] = flags;
  m->mr[3] = align;
  b->bdr = 0;
  b->br[0] = mem | L4_RCV_ITEM_SINGLE_CAP;
  return (l4_ret_t)l4_error(l4_ipc_call(srv, u, l4_msgtag(L4RE_PROTO_MEM_ALLOC, 4, 0, 0),
                                        L4_IPC_NEVER));
}

L4_INLINE l4_ret_t
l4re_ma_alloc_align(long size, l4re_ds_t const mem, unsigned long flags,
                    unsigned long align)
{
  return l4re_ma_alloc_align_srv(l4re_global_env->mem_alloc, size, mem, flags, align);
}

L4_INLINE l4_ret_t
l4re_ma_alloc(long size, l4re_ds_t const mem, unsigned long flags)
{
  return l4re_ma_alloc_align_srv(l4re_global_env->mem_alloc, size, mem, flags, 0);
}

L4_END_DECLS

#endif
