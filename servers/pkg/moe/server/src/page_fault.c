/* Page faults of the tasks moe started arrive at their region map (it is the pager of l4re's thread, and
 * l4re forwards faults in regions it does not back itself). Protocol L4_PROTO_PAGE_FAULT: MR0 = fault
 * address | 2 for a write, MR1 = the faulting instruction (or ~2 when l4re forwards one). The answer maps
 * the page of the region's dataspace, with the rights of both the region and the dataspace. A fault moe
 * cannot resolve gets an error label, as from the real moe's region map (-L4_ENOMEM: no region,
 * -L4_EACCESS: not allowed); the kernel turns that into an exception of the faulting thread, which reaches
 * moe again as its exception handler. */
#include "moe.h"
#include <string.h>

enum { PF_WRITE = 2 };

l4_msgtag_t page_fault_resolve(struct region_map *rm, l4_utcb_t *u)
{
  l4_umword_t *mr = l4_utcb_mr_u(u)->mr;
  l4_addr_t pfa = mr[0] & ~7UL;
  int write = (mr[0] & PF_WRITE) != 0;
  struct dataspace *ds;
  unsigned long offset;
  unsigned rights;
  if (region_map_lookup(rm, pfa, &ds, &offset, &rights) < 0 || offset >= ROUND_PAGE(ds->size))
    {
      moe_printf("MOE: unresolved page fault at %08lx (pc %08lx, %s): no region\n", pfa, mr[1],
                 write ? "write" : "read");
      return l4_msgtag(-E_NOMEM, 0, 0, 0);
    }
  rights &= ds->rights;
  if (write && !(rights & DS_W))
    {
      moe_printf("MOE: unresolved page fault at %08lx (pc %08lx): write to a read-only region\n", pfa, mr[1]);
      return l4_msgtag(-E_ACCESS, 0, 0, 0);
    }
  dataspace_map_item(ds, offset, pfa, rights, mr);
  return l4_msgtag(0, 0, 1, 0);
}
