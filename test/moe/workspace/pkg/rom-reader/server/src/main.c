/* Open a boot module through moe's rom namespace and read it. */
#include <stdio.h>
#include <l4/re/env.h>
#include <l4/re/c/namespace.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include "tap-check.h"

int main(void)
{
  l4re_namespace_t rom = l4re_env_get_cap("rom");
  l4re_ds_t ds = l4re_util_cap_alloc();
  l4re_ds_t none = l4re_util_cap_alloc();
  void *addr = 0;
  unsigned char const *p;

  check("the init program has a rom capability", l4_is_invalid_cap(rom), 0);
  check("rom/rom-reader is found", l4re_ns_query_srv(rom, "rom-reader", ds), 0);
  check("an unknown module is not", l4re_ns_query_srv(rom, "no-such-module", none), -L4_ENOENT);
  check("the module's dataspace has a size", l4re_ds_size(ds) > 0, 1);
  check("it attaches read-only", l4re_rm_attach(&addr, l4re_ds_size(ds), L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_R, ds, 0, 12), 0);
  p = (unsigned char const *)addr;
  check("it holds the ELF file", p[0] == 0x7f && p[1] == 'E' && p[2] == 'L' && p[3] == 'F', 1);
  printf("verdict: %s\n", failures ? "fail" : "pass");
  return failures;
}
