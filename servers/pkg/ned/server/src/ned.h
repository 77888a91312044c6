/* ned's parts: the coprocessor calls, the script file, the requests it performs, programs it starts. */
#pragma once
#include <l4/sys/types.h>

/* ned's own capabilities as the script's L4.Env names them (order of the coprocessor's RUN message). */
enum { ENV_LOG, ENV_FACTORY, ENV_MEM_ALLOC, ENV_SCHEDULER, ENV_ICU, ENV_PARENT, ENV_ROM, ENV_COUNT };

/* A request of the script (lua_coprocessor.h has the kinds); the payload is cut at its buffer's size. */
enum { REQUEST_PAYLOAD_MAX = 2048 };
struct lua_request
{
  unsigned kind;
  unsigned len;
  char payload[REQUEST_PAYLOAD_MAX + 1];
};

long lua_cp_load(l4_cap_idx_t cp, char const *bytes, unsigned long n);
long lua_cp_run(l4_cap_idx_t cp, l4_cap_idx_t const env[ENV_COUNT], int argc, char **argv, struct lua_request *r);
long lua_cp_resume(l4_cap_idx_t cp, long result, struct lua_request *r);
/* Program `app` exited with `value` (its parent's exit signal). */
long lua_cp_exited(l4_cap_idx_t cp, unsigned app, long value);
/* ned could not hand the script over: the script is over before it ran (the boot's status: failed). */
long lua_cp_not_run(l4_cap_idx_t cp);
/* The coprocessor (capability "lua"). */
extern l4_cap_idx_t lua_cp;

/* Reads rom/NAME (NAME without "rom/") and hands it to the coprocessor. */
long script_load(l4_cap_idx_t rom, char const *name, l4_cap_idx_t cp);

/* Programs the script started so far. */
extern unsigned programs_started;

/* Performs one request; the result is what the script gets back (>= 0) or an L4 error. */
long request_perform(struct lua_request const *r);

struct start_cap { l4_cap_idx_t cap; unsigned rights; char const *name; };
long app_start(char const *const *argv, unsigned argc, struct start_cap const *caps, unsigned ncaps,
               l4_cap_idx_t log);

/* The parent gate of a started program (its exit comes here); ned's loop after the script. */
l4_cap_idx_t app_parent_new(l4_cap_idx_t task, l4_cap_idx_t thread);
void app_parent_serve(void);
/* The number the program app_parent_new registered last goes by (what app:wait() names). */
unsigned app_parent_last(void);
/* app:wait(): serves the programs' parent requests until program `app` has exited; its exit value. */
long app_parent_wait(unsigned app);

/* ned's tagged log "ned" (made by moe's allocator on first use): Lua print and script errors. */
void ned_log_print(char const *text, unsigned len);
