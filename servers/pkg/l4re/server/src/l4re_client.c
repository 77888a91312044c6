/* l4re as a client of moe: the request layouts of the real L4Re protocols as the C++ IPC framework
 * marshals them on ia32 (see the research notes "real-protocols": Dataspace, Mem_alloc, Namespace,
 * Rm, Pager). Every call is synchronous and waits forever, as in the real l4re. */
#include <l4/sys/factory.h>
#include "l4re.h"
#include <string.h>

enum
{
  DS_OP_MAP = 0, DS_OP_INFO = 2, DS_OP_COPY_IN = 3,
  NS_OP_QUERY = 0,
  RM_OP_GET_REGIONS = 5, RM_OP_GET_AREAS = 6,
  VARG_UMWORD = 0x01, VARG_MWORD = 0x81,
};

static long call(l4_cap_idx_t dest, long label, unsigned words, unsigned items)
{
  l4_msgtag_t t = l4_ipc_call(dest, l4_utcb(), l4_msgtag(label, words, items, 0), L4_IPC_NEVER);
  long e = l4_ipc_error(t, l4_utcb());
  if (e)
    return -(L4_EIPC_LO + e);
  return l4_msgtag_label(t);
}

/* One receive buffer for a capability, into a new slot of ours (L4_INVALID_CAP: none left). */
static l4_cap_idx_t receive_cap_buffer(void)
{
  l4_cap_idx_t slot = cap_slot_alloc();
  if (l4_is_invalid_cap(slot))
    return slot;
  l4_buf_regs_t *b = l4_utcb_br();
  b->bdr = 0;
  b->br[0] = slot | L4_RCV_ITEM_SINGLE_CAP;
  b->br[1] = 0;
  return slot;
}

/* A call that brings a capability into `slot`; the slot goes back when it brings none. */
static long call_into(l4_cap_idx_t dest, long label, unsigned words, l4_cap_idx_t slot)
{
  if (l4_is_invalid_cap(slot))
    return -L4_ENOMEM;
  long e = call(dest, label, words, 0);
  if (e < 0)
    cap_slot_free(slot);
  return e;
}

long ds_map_page(l4_cap_idx_t ds, unsigned long offset, l4_addr_t page, unsigned rights)
{
  l4_umword_t *mr = l4_utcb_mr()->mr;
  mr[0] = DS_OP_MAP;
  mr[1] = 0;
  mr[2] = offset; mr[3] = 0;     /* Offset (u64, 8-aligned) */
  mr[4] = 0;      mr[5] = 0;     /* Map_addr spot: page & (window size - 1) */
  mr[6] = rights;
  l4_buf_regs_t *b = l4_utcb_br();
  b->bdr = 0;
  b->br[0] = L4_ITEM_MAP;
  b->br[1] = l4_fpage(page, L4_PAGESHIFT, 0).raw;
  b->br[2] = 0;
  return call(ds, PROTO_DATASPACE, 7, 0);
}

long ds_copy_in(l4_cap_idx_t dst, unsigned long dst_offs, l4_cap_idx_t src, unsigned long src_offs,
                unsigned long size)
{
  l4_umword_t *mr = l4_utcb_mr()->mr;
  mr[0] = DS_OP_COPY_IN;
  mr[1] = 0;
  mr[2] = dst_offs; mr[3] = 0;
  mr[4] = src_offs; mr[5] = 0;
  mr[6] = size;     mr[7] = 0;
  mr[8] = L4_ITEM_MAP;
  mr[9] = l4_obj_fpage(src, 0, L4_CAP_FPAGE_RO).raw;
  return call(dst, PROTO_DATASPACE, 8, 1);
}

long ds_size(l4_cap_idx_t ds, unsigned long *size)
{
  l4_utcb_mr()->mr[0] = DS_OP_INFO;
  long e = call(ds, PROTO_DATASPACE, 1, 0);
  if (e >= 0)
    *size = l4_utcb_mr()->mr[0];
  return e;
}

long ds_flags(l4_cap_idx_t ds, unsigned *flags)
{
  l4_utcb_mr()->mr[0] = DS_OP_INFO;
  long e = call(ds, PROTO_DATASPACE, 1, 0);
  if (e >= 0)
    *flags = l4_utcb_mr()->mr[2];
  return e;
}

long mem_alloc_ds(l4_cap_idx_t mem_alloc, unsigned long size, l4_cap_idx_t *ds)
{
  l4_umword_t *mr = l4_utcb_mr()->mr;
  mr[0] = PROTO_DATASPACE;
  mr[1] = VARG_MWORD | 4 << 16;  mr[2] = size;
  mr[3] = VARG_UMWORD | 4 << 16; mr[4] = 0;   /* flags */
  mr[5] = VARG_UMWORD | 4 << 16; mr[6] = 0;   /* align */
  *ds = receive_cap_buffer();
  return call_into(mem_alloc, PROTO_FACTORY, 7, *ds);
}

long name_space_query(l4_cap_idx_t ns, char const *name, unsigned len, l4_cap_idx_t *obj)
{
  l4_umword_t *mr = l4_utcb_mr()->mr;
  if (len > 4 * 60)
    return -L4_ENAMETOOLONG;
  mr[0] = NS_OP_QUERY;
  mr[1] = len;                   /* no NUL */
  memcpy(&mr[2], name, len);
  *obj = receive_cap_buffer();
  return call_into(ns, PROTO_NAMESPACE, (8 + len + 3) / 4, *obj);
}

long pager_page_fault(l4_cap_idx_t pager, l4_addr_t pfa_and_flags)
{
  l4_umword_t *mr = l4_utcb_mr()->mr;
  mr[0] = pfa_and_flags;
  mr[1] = ~2UL;                  /* pc = -3: a fault l4re forwards, as the real one marks it */
  l4_buf_regs_t *b = l4_utcb_br();
  b->bdr = 0;
  b->br[0] = L4_ITEM_MAP;
  b->br[1] = l4_fpage(0, L4_WHOLE_ADDRESS_SPACE, 0).raw;
  b->br[2] = 0;
  return call(pager, PROTO_PAGE_FAULT, 2, 0);
}

long remote_rm_list(l4_cap_idx_t rm, int areas, l4_addr_t from, l4_umword_t *triples, unsigned max)
{
  l4_umword_t *mr = l4_utcb_mr()->mr;
  mr[0] = areas ? RM_OP_GET_AREAS : RM_OP_GET_REGIONS;
  mr[1] = from;
  long n = call(rm, PROTO_RM, 2, 0);
  if (n <= 0)
    return n;
  if ((unsigned long)n > max)
    n = max;
  memcpy(triples, mr, 3 * sizeof(l4_umword_t) * (unsigned long)n);
  return n;
}
