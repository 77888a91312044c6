/* L4Re dataspaces, C interface (l4re_ds_*). Moe serves the protocol; the
 * opcodes are documented in docs/l4re-protocols.md. Flag values and types
 * are L4Re's. */
#ifndef L4RE_C_DATASPACE_H
#define L4RE_C_DATASPACE_H

#include <l4/sys/ipc.h>
#include <l4/re/protocols.h>

L4_BEGIN_DECLS

typedef l4_cap_idx_t  l4re_ds_t;
typedef l4_uint64_t   l4re_ds_size_t;
typedef l4_uint64_t   l4re_ds_offset_t;
typedef l4_uint64_t   l4re_ds_map_addr_t;
typedef unsigned long l4re_ds_flags_t;

/* What l4re_ds_info() reports. */
typedef struct
{
  l4re_ds_size_t  size;
  l4re_ds_flags_t flags;
} l4re_ds_stats_t;

enum l4re_ds_opcodes
{
  L4RE_DS_OP_MAP = 0,
  L4RE_DS_OP_CLEAR = 1,
  L4RE_DS_OP_INFO = 2,
  L4RE_DS_OP_ALLOCATE = 4,
};

/* Rights a dataspace grants (the flexpage rights bits) and caching modes. */
enum l4re_ds_map_flags
{
  L4RE_DS_F_R   = L4_FPAGE_RO,
  L4RE_DS_F_W   = L4_FPAGE_W,
  L4RE_DS_F_X   = L4_FPAGE_X,
  L4RE_DS_F_RW  = L4_FPAGE_RW,
  L4RE_DS_F_RX  = L4_FPAGE_RX,
  L4RE_DS_F_RWX = L4_FPAGE_RWX,
  L4RE_DS_F_RIGHTS_MASK   = 0x0f,
  L4RE_DS_F_NORMAL        = 0x00,
  L4RE_DS_F_CACHEABLE     = L4RE_DS_F_NORMAL,
  L4RE_DS_F_BUFFERABLE    = 0x10,
  L4RE_DS_F_UNCACHEABLE   = 0x20,
  L4RE_DS_F_CACHING_MASK  = 0x30,
  L4RE_DS_F_CACHING_SHIFT = 4,
};

/* INFO: reply MR0 = size, MR1 = flags. Returns 0 or a negative error. */
L4_INLINE long
l4re_ds_info(l4re_ds_t ds, l4re_ds_stats_t *stats)
{
  l4_utcb_t *u = l4_utcb();
  l4_msgtag_t t;
  l4_utcb_mr_u(u)->mr[0] = L4RE_DS_OP_INFO;
  t = l4_ipc_call(ds, u, l4_msgtag(L4RE_PROTO_DATASPACE, 1, 0, 0), L4_IPC_NEVER);
  if (l4_error(t) < 0)
    return l4_error(t);
  stats->size = l4_utcb_mr_u(u)->mr[0];
  stats->flags = l4_utcb_mr_u(u)->mr[1];
  return 0;
}

/* Size of the dataspace in bytes (0 on error, as L4Re). */
L4_INLINE l4re_ds_size_t
l4re_ds_size(l4re_ds_t ds)
{
  l4re_ds_stats_t s;
  return l4re_ds_info(ds, &s) < 0 ? 0 : s.size;
}

/* The dataspace's L4RE_DS_F_* flags, or a negative error. */
L4_INLINE l4re_ds_flags_t
l4re_ds_flags(l4re_ds_t ds)
{
  l4re_ds_stats_t s;
  long r = l4re_ds_info(ds, &s);
  return r < 0 ? (l4re_ds_flags_t)r : s.flags;
}

/* Maps the page at `offset` of the dataspace to `local_addr` in the caller
 * (moe maps exactly that page; min_addr/max_addr bound larger mappings). */
L4_INLINE long
l4re_ds_map(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_flags_t flags,
            l4re_ds_map_addr_t local_addr, l4re_ds_map_addr_t min_addr,
            l4re_ds_map_addr_t max_addr)
{
  l4_utcb_t *u = l4_utcb();
  l4_msg_regs_t *m = l4_utcb_mr_u(u);
  (void)min_addr;
  (void)max_addr;
  m->mr[0] = L4RE_DS_OP_MAP;
  m->mr[1] = (l4_umword_t)offset;
  m->mr[2] = (l4_umword_t)local_addr;
  m->mr[3] = flags;
  return l4_error(l4_ipc_call(ds, u, l4_msgtag(L4RE_PROTO_DATASPACE, 4, 0, 0), L4_IPC_NEVER));
}

/* Maps the pages of [min_addr, max_addr) that lie at `offset` on. */
L4_INLINE long
l4re_ds_map_region(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_flags_t flags,
                   l4re_ds_map_addr_t min_addr, l4re_ds_map_addr_t max_addr)
{
  l4re_ds_map_addr_t a;
  long r = 0;
  for (a = min_addr & L4_PAGEMASK; a < max_addr && r >= 0; a += L4_PAGESIZE, offset += L4_PAGESIZE)
    r = l4re_ds_map(ds, offset, flags, a, min_addr, max_addr);
  return r;
}

/* An operation on the byte range [offset, offset + size). */
L4_INLINE long
__l4re_ds_range_op(l4re_ds_t ds, unsigned long op, l4re_ds_offset_t offset, l4re_ds_size_t size)
{
  l4_utcb_t *u = l4_utcb();
  l4_msg_regs_t *m = l4_utcb_mr_u(u);
  m->mr[0] = op;
  m->mr[1] = (l4_umword_t)offset;
  m->mr[2] = (l4_umword_t)size;
  return l4_error(l4_ipc_call(ds, u, l4_msgtag(L4RE_PROTO_DATASPACE, 3, 0, 0), L4_IPC_NEVER));
}

/* Zeroes [offset, offset + size). */
L4_INLINE long
l4re_ds_clear(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_size_t size)
{
  return __l4re_ds_range_op(ds, L4RE_DS_OP_CLEAR, offset, size);
}

/* Backs [offset, offset + size) with memory now. */
L4_INLINE long
l4re_ds_allocate(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_size_t size)
{
  return __l4re_ds_range_op(ds, L4RE_DS_OP_ALLOCATE, offset, size);
}

L4_END_DECLS

#endif
