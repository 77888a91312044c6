/* What moe (libloader's Loader::launch) hands l4re on its initial stack: argc, argv, envp and the aux
 * vector, whose AT_L4_AUX names the program (l4re_aux_t) and AT_L4_ENV the environment (l4re_env_t). */
#include "l4re.h"
#include <string.h>

static struct start_info *current;

void read_initial_stack(l4_umword_t *sp, struct start_info *si)
{
  memset(si, 0, sizeof(*si));
  current = si;
  si->argc = (int)sp[0];
  si->argv = (char const **)&sp[1];
  si->envp = si->argv + si->argc + 1;
  char const **e = si->envp;
  while (*e)
    ++e;
  for (l4_umword_t *a = (l4_umword_t *)(e + 1); a[0] != AT_NULL; a += 2)
    switch (a[0])
      {
      case AT_L4_AUX: si->aux = (l4re_aux *)a[1]; break;
      case AT_L4_ENV: si->env = (l4re_env *)a[1]; break;
      case AT_L4_KIP: si->kip = (l4_kernel_info_t *)a[1]; break;
      default: break;
      }
}

l4_cap_idx_t env_named_cap(l4re_env const *env, char const *name, unsigned len)
{
  if (!env->caps)
    return L4_INVALID_CAP;
  for (env_cap_entry const *c = env->caps; c->flags != ~0UL; ++c)
    if (strncmp(c->name, name, len) == 0 && (len == sizeof(c->name) || c->name[len] == 0))
      return c->cap;
  return L4_INVALID_CAP;
}

/* l4re's own capability slots: a block taken from the environment before the program starts, so that the
 * program's capability allocator (which starts at env->first_free_cap) and l4re never hand out the same slot. */
enum { OWN_SLOTS = 256 };
static l4_umword_t own_first;
static unsigned char own_used[OWN_SLOTS];

void cap_slots_reserve(void)
{
  own_first = current->env->first_free_cap;
  current->env->first_free_cap += OWN_SLOTS;
}

l4_cap_idx_t cap_slot_alloc(void)
{
  for (unsigned i = 0; i < OWN_SLOTS; ++i)
    if (!own_used[i])
      {
        own_used[i] = 1;
        return (l4_cap_idx_t)(own_first + i) << L4_CAP_SHIFT;
      }
  return L4_INVALID_CAP;
}

void cap_slot_free(l4_cap_idx_t cap)
{
  l4_umword_t slot = cap >> L4_CAP_SHIFT;
  if (slot >= own_first && slot < own_first + OWN_SLOTS)
    own_used[slot - own_first] = 0;
}
