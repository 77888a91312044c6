/* L4Re region manager, C interface (l4re_rm_*): attaches dataspaces into the
 * caller's address space and reserves areas of it. The messages are those of
 * L4Re::Rm (l4re/include/rm, impl/rm_impl.h), laid out as
 * docs/l4re-protocols.md says; flag values are L4Re's. */
#ifndef L4RE_C_RM_H
#define L4RE_C_RM_H

#include <l4/re/env.h>
#include <l4/re/c/dataspace.h>
#include <l4/re/c/__rpc.h>
#include <l4/re/c/debug.h>
#include <l4/sys/task.h>

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

/* L4Re::Rm's RPCs, numbered in the order of its Rpcs list. */
enum l4re_rm_opcodes
{
  L4RE_RM_OP_ATTACH = 0,
  L4RE_RM_OP_DETACH = 1,
  L4RE_RM_OP_FIND = 2,
  L4RE_RM_OP_RESERVE_AREA = 3,
  L4RE_RM_OP_FREE_AREA = 4,
  L4RE_RM_OP_GET_REGIONS = 5,
  L4RE_RM_OP_GET_AREAS = 6,
  L4RE_RM_OP_GET_INFO = 7,
  L4RE_RM_OP_ADD_RESCUE_JUMP = 8,
  L4RE_RM_OP_REMOVE_RESCUE_JUMP = 9,
  L4RE_RM_OP_PAGE_IN = 10,
};

/* What detach reports in its result (L4Re::Rm::Detach_result) and how it
 * matches (L4Re::Rm::Detach_flags). */
enum
{
  __L4RE_RM_DETACH_UNMAPPED_RANGE = 8,
  __L4RE_RM_DETACH_OVERLAP = 2,
};

/* Longest region name attach_w_info sends (the rest is cut). */
enum { __L4RE_RM_NAME_MAX = 160 };

/* Maps [start, start + size) with `rights` now (L4Re::Rm::page_in): MR0 =
 * opcode, MR1 first page, MR2 last byte, MR3 rights; BR0/BR1 = the whole
 * address space as receive window. The region manager answers with a
 * mapping and the order it covers, or (MR0) a helper function in this task
 * to call instead. */
L4_INLINE l4_ret_t
__l4re_rm_page_in_srv(l4_cap_idx_t rm, l4_addr_t start, unsigned long size,
                      unsigned rights)
{
  l4_addr_t min_addr = l4_trunc_page(start);
  l4_addr_t max_addr = l4_round_page(start + size) - 1;
  if (size == 0 || !(rights & L4RE_RM_F_R))
    return 0;
  while (min_addr < max_addr)
    {
      l4_utcb_t *u = l4_utcb();
      l4_msg_regs_t *m = l4_utcb_mr_u(u);
      l4_buf_regs_t *b = l4_utcb_br_u(u);
      l4_msgtag_t t;
      l4_ret_t r;
      unsigned order;
      m->mr[0] = L4RE_RM_OP_PAGE_IN;
      m->mr[1] = min_addr;
      m->mr[2] = max_addr;
      m->mr[3] = rights;
      b->bdr = 0;
      b->br[0] = L4_ITEM_MAP;
      b->br[1] = l4_fpage(0, L4_WHOLE_ADDRESS_SPACE, 0).raw;
      b->br[2] = 0;
      t = l4_ipc_call(rm, u, l4_msgtag(L4RE_PROTO_RM, 4, 0, 0), L4_IPC_NEVER);
      r = __l4re_rpc_result(t, u);
      if (r < 0)
        return r;
      if (l4_msgtag_words(t) >= 1 && m->mr[0] != 0)
        {
          /* The real l4re, our own region manager in this task, answers with
           * a function of its own that pages the whole range in (as
           * L4Re::Rm::page_in calls it). */
          typedef l4_ret_t (*page_in_fn)(l4_addr_t, l4_addr_t, unsigned);
          page_in_fn helper = (page_in_fn)m->mr[0];
          return helper(min_addr, max_addr, rights);
        }
      order = l4_msgtag_items(t) ? (m->mr[l4_msgtag_words(t)] >> 6) & 0x3f : 0;
      if (order < L4_PAGESHIFT)
        order = L4_PAGESHIFT;
      if (min_addr + (1UL << order) < min_addr)
        break;
      min_addr += 1UL << order;
    }
  return 0;
}

