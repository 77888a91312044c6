/* l4re_util_kumem_alloc: address space from the region manager, backing
 * from the kernel (L4Re's kumem allocator). The area is reserved first, so
 * that no later attachment lands on the kernel-user memory. */
#include <l4/re/c/util/kumem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/sys/task.h>

L4_CV int
l4re_util_kumem_alloc(l4_addr_t *mem, unsigned pages_order,
                      l4_cap_idx_t task, l4_cap_idx_t rm)
{
  unsigned shift = pages_order + L4_PAGESHIFT;
  l4_fpage_t fp;
  long r;
  *mem = 0;
  r = l4re_rm_reserve_area_srv(rm, mem, 1UL << shift,
                               L4RE_RM_F_RESERVED | L4RE_RM_F_SEARCH_ADDR, shift);
  if (r < 0)
    return (int)r;
  fp = l4_fpage(*mem, shift, L4_FPAGE_RW);
  r = l4_error(l4_task_add_ku_mem(task, &fp));
  if (r < 0)
    {
      l4re_rm_free_area_srv(rm, *mem);
      return (int)r;
    }
  return 0;
}
