/* The script's requests, performed by ned's thread by IPC: channels (IPC gates from ned's factory),
 * factory:create() on the script's factory capability, starting programs, printing. The payload formats
 * are those of emulator/lua-coprocessor/coprocessor-l4-module.ts: little-endian words, NUL-terminated strings. */
#include <string.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/re/c/util/cap_alloc.h>
#include "ned.h"
#include "lua_coprocessor.h"

enum { MAX_ARGS = 16, MAX_CAPS = 16, MAX_CREATE_ARGS = 8 };

unsigned programs_started;

struct payload_reader { char const *p, *end; int bad; };

static l4_umword_t get_word(struct payload_reader *r)
{
  l4_umword_t w = 0;
  if (r->end - r->p < 4)
    {
      r->bad = 1;
      return 0;
    }
  memcpy(&w, r->p, 4);
  r->p += 4;
  return w;
}

static char const *get_str(struct payload_reader *r)
{
  char const *s = r->p;
  while (r->p < r->end && *r->p)
    ++r->p;
  if (r->p >= r->end)
    {
      r->bad = 1;
      return "";
    }
  ++r->p;
  return s;
}

static long new_channel(void)
{
  l4_cap_idx_t gate = l4re_util_cap_alloc();
  long e = l4_error(l4_factory_create_gate(l4re_env()->factory, gate, L4_INVALID_CAP, 0));
  return e < 0 ? e : (long)gate;
}

static long create(struct payload_reader *r)
{
  l4_cap_idx_t factory = get_word(r);
  long proto = (long)get_word(r);
  unsigned nargs = get_word(r);
  l4_cap_idx_t obj = l4re_util_cap_alloc();
  l4_utcb_t *u = l4_utcb();
  l4_msgtag_t tag = l4_factory_create_start_u(proto, obj, u);
  for (unsigned i = 0; i < nargs && i < MAX_CREATE_ARGS && !r->bad; ++i)
    {
      if (get_word(r) == 0)
        l4_factory_create_add_int_u((l4_mword_t)get_word(r), &tag, u);
      else
        l4_factory_create_add_str_u(get_str(r), &tag, u);
    }
  if (r->bad || nargs > MAX_CREATE_ARGS)
    return -L4_EINVAL;
  long e = l4_error(l4_factory_create_commit_u(factory, tag, u));
  return e < 0 ? e : (long)obj;
}

static long start(struct payload_reader *r)
{
  unsigned argc = get_word(r), ncaps = get_word(r);
  l4_cap_idx_t log = get_word(r);
  char const *tag = get_str(r), *color = get_str(r);
  if (argc == 0 || argc > MAX_ARGS || ncaps > MAX_CAPS)
    return -L4_EINVAL;
  char const *argv[MAX_ARGS];
  for (unsigned i = 0; i < argc; ++i)
    argv[i] = get_str(r);
  struct start_cap caps[MAX_CAPS];
  for (unsigned i = 0; i < ncaps; ++i)
    {
      caps[i].cap = get_word(r);
      caps[i].rights = get_word(r);
      caps[i].name = get_str(r);
    }
  if (r->bad)
    return -L4_EINVAL;
  if ((long)log == -1)
    {
      /* A log of its own from moe's allocator, tagged and coloured as the script says. */
      log = l4re_util_cap_alloc();
      l4_utcb_t *u = l4_utcb();
      l4_msgtag_t t = l4_factory_create_start_u(L4_PROTO_LOG, log, u);
      l4_factory_create_add_str_u(tag, &t, u);
      if (*color)
        l4_factory_create_add_str_u(color, &t, u);
      long e = l4_error(l4_factory_create_commit_u(l4re_env()->mem_alloc, t, u));
      if (e < 0)
        return e;
    }
  long e = app_start(argv, argc, caps, ncaps, log);
  if (e < 0)
    return e;
  ++programs_started;
  return app_parent_last();
}

long request_perform(struct lua_request const *req)
{
  struct payload_reader r = { req->payload, req->payload + req->len, 0 };
  switch (req->kind)
    {
    case LUA_REQ_PRINT:
      ned_log_print(req->payload, req->len);
      return 0;
    case LUA_REQ_NEW_CHANNEL:
      return new_channel();
    case LUA_REQ_CREATE:
      return create(&r);
    case LUA_REQ_START:
      return start(&r);
    case LUA_REQ_CONTINUE:
      return 0;
    case LUA_REQ_WAIT:
      return app_parent_wait((unsigned)get_word(&r));
    default:
      return -L4_ENOSYS;
    }
}