/* Attaches `size` bytes of `mem` (from `offs`) at *start (or anywhere from
 * *start on, aligned to 2^align bytes, with L4RE_RM_F_SEARCH_ADDR); *start
 * receives the address. The region carries `name` and `backing_offset` for
 * debuggers. Message: MR0 opcode, MR1 start, MR2 size, MR3 flags, MR4..5
 * offs, MR6 align, MR7 the dataspace's selector, MR8 name length (with its
 * NUL), the name from MR9, backing_offset at the next 8-byte boundary; the
 * dataspace as a capability item. */
L4_INLINE int
l4re_rm_attach_w_info_srv(l4_cap_idx_t rm, void **start, unsigned long size,
                          l4re_rm_flags_t flags, l4re_ds_t mem,
                          l4re_rm_offset_t offs, unsigned char align,
                          char const *name, l4re_ds_offset_t backing_offset)
{
  l4_utcb_t *u = l4_utcb();
  l4_msg_regs_t *m = l4_utcb_mr_u(u);
  char *dst = (char *)&m->mr[9];
  unsigned len = 0, bytes, words, items = 0;
  l4_ret_t r;
  if ((flags & L4RE_RM_F_RWX) == 0 || (flags & (L4RE_RM_F_RESERVED | L4RE_RM_F_KERNEL)))
    mem = L4_INVALID_CAP;
  m->mr[0] = L4RE_RM_OP_ATTACH;
  m->mr[1] = (l4_umword_t)*start;
  m->mr[2] = size;
  m->mr[3] = flags;
  __l4re_mr_set_u64(m, 4, offs);
  m->mr[6] = align;
  m->mr[7] = mem & L4_CAP_MASK;
  while (name && name[len] && len < __L4RE_RM_NAME_MAX)
    {
      dst[len] = name[len];
      ++len;
    }
  dst[len++] = 0;
  m->mr[8] = len;
  bytes = (9 * sizeof(l4_umword_t) + len + 7) & ~7u;
  words = bytes / sizeof(l4_umword_t);
  __l4re_mr_set_u64(m, words, backing_offset);
  words += 2;
  if (!l4_is_invalid_cap(mem))
    {
      __l4re_mr_set_cap_item(m, words, mem);
      items = 1;
    }
  r = __l4re_rpc_call(rm, L4RE_PROTO_RM, words, items, u);
  if (r < 0)
    return (int)r;
  *start = (void *)m->mr[0];
  if ((flags & (L4RE_RM_F_EAGER_MAP | L4RE_RM_F_NO_EAGER_MAP)) == L4RE_RM_F_EAGER_MAP)
    __l4re_rm_page_in_srv(rm, (l4_addr_t)*start, size, flags & L4RE_RM_F_RWX);
  return 0;
}

L4_INLINE int
l4re_rm_attach_srv(l4_cap_idx_t rm, void **start, unsigned long size,
                   l4re_rm_flags_t flags, l4re_ds_t mem, l4re_rm_offset_t offs,
                   unsigned char align)
{
  return l4re_rm_attach_w_info_srv(rm, start, size, flags, mem, offs, align, 0, 0);
}

L4_INLINE int
l4re_rm_attach(void **start, unsigned long size, l4re_rm_flags_t flags,
               l4re_ds_t mem, l4re_rm_offset_t offs, unsigned char align)
{
  return l4re_rm_attach_srv(l4re_global_env->rm, start, size, flags, mem, offs, align);
}

