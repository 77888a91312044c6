/* L4Re memory allocator, C interface (l4re_ma_*): allocates dataspaces.
 * As L4Re::Mem_alloc::alloc, an allocation is a Factory create call
 * (L4_PROTO_FACTORY) for an object of protocol L4RE_PROTO_DATASPACE with the
 * arguments size (signed word), flags and alignment (unsigned words); see
 * docs/l4re-protocols.md. There is no free: a dataspace goes away with its
 * last capability (l4re_util_cap_free_um). */
#ifndef L4RE_C_MEM_ALLOC_H
#define L4RE_C_MEM_ALLOC_H

#include <l4/re/env.h>
#include <l4/re/c/dataspace.h>
#include <l4/sys/factory.h>

L4_BEGIN_DECLS

enum l4re_ma_flags
{
  L4RE_MA_CONTINUOUS  = 0x01,
  L4RE_MA_PINNED      = 0x02,
  L4RE_MA_SUPER_PAGES = 0x04,
};

/* Allocates `size` bytes as a new dataspace from the allocator `srv` into
 * the capability slot `mem`, aligned to 2^align bytes (0: a page). Returns 0
 * or a negative error. */
L4_INLINE l4_ret_t
l4re_ma_alloc_align_srv(l4_cap_idx_t srv, long size, l4re_ds_t const mem,
                        unsigned long flags, unsigned long align)
{
  l4_utcb_t *u = l4_utcb();
  l4_msgtag_t t = l4_factory_create_start_u(L4RE_PROTO_DATASPACE, mem, u);
  l4_factory_create_add_int_u(size, &t, u);
  l4_factory_create_add_uint_u(flags, &t, u);
  l4_factory_create_add_uint_u(align, &t, u);
  return (l4_ret_t)l4_error_u(l4_factory_create_commit_u(srv, t, u), u);
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
