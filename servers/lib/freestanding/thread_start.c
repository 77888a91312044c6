/* Starting a thread the way L4Re's loaders do (see thread_start.h). */
#include <l4/sys/scheduler.h>
#include <l4/sys/thread.h>
#include "thread_start.h"

long thread_start(struct thread_start const *t)
{
  l4_thread_control_start();
  l4_thread_control_pager(t->pager);
  l4_thread_control_exc_handler(t->pager);
  l4_thread_control_bind((l4_utcb_t *)t->utcb, t->task);
  long e = l4_error(l4_thread_control_commit(t->thread));
  if (e < 0)
    return e;
  l4_sched_param_t p = l4_sched_param(t->prio, 0);
  e = l4_error(l4_scheduler_run_thread(t->scheduler, t->thread, &p));
  if (e < 0)
    return e;
  return l4_error(l4_thread_ex_regs(t->thread, t->ip, t->sp, 0));
}
