/* The program's main thread, as the real l4re starts it: a new thread in the first free capability slot,
 * paged by l4re's own thread (L4_BASE_THREAD_CAP in this task, which is also what the program's
 * environment names as its region map) and with l4re as exception handler, its UTCB the next free one of
 * the task's UTCB area, at the priority of an L4Re main thread. */
#include <l4/sys/factory.h>
#include <l4/sys/thread.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/debugger.h>
#include "l4re.h"
#include "support.h"

enum { MAIN_THREAD_PRIO = 2 };

/* Tells the kernel debugger which image the task runs (debugger op TASK_ADD_IMAGE_INFO 0x107). */
static void announce_image(l4_addr_t base, char const *name)
{
  l4_msg_regs_t *v = l4_utcb_mr();
  unsigned len = strlen(name);
  if (len > 4 * 50)
    len = 4 * 50;
  v->mr[0] = 0x107;
  v->mr[1] = base;
  memset(&v->mr[2], 0, (len + 4) & ~3u);
  memcpy(&v->mr[2], name, len);
  unsigned words = 2 + (len + 4) / 4;
  v->mr[words] = l4_map_obj_control(0, 0);
  v->mr[words + 1] = l4_obj_fpage(L4_BASE_TASK_CAP, 0, L4_CAP_FPAGE_RWS).raw;
  l4_ipc_call(L4_BASE_DEBUGGER_CAP, l4_utcb(), l4_msgtag(L4_PROTO_DEBUGGER, words, 1, 0), L4_IPC_NEVER);
}

long app_thread_start(struct start_info *si, char const *name, l4_addr_t entry, l4_addr_t sp)
{
  l4re_env *env = si->env;
  l4_cap_idx_t thread = cap_slot_alloc();
  long e = l4_error(l4_factory_create_thread(env->factory, thread));
  if (e < 0)
    return e;
  l4_debugger_set_object_name(thread, name);
  announce_image(si->aux->ldr_base, name);

  /* The program's environment is l4re's own, with l4re as its region map and the new main thread. */
  env->rm = L4_BASE_THREAD_CAP;
  env->main_thread = thread;
  l4_addr_t utcb = env->first_free_utcb;
  env->first_free_utcb += L4_UTCB_OFFSET;

  l4_thread_control_start();
  l4_thread_control_pager(L4_BASE_THREAD_CAP);
  l4_thread_control_exc_handler(L4_BASE_THREAD_CAP);
  l4_thread_control_bind((l4_utcb_t *)utcb, L4_BASE_TASK_CAP);
  e = l4_error(l4_thread_control_commit(thread));
  if (e < 0)
    return e;
  l4_sched_param_t p = l4_sched_param(MAIN_THREAD_PRIO, 0);
  e = l4_error(l4_scheduler_run_thread(env->scheduler, thread, &p));
  if (e < 0)
    return e;
  return l4_error(l4_thread_ex_regs(thread, entry, sp, 0));
}
