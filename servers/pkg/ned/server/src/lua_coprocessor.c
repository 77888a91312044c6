/* ned's calls to its Lua coprocessor: IPC on the capability "lua" that moe gave it. The script comes in
 * chunks (LOAD), RUN and RESUME answer with the script's next request, READ fetches the rest of a payload
 * that did not fit into the answer's message registers. */
#include <string.h>
#include <l4/sys/ipc.h>
#include <l4/sys/utcb.h>
#include "ned.h"
#include "lua_coprocessor.h"

static long cp_call(l4_cap_idx_t cp, unsigned words)
{
  l4_msgtag_t t = l4_ipc_call(cp, l4_utcb(), l4_msgtag(LUA_COPROCESSOR_PROTO, words, 0, 0), L4_IPC_NEVER);
  return l4_error(t);
}

long lua_cp_load(l4_cap_idx_t cp, char const *bytes, unsigned long n)
{
  l4_umword_t *mr = l4_utcb_mr()->mr;
  for (unsigned long at = 0; at < n; at += LUA_CHUNK_BYTES)
    {
      unsigned chunk = n - at < LUA_CHUNK_BYTES ? n - at : LUA_CHUNK_BYTES;
      mr[0] = LUA_OP_LOAD;
      mr[1] = chunk;
      memcpy(&mr[2], bytes + at, chunk);
      long e = cp_call(cp, 2 + (chunk + 3) / 4);
      if (e < 0)
        return e;
    }
  return 0;
}

/* The answer in the message registers: kind, length, the first bytes; READ for the rest. */
static long take_request(l4_cap_idx_t cp, long e, struct lua_request *r)
{
  if (e < 0)
    return e;
  l4_umword_t *mr = l4_utcb_mr()->mr;
  r->kind = mr[0];
  unsigned total = mr[1];
  r->len = total < REQUEST_PAYLOAD_MAX ? total : REQUEST_PAYLOAD_MAX;
  unsigned first = r->len < LUA_CHUNK_BYTES ? r->len : LUA_CHUNK_BYTES;
  memcpy(r->payload, &mr[2], first);
  for (unsigned at = first; at < r->len;)
    {
      mr[0] = LUA_OP_READ;
      mr[1] = at;
      e = cp_call(cp, 2);
      if (e < 0)
        return e;
      unsigned n = mr[0];
      if (n == 0)
        break;
      if (n > r->len - at)
        n = r->len - at;
      memcpy(r->payload + at, &mr[1], n);
      at += n;
    }
  r->payload[r->len] = 0;
  return 0;
}

long lua_cp_run(l4_cap_idx_t cp, l4_cap_idx_t const env[ENV_COUNT], int argc, char **argv, struct lua_request *r)
{
  l4_umword_t *mr = l4_utcb_mr()->mr;
  mr[0] = LUA_OP_RUN;
  for (unsigned i = 0; i < ENV_COUNT; ++i)
    mr[1 + i] = env[i];
  char *strings = (char *)&mr[8];
  unsigned len = 0, room = (L4_UTCB_GENERIC_DATA_SIZE - 8) * sizeof(l4_umword_t);
  for (int i = 0; i < argc; ++i)
    {
      unsigned n = strlen(argv[i]) + 1;
      if (len + n > room)
        return -L4_ENOMEM;
      memcpy(strings + len, argv[i], n);
      len += n;
    }
  return take_request(cp, cp_call(cp, 8 + (len + 3) / 4), r);
}

long lua_cp_exited(l4_cap_idx_t cp, unsigned app, long value)
{
  l4_umword_t *mr = l4_utcb_mr()->mr;
  mr[0] = LUA_OP_EXITED;
  mr[1] = app;
  mr[2] = (l4_umword_t)value;
  return cp_call(cp, 3);
}

long lua_cp_not_run(l4_cap_idx_t cp)
{
  l4_utcb_mr()->mr[0] = LUA_OP_NOT_RUN;
  return cp_call(cp, 1);
}

long lua_cp_resume(l4_cap_idx_t cp, long result, struct lua_request *r)
{
  l4_umword_t *mr = l4_utcb_mr()->mr;
  mr[0] = LUA_OP_RESUME;
  mr[1] = (l4_umword_t)result;
  return take_request(cp, cp_call(cp, 2), r);
}