L4_INLINE int
l4re_rm_attach_w_info(void **start, unsigned long size, l4re_rm_flags_t flags,
                      l4re_ds_t mem, l4re_rm_offset_t offs, unsigned char align,
                      char const *name, l4re_ds_offset_t backing_offset)
{
  return l4re_rm_attach_w_info_srv(l4re_global_env->rm, start, size, flags, mem,
                                   offs, align, name, backing_offset);
}

/* Keeps [*start, *start + size) free of attachments that do not ask for it
 * with L4RE_RM_F_IN_AREA (with L4RE_RM_F_SEARCH_ADDR: a free range from *start
 * on, aligned to 2^align bytes); *start receives the area's address.
 * MR0 opcode, MR1 start, MR2 size, MR3 flags, MR4 align; reply MR0 start. */
L4_INLINE int
l4re_rm_reserve_area_srv(l4_cap_idx_t rm, l4_addr_t *start, unsigned long size,
                         l4re_rm_flags_t flags, unsigned char align)
{
  l4_utcb_t *u = l4_utcb();
  l4_msg_regs_t *m = l4_utcb_mr_u(u);
  l4_ret_t r;
  m->mr[0] = L4RE_RM_OP_RESERVE_AREA;
  m->mr[1] = *start;
  m->mr[2] = size;
  m->mr[3] = flags;
  m->mr[4] = align;
  r = __l4re_rpc_call(rm, L4RE_PROTO_RM, 5, 0, u);
  if (r < 0)
    return (int)r;
  *start = m->mr[0];
  return (int)r;
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
  return (int)__l4re_rpc_call(rm, L4RE_PROTO_RM, 2, 0, u);
}

L4_INLINE int
l4re_rm_free_area(l4_addr_t addr)
{
  return l4re_rm_free_area_srv(l4re_global_env->rm, addr);
}

/* Detaches the region that contains `addr`; *ds receives the dataspace's
 * selector as it was attached. Unless the region manager did so already,
 * the region's pages are unmapped from `task` here (L4_INVALID_CAP: not at
 * all). MR0 opcode, MR1 addr, MR2 size 1, MR3 "overlap"; reply label = the
 * detach result, MR0 start, MR1 size, MR2 selector. */
