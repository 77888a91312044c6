/* L4Re dataspaces, C interface (l4re_ds_*): the messages of L4Re::Dataspace
 * (l4re/include/dataspace), laid out as docs/l4re-protocols.md says. Flag
 * values and types are L4Re's. */
#ifndef L4RE_C_DATASPACE_H
#define L4RE_C_DATASPACE_H

#include <l4/sys/ipc.h>
#include <l4/re/protocols.h>
#include <l4/re/c/__rpc.h>

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

/* L4Re::Dataspace's RPCs, numbered in the order of its Rpcs list
 * (map, clear, info, copy_in, allocate, map_info). */
enum l4re_ds_opcodes
{
  L4RE_DS_OP_MAP = 0,
  L4RE_DS_OP_CLEAR = 1,
  L4RE_DS_OP_INFO = 2,
  L4RE_DS_OP_COPY_IN = 3,
  L4RE_DS_OP_ALLOCATE = 4,
  L4RE_DS_OP_MAP_INFO = 5,
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

/* info: MR0 = opcode; reply MR0..1 = size (64 bits), MR2 = flags. */
L4_INLINE l4_ret_t
l4re_ds_info(l4re_ds_t ds, l4re_ds_stats_t *stats)
{
  l4_utcb_t *u = l4_utcb();
  l4_msg_regs_t *m = l4_utcb_mr_u(u);
  l4_ret_t r;
  m->mr[0] = L4RE_DS_OP_INFO;
  r = __l4re_rpc_call(ds, L4RE_PROTO_DATASPACE, 1, 0, u);
  if (r < 0)
    return r;
  stats->size = __l4re_mr_get_u64(m, 0);
  stats->flags = m->mr[2];
  return r;
}

/* Size of the dataspace in bytes (0 on error, as L4Re). */
L4_INLINE l4re_ds_size_t
l4re_ds_size(l4re_ds_t ds)
{
  l4re_ds_stats_t s;
  return l4re_ds_info(ds, &s) < 0 ? 0 : s.size;
}

/* The dataspace's L4RE_DS_F_* flags (0 on error, as L4Re). */
L4_INLINE l4re_ds_flags_t
l4re_ds_flags(l4re_ds_t ds)
{
  l4re_ds_stats_t s;
  return l4re_ds_info(ds, &s) < 0 ? 0 : s.flags;
}

/* One map request: the page(s) at `offset` into the receive window of
 * 2^order bytes at `base`, at `spot` inside it. MR0 = opcode, MR2..3 =
 * offset, MR4..5 = spot, MR6 = flags; BR0/BR1 = the receive window. */
L4_INLINE l4_ret_t
__l4re_ds_map_one(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_flags_t flags,
                  l4_addr_t base, unsigned order, l4_addr_t spot)
{
  l4_utcb_t *u = l4_utcb();
  l4_msg_regs_t *m = l4_utcb_mr_u(u);
  l4_buf_regs_t *b = l4_utcb_br_u(u);
  m->mr[0] = L4RE_DS_OP_MAP;
  m->mr[1] = 0;
  __l4re_mr_set_u64(m, 2, offset);
  __l4re_mr_set_u64(m, 4, spot);
  m->mr[6] = flags;
  b->bdr = 0;
  b->br[0] = L4_ITEM_MAP;
  b->br[1] = l4_fpage(base, order, 0).raw;
  b->br[2] = 0;
  return __l4re_rpc_call(ds, L4RE_PROTO_DATASPACE, 7, 0, u);
}

/* The largest page order (from 12 on) of a naturally aligned block around
 * `addr` that stays inside [min_addr, max_addr). */
L4_INLINE unsigned
__l4re_ds_max_order(l4_uint64_t addr, l4_uint64_t min_addr, l4_uint64_t max_addr)
{
  unsigned order = L4_PAGESHIFT;
  while (order < 31)
    {
      l4_uint64_t size = 1ULL << (order + 1);
      l4_uint64_t base = addr & ~(size - 1);
      if (base < min_addr || base + size > max_addr)
        break;
      ++order;
    }
  return order;
}

/* Maps the dataspace's memory at `offset` to `local_addr` in the caller; the
 * server may map a larger block as long as it stays in [min_addr, max_addr). */
L4_INLINE l4_ret_t
l4re_ds_map(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_flags_t flags,
            l4re_ds_map_addr_t local_addr, l4re_ds_map_addr_t min_addr,
            l4re_ds_map_addr_t max_addr)
{
  l4_uint64_t lo = min_addr & ~(l4_uint64_t)(L4_PAGESIZE - 1);
  l4_uint64_t hi = (max_addr + L4_PAGESIZE - 1) & ~(l4_uint64_t)(L4_PAGESIZE - 1);
  l4_addr_t at = (l4_addr_t)local_addr & L4_PAGEMASK;
  unsigned order = __l4re_ds_max_order(at, lo, hi);
  l4_addr_t base = at & ~((1UL << order) - 1);
  return __l4re_ds_map_one(ds, offset, flags, base, order, at - base);
}

/* Maps the pages of [min_addr, max_addr) from `offset` on, page by page. */
L4_INLINE l4_ret_t
l4re_ds_map_region(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_flags_t flags,
                   l4re_ds_map_addr_t min_addr, l4re_ds_map_addr_t max_addr)
{
  l4_addr_t a = (l4_addr_t)min_addr & L4_PAGEMASK;
  l4_ret_t r = 0;
  for (; a < max_addr && r >= 0; a += L4_PAGESIZE, offset += L4_PAGESIZE)
    r = __l4re_ds_map_one(ds, offset, flags, a, L4_PAGESHIFT, 0);
  return r < 0 ? r : 0;
}

/* An operation on the byte range [offset, offset + size): MR0 = opcode,
 * MR2..3 = offset, MR4..5 = size. */
L4_INLINE l4_ret_t
__l4re_ds_range_op(l4re_ds_t ds, int op, l4re_ds_offset_t offset, l4re_ds_size_t size)
{
  l4_utcb_t *u = l4_utcb();
  l4_msg_regs_t *m = l4_utcb_mr_u(u);
  m->mr[0] = (l4_umword_t)op;
  m->mr[1] = 0;
  __l4re_mr_set_u64(m, 2, offset);
  __l4re_mr_set_u64(m, 4, size);
  return __l4re_rpc_call(ds, L4RE_PROTO_DATASPACE, 6, 0, u);
}

/* Zeroes [offset, offset + size). */
L4_INLINE l4_ret_t
l4re_ds_clear(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_size_t size)
{
  return __l4re_ds_range_op(ds, L4RE_DS_OP_CLEAR, offset, size);
}

/* Backs [offset, offset + size) with memory now. */
L4_INLINE l4_ret_t
l4re_ds_allocate(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_size_t size)
{
  return __l4re_ds_range_op(ds, L4RE_DS_OP_ALLOCATE, offset, size);
}

/* Copies `size` bytes of dataspace `src` from `src_offs` to `dst_offs` of
 * `ds`: MR0 = opcode, MR2..3 dst_offs, MR4..5 src_offs, MR6..7 size, then
 * `src` as a capability item. */
L4_INLINE l4_ret_t
l4re_ds_copy_in(l4re_ds_t ds, l4re_ds_offset_t dst_offs, l4re_ds_t src,
                l4re_ds_offset_t src_offs, l4re_ds_size_t size)
{
  l4_utcb_t *u = l4_utcb();
  l4_msg_regs_t *m = l4_utcb_mr_u(u);
  if (l4_is_invalid_cap(src))
    return -L4_EMSGMISSARG;
  m->mr[0] = L4RE_DS_OP_COPY_IN;
  m->mr[1] = 0;
  __l4re_mr_set_u64(m, 2, dst_offs);
  __l4re_mr_set_u64(m, 4, src_offs);
  __l4re_mr_set_u64(m, 6, size);
  __l4re_mr_set_cap_item(m, 8, src);
  return __l4re_rpc_call(ds, L4RE_PROTO_DATASPACE, 8, 1, u);
}

/* Where a DMA-able dataspace's memory may be mapped; on a system with an
 * MMU (ours) every address may be used, and L4Re answers 0 without asking. */
L4_INLINE l4_ret_t
l4re_ds_map_info(l4re_ds_t ds, l4_addr_t *start_addr, l4_addr_t *end_addr)
{
  (void)ds;
  (void)start_addr;
  (void)end_addr;
  return 0;
}

L4_END_DECLS

#endif
