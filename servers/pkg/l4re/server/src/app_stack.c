/* The program's initial stack, as libloader's Loader::launch lays it out for any L4Re program: at the
 * stack pointer argc, argv[], 0, envp[], 0, then the aux vector (the ELF facts the C library's start-up
 * needs, and AT_L4_AUX / AT_L4_ENV / AT_L4_KIP for the L4Re environment). The strings are l4re's own
 * (moe put them on l4re's stack, which stays), the stack is fresh memory from the memory allocator. */
#include "l4re.h"
#include <string.h>

enum { APP_STACK_SIZE = 0x40000, APP_STACK_HINT = 0x80000000, MAX_WORDS = 128 };

/* Where the stack's region starts, once attached: nothing else tells it from other attached memory, so the
 * debugger reads it by this name to label the region the program's stack (debug-adapter/l4re-region-map.ts). */
static volatile l4_addr_t app_stack_start; /* volatile: written here, only ever read from outside */

l4_addr_t app_stack_build(struct start_info const *si, struct loaded_program const *prog)
{
  l4_cap_idx_t mem;
  l4_addr_t base = APP_STACK_HINT;
  if (mem_alloc_ds(si->env->mem_alloc, APP_STACK_SIZE, &mem) < 0
      || region_attach(&base, APP_STACK_SIZE, RM_SEARCH_ADDR | DS_RW, L4_PAGESHIFT, mem, mem, 0) < 0)
    return 0;
  app_stack_start = base;
  region_info_set(base, "[stack]", 7, 0);

  l4_umword_t w[MAX_WORDS];
  unsigned n = 0;
  w[n++] = (l4_umword_t)si->argc;
  for (int i = 0; i < si->argc && n < MAX_WORDS - 64; ++i)
    w[n++] = (l4_umword_t)si->argv[i];
  w[n++] = 0;
  for (char const **e = si->envp; *e && n < MAX_WORDS - 40; ++e)
    w[n++] = (l4_umword_t)*e;
  w[n++] = 0;
  l4_umword_t const aux[] = {
    AT_PHDR, prog->phdr, AT_PHENT, prog->phent, AT_PHNUM, prog->phnum, AT_PAGESZ, L4_PAGESIZE,
    AT_ENTRY, prog->entry, AT_UID, 0, AT_EUID, 0, AT_GID, 0, AT_EGID, 0,
    AT_L4_AUX, (l4_umword_t)si->aux, AT_L4_ENV, (l4_umword_t)si->env, AT_L4_KIP, (l4_umword_t)si->kip,
    AT_NULL, 0,
  };
  memcpy(&w[n], aux, sizeof(aux));
  n += sizeof(aux) / sizeof(aux[0]);

  l4_addr_t top = base + APP_STACK_SIZE;
  l4_addr_t sp = (top - n * sizeof(l4_umword_t)) & ~15UL;
  if (page_in_range(sp, top - sp, 1) < 0)
    return 0;
  memcpy((void *)sp, w, n * sizeof(l4_umword_t));
  return sp;
}
