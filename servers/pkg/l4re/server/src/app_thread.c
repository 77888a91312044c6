/* The program's main thread, as the real l4re starts it: a new thread in the first free capability slot,
 * paged by l4re's own thread (L4_BASE_THREAD_CAP in this task, which is also what the program's
 * environment names as its region map) and with l4re as exception handler, its UTCB the next free one of
 * the task's UTCB area, at the priority of an L4Re main thread. */
#include <l4/sys/factory.h>
#include <l4/sys/debugger.h>
#include "l4re.h"
#include <string.h>
#include "image_announce.h"
#include "thread_start.h"

enum { MAIN_THREAD_PRIO = 2 };

long app_thread_start(struct start_info *si, char const *name, l4_addr_t entry, l4_addr_t sp)
{
  l4re_env *env = si->env;
  l4_cap_idx_t thread = cap_slot_alloc();
  long e = l4_error(l4_factory_create_thread(env->factory, thread));
  if (e < 0)
    return e;
  /* "main", as the debugger has always called a program's first thread (conditions say thread == main). */
  l4_debugger_set_object_name(thread, "main");
  image_announce(L4_BASE_TASK_CAP, si->aux->ldr_base, name);

  /* The program's environment is l4re's own, with l4re as its region map and the new main thread. */
  env->rm = L4_BASE_THREAD_CAP;
  env->main_thread = thread;
  l4_addr_t utcb = env->first_free_utcb;
  env->first_free_utcb += L4_UTCB_OFFSET;

  struct thread_start t = {
    .thread = thread, .task = L4_BASE_TASK_CAP, .utcb = utcb, .pager = L4_BASE_THREAD_CAP,
    .scheduler = env->scheduler, .prio = MAIN_THREAD_PRIO, .ip = entry, .sp = sp,
  };
  return thread_start(&t);
}
