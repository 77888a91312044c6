/* The requests sigma0 serves on its thread, as L4Re's sigma0 (memmap.cc):
 *  - L4_PROTO_PAGE_FAULT: a client touched a page; RAM at the same
 *    physical address is mapped 1:1 when the client may have it;
 *  - L4_PROTO_SIGMA0: explicit requests for RAM, device memory, any free
 *    RAM of a size, the KIP, a dump of the maps;
 *  - L4_PROTO_IO_PAGE_FAULT: an I/O port range, handed out once;
 *  - L4_PROTO_FACTORY (with the S right): a new IPC gate to sigma0 with a
 *    client number of its own;
 *  - L4_PROTO_META: which interfaces sigma0 speaks (meta_protocol.c).
 * Each answer is a map item (MR0 = send base | cacheability | map, MR1 =
 * the flexpage) or an error label; it is sent with a zero timeout, so a
 * client that is gone cannot block sigma0. */
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/utcb.h>
#include "kip_memory.h"
#include "meta_protocol.h"
#include "pager.h"
#include "sigma0_protocol.h"

enum { PAGE_SHIFT = 12, PAGE_SIZE = 1UL << PAGE_SHIFT };

/* Cacheability in a map item's control word (bits 4..6). */
enum { MAP_CACHED = L4_FPAGE_CACHEABLE << 4, MAP_UNCACHED = L4_FPAGE_UNCACHEABLE << 4 };

static l4_kernel_info_t const *kip_page;

/* The answer being built for the current request. */
struct answer
{
  l4_msgtag_t tag;
};

static void answer_error(struct answer *a, long err)
{
  a->tag = l4_msgtag(-err, 0, 0, 0);
}

/* Maps `order` bits of memory at `addr`; the receiver's window takes the
 * part at the same offset (the send base is the address itself). */
static void answer_memory(struct answer *a, unsigned long addr, unsigned order, unsigned rights, int cached)
{
  l4_msg_regs_t *mr = l4_utcb_mr();
  mr->mr[0] = (addr & L4_FPAGE_CONTROL_MASK) | (cached ? MAP_CACHED : MAP_UNCACHED) | L4_ITEM_MAP;
  mr->mr[1] = l4_fpage(addr, order, (unsigned char)rights).raw;
  a->tag = l4_msgtag(0, 0, 1, 0);
}

static void answer_fpage(struct answer *a, l4_fpage_t fp)
{
  l4_msg_regs_t *mr = l4_utcb_mr();
  mr->mr[0] = L4_ITEM_MAP;
  mr->mr[1] = fp.raw;
  a->tag = l4_msgtag(0, 0, 1, 0);
}

static void handle_page_fault(unsigned long client, struct answer *a)
{
  l4_umword_t word = l4_utcb_mr()->mr[0];
  unsigned long page = word & ~(PAGE_SIZE - 1);
  unsigned long needed, rights;

  if (word & PF_INSTRUCTION)
    needed = word & PF_WRITE ? L4_FPAGE_RWX : L4_FPAGE_RX;
  else
    needed = word & PF_WRITE ? L4_FPAGE_RW : L4_FPAGE_R;

  if (!map_alloc_page_fault(&ram_map, page, page + PAGE_SIZE - 1, client, needed, &rights))
    {
      answer_error(a, L4_ENOMEM);
      return;
    }
  answer_memory(a, page, PAGE_SHIFT, rights, 1);
}

enum memory_kind { RAM, IOMEM, IOMEM_CACHED };

static void map_memory(unsigned long client, l4_fpage_t fp, enum memory_kind kind, struct answer *a)
{
  unsigned long addr = l4_fpage_memaddr(fp);
  unsigned order = l4_fpage_size(fp);
  unsigned long last;
  struct region const *r;

  /* The kernel would truncate a misaligned flexpage; pages are the unit
   * of isolation, so nothing smaller is handed out. */
  if (order < PAGE_SHIFT || order >= 32 || (addr & ((1UL << order) - 1)) != 0)
    {
      answer_error(a, L4_EINVAL);
      return;
    }
  last = addr + (1UL << order) - 1;

  if (kind == RAM)
    {
      if (!map_alloc(&ram_map, addr, last, client, L4_FPAGE_RWX))
        answer_error(a, L4_ENOMEM);
      else
        answer_memory(a, addr, order, L4_FPAGE_RWX, 1);
      return;
    }
  /* Device memory is not first come, first served: anyone may map it. */
  r = map_find(&iomem_map, addr, last);
  if (!r)
    answer_error(a, L4_ENOMEM);
  else
    answer_memory(a, addr, order, r->rights, kind == IOMEM_CACHED);
}

static void map_any_ram(unsigned long client, unsigned order, struct answer *a)
{
  unsigned long addr;
  if (order < PAGE_SHIFT || order >= 32)
    {
      answer_error(a, L4_EINVAL);
      return;
    }
  addr = map_alloc_first(&ram_map, 1UL << order, client);
  if (addr == ~0UL)
    answer_error(a, L4_ENOMEM);
  else
    answer_memory(a, addr, order, L4_FPAGE_RWX, 1);
}

