/* moe hands out no more RAM than it has: a dataspace larger than what is left is -L4_ENOMEM (moe
 * allocates a dataspace's memory when it makes it), and a dataspace's memory comes back once its last
 * capability is gone. The machine of a boot on our servers has 256 MiB of RAM. */
#include <stdio.h>
#include <l4/re/env.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/task.h>
#include "tap-check.h"

enum { MiB = 1024 * 1024 };

int main(void)
{
  l4re_ds_t big = l4re_util_cap_alloc(), more = l4re_util_cap_alloc(), after = l4re_util_cap_alloc();

  check("128 MiB", l4re_ma_alloc(128 * MiB, big, 0), 0);
  check("another 128 MiB is more than is left", l4re_ma_alloc(128 * MiB, more, 0), -L4_ENOMEM);
  /* The 128 MiB dataspace's only capability: with it gone, moe takes the memory back. */
  check("its capability goes", l4_error(l4_task_release_cap(L4_BASE_TASK_CAP, big)), 0);
  check("then 160 MiB fits", l4re_ma_alloc(160 * MiB, after, 0), 0);
  check("and has its size", l4re_ds_size(after), 160 * MiB);
  printf("verdict: %s\n", failures ? "fail" : "pass");
  return failures;
}
