/* A user-level exception handler. The worker divides by zero; the CPU
 * raises a divide error, and the kernel sends the worker's registers as an
 * exception IPC to its exception handler, our main thread. The handler
 * repairs the divisor register and replies with the changed registers; the
 * worker resumes at the division, which now succeeds. */
#include <l4/re/env.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/thread.h>
#include <l4/sys/utcb.h>
#include <stdio.h>

enum { TRAP_DIVIDE_ERROR = 0, DONE = 1 };

static char worker_stack[8192] __attribute__((aligned(16)));
static volatile int divisor = 0;

static void worker(void)
{
  int quotient;

  printf("worker: computing 100 / %d\n", divisor);
  /* The divisor sits in ECX so the handler knows which register to fix. */
  asm volatile("cltd\n\tidivl %%ecx" : "=a"(quotient) : "a"(100), "c"(divisor) : "edx");
  printf("worker: 100 / divisor = %d\n", quotient);

  l4_utcb_mr()->mr[0] = DONE;
  l4_ipc_send(l4re_env()->main_thread, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER);
  for (;;)
    l4_ipc_sleep(L4_IPC_NEVER);
}

/* Creates a thread in our task with the given exception handler and starts it. */
static l4_cap_idx_t start_thread(void (*fn)(void), char *stack, unsigned size,
                                 l4_cap_idx_t exc_handler)
{
  l4re_env_t *e = l4re_env();
  l4_cap_idx_t t = l4re_util_cap_alloc();
  l4_utcb_t *utcb = (l4_utcb_t *)e->first_free_utcb;
  l4_sched_param_t sp = l4_sched_param(2, 0);
  l4_umword_t *stack_top = (l4_umword_t *)(stack + size);

  e->first_free_utcb += L4_UTCB_OFFSET;
  l4_factory_create_thread(e->factory, t);
  l4_thread_control_start();
  l4_thread_control_pager(e->rm);
  l4_thread_control_exc_handler(exc_handler);
  l4_thread_control_bind(utcb, L4_BASE_TASK_CAP);
  l4_thread_control_commit(t);
  *--stack_top = 0;
  l4_thread_ex_regs(t, (l4_addr_t)fn, (l4_addr_t)stack_top, 0);
  l4_scheduler_run_thread(e->scheduler, t, &sp);
  return t;
}

int main(void)
{
  l4_utcb_t *u = l4_utcb();
  l4_umword_t label;
  l4_msgtag_t tag;

  start_thread(worker, worker_stack, sizeof(worker_stack), l4re_env()->main_thread);

  tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
  while (l4_msgtag_is_exception(tag))
    {
      /* Copy the registers out of the UTCB first: printf sends IPC to the
       * log, and that overwrites the message registers. */
      l4_exc_regs_t regs = *l4_utcb_exc();
      printf("handler: exception %lu (%s), ecx = %lu\n", regs.trapno,
             regs.trapno == TRAP_DIVIDE_ERROR ? "divide error" : "other", regs.ecx);
      if (regs.trapno != TRAP_DIVIDE_ERROR)
        return 1;
      regs.ecx = 4;
      printf("handler: set ecx to 4 and resume the worker\n");
      /* Replying with all exception words makes the kernel load them. */
      *l4_utcb_exc() = regs;
      tag = l4_ipc_reply_and_wait(u, l4_msgtag(0, L4_UTCB_EXCEPTION_REGS_SIZE, 0, 0),
                                  &label, L4_IPC_NEVER);
    }
  if (l4_utcb_mr()->mr[0] == DONE)
    printf("handler: worker done\n");
  return 0;
}
