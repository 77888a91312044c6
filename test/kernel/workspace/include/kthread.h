/* Starting extra threads in the test program's own task, the L4Re way:
 * factory → thread control (pager, bind to the task with a UTCB from
 * first_free_utcb) → ex_regs (ip, sp) → scheduler run_thread. */
#ifndef KTHREAD_H
#define KTHREAD_H

#include <l4/re/env.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/factory.h>
#include <l4/sys/thread.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/kip.h>
#include <l4/util/util.h>

enum { KTHREAD_STACK_SIZE = 8192 };

typedef struct kthread_t
{
  l4_cap_idx_t cap;
  l4_addr_t utcb;
  long error;          /* first failing step's l4_error, or 0 */
  char const *failed;  /* name of that step */
} kthread_t;

/* Entry functions take no arguments and must never return. */
typedef void (*kthread_fn_t)(void);

/* Creates and starts a thread with the given pager and exception handler;
 * returns 0 or a negative error (t->failed names the step). */
static inline long kthread_start_ex(kthread_t *t, kthread_fn_t fn, char *stack,
                                    unsigned prio, unsigned quantum_us,
                                    l4_cap_idx_t pager, l4_cap_idx_t exc_handler)
{
  l4re_env_t *e = l4re_env();
  l4_msgtag_t tag;
  l4_umword_t *sp;
  l4_sched_param_t sched;

  t->error = 0;
  t->failed = 0;
  t->cap = l4re_util_cap_alloc();
  tag = l4_factory_create_thread(e->factory, t->cap);
  if ((t->error = l4_error(tag)) < 0)
    return t->failed = "factory create thread", t->error;

  t->utcb = e->first_free_utcb;
  e->first_free_utcb += L4_UTCB_OFFSET;
  l4_thread_control_start();
  l4_thread_control_pager(pager);
  l4_thread_control_exc_handler(exc_handler);
  l4_thread_control_bind((l4_utcb_t *)t->utcb, L4_BASE_TASK_CAP);
  tag = l4_thread_control_commit(t->cap);
  if ((t->error = l4_error(tag)) < 0)
    return t->failed = "thread control", t->error;

  /* As after a call: 16-byte aligned, then a (never used) return address. */
  sp = (l4_umword_t *)(((l4_addr_t)stack + KTHREAD_STACK_SIZE) & ~15UL);
  *--sp = 0;
  tag = l4_thread_ex_regs(t->cap, (l4_addr_t)fn, (l4_addr_t)sp, 0);
  if ((t->error = l4_error(tag)) < 0)
    return t->failed = "thread ex_regs", t->error;

  sched = l4_sched_param(prio, quantum_us);
  tag = l4_scheduler_run_thread(e->scheduler, t->cap, &sched);
  if ((t->error = l4_error(tag)) < 0)
    return t->failed = "scheduler run_thread", t->error;
  return 0;
}

/* Creates and starts a thread paged by the region manager, as L4Re does. */
static inline long kthread_start(kthread_t *t, kthread_fn_t fn, char *stack,
                          unsigned prio, unsigned quantum_us)
{
  l4re_env_t *e = l4re_env();
  return kthread_start_ex(t, fn, stack, prio, quantum_us, e->rm, e->rm);
}

/* Sets the calling thread's own priority. */
static inline long kthread_set_prio(l4_cap_idx_t thread, unsigned prio)
{
  l4_sched_param_t sched = l4_sched_param(prio, 0);
  return l4_error(l4_scheduler_run_thread(l4re_env()->scheduler, thread, &sched));
}

/* A helper thread tells main it is done (main waits in kthread_join). */
static inline void kthread_signal_main(void)
{
  l4_ipc_send(l4re_env()->main_thread, l4_utcb(), l4_msgtag(0, 0, 0, 0),
              L4_IPC_NEVER);
}

/* Ends a helper thread: it signals main, then sleeps for good. */
static inline void kthread_finish(void)
{
  kthread_signal_main();
  l4_sleep_forever();
}

/* Main waits (at most ms milliseconds) for t's kthread_signal_main. */
static inline long kthread_join(kthread_t *t, unsigned ms)
{
  l4_timeout_t to = l4_timeout(L4_IPC_TIMEOUT_NEVER,
                               l4_timeout_from_us((l4_uint64_t)ms * 1000));
  return l4_error(l4_ipc_receive(t->cap, l4_utcb(), to));
}

/* The kernel clock in microseconds. */
static inline l4_uint64_t kclock(void)
{
  return l4_kip_clock(l4_kip());
}

#endif
