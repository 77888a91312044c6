/* Allocate a dataspace from moe, attach it, use it, detach it. */
#include <stdio.h>
#include <l4/re/env.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include "tap-check.h"

int main(void)
{
  l4re_ds_t ds = l4re_util_cap_alloc();
  void *addr = 0;
  unsigned long size = 64 * 1024;
  volatile unsigned *p;
  unsigned sum = 0;
  unsigned i;

  check("mem_alloc allocates a dataspace", l4re_ma_alloc(size, ds, 0), 0);
  check("the dataspace has the size asked for", l4re_ds_size(ds), (long)size);
  check("rm attaches it somewhere", l4re_rm_attach(&addr, size, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, ds, 0, 12), 0);
  check("at a page-aligned address", ((unsigned long)addr & 0xfff), 0);
  p = (volatile unsigned *)addr;
  for (i = 0; i < size / 4; i += 1024)
    p[i] = i;
  for (i = 0; i < size / 4; i += 1024)
    sum += p[i];
  check("the memory holds what was written", sum, 1024 * (15 * 16 / 2));
  {
    void *second = 0;
    volatile unsigned *q;
    check("the same dataspace attaches a second time", l4re_rm_attach(&second, size, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, ds, 0, 12), 0);
    q = (volatile unsigned *)second;
    check("both mappings share the memory", q[1024], 1024);
    check("the second mapping is elsewhere", second != addr, 1);
  }
  check("l4re_ds_clear zeroes", l4re_ds_clear(ds, 0, size), 0);
  check("cleared memory reads zero", p[1024], 0);
  check("rm detaches it", l4re_rm_detach(addr), 0);
  check("detaching again fails", l4re_rm_detach(addr) < 0, 1);
  printf("verdict: %s\n", failures ? "fail" : "pass");
  return failures;
}
