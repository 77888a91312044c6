/* Fixed-priority scheduling with round robin (spec 12): a higher-priority
 * thread made ready runs before the lower one continues; threads of equal
 * priority that never block share the CPU in time slices. */
#include <ktest.h>
#include <kthread.h>
#include <l4/sys/irq.h>

static char stack_h[KTHREAD_STACK_SIZE] __attribute__((aligned(16)));
static char stack_w[KTHREAD_STACK_SIZE] __attribute__((aligned(16)));
static char stack_a[KTHREAD_STACK_SIZE] __attribute__((aligned(16)));
static char stack_b[KTHREAD_STACK_SIZE] __attribute__((aligned(16)));

/* Event log: one character per event, in order. */
static char order[32];
static volatile unsigned norder;
static void note(char c)
{
  if (norder < sizeof(order) - 1)
    order[norder++] = c;
}

static l4_cap_idx_t irq;

static void high(void)
{
  note('H');
  kthread_finish();
}

/* Waits for the IRQ, notes it, twice. */
static void waiter(void)
{
  l4_umword_t label;
  l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
  note('W');
  l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
  note('W');
  kthread_finish();
}

enum { QUANTUM_US = 1000 };
static volatile unsigned long a_spins, b_spins;
static volatile l4_uint64_t a_start, b_start;
static volatile int b_ran;

/* A spins until B has run: only preemption at the end of A's slice lets
 * B run at all. */
static void spinner_a(void)
{
  a_start = kclock();
  while (!b_ran)
    ++a_spins;
  kthread_finish();
}

static void spinner_b(void)
{
  b_start = kclock();
  b_ran = 1;
  while (b_spins < 1000)
    ++b_spins;
  kthread_finish();
}

static int streq(char const *a, char const *b)
{
  while (*a && *a == *b)
    ++a, ++b;
  return *a == *b;
}

int main(void)
{
  l4re_env_t *e = l4re_env();
  kthread_t h, w, a, b;

  ktest_eq("main raises itself to priority 10", kthread_set_prio(e->main_thread, 10), 0);

  note('m');
  ktest_eq("start H at priority 20", kthread_start(&h, high, stack_h, 20, 0), 0);
  note('m');
  ktest_true("H ran as soon as run_thread made it ready", streq(order, "mHm"), order);
  ktest_eq("H finished", kthread_join(&h, 10), 0);

  /* A waiter at priority 20 blocked on an IRQ: each trigger preempts main. */
  norder = 0;
  order[0] = order[1] = order[2] = order[3] = order[4] = 0;
  irq = l4re_util_cap_alloc();
  ktest_ok_tag("create an IRQ", l4_factory_create_irq(e->factory, irq));
  ktest_eq("start waiter at priority 20", kthread_start(&w, waiter, stack_w, 20, 0), 0);
  ktest_ok_tag("attach the IRQ to the waiter", l4_irq_attach(irq, 0x10, w.cap));
  note('m');
  l4_irq_trigger(irq);
  note('m');
  l4_irq_trigger(irq);
  note('m');
  ktest_true("each trigger ran the waiter before main went on", streq(order, "mWmWm"), order);
  ktest_eq("waiter finished", kthread_join(&w, 10), 0);

  /* Round robin at priority 5: main blocks, A and B share the CPU. */
  ktest_eq("start A at priority 5, 1 ms quantum", kthread_start(&a, spinner_a, stack_a, 5, QUANTUM_US), 0);
  ktest_eq("start B at priority 5, 1 ms quantum", kthread_start(&b, spinner_b, stack_b, 5, QUANTUM_US), 0);
  ktest_eq("neither ran while main (priority 10) was ready", a_spins + b_spins, 0);
  ktest_eq("A finishes (B preempted it)", kthread_join(&a, 100), 0);
  ktest_eq("B finishes", kthread_join(&b, 100), 0);
  ktest_true("A spun before B ran", a_spins > 0, "A never ran");
  ktest_range("B got the CPU one quantum after A started",
              (long long)(b_start - a_start), QUANTUM_US - 50, QUANTUM_US + 100);
  return ktest_verdict();
}
