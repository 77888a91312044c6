/* Interrupts as messages. An IRQ object is attached to the main thread;
 * a "device" thread triggers it every 10 ms. Each trigger reaches main as
 * an IPC carrying the label given at attach time. */
#include <l4/re/env.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/irq.h>
#include <l4/sys/kip.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/thread.h>
#include <l4/util/util.h>
#include <stdio.h>

enum { IRQ_LABEL = 0x42, INTERRUPTS = 5, PERIOD_MS = 10 };

static char device_stack[8192] __attribute__((aligned(16)));
static l4_cap_idx_t irq;

/* The "device": raises the interrupt periodically. */
static void device(void)
{
  for (int i = 0; i < INTERRUPTS; ++i)
    {
      l4_sleep(PERIOD_MS);
      l4_irq_trigger(irq);
    }
  for (;;)
    l4_ipc_sleep(L4_IPC_NEVER);
}

static l4_cap_idx_t start_thread(void (*fn)(void), char *stack, unsigned size)
{
  l4re_env_t *e = l4re_env();
  l4_cap_idx_t t = l4re_util_cap_alloc();
  l4_utcb_t *utcb = (l4_utcb_t *)e->first_free_utcb;
  l4_sched_param_t sp = l4_sched_param(3, 0);
  l4_umword_t *stack_top = (l4_umword_t *)(stack + size);

  e->first_free_utcb += L4_UTCB_OFFSET;
  l4_factory_create_thread(e->factory, t);
  l4_thread_control_start();
  l4_thread_control_pager(e->rm);
  l4_thread_control_exc_handler(e->rm);
  l4_thread_control_bind(utcb, L4_BASE_TASK_CAP);
  l4_thread_control_commit(t);
  *--stack_top = 0;
  l4_thread_ex_regs(t, (l4_addr_t)fn, (l4_addr_t)stack_top, 0);
  l4_scheduler_run_thread(e->scheduler, t, &sp);
  return t;
}

int main(void)
{
  l4re_env_t *e = l4re_env();
  l4_umword_t label = 0;
  l4_cpu_time_t start;

  irq = l4re_util_cap_alloc();
  if (l4_error(l4_factory_create_irq(e->factory, irq)) < 0
      || l4_error(l4_irq_attach(irq, IRQ_LABEL, e->main_thread)) < 0)
    {
      printf("cannot set up the IRQ\n");
      return 1;
    }
  start = l4_kip_clock(l4_kip());
  start_thread(device, device_stack, sizeof(device_stack));

  for (int n = 1; n <= INTERRUPTS; ++n)
    {
      l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
      l4_cpu_time_t now = l4_kip_clock(l4_kip());
      if (l4_ipc_error(tag, l4_utcb()))
        return 1;
      printf("interrupt %d: label 0x%lx after %llu ms\n", n, label,
             (now - start) / 1000);
    }
  printf("%d interrupts received\n", INTERRUPTS);
  return 0;
}
