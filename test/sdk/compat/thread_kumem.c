/* A thread started by hand next to libpthread. libpthread owns the task's
 * UTCB area, so l4re_env()->first_free_utcb is ~0UL; the program gets UTCB
 * memory as L4Re programs do: reserve an area with the region manager and
 * have the kernel back it as kernel-user memory (l4_task_add_ku_mem). */
#include <l4/re/env.h>
#include <l4/re/consts.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/c/util/kumem_alloc.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4/sys/utcb.h>
#include <pthread.h>
#include <pthread-l4.h>
#include <stdio.h>

static int failures;
static char stack[8192] __attribute__((aligned(16)));
static l4_cap_idx_t main_cap;

static void check(char const *what, int ok)
{
  if (!ok)
    {
      printf("FAIL: %s\n", what);
      ++failures;
    }
}

static void worker(void)
{
  /* Squares the number it is sent, then reports to main. */
  l4_msgtag_t t;
  l4_umword_t label;
  t = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
  (void)t;
  l4_utcb_mr()->mr[0] = l4_utcb_mr()->mr[0] * l4_utcb_mr()->mr[0];
  l4_ipc_send(main_cap, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER);
  for (;;)
    l4_ipc_sleep(L4_IPC_NEVER);
}

static volatile int started_late;
static int threads_seen;

static void *late_body(void *arg)
{
  started_late = (int)(long)arg;
  return 0;
}

static void count_thread(pthread_t t)
{
  (void)t;
  ++threads_seen;
}

static void *pthread_body(void *arg)
{
  (void)arg;
  return (void *)pthread_l4_cap(pthread_self());
}

int main(void)
{
  l4re_env_t *e = l4re_env();
  l4_addr_t area = 0, kumem = 0;
  l4_fpage_t fp;
  l4_cap_idx_t thread = l4re_util_cap_alloc();
  l4_sched_param_t sp = l4_sched_param(L4RE_MAIN_THREAD_PRIO, 0);
  l4_umword_t *sp_top = (l4_umword_t *)(stack + sizeof(stack));
  l4_msgtag_t t;
  l4_addr_t found;
  unsigned long size;
  l4re_rm_offset_t offset;
  l4re_rm_flags_t flags;
  l4re_ds_t ds;
  pthread_t pt;
  pthread_attr_t attr;
  l4_cap_idx_t pt_cap = L4_INVALID_CAP;
  void *ret = 0;

  main_cap = e->main_thread;
  check("libpthread owns the UTCB area", e->first_free_utcb == ~0UL);

  /* One page of UTCB memory: 8 UTCBs. */
  check("the region manager reserves an area",
        l4re_rm_reserve_area(&area, L4_PAGESIZE, L4RE_RM_F_RESERVED | L4RE_RM_F_SEARCH_ADDR,
                             L4_PAGESHIFT) == 0);
  check("the area is page aligned", area != 0 && (area & (L4_PAGESIZE - 1)) == 0);
  fp = l4_fpage(area, L4_PAGESHIFT, L4_FPAGE_RW);
  check("the kernel adds kernel-user memory there",
        l4_error(l4_task_add_ku_mem(L4RE_THIS_TASK_CAP, &fp)) == 0);
  check("the kernel reports the flexpage it used", l4_fpage_memaddr(fp) == area);

  /* Nothing else may be attached over it. */
  found = area;
  size = 1;
  check("find reports the area as one, not as a region",
        l4re_rm_find(&found, &size, &offset, &flags, &ds) == 0 && found == area
        && (flags & L4RE_RM_F_IN_AREA) && l4_is_invalid_cap(ds));

  check("the factory creates a thread", l4_error(l4_factory_create_thread(e->factory, thread)) == 0);
  l4_thread_control_start();
  l4_thread_control_pager(e->rm);
  l4_thread_control_exc_handler(e->rm);
  l4_thread_control_bind((l4_utcb_t *)area, L4RE_THIS_TASK_CAP);
  check("the thread is bound to the new UTCB", l4_error(l4_thread_control_commit(thread)) == 0);
  *--sp_top = 0;
  check("ex_regs sets ip and sp",
        l4_error(l4_thread_ex_regs(thread, (l4_addr_t)worker, (l4_addr_t)sp_top, 0)) == 0);
  check("the scheduler runs it", l4_error(l4_scheduler_run_thread(e->scheduler, thread, &sp)) == 0);

  l4_utcb_mr()->mr[0] = 12;
  t = l4_ipc_send(thread, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER);
  check("the worker takes the request", l4_error(t) == 0);
  t = l4_ipc_receive(thread, l4_utcb(), L4_IPC_NEVER);
  check("the worker answers", l4_error(t) == 0);
  check("12 squared is 144", l4_utcb_mr()->mr[0] == 144);

  /* The same through the kumem allocator of l4re_c/util. */
  check("l4re_util_kumem_alloc gives two pages",
        l4re_util_kumem_alloc(&kumem, 1, L4RE_THIS_TASK_CAP, e->rm) == 0);
  check("they lie elsewhere", kumem != 0 && kumem != area && (kumem & (2 * L4_PAGESIZE - 1)) == 0);

  /* pthreads still work and know their kernel thread. */
  check("pthread_create works", pthread_create(&pt, NULL, pthread_body, NULL) == 0);
  pt_cap = pthread_l4_cap(pt);
  check("pthread_l4_cap names a thread", l4_is_valid_cap(pt_cap));
  check("pthread_l4_utcb lies in kernel-user memory or the UTCB area", pthread_l4_utcb(pt) != NULL);
  check("pthread_join works", pthread_join(pt, &ret) == 0);
  check("the thread saw its own capability", ret == (void *)pt_cap);
  check("the main thread's UTCB is ours", pthread_l4_utcb(pthread_self()) == l4_utcb());

  /* A thread created stopped runs only on pthread_l4_start. */
  check("pthread_attr_init", pthread_attr_init(&attr) == 0);
  attr.create_flags |= PTHREAD_L4_ATTR_NO_START;
  check("a stopped thread is created", pthread_create(&pt, &attr, late_body, (void *)1L) == 0);
  l4_ipc_sleep_ms(2);
  check("it has not run", started_late == 0);
  pthread_l4_for_each_thread(count_thread);
  check("pthread_l4_for_each_thread sees main and the stopped thread", threads_seen == 2);
  check("pthread_l4_start runs it with a new start routine",
        pthread_l4_start(pt, late_body, (void *)7L) == 0);
  check("starting it twice fails", pthread_l4_start(pt, late_body, (void *)8L) != 0);
  check("it is joined", pthread_join(pt, NULL) == 0);
  check("it ran with the argument given to pthread_l4_start", started_late == 7);

  printf("thread_kumem: %s\n", failures ? "FAILED" : "ok");
  return failures != 0;
}