L4_INLINE int
l4re_rm_detach_srv(l4_cap_idx_t rm, l4_addr_t addr, l4re_ds_t *ds, l4_cap_idx_t task)
{
  l4_utcb_t *u = l4_utcb();
  l4_msg_regs_t *m = l4_utcb_mr_u(u);
  l4_addr_t p, rsize;
  l4_ret_t r;
  m->mr[0] = L4RE_RM_OP_DETACH;
  m->mr[1] = addr;
  m->mr[2] = 1;
  m->mr[3] = __L4RE_RM_DETACH_OVERLAP;
  r = __l4re_rpc_call(rm, L4RE_PROTO_RM, 4, 0, u);
  if (ds)
    *ds = r < 0 ? L4_INVALID_CAP : m->mr[2];
  if (r < 0)
    return (int)r;
  if (r & __L4RE_RM_DETACH_UNMAPPED_RANGE)
    return (int)(r & ~__L4RE_RM_DETACH_UNMAPPED_RANGE);
  if (l4_is_invalid_cap(task))
    return (int)r;
  p = m->mr[0];
  rsize = l4_round_page(m->mr[1]);
  for (; rsize; p += L4_PAGESIZE, rsize -= L4_PAGESIZE)
    l4_task_unmap(task, l4_fpage(p, L4_PAGESHIFT, L4_FPAGE_RWX), L4_FP_ALL_SPACES);
  return (int)r;
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

/* The region (or, flagged L4RE_RM_F_IN_AREA, the reserved area) that
 * overlaps [*addr, *addr + *size): its start (*addr), size, offset in the
 * dataspace, flags and the dataspace's selector. *size must be set (at
 * least 1). -L4_ENOENT when nothing is there. MR0 opcode, MR1 addr, MR2
 * size; reply MR0 start, MR1 size, MR2 flags, MR4..5 offset, MR6 selector. */
L4_INLINE int
l4re_rm_find_srv(l4_cap_idx_t rm, l4_addr_t *addr, unsigned long *size,
                 l4re_rm_offset_t *offset, l4re_rm_flags_t *flags, l4re_ds_t *m)
{
  l4_utcb_t *u = l4_utcb();
  l4_msg_regs_t *mr = l4_utcb_mr_u(u);
  l4_ret_t r;
  mr->mr[0] = L4RE_RM_OP_FIND;
  mr->mr[1] = *addr;
  mr->mr[2] = *size;
  r = __l4re_rpc_call(rm, L4RE_PROTO_RM, 3, 0, u);
  if (r < 0)
    return (int)r;
  *addr = mr->mr[0];
  *size = mr->mr[1];
  *flags = (l4re_rm_flags_t)mr->mr[2];
  *offset = __l4re_mr_get_u64(mr, 4);
  *m = mr->mr[6];
  return (int)r;
}

L4_INLINE int
l4re_rm_find(l4_addr_t *addr, unsigned long *size, l4re_rm_offset_t *offset,
             l4re_rm_flags_t *flags, l4re_ds_t *m)
{
  return l4re_rm_find_srv(l4re_global_env->rm, addr, size, offset, flags, m);
}

/* The name and backing offset of the region at `addr` (what attach_w_info
 * gave it); `name` receives at most `len` bytes including the NUL.
 * MR0 opcode, MR1 addr; reply MR0 name length, the name from MR1, the
 * backing offset at the next 8-byte boundary. */
L4_INLINE int
l4re_rm_get_info_srv(l4_cap_idx_t rm, l4_addr_t addr, char *name, unsigned int len,
                     l4re_rm_offset_t *backing_offset)
{
  l4_utcb_t *u = l4_utcb();
  l4_msg_regs_t *m = l4_utcb_mr_u(u);
  l4_msgtag_t t;
  l4_ret_t r;
  unsigned long n, i, at;
  char const *src = (char const *)&m->mr[1];
  m->mr[0] = L4RE_RM_OP_GET_INFO;
  m->mr[1] = addr;
  t = l4_ipc_call(rm, u, l4_msgtag(L4RE_PROTO_RM, 2, 0, 0), L4_IPC_NEVER);
  r = __l4re_rpc_result(t, u);
  if (r < 0)
    return (int)r;
  n = m->mr[0];
  at = (sizeof(l4_umword_t) + n + 7) & ~7ul;
  if (n > L4_UTCB_GENERIC_DATA_SIZE * sizeof(l4_umword_t)
      || at + 8 > l4_msgtag_words(t) * sizeof(l4_umword_t))
    return -L4_EMSGTOOSHORT;
  for (i = 0; i < n && i + 1 < len; ++i)
    name[i] = src[i];
  if (len)
    name[i] = 0;
  *backing_offset = __l4re_mr_get_u64(m, at / sizeof(l4_umword_t));
  return (int)r;
}

L4_INLINE int
l4re_rm_get_info(l4_addr_t addr, char *name, unsigned int len,
                 l4re_rm_offset_t *backing_offset)
{
  return l4re_rm_get_info_srv(l4re_global_env->rm, addr, name, len, backing_offset);
}

/* Has the region manager print its areas and regions (its debug function 0). */
L4_INLINE void
l4re_rm_show_lists_srv(l4_cap_idx_t rm)
{
  l4re_debug_obj_debug(rm, 0);
}

L4_INLINE void
l4re_rm_show_lists(void)
{
  l4re_rm_show_lists_srv(l4re_global_env->rm);
}

L4_END_DECLS

#endif
