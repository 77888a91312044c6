/* The script as the real ned reads it: rom/NAME from the rom name space (moe's), a dataspace attached
 * read-only into ned's own address space, then handed to the coprocessor. */
#include <stdio.h>
#include <l4/re/env.h>
#include <l4/re/c/namespace.h>
#include <l4/re/c/dataspace.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include "ned.h"

long script_load(l4_cap_idx_t rom, char const *name, l4_cap_idx_t cp)
{
  l4_cap_idx_t ds = l4re_util_cap_alloc();
  long e = l4re_ns_query_srv(rom, name, ds);
  if (e < 0)
    return e;
  long size = l4re_ds_size(ds);
  if (size <= 0)
    return size < 0 ? size : -L4_EINVAL;
  void *at = 0;
  e = l4re_rm_attach(&at, size, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_R, ds, 0, L4_PAGESHIFT);
  if (e < 0)
    return e;
  e = lua_cp_load(cp, (char const *)at, size);
  l4re_rm_detach(at);
  return e;
}
