/* Memory as L4Re programs get it: a dataspace from the memory allocator,
 * attached with the region manager, inspected with l4re_rm_find and
 * l4re_ds_info; an area reserved and filled with L4RE_RM_F_IN_AREA. */
#include <l4/re/env.h>
#include <l4/re/c/dataspace.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/err.h>
#include <stdio.h>
#include <string.h>

static int failures;

static void check(char const *what, int ok)
{
  if (!ok)
    {
      printf("FAIL: %s\n", what);
      ++failures;
    }
}

int main(void)
{
  l4re_ds_t ds = l4re_util_cap_alloc();
  l4re_ds_stats_t stats;
  void *addr = 0, *inside;
  l4_addr_t area = 0, found;
  unsigned long size;
  l4re_rm_offset_t offset;
  l4re_rm_flags_t flags;
  l4re_ds_t found_ds;
  char *p;

  check("a capability slot is free", l4_is_valid_cap(ds));
  check("the allocator gives 3 pages", l4re_ma_alloc(3 * L4_PAGESIZE, ds, 0) == 0);
  check("l4re_ds_info reports the size", l4re_ds_info(ds, &stats) == 0 && stats.size == 3 * L4_PAGESIZE);
  check("the dataspace is writable", (stats.flags & L4RE_DS_F_W) != 0);
  check("l4re_ds_size agrees", l4re_ds_size(ds) == 3 * L4_PAGESIZE);
  check("the region manager attaches it",
        l4re_rm_attach(&addr, 3 * L4_PAGESIZE, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, ds, 0,
                       L4_PAGESHIFT) == 0);
  p = (char *)addr;
  strcpy(p + L4_PAGESIZE, "hello from a dataspace");
  check("its memory holds what was written", strcmp(p + L4_PAGESIZE, "hello from a dataspace") == 0);

  found = (l4_addr_t)addr + L4_PAGESIZE + 5;
  size = 1; /* find looks for a region overlapping [found, found + size) */
  check("l4re_rm_find finds the region",
        l4re_rm_find(&found, &size, &offset, &flags, &found_ds) == 0);
  check("from its start", found == (l4_addr_t)addr);
  check("with its size", size == 3 * L4_PAGESIZE);
  check("at offset 0", offset == 0);
  check("read-write", (flags & L4RE_RM_F_RW) == L4RE_RM_F_RW);
  check("showing the dataspace attached", found_ds == ds);

  check("l4re_ds_clear zeroes a page", l4re_ds_clear(ds, L4_PAGESIZE, L4_PAGESIZE) == 0);
  check("the attached memory sees it", p[L4_PAGESIZE] == 0);

  check("the region detaches", l4re_rm_detach(addr) == 0);
  found = (l4_addr_t)addr;
  size = 1;
  check("then it is gone", l4re_rm_find(&found, &size, &offset, &flags, &found_ds) == -L4_ENOENT);

  /* Reserve 4 pages, then attach the dataspace inside the area. */
  check("an area is reserved",
        l4re_rm_reserve_area(&area, 4 * L4_PAGESIZE, L4RE_RM_F_SEARCH_ADDR, L4_PAGESHIFT) == 0);
  inside = (void *)(area + L4_PAGESIZE);
  check("attaching into it needs L4RE_RM_F_IN_AREA",
        l4re_rm_attach(&inside, L4_PAGESIZE, L4RE_RM_F_RW, ds, L4_PAGESIZE, L4_PAGESHIFT) < 0);
  check("with it, the dataspace attaches there",
        l4re_rm_attach(&inside, L4_PAGESIZE, L4RE_RM_F_RW | L4RE_RM_F_IN_AREA, ds, 0, L4_PAGESHIFT) == 0
        && inside == (void *)(area + L4_PAGESIZE));
  ((char *)inside)[0] = 'x';
  check("and works", ((char *)inside)[0] == 'x');
  check("the area is freed", l4re_rm_free_area(area) == 0);
  check("freeing it twice fails", l4re_rm_free_area(area) == -L4_ENOENT);
  check("its region stays until detached", l4re_rm_detach(inside) == 0);

  l4re_util_cap_free_um(ds);
  printf("error text: %s\n", l4sys_errtostr(-L4_ENOENT));
  printf("memory: %s\n", failures ? "FAILED" : "ok");
  return failures != 0;
}
