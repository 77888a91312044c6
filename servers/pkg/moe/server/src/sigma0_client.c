/* The sigma0 protocol as moe uses it (l4re-core libsigma0/include/sigma0.h): a call with label
 * L4_PROTO_SIGMA0 on the pager gate, MR0 = request (~0xff + id), MR1 = the wanted flexpage; sigma0 answers
 * with one map item, or none when it has nothing to give. moe receives into its whole address space, so
 * every page lands at its physical address. */
#include "moe.h"
#include <string.h>

enum sigma0_request
{
  SIGMA0_REQ_FPAGE_RAM = ~0xffUL + 0x60,
  SIGMA0_REQ_FPAGE_ANY = ~0xffUL + 0x90,
  SIGMA0_REQ_KIP       = ~0xffUL + 0xa0,
};

static l4_msgtag_t sigma0_call(l4_umword_t request, l4_fpage_t fp, unsigned words)
{
  l4_utcb_t *u = l4_utcb();
  l4_buf_regs_t *br = l4_utcb_br_u(u);
  br->bdr = 0;
  br->br[0] = L4_ITEM_MAP;
  br->br[1] = l4_fpage(0, L4_WHOLE_ADDRESS_SPACE, 0).raw;
  l4_utcb_mr_u(u)->mr[0] = request;
  l4_utcb_mr_u(u)->mr[1] = fp.raw;
  return l4_ipc_call(L4_BASE_PAGER_CAP, u, l4_msgtag(L4_PROTO_SIGMA0, words, 0, 0), L4_IPC_NEVER);
}

/* The address of the flexpage sigma0 mapped, or ~0 when it sent no item. */
static l4_addr_t received_address(l4_msgtag_t tag)
{
  if (l4_msgtag_has_error(tag) || l4_msgtag_items(tag) == 0)
    return ~0UL;
  return l4_utcb_mr()->mr[l4_msgtag_words(tag) + 1] & L4_FPAGE_ADDR_MASK;
}

l4_kernel_info_t *sigma0_map_kip(void)
{
  l4_addr_t a = received_address(sigma0_call(SIGMA0_REQ_KIP, l4_fpage_invalid(), 1));
  return a == ~0UL ? 0 : (l4_kernel_info_t *)a;
}

int sigma0_map_any(unsigned order, l4_addr_t *addr)
{
  l4_addr_t a = received_address(sigma0_call(SIGMA0_REQ_FPAGE_ANY, l4_fpage(0, order, 0), 2));
  if (a == ~0UL)
    return -1;
  *addr = a;
  return 0;
}

int sigma0_map_ram(l4_addr_t addr, unsigned order)
{
  return received_address(sigma0_call(SIGMA0_REQ_FPAGE_RAM, l4_fpage(addr, order, 0), 2)) == ~0UL ? -1 : 0;
}
