/* Page faults in the program's task: the region holding the address says who provides the page. A
 * dataspace region asks its dataspace (moe) to map the page straight into this task; a region l4re took
 * over from moe's region map is forwarded to moe as a page fault. Either way the page is present when
 * the faulting thread gets its (empty) answer and retries. */
#include "l4re.h"
#include <string.h>

/* The real l4re's diagnostics (its Rm_server page-fault path). */
static long refuse(char const *what, l4_addr_t addr, l4_umword_t pc, long error)
{
  l4re_printf("l4re: %s at 0x%lx pc=0x%lx\n", what, addr, pc);
  return error;
}

long page_fault_resolve(l4_umword_t pfa, l4_umword_t pc)
{
  l4_addr_t addr = pfa & ~7UL;
  int write = (pfa & PF_WRITE) != 0, exec = (pfa & PF_EXEC) != 0;
  struct region const *r = region_find(addr, 1);
  if (!r)
    return refuse("unhandled page fault (no region)", addr, pc, -L4_ENOMEM);
  if (r->flags & (RM_RESERVED | RM_KERNEL))
    return refuse("page fault handling in kernel-memory provided region or reserved region", addr, pc,
                  -L4_ENOMEM);
  if (write && !(r->flags & DS_W))
    return refuse("write page fault in readonly region", addr, pc, -L4_EACCESS);
  if (exec && !(r->flags & DS_X))
    return refuse("instruction page fault in non-exec region", addr, pc, -L4_EACCESS);
  if (r->flags & RM_PAGER)
    return pager_page_fault(r->ds, pfa);

  /* Read faults get the page without W (the region's rights otherwise), as the real l4re maps them. */
  unsigned rights = r->flags & RM_RIGHTS;
  if (!write)
    rights &= ~DS_W;
  l4_addr_t page = TRUNC_PAGE(addr);
  long e = ds_map_page(r->ds, r->offset + (page - r->start), page, rights);
  if (e < 0)
    l4re_printf("l4re: dataspace map at 0x%lx failed: %ld\n", page, e);
  return e;
}

long page_in_range(l4_addr_t addr, unsigned long size, int write)
{
  for (l4_addr_t p = TRUNC_PAGE(addr); p < addr + size; p += L4_PAGESIZE)
    {
      long e = page_fault_resolve(p | (write ? PF_WRITE : 0), 0);
      if (e < 0)
        return e;
    }
  return 0;
}
