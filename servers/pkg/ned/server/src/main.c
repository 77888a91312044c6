/* ned: runs the Lua boot script named by its first argument (rom/NAME.cfg), as the real ned. The Lua VM
 * is ned's coprocessor (capability "lua", emulator/lua-coprocessor/lua-coprocessor.ts): ned reads the
 * script from rom/, hands it over, and then performs, one at a time and by IPC from this thread, every L4
 * operation the script asks for (requests.c), handing each result back. Afterwards it serves its
 * programs' exits, telling the coprocessor each one (app:wait() of a program that is gone, and the boot's
 * exit status, which is the first program's). */
#include <stdio.h>
#include <string.h>
#include <l4/re/env.h>
#include <l4/sys/err.h>
#include "ned.h"
#include "lua_coprocessor.h"

static void report(char const *fmt, char const *a, long b)
{
  char line[256];
  int n = snprintf(line, sizeof(line), fmt, a, b);
  ned_log_print(line, n < (int)sizeof(line) ? (unsigned)n : sizeof(line) - 1);
}

/* Runs the script to its end: each request performed, its result handed back. */
static void run_script(l4_cap_idx_t cp, int argc, char **argv)
{
  l4re_env_t *env = l4re_env();
  l4_cap_idx_t const own[ENV_COUNT] = {
    [ENV_LOG] = env->log, [ENV_FACTORY] = env->factory, [ENV_MEM_ALLOC] = env->mem_alloc,
    [ENV_SCHEDULER] = env->scheduler, [ENV_ICU] = l4re_env_get_cap("icu"), [ENV_PARENT] = env->parent,
    [ENV_ROM] = l4re_env_get_cap("rom"),
  };
  static struct lua_request req;
  long e = lua_cp_run(cp, own, argc, argv, &req);
  while (e >= 0 && req.kind != LUA_REQ_DONE && req.kind != LUA_REQ_FAILED)
    e = lua_cp_resume(cp, request_perform(&req), &req);
  if (e < 0)
    report("ned: the Lua coprocessor failed: %s%ld\n", "error ", e);
  else if (req.kind == LUA_REQ_FAILED)
    report("ned: %s\n", req.payload, 0);
  else if (programs_started == 0)
    report("ned: the script %s started no program; call L4.default_loader:start({}, \"rom/PROGRAM\")\n", argv[0], 0);
}

l4_cap_idx_t lua_cp = L4_INVALID_CAP;

int main(int argc, char **argv)
{
  l4_cap_idx_t cp = lua_cp = l4re_env_get_cap("lua");
  if (argc < 2)
    {
      report("ned: no script given; write \"roottask moe rom/NAME.cfg\"%s\n", "", 0);
      if (!l4_is_invalid_cap(cp))
        lua_cp_not_run(cp);
      return 1;
    }
  if (l4_is_invalid_cap(cp))
    {
      report("ned: no Lua coprocessor (capability \"lua\"): %s runs only with our own moe\n", argv[1], 0);
      return 1;
    }
  char const *name = strncmp(argv[1], "rom/", 4) ? argv[1] : argv[1] + 4;
  long e = script_load(l4re_env_get_cap("rom"), name, cp);
  if (e < 0)
    {
      report(e == -L4_ENOENT ? "ned: the script rom/%s is not in rom/ (error %ld): add it as a module of the entry\n"
                             : "ned: cannot read the script rom/%s (error %ld)\n", name, e);
      lua_cp_not_run(cp);
      return 1;
    }
  run_script(cp, argc - 1, argv + 1);
  app_parent_serve();
  return 0;
}
