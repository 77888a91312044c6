/* ned's own output (Lua print, script errors) on a log tagged "ned", as on the built-in roles: created by
 * moe's allocator (L4::Factory create of a Log: tag, colour 0 = none) the first time ned prints. */
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/vcon.h>
#include <l4/re/c/util/cap_alloc.h>
#include "ned.h"

enum { VCON_CHUNK = 200 };

static l4_cap_idx_t ned_log = L4_INVALID_CAP;

static l4_cap_idx_t log_cap(void)
{
  if (!l4_is_invalid_cap(ned_log))
    return ned_log;
  l4_cap_idx_t c = l4re_util_cap_alloc();
  l4_utcb_t *u = l4_utcb();
  l4_msgtag_t tag = l4_factory_create_start_u(L4_PROTO_LOG, c, u);
  l4_factory_create_add_str_u("ned", &tag, u);
  l4_factory_create_add_uint_u(0, &tag, u);
  ned_log = l4_error(l4_factory_create_commit_u(l4re_env()->mem_alloc, tag, u)) < 0 ? l4re_env()->log : c;
  return ned_log;
}

void ned_log_print(char const *text, unsigned len)
{
  l4_cap_idx_t log = log_cap();
  for (unsigned at = 0; at < len; at += VCON_CHUNK)
    l4_vcon_write(log, text + at, len - at < VCON_CHUNK ? len - at : VCON_CHUNK);
}
