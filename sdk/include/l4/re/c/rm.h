/* L4Re region manager, C interface (l4re_rm_*): attaches dataspaces into the
 * caller's address space and reserves areas of it. Flag values are L4Re's;
 * opcodes and message layouts: docs/l4re-protocols.md. */
#ifndef L4RE_C_RM_H
#define L4RE_C_RM_H

#include <l4/re/env.h>
#include <l4/re/c/dataspace.h>

L4_BEGIN_DECLS

enum l4re_rm_flags_values
{
  L4RE_RM_F_R   = L4RE_DS_F_R,
  L4RE_RM_F_W   = L4RE_DS_F_W,
  L4RE_RM_F_X   = L4RE_DS_F_X,
  L4RE_RM_F_RX  = L4RE_DS_F_RX,
  L4RE_RM_F_RW  = L4RE_DS_F_RW,
  L4RE_RM_F_RWX = L4RE_DS_F_RWX,

  L4RE_RM_F_KERNEL      = 0x100, /* kernel-provided memory (KU_MEM) */
  L4RE_RM_F_DETACH_FREE = 0x200, /* free the dataspace's part on detach */
  L4RE_RM_F_PAGER       = 0x400, /* the region has its own pager */
  L4RE_RM_F_RESERVED    = 0x800, /* the region is reserved (blocked) */

  L4RE_RM_CACHING_SHIFT    = 4,
  L4RE_RM_F_CACHING        = L4RE_DS_F_CACHING_MASK,
  L4RE_RM_REGION_FLAGS     = 0xffff,
  L4RE_RM_F_CACHE_NORMAL   = L4RE_DS_F_NORMAL,
  L4RE_RM_F_CACHE_BUFFERED = L4RE_DS_F_BUFFERABLE,
  L4RE_RM_F_CACHE_UNCACHED = L4RE_DS_F_UNCACHEABLE,

  L4RE_RM_F_SEARCH_ADDR  = 0x020000, /* search a free range from *start on */
  L4RE_RM_F_IN_AREA      = 0x040000, /* attach inside a reserved area */
  L4RE_RM_F_EAGER_MAP    = 0x080000, /* map all pages now */
  L4RE_RM_F_NO_EAGER_MAP = 0x100000,
  L4RE_RM_F_ATTACH_FLAGS = 0x1f0000,
};

typedef l4_uint32_t l4re_rm_flags_t;
typedef l4_uint64_t l4re_rm_offset_t;

enum l4re_rm_opcodes
{
  L4RE_RM_OP_ATTACH = 0,
  L4RE_RM_OP_DETACH = 1,
  L4RE_RM_OP_FIND = 2,
  L4RE_RM_OP_RESERVE_AREA = 3,
  L4RE_RM_OP_FREE_AREA = 4,
};

/* Attaches `size` bytes of `mem` (from `offs`) at *start (or anywhere from
 * *start on with L4RE_RM_F_SEARCH_ADDR); *start receives the address. */
L4_INLINE int
l4re_rm_attach_srv(l4_cap_idx_t rm, void **start, unsigned long size,
                   l4re_rm_flags_t flags, l4re_ds_t mem, l4re_rm_offset_t offs,
                   unsigned char align)
{
  l4_utcb_t *u = l4_utcb();
  l4_msg_regs_t *m = l4_utcb_mr_u(u);
  l4_msgtag_t t;
  m->mr[0] = L4RE_RM_OP_ATTACH;
  m->mr[1] = (l4_umword_t)*start;
  m->mr[2] = size;
  m->mr[3] = flags;
  m->mr[4] = (l4_umword_t)offs;
  m->mr[5] = align;
  m->mr[6] = L4_ITEM_MAP;
  m->mr[7] = l4_obj_fpage(mem, 0, L4_CAP_FPAGE_RWS).raw;
  t = l4_ipc_call(rm, u, l4_msgtag(L4RE_PROTO_RM, 6, 1, 0), L4_IPC_NEVER);
  if (l4_error(t) < 0)
    return (int)l4_error(t);
  *start = (void *)m->mr[0];
  return 0;
}

L4_INLINE int
l4re_rm_attach(void **start, unsigned long size, l4re_rm_flags_t flags,
               l4re_ds_t mem, l4re_rm_offset_t offs, unsigned char align)
{
  return l4re_rm_attach_srv(l4re_global_env->rm, start, size, flags, mem, offs, align);
}

/* Keeps [*start, *start + size) free of attachments that do not ask for it
 * with L4RE_RM_F_IN_AREA (with L4RE_RM_F_SEARCH_ADDR: a free range from *start
 * on, aligned to 2^align bytes); *start receives the area's address. */
