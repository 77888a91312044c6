/* The initial stack of a program's first thread, l4re, as libloader's Remote_app_model builds it
 * (remote_app.h). moe and ned both build it here. */
#include <string.h>
#include <l4/re/env.h>
#include <l4/sys/utcb.h>
#include "remote_app.h"

enum { MAX_ARGS = 16, MAX_CAPS = 16 };
enum { AT_NULL = 0, AT_PAGESZ = 6, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14,
       AT_L4_AUX = 0xf0, AT_L4_ENV = 0xf1, AT_L4_KIP = 0xf2 };

static l4_addr_t push_bytes(struct remote_app_stack *s, void const *data, unsigned long n)
{
  s->top = (s->top - n) & ~3UL;
  memcpy(s->local + s->top, data, n);
  return APP_STACK_ADDR + s->top;
}

static l4_addr_t push_word(struct remote_app_stack *s, l4_umword_t w) { return push_bytes(s, &w, sizeof(w)); }

l4_addr_t remote_app_stack_build(struct remote_app_stack *s, char const *const *argv, unsigned argc,
                                 struct remote_app_named_cap const *caps, unsigned ncaps, l4_fpage_t utcb_area)
{
  if (argc > MAX_ARGS)
    argc = MAX_ARGS;
  if (ncaps > MAX_CAPS)
    ncaps = MAX_CAPS;
  l4_addr_t args[MAX_ARGS];
  for (unsigned i = 0; i < argc; ++i)
    args[i] = push_bytes(s, argv[i], strlen(argv[i]) + 1);

  l4_umword_t aux[5] = { args[0], (l4_umword_t)APP_KIP << L4_CAP_SHIFT, L4RE_DBG_WARN, 0, 0 };
  l4_addr_t aux_at = push_bytes(s, aux, sizeof(aux)); /* binary, kip_ds, dbg_lvl, ldr_flags, ldr_base */

  l4re_env_cap_entry_t entries[MAX_CAPS + 1];
  for (unsigned i = 0; i < ncaps; ++i)
    {
      memset(&entries[i], 0, sizeof(entries[i]));
      entries[i].cap = (l4_cap_idx_t)(APP_FIRST_FREE + i) << L4_CAP_SHIFT;
      entries[i].flags = caps[i].flags;
      strncpy(entries[i].name, caps[i].name, sizeof(entries[i].name));
    }
  memset(&entries[ncaps], 0, sizeof(entries[ncaps]));
  entries[ncaps].cap = L4_INVALID_CAP;
  entries[ncaps].flags = ~0UL;
  l4_addr_t caps_at = push_bytes(s, entries, (ncaps + 1) * sizeof(entries[0]));

  l4re_env_t env;
  memset(&env, 0, sizeof(env));
  env.parent = APP_PARENT << L4_CAP_SHIFT;
  env.rm = APP_EXTERNAL_RM << L4_CAP_SHIFT;
  env.mem_alloc = APP_ALLOCATOR << L4_CAP_SHIFT;
  env.log = APP_LOG << L4_CAP_SHIFT;
  env.main_thread = APP_THREAD << L4_CAP_SHIFT;
  env.factory = APP_FACTORY << L4_CAP_SHIFT;
  env.scheduler = APP_SCHEDULER << L4_CAP_SHIFT;
  env.itas = L4_INVALID_CAP;
  env.dbg_events = L4_INVALID_CAP;
  env.first_free_cap = APP_FIRST_FREE + ncaps;
  env.first_free_reply_cap = 0;
  env.utcb_area = utcb_area;
  env.first_free_utcb = APP_UTCB_ADDR + L4_UTCB_OFFSET;
  env.caps = (l4re_env_cap_entry_t *)caps_at;
  l4_addr_t env_at = push_bytes(s, &env, sizeof(env));

  s->top &= ~15UL;
  l4_umword_t vec[] = {
    AT_EGID, 0, AT_GID, 0, AT_EUID, 0, AT_UID, 0, AT_PAGESZ, L4_PAGESIZE,
    AT_L4_AUX, aux_at, AT_L4_KIP, APP_KIP_ADDR, AT_L4_ENV, env_at, AT_NULL, 0,
  };
  push_bytes(s, vec, sizeof(vec));
  push_word(s, 0); /* envp: empty */
  push_word(s, 0); /* argv terminator */
  for (unsigned i = argc; i > 0; --i)
    push_word(s, args[i - 1]);
  return push_word(s, argc);
}
