/* The L4Re initial environment (spec section 3.3, 2026 layout). The loader
 * places it in memory and passes its address in the AT_L4_ENV aux vector
 * entry; crt0 stores that in l4re_global_env. */
#ifndef L4RE_ENV_H
#define L4RE_ENV_H

#include <l4/sys/types.h>
#include <l4/sys/consts.h>
#include <l4/sys/kip.h>
#include <l4/re/consts.h>

/* A named initial capability. The array ends with flags == ~0. */
typedef struct l4re_env_cap_entry_t
{
  l4_cap_idx_t cap;
  l4_umword_t  flags;
  char         name[16];
} l4re_env_cap_entry_t;

enum
{
  L4RE_ENV_CAP_NAME_LEN = 16,
  L4RE_ENV_CAP_ENTRY_END = ~0UL,
};

typedef struct l4re_env_t
{
  l4_cap_idx_t parent;               /* 0x00 */
  l4_cap_idx_t rm;                   /* 0x04 */
  l4_cap_idx_t mem_alloc;            /* 0x08 */
  l4_cap_idx_t log;                  /* 0x0c */
  l4_cap_idx_t main_thread;          /* 0x10 */
  l4_cap_idx_t factory;              /* 0x14 */
  l4_cap_idx_t scheduler;            /* 0x18 */
  l4_cap_idx_t itas;                 /* 0x1c */
  l4_cap_idx_t dbg_events;           /* 0x20 */
  l4_cap_idx_t first_free_cap;       /* 0x24: a slot number */
  l4_umword_t  first_free_reply_cap; /* 0x28 */
  l4_fpage_t   utcb_area;            /* 0x2c */
  l4_addr_t    first_free_utcb;      /* 0x30: ~0UL once libpthread owns the UTCB area */
  l4re_env_cap_entry_t *caps;        /* 0x34 */
} l4re_env_t;

L4_BEGIN_DECLS
extern l4re_env_t *l4re_global_env;
L4_END_DECLS

L4_INLINE l4re_env_t *l4re_env(void) { return l4re_global_env; }

/* The kernel info page (as l4_kip()). */
L4_INLINE l4_kernel_info_t const *l4re_kip(void) { return l4_kip(); }

/* Look a capability up by name (at most 16 significant characters). */
L4_INLINE l4re_env_cap_entry_t const *
l4re_env_get_cap_l(char const *name, unsigned len, l4re_env_t const *e)
{
  l4re_env_cap_entry_t const *c;
  unsigned i;
  if (!e || !e->caps || len > L4RE_ENV_CAP_NAME_LEN)
    return 0;
  for (c = e->caps; c->flags != L4RE_ENV_CAP_ENTRY_END; ++c)
    {
      for (i = 0; i < len && c->name[i] == name[i]; ++i)
        ;
      if (i == len && (len == L4RE_ENV_CAP_NAME_LEN || c->name[len] == 0))
        return c;
    }
  return 0;
}

L4_INLINE l4_cap_idx_t
l4re_env_get_cap_e(char const *name, l4re_env_t const *e)
{
  unsigned len = 0;
  l4re_env_cap_entry_t const *c;
  while (name[len])
    ++len;
  c = l4re_env_get_cap_l(name, len, e);
  return c ? c->cap : L4_INVALID_CAP;
}

L4_INLINE l4_cap_idx_t
l4re_env_get_cap(char const *name)
{
  return l4re_env_get_cap_e(name, l4re_env());
}

#endif