static void handle_sigma0_request(unsigned long client, struct answer *a)
{
  l4_msg_regs_t const *mr = l4_utcb_mr();
  l4_fpage_t fp;
  fp.raw = mr->mr[1];

  if (!SIGMA0_IS_MAGIC_REQ(mr->mr[0]))
    {
      answer_error(a, L4_ENOSYS);
      return;
    }
  switch (mr->mr[0] & SIGMA0_REQ_ID_MASK)
    {
    case SIGMA0_REQ_ID_FPAGE_RAM:
      map_memory(client, fp, RAM, a);
      break;
    case SIGMA0_REQ_ID_FPAGE_IOMEM:
      map_memory(client, fp, IOMEM, a);
      break;
    case SIGMA0_REQ_ID_FPAGE_IOMEM_CACHED:
      map_memory(client, fp, IOMEM_CACHED, a);
      break;
    case SIGMA0_REQ_ID_FPAGE_ANY:
      map_any_ram(client, l4_fpage_size(fp), a);
      break;
    case SIGMA0_REQ_ID_KIP:
      answer_memory(a, (unsigned long)kip_page, PAGE_SHIFT, L4_FPAGE_RX, 1);
      break;
    case SIGMA0_REQ_ID_DEBUG_DUMP:
      dump_all();
      a->tag = l4_msgtag(0, 0, 0, 0);
      break;
    default:
      answer_error(a, L4_ENOSYS);
      break;
    }
}

static void handle_io_page_fault(unsigned long client, struct answer *a)
{
  l4_fpage_t fp;
  unsigned long port, order;
  fp.raw = l4_utcb_mr()->mr[0];
  port = fp.raw >> L4_FPAGE_ADDR_SHIFT;
  order = l4_fpage_size(fp);
  if (order > 16 || port + (1UL << order) > IO_PORT_COUNT
      || !map_alloc(&io_port_map, port << IO_PORT_SHIFT, ((port + (1UL << order)) << IO_PORT_SHIFT) - 1,
                    client, L4_FPAGE_RW))
    {
      answer_error(a, L4_ENOMEM);
      return;
    }
  answer_fpage(a, l4_iofpage(port, order));
}

/* A new client: an IPC gate to this thread whose label carries the
 * gate's own capability index as the client number. */
static void handle_new_client(l4_umword_t rights, struct answer *a)
{
  static l4_cap_idx_t next_gate = L4_BASE_CAPS_LAST + L4_CAP_OFFSET;
  l4_msgtag_t t;

  if (!(rights & L4_CAP_FPAGE_S))
    {
      answer_error(a, L4_EPERM);
      return;
    }
  if ((long)l4_utcb_mr()->mr[0] != L4_PROTO_SIGMA0)
    {
      answer_error(a, L4_ENODEV);
      return;
    }
  if ((next_gate >> L4_CAP_SHIFT) & ~(l4_cap_idx_t)OWNER_MASK)
    {
      answer_error(a, L4_ENOMEM);
      return;
    }
  t = l4_factory_create_gate(L4_BASE_FACTORY_CAP, next_gate, L4_BASE_THREAD_CAP,
                             (next_gate >> L4_CAP_SHIFT) << 4);
  if (l4_msgtag_has_error(t) || l4_msgtag_label(t) < 0)
    {
      answer_error(a, L4_ENOMEM);
      return;
    }
  answer_fpage(a, l4_obj_fpage(next_gate, 0, L4_CAP_FPAGE_RWS));
  next_gate += L4_CAP_OFFSET;
}

/* One request: `label` is the gate's label with the caller's rights in bits 0..1. */
static l4_msgtag_t serve(l4_msgtag_t tag, l4_umword_t label)
{
  struct answer a = { l4_msgtag(0, 0, 0, 0) };
  unsigned long client = label >> 4;
  l4_umword_t rights = label & (L4_CAP_FPAGE_W | L4_CAP_FPAGE_S);

  switch (l4_msgtag_label(tag))
    {
    case L4_PROTO_PAGE_FAULT:
      handle_page_fault(client, &a);
      break;
    case L4_PROTO_SIGMA0:
      handle_sigma0_request(client, &a);
      break;
    case L4_PROTO_IO_PAGE_FAULT:
      handle_io_page_fault(client, &a);
      break;
    case L4_PROTO_FACTORY:
      handle_new_client(rights, &a);
      break;
    case L4_PROTO_META:
      a.tag = serve_meta(tag);
      break;
    default:
      answer_error(&a, L4_EBADPROTO);
      break;
    }
  return a.tag;
}

void pager_loop(l4_kernel_info_t const *kip)
{
  l4_utcb_t *utcb = l4_utcb();
  l4_umword_t label;
  l4_msgtag_t tag;

  kip_page = kip;
  for (;;)
    {
      tag = l4_ipc_wait(utcb, &label, L4_IPC_NEVER);
      /* A failed reply (the client went away) just means: wait again. */
      while (!l4_msgtag_has_error(tag))
        tag = l4_ipc_reply_and_wait(utcb, serve(tag, label), &label, L4_IPC_SEND_TIMEOUT_0);
    }
}
