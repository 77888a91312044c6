/* Thread creation (spec 9.1, 9.3, 9.4): factory, control (bind to the own
 * task with a UTCB from first_free_utcb), ex_regs, run_thread; the new
 * thread runs with its own UTCB; stats, ex_regs_ret, switch, naming. */
#include <ktest.h>
#include <kthread.h>
#include <l4/sys/debugger.h>

static char stack_a[KTHREAD_STACK_SIZE] __attribute__((aligned(16)));
static char stack_b[KTHREAD_STACK_SIZE] __attribute__((aligned(16)));
static volatile l4_addr_t a_utcb, a_fs_utcb;
static volatile l4_addr_t a_sp;
static volatile unsigned a_runs;
static volatile unsigned long b_spins;

static void thread_a(void)
{
  int local;
  a_utcb = (l4_addr_t)l4_utcb();
  a_sp = (l4_addr_t)&local;
  ++a_runs;
  kthread_finish();
}

/* Where ex_regs moves B to. */
static void thread_b_parked(void)
{
  kthread_finish();
}

/* Spins (consuming CPU time) until ex_regs moves it elsewhere. */
static void thread_b(void)
{
  for (;;)
    ++b_spins;
}

int main(void)
{
  l4re_env_t *e = l4re_env();
  l4_addr_t first_utcb = e->first_free_utcb;
  kthread_t a, b;
  l4_addr_t ip, sp;
  l4_umword_t flags;
  l4_kernel_clock_t us = 0;
  l4_sched_cpu_set_t cpus = l4_sched_cpu_set(0, 0, 1);
  l4_umword_t cpu_max = 0;
  l4_msgtag_t tag;

  ktest_true("first_free_utcb is in the UTCB area",
             first_utcb >= l4_fpage_page(e->utcb_area) << 12
             && first_utcb < (l4_fpage_page(e->utcb_area) << 12) + (1UL << l4_fpage_size(e->utcb_area)),
             "outside utcb_area");
  ktest_eq("thread A starts", kthread_start(&a, thread_a, stack_a, 3, 0), 0);
  if (a.failed)
    printf("# failed step: %s\n", a.failed);
  ktest_eq("A's UTCB is first_free_utcb", a.utcb, first_utcb);
  ktest_eq("first_free_utcb advanced by L4_UTCB_OFFSET", e->first_free_utcb, first_utcb + L4_UTCB_OFFSET);
  ktest_eq("A finishes", kthread_join(&a, 100), 0);
  ktest_eq("A ran once", a_runs, 1);
  ktest_eq("A's l4_utcb() is its bound UTCB", a_utcb, first_utcb);
  ktest_true("A ran on its own stack",
             a_sp >= (l4_addr_t)stack_a && a_sp < (l4_addr_t)stack_a + KTHREAD_STACK_SIZE,
             "stack pointer outside stack_a");

  /* B spins at a lower priority than main; main sleeps so B gets the CPU. */
  ktest_eq("thread B starts", kthread_start(&b, thread_b, stack_b, 1, 0), 0);
  l4_sleep(2);
  ktest_true("B ran while main slept", b_spins > 0, "B never ran");
  tag = l4_thread_stats_time(b.cap, &us);
  ktest_ok_tag("thread stats", tag);
  ktest_range("B consumed about 2 ms of CPU time", (long long)us, 1500, 2100);

  ip = ~0UL;
  sp = ~0UL;
  flags = 0;
  tag = l4_thread_ex_regs_ret(b.cap, &ip, &sp, &flags);
  ktest_ok_tag("ex_regs_ret reads B's registers", tag);
  ktest_true("B's old ip is in thread_b",
             ip >= (l4_addr_t)thread_b && ip < (l4_addr_t)thread_b + 64, "ip elsewhere");
  ktest_true("B's old sp is on its stack",
             sp >= (l4_addr_t)stack_b && sp < (l4_addr_t)stack_b + KTHREAD_STACK_SIZE, "sp elsewhere");
  ktest_true("eflags has the reserved bit 1 set", (flags & 2) != 0, "bit 1 clear");

  tag = l4_thread_ex_regs(b.cap, (l4_addr_t)thread_b_parked, ~0UL, 0);
  ktest_ok_tag("ex_regs moves B to another function", tag);
  ktest_eq("B arrives there and finishes", kthread_join(&b, 100), 0);

  tag = l4_thread_switch(b.cap);
  ktest_ok_tag("thread switch to a blocked thread", tag);
  ktest_true("l4_thread_yield returns (RETIMEOUT)",
             l4_ipc_error(l4_thread_yield(), l4_utcb()) == L4_IPC_RETIMEOUT, "other error");

  tag = l4_scheduler_info(e->scheduler, &cpu_max, &cpus);
  ktest_ok_tag("scheduler info", tag);
  ktest_true("at least one CPU", cpu_max >= 1, "cpu_max 0");
  ktest_eq("CPU 0 is online", cpus.map & 1, 1);
  ktest_eq("l4_scheduler_is_online(0)", l4_scheduler_is_online(e->scheduler, 0), 1);

  tag = l4_debugger_set_object_name(a.cap, "worker-a");
  ktest_ok_tag("debugger: name thread A", tag);
  return ktest_verdict();
}