L4_INLINE int
l4re_rm_reserve_area_srv(l4_cap_idx_t rm, l4_addr_t *start, unsigned long size,
                         l4re_rm_flags_t flags, unsigned char align)
{
  l4_utcb_t *u = l4_utcb();
  l4_msg_regs_t *m = l4_utcb_mr_u(u);
  l4_msgtag_t t;
  m->mr[0] = L4RE_RM_OP_RESERVE_AREA;
  m->mr[1] = *start;
  m->mr[2] = size;
  m->mr[3] = flags;
  m->mr[4] = align;
  t = l4_ipc_call(rm, u, l4_msgtag(L4RE_PROTO_RM, 5, 0, 0), L4_IPC_NEVER);
  if (l4_error(t) < 0)
    return (int)l4_error(t);
  *start = m->mr[0];
  return 0;
}

L4_INLINE int
l4re_rm_reserve_area(l4_addr_t *start, unsigned long size,
                     l4re_rm_flags_t flags, unsigned char align)
{
  return l4re_rm_reserve_area_srv(l4re_global_env->rm, start, size, flags, align);
}

/* Ends the reservation of the area at `addr` (its regions stay attached). */
L4_INLINE int
l4re_rm_free_area_srv(l4_cap_idx_t rm, l4_addr_t addr)
{
  l4_utcb_t *u = l4_utcb();
  l4_utcb_mr_u(u)->mr[0] = L4RE_RM_OP_FREE_AREA;
  l4_utcb_mr_u(u)->mr[1] = addr;
  return (int)l4_error(l4_ipc_call(rm, u, l4_msgtag(L4RE_PROTO_RM, 2, 0, 0), L4_IPC_NEVER));
}

L4_INLINE int
l4re_rm_free_area(l4_addr_t addr)
{
  return l4re_rm_free_area_srv(l4re_global_env->rm, addr);
}

/* Detaches the region that contains `addr`; its pages are unmapped from
 * `task` (moe unmaps them from the own task, the only one it serves). The
 * dataspace capability is not returned: *ds becomes L4_INVALID_CAP. */
L4_INLINE int
l4re_rm_detach_srv(l4_cap_idx_t rm, l4_addr_t addr, l4re_ds_t *ds, l4_cap_idx_t task)
{
  l4_utcb_t *u = l4_utcb();
  (void)task;
  l4_utcb_mr_u(u)->mr[0] = L4RE_RM_OP_DETACH;
  l4_utcb_mr_u(u)->mr[1] = addr;
  if (ds)
    *ds = L4_INVALID_CAP;
  return (int)l4_error(l4_ipc_call(rm, u, l4_msgtag(L4RE_PROTO_RM, 2, 0, 0), L4_IPC_NEVER));
}

L4_INLINE int
l4re_rm_detach(void *addr)
{
  return l4re_rm_detach_srv(l4re_global_env->rm, (l4_addr_t)addr, 0, L4_BASE_TASK_CAP);
}

L4_INLINE int
l4re_rm_detach_unmap(l4_addr_t addr, l4_cap_idx_t task)
{
  return l4re_rm_detach_srv(l4re_global_env->rm, addr, 0, task);
}

L4_INLINE int
l4re_rm_detach_ds(void *addr, l4re_ds_t *ds)
{
  return l4re_rm_detach_srv(l4re_global_env->rm, (l4_addr_t)addr, ds, L4_BASE_TASK_CAP);
}

L4_INLINE int
l4re_rm_detach_ds_unmap(void *addr, l4re_ds_t *ds, l4_cap_idx_t task)
{
  return l4re_rm_detach_srv(l4re_global_env->rm, (l4_addr_t)addr, ds, task);
}

/* The region that contains *addr: its start (*addr), size, offset in the
 * dataspace and rights flags. *m becomes L4_INVALID_CAP (moe does not hand
 * the dataspace capability out). -L4_ENOENT when no region is there. */
L4_INLINE int
l4re_rm_find_srv(l4_cap_idx_t rm, l4_addr_t *addr, unsigned long *size,
                 l4re_rm_offset_t *offset, l4re_rm_flags_t *flags, l4re_ds_t *m)
{
  l4_utcb_t *u = l4_utcb();
  l4_msg_regs_t *mr = l4_utcb_mr_u(u);
  l4_msgtag_t t;
  mr->mr[0] = L4RE_RM_OP_FIND;
  mr->mr[1] = *addr;
  t = l4_ipc_call(rm, u, l4_msgtag(L4RE_PROTO_RM, 2, 0, 0), L4_IPC_NEVER);
  if (l4_error(t) < 0)
    return (int)l4_error(t);
  *addr = mr->mr[0];
  *size = mr->mr[1];
  *offset = mr->mr[2];
  *flags = (l4re_rm_flags_t)mr->mr[3];
  *m = L4_INVALID_CAP;
  return 0;
}

L4_INLINE int
l4re_rm_find(l4_addr_t *addr, unsigned long *size, l4re_rm_offset_t *offset,
             l4re_rm_flags_t *flags, l4re_ds_t *m)
{
  return l4re_rm_find_srv(l4re_global_env->rm, addr, size, offset, flags, m);
}

L4_END_DECLS

#endif
