/* The L4Re C capability allocator: a bitmap of slots from
 * l4re_env()->first_free_cap on (a slot number, spec section 3.3). Slots
 * are handed out lowest first, so programs see predictable selectors. */
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/task.h>

enum { CAP_ALLOC_SLOTS = 4096 };

static unsigned char cap_alloc_used[CAP_ALLOC_SLOTS / 8];

static l4_umword_t cap_alloc_base(void)
{
  l4re_env_t *e = l4re_env();
  return e ? e->first_free_cap : 0x40;
}

L4_CV l4_cap_idx_t l4re_util_cap_alloc(void)
{
  unsigned i;
  for (i = 0; i < CAP_ALLOC_SLOTS; ++i)
    if (!(cap_alloc_used[i / 8] & (1u << (i % 8))))
      {
        cap_alloc_used[i / 8] |= (unsigned char)(1u << (i % 8));
        return (cap_alloc_base() + i) << L4_CAP_SHIFT;
      }
  return L4_INVALID_CAP;
}

L4_CV void l4re_util_cap_free(l4_cap_idx_t cap)
{
  l4_umword_t slot = cap >> L4_CAP_SHIFT;
  l4_umword_t base = cap_alloc_base();
  if (l4_is_invalid_cap(cap) || slot < base || slot - base >= CAP_ALLOC_SLOTS)
    return;
  slot -= base;
  cap_alloc_used[slot / 8] &= (unsigned char)~(1u << (slot % 8));
}

L4_CV void l4re_util_cap_free_um(l4_cap_idx_t cap)
{
  if (l4_is_invalid_cap(cap))
    return;
  l4_task_unmap(L4_BASE_TASK_CAP, l4_obj_fpage(cap, 0, L4_CAP_FPAGE_RWSD),
                L4_FP_ALL_SPACES);
  l4re_util_cap_free(cap);
}

L4_CV long l4re_util_cap_last(void)
{
  return (cap_alloc_base() + CAP_ALLOC_SLOTS - 1) << L4_CAP_SHIFT;
}
